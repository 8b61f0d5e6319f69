"""General assemblies over the API (issue 26): convene one on draft proposals, its convocation (the pole's identity,
members' consents to e-mail and postal addresses, sending, the letters' posting), the documents made available,
correspondence forms, attendance and proxies, the session with its quorum, resolutions put to the vote, ballots cast
in the room, each resolution closed with its outcome, incidents, the session closed; and the minutes' links.

Every command calls the use case the assembly pages call (governance/application.py, web/assemblies/), with the
pages' own helpers where they compute something (who has an e-mail address on file, the assembly's public address,
the agenda's numbering, the documents' lateness). Answers are read from the assembly itself (the read model may lag
in the worker mode). A secret resolution's choice, from a form or a ballot, is in no answer.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
from dataclasses import asdict
from typing import Any

from flask import url_for

from governance import clock
from governance.assembly import (CLOSED, CONVENED, FORM_DEADLINE_HOUR, ONLINE, PAPER, Assembly, QuorumStatus,
                                 earliest_meeting_day)
from governance.convocation import IDENTITY_FIELDS, missing_identity, required_identity
from governance.numbers import fraction_str
from infrastructure.contacts import postal_address, postal_addresses, set_postal_address
from infrastructure.documents import MAX_DOCUMENT_BYTES, check_document, store_document
from web.api.auth import READERS, SECRETARIES, Access, can_read
from web.api.errors import ApiProblem
from web.api.lookups import member_of
from web.api.routing import Created, operation
from web.api.schemas.minutes import upload_limit
from web.api.schemas.assemblies import (AssemblyProxyRecordSchema, AssemblyProxySchema, AssemblySchema,
                                        AssemblySummarySchema, AttendanceSchema, AttendanceSheetSchema,
                                        ConsentSchema, ConsentStateSchema, ConvocationSchema, ConveneSchema,
                                        CorrespondenceFormSchema, DocumentSchema, DocumentUploadSchema,
                                        FormReceiptSchema, IdentitySchema, IncidentRecordSchema, IncidentSchema,
                                        PaperFormSchema, PoleIdentitySchema, PostalAddressRecordSchema,
                                        PostalAddressSchema, PostingSchema, RoomBallotsRecordedSchema,
                                        RoomBallotsSchema)
from web.assemblies.convocation import _assembly_url, _engine, _reachable
from web.assemblies.pages import DOCUMENT_DAYS, agenda_numbers, document_rows, names
from web.edge import actor, app, assembly_of_pole, is_secretary, queries, represented

TAG = "General assemblies"
ASSEMBLIES = "/poles/<pole_id>/assemblies"
ASSEMBLY = f"{ASSEMBLIES}/<assembly_id>"
RESOLUTION = f"{ASSEMBLY}/resolutions/<proposal_id>"
MEMBER = "/poles/<pole_id>/members/<member_id>"
UPLOAD_LIMIT = upload_limit(MAX_DOCUMENT_BYTES)

SECRETARIES_OR_PRINCIPALS = Access(
    "board secretaries of the pole (a proxy received on paper, for any member); member representatives, for the "
    "members they represent", lambda pole_id, **_: can_read(pole_id))
REPRESENTATIVES = Access("member representatives, for the members they represent",
                         lambda pole_id, **_: can_read(pole_id))


# -- what an answer shows ----------------------------------------------------------------------------------------
def quorum_row(status: QuorumStatus) -> dict[str, Any]:
    return {**asdict(status), "quorum": fraction_str(status.quorum), "colleges": list(status.colleges),
            "colleges_short": list(status.colleges_short)}


def quorums(a: Assembly, proposals: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """One quorum per kind of resolution on the agenda, as the assembly page shows them."""
    proposals = proposals if proposals is not None else {p: queries().proposal(p) for p in a.agenda}
    kinds = sorted({p["kind"] for p in proposals.values() if p})
    return [quorum_row(a.quorum(kind)) for kind in kinds]


def minutes_links(pole_id: str, a: Assembly) -> dict[str, Any] | None:
    """Where a closed assembly's minutes are (their state: `get_minutes`, computed by the domain)."""
    if a.status != CLOSED:
        return None
    at = {"pole_id": pole_id, "assembly_id": str(a.id)}
    return {"url": url_for("api.get_minutes", **at), "pdf_url": url_for("api.download_minutes_pdf", **at),
            "page_url": url_for("minutes.show", pole_id=pole_id, subject_id=str(a.id))}


def assembly_view(pole_id: str, a: Assembly) -> dict[str, Any]:
    """The assembly as its page shows it."""
    row = queries().assembly(str(a.id)) or {}
    proposals = {p: queries().proposal(p) for p in a.agenda}
    numbering = agenda_numbers(a, proposals)
    amended = a.amendments or {}
    items = []
    for pid in a.agenda:
        p = proposals.get(pid) or {}
        number = numbering.get(pid, {})
        items.append({"proposal_id": pid, "title": p.get("title", pid), "kind": p.get("kind", ""),
                      "secret": bool(p.get("secret")), "resolution": number.get("resolution"),
                      "amends": amended.get(pid), "amendment": number.get("amendment"),
                      "state": a.resolutions.get(pid), "outcome": a.outcomes.get(pid)})
    sent = a.convocation_sent
    return {"id": str(a.id), "pole_id": str(a.pole_id), "kind": a.kind, "held_at": a.held_at, "place": a.place,
            "mode": a.mode, "convocation": a.convocation, "status": a.status, "convened_by": a.convened_by,
            "convened_at": row.get("convened_at") or a.created_on, "opened_at": row.get("opened_at"),
            "closed_at": row.get("closed_at"), "electorate_size": len(a.electorate), "agenda": list(a.agenda),
            "statutes_version": a.statutes_version, "items": items, "quorum": quorums(a, proposals),
            "attending": len(a.attending()), "forms_counted": len(a.live_forms()),
            "convocation_sent": None if sent is None else {
                "sent_at": sent["sent_at"], "sha256": sent["sha256"], "posted_on": sent["posted_on"],
                "notice": a.notice_kept()},
            "documents": document_rows(a), "incidents": a.incidents, "minutes": minutes_links(pole_id, a)}


def attendance_view(pole_id: str, a: Assembly) -> dict[str, Any]:
    member_names = names(pole_id)
    attending, holders = a.attending(), a.represented()
    electors = sorted(a.electorate, key=lambda m: member_names.get(m, m).lower())
    return {"assembly_id": str(a.id), "status": a.status, "attending": len(attending), "quorum": quorums(a),
            "electors": [{"member_id": m, "name": member_names.get(m, m), "college": a.electorate[m],
                          "attendance": attending.get(m, "absent"), "represented_by": holders.get(m)}
                         for m in electors]}


def proxy_rows(a: Assembly) -> list[dict[str, Any]]:
    counted = a.represented()
    return [{"principal_id": p, "holder_id": proxy["holder"], "status": proxy["status"], "counted": p in counted}
            for p, proxy in a.proxies.items()]


def convocation_view(pole_id: str, a: Assembly) -> dict[str, Any]:
    """The convocation page's facts: as sent, or as it would be sent now (R225-63, R225-66, R225-69)."""
    pole = app().get_pole(pole_id)
    sent = a.convocation_sent
    if sent is not None:
        routes, text = sent["recipients"], sent["text"]
    elif a.status == CONVENED:
        routes = app().convocation_routes(a.id, reachable=_reachable(pole_id))
        text = app().convocation_text(a.id, assembly_url=_assembly_url(pole_id, str(a.id)))
    else:
        routes, text = {}, ""
    member_names = names(pole_id)
    addresses = postal_addresses(_engine(), pole_id)
    recipients = [{"member_id": m, "name": member_names.get(m, m), "channel": r["channel"], "reason": r["reason"],
                   "consent_on": r.get("consent_on"), "has_postal_address": bool(addresses.get(m))}
                  for m, r in sorted(routes.items(), key=lambda item: member_names.get(item[0], item[0]).lower())]
    return {"assembly_id": str(a.id), "sent": sent is not None, "sent_at": sent and sent["sent_at"],
            "sha256": sent and sent["sha256"], "posted_on": sent and sent["posted_on"], "text": text,
            "recipients": recipients, "missing_identity": missing_identity(pole.identity, pole.legal_form),
            "notice": a.notice_kept(),
            "earliest_meeting_day": earliest_meeting_day(a.statutes, a.convocation, clock.now()).isoformat()}


def receipt(member_names: dict[str, str], a: Assembly, member: str) -> dict[str, Any]:
    """A member's form as the secretary's list shows it: never a choice."""
    form = a.forms.get(member) or {}
    return {"member_id": member, "name": member_names.get(member, member), "way": form.get("way"),
            "channel": form.get("channel"), "received_on": form.get("received_on"), "status": form.get("status")}


def resolution_of(pole_id: str, assembly_id: str, proposal_id: str) -> Assembly:
    """The assembly of this pole with this proposal on its agenda (404 otherwise), as the pages check it."""
    a = assembly_of_pole(pole_id, assembly_id)
    if str(proposal_id) not in a.resolutions:
        raise ApiProblem(404, f"No resolution {proposal_id} on this assembly's agenda.")
    return a


def now_of(pole_id: str, assembly_id: str) -> Assembly:
    return assembly_of_pole(pole_id, assembly_id)


# -- assemblies ---------------------------------------------------------------------------------------------------
@operation(ASSEMBLIES, summary="A pole's general assemblies, the next or latest first", tag=TAG, access=READERS,
           response=AssemblySummarySchema, many=True)
def list_assemblies(pole_id: str) -> list[dict[str, Any]]:
    return queries().assemblies(pole_id)


@operation(ASSEMBLIES, "POST", summary="Convene a general assembly on draft proposals", tag=TAG, access=SECRETARIES,
           body=ConveneSchema, response=AssemblySchema, status=201, command=True,
           description="Freezes the electorate, the statutes and their rules, and puts the drafts on its agenda "
                       "(R225-66: the agenda is then fixed). Refused (422 `assembly`) with a notice shorter than the "
                       "statutes' (R225-69), a resolution of a kind this assembly does not vote, an empty "
                       "electorate; (409 `proposal`) for a proposal that is not a draft or is already on an agenda; "
                       "(422 `not_found`) for a proposal of no such id in this pole. The convocation itself is sent "
                       "with `POST …/convocation/send`.")
def convene_assembly(pole_id: str, body: dict[str, Any]) -> Created:
    assembly_id = str(app().convene_assembly(
        pole_id, kind=body["kind"], held_at=body["held_at"], place=body["place"], mode=body["mode"],
        convocation=body["convocation"], agenda=[str(p) for p in body["agenda"]], actor=actor()))
    return Created(assembly_view(pole_id, app().get_assembly(assembly_id)),
                   url_for("api.get_assembly", pole_id=pole_id, assembly_id=assembly_id))


@operation(ASSEMBLY, summary="Read an assembly: agenda, states and outcomes, quorum, convocation, minutes", tag=TAG,
           access=READERS, response=AssemblySchema,
           description="`items` is the agenda with each proposal id; `quorum` the head-count quorum of each kind of "
                       "resolution on it, now; `minutes` the minutes' links and signatures once the session is "
                       "closed.")
def get_assembly(pole_id: str, assembly_id: str) -> dict[str, Any]:
    return assembly_view(pole_id, assembly_of_pole(pole_id, assembly_id))


# -- the pole's identity, consents and postal addresses (what a convocation needs) ---------------------------------
def identity_view(pole_id: str) -> dict[str, Any]:
    pole = app().get_pole(pole_id)
    return {**{name: pole.identity.get(name, "") for name in IDENTITY_FIELDS},
            "required": list(required_identity(pole.legal_form)),
            "missing": missing_identity(pole.identity, pole.legal_form)}


@operation("/poles/<pole_id>/identity", summary="The pole's identity as a convocation states it", tag=TAG,
           access=SECRETARIES, response=PoleIdentitySchema,
           description="Registered office, and for a company its capital and RCS number and city (R225-66, "
                       "R123-237); `missing` lists what sending a convocation still needs.")
def get_pole_identity(pole_id: str) -> dict[str, Any]:
    return identity_view(pole_id)


@operation("/poles/<pole_id>/identity", "PUT", summary="Record the pole's identity (the whole of it)", tag=TAG,
           access=SECRETARIES, body=IdentitySchema, response=PoleIdentitySchema, command=True)
def record_pole_identity(pole_id: str, body: dict[str, Any]) -> dict[str, Any]:
    app().record_pole_identity(pole_id, actor=actor(), **{name: body[name] for name in IDENTITY_FIELDS})
    return identity_view(pole_id)


def consent_view(pole_id: str, member_id: str) -> dict[str, Any]:
    pole = app().get_pole(pole_id)
    history = pole.consent_history(member_id)
    return {"member_id": str(member_id), "email": pole.consents_to_email(member_id),
            "history": [{"entry": h["entry"], "channel": h["channel"], "on": h["on"]} for h in history]}


@operation(f"{MEMBER}/convocation-consents", summary="A member's consents to e-mail convocation (R225-63)", tag=TAG,
           access=SECRETARIES, response=ConsentStateSchema)
def get_convocation_consents(pole_id: str, member_id: str) -> dict[str, Any]:
    member_of(pole_id, member_id)
    return consent_view(pole_id, member_id)


@operation(f"{MEMBER}/convocation-consents", "POST", summary="Record a signed paper consent to e-mail convocation, "
           "or a return to post", tag=TAG, access=SECRETARIES, body=ConsentSchema, response=ConsentStateSchema,
           status=201, command=True,
           description="An admitted member's signed form, with its date (R225-63); 409 `membership` when it already "
                       "is so. A member's own choice online is its account's.")
def record_convocation_consent(pole_id: str, member_id: str, body: dict[str, Any]) -> Created:
    member_of(pole_id, member_id)
    if body["entry"] == "given":
        app().give_convocation_consent(pole_id, member_id, channel=PAPER, given_on=body["on"], actor=actor())
    else:
        app().withdraw_convocation_consent(pole_id, member_id, channel=PAPER, asked_on=body["on"], actor=actor())
    return Created(consent_view(pole_id, member_id),
                   url_for("api.get_convocation_consents", pole_id=pole_id, member_id=member_id))


@operation(f"{MEMBER}/postal-address", summary="A member's postal address, for convocations by post", tag=TAG,
           access=SECRETARIES, response=PostalAddressRecordSchema,
           description="Contact data, kept out of the event log (it is erased on request).")
def get_postal_address(pole_id: str, member_id: str) -> dict[str, Any]:
    member_of(pole_id, member_id)
    return {"member_id": str(member_id), "address": postal_address(_engine(), pole_id, member_id)}


@operation(f"{MEMBER}/postal-address", "PUT", summary="Record (or, empty, erase) a member's postal address",
           tag=TAG, access=SECRETARIES, body=PostalAddressSchema, response=PostalAddressRecordSchema, command=True,
           description="422 `postal_address` beyond 8 lines or the stored length, or with an invisible character.")
def record_postal_address(pole_id: str, member_id: str, body: dict[str, Any]) -> dict[str, Any]:
    member_of(pole_id, member_id)
    set_postal_address(_engine(), pole_id, member_id, body["address"])
    return {"member_id": str(member_id), "address": postal_address(_engine(), pole_id, member_id)}


# -- the convocation, documents ----------------------------------------------------------------------------------
@operation(f"{ASSEMBLY}/convocation", summary="The convocation: as it would be sent now, or as it was sent", tag=TAG,
           access=SECRETARIES, response=ConvocationSchema,
           description="Its text, how each member is (or would be) convened and by which rule (R225-63), the "
                       "identity still missing (R225-66), the notice (R225-69).")
def get_convocation(pole_id: str, assembly_id: str) -> dict[str, Any]:
    return convocation_view(pole_id, assembly_of_pole(pole_id, assembly_id))


@operation(f"{ASSEMBLY}/convocation/send", "POST", summary="Send the convocation", tag=TAG, access=SECRETARIES,
           response=ConvocationSchema, command=True,
           description="Final: its text, fingerprint and each member's channel are recorded; e-mails are queued, "
                       "letters are to print, post and record (`…/convocation/posting`). 422 `assembly` when the "
                       "identity lacks what R225-66 requires or the notice is short; 409 once sent.")
def send_convocation(pole_id: str, assembly_id: str) -> dict[str, Any]:
    a = assembly_of_pole(pole_id, assembly_id)
    app().send_convocation(a.id, reachable=_reachable(pole_id), assembly_url=_assembly_url(pole_id, assembly_id),
                           actor=actor())
    return convocation_view(pole_id, now_of(pole_id, assembly_id))


@operation(f"{ASSEMBLY}/convocation/posting", "POST", summary="Record the day the convocation letters were posted",
           tag=TAG, access=SECRETARIES, body=PostingSchema, response=ConvocationSchema, command=True)
def record_posting(pole_id: str, assembly_id: str, body: dict[str, Any]) -> dict[str, Any]:
    a = assembly_of_pole(pole_id, assembly_id)
    app().record_posting(a.id, posted_on=body["posted_on"], actor=actor())
    return convocation_view(pole_id, now_of(pole_id, assembly_id))


@operation(f"{ASSEMBLY}/documents", "POST", summary="Make a document available to the members (base64)", tag=TAG,
           max_body=UPLOAD_LIMIT,
           access=SECRETARIES, body=DocumentUploadSchema, response=DocumentSchema, status=201, command=True,
           description="Its kind is confirmed by its content, it is stored by its SHA-256 and recorded as available "
                       f"from now (R225-83, R225-89: `late` under {DOCUMENT_DAYS} days before the meeting). 422 "
                       "`invalid_input` "
                       "for a refused file; 409 for one already there. Refused, no byte is stored.")
def upload_assembly_document(pole_id: str, assembly_id: str, body: dict[str, Any]) -> Created:
    a = assembly_of_pole(pole_id, assembly_id)
    try:
        content = base64.b64decode(body["content"], validate=True)
    except (binascii.Error, ValueError):
        raise ApiProblem(422, "Some fields are invalid: see errors.", kind="validation",
                         errors={"content": ["Not base64 (RFC 4648, standard alphabet)."]}) from None
    proposal_id = None if body["proposal_id"] is None else str(body["proposal_id"])
    # As the page does (web/assemblies/convocation.py `documents`): the file checked, the assembly's rules on a copy,
    # then the bytes stored and the fact recorded, so that a refused document stores no byte.
    media_type, name = check_document(body["name"], content)
    sha256 = hashlib.sha256(content).hexdigest()
    copy.deepcopy(a).make_document_available(sha256=sha256, name=name, size=len(content), media_type=media_type,
                                             proposal_id=proposal_id, actor=actor())
    store_document(_engine(), content, media_type)
    app().make_document_available(a.id, sha256=sha256, name=name, size=len(content), media_type=media_type,
                                  proposal_id=proposal_id, actor=actor())
    document = next(d for d in document_rows(now_of(pole_id, assembly_id)) if d["sha256"] == sha256)
    return Created(document, url_for("api.get_assembly", pole_id=pole_id, assembly_id=assembly_id))


# -- correspondence forms ----------------------------------------------------------------------------------------
@operation(f"{ASSEMBLY}/correspondence", summary="The correspondence forms received (never their choices)",
           tag=TAG, access=SECRETARIES, response=FormReceiptSchema, many=True,
           description="Every member of the electorate, by name, with its form if one was received.")
def list_correspondence_forms(pole_id: str, assembly_id: str) -> list[dict[str, Any]]:
    a = assembly_of_pole(pole_id, assembly_id)
    member_names = names(pole_id)
    return [receipt(member_names, a, m) for m in sorted(a.electorate, key=lambda m: member_names.get(m, m).lower())]


@operation(f"{ASSEMBLY}/correspondence", "POST", summary="Send a member's correspondence form online", tag=TAG,
           access=REPRESENTATIVES, body=CorrespondenceFormSchema, response=FormReceiptSchema, status=201,
           command=True,
           description="Final (R225-85 III: one way to take part unless the statutes allow another). Only the "
                       "member's representative sends it (anyone else: 403 `not_permitted`); until the eve of the "
                       f"meeting at {FORM_DEADLINE_HOUR}:00 Paris time (R225-77), once the convocation is sent (422 "
                       "`assembly`). Secret choices are "
                       "sealed at once; the answer never repeats a choice. Pad the body when a resolution is secret "
                       "(docs/api.md).")
def send_correspondence_form(pole_id: str, assembly_id: str, body: dict[str, Any]) -> Created:
    a = assembly_of_pole(pole_id, assembly_id)
    member = str(body["member_id"])
    app().record_correspondence_form(a.id, member, way=body["way"], choices=body["choices"], channel=ONLINE,
                                     represented=represented(pole_id), actor=actor())
    return Created(receipt(names(pole_id), now_of(pole_id, assembly_id), member),
                   url_for("api.get_assembly", pole_id=pole_id, assembly_id=assembly_id))


@operation(f"{ASSEMBLY}/correspondence/paper", "POST", summary="Record a signed paper correspondence form", tag=TAG,
           access=SECRETARIES, body=PaperFormSchema, response=FormReceiptSchema, status=201, command=True,
           description="With its day of receipt: R225-77 counts it when received on or before the statutes' cut-off "
                       "(422 `assembly` after). The answer never repeats a choice.")
def record_paper_form(pole_id: str, assembly_id: str, body: dict[str, Any]) -> Created:
    a = assembly_of_pole(pole_id, assembly_id)
    member = str(body["member_id"])
    app().record_correspondence_form(a.id, member, way=body["way"], choices=body["choices"], channel=PAPER,
                                     received_on=body["received_on"], actor=actor())
    return Created(receipt(names(pole_id), now_of(pole_id, assembly_id), member),
                   url_for("api.list_correspondence_forms", pole_id=pole_id, assembly_id=assembly_id))


# -- attendance and proxies --------------------------------------------------------------------------------------
@operation(f"{ASSEMBLY}/attendance", summary="Every elector's attendance, and the quorum it gives now", tag=TAG,
           access=READERS, response=AttendanceSheetSchema)
def get_attendance(pole_id: str, assembly_id: str) -> dict[str, Any]:
    return attendance_view(pole_id, assembly_of_pole(pole_id, assembly_id))


@operation(f"{ASSEMBLY}/attendance", "POST", summary="Record how a member takes part (or, a correction, is absent)",
           tag=TAG, access=SECRETARIES, body=AttendanceSchema, response=AttendanceSheetSchema, command=True,
           description="Present or remote overrides the member's proxy; a correction to absent brings it back "
                       "unless the statutes refuse it (422 `proxy`: send `restore_proxy: false` to record the absence "
                       "without it). One way to take part (R225-85 III). The page's attendance sheet is this "
                       "operation, once per member changed.")
def record_attendance(pole_id: str, assembly_id: str, body: dict[str, Any]) -> dict[str, Any]:
    a = assembly_of_pole(pole_id, assembly_id)
    app().record_attendance(a.id, str(body["member_id"]), body["mode"], actor=actor(),
                            restore_proxy=body["restore_proxy"])
    return attendance_view(pole_id, now_of(pole_id, assembly_id))


@operation(f"{ASSEMBLY}/remote", "POST", summary="Join the session remotely, for the members you represent", tag=TAG,
           access=REPRESENTATIVES, response=AttendanceSheetSchema, command=True,
           description="Records each member of the electorate you represent as taking part remotely (403 when you "
                       "represent none); refused (422 `assembly`) when the statutes do not count remote members as "
                       "present (L225-107 II).")
def join_remotely(pole_id: str, assembly_id: str) -> dict[str, Any]:
    a = assembly_of_pole(pole_id, assembly_id)
    mine = [m for m in represented(pole_id) if m in a.electorate]
    if not mine:
        raise ApiProblem(403, "You represent no member of this assembly's electorate.")
    for member_id in mine:
        app().record_attendance(a.id, member_id, "remote", actor=actor())
    return attendance_view(pole_id, now_of(pole_id, assembly_id))


@operation(f"{ASSEMBLY}/proxies", summary="The proxies given for the whole assembly", tag=TAG, access=READERS,
           response=AssemblyProxyRecordSchema, many=True)
def list_assembly_proxies(pole_id: str, assembly_id: str) -> list[dict[str, Any]]:
    return proxy_rows(assembly_of_pole(pole_id, assembly_id))


def check_principal(pole_id: str, principal_id: str) -> None:
    """A secretary records any member's proxy (received on paper); a representative, its own members' only."""
    if not is_secretary(pole_id) and principal_id not in represented(pole_id):
        raise ApiProblem(403, "You do not represent this member.")


@operation(f"{ASSEMBLY}/proxies", "POST", summary="Give a proxy for the whole assembly", tag=TAG,
           access=SECRETARIES_OR_PRINCIPALS, body=AssemblyProxySchema, response=AssemblyProxyRecordSchema,
           status=201, command=True,
           description="Within the statutes' caps (422 `proxy`), until the first resolution is put to the vote.")
def give_assembly_proxy(pole_id: str, assembly_id: str, body: dict[str, Any]) -> Created:
    a = assembly_of_pole(pole_id, assembly_id)
    principal = str(body["principal_id"])
    check_principal(pole_id, principal)
    app().give_assembly_proxy(a.id, principal, str(body["holder_id"]), actor=actor())
    row = next(r for r in proxy_rows(now_of(pole_id, assembly_id)) if r["principal_id"] == principal)
    return Created(row, url_for("api.list_assembly_proxies", pole_id=pole_id, assembly_id=assembly_id))


@operation(f"{ASSEMBLY}/proxies/<principal_id>", "DELETE", summary="Revoke a proxy given for the assembly", tag=TAG,
           access=SECRETARIES_OR_PRINCIPALS, response=AssemblyProxyRecordSchema, command=True,
           description="Until the first resolution is put to the vote (422 `proxy` after, or with no proxy to "
                       "revoke).")
def revoke_assembly_proxy(pole_id: str, assembly_id: str, principal_id: str) -> dict[str, Any]:
    a = assembly_of_pole(pole_id, assembly_id)
    check_principal(pole_id, str(principal_id))
    app().revoke_assembly_proxy(a.id, str(principal_id), actor=actor())
    return next(r for r in proxy_rows(now_of(pole_id, assembly_id)) if r["principal_id"] == str(principal_id))


# -- the session ----------------------------------------------------------------------------------------------------
@operation(f"{ASSEMBLY}/open", "POST", summary="Open the session", tag=TAG, access=SECRETARIES,
           response=AssemblySchema, command=True,
           description="Once; on the day the convocation announced when it was sent through Collegia (422 "
                       "`assembly`). Forms of members who left the pole are set aside first (R225-86).")
def open_session(pole_id: str, assembly_id: str) -> dict[str, Any]:
    a = assembly_of_pole(pole_id, assembly_id)
    app().open_session(a.id, actor=actor())
    return assembly_view(pole_id, now_of(pole_id, assembly_id))


@operation(f"{RESOLUTION}/vote", "POST", summary="Put a resolution to the vote (the quorum is checked now)", tag=TAG,
           access=SECRETARIES, response=AssemblySchema, command=True,
           description="Refused (422 `assembly`) unless the quorum of its kind is reached now (head count, and per "
                       "college when the statutes say so), one at a time, amendments first. The attendance and "
                       "proxies of this moment are frozen for it; correspondence forms vote at once. 404 for a "
                       "proposal not on the agenda.")
def put_to_vote(pole_id: str, assembly_id: str, proposal_id: str) -> dict[str, Any]:
    a = resolution_of(pole_id, assembly_id, proposal_id)
    app().put_to_vote(a.id, str(proposal_id), actor=actor())
    return assembly_view(pole_id, now_of(pole_id, assembly_id))


@operation(f"{RESOLUTION}/ballots", "POST", summary="Record ballots cast in the room on a public resolution", tag=TAG,
           access=SECRETARIES, body=RoomBallotsSchema, response=RoomBallotsRecordedSchema, status=201,
           command=True,
           description="All or nothing. A represented member's ballot is cast by its holder; a member whose form "
                       "voted is refused. A secret resolution is voted by each member (409 `voting`): its ballots "
                       "go through `POST /poles/{pole_id}/proposals/{proposal_id}/ballots`.")
def record_room_ballots(pole_id: str, assembly_id: str, proposal_id: str, body: dict[str, Any]) -> Created:
    resolution_of(pole_id, assembly_id, proposal_id)
    ballots = {str(b["member_id"]): b["choice"] for b in body["ballots"]}
    if len(ballots) != len(body["ballots"]):  # all or nothing: a member twice is the caller's mistake, not a vote
        raise ApiProblem(422, "Some fields are invalid: see errors.", kind="validation",
                         errors={"ballots": ["A member appears more than once: one ballot per member."]})
    count = app().record_room_ballots(str(proposal_id), ballots, actor=actor())
    return Created({"proposal_id": str(proposal_id), "recorded": count},
                   url_for("api.list_ballots", pole_id=pole_id, proposal_id=str(proposal_id)))


@operation(f"{RESOLUTION}/close", "POST", summary="Close a resolution's vote and record its outcome", tag=TAG,
           access=SECRETARIES, response=AssemblySchema, command=True,
           description="The tally is recorded in the proposal (`GET …/proposals/{proposal_id}/tally`) and an adopted "
                       "effect applied; the agenda item gets its `outcome`.")
def close_resolution(pole_id: str, assembly_id: str, proposal_id: str) -> dict[str, Any]:
    resolution_of(pole_id, assembly_id, proposal_id)
    app().close_voting(str(proposal_id), actor=actor())
    return assembly_view(pole_id, now_of(pole_id, assembly_id))


@operation(f"{ASSEMBLY}/incidents", "POST", summary="Record a technical incident of the remote link", tag=TAG,
           access=SECRETARIES, body=IncidentSchema, response=IncidentRecordSchema, status=201, command=True,
           description="During the session (422 `assembly` otherwise); the minutes state it (R225-99).")
def record_incident(pole_id: str, assembly_id: str, body: dict[str, Any]) -> Created:
    a = assembly_of_pole(pole_id, assembly_id)
    app().record_incident(a.id, started_at=body["started_at"], ended_at=body["ended_at"],
                          description=body["description"], actor=actor())
    return Created(now_of(pole_id, assembly_id).incidents[-1],
                   url_for("api.get_assembly", pole_id=pole_id, assembly_id=assembly_id))


@operation(f"{ASSEMBLY}/close", "POST", summary="Close the session", tag=TAG, access=SECRETARIES,
           response=AssemblySchema, command=True,
           description="Refused (422 `assembly`) while a resolution is being voted. Final: the minutes can then be "
                       "signed (their links are in the answer's `minutes`).")
def close_session(pole_id: str, assembly_id: str) -> dict[str, Any]:
    a = assembly_of_pole(pole_id, assembly_id)
    app().close_session(a.id, actor=actor())
    return assembly_view(pole_id, now_of(pole_id, assembly_id))
