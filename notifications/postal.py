"""Convocations by post (issue 20): the print-ready batch of letters and La Poste's deposit list.

A member who did not consent to being convened by e-mail is convened by ordinary or registered
letter (Code de commerce R225-63, R225-67, R225-68). `letters_pdf` lays out one A4 letter per
addressee, each starting on its own page, the address placed in the window of a French DL envelope;
`post_office_list_pdf` is the numbered list of the envelopes handed over at the post office, with
their count and a line to fill in when they are deposited.

Both are plain PDF (fpdf2): text and lines, one embedded TrueType font, no JavaScript, no
attachments, no form; metadata limited to the title and the producer "Collegia". The bytes depend on
the inputs only (the creation date is the one given, the file identifier a hash of the content), so
the same batch gives the same fingerprint.

The font is DejaVu Sans from the system (Debian's `fonts-dejavu-core`, which the project already
installs for the minutes' PDF), else Liberation Sans; without either, the PDF core font Helvetica in
Windows-1252 (French accents, œ and € still printed; any other character becomes "?").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from governance import clock

MISSING_ADDRESS = "Adresse postale manquante — à compléter avant l'envoi"
NO_LETTER = "Aucune convocation à envoyer par la poste."
PRODUCER = "Collegia"

# (regular, bold) TrueType files, first found wins: Debian / Ubuntu (fonts-dejavu-core), Fedora,
# Arch, then Liberation Sans (Debian's fonts-liberation).
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)
CORE_FONT = "helvetica"
CORE_ENCODING = "windows-1252"  # latin-1 plus €, œ, Œ, typographic quotes and dashes

# Page geometry, in millimetres, A4 portrait (210 × 297).
LEFT = 20.0
RIGHT = 20.0
TOP = 15.0
BOTTOM = 20.0
BODY_WIDTH = 210.0 - LEFT - RIGHT
FOOTER_Y = 297.0 - 13.0
# The addressee block, read through the window of a DL envelope (110 × 220 mm) with the usual French
# window of 100 × 45 mm, 20 mm from the envelope's right edge and 15 mm from its bottom; the block
# itself follows La Poste's addressing rules (AFNOR XP Z 10-011: at most 6 lines of 38 characters,
# left-aligned, no blank line). An A4 sheet folded in three (panels of 99 mm) can shift up to 11 mm
# inside the 110 mm envelope, so the window always shows the sheet from about 50 to 84 mm from the top
# and 95 to 195 mm from the left: the block starts 100 mm from the left and 50 mm from the top, is
# 90 mm wide, and six lines of 10 pt end before 80 mm. Fold marks at 99 and 198 mm in the left margin.
ADDRESS_X = 100.0
ADDRESS_Y = 50.0
ADDRESS_WIDTH = 90.0
ADDRESS_LINE = 4.6
FOLDS = (99.0, 198.0)
BODY_Y = 105.0  # the text begins below the first fold

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CORE_REPLACEMENTS = str.maketrans({"\u202f": "\u00a0", "\u2009": " ", "\u2007": " ", "\u2010": "-",
                                    "\u2011": "-", "\u2212": "-", "\u2192": "->", "\u2264": "<=",
                                    "\u2265": ">="})


@dataclass(frozen=True)
class Letter:
    """One convocation: its addressee, the address (empty when unknown), the text (plain, paragraphs
    separated by blank lines, "- " list items, "# " headings) and a reference for the footer."""

    member_name: str
    address_lines: tuple[str, ...]
    text: str
    reference: str


@dataclass(frozen=True)
class Sender:
    """The pole convening: its name and registered office."""

    name: str
    address_lines: tuple[str, ...]


def letters_pdf(sender: Sender, letters: Sequence[Letter], *, title: str, created: datetime) -> bytes:
    """The convocation letters, one after the other, each starting on a new page and numbered
    "page n / m" within itself in the footer beside its reference."""

    def draw(pdf: _Pdf) -> None:
        if not letters:
            pdf.add_page()
            pdf.set_xy(LEFT, TOP)
            pdf.style(size=11)
            pdf.lines(BODY_WIDTH, 6, NO_LETTER)
        for letter in letters:
            pdf.part(letter.reference)
            _letter(pdf, sender, letter)

    return _render(draw, title=title, created=created)


def post_office_list_pdf(sender: Sender, rows: Sequence[tuple[str, tuple[str, ...]]], *, title: str,
                         created: datetime) -> bytes:
    """La Poste's deposit list ("Liste de dépôt"): the envelopes numbered with their addressee and
    address, their count, and the lines to fill in at the post office."""

    def draw(pdf: _Pdf) -> None:
        pdf.part(f"Liste de dépôt — {title}")
        _sender_block(pdf, sender)
        pdf.set_xy(LEFT, max(pdf.get_y() + 10, 45.0))
        pdf.style(bold=True, size=14)
        pdf.lines(BODY_WIDTH, 7, "Liste de dépôt")
        pdf.style(bold=True, size=11)
        pdf.lines(BODY_WIDTH, 5.5, title)
        pdf.style(size=10)
        pdf.lines(BODY_WIDTH, 5, f"Établie le {_day(created)}")
        pdf.ln(5)
        pdf.style(size=9.5)
        with pdf.table(col_widths=(12, 62, 96), line_height=4.8, first_row_as_headings=True,
                       text_align=("RIGHT", "LEFT", "LEFT"), v_align="TOP", padding=1.2) as table:
            table.row(["N°", "Destinataire", "Adresse"])
            for number, (name, address) in enumerate(rows, start=1):
                lines = [pdf.clean(line) for line in address if line.strip()]
                table.row([str(number), pdf.clean(name), "\n".join(lines) if lines else pdf.clean(MISSING_ADDRESS)])
        pdf.ln(6)
        pdf.style(bold=True, size=11)
        pdf.lines(BODY_WIDTH, 6, f"Nombre de plis : {len(rows)}")
        missing = sum(1 for _, address in rows if not any(line.strip() for line in address))
        if missing:
            pdf.style(size=10)
            pdf.lines(BODY_WIDTH, 5, f"Dont {missing} sans adresse postale : à compléter avant le dépôt.")
        if pdf.will_page_break(45):
            pdf.add_page()
        pdf.ln(8)
        pdf.style(size=11)
        for line in ("Déposé le ____________________ à La Poste de ____________________",
                     "", "Nom et signature de la personne qui dépose :", "", "", "Cachet de La Poste :"):
            pdf.lines(BODY_WIDTH, 6, line)

    return _render(draw, title=title, created=created)


# --- the letter ---------------------------------------------------------------------------------


def _letter(pdf: _Pdf, sender: Sender, letter: Letter) -> None:
    pdf.set_draw_color(150)
    pdf.set_line_width(0.2)
    for y in FOLDS:
        pdf.line(4, y, 9, y)
    _sender_block(pdf, sender)
    sender_bottom = pdf.get_y()

    pdf.set_xy(ADDRESS_X, ADDRESS_Y)
    pdf.style(size=10)
    address = [line for line in letter.address_lines if line.strip()]
    for line in [*letter.member_name.splitlines(), *address]:
        if line.strip():
            pdf.set_x(ADDRESS_X)
            pdf.lines(ADDRESS_WIDTH, ADDRESS_LINE, line)
    if not address:
        pdf.style(bold=True, size=10)
        pdf.set_x(ADDRESS_X)
        pdf.lines(ADDRESS_WIDTH, ADDRESS_LINE, MISSING_ADDRESS, border=1)
    pdf.set_xy(LEFT, max(BODY_Y, pdf.get_y() + 10, sender_bottom + 10))
    _body(pdf, letter.text)


def _sender_block(pdf: _Pdf, sender: Sender) -> None:
    pdf.set_xy(LEFT, TOP)
    pdf.style(bold=True, size=11)
    pdf.lines(75, 5, sender.name)
    pdf.style(size=9)
    for line in sender.address_lines:
        if line.strip():
            pdf.lines(75, 4.2, line)


def _body(pdf: _Pdf, text: str) -> None:
    """Plain text: a blank line separates paragraphs, each other line is kept as a line (wrapped to
    the width), "- " starts a list item (bullet, hanging indent), "# " a heading."""
    gap = False
    first = True
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            gap = True
            continue
        if gap and not first:
            pdf.ln(2.6)
        gap = False
        if line.startswith("# "):
            if not first:
                pdf.ln(1.5)
            if pdf.will_page_break(16):  # a heading is not left alone at the bottom of a page
                pdf.add_page()
            pdf.style(bold=True, size=12)
            pdf.lines(BODY_WIDTH, 6, line[2:].strip())
            pdf.ln(1)
        elif line.startswith("- "):
            pdf.style(size=10.5)
            if pdf.will_page_break(5):
                pdf.add_page()
            y = pdf.get_y()
            pdf.set_xy(LEFT + 3, y)
            pdf.cell(5, 5, pdf.clean("•"))
            pdf.set_xy(LEFT + 8, y)
            pdf.lines(BODY_WIDTH - 8, 5, line[2:].strip())
        else:
            pdf.style(size=10.5)
            pdf.lines(BODY_WIDTH, 5, line)
        first = False


# --- the document -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def font_files() -> tuple[str, str] | None:
    """The (regular, bold) TrueType files used, or None for the core font (bold falls back to the
    regular file when only that one is there)."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else regular
    return None


class _Pdf(FPDF):
    """An A4 document whose pages belong to parts (a letter, the list), each footer showing its
    part's reference and "page n / m" within the part."""

    def __init__(self, fonts: tuple[str, str] | None, labels: dict[int, tuple[str, int, int]]) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.labels = labels
        self.starts: list[int] = []
        self.references: list[str] = []
        self.alias_nb_pages(None)  # no "{nb}" substitution in the members' texts
        self.set_margins(LEFT, BOTTOM, RIGHT)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.ttf = fonts is not None
        if fonts is not None:
            self.add_font("body", "", fonts[0])
            self.add_font("body", "B", fonts[1])
            self.body_font = "body"
        else:
            self.core_fonts_encoding = CORE_ENCODING
            self.body_font = CORE_FONT
        self.set_text_color(0)

    def part(self, reference: str) -> None:
        """Start a new part on a new page."""
        self.add_page()
        self.starts.append(self.page)
        self.references.append(reference)

    def style(self, *, bold: bool = False, size: float = 10.5) -> None:
        self.set_font(self.body_font, "B" if bold else "", size)

    def clean(self, text: str) -> str:
        """The text without control characters; for the core font, in Windows-1252 ("?" for the rest)."""
        text = _CONTROL.sub("", text.replace("\t", "    "))
        if self.ttf:
            return text
        text = text.translate(_CORE_REPLACEMENTS)
        return text.encode(CORE_ENCODING, errors="replace").decode(CORE_ENCODING)

    def lines(self, width: float, height: float, text: str, border: int = 0) -> None:
        """`text` left-aligned and wrapped in `width` from the current position (lines of `height`),
        then back to the left margin on the next line."""
        self.multi_cell(width, height, self.clean(text), border=border, new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                        align="L")

    def footer(self) -> None:
        label = self.labels.get(self.page)
        if label is None:
            return
        reference, number, total = label
        self.set_font(self.body_font, "", 7.5)
        self.set_text_color(90)
        self.set_xy(LEFT, FOOTER_Y)
        self.cell(BODY_WIDTH - 25, 4, _fit(self, reference, BODY_WIDTH - 27))
        self.set_xy(210.0 - RIGHT - 25, FOOTER_Y)
        self.cell(25, 4, f"page {number} / {total}", align="R")
        self.set_text_color(0)

    def page_labels(self) -> dict[int, tuple[str, int, int]]:
        """For each page, its part's reference, its number within the part and the part's length."""
        labels = {}
        ends = [*self.starts[1:], self.page + 1]
        for reference, start, end in zip(self.references, self.starts, ends):
            for page in range(start, end):
                labels[page] = (reference, page - start + 1, end - start)
        return labels


def _fit(pdf: _Pdf, text: str, width: float) -> str:
    """`text` shortened with "…" to fit in `width` (the footer is one line)."""
    text = pdf.clean(text)
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _render(draw: Callable[[_Pdf], None], *, title: str, created: datetime) -> bytes:
    """Lay the document out twice: the first time to learn how many pages each part takes (its
    footers say "page n / m"), the second time with those footers; the layout is the same."""
    fonts = font_files()
    first = _Pdf(fonts, {})
    draw(first)
    pdf = _Pdf(fonts, first.page_labels())
    pdf.set_title(pdf.clean(title))
    pdf.set_producer(PRODUCER)
    pdf.set_lang("fr")
    pdf.set_display_mode("fullpage")  # fpdf2 always writes an /OpenAction: a view of page 1, no script
    pdf.set_creation_date(created if created.tzinfo else created.replace(tzinfo=UTC))
    draw(pdf)
    return bytes(pdf.output())


def _day(instant: datetime) -> str:
    """'19 janvier 2027', in Paris time."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return format_date(instant.astimezone(clock.PARIS), "d MMMM y", locale="fr_FR")
