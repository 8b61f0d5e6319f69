"""An assembly's minutes over the API (issue 26): the demo's September assembly, closed and unsigned, signed in its
PDF by its chair (Élise Morel, whose organisation sat in the room) and its secretary (Claire Martin), each with the
certificate the pole's authority issues under the passphrase they set; closed by the document timestamp; downloaded
and checked by the public verification; corrected. Then what is refused, with nothing recorded. The signing engine is
tested in tests/signing/, the pages in tests/web/test_minutes_signing.py."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from tests.api.conftest import assert_problem
from web.api.tokens import ApiTokens

CHAIR_PASSPHRASE = "la présidente de séance signe"
SECRETARY_PASSPHRASE = "le secrétaire de séance signe"


def september(app: Any, pole_id: str) -> str:
    (assembly,) = [a for a in app.extensions["collegia.queries"].assemblies(pole_id) if a["status"] == "closed"]
    return assembly["id"]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def stored_documents(app: Any) -> int:
    from sqlalchemy import func, select

    from infrastructure.accounts_tables import documents
    with app.extensions["collegia"].engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(documents)).scalar()


def test_the_chair_and_the_secretary_sign_the_pdf_and_anyone_verifies_it(app: Any, api_as: Any, pole_id: str,
                                                                         head: Any) -> None:
    assembly = september(app, pole_id)
    minutes = f"/poles/{pole_id}/assemblies/{assembly}/minutes"
    chair, secretary, visitor = api_as("voted_member"), api_as("secretary"), api_as(None)

    read = chair.get(minutes)
    assert read.status_code == 200, read.get_json()
    body = read.get_json()
    assert (body["state"], body["signatures"], body["pdf"]["sha256"]) == ("unsigned", [], None)
    assert body["can_sign_pdf"] == ["chair", "scrutineer"]  # she sat in the room: the bureau, not its secretary
    assert body["html_url"] == f"/poles/{pole_id}/minutes/{assembly}" and body["pdf_url"] == f"/api/v1{minutes}/pdf"

    # Without a certificate nothing is signed; a short passphrase makes none; unknown fields are refused by name.
    # Nothing signed yet: no document timestamp, and the timestamp authority is not even asked (no file stored).
    before, files = head(), stored_documents(app)
    assert_problem(api_as("secretary").post(f"{minutes}/timestamp"), 422, rule="minutes")
    assert stored_documents(app) == files
    assert_problem(chair.post(f"{minutes}/pdf-signatures", json={"capacity": "chair",
                                                                  "passphrase": CHAIR_PASSPHRASE}), 422,
                   fields=("method",))
    assert_problem(chair.post(f"/poles/{pole_id}/signing-certificate", json={"passphrase": "court"}), 422,
                   fields=("passphrase",))
    assert_problem(chair.post(f"{minutes}/pdf-signatures", json={"capacity": "chair", "passphrase": "x" * 10,
                                                                  "colour": "blue"}), 422, fields=("colour",))
    assert_problem(chair.post(f"{minutes}/pdf-signatures", json={"capacity": "chair", "method": "pkcs12"}), 422,
                   fields=("p12",))
    assert_problem(chair.get(f"/poles/{pole_id}/signing-certificate"), 404)

    made = chair.post(f"/poles/{pole_id}/signing-certificate", json={"passphrase": CHAIR_PASSPHRASE})
    assert made.status_code == 201, made.get_json()
    assert "CN=Élise Morel" in made.get_json()["subject"] and made.headers["Location"].endswith("/signing-certificate")
    assert CHAIR_PASSPHRASE not in made.get_data(as_text=True)
    assert chair.get(f"/poles/{pole_id}/signing-certificate").get_json()["serial"] == made.get_json()["serial"]

    # A wrong passphrase signs nothing, records nothing and is not echoed.
    wrong = chair.post(f"{minutes}/pdf-signatures", json={"capacity": "chair", "passphrase": "pas la bonne phrase"})
    assert "pas la bonne phrase" not in wrong.get_data(as_text=True)
    assert_problem(wrong, 422, fields=("passphrase",))
    # The chair may not sign as the session's secretary: her standing (403), not a broken rule.
    assert_problem(chair.post(f"{minutes}/pdf-signatures", json={"capacity": "secretary",
                                                                  "passphrase": CHAIR_PASSPHRASE}), 403,
                   rule="not_permitted")
    assert head() == before

    first = chair.post(f"{minutes}/pdf-signatures", json={"capacity": "chair", "passphrase": CHAIR_PASSPHRASE})
    assert first.status_code == 201, first.get_json()
    assert first.headers["Location"].endswith(minutes)
    signed = first.get_json()["minutes"]
    assert signed["state"] == "pdf_signed" and signed["can_sign_pdf"] == ["scrutineer"]
    (entry,) = signed["signatures"]
    assert first.get_json()["number"] == entry["number"] == 1
    assert (entry["signer"], entry["capacity"], entry["pdf"]["method"], entry["pdf"]["previous"]) == (
        "Élise Morel", "chair", "pole-ca", None)
    # Twice as chair: the domain's rule (422 minutes), nothing recorded.
    before = head()
    assert_problem(chair.post(f"{minutes}/pdf-signatures", json={"capacity": "chair",
                                                                  "passphrase": CHAIR_PASSPHRASE}), 422,
                   rule="minutes")
    assert head() == before

    assert secretary.post(f"/poles/{pole_id}/signing-certificate",
                          json={"passphrase": SECRETARY_PASSPHRASE}).status_code == 201
    second = secretary.post(f"{minutes}/pdf-signatures", json={"capacity": "secretary",
                                                                "passphrase": SECRETARY_PASSPHRASE})
    assert second.status_code == 201, second.get_json()
    closing = secretary.post(f"{minutes}/timestamp")
    assert closing.status_code == 201, closing.get_json()
    done = closing.get_json()["minutes"]
    assert done["state"] == "timestamped" and done["pdf"] == {"sha256": done["timestamps"][0]["pdf"]["sha256"],
                                                             "signatures": 2, "closed": True}
    assert done["timestamps"][0]["pdf"]["previous"] == done["signatures"][1]["pdf"]["sha256"]
    assert done["signatures"][1]["pdf"]["previous"] == done["signatures"][0]["pdf"]["sha256"]
    before, files = head(), stored_documents(app)
    assert_problem(secretary.post(f"{minutes}/timestamp"), 422, rule="minutes")  # already closed
    assert head() == before and stored_documents(app) == files

    # The download is the closed file; the public verification finds it valid, and in the register.
    pdf = chair.get(f"{minutes}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == done["pdf"]["sha256"]
    report = visitor.post("/minutes/verify", json={"pdf": b64(pdf.data)})
    assert report.status_code == 200, report.get_json()
    checked = report.get_json()
    assert checked["valid"] and not checked["altered"] and checked["sha256"] == done["pdf"]["sha256"]
    assert [(s["name"], s["valid"], s["legal_level"], s["reason_code"]) for s in checked["signatures"]] == [
        ("Élise Morel", True, "advanced_pole_authority", None),
        ("Claire Martin", True, "advanced_pole_authority", None)]
    assert len(checked["timestamps"]) == 1 and checked["demo_tsa"]
    assert {(r["type"], r["subject_id"]) for r in checked["recorded"]} == {("timestamp", assembly)}

    # One byte changed after signing: altered, not valid, named by code, in no register.
    changed = bytearray(pdf.data)
    changed[pdf.data.index(b"stream", len(pdf.data) // 4) + 40] ^= 0x01
    altered = visitor.post("/minutes/verify", json={"pdf": b64(bytes(changed))}).get_json()
    assert altered["altered"] and not altered["valid"] and altered["recorded"] == []
    assert "NOT_INTACT" in {s["reason_code"] for s in altered["signatures"]}
    assert all(s["legal_level"] is None for s in altered["signatures"] if not s["valid"])
    assert_problem(visitor.post("/minutes/verify", json={"pdf": "not base64!"}), 422, fields=("pdf",))
    large = visitor.post("/minutes/verify", json={"pdf": b64(b"%PDF-1.7\n" + b"0" * 3_000_000)})  # over 2 MB of JSON
    assert large.status_code == 200 and not large.get_json()["valid"], large.get_json()
    from web.api.minutes import UPLOAD_LIMIT
    huge = visitor.client.post("/api/v1/minutes/verify", data=b" " * (UPLOAD_LIMIT + 1), content_type="application/json")
    assert_problem(huge, 413)

    # A correction makes a new text, whose PDF is signed again from the start.
    corrected = secretary.post(f"{minutes}/corrections", json={"corrects": 1, "text": "Lire 18 h 30 et non 18 h."})
    assert corrected.status_code == 201, corrected.get_json()
    fresh = corrected.get_json()["minutes"]
    assert fresh["state"] == "signed" and fresh["pdf"]["sha256"] is None
    assert not any(s["current"] for s in fresh["signatures"]) and fresh["corrections"][0]["corrects"] == 1

    # Revoked: no certificate in force any more.
    assert chair.delete(f"/poles/{pole_id}/signing-certificate").status_code == 204
    assert_problem(chair.delete(f"/poles/{pole_id}/signing-certificate"), 404)


def test_who_signs_what_and_the_register_signature(app: Any, api_as: Any, accounts: Any, pole_id: str,
                                                   head: Any) -> None:
    assembly = september(app, pole_id)
    minutes = f"/poles/{pole_id}/assemblies/{assembly}/minutes"
    pole = app.extensions["collegia"].app.get_pole(pole_id)
    attendance = app.extensions["collegia"].app.get_assembly(assembly).attendance
    absent = next(m for m in pole.members if pole.is_admitted(m) and attendance.get(m) not in ("present", "remote"))
    user_id = accounts.create_user("absente@exemple.example", "Absente", "un mot de passe solide 42")
    accounts.grant(user_id, pole_id, "member", absent)
    no_show = api_as(None)
    no_show.token = ApiTokens(accounts.engine).create(user_id, "tests").secret

    # A member's representative whose member did not attend signs nothing: 403 with the rule, nothing recorded.
    assert no_show.post(f"/poles/{pole_id}/signing-certificate", json={"passphrase": "une phrase absente"}
                        ).status_code == 201
    assert no_show.get(minutes).get_json()["can_sign_pdf"] == []
    before, files = head(), stored_documents(app)
    assert_problem(no_show.post(f"{minutes}/pdf-signatures", json={"capacity": "chair",
                                                                    "passphrase": "une phrase absente"}), 403,
                   rule="not_permitted")
    assert head() == before and stored_documents(app) == files

    # Roles: the register's signature and the corrections are the secretaries'; an admin holds no certificate there;
    # another pole's secretary reads nothing; without a token, 401.
    assert_problem(api_as("member").post(f"{minutes}/signatures", json={"capacity": "chair"}), 403)
    assert_problem(api_as("admin").post(f"/poles/{pole_id}/signing-certificate", json={"passphrase": "x" * 12}), 403)
    assert_problem(api_as("outsider").get(minutes), 403)
    assert_problem(api_as(None).get(minutes), 401)
    assert_problem(api_as("secretary").get(f"/poles/{pole_id}/assemblies/{pole_id}/minutes"), 404)
    assert head() == before

    # Corrections come after a signature only; the register's signature, in the secretary's name.
    secretary = api_as("secretary")
    assert_problem(secretary.post(f"{minutes}/corrections", json={"corrects": 1, "text": "Trop tôt."}), 422,
                   rule="minutes")
    assert_problem(secretary.post(f"{minutes}/signatures", json={"capacity": "treasurer"}), 422,
                   fields=("capacity",))
    # A certificate file or a PDF signed outside that cannot be read: refused by field, nothing recorded.
    assert_problem(secretary.post(f"{minutes}/pdf-signatures", json={"capacity": "secretary", "method": "pkcs12",
                                                                      "p12": b64(b"not a p12")}), 422, fields=("p12",))
    assert_problem(secretary.post(f"{minutes}/pdf-signatures", json={
        "capacity": "secretary", "method": "external", "signed_pdf": b64(b"%PDF-1.7 not really")}), 422,
        fields=("signed_pdf",))
    assert head() == before
    signed = secretary.post(f"{minutes}/signatures", json={"capacity": "secretary"})
    assert signed.status_code == 201, signed.get_json()
    (entry,) = signed.get_json()["minutes"]["signatures"]
    assert (entry["signer"], entry["capacity"], entry["pdf"]) == ("Claire Martin", "secretary", None)
    assert signed.get_json()["minutes"]["state"] == "signed"
    assert_problem(secretary.post(f"{minutes}/signatures", json={"capacity": "secretary"}), 422, rule="minutes")


def test_an_online_vote_s_minutes_over_the_api(app: Any, api_as: Any, pole_id: str, demo: Any, head: Any) -> None:
    """The same operations on a closed online vote's minutes (no session: only secretaries sign them); an assembly's
    path does not reach them, nor theirs an assembly's."""
    secretary, member = api_as("secretary"), api_as("member")
    online = next(p["id"] for p in demo["proposals"].values() if p["status"] == "closed" and not p["assembly_id"])
    in_assembly = next(p["id"] for p in demo["proposals"].values() if p["assembly_id"])
    minutes = f"/poles/{pole_id}/proposals/{online}/minutes"
    read = member.get(minutes)
    assert read.status_code == 200, read.get_json()
    doc = read.get_json()
    assert doc["subject_type"] == "proposal" and doc["can_sign_pdf"] == []
    assert doc["pdf_url"] == f"/api/v1{minutes}/pdf"
    pdf = member.get(f"{minutes}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    before = head()
    assert_problem(member.post(f"{minutes}/signatures", json={"capacity": "secretary"}), 403)
    assert_problem(member.post(f"{minutes}/pdf-signatures", json={"capacity": "chair", "method": "pole-ca",
                                                                  "passphrase": "x" * 12}), 403,
                   rule="not_permitted")
    assert_problem(secretary.get(f"/poles/{pole_id}/assemblies/{online}/minutes"), 404)
    assert_problem(secretary.get(f"/poles/{pole_id}/proposals/{in_assembly}/minutes"), 404)  # its assembly's
    assert_problem(secretary.get(f"/poles/{pole_id}/proposals/{september(app, pole_id)}/minutes"), 404)
    assert_problem(member.get(f"/poles/{pole_id}/proposals/{demo['draft']}/minutes"), 404)  # drafts: secretaries
    assert head() == before
    signed = secretary.post(f"{minutes}/signatures", json={"capacity": "secretary"})
    assert signed.status_code == 201, signed.get_json()
    assert signed.headers["Location"].endswith(minutes)
    assert [s["capacity"] for s in signed.get_json()["minutes"]["signatures"]] == ["secretary"]


def test_the_pole_authority_is_recognised_by_its_key_not_its_name() -> None:
    """An authority calling itself like the pole's (the same common name) is not the pole's: the issuer's key
    identifier decides (RFC 5280 Authority Key Identifier)."""
    from infrastructure.pki import PoleCA
    from web.api.minutes import legal_level_code
    pole, namesake = PoleCA.create("Drôme Coopère"), PoleCA.create("Drôme Coopère")
    assert pole.name == namesake.name and pole.key_id != namesake.key_id
    signed_by = {"valid": True, "issuer": f"Common Name: {pole.name}", "issuer_key_id": namesake.key_id}
    assert legal_level_code(signed_by, {pole.key_id}) == "advanced_if_identified"
    assert legal_level_code({**signed_by, "issuer_key_id": pole.key_id}, {pole.key_id}) == "advanced_pole_authority"
    assert legal_level_code({**signed_by, "valid": False}, {pole.key_id}) is None


def test_an_authority_the_instance_secret_no_longer_opens_is_a_503_not_a_wrong_passphrase(app: Any, api_as: Any,
                                                                                        pole_id: str) -> None:
    """The instance's secret changed without its backups: signing with the right passphrase, and issuing a
    certificate, answer 503 naming the authority (never the person's passphrase); nothing is stored."""
    import dataclasses
    minutes = f"/poles/{pole_id}/assemblies/{september(app, pole_id)}/minutes"
    chair = api_as("voted_member")
    assert chair.post(f"/poles/{pole_id}/signing-certificate", json={"passphrase": CHAIR_PASSPHRASE}).status_code == 201
    built = app.extensions["collegia"]
    built.settings = dataclasses.replace(built.settings, secret="another secret than the one the authority is under")
    before = stored_documents(app)
    for answer in (chair.post(f"{minutes}/pdf-signatures", json={"capacity": "chair", "passphrase": CHAIR_PASSPHRASE}),
                   chair.post(f"/poles/{pole_id}/signing-certificate", json={"passphrase": "une autre phrase longue"})):
        assert_problem(answer, 503)
        assert "signing authority" in answer.get_json()["detail"]
    assert stored_documents(app) == before
