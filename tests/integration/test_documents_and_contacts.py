"""Issue 20's storage, on SQLite and PostgreSQL: the assemblies' documents (checked by extension and content,
stored once per content, loaded only if they still hash to their key) and the members' postal addresses
(cleaned, bounded, erasable), in tables made by Alembic revision 0007."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from typing import Iterator

import pytest
from fpdf import FPDF
from PIL import Image
from sqlalchemy import Engine, func, inspect, select, text, update

import migrations
from governance.base import clean_name
from governance.errors import InvalidInput
from infrastructure import documents as d
from infrastructure.accounts_tables import documents, member_contacts
from infrastructure.contacts import (MAX_ADDRESS_LINES, InvalidAddress, postal_address, postal_addresses,
                                     set_postal_address)
from infrastructure.documents import (ALLOWED_TYPES, MAX_DOCUMENT_BYTES, DocumentCorrupted, DocumentRefused,
                                      check_document, load_document, store_document)
from infrastructure.system import bootstrap, read_model_engine

POLE, OTHER_POLE = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
MEMBER, OTHER_MEMBER = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
CONTENT_MISMATCH = "the file's content does not match its type"


@pytest.fixture
def engine(make_settings, backend: str) -> Iterator[Engine]:
    """An empty read-model database brought to the head revision (so the tables are revision 0007's)."""
    settings = make_settings(backend)
    settings.event_store_env()  # makes the SQLite directory
    built = read_model_engine(settings)
    with built.begin() as conn:
        migrations.upgrade(conn)
    yield built
    built.dispose()


# -- sample files, made as the programs that write them do -------------------------------------------------

def pdf() -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Comptes annuels 2026")
    return bytes(document.output())


def image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def opendocument(mimetype: str | None) -> bytes:
    """An ODF package: its `mimetype` entry first and stored, then the content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype is not None:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
    return buffer.getvalue()


def office(main_type: str | None, *, macros: bool = False) -> bytes:
    """An Office Open XML package whose `[Content_Types].xml` declares `main_type` for its main part."""
    overrides = f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>' if main_type else ""
    if macros:
        overrides += '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(44)


def pe() -> bytes:
    """A Windows executable's headers: "MZ", the PE header's offset at 0x3C, "PE\\0\\0" there."""
    header = bytearray(b"MZ" + bytes(0x7E))
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    return bytes(header) + b"PE\x00\x00" + bytes(20)


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(DocumentRefused) as refused:
        check_document(name, content)
    return refused.value.message


# -- what is accepted ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, media_type", [
    ("Comptes 2026.pdf", pdf(), "application/pdf"),
    ("plan.PNG", image("PNG"), "image/png"),
    ("photo.jpg", image("JPEG"), "image/jpeg"),
    ("photo.jpeg", image("JPEG"), "image/jpeg"),
    ("rapport.odt", opendocument(d.ODT), d.ODT),
    ("budget.ods", opendocument(d.ODS), d.ODS),
    ("slides.odp", opendocument(d.ODP), d.ODP),
    ("rapport.docx", office(d.DOCX + ".main+xml"), d.DOCX),
    ("budget.xlsx", office(d.XLSX + ".main+xml"), d.XLSX),
    ("slides.pptx", office(d.PPTX + ".main+xml"), d.PPTX),
    ("ordre du jour.txt", "Ordre du jour : comptes, quitus, élections.\n".encode(), "text/plain"),
    ("candidats.csv", "\ufeffnom;collège\nRégie Alpha;a\n".encode(), "text/csv"),  # Excel's "CSV UTF-8"
    ("MZ.txt", b"MZ Conseil, rapport du commissaire aux comptes, " * 3, "text/plain"),  # "MZ" but no program
])
def test_the_files_of_a_convocation_are_accepted_with_their_type(name: str, content: bytes, media_type: str) -> None:
    assert check_document(name, content) == (media_type, name)


def test_every_allowed_type_has_its_extensions_and_a_content_check() -> None:
    assert set(ALLOWED_TYPES) == {"application/pdf", d.ODT, d.ODS, d.ODP, d.DOCX, d.XLSX, d.PPTX, "text/plain",
                                  "text/csv", "image/png", "image/jpeg"}
    assert all(exts and all(e.startswith(".") and e == e.lower() for e in exts) for exts in ALLOWED_TYPES.values())
    for media_type in ALLOWED_TYPES:  # a nonsense content of each type is refused (no type goes unchecked)
        with pytest.raises(DocumentRefused):
            d.check_content(media_type, b"\x00\x01 nothing of the kind")


# -- what is refused -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["outil.exe", "page.html", "dessin.svg", "script.js", "archive.zip",
                                  "macros.docm", "sans extension", ".pdf"])
def test_other_kinds_of_file_are_refused_by_their_name(name: str) -> None:
    assert refusal(name, b"%PDF-1.7 whatever") == (
        "this kind of file is not accepted (PDF, OpenDocument, Office, text, CSV, PNG, JPEG)")


@pytest.mark.parametrize("name, content", [
    ("comptes.pdf", image("PNG")),  # a PNG named .pdf
    ("plan.png", pdf()),
    ("photo.jpg", image("PNG")),
    ("rapport.odt", opendocument(d.ODS)),  # a spreadsheet named as a text
    ("rapport.odt", opendocument(None)),  # a zip without the ODF's mimetype
    ("rapport.odt", office(d.DOCX + ".main+xml")),
    ("rapport.docx", office(d.XLSX + ".main+xml")),
    ("rapport.docx", office("application/vnd.ms-word.document.macroEnabled.main+xml")),  # a .docm renamed
    ("rapport.docx", office(d.DOCX + ".main+xml", macros=True)),
    ("rapport.docx", office(None)),
    ("rapport.docx", office(d.DOCX + ".main+xml")[:200]),  # a truncated archive
    ("rapport.docx", pdf()),
    ("page.txt", b"plain text\x00with a NUL"),
])
def test_a_content_that_is_not_what_its_name_says_is_refused(name: str, content: bytes) -> None:
    assert refusal(name, content) == CONTENT_MISMATCH


@pytest.mark.parametrize("name", ["comptes.pdf", "comptes.txt", "comptes.docx"])
@pytest.mark.parametrize("program", [elf, pe])
def test_a_program_is_refused_whatever_its_name(name: str, program) -> None:
    assert refusal(name, program()) == "programs are not accepted"


def test_a_text_not_in_utf8_is_refused_saying_so() -> None:
    latin1 = "nom;collège\nRégie Alpha;a\n".encode("cp1252")  # Excel's plain "CSV" in France
    assert "UTF-8" in refusal("candidats.csv", latin1)


def test_an_empty_file_is_refused() -> None:
    assert refusal("vide.txt", b"") == "the file is empty"


def test_a_document_holds_at_most_20_mb() -> None:
    assert MAX_DOCUMENT_BYTES == 20 * 1024 * 1024
    assert check_document("grand.txt", b"a" * MAX_DOCUMENT_BYTES)[0] == "text/plain"
    with pytest.raises(DocumentRefused) as refused:
        check_document("trop grand.pdf", b"%PDF-" + b"a" * (MAX_DOCUMENT_BYTES - 4))
    assert refused.value.message == "a document holds at most 20 MB (this one: 20.0 MB)"
    assert refused.value.template.startswith("a document holds at most {maximum} MB")  # what the pages translate
    assert isinstance(refused.value, InvalidInput)  # a 422 on the web's one edge


# -- names -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, cleaned", [
    ("C:\\Users\\claire\\Documents\\Rapport moral.pdf", "Rapport moral.pdf"),  # a browser on Windows
    ("../../etc/comptes.pdf", "comptes.pdf"),
    ("  Rapport\tmoral\n 2026 .pdf ", "Rapport moral 2026 .pdf"),
    ("facture\u202efdp.exe.pdf", "facturefdp.exe.pdf"),  # no direction override ("exe.pdf" shown as "fdp.exe")
    ("compt\u200bes.pdf", "comptes.pdf"),  # nothing invisible
    ('bilan: "final" <v2>?.pdf', "bilan_ _final_ _v2__.pdf"),
    ("Re\u0301sultats.pdf", "Résultats.pdf"),  # NFC
    ("rapport.pdf.", "rapport.pdf"),
])
def test_names_are_cleaned(name: str, cleaned: str) -> None:
    content = pdf()
    assert check_document(name, content) == ("application/pdf", cleaned)
    assert clean_name(cleaned, "name") == cleaned  # what the event records passes the domain's name rule


def test_a_long_name_is_cut_to_200_characters_keeping_its_extension() -> None:
    media_type, name = check_document("Procès-verbal " * 30 + "final.PDF", pdf())
    assert (media_type, name) == ("application/pdf", ("Procès-verbal " * 14).rstrip() + ".PDF")  # no space before
    assert len(name) == 199
    assert check_document("R" * 300 + ".odt", opendocument(d.ODT))[1] == "R" * 196 + ".odt"


@pytest.mark.parametrize("name", ["", "   ", "C:\\dossier\\", "\u202e\u200b"])
def test_a_file_without_a_name_is_refused(name: str) -> None:
    assert refusal(name, pdf()) == "the file needs a name"


# -- storing and loading ---------------------------------------------------------------------------------------

def rows(engine: Engine) -> list[tuple[str, str, int]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(documents.c.sha256, documents.c.media_type, documents.c.size).order_by(documents.c.sha256))]


def test_a_document_round_trips(engine: Engine) -> None:
    content = pdf()
    digest = store_document(engine, content, "application/pdf")
    assert digest == hashlib.sha256(content).hexdigest()
    assert load_document(engine, digest) == (content, "application/pdf")
    assert load_document(engine, digest.upper()) == (content, "application/pdf")
    with engine.connect() as conn:
        stored_at = conn.execute(select(documents.c.stored_at)).scalar_one()
    assert stored_at.tzinfo is None  # naive UTC, as every time in these tables


def test_large_binary_content_round_trips(engine: Engine) -> None:
    content = image("PNG") + bytes(range(256)) * 40_000  # 10 MB, every byte value
    digest = store_document(engine, content, "image/png")
    assert load_document(engine, digest) == (content, "image/png")
    assert rows(engine) == [(digest, "image/png", len(content))]


def test_the_same_content_is_stored_once(engine: Engine) -> None:
    content = "nom;collège\nRégie Alpha;a\n".encode()
    first = store_document(engine, content, "text/csv")
    assert store_document(engine, content, "text/plain") == first  # the same bytes attached as .txt
    other = store_document(engine, content + b"SCOP Beta;a\n", "text/csv")
    assert other != first
    assert sorted(rows(engine)) == sorted([(first, "text/csv", len(content)), (other, "text/csv", len(content) + 12)])
    assert load_document(engine, first) == (content, "text/csv")  # the type it was first stored with


def test_storing_the_same_content_at_the_same_moment_keeps_one_row(engine: Engine) -> None:
    """Two secretaries attaching the same file at once: both get its key, no error, one row (a look-before-insert
    would let both insert, and one fail). Ten rounds of eight threads, so that the race happens."""
    rounds, threads_per_round = 10, 8
    for round_ in range(rounds):
        content, barrier = f"%PDF-1.7 round {round_}".encode(), threading.Barrier(threads_per_round)
        digests: list[str] = []
        errors: list[Exception] = []

        def store() -> None:
            try:
                barrier.wait(10)
                digests.append(store_document(engine, content, "application/pdf"))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=store) for _ in range(threads_per_round)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        assert digests == [hashlib.sha256(content).hexdigest()] * threads_per_round
    assert len(rows(engine)) == rounds


def test_nothing_unchecked_is_stored(engine: Engine) -> None:
    for content, media_type in [(elf(), "application/pdf"), (image("PNG"), "application/pdf"), (b"", "text/plain"),
                                (b"<html></html>", "text/html")]:
        with pytest.raises(DocumentRefused):
            store_document(engine, content, media_type)
    assert rows(engine) == []


@pytest.mark.parametrize("key", ["0" * 64, "not a sha", "", "../" + "a" * 61, "g" * 64])
def test_an_unknown_or_malformed_key_loads_nothing(engine: Engine, key: str) -> None:
    store_document(engine, pdf(), "application/pdf")
    assert load_document(engine, key) is None


def test_a_document_changed_in_the_database_is_never_served(engine: Engine) -> None:
    digest = store_document(engine, pdf(), "application/pdf")
    with engine.begin() as conn:
        conn.execute(update(documents).values(content=b"%PDF-1.4 other accounts"))
    with pytest.raises(DocumentCorrupted):
        load_document(engine, digest)


# -- postal addresses ------------------------------------------------------------------------------------------

def test_a_postal_address_round_trips_and_is_replaced(engine: Engine) -> None:
    assert postal_address(engine, POLE, MEMBER) == ""
    set_postal_address(engine, POLE, MEMBER, "  Régie Alpha  \r\n\r\n 12 rue des\tLilas \n26000 Valence\n\n")
    assert postal_address(engine, POLE, MEMBER) == "Régie Alpha\n12 rue des Lilas\n26000 Valence"
    set_postal_address(engine, POLE, MEMBER, "Régie Alpha\n3 place du Marché\n26000 Valence")
    assert postal_address(engine, POLE, MEMBER) == "Régie Alpha\n3 place du Marché\n26000 Valence"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(member_contacts)).scalar() == 1


def test_postal_addresses_are_those_of_one_pole(engine: Engine) -> None:
    set_postal_address(engine, POLE, MEMBER, "Régie Alpha\n26000 Valence")
    set_postal_address(engine, POLE, OTHER_MEMBER, "SCOP Beta\n07000 Privas")
    set_postal_address(engine, OTHER_POLE, MEMBER, "Ailleurs\n75001 Paris")
    assert postal_addresses(engine, POLE) == {MEMBER: "Régie Alpha\n26000 Valence",
                                              OTHER_MEMBER: "SCOP Beta\n07000 Privas"}
    assert postal_addresses(engine, OTHER_POLE) == {MEMBER: "Ailleurs\n75001 Paris"}
    assert postal_address(engine, OTHER_POLE, MEMBER) == "Ailleurs\n75001 Paris"


@pytest.mark.parametrize("erased", ["", "  \n \n"])
def test_an_empty_address_erases_the_row(engine: Engine, erased: str) -> None:
    set_postal_address(engine, POLE, MEMBER, "Régie Alpha\n26000 Valence")
    set_postal_address(engine, POLE, OTHER_MEMBER, "SCOP Beta\n07000 Privas")
    set_postal_address(engine, POLE, MEMBER, erased)
    assert postal_address(engine, POLE, MEMBER) == ""
    with engine.connect() as conn:  # erased, not blanked: nothing of it stays
        assert conn.execute(select(member_contacts.c.member_id)).scalars().all() == [OTHER_MEMBER]
    set_postal_address(engine, POLE, "never-known", "")  # erasing what is not there is no error


def test_an_address_has_at_most_8_lines(engine: Engine) -> None:
    assert MAX_ADDRESS_LINES == 8
    eight = "\n".join(f"ligne {i}" for i in range(8))
    set_postal_address(engine, POLE, MEMBER, eight)
    assert postal_address(engine, POLE, MEMBER) == eight
    with pytest.raises(ValueError, match="at most 8 lines") as refused:
        set_postal_address(engine, POLE, MEMBER, eight + "\nligne 8")
    assert isinstance(refused.value, InvalidAddress) and isinstance(refused.value, InvalidInput)
    assert postal_address(engine, POLE, MEMBER) == eight  # the refused one changed nothing


def test_an_address_has_at_most_500_characters(engine: Engine) -> None:
    longest = "\n".join(["a" * 99] * 5)  # 5 × 99 + 4 line breaks = 499
    longest += "b"
    assert len(longest) == 500
    set_postal_address(engine, POLE, MEMBER, longest)
    assert postal_address(engine, POLE, MEMBER) == longest
    with pytest.raises(ValueError, match="at most 500 characters"):
        set_postal_address(engine, POLE, MEMBER, longest + "c")
    assert postal_address(engine, POLE, MEMBER) == longest


@pytest.mark.parametrize("address", ["Régie Alpha\x00\n26000 Valence", "Régie \u202eAlpha\n26000 Valence",
                                     "Régie\u200b Alpha"])
def test_an_address_holds_visible_characters_only(engine: Engine, address: str) -> None:
    with pytest.raises(InvalidAddress):
        set_postal_address(engine, POLE, MEMBER, address)
    assert postal_addresses(engine, POLE) == {}


# -- the revision ------------------------------------------------------------------------------------------------

def test_a_store_made_by_the_code_of_revision_0006_is_adopted_and_upgraded(make_settings, backend: str) -> None:
    """Tables created from the code before revision 0007 (no documents, no contacts), never stamped: adopted at
    0006, then revision 0007 makes its two tables, and the schema equals the code's."""
    from web.accounts.store import Accounts
    settings = make_settings(backend)
    system = bootstrap(settings)
    Accounts(system.engine)
    engine = system.engine
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE documents"))
        conn.execute(text("DROP TABLE member_contacts"))
    try:
        with engine.begin() as conn:
            assert migrations.adopted_revision(conn) == "0006"
            assert migrations.upgrade(conn) == (None, migrations.head_revision())
        with engine.connect() as conn:
            assert {"documents", "member_contacts"} <= set(inspect(conn).get_table_names())
            assert migrations.differences(conn) == []
        digest = store_document(engine, pdf(), "application/pdf")
        assert load_document(engine, digest) is not None
    finally:
        system.close()
