"""Minutes (procès-verbal) of an assembly or of an online vote: the document and its signatures.

The document is computed from the events (the assembly, its resolutions' frozen rules,
attendance and tallies, the pole's member names); it is never stored as text. What is
stored, in the `Minutes` aggregate, are the signatures (who, in what capacity, when, and
the digest of the document they signed) and the corrections, each a new entry that
references the entry it corrects. Nothing is ever edited.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Sequence
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from governance import clock
from governance.base import MAX_TEXT, GovernanceAggregate, clean_actor, clean_text
from governance.errors import InvalidInput, MinutesRuleBroken, NotPermitted
from governance.proposal import CLOSED, Proposal

CAPACITIES = ("chair", "secretary", "scrutineer")
# Who signs the minutes of an assembly: "le procès-verbal des délibérations de l'assemblée […] est signé par les
# membres du bureau" (Code de commerce art. R225-106), and the bureau is "le président, deux scrutateurs et un
# secrétaire" that they designate (art. R225-101). So, on one text of the minutes, one chair, one secretary
# and at most two scrutineers sign; a correction makes a new text, whose signatures can be renewed.
SEATS = {"chair": 1, "secretary": 1, "scrutineer": 2}
# Who among the members sits in an assembly's bureau (Code de commerce R225-100, R225-101: the chair, the two
# scrutineers are members of the assembly; the secretary may be chosen outside them): a member's representative signs
# the minutes in these capacities only, and only of a session its member attended, in the room or remotely (a remote
# attendance is recorded only when the statutes count it as present, L225-107 II: governance/assembly.py).
MEMBER_CAPACITIES = ("chair", "scrutineer")
AT_THE_SESSION = frozenset({"present", "remote"})
SIGNATURE, CORRECTION, TIMESTAMP = "signature", "correction", "timestamp"
# How a signature in the minutes' PDF was made (issue 25, docs/signing.md): with a certificate the pole's own
# authority issued to the person (key under their passphrase), with a PKCS#12 the person brought, or outside
# Collegia on the downloaded PDF and uploaded back (verified before it is accepted).
PDF_METHODS = ("pole-ca", "pkcs12", "external")
_NAMESPACE = uuid5(NAMESPACE_URL, "https://collegia.coop/minutes")


def minutes_id(subject_id: UUID | str) -> UUID:
    """The one Minutes aggregate of an assembly or an online vote."""
    return uuid5(_NAMESPACE, str(subject_id))


class Minutes(GovernanceAggregate):
    """The signatures and corrections of one assembly's or one online vote's minutes."""

    @staticmethod
    def create_id(subject_id: str) -> UUID:
        return minutes_id(subject_id)

    @classmethod
    def start(cls, *, pole_id: UUID, subject_type: str, subject_id: str, actor: str) -> "Minutes":
        if subject_type not in ("assembly", "proposal"):
            raise InvalidInput("minutes are kept for an assembly or an online vote")
        return cls(pole_id=pole_id, subject_type=subject_type, subject_id=str(subject_id), actor=clean_actor(actor))

    @event("MinutesStarted")
    def __init__(self, pole_id: UUID, subject_type: str, subject_id: str, actor: str) -> None:
        self.pole_id, self.subject_type, self.subject_id = pole_id, subject_type, subject_id
        self.entries: list[dict[str, Any]] = []

    class MinutesSigned(GovernanceAggregate.Event):
        """A signature. Version 2 records the register's head at signing (`register_head`: pole, seq, entry
        hash), so that a register later cut short is caught (docs/register.md), and the version of each
        aggregate the signed document was computed from (`versions`: aggregate id → version), so that signed
        minutes read the same forever (`as_signed`); signatures of version 1 have neither. Version 3 (issue 25)
        records the signed PDF when the signature is an electronic signature in the minutes' PDF (`pdf`: the
        signed file's SHA-256, the file it was added to, how it was made, the signer's certificate), so that the
        register and the PDF vouch for each other (`check_pdf_signature`); earlier signatures have none."""

        class_version = 3
        number: int
        signer: str
        capacity: str
        digest: str
        at: datetime
        actor: str
        register_head: dict[str, Any] | None
        versions: dict[str, int] | None
        pdf: dict[str, Any] | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["register_head"] = None
            state["versions"] = None

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state["pdf"] = None

    def sign(self, *, signer: str, capacity: str, digest: str, actor: str,
             register_head: dict[str, Any] | None = None, versions: dict[str, int] | None = None,
             distinct_chair_and_secretary: bool = True, pdf: dict[str, Any] | None = None) -> None:
        """Sign the minutes as they read now (`digest` of the document) in a capacity; `register_head` is the
        register's head at signing ({"pole", "seq", "hash"}), when the store keeps the chain; `versions` the
        versions of the aggregates the document was computed from; `distinct_chair_and_secretary` the statutes'
        choice (`Statutes.distinct_chair_and_secretary`, the law's default when not given)."""
        if capacity not in CAPACITIES:
            raise InvalidInput("a signatory signs as one of {choices}", choices=", ".join(CAPACITIES))
        signer = clean_text(signer, "signatory")
        self.check_signatory(signer, capacity, digest, distinct_chair_and_secretary=distinct_chair_and_secretary)
        if pdf is not None:
            pdf = check_pdf_signature(self.entries, digest, pdf)
        if register_head is not None:
            register_head = {"pole": str(register_head["pole"]), "seq": int(register_head["seq"]),
                             "hash": str(register_head["hash"])}
        if versions is not None:
            versions = {str(aggregate_id): int(version) for aggregate_id, version in versions.items()}
        self._signed(number=len(self.entries) + 1, signer=signer, capacity=capacity, digest=digest,
                     at=clock.now(), actor=clean_actor(actor), register_head=register_head, versions=versions,
                     pdf=pdf)

    @event(MinutesSigned)
    def _signed(self, number: int, signer: str, capacity: str, digest: str, at: datetime, actor: str,
                register_head: dict[str, Any] | None, versions: dict[str, int] | None,
                pdf: dict[str, Any] | None = None) -> None:
        self.entries = [*self.entries, {"number": number, "type": SIGNATURE, "signer": signer, "capacity": capacity,
                                        "digest": digest, "actor": actor, "at": at, "register_head": register_head,
                                        "versions": versions, "pdf": pdf}]

    def timestamp(self, *, digest: str, pdf: dict[str, Any], actor: str) -> None:
        """Close the signed PDF of the text `digest` with a document timestamp (PAdES B-LTA): `pdf` holds the
        timestamped file's SHA-256, the signed file it was added to (`previous`: the last signature's PDF) and the
        timestamp authority's name (`tsa`). After it, the text takes no more signature in its PDF."""
        last = check_timestampable(self.entries, digest)
        sha256, previous = _sha256(pdf.get("sha256")), _sha256(pdf.get("previous"))
        if previous != last["sha256"]:
            raise MinutesRuleBroken("a document timestamp is added to the last signed PDF of the minutes")
        tsa = clean_text(pdf.get("tsa"), "timestamp authority", max_length=500)
        self._timestamped(number=len(self.entries) + 1, digest=digest,
                          pdf={"sha256": sha256, "previous": previous, "tsa": tsa}, at=clock.now(),
                          actor=clean_actor(actor))

    @event("MinutesTimestamped")
    def _timestamped(self, number: int, digest: str, pdf: dict[str, Any], at: datetime, actor: str) -> None:
        self.entries = [*self.entries, {"number": number, "type": TIMESTAMP, "digest": digest, "pdf": pdf,
                                        "actor": actor, "at": at}]

    def correct(self, *, text: str, corrects: int, actor: str) -> None:
        """Add a correction (rectificatif) referencing an earlier entry; the earlier entry stays."""
        if not self.signatures():
            raise MinutesRuleBroken("only signed minutes are corrected; until then, the minutes follow the register")
        if not isinstance(corrects, int) or not 1 <= corrects <= len(self.entries):
            raise MinutesRuleBroken("a correction must reference an existing entry of the minutes (1 to {last})",
                                    last=len(self.entries))
        self._corrected(number=len(self.entries) + 1, text=clean_text(text, "correction", max_length=MAX_TEXT),
                        corrects=corrects, at=clock.now(), actor=clean_actor(actor))

    @event("MinutesCorrected")
    def _corrected(self, number: int, text: str, corrects: int, at: datetime, actor: str) -> None:
        self.entries = [*self.entries, {"number": number, "type": CORRECTION, "text": text, "corrects": corrects,
                                        "actor": actor, "at": at}]

    def check_signatory(self, signer: str, capacity: str, digest: str, *,
                        distinct_chair_and_secretary: bool = True) -> None:
        """MinutesRuleBroken unless `signer` may sign the text `digest` as `capacity` (`check_signatory`)."""
        check_signatory(self.signatures(), signer, capacity, digest,
                        distinct_chair_and_secretary=distinct_chair_and_secretary)

    def signatures(self) -> list[dict[str, Any]]:
        return [e for e in self.entries if e["type"] == SIGNATURE]

    def as_signed(self) -> dict[str, Any] | None:
        """What the first signature froze: {"at": when, "versions": aggregate id → version, or None for a
        signature recorded before versions were (read the aggregates as they were at `at`)}; None if unsigned.
        Signed minutes never change but through a correction: later events on the assembly or its
        resolutions (an item never voted, withdrawn afterwards) do not alter what was signed."""
        signatures = self.signatures()
        if not signatures:
            return None
        first = signatures[0]
        return {"at": first["at"], "versions": first.get("versions")}

    def corrections(self) -> list[dict[str, Any]]:
        return [e for e in self.entries if e["type"] == CORRECTION]


def check_signatory(signatures: Sequence[dict[str, Any]], signer: str, capacity: str, digest: str, *,
                    distinct_chair_and_secretary: bool = True) -> None:
    """MinutesRuleBroken unless `signer` may sign the text `digest` as `capacity`, given the `signatures` already
    given (entries with signer, capacity, digest): not twice in one capacity, no more signatories of a capacity
    than the bureau has (SEATS, on one text), and, when the statutes keep the law's default, the chair and the
    secretary two persons over the whole minutes (a correction does not change who held which seat)."""
    on_this_text = [e for e in signatures if e["digest"] == digest and e["capacity"] == capacity]
    if any(e["signer"] == signer for e in on_this_text):
        raise MinutesRuleBroken("{signer} has already signed these minutes as {capacity}",
                                signer=signer, capacity=capacity)
    if len(on_this_text) >= SEATS[capacity]:
        if capacity == "chair":
            raise MinutesRuleBroken("the chair of the session has already signed this text of the minutes: one "
                                    "chair signs (Code de commerce R225-106, signed by the members of the bureau)")
        if capacity == "secretary":
            raise MinutesRuleBroken("the secretary of the session has already signed this text of the minutes: one "
                                    "secretary signs (Code de commerce R225-106, signed by the members of the bureau)")
        raise MinutesRuleBroken("two scrutineers have already signed this text of the minutes: the bureau has two "
                                "(Code de commerce R225-101)")
    # The chair and the secretary of the session are two persons (R225-101: the secretary is designated by the
    # chair and the scrutineers), unless the statutes let one person hold both (`distinct_chair_and_secretary`).
    other = {"chair": "secretary", "secretary": "chair"}.get(capacity)
    if distinct_chair_and_secretary and other and any(
            e["capacity"] == other and e["signer"] == signer for e in signatures):
        if capacity == "chair":
            raise MinutesRuleBroken("{signer} signed these minutes as secretary of the session: the chair is "
                                    "another person (Code de commerce R225-101, chair and secretary distinct)",
                                    signer=signer)
        raise MinutesRuleBroken("{signer} signed these minutes as chair of the session: the secretary is "
                                "another person (Code de commerce R225-101, chair and secretary distinct)",
                                signer=signer)
    # One person held each of these seats at the session: signing a corrected text does not give it to another.
    holder = next((e["signer"] for e in signatures if e["capacity"] == capacity and capacity in ("chair", "secretary")
                   and e["signer"] != signer), None)
    if holder is not None:
        raise MinutesRuleBroken("{holder} signed these minutes as {capacity} of the session: a corrected text is "
                                "signed by the same person (Code de commerce R225-106, signed by the members of the "
                                "bureau)", holder=holder, capacity=capacity)


def _sha256(value: object) -> str:
    text = str(value or "").lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise InvalidInput("a PDF's fingerprint is its SHA-256 in hexadecimal")
    return text


def latest_pdf(entries: Sequence[dict[str, Any]], digest: str) -> dict[str, Any] | None:
    """The last PDF of the text `digest` in the register: {"sha256", "kind": signature or timestamp}; None when
    no signature of that text was made in its PDF."""
    for entry in reversed(entries):
        if entry.get("digest") == digest and entry.get("pdf"):
            return {"sha256": entry["pdf"]["sha256"], "kind": entry["type"]}
    return None


def check_timestampable(entries: Sequence[dict[str, Any]], digest: str) -> dict[str, Any]:
    """The last signed PDF of the text `digest`, which a document timestamp closes; MinutesRuleBroken when no
    signature was made in the PDF yet or it is closed already (checked before a timestamp authority is asked)."""
    last = latest_pdf(entries, digest)
    if last is None:
        raise MinutesRuleBroken("only minutes signed in their PDF take a document timestamp")
    if last["kind"] == TIMESTAMP:
        raise MinutesRuleBroken("the signed PDF of these minutes already carries its document timestamp")
    return last


def check_pdf_signature(entries: Sequence[dict[str, Any]], digest: str, pdf: dict[str, Any]) -> dict[str, Any]:
    """A signature in the minutes' PDF, cleaned: each one is added to the PDF the previous one left (an incremental
    update keeps the earlier signatures), the first to a fresh PDF of the text (`previous` None); none after the
    document timestamp. The caller has verified the file itself (infrastructure/pades.py)."""
    if not isinstance(pdf, dict):
        raise InvalidInput("a signature's PDF is described by an object")
    method = pdf.get("method")
    if method not in PDF_METHODS:
        raise InvalidInput("a signature in the PDF is made one of these ways: {choices}", choices=", ".join(PDF_METHODS))
    last = latest_pdf(entries, digest)
    previous = None if pdf.get("previous") is None else _sha256(pdf.get("previous"))
    if last is not None and last["kind"] == TIMESTAMP:
        raise MinutesRuleBroken("the signed PDF of these minutes is closed by its document timestamp: a correction "
                                "makes a new text to sign")
    if previous != (last["sha256"] if last else None):
        raise MinutesRuleBroken("each signature is added to the PDF the previous signature left, so that it keeps "
                                "them (an incremental update)")
    return {"sha256": _sha256(pdf.get("sha256")), "previous": previous, "method": method,
            "certificate": _sha256(pdf.get("certificate")),
            "subject": clean_text(pdf.get("subject"), "signatory", max_length=500)}


def member_capacities(still: Sequence[str], attendance: dict[str, str], members: Any) -> list[str]:
    """Of the capacities still open (`open_capacities`), those a representative of `members` may sign an assembly's
    minutes in: chair or scrutineer, when one of its members attended the session (R225-101)."""
    if not any(attendance.get(str(member)) in AT_THE_SESSION for member in members):
        return []
    return [capacity for capacity in still if capacity in MEMBER_CAPACITIES]


def check_member_signatory(capacity: str, still: Sequence[str], attendance: dict[str, str], members: Any) -> None:
    """NotPermitted unless a representative of `members` may sign the assembly's minutes as `capacity`
    (`member_capacities`)."""
    if capacity not in member_capacities(still, attendance, members):
        raise NotPermitted("you may not sign these minutes as {capacity}: a member's representative signs an "
                           "assembly's minutes as chair or scrutineer only, of a session its member attended "
                           "(Code de commerce R225-101)", capacity=capacity)


def open_capacities(signatures: Sequence[dict[str, Any]], digest: str, signer: str, *,
                    distinct_chair_and_secretary: bool = True) -> list[str]:
    """The capacities in which `signer` may still sign the text `digest` (what a signing form offers)."""
    result = []
    for capacity in CAPACITIES:
        try:
            check_signatory(signatures, signer, capacity, digest,
                            distinct_chair_and_secretary=distinct_chair_and_secretary)
        except MinutesRuleBroken:
            continue
        result.append(capacity)
    return result


# -- the document ----------------------------------------------------------------------------
def member_label(pole: Any, member_id: str) -> str:
    member = pole.members.get(member_id)
    if member is None:
        return member_id
    rep = member.get("representative")
    return f"{member['name']} ({rep})" if rep and rep != member["name"] else str(member["name"])


def resolution_section(proposal: Proposal, number: int, pole: Any = None,
                       amendments: Sequence[Proposal] = ()) -> dict[str, Any]:
    """One resolution as the minutes state it: the text, the frozen rules and the recorded tally; an election
    adds who was elected, to which seat and until when (`election`), a board decision its figures (`board`): each
    key only there, so that the minutes of other resolutions, and the digests their signatures hold, keep the
    shape they always had."""
    tally = proposal.tally
    proxies_used = sum(1 for b in proposal.ballots.values() if b.get("proxy_holder"))
    colleges = {}
    if proposal.rules:
        colleges = {c["code"]: c["name"] for c in proposal.rules.get("colleges", [])}
    return {
        "number": number, "id": str(proposal.id), "title": proposal.title, "text": proposal.text,
        "kind": proposal.kind, "secret": proposal.secret, "status": proposal.status,
        "statutes_version": proposal.statutes_version, "electorate": len(proposal.electorate),
        "ballots": len(proposal.ballots), "proxies_used": proxies_used, "college_names": colleges,
        "tally": tally, "outcome": proposal.outcome,
        **election_sections(proposal, pole),
        **deliberation_sections(proposal, pole, amendments),
    }


def deliberation_sections(proposal: Proposal, pole: Any, amendments: Sequence[Proposal]) -> dict[str, Any]:
    """What the minutes state of the debate (issue 23; R225-106, R223-24: « un résumé des débats, le texte des
    résolutions mises aux voix et le résultat des votes »): the secretary's summary, the text as drafted when an
    adopted amendment changed it, and every amendment tabled, with its sponsors, its course and its result. Each
    key only there, so that other minutes, and the digests their signatures hold, keep the shape they always
    had."""
    sections: dict[str, Any] = {}
    if getattr(proposal, "debate_summary", None):
        sections["debate_summary"] = proposal.debate_summary
    original = getattr(proposal, "original", None)
    if original is not None:
        sections["drafted_text"] = original["text"]
    if amendments:
        sections["amendments"] = [amendment_section(a, pole) for a in amendments]
    return sections


def amendment_section(amendment: Proposal, pole: Any) -> dict[str, Any]:
    state = amendment.amendment or {}
    return {"number": state.get("number"), "id": str(amendment.id), "passage": state.get("passage", ""),
            "wording": state.get("wording", ""), "effect_changed": bool(state.get("effect_changed")),
            "motive": state.get("motive", ""),
            "sponsors": [member_label(pole, m) if pole is not None else m for m in state.get("sponsors", [])],
            "course": state.get("status"), "reason": state.get("reason"), "status": amendment.status,
            "electorate": len(amendment.electorate), "ballots": len(amendment.ballots),
            "proxies_used": sum(1 for b in amendment.ballots.values() if b.get("proxy_holder")), "tally": amendment.tally,
            "outcome": amendment.outcome}


def election_sections(proposal: Proposal, pole: Any = None) -> dict[str, Any]:
    """What the minutes state about an election (issue 21): the method, the seats, every candidate's figures, who
    was elected to which seat, from when and until when (the mandates the close started: from the close day for
    the statutes' term, governance/pole.py `start_mandates`); about a board decision: the members present and
    represented, the quorum and the chair's casting vote (Code de commerce L225-37). Empty for any other
    resolution."""
    sections: dict[str, Any] = {}
    details = (proposal.tally or {}).get("details") or {}
    election = getattr(proposal, "election", None)
    if election is not None:
        mandates = {m["member_id"]: m for m in getattr(pole, "mandates", None) or []
                    if m.get("proposal_id") == str(proposal.id) and m.get("by") == "election"}
        board = (proposal.rules or {}).get("board") or {}
        candidates = []
        for c in details.get("candidates", []):
            row = {"name": c["name"], "college": c.get("college") or "", "rank": c.get("rank"),
                   "elected": bool(c.get("elected")), "seat": c.get("seat")}
            for key in ("result", "grade", "sign", "p", "q", "score"):
                if c.get(key) is not None:
                    row[key] = c[key]
            mandate = mandates.get(c["id"])
            if mandate is not None:
                row["starts_on"], row["ends_on"] = mandate["starts_on"], mandate["ends_on"]
            candidates.append(row)
        sections["election"] = {
            "method": details.get("method") or board.get("election_method"), "seats": election.get("seats"),
            "reserved": dict(election.get("reserved") or {}), "term_years": board.get("term_years"),
            "grades": details.get("grades"), "blank": details.get("blank"),
            "candidates": candidates if details else [{"name": c["name"], "college": c.get("college") or ""}
                                                      for c in election.get("candidates", [])],
            "ties": [{"seat": t.get("seat"), "seats": t.get("seats"),
                      "candidates": [next((c["name"] for c in details.get("candidates", []) if c["id"] == i), i)
                                     for i in t.get("candidates", [])]} for t in details.get("ties", [])]}
    if getattr(proposal, "body", "assembly") == "board" and details.get("body") == "board":
        sections["board"] = {"present": details.get("present"), "represented": details.get("represented"),
                             "casting_vote": details.get("casting_vote"),
                             "chair": member_label(pole, details["chair"]) if pole is not None and details.get(
                                 "chair") else details.get("chair")}
    return sections


def assembly_document(pole: Any, assembly: Any, proposals: Sequence[Proposal],
                      minutes: Minutes | None = None) -> dict[str, Any]:
    """The minutes of a general assembly, as plain data (for HTML, PDF and the signature digest)."""
    by_id = {str(p.id): p for p in proposals}
    attendance = []
    represented = assembly.represented()
    college_names = {c["code"]: c["name"] for c in assembly.rules.get("colleges", [])}
    for member_id, college in sorted(assembly.electorate.items(), key=lambda kv: member_label(pole, kv[0]).lower()):
        mode = assembly.attendance.get(member_id)
        holder = represented.get(member_id)
        attendance.append({"member": member_label(pole, member_id), "college": college_names.get(college, college),
                           "mode": "represented" if holder else (mode or "absent"),
                           "holder": member_label(pole, holder) if holder else None,
                           "holds": [member_label(pole, p) for p in assembly.proxies_held_by(member_id)
                                     if p in represented]})
    quorum = assembly.quorum()
    quorums = [assembly.quorum(kind) for kind in assembly.resolution_kinds]
    resolutions = []
    amendments = getattr(assembly, "amendments", None) or {}
    items = [p for p in assembly.agenda if p not in amendments]  # an amendment is stated within its resolution
    for number, proposal_id in enumerate(items, start=1):
        proposal = by_id.get(proposal_id)
        if proposal is None:
            continue
        section = resolution_section(proposal, number, pole,
                                     [by_id[a] for a in getattr(proposal, "amendments", None) or [] if a in by_id])
        section["assembly_state"] = assembly.resolutions.get(proposal_id)
        resolutions.append(section)
    return _with_entries({
        "subject_type": "assembly", "subject_id": str(assembly.id), "pole": pole.name,
        "pole_id": str(pole.id), "territory": pole.territory, "kind": assembly.kind,
        "held_at": assembly.held_at.isoformat(), "place": assembly.place, "mode": assembly.mode,
        "convocation": assembly.convocation, "status": assembly.status,
        "statutes_version": assembly.statutes_version, "convened_by": assembly.convened_by,
        "electorate": len(assembly.electorate), "attendance": attendance,
        "quorum": {"entitled": quorum.entitled, "attending": quorum.attending, "needed": quorum.needed,
                   "quorum": f"{quorum.quorum.numerator}/{quorum.quorum.denominator}", "reached": quorum.reached},
        "resolutions": resolutions,
        # A mixed assembly states each kind's quorum (only there: other assemblies' documents, and the digests
        # their signatures hold, keep the shape they always had).
        **({"quorums": [{"kind": q.kind, "entitled": q.entitled, "attending": q.attending, "needed": q.needed,
                         "quorum": f"{q.quorum.numerator}/{q.quorum.denominator}", "reached": q.reached}
                        for q in quorums]} if len(quorums) > 1 else {}),
        **convening_sections(assembly),
    }, minutes)


def convening_sections(assembly: Any) -> dict[str, Any]:
    """What R225-106 adds to the minutes of an assembly convened through Collegia: "le mode de convocation" (when,
    by which channel, how many members each, whether the R225-69 notice was kept), "les documents et rapports
    soumis à l'assemblée" (name and SHA-256), the correspondence forms counted (L225-107 I) and the technical
    incidents (R225-99). Each key only when there is something to state, so that the minutes of assemblies held
    before, and the digests their signatures hold, keep the shape they always had."""
    sections: dict[str, Any] = {}
    sent = assembly.convocation_sent
    if sent is not None:
        channels = [r["channel"] for r in sent["recipients"].values()]
        sections["convened"] = {
            "sent_at": sent["sent_at"].isoformat(), "sha256": sent["sha256"], "by_email": channels.count("email"),
            "by_post": channels.count("post"), "posted_on": sent["posted_on"], "notice": assembly.notice_kept()}
    if getattr(assembly, "follows", None):
        sections["follows"] = assembly.follows
    if assembly.documents:
        sections["documents"] = [{"name": d["name"], "sha256": d["sha256"], "size": d["size"],
                                  "made_available_at": d["made_available_at"].isoformat()} for d in assembly.documents]
    if assembly.forms:
        live = assembly.live_forms().values()
        sections["forms"] = {"votes": sum(1 for f in live if f["way"] == "votes"),
                             "chair": sum(1 for f in live if f["way"] == "chair"),
                             "paper": sum(1 for f in live if f["channel"] == "paper"),
                             "online": sum(1 for f in live if f["channel"] == "online"),
                             "set_aside": len(assembly.forms) - len(assembly.live_forms())}
    if assembly.incidents:
        sections["incidents"] = [{"started_at": i["started_at"].isoformat(),
                                  "ended_at": i["ended_at"].isoformat() if i["ended_at"] else None,
                                  "description": i["description"]} for i in assembly.incidents]
    return sections


def vote_document(pole: Any, proposal: Proposal, closed_at: str | None,
                  minutes: Minutes | None = None, amendments: Sequence[Proposal] = ()) -> dict[str, Any]:
    """The minutes of an online vote (with the amendments voted before it)."""
    return _with_entries({
        "subject_type": "proposal", "subject_id": str(proposal.id), "pole": pole.name, "pole_id": str(pole.id),
        "territory": pole.territory, "kind": proposal.kind, "held_at": closed_at, "mode": "online",
        "convocation": proposal.convocation, "status": proposal.status,
        "statutes_version": proposal.statutes_version, "electorate": len(proposal.electorate),
        "resolutions": [resolution_section(proposal, 1, pole, amendments)],
    }, minutes)


def _with_entries(document: dict[str, Any], minutes: Minutes | None) -> dict[str, Any]:
    entries = minutes.entries if minutes else []
    document["corrections"] = [{**e, "at": str(e["at"])} for e in entries if e["type"] == CORRECTION]
    document["digest"] = document_digest(document)
    document["signatures"] = [{**{k: v for k, v in e.items() if k != "versions"}, "at": str(e["at"]),
                               "current": e["digest"] == document["digest"]}
                              for e in entries if e["type"] == SIGNATURE]
    # Issue 25: the document timestamps that closed a signed PDF (not part of the text: after the digest).
    document["timestamps"] = [{**e, "at": str(e["at"]), "current": e["digest"] == document["digest"]}
                              for e in entries if e["type"] == TIMESTAMP]
    return document


def document_digest(document: dict[str, Any]) -> str:
    """SHA-256 of what the minutes say (corrections included, signatures excluded)."""
    content = {k: v for k, v in document.items() if k not in ("signatures", "timestamps", "digest")}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def check_closed(subject: Any) -> None:
    if getattr(subject, "status", None) == CLOSED:
        return
    if hasattr(subject, "agenda"):
        raise MinutesRuleBroken("the minutes of an assembly are signed once its session is closed")
    raise MinutesRuleBroken("the minutes of a vote are signed once the vote is closed")
