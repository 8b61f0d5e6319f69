"""Signing the minutes' PDF over HTTP (issue 25): the demo's September assembly, as `make run` serves it, signed by
its chair (Élise Morel, a member's representative who sat in the room) and its secretary (Claire Martin), each with
the certificate the pole's authority issues under the passphrase they set; closed by the document timestamp;
downloaded and checked on the verification page. Then the two ways of bringing one's own certificate (a .p12, a PDF
signed outside Collegia) and what is refused, with nothing recorded. The signing engine itself is tested against a
real certomancer PKI and timestamp authority in tests/signing/."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import io
import re
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from infrastructure import pades, pki
from infrastructure.minutes_signing import MinutesSigning
from tests.web.conftest import MEMBER_EMAIL, SECRETARY_EMAIL, VOTED_MEMBER_EMAIL, login
from tests.web.test_assemblies import queries, stored, system, token

CHAIR_PASSPHRASE = "la présidente de séance signe"
SECRETARY_PASSPHRASE = "le secrétaire de séance signe"


def as_user(app: Any, email: str) -> Any:
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def september(app: Any, pole_id: str) -> str:
    """The demo's September assembly: closed, its minutes unsigned."""
    closed = [a for a in queries(app).assemblies(pole_id) if a["status"] == "closed"]
    (assembly,) = closed
    return assembly["id"]


def set_passphrase(client: Any, pole_id: str, passphrase: str, confirm: str | None = None) -> Any:
    page = f"/poles/{pole_id}/signing"
    return client.post(page, data={"key-csrf_token": token(client, page, "key"), "key-passphrase": passphrase,
                                   "key-confirm": confirm if confirm is not None else passphrase})


def sign(client: Any, minutes: str, capacity: str, method: str = "pole-ca", **fields: Any) -> Any:
    data = {"pdf-csrf_token": token(client, minutes, "pdf"), "pdf-capacity": capacity, "pdf-method": method}
    data.update({f"pdf-{name}": value for name, value in fields.items()})
    return client.post(f"{minutes}/sign-pdf", data=data, content_type="multipart/form-data")


def entries(app: Any, subject_id: str) -> list[dict[str, Any]]:
    doc = system(app).app.minutes(subject_id)
    return sorted([*doc["signatures"], *doc["timestamps"]], key=lambda e: e["number"])


def verify_page(client: Any, pdf: bytes) -> str:
    page = "/minutes/verify"
    response = client.post(page, data={"csrf_token": token(client, page), "file": (io.BytesIO(pdf), "pv.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.status_code
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def test_the_chair_and_the_secretary_sign_the_september_minutes_and_anyone_checks_them(app: Any, pole_id: str,
                                                                                       tmp_path: Any) -> None:
    assembly = september(app, pole_id)
    minutes = f"/poles/{pole_id}/minutes/{assembly}"
    chair, secretary = as_user(app, VOTED_MEMBER_EMAIL), as_user(app, SECRETARY_EMAIL)

    # Élise Morel sat in the room for her organisation: she may sign as chair or scrutineer, not as secretary.
    page = chair.get(minutes).get_data(as_text=True)
    offered = re.findall(r'<option value="(\w+)"', page.split('id="signed-pdf"')[1].split("</form>")[0])
    assert offered == ["chair", "scrutineer"]
    assert "Définir ma phrase secrète de signature" in page and "NON FIABLE" in page  # the demo TSA, said so

    # Before she has a certificate, nothing can be signed; a short or mistyped passphrase makes none.
    before = stored(app)
    assert sign(chair, minutes, "chair", passphrase=CHAIR_PASSPHRASE).status_code == 422
    assert set_passphrase(chair, pole_id, "court").status_code == 422
    assert set_passphrase(chair, pole_id, CHAIR_PASSPHRASE, "autre chose").status_code == 422
    assert system(app).engine and MinutesSigning(system(app).settings, system(app).engine).keys.certificates(
        pole_id) == []
    assert set_passphrase(chair, pole_id, CHAIR_PASSPHRASE).status_code == 302
    certificate_page = chair.get(f"/poles/{pole_id}/signing").get_data(as_text=True)
    assert "CN=Élise Morel" in certificate_page and "Révoquer mon certificat" in certificate_page

    # A wrong passphrase signs nothing and records nothing.
    response = sign(chair, minutes, "chair", passphrase="pas la bonne phrase")
    assert response.status_code == 422 and "Phrase secrète incorrecte" in response.get_data(as_text=True)
    assert stored(app) == before

    assert sign(chair, minutes, "chair", passphrase=CHAIR_PASSPHRASE).status_code == 302
    assert set_passphrase(secretary, pole_id, SECRETARY_PASSPHRASE).status_code == 302
    assert sign(secretary, minutes, "secretary", passphrase=SECRETARY_PASSPHRASE).status_code == 302
    confirm = token(secretary, minutes)
    assert secretary.post(f"{minutes}/timestamp", data={"csrf_token": confirm}).status_code == 302

    # The register chains the files: each signature added to the PDF the previous one left, then the timestamp.
    first, second, closing = entries(app, assembly)
    assert (first["signer"], first["capacity"], first["pdf"]["method"]) == ("Élise Morel", "chair", "pole-ca")
    assert (second["signer"], second["capacity"]) == ("Claire Martin", "secretary")
    assert first["pdf"]["previous"] is None and second["pdf"]["previous"] == first["pdf"]["sha256"]
    assert closing["type"] == "timestamp" and closing["pdf"]["previous"] == second["pdf"]["sha256"]

    # The download is the closed file; it verifies: two valid signatures, the document timestamp, the demo TSA flagged.
    pdf = secretary.get(f"{minutes}.pdf").data
    assert hashlib.sha256(pdf).hexdigest() == closing["pdf"]["sha256"]
    report = MinutesSigning(system(app).settings, system(app).engine).verify(pdf)
    assert report.valid and not report.altered, report.problems
    assert [(s["name"], s["capacity"], s["valid"], s["intact"]) for s in report.signatures] == [
        ("Élise Morel", "président·e de séance", True, True), ("Claire Martin", "secrétaire de séance", True, True)]
    assert len(report.timestamps) == 1 and report.timestamps[0]["valid"]
    assert all(s["timestamp"]["demo_tsa"] for s in report.signatures)
    with pikepdf.open(io.BytesIO(pdf)) as document:  # still the archival PDF with the register's extract
        assert list(document.attachments)[0].startswith("registre-")
    from infrastructure.pdfa import pdfa_findings
    assert pdfa_findings(pdf) == []  # what can be checked without veraPDF still holds once signed and timestamped

    # `collegia verify-minutes` on the instance says the same (its pole authorities trusted, the demo TSA flagged).
    from click.testing import CliRunner
    from web.cli import main
    (tmp_path / "pv.pdf").write_bytes(pdf)
    settings = system(app).settings
    result = CliRunner().invoke(main, ["verify-minutes", str(tmp_path / "pv.pdf")],
                                env={"COLLEGIA_DATABASE_URL": settings.database_url,
                                     "COLLEGIA_INSTANCE_DIR": str(settings.instance_dir),
                                     "COLLEGIA_BALLOT_KEY": base64.b64encode(settings.ballot_key).decode()})
    assert result.exit_code == 0, result.output
    assert "Élise Morel — président·e de séance" in result.output and "a demo authority: NOT TRUSTED" in result.output

    # Anyone checks it on the page, without an account: valid, and recorded in the pole's register.
    visitor = app.test_client()
    text = verify_page(visitor, pdf)
    assert "VALIDE : les 2 signatures sont valides" in text, text
    assert "Élise Morel" in text and "Claire Martin" in text and "NON FIABLE" in text
    assert "est inscrit au registre de Drôme Coopère" in text
    assert text.count("signature électronique avancée au mieux (eIDAS art. 26), par l'autorité propre du pôle : "
                      "non qualifiée") == 2

    # One byte changed after signing: altered, not valid, and no register names that file.
    changed = bytearray(pdf)
    position = pdf.index(b"stream", len(pdf) // 4) + 40
    changed[position] ^= 0x01
    text = verify_page(visitor, bytes(changed))
    assert "NON VALIDE" in text and "MODIFIÉ" in text and "inscrit au registre" not in text
    assert "les octets signés ne correspondent plus" in text and "no longer match" not in text  # French, not the CLI's

    # The PDF is closed: no further signature in it.
    before = stored(app)
    page = secretary.get(minutes).get_data(as_text=True)
    assert "clos par son horodatage" in page and 'action="' + f"{minutes}/sign-pdf" not in page
    assert stored(app) == before

    # A correction makes a new text: its PDF is signed again from the start, and names the earlier signed files.
    response = secretary.post(f"{minutes}/correct", data={"fix-csrf_token": token(secretary, minutes, "fix"),
                                                          "fix-corrects": "1", "fix-text": "Lire 18 h 30 et non 18 h."})
    assert response.status_code == 302
    page = secretary.get(minutes).get_data(as_text=True)
    assert 'action="' + f"{minutes}/sign-pdf" in page and "Personne n'a encore signé le PDF de ce texte" in page
    fresh = secretary.get(f"{minutes}.pdf").data
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fresh)).pages).replace("\n", "")
    assert closing["pdf"]["sha256"] in text and first["pdf"]["sha256"] in text
    assert not MinutesSigning(system(app).settings, system(app).engine).verify(fresh).signed


def test_a_member_signs_only_an_assembly_it_attended_and_only_in_the_bureau(app: Any, pole_id: str) -> None:
    closed_vote = next(p["id"] for p in queries(app).register(pole_id, status="closed", limit=50)
                       if not p.get("assembly_id"))
    member = as_user(app, MEMBER_EMAIL)  # Nadia Benali: her organisation sat in the room in September
    assert set_passphrase(member, pole_id, "une phrase de Nadia").status_code == 302
    minutes = f"/poles/{pole_id}/minutes/{september(app, pole_id)}"
    before = stored(app)
    assert sign(member, minutes, "secretary", passphrase="une phrase de Nadia").status_code == 422  # not offered
    vote = f"/poles/{pole_id}/minutes/{closed_vote}"
    # The vote's page offers no signing form: the session's CSRF token, taken from the assembly's, makes a valid post.
    response = member.post(f"{vote}/sign-pdf", data={
        "pdf-csrf_token": token(member, minutes, "pdf"), "pdf-capacity": "chair", "pdf-method": "pole-ca",
        "pdf-passphrase": "une phrase de Nadia"}, content_type="multipart/form-data")
    assert response.status_code == 403
    assert stored(app) == before


@pytest.fixture
def brought(app: Any, tmp_path: Any) -> dict[str, Any]:
    """A certification authority outside Collegia (a provider's), trusted by the instance's COLLEGIA_SIGNING_CA_FILE,
    and a certificate of Claire Martin's it issued."""
    outside = pki.PoleCA.create("Prestataire de confiance", instance_name="Certification extérieure")
    certificate, encrypted = pki.issue_person(outside, "Claire Martin", "claire@exterieur.example",
                                              "phrase extérieure", kdf_iterations=1000)
    key = pki.unlock(encrypted, "phrase extérieure")
    bundle = tmp_path / "signing-roots.pem"
    bundle.write_bytes(pki.certificate_pem(outside.certificate))
    built = system(app)
    built.settings = dataclasses.replace(built.settings, signing_ca_file=str(bundle))
    p12 = pkcs12.serialize_key_and_certificates(b"claire", key, certificate, [outside.certificate],
                                                BestAvailableEncryption(b"mot de passe du p12"))
    return {"ca": outside, "certificate": certificate, "key": key, "p12": p12}


def test_a_certificate_brought_as_p12_or_a_pdf_signed_outside(app: Any, pole_id: str, brought: dict[str, Any]) -> None:
    assembly = september(app, pole_id)
    minutes = f"/poles/{pole_id}/minutes/{assembly}"
    secretary = as_user(app, SECRETARY_EMAIL)
    before = stored(app)
    wrong = sign(secretary, minutes, "secretary", "pkcs12", p12=(io.BytesIO(brought["p12"]), "claire.p12"),
                 p12_password="pas le bon")
    assert wrong.status_code == 422 and stored(app) == before
    response = sign(secretary, minutes, "secretary", "pkcs12", p12=(io.BytesIO(brought["p12"]), "claire.p12"),
                    p12_password="mot de passe du p12")
    assert response.status_code == 302, response.get_data(as_text=True)
    (first,) = entries(app, assembly)
    assert first["pdf"]["method"] == "pkcs12" and first["pdf"]["subject"] == "Claire Martin"

    # The chair signs outside Collegia: she downloads the PDF, signs it with her own tool, uploads it back.
    chair = as_user(app, VOTED_MEMBER_EMAIL)
    signing = MinutesSigning(system(app).settings, system(app).engine)
    pole = queries(app).pole(pole_id)
    elsewhere = pki.PoleCA.create("Prestataire de confiance")  # untrusted by the instance
    downloaded = chair.get(f"{minutes}.pdf").data

    def signed_outside(pdf: bytes, ca: pki.PoleCA) -> bytes:
        certificate, encrypted = pki.issue_person(ca, "Élise Morel", "elise@exterieur.example", "phrase d'Élise",
                                                  kdf_iterations=1000)
        return pades.sign_pdf(pdf, key=encrypted, passphrase="phrase d'Élise", certificate=certificate,
                              chain=[ca.certificate], signer_name="Élise Morel", capacity_label="présidente",
                              timestamper=signing.timestamper(pole_id, pole["name"]),
                              validation_context=pades.validation_context(
                                  [ca.certificate, signing.authority(pole_id, pole["name"]).certificate],
                                  crls=[ca.crl(), signing.authority(pole_id, pole["name"]).crl()]))

    before = stored(app)
    # A certificate nobody here trusts, or a file that is not the minutes' PDF plus a signature: refused, nothing
    # recorded.
    untrusted = sign(chair, minutes, "chair", "external", signed=(io.BytesIO(signed_outside(downloaded, elsewhere)),
                                                                  "pv-signe.pdf"))
    assert untrusted.status_code == 422 and "pas été accepté" in untrusted.get_data(as_text=True)
    closed_vote = next(p["id"] for p in queries(app).register(pole_id, status="closed", limit=50)
                       if not p.get("assembly_id"))
    another = chair.get(f"/poles/{pole_id}/minutes/{closed_vote}.pdf").data
    not_the_same = sign(chair, minutes, "chair", "external",
                        signed=(io.BytesIO(signed_outside(another, brought["ca"])), "pv-signe.pdf"))
    assert not_the_same.status_code == 422
    assert stored(app) == before

    accepted = sign(chair, minutes, "chair", "external",
                    signed=(io.BytesIO(signed_outside(downloaded, brought["ca"])), "pv-signe.pdf"))
    assert accepted.status_code == 302, accepted.get_data(as_text=True)
    first, second = entries(app, assembly)
    assert second["pdf"]["method"] == "external" and second["pdf"]["previous"] == first["pdf"]["sha256"]
    report = signing.verify(chair.get(f"{minutes}.pdf").data)
    assert report.valid and [s["name"] for s in report.signatures] == ["Claire Martin", "Élise Morel"]
    text = verify_page(app.test_client(), chair.get(f"{minutes}.pdf").data)
    assert text.count("qualifiée seulement avec un certificat qualifié sur un dispositif qualifié") == 2


def test_an_authority_the_instance_secret_no_longer_opens_is_said_not_a_500(app: Any, pole_id: str) -> None:
    """The instance's secret changed without its backups: the pole's authority cannot be opened. Signing says so
    (503, nothing recorded); verifying still answers, the pole's signatures then untrusted."""
    secretary = as_user(app, SECRETARY_EMAIL)
    assert set_passphrase(secretary, pole_id, SECRETARY_PASSPHRASE).status_code == 302  # the authority is made
    built = system(app)
    built.settings = dataclasses.replace(built.settings, secret="another secret than the one the authority is under")
    before = stored(app)
    response = set_passphrase(secretary, pole_id, "une nouvelle phrase secrète")
    assert response.status_code == 503 and "COLLEGIA_SECRET_KEY" in response.get_data(as_text=True)
    # Signing with her right passphrase: the authority is said, not "wrong passphrase" (issue 27's review).
    minutes = f"/poles/{pole_id}/minutes/{september(app, pole_id)}"
    response = sign(secretary, minutes, "secretary", passphrase=SECRETARY_PASSPHRASE)
    assert response.status_code == 503 and "COLLEGIA_SECRET_KEY" in response.get_data(as_text=True)
    assert app.test_client().get(f"/poles/{pole_id}/signing/authority.pem").status_code == 503
    assert verify_page(app.test_client(), b"%PDF-1.7 not really").count("PDF lisible") == 1
    assert stored(app) == before


def test_a_signed_pdf_missing_from_the_stored_documents_is_said_not_a_500(app: Any, pole_id: str,
                                                                          brought: dict[str, Any]) -> None:
    """A restore that lost the documents table: the register names a signed file the instance no longer has. The
    download and the next signature say so (503), nothing is recorded."""
    from sqlalchemy import delete

    from infrastructure.accounts_tables import documents
    minutes = f"/poles/{pole_id}/minutes/{september(app, pole_id)}"
    secretary = as_user(app, SECRETARY_EMAIL)
    assert sign(secretary, minutes, "secretary", "pkcs12", p12=(io.BytesIO(brought["p12"]), "claire.p12"),
                p12_password="mot de passe du p12").status_code == 302
    with system(app).engine.begin() as conn:
        conn.execute(delete(documents))
    before = stored(app)
    response = secretary.get(f"{minutes}.pdf")
    assert response.status_code == 503 and "restaurez-les" in html.unescape(response.get_data(as_text=True))
    chair = as_user(app, VOTED_MEMBER_EMAIL)
    assert set_passphrase(chair, pole_id, CHAIR_PASSPHRASE).status_code == 302
    assert sign(chair, minutes, "chair", passphrase=CHAIR_PASSPHRASE).status_code == 503
    assert stored(app) == before
