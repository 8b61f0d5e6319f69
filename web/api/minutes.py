"""An assembly's minutes (procès-verbal) over the API: their state, signatures and corrections in the register, their
PDF signed and closed by its document timestamp, the caller's signing certificate, and the public verification of any
minutes PDF (issue 25, issue 26).

The same code as the pages (web/assemblies/minutes.py, web/assemblies/signing.py): the minutes computed by the domain
(`Collegia.minutes`), who may sign the PDF in which capacity (`pdf_capacities`), the PDF the next signature goes into
(`current_pdf`), the signing engine (`infrastructure/minutes_signing.py` MinutesSigning), and the domain's
`sign_minutes`, `correct_minutes`, `timestamp_minutes`, which record. A PDF travels base64-encoded in JSON (the API
reads JSON bodies only), within the page's limit (20 MB). A passphrase is never stored, answered nor logged.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, make_response, request, url_for

from governance.minutes import (check_closed, check_member_signatory, check_pdf_signature, check_signatory,
                                check_timestampable, open_capacities)
from infrastructure import pades, pki
from infrastructure.minutes_signing import MAX_PDF_BYTES, NoCertificate, Signed
from web.api.auth import PUBLIC, READERS, SECRETARIES, Access, can_read
from web.api.errors import ApiProblem, api_problem
from web.api.routing import OPERATIONS, Created, bp, operation
from web.api.schemas.minutes import (CertificateSchema, CorrectionSchema, EntryCreatedSchema, MinutesSchema,
                                     PassphraseSchema, PdfSignatureSchema, RegisterSignatureSchema, VerificationSchema,
                                     VerifySchema, upload_limit)
from web.assemblies.minutes import current_pdf, document, pdf_capacities, pdf_state, signing
from web.assemblies.signing import (_certificate_details, _recorded, _require_role_in_pole, by_pole_authority,
                                    pole_authority_ids)
from web.edge import actor, app, assembly_of_pole, caller, queries, represented
from web.labels import CAPACITY_OPTIONS

TAG = "Minutes"
MINUTES = "/poles/<pole_id>/assemblies/<assembly_id>/minutes"
CERTIFICATE = "/poles/<pole_id>/signing-certificate"

SIGNATORIES = Access("board secretaries of the pole, in any capacity; member representatives, as chair or scrutineer "
                     "of an assembly their member attended (in the room or remotely: Code de commerce R225-101)",
                     lambda pole_id, **_: can_read(pole_id))
HOLDERS = Access("members and secretaries of the pole (an administrator holds no signing certificate in a pole where "
                 "they hold no role)", lambda pole_id, **_: _require_role_in_pole(pole_id))

# A PDF in base64 and a little JSON around it: over the app's request limit (2 MB), as the pages allow a PDF upload.
UPLOAD_LIMIT = upload_limit(MAX_PDF_BYTES)


def minutes_of(pole_id: str, subject_id: str) -> dict[str, Any]:
    """The minutes of the assembly (or, on the online votes' paths, of the vote) the path names, computed by the
    domain; 404 for another pole's, or for a subject of the other kind (an assembly's resolution has no minutes of
    its own: its assembly's)."""
    kind = "proposal" if "proposal_id" in (request.view_args or {}) else "assembly"
    if kind == "assembly":
        assembly_of_pole(pole_id, subject_id)
    doc = document(pole_id, subject_id)
    if doc["subject_type"] != kind:
        raise ApiProblem(404, f"No minutes of {kind} {subject_id} in this pole.")
    return doc


def authority_unreadable(error: pki.AuthorityUnreadable) -> Response:
    """503 when the instance's secret no longer opens the pole's signing authority (a restore with another secret),
    whichever operation met it: said as what it is, never as the person's wrong passphrase; nothing signed nor
    stored (the page's twin: web/assemblies/signing.py `_authority_unreadable`)."""
    return api_problem(ApiProblem(503, "The pole's signing authority cannot be opened with this instance's secret: "
                                       "nothing was signed nor issued. Tell the platform's administrator."))


bp.register_error_handler(pki.AuthorityUnreadable, authority_unreadable)


def minutes_url(endpoint: str, pole_id: str, doc: dict[str, Any]) -> str:
    """The URL of one of these minutes' operations, on the assembly's paths or the vote's."""
    if doc["subject_type"] == "proposal":
        return url_for(f"api.{endpoint.replace('minutes', 'vote_minutes')}", pole_id=pole_id,
                       proposal_id=doc["subject_id"])
    return url_for(f"api.{endpoint}", pole_id=pole_id, assembly_id=doc["subject_id"])


def shown(pole_id: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The minutes as the API answers them: their state and register entries, never the resolutions' ballots."""
    state = pdf_state(doc)
    allowed = pdf_capacities(pole_id, doc)
    current = [s for s in doc["signatures"] if s["current"]]
    phase = ("timestamped" if state["closed"] else "pdf_signed" if state["last"] else
             "signed" if doc["signatures"] else "unsigned")
    return {**doc, "state": phase, "can_sign_pdf": allowed,
            "pdf": {"sha256": state["last"]["sha256"] if state["last"] else None, "closed": state["closed"],
                    "signatures": len([s for s in current if s.get("pdf")])},
            "html_url": url_for("minutes.show", pole_id=pole_id, subject_id=doc["subject_id"]),
            "pdf_url": minutes_url("download_minutes_pdf", pole_id, doc)}


def entry_created(pole_id: str, subject_id: str, number: int) -> Created:
    doc = minutes_of(pole_id, subject_id)
    return Created({"number": number, "minutes": shown(pole_id, doc)}, minutes_url("get_minutes", pole_id, doc))


def refused(field: str, message: str) -> ApiProblem:
    """A signature or certificate refused for what a field holds (as the page re-shows its form: 422)."""
    return ApiProblem(422, message, kind="validation", errors={field: [message]})


# -- reading ---------------------------------------------------------------------------------------------------------
@operation(MINUTES, summary="An assembly's minutes: state, signatures, corrections, signed PDF", tag=TAG,
           access=READERS, response=MinutesSchema,
           description="Who signed in which capacity (in the register only, or in the PDF: how, with which "
                       "certificate), the corrections, the document timestamp, the SHA-256 of the current text and "
                       "of its last signed PDF, the capacities you may still sign the PDF in, the URLs of the page "
                       "and of the PDF. A correction makes a new text (`digest`): earlier signatures stay, "
                       "`current` false.")
def get_minutes(pole_id: str, assembly_id: str) -> dict[str, Any]:
    return shown(pole_id, minutes_of(pole_id, assembly_id))


@operation(f"{MINUTES}/pdf", summary="Download the minutes' PDF (the last signed file once signed)", tag=TAG,
           access=READERS, errors=(503,),
           description="`application/pdf`: the archival PDF/A-3 with the register's extract of the meeting embedded "
                       "(secret choices sealed); once signed in the PDF, the last signed (or timestamped) file, "
                       "whose SHA-256 `GET …/minutes` states. A signature made outside Collegia starts from this "
                       "file.")
def download_minutes_pdf(pole_id: str, assembly_id: str) -> Response:
    doc = minutes_of(pole_id, assembly_id)
    day = doc["held_at"][:10] if doc["held_at"] else "vote"
    response = make_response(current_pdf(doc))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="proces-verbal-{day}-{assembly_id[:8]}.pdf"'
    return response


# -- the register's signatures and corrections -------------------------------------------------------------------------
@operation(f"{MINUTES}/signatures", "POST", summary="Sign the minutes in the register (without the PDF)", tag=TAG,
           access=SECRETARIES, body=RegisterSignatureSchema, response=EntryCreatedSchema, status=201, command=True,
           description="In your name, in a capacity still open on this text (422, rule `minutes`, otherwise: once "
                       "per capacity, one chair, one secretary, two scrutineers; the chair and the secretary two "
                       "persons unless the statutes allow one). Once the assembly is closed (422 before).")
def sign_minutes(pole_id: str, assembly_id: str, body: dict[str, Any]) -> Created:
    minutes_of(pole_id, assembly_id)
    number = app().sign_minutes(assembly_id, signer=caller().name, capacity=body["capacity"], actor=actor())
    return entry_created(pole_id, assembly_id, number)


@operation(f"{MINUTES}/corrections", "POST", summary="Correct signed minutes (a new entry; the earlier ones stay)",
           tag=TAG, access=SECRETARIES, body=CorrectionSchema, response=EntryCreatedSchema, status=201, command=True,
           description="Only signed minutes are corrected (422, rule `minutes`, before), referencing an existing "
                       "entry. The correction makes a new text: its PDF is signed again from the start.")
def correct_minutes(pole_id: str, assembly_id: str, body: dict[str, Any]) -> Created:
    minutes_of(pole_id, assembly_id)
    number = app().correct_minutes(assembly_id, text=body["text"], corrects=body["corrects"], actor=actor())
    return entry_created(pole_id, assembly_id, number)


# -- the signed PDF ----------------------------------------------------------------------------------------------------
@operation(f"{MINUTES}/pdf-signatures", "POST", summary="Sign the minutes' PDF", tag=TAG, access=SIGNATORIES,
           max_body=UPLOAD_LIMIT,
           body=PdfSignatureSchema, response=EntryCreatedSchema, status=201, command=True, errors=(413, 503),
           description="Your signature is added to the PDF the previous one left (PAdES, an incremental update), "
                       "then recorded in the register with the file's SHA-256. `pole-ca`: with your certificate from "
                       "the pole (`POST /poles/{pole_id}/signing-certificate` first), your passphrase opening your "
                       "key for this signature only; `pkcs12`: a certificate you bring; `external`: the PDF you "
                       "downloaded, signed outside Collegia, accepted only as that file plus one valid signature. "
                       "403 `not_permitted` for a capacity you may not sign in (a member's representative signs "
                       "only as chair or scrutineer of an assembly its member attended); 422 `minutes` for one "
                       "already taken, before the close, or once the PDF is closed by its document timestamp; 422 "
                       "with `errors` for a wrong passphrase or a file refused. Nothing is recorded on a refusal. "
                       "503 when the timestamp authority does not answer.")
def sign_minutes_pdf(pole_id: str, assembly_id: str, body: dict[str, Any]) -> Created:
    doc = minutes_of(pole_id, assembly_id)
    capacity, method = body["capacity"], body["method"]
    allowed = pdf_capacities(pole_id, doc)
    if capacity not in allowed:  # the domain's refusal when it has one (422), else the person's standing (403)
        check_closed(assembly_of_pole(pole_id, assembly_id) if doc["subject_type"] == "assembly"
                     else app().get_proposal(assembly_id))
        distinct = app().minutes_statutes(assembly_id).distinct_chair_and_secretary
        check_signatory(doc["signatures"], caller().name, capacity, doc["digest"],
                        distinct_chair_and_secretary=distinct)
        attendance = app().get_assembly(assembly_id).attendance if doc["subject_type"] == "assembly" else {}
        check_member_signatory(capacity, open_capacities(doc["signatures"], doc["digest"], caller().name,
                                                         distinct_chair_and_secretary=distinct),
                               attendance, represented(pole_id))
    state = pdf_state(doc)
    previous = state["last"]["sha256"] if state["last"] else None
    entries = sorted([*doc["signatures"], *doc["timestamps"]], key=lambda e: e["number"])
    check_pdf_signature(entries, doc["digest"], {"sha256": "0" * 64, "previous": previous, "method": method,
                                                 "certificate": "0" * 64, "subject": caller().name})  # before signing
    pole = queries().pole(pole_id)
    label, service, base = str(CAPACITY_OPTIONS[capacity]), signing(), current_pdf(doc)
    try:
        if method == "pole-ca":
            signed = service.sign_with_pole_certificate(
                base, pole_id=pole_id, pole_name=pole["name"], user_id=caller().id, passphrase=body["passphrase"],
                signer_name=caller().name, capacity_label=label)
        elif method == "pkcs12":
            try:
                signed = service.sign_with_pkcs12(base, pole_id=pole_id, pole_name=pole["name"], p12=body["p12"],
                                                  password=body["p12_password"], signer_name=caller().name,
                                                  capacity_label=label)
            except pki.WrongPassphrase:
                raise refused("p12_password", "Wrong password for this certificate file: nothing was signed.") \
                    from None
        else:
            addition = service.check_external(base, body["signed_pdf"])
            if not addition.accepted or addition.signature is None:
                raise ApiProblem(422, "This PDF was not accepted: " + "; ".join(addition.reasons), kind="validation",
                                 errors={"signed_pdf": list(addition.reasons) or ["not accepted"]})
            signature = addition.signature
            signed = Signed(pdf=body["signed_pdf"], sha256=service.store(body["signed_pdf"]),
                            certificate_sha256=signature["certificate_sha256"], subject=signature["signer"])
    except pki.WrongPassphrase:
        raise refused("passphrase", "Wrong passphrase: nothing was signed.") from None
    except NoCertificate:
        raise refused("method", "You have no signing certificate for this pole yet: set your passphrase first "
                                "(POST /poles/{pole_id}/signing-certificate).") from None
    except pades.TimestampUnavailable:
        raise ApiProblem(503, "The timestamp authority did not answer: nothing was signed. Try again later.") \
            from None
    except pades.SignatureRefused as error:
        raise refused("method", f"The signature was not made: {error}") from None
    except ValueError as error:  # a file that is not a PKCS#12
        raise refused("p12", f"This certificate file cannot be read: {error}") from None
    number = app().sign_minutes(assembly_id, signer=caller().name, capacity=capacity, actor=actor(),
                                pdf={"sha256": signed.sha256, "previous": previous, "method": method,
                                     "certificate": signed.certificate_sha256, "subject": signed.subject})
    return entry_created(pole_id, assembly_id, number)


@operation(f"{MINUTES}/timestamp", "POST", summary="Close the signed PDF with its document timestamp", tag=TAG,
           access=SECRETARIES, response=EntryCreatedSchema, status=201, command=True, errors=(503,),
           description="PAdES B-LTA: the pole authority's revocation list sealed in, the last signed file closed; "
                       "it takes no more signature (a correction makes a new text). 422 `minutes` when the PDF "
                       "holds no signature yet or is already closed. 503 when the timestamp authority does not "
                       "answer.")
def timestamp_minutes(pole_id: str, assembly_id: str) -> Created:
    doc = minutes_of(pole_id, assembly_id)
    state = pdf_state(doc)
    # The domain's refusal before the timestamp authority is asked and a file stored.
    check_timestampable(sorted([*doc["signatures"], *doc["timestamps"]], key=lambda e: e["number"]), doc["digest"])
    pole = queries().pole(pole_id)
    try:
        stamped = signing().timestamp(current_pdf(doc), pole_id=pole_id, pole_name=pole["name"])
    except pades.TimestampUnavailable:
        raise ApiProblem(503, "The timestamp authority did not answer: nothing was added. Try again later.") \
            from None
    except pades.SignatureRefused as error:
        raise ApiProblem(422, f"The timestamp was not added: {error}") from None
    number = app().timestamp_minutes(assembly_id, actor=actor(), pdf={
        "sha256": stamped.sha256, "previous": state["last"]["sha256"] if state["last"] else None, "tsa": stamped.tsa})
    return entry_created(pole_id, assembly_id, number)


# -- my signing certificate ----------------------------------------------------------------------------------------
@operation(CERTIFICATE, summary="Your signing certificate in this pole", tag=TAG, access=HOLDERS,
           response=CertificateSchema,
           description="The certificate the pole's authority issued you (never your key nor your passphrase); 404 "
                       "when you have none in force.")
def get_signing_certificate(pole_id: str) -> dict[str, Any]:
    held = signing().keys.certificate(caller().id, pole_id)
    if held is None:
        raise ApiProblem(404, "You have no signing certificate in force in this pole.")
    return _certificate_details(held)


@operation(CERTIFICATE, "POST", summary="Set your signing passphrase: the pole's authority issues your certificate",
           tag=TAG, access=HOLDERS, body=PassphraseSchema, response=CertificateSchema, status=201, errors=(503,),
           description="Your key is kept encrypted under the passphrase, which is never stored: nobody can reset it, "
                       "not even the platform. A new passphrase revokes the certificate before it (signatures made "
                       "with it stay valid).")
def set_signing_passphrase(pole_id: str, body: dict[str, Any]) -> Created:
    pole = queries().pole(pole_id)
    try:
        signing().keys.issue(caller().id, pole_id, pole["name"], name=caller().name, email=caller().email,
                             passphrase=body["passphrase"])
    except (pki.WeakPassphrase, ValueError) as error:
        raise refused("passphrase", f"This passphrase cannot protect a key: {error}") from None
    return Created(_certificate_details(signing().keys.certificate(caller().id, pole_id)),
                   url_for("api.get_signing_certificate", pole_id=pole_id))


@operation(CERTIFICATE, "DELETE", summary="Revoke your signing certificate", tag=TAG, access=HOLDERS, status=204,
           description="A key compromised: signatures made before stay valid, no new one can be made with it. 404 "
                       "when you have none in force.")
def revoke_signing_certificate(pole_id: str) -> Response:
    pole = queries().pole(pole_id)
    if not signing().keys.revoke(caller().id, pole_id, pole["name"], reason="key_compromise"):
        raise ApiProblem(404, "You have no signing certificate in force in this pole.")
    return Response(status=204)


# -- anyone checks a minutes PDF ---------------------------------------------------------------------------------------
def legal_level_code(signature: dict[str, Any], authority_ids: set[str]) -> str | None:
    """The page's legal level (web/assemblies/signing.py `legal_level`) as a code: never "qualified"."""
    if not signature.get("valid"):
        return None
    return "advanced_pole_authority" if by_pole_authority(signature, authority_ids) else "advanced_if_identified"


@operation("/minutes/verify", "POST", summary="Verify a minutes PDF: its signatures, timestamps and register entries",
           max_body=UPLOAD_LIMIT,
           tag=TAG, access=PUBLIC, body=VerifySchema, response=VerificationSchema, errors=(413,),
           description="No token needed (a bank, a notary, a registry): each signature and document timestamp "
                       "checked against what this instance trusts (the poles' authorities and their revocation "
                       "lists, the timestamp authority's roots), `altered` when the file was changed after a "
                       "signature, each valid signature's `legal_level`, machine-readable `reason_code`s, and the "
                       "register entries naming this exact file. Nothing is stored.")
def verify_minutes_pdf(body: dict[str, Any]) -> dict[str, Any]:
    data, service = body["pdf"], signing()
    report = service.verify(data).to_dict()
    authority_ids = pole_authority_ids()
    for signature in report["signatures"]:
        signature["legal_level"] = legal_level_code(signature, authority_ids)
    sha256 = hashlib.sha256(data).hexdigest()
    return {**report, "sha256": sha256, "demo_tsa": service.demo_tsa, "recorded": _recorded(sha256)}



# -- the same on an online vote's minutes (its closing makes them; no session, no attendance) --------------------------
VOTE_MINUTES = "/poles/<pole_id>/proposals/<proposal_id>/minutes"


def _on_votes(view: Any, suffix: str, method: str = "GET") -> None:
    """Register `view`'s operation again on an online vote's minutes: the same schemas, access and answers, the
    proposal's id in the path. Only secretaries sign an online vote's minutes (no session: no chair from the room)."""
    op = OPERATIONS[view.__name__]

    def twin(pole_id: str, proposal_id: str, **kwargs: Any) -> Any:
        return view(pole_id, proposal_id, **kwargs)
    twin.__name__ = view.__name__.replace("minutes", "vote_minutes")
    twin.__doc__ = view.__doc__
    details = {name: getattr(op, name) for name in ("query", "body", "response", "many", "status", "command",
                                                    "errors", "max_body", "access")}
    operation(VOTE_MINUTES + suffix, method, summary=op.summary.replace("An assembly's minutes", "An online "
                                                                        "vote's minutes"),
              tag=TAG, description=op.description, **details)(twin)


for _view, _suffix, _method in ((get_minutes, "", "GET"), (download_minutes_pdf, "/pdf", "GET"),
                                (sign_minutes, "/signatures", "POST"), (correct_minutes, "/corrections", "POST"),
                                (sign_minutes_pdf, "/pdf-signatures", "POST"), (timestamp_minutes, "/timestamp", "POST")):
    _on_votes(_view, _suffix, _method)
