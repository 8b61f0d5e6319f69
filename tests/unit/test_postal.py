"""The postal convocations (issue 20, Code de commerce R225-63 / R225-67 / R225-68): the batch of
letters is one letter per addressee, each starting on its own page with the addressee in the envelope
window, the text intact (French accents, €), the missing addresses flagged, the same bytes for the
same batch; the deposit list numbers and counts the envelopes. Read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from notifications import postal
from notifications.postal import MISSING_ADDRESS, Letter, Sender, letters_pdf, post_office_list_pdf

CREATED = datetime(2026, 12, 20, 9, 30, tzinfo=UTC)
TITLE = "Convocations — Assemblée générale ordinaire du 19 janvier 2027"
SENDER = Sender("Drôme Coopère", ("12 rue de l'Église", "26000 Valence"))
MM = 72 / 25.4  # points per millimetre


def convocation(name: str, paragraphs: int = 1) -> str:
    body = "\n\n".join(
        "Vous êtes convoqué·e à l'Assemblée générale ordinaire qui se tiendra le 19 janvier 2027 à 18:00 "
        "(heure de Paris), salle des fêtes, 3 place de la Mairie, 26000 Valence. Chaque membre dispose "
        "des documents prévus par la loi quinze jours au moins avant la réunion." for _ in range(paragraphs))
    return (f"# Convocation\n\nBonjour {name},\n\n{body}\n\n# Ordre du jour\n\n"
            "- Approbation des comptes de l'exercice 2026 (résultat : 12 345,67 €)\n"
            "- Affectation du résultat\n\nLe secrétariat,\nNadia Benali\n")


LETTERS = (
    Letter("Régie de quartier", ("Appartement 12", "8 avenue de l'Œuvre", "75011 Paris"),
           convocation("Régie de quartier"), "AGO 2027-01-19 / membre 3f2a0c1d"),
    Letter("SCOP Les Jardins — représentée par Paul Durand", (), convocation("Paul Durand", paragraphs=12),
           "AGO 2027-01-19 / membre 77b1e9a0"),
    Letter("Zoé Lefèvre", ("4 chemin des Vignes", "26400 Crest"), convocation("Zoé Lefèvre"),
           "AGO 2027-01-19 / membre c0ffee42"),
)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, its whitespace collapsed (wrapped lines read as one)."""
    return [" ".join(page.extract_text().split()) for page in read(pdf).pages]


@pytest.fixture(scope="module")
def letters() -> bytes:
    return letters_pdf(SENDER, LETTERS, title=TITLE, created=CREATED)


def test_the_letters_text_is_there_with_its_accents_and_the_euro_sign(letters: bytes) -> None:
    text = " ".join(pages_text(letters))
    assert "Assemblée générale ordinaire" in text
    assert "12 345,67 €" in text
    assert "Bonjour Zoé Lefèvre," in text
    assert "8 avenue de l'Œuvre" in text
    assert "convoqué·e" in text


def test_the_text_marks_become_layout_not_characters(letters: bytes) -> None:
    text = " ".join(pages_text(letters))
    assert "Ordre du jour" in text and "# Ordre du jour" not in text and "# Convocation" not in text
    assert "• Affectation du résultat" in text and "- Affectation" not in text


def test_each_letter_starts_on_its_own_page_with_its_addressee(letters: bytes) -> None:
    pages = pages_text(letters)
    assert len(pages) >= len(LETTERS)
    firsts = [index for index, page in enumerate(pages) if re.search(r"page 1 / \d+", page)]
    assert len(firsts) == len(LETTERS)
    for index, letter in zip(firsts, LETTERS):
        page = pages[index]
        assert letter.member_name in page and letter.reference in page and SENDER.name in page
        others = [other.member_name for other in LETTERS if other is not letter]
        assert not any(other in page for other in others)


def test_each_letter_is_numbered_within_itself(letters: bytes) -> None:
    pages = pages_text(letters)
    footers = [re.search(r"(AGO 2027-01-19 / membre \w+) page (\d+) / (\d+)", page).groups() for page in pages]
    long_letter = LETTERS[1].reference
    long_pages = [(number, total) for reference, number, total in footers if reference == long_letter]
    assert len(long_pages) >= 2, "the long letter should take several pages"
    total = str(len(long_pages))
    assert long_pages == [(str(n), total) for n in range(1, len(long_pages) + 1)]
    assert [(reference, number, total) for reference, number, total in footers if reference != long_letter] == [
        (LETTERS[0].reference, "1", "1"), (LETTERS[2].reference, "1", "1")]


def test_a_missing_address_is_flagged_in_the_address_block(letters: bytes) -> None:
    pages = pages_text(letters)
    flagged = [page for page in pages if MISSING_ADDRESS in page]
    assert len(flagged) == 1
    assert LETTERS[1].member_name in flagged[0]


def test_the_addressee_sits_in_the_window_of_a_dl_envelope(letters: bytes) -> None:
    """About 100 mm from the left edge and 50 mm from the top of the sheet (the window of a DL
    envelope once the letter is folded in three)."""
    page = read(letters).pages[0]
    height = float(page.mediabox.height)
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if "Régie de quartier" in text and not found:
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    assert found, "the addressee's name was not found on the first page"
    x, y = found[0]
    assert 95 <= x / MM <= 110
    assert 45 <= (height - y) / MM <= 60


def test_the_same_batch_gives_the_same_bytes(letters: bytes) -> None:
    assert letters_pdf(SENDER, LETTERS, title=TITLE, created=CREATED) == letters
    later = letters_pdf(SENDER, LETTERS, title=TITLE, created=datetime(2026, 12, 21, 9, 30, tzinfo=UTC))
    assert later != letters
    rows = [(letter.member_name, letter.address_lines) for letter in LETTERS]
    assert (post_office_list_pdf(SENDER, rows, title=TITLE, created=CREATED)
            == post_office_list_pdf(SENDER, rows, title=TITLE, created=CREATED))


def test_the_metadata_are_minimal_and_nothing_active_is_inside(letters: bytes) -> None:
    reader = read(letters)
    assert dict(reader.metadata) == {"/Title": TITLE, "/Producer": "Collegia", "/CreationDate": "D:20261220093000Z"}
    catalog = reader.trailer["/Root"]
    assert not {"/AA", "/AcroForm", "/Names", "/Outlines", "/Metadata"} & set(catalog.keys())
    # fpdf2 always opens on a view of the first page: a destination, not an action that could run
    assert list(catalog["/OpenAction"])[1:] == ["/Fit"]
    assert catalog["/OpenAction"][0].idnum == reader.pages[0].indirect_reference.idnum
    assert not any("/Annots" in page or "/AA" in page for page in reader.pages)
    assert b"/JavaScript" not in letters and b"/EmbeddedFile" not in letters


def test_the_members_text_is_printed_as_written(letters: bytes) -> None:
    """fpdf2 would put the page count in place of "{nb}": not in a member's letter."""
    letter = Letter("Nadia Benali", ("1 rue Haute", "26000 Valence"), "Votre code : {nb} — à conserver.", "réf")
    assert "Votre code : {nb} — à conserver." in " ".join(
        pages_text(letters_pdf(SENDER, [letter], title=TITLE, created=CREATED)))


def test_no_letter_gives_a_page_saying_so() -> None:
    pages = pages_text(letters_pdf(SENDER, [], title=TITLE, created=CREATED))
    assert pages == [postal.NO_LETTER]


def test_the_post_office_list_numbers_and_counts_the_envelopes() -> None:
    rows = [(letter.member_name, letter.address_lines) for letter in LETTERS]
    text = " ".join(pages_text(post_office_list_pdf(SENDER, rows, title=TITLE, created=CREATED)))
    assert "Liste de dépôt" in text and "Établie le 20 décembre 2026" in text and SENDER.name in text
    assert "Nombre de plis : 3" in text
    assert "Déposé le" in text and "à La Poste" in text
    assert "1 Régie de quartier Appartement 12 8 avenue de l'Œuvre 75011 Paris" in text
    assert f"2 SCOP Les Jardins — représentée par Paul Durand {MISSING_ADDRESS}" in text
    assert "3 Zoé Lefèvre 4 chemin des Vignes 26400 Crest" in text
    assert "Dont 1 sans adresse postale" in text


def test_a_long_post_office_list_runs_over_pages_and_counts_them_all() -> None:
    rows = [(f"Membre {number:03}", ("1 rue Haute", "26000 Valence")) for number in range(1, 121)]
    pages = pages_text(post_office_list_pdf(SENDER, rows, title=TITLE, created=CREATED))
    assert len(pages) > 1
    text = " ".join(pages)
    assert "Nombre de plis : 120" in text and "120 Membre 120 1 rue Haute" in text
    assert f"page {len(pages)} / {len(pages)}" in pages[-1]
    assert all("N° Destinataire Adresse" in page for page in pages[:-1])


@pytest.fixture
def no_font_file(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(postal, "FONT_CANDIDATES", ())
    postal.font_files.cache_clear()
    yield
    postal.font_files.cache_clear()


def test_without_a_font_file_the_core_font_still_prints_french_and_the_euro(no_font_file: None) -> None:
    assert postal.font_files() is None
    pdf = letters_pdf(SENDER, LETTERS[:1], title=TITLE, created=CREATED)
    text = " ".join(pages_text(pdf))
    assert "Assemblée générale ordinaire" in text and "12 345,67 €" in text and "l'Œuvre" in text
    assert b"/FontFile2" not in pdf  # nothing embedded: the viewer's Helvetica


def test_the_system_font_is_embedded_when_there_is_one(letters: bytes) -> None:
    assert postal.font_files() is not None, "no DejaVu or Liberation font: apt-get install fonts-dejavu-core"
    assert b"/FontFile2" in letters
