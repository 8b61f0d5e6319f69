"""The minutes as an archival PDF (issue 25): PDF/A-3 with the register's extract embedded, its metadata, and the
checks of infrastructure/pdfa.py — each of which is shown to fail on a PDF that breaks it."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from typing import Any, Callable

import pikepdf
import pytest
from pypdf import PdfReader

from infrastructure.pdfa import archival_pdf, pdfa_findings

POLE = "Pôle Écume & Cie"
MEETING = "Assemblée générale ordinaire du 14 septembre 2026"
TITLE = "Procès-verbal — Assemblée générale ordinaire"
EXTRACT = (b'{"seq": 41, "topic": "AssemblyHeld", "hash": "9f2c"}\n'
           b'{"seq": 42, "topic": "ResolutionAdopted", "text": "Approbation des comptes \xc3\xa9"}\n')
CLOSED = datetime(2026, 9, 20, 10, 30, tzinfo=timezone.utc)
MINUTES_HTML = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>titre du gabarit, remplacé</title>
<meta name="author" content="quelqu’un d’autre">
<style>body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
  table { border-collapse: collapse; } th, td { border: 1px solid #bbb; padding: 3px; }</style></head>
<body><h1>Procès-verbal de l’assemblée générale ordinaire</h1>
<p>Le 14 septembre 2026, les associé·e·s du pôle se sont réuni·e·s à Besançon. Présidente de séance : Hélène Müller ;
secrétaire : François Lefèvre. « Le quorum est atteint » — 23 présent·e·s sur 31, œuvre commune.</p>
<table><caption>Résolutions</caption>
<tr><th>N°</th><th>Résolution</th><th>Pour</th><th>Contre</th><th>Abstention</th></tr>
<tr><td>1</td><td>Approbation des comptes de l’exercice</td><td>21</td><td>1</td><td>1</td></tr>
<tr><td>2</td><td>Affectation du résultat à la réserve légale</td><td>23</td><td>0</td><td>0</td></tr>
</table><p><em>Fin de séance à 18 h 45.</em> <a href="https://collegia.example/registre">Registre</a></p>
</body></html>"""


def render(**overrides: Any) -> bytes:
    arguments: dict[str, Any] = dict(base_url=None, title=TITLE, pole=POLE, meeting=MEETING, date=date(2026, 9, 14),
                                     created=CLOSED, attachments=[("registre-ag-2026-09-14.jsonl", EXTRACT,
                                                                   "Extrait du registre pour cette assemblée")])
    arguments.update(overrides)
    return archival_pdf(MINUTES_HTML, **arguments)


@pytest.fixture(scope="module")
def minutes() -> bytes:
    return render()


def test_the_minutes_render_as_pdfa_3_with_nothing_found(minutes):
    assert minutes.startswith(b"%PDF-1.7")
    assert pdfa_findings(minutes) == []


def test_the_metadata_are_in_the_information_dictionary_and_the_xmp(minutes):
    with pikepdf.open(io.BytesIO(minutes)) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == TITLE and str(info.Author) == POLE  # the template's <title>, <meta> replaced
        assert POLE in str(info.Subject) and MEETING in str(info.Subject) and "Collegia" in str(info.Subject)
        assert str(info.CreationDate) == str(info.ModDate) == "D:20260920103000Z"
        assert str(info.Creator) == "Collegia" and "/Producer" not in info  # left to the XMP: see the module
        assert str(pdf.Root.Lang) == "fr"
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "U")
        assert meta["dc:title"] == TITLE and meta["dc:creator"] == [POLE]
        assert meta["dc:description"] == str(info.Subject) and meta["dc:language"] == {"fr"}
        assert meta["dc:date"] == ["2026-09-14"]
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == "2026-09-20T10:30:00Z"
        assert meta["pdf:Producer"].startswith("WeasyPrint ") and meta["pdf:Keywords"] == str(info.Keywords)
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1 and intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"
    assert b"<x:xmpmeta" in minutes  # the XMP packet is left uncompressed, readable by any tool


def test_the_register_extract_is_embedded_as_the_source_and_reads_back_unchanged(minutes):
    with pikepdf.open(io.BytesIO(minutes)) as pdf:
        assert list(pdf.attachments) == ["registre-ag-2026-09-14.jsonl"]
        spec = pdf.attachments["registre-ag-2026-09-14.jsonl"]
        assert spec.get_file().read_bytes() == EXTRACT
        assert spec.get_file().mime_type == "application/x-ndjson"
        assert spec.description == "Extrait du registre pour cette assemblée"
        assert spec.obj.AFRelationship == pikepdf.Name.Source
        assert [entry.objgen for entry in pdf.Root.AF] == [spec.obj.objgen]  # listed once in the catalog's /AF


def test_fonts_are_embedded_and_the_french_text_extracts(minutes):
    with pikepdf.open(io.BytesIO(minutes)) as pdf:
        fonts = list(pdf.pages[0].Resources.Font.values())
        assert fonts and all("/FontFile2" in font.DescendantFonts[0].FontDescriptor for font in fonts)
    text = " ".join(PdfReader(io.BytesIO(minutes)).pages[0].extract_text().split())
    assert "Procès-verbal de l’assemblée" in text and "Affectation du résultat" in text and "œuvre" in text


def test_the_same_minutes_render_to_the_same_bytes(minutes):
    assert render() == minutes
    other = render(created=datetime(2026, 9, 21, tzinfo=timezone.utc))
    assert other != minutes and pdfa_findings(other) == []


def test_several_attachments_level_b_and_bad_arguments():
    pdf = render(conformance="B", date=datetime(2026, 9, 14, 18, 0), created=None, lang="fr-FR",
                 attachments=[("votes.csv", b"n;pour\n1;21\n", "Votes"), ("extrait.jsonl", EXTRACT, "Extrait")])
    assert pdfa_findings(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert [name for name in document.attachments] == ["extrait.jsonl", "votes.csv"]
        assert document.attachments["votes.csv"].get_file().mime_type == "text/csv"
        assert document.open_metadata()["pdfaid:conformance"] == "B"
        assert str(document.docinfo.CreationDate) == "D:20260914180000Z"  # a naive datetime is taken as UTC
    with pytest.raises(ValueError):
        render(conformance="A")
    with pytest.raises(ValueError):
        render(attachments=[("a.jsonl", b"", "x"), ("a.jsonl", b"1", "y")])
    with pytest.raises(ValueError):
        render(relationship="Other")


# -- each check can fail ---------------------------------------------------------------------------------------------

def changed(pdf: bytes, change: Callable[[pikepdf.Pdf], Any], **save: Any) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        change(document)
        out = io.BytesIO()
        document.save(out, **save)
        return out.getvalue()


def _set_xmp(**values: str) -> Callable[[pikepdf.Pdf], None]:
    def change(document: pikepdf.Pdf) -> None:
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for key, value in values.items():
                meta[key.replace("_", ":", 1)] = value
    return change


def _first_font(document: pikepdf.Pdf) -> pikepdf.Dictionary:
    return next(iter(document.pages[0].Resources.Font.values()))


def _show_notdef(document: pikepdf.Pdf) -> None:
    page = document.pages[0]
    operations = pikepdf.parse_content_stream(page)
    for index, (operands, operator) in enumerate(operations):
        if str(operator) == "TJ":
            array = list(operands[0])
            array[0] = pikepdf.String(b"\x00\x00")
            operations[index] = pikepdf.ContentStreamInstruction([pikepdf.Array(array)], operator)
            break
    page.Contents = document.make_stream(pikepdf.unparse_content_stream(operations))


def _javascript(document: pikepdf.Pdf) -> None:
    document.Root.OpenAction = pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String("app.alert('x')"))


def _hide_link(document: pikepdf.Pdf) -> None:
    document.pages[0].Annots[0].F = 2


def _spec(document: pikepdf.Pdf) -> pikepdf.Dictionary:
    return next(iter(document.attachments.values())).obj


MUTATIONS: dict[str, tuple[Callable[[pikepdf.Pdf], Any], str]] = {
    "output intent removed": (lambda d: d.Root.__delattr__("OutputIntents"), "no output intent /GTS_PDFA1"),
    "ICC profile replaced": (lambda d: d.Root.OutputIntents[0].DestOutputProfile.write(b"not a profile" * 20),
                             "is not an ICC profile"),
    "XMP removed": (lambda d: d.Root.__delattr__("Metadata"), "no XMP metadata stream"),
    "XMP claims PDF/A-2": (_set_xmp(pdfaid_part="2"), "XMP says PDF/A-2, not PDF/A-3"),
    "XMP conformance wrong": (_set_xmp(pdfaid_conformance="X"), "is not a PDF/A-3 level"),
    "Info title differs": (lambda d: d.docinfo.__setitem__("/Title", "Autre titre"),
                           "/Title 'Autre titre' differs from XMP dc:title"),
    "Info date differs": (lambda d: d.docinfo.__setitem__("/CreationDate", "D:20260920103000+02'00'"),
                          "/CreationDate"),
    "Info keyword added": (lambda d: d.docinfo.__setitem__("/Keywords", "autre"), "/Keywords 'autre' differs"),
    "Info producer differs": (lambda d: d.docinfo.__setitem__("/Producer", "WeasyPrint; pyHanko"),
                              "/Producer 'WeasyPrint; pyHanko' differs from XMP pdf:Producer"),
    "language removed": (lambda d: d.Root.__delattr__("Lang"), "no document language"),
    "font file removed": (lambda d: _first_font(d).DescendantFonts[0].FontDescriptor.__delattr__("FontFile2"),
                          "is not embedded"),
    "ToUnicode removed": (lambda d: _first_font(d).__delattr__("ToUnicode"), "no Unicode mapping"),
    ".notdef shown": (_show_notdef, ".notdef glyph"),
    "JavaScript": (_javascript, "JavaScript action"),
    "link hidden": (_hide_link, "not printable, or hidden"),
    "relationship removed": (lambda d: _spec(d).__delattr__("AFRelationship"), "has no /AFRelationship"),
    "MIME type removed": (lambda d: _spec(d).EF.F.__delattr__("Subtype"), "has no MIME type"),
    "catalog /AF removed": (lambda d: d.Root.__delattr__("AF"), "is not listed in an /AF array"),
}


def test_an_unchanged_copy_rewritten_by_pikepdf_still_has_no_finding(minutes):
    assert pdfa_findings(changed(minutes, lambda document: None)) == []
    # the same instant written with another offset agrees with the XMP
    same = changed(minutes, lambda d: d.docinfo.__setitem__("/CreationDate", "D:20260920123000+02'00'"))
    assert pdfa_findings(same) == []


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_each_check_reports_a_pdf_that_breaks_it(minutes, mutation):
    change, expected = MUTATIONS[mutation]
    findings = pdfa_findings(changed(minutes, change))
    assert any(expected in finding for finding in findings), findings


def test_encryption_trailing_data_and_a_non_pdf_are_reported(minutes):
    encrypted = changed(minutes, lambda document: None, encryption=pikepdf.Encryption(owner="o", user=""))
    assert any("encrypted" in finding for finding in pdfa_findings(encrypted))
    locked = changed(minutes, lambda document: None, encryption=pikepdf.Encryption(owner="o", user="u"))
    assert any("encrypted" in finding for finding in pdfa_findings(locked))
    assert "data after the last %%EOF marker" in pdfa_findings(minutes + b"\n% appended\n")
    assert any("not a readable PDF" in finding for finding in pdfa_findings(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnothing"))


def test_a_plain_weasyprint_pdf_is_not_pdfa():
    from weasyprint import HTML

    findings = pdfa_findings(HTML(string=MINUTES_HTML).write_pdf())
    assert "no output intent /GTS_PDFA1" in findings
    assert "no XMP metadata stream in the catalog (/Metadata)" in findings
    assert "no file identifier (/ID) in the trailer" in findings


def test_a_pdf_with_a_core_font_not_embedded_is_reported():
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)  # one of the 14 standard fonts: referenced by name, never embedded
    document.cell(text="Procès-verbal de l'assemblée")
    findings = pdfa_findings(bytes(document.output()))
    assert "font Helvetica is not embedded" in findings


def test_the_minutes_stay_pdfa_through_two_pyhanko_signatures(minutes):
    """Each signature is an incremental update in which pyHanko rewrites the producer and modification date in the
    information dictionary and the XMP; they must still agree (a self-signed key is enough for this)."""
    from asn1crypto import keys as asn1_keys, x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Hélène Müller (test)")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(CLOSED).not_valid_after(datetime(2036, 1, 1, tzinfo=timezone.utc))
            .sign(key, hashes.SHA256()))
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore())
    pdf = minutes
    for field in ("Signature_presidente", "Signature_secretaire"):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        pdf = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field), signer=signer).getvalue()
        assert pdf.startswith(minutes) and pdfa_findings(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.attachments["registre-ag-2026-09-14.jsonl"].get_file().read_bytes() == EXTRACT
        assert document.open_metadata()["dc:title"] == TITLE
