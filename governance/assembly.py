"""The Assembly aggregate: a general assembly (AGO / AGE) convened → in session → closed.

Convening freezes the electorate, the statutes version and the rules, and schedules the
agenda's draft proposals as its resolutions. During the session the secretary records
attendance (present, voting remotely, by correspondence; represented members follow
from the assembly's proxies); a resolution is opened only when the quorum of its kind on
this convocation is reached, with the attendance of that moment frozen into it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, Sequence
from uuid import UUID

from eventsourcing.domain import event

from governance import clock
from governance.base import GovernanceAggregate, clean_actor, clean_text
from governance.convocation import fingerprint, paris_day
from governance.errors import AssemblyRuleBroken, AssemblyStateConflict, InvalidInput, ProxyRuleBroken
from governance.statutes import CONVOCATIONS, RESOLUTION_KINDS, Statutes
from governance.proxies import check_not_to_itself, check_proxy_grant
from governance.tally import CHOICES, check_quorum, participants_needed

CONVENED, IN_SESSION, CLOSED = "convened", "in_session", "closed"
MIXED = "mixed"  # an "assemblée générale mixte": ordinary and extraordinary resolutions, each with its own rules
ASSEMBLY_KINDS = (*RESOLUTION_KINDS, MIXED)
MODES = ("in_person", "remote", "hybrid")
PRESENT, REMOTE, CORRESPONDENCE, ABSENT = "present", "remote", "correspondence", "absent"
ATTENDANCE_MODES = (PRESENT, REMOTE, CORRESPONDENCE, ABSENT)
REPRESENTED = "represented"
PROXY = "proxy"  # a way of taking part chosen before the meeting, with CORRESPONDENCE
LIVE_FORM, SET_ASIDE = "counted", "set_aside"  # a correspondence form's state
MAX_CONVOCATION = 200_000
# Resolution states inside an assembly.
PENDING, VOTING, VOTED = "pending", "voting", "voted"
# Assembly proxy states.
ACTIVE, REVOKED, OVERRIDDEN = "active", "revoked", "overridden"
MAX_AGENDA = 50
# Correspondence forms (L225-107 I, R225-76, R225-77): one choice per resolution, or a proxy sent to the company
# without naming a holder, for which the chair votes for the resolutions the board presents (L225-106).
VOTES, CHAIR = "votes", "chair"
FORM_WAYS = (VOTES, CHAIR)
ONLINE, PAPER = "online", "paper"
FORM_DEADLINE_HOUR = 15  # R225-77 al. 1: electronic forms until the eve of the meeting, 15:00 Paris time
MAX_DOCUMENTS = 100
MAX_DOCUMENT_SIZE = 1 << 30  # the register's sanity bound; the store's own limit is lower (infrastructure/documents.py)
PARIS = clock.PARIS  # the dates of the law: the day of sending and the day of the meeting


@dataclass(frozen=True)
class QuorumStatus:
    """The head-count quorum of one resolution kind at this assembly, right now."""

    kind: str
    entitled: int
    attending: int
    quorum: Fraction
    needed: int
    reached: bool
    colleges: tuple[dict[str, Any], ...]  # per-college rows when the statutes require a per-college quorum
    colleges_short: tuple[str, ...]


class Assembly(GovernanceAggregate):
    """An ordinary or extraordinary general assembly of a pole's members."""

    @classmethod
    def convene(cls, *, pole_id: UUID, kind: str, held_at: datetime, place: str, mode: str, convocation: str,
                agenda: Sequence[dict[str, Any]], statutes_version: int, statutes: Statutes,
                electorate: dict[str, str], actor: str) -> "Assembly":
        """Convene an assembly; `agenda` lists the draft proposals (id, kind) put to its vote, in order."""
        if kind not in ASSEMBLY_KINDS:
            raise InvalidInput("assembly kind must be one of {choices}", choices=", ".join(ASSEMBLY_KINDS))
        if mode not in MODES:
            raise InvalidInput("assembly mode must be one of {choices}", choices=", ".join(MODES))
        if convocation not in CONVOCATIONS:
            raise InvalidInput("convocation must be one of {choices}", choices=", ".join(CONVOCATIONS))
        if not isinstance(held_at, datetime) or held_at.tzinfo is None:
            raise InvalidInput("the assembly's date must be a date and time with a timezone")
        if not agenda:
            raise AssemblyRuleBroken("an assembly needs at least one resolution on its agenda")
        if len(agenda) > MAX_AGENDA:
            raise AssemblyRuleBroken("an agenda holds at most {maximum} resolutions", maximum=MAX_AGENDA)
        ids = [str(item["id"]) for item in agenda]
        if len(set(ids)) != len(ids):
            raise AssemblyRuleBroken("a resolution appears twice on the agenda")
        for item in agenda:
            check_resolution_kind(kind, item["kind"])
        if not electorate:
            raise AssemblyRuleBroken("no member is entitled to vote: admit members and assign them to colleges first")
        place = clean_text(place, "place", required=mode != "remote")
        if mode == "remote" and statutes.remote_counts_as_present is False:
            raise AssemblyRuleBroken(
                "an assembly held only at a distance needs statutes under which members taking part by video count "
                "as present (Code de commerce L225-107 II)")
        check_notice(statutes, convocation, held_at, clock.now())
        return cls(pole_id=pole_id, kind=kind, held_at=held_at, place=place, mode=mode, convocation=convocation,
                   agenda=ids, statutes_version=statutes_version, rules=statutes.to_dict(),
                   electorate=dict(electorate), actor=clean_actor(actor))

    @event("AssemblyConvened")
    def __init__(self, pole_id: UUID, kind: str, held_at: datetime, place: str, mode: str, convocation: str,
                 agenda: list[str], statutes_version: int, rules: dict[str, Any], electorate: dict[str, str],
                 actor: str) -> None:
        self.pole_id = pole_id
        self.kind, self.held_at, self.place, self.mode = kind, held_at, place, mode
        self.convocation, self.statutes_version, self.rules = convocation, statutes_version, rules
        self.electorate = electorate
        self.convened_by = actor
        self.status = CONVENED
        self.resolutions: dict[str, str] = {proposal_id: PENDING for proposal_id in agenda}
        self.agenda = list(agenda)
        self.attendance: dict[str, str] = {}
        self.proxies: dict[str, dict[str, Any]] = {}
        self.outcomes: dict[str, str] = {}
        # R225-85 III: the way each member chose before the meeting (a proxy, or voting by correspondence);
        # kept when the proxy is revoked or the attendance corrected to absent.
        self.chosen_ways: dict[str, str] = {}

    @property
    def statutes(self) -> Statutes:
        return Statutes.from_dict(self.rules)

    @property
    def resolution_kinds(self) -> tuple[str, ...]:
        """The kinds of resolution this assembly was convened to vote (see `check_resolution_kind`)."""
        return resolution_kinds(self.kind)

    # -- proxies -------------------------------------------------------------------
    def give_proxy(self, *, principal_id: str, holder_id: str, actor: str) -> None:
        """A member gives its proxy for the whole assembly, within the statutes' caps."""
        self._check_not_closed()
        if any(state != PENDING for state in self.resolutions.values()):
            raise ProxyRuleBroken("proxies for this assembly can no longer change: a resolution has been put to the vote")
        principal, holder = self._elector(principal_id), self._elector(holder_id)
        check_not_to_itself(principal, holder)
        if self.proxies.get(principal, {}).get("status") == ACTIVE:
            raise ProxyRuleBroken("this member has already given its proxy for this assembly: revoke it first")
        form = self.forms.get(principal)
        if form and form["status"] == LIVE_FORM:
            self._check_participation_change(principal, PROXY)
        elif self.attendance.get(principal, ABSENT) != ABSENT:
            raise ProxyRuleBroken("this member attends the assembly itself")
        self._check_holding(principal, holder, self.proxies)
        actor = clean_actor(actor)
        if form and form["status"] == LIVE_FORM:  # the statutes allow the change: the proxy replaces the form
            self._form_set_aside(member_id=principal, actor=actor)
        self._proxy_given(principal_id=principal, holder_id=holder, actor=actor)

    @event("AssemblyProxyGiven")
    def _proxy_given(self, principal_id: str, holder_id: str, actor: str) -> None:
        self.proxies[principal_id] = {"holder": holder_id, "status": ACTIVE}
        self._choose_way(principal_id, PROXY)

    def revoke_proxy(self, *, principal_id: str, actor: str) -> None:
        """Revoke an assembly proxy, possible until the first resolution is put to the vote."""
        self._check_not_closed()
        principal = self._elector(principal_id)
        proxy = self.proxies.get(principal)
        if not proxy or proxy["status"] != ACTIVE:
            raise ProxyRuleBroken("this member has no proxy to revoke for this assembly")
        if any(state != PENDING for state in self.resolutions.values()):
            raise ProxyRuleBroken("proxies for this assembly can no longer change: a resolution has been put to the vote")
        self._proxy_revoked(principal_id=principal, holder_id=proxy["holder"], actor=clean_actor(actor))

    @event("AssemblyProxyRevoked")
    def _proxy_revoked(self, principal_id: str, holder_id: str, actor: str) -> None:
        self.proxies[principal_id] = {**self.proxies[principal_id], "status": REVOKED}

    def proxies_held_by(self, holder_id: str) -> list[str]:
        return [p for p, proxy in self.proxies.items() if proxy["holder"] == holder_id and proxy["status"] == ACTIVE]

    # -- attendance ------------------------------------------------------------------
    def record_attendance(self, *, member_id: str, mode: str, actor: str, restore_proxy: bool = True) -> None:
        """Record how a member takes part: present, remote, by correspondence, or absent (a correction).

        A correction to absent brings back the member's proxy that its coming had set aside, under
        the same statutory rules as a new proxy (cap, college); when that would break one, the
        correction is refused, naming the rule, unless the secretary records the absence without
        the proxy (`restore_proxy=False`: the proxy is then revoked).
        """
        self._check_not_closed()
        member = self._elector(member_id)
        if mode not in ATTENDANCE_MODES:
            raise InvalidInput("attendance must be one of {choices}", choices=", ".join(ATTENDANCE_MODES))
        if self.attendance.get(member, ABSENT) == mode:
            return
        if mode == CORRESPONDENCE and self.proxies_held_by(member):
            raise ProxyRuleBroken("a proxy holder votes for its principals at the session: it cannot vote by "
                                  "correspondence")
        if mode == REMOTE and self.statutes.remote_counts_as_present is False:
            raise AssemblyRuleBroken(
                "the statutes do not provide that members taking part by video or telecommunication count as present "
                "(Code de commerce L225-107 II): record the member present, or its correspondence form or proxy")
        form = self.forms.get(member)
        if mode == CORRESPONDENCE and self.convocation_sent is not None and not form:
            raise AssemblyRuleBroken("record the member's correspondence form: its votes are counted from the form")
        if mode == ABSENT and form and form["status"] == LIVE_FORM:
            raise AssemblyRuleBroken("this member's correspondence form was received: it counts for the quorum and "
                                     "its votes (Code de commerce L225-107 I)")
        restore_form = mode == ABSENT and bool(form) and form["status"] == SET_ASIDE and \
            self.attendance.get(member) in (PRESENT, REMOTE) and not any(
                state != PENDING for state in self.resolutions.values())
        if mode != ABSENT:
            self._check_participation_change(member, mode)
        actor = clean_actor(actor)
        if mode in (PRESENT, REMOTE) and form and form["status"] == LIVE_FORM:  # the statutes allow the change
            self._form_set_aside(member_id=member, actor=actor)
        proxy = self.proxies.get(member)
        if mode == ABSENT and proxy and proxy["status"] == OVERRIDDEN:
            if not restore_proxy:
                self._proxy_revoked(principal_id=member, holder_id=proxy["holder"], actor=actor)
            else:
                self._check_proxy_restorable(member, proxy["holder"])
        self._attendance_recorded(member_id=member, mode=mode, actor=actor)
        if restore_form:  # a correction: the member did not come after all, so the form it sent counts again
            self._form_restored(member_id=member, actor=actor)

    def _check_participation_change(self, member: str, mode: str) -> None:
        """R225-85 III: having given a proxy or voted by correspondence, a member takes part no other way,
        unless the statutes allow it; revoking the proxy or correcting the attendance to absent does not
        reopen the choice."""
        if self.statutes.participation_change_allowed:
            return
        chosen = self._chosen_ways().get(member)
        if chosen == PROXY:
            raise ProxyRuleBroken(
                "this member has given its proxy for this assembly: it cannot take part another way unless "
                "the statutes allow it (Code de commerce, art. R225-85 III)")
        if chosen == CORRESPONDENCE and mode != CORRESPONDENCE:
            raise AssemblyRuleBroken(
                "this member has voted by correspondence: it cannot take part another way unless the statutes "
                "allow it (Code de commerce, art. R225-85 III)")

    # -- the convocation (R225-63, R225-66, R225-69) -------------------------------------
    @property
    def convocation_sent(self) -> dict[str, Any] | None:
        """When the convocation was sent, its text's fingerprint and how each member was convened; None until
        it is sent through Collegia (and for assemblies convened before it could be)."""
        return getattr(self, "convocation_record", None)

    def send_convocation(self, *, text: str, recipients: dict[str, dict[str, Any]], actor: str) -> None:
        """Record that the convocation was sent now, to every member of the electorate, each by the channel the
        law gives it (governance/convocation.py `route`); the notice is counted from now (R225-69)."""
        if self.status != CONVENED:
            raise AssemblyRuleBroken("the convocation is sent before the session (this assembly is {status})",
                                     status=self.status)
        if self.convocation_sent is not None:
            raise AssemblyStateConflict("the convocation has already been sent")
        if set(recipients) != set(self.electorate):
            raise AssemblyRuleBroken("the convocation goes to every member of the electorate")
        text = clean_text(text, "convocation", max_length=MAX_CONVOCATION, name=False)
        now = clock.now()
        check_notice(self.statutes, self.convocation, self.held_at, now)
        self._convocation_sent(sent_at=now, text=text, sha256=fingerprint(text),
                               recipients={m: dict(r) for m, r in sorted(recipients.items())},
                               actor=clean_actor(actor))

    @event("ConvocationSent")
    def _convocation_sent(self, sent_at: datetime, text: str, sha256: str, recipients: dict[str, dict[str, Any]],
                          actor: str) -> None:
        self.convocation_record = {"sent_at": sent_at, "sha256": sha256, "text": text, "recipients": recipients,
                                   "posted_on": None}

    def record_posting(self, *, posted_on: date, actor: str) -> None:
        """The secretary records the day the letters were posted. Recorded as it happened: when it leaves less
        than the notice (R225-69), the register and the minutes say so."""
        sent = self.convocation_sent
        if sent is None:
            raise AssemblyRuleBroken("the convocation has not been sent yet")
        if not any(r["channel"] == "post" for r in sent["recipients"].values()):
            raise AssemblyRuleBroken("no member is convened by post for this assembly")
        if sent["posted_on"] is not None:
            raise AssemblyStateConflict("the posting date has already been recorded ({date})", date=sent["posted_on"])
        if not isinstance(posted_on, date) or isinstance(posted_on, datetime):
            raise InvalidInput("the posting date must be a date")
        if self.status == CLOSED:
            raise AssemblyRuleBroken("this assembly is closed")
        if not paris_day(sent["sent_at"]) <= posted_on <= min(paris_day(clock.now()), paris_day(self.held_at)):
            raise InvalidInput("the letters are posted between the sending of the convocation and the meeting, "
                               "and not after today")
        self._posting_recorded(posted_on=posted_on.isoformat(), actor=clean_actor(actor))

    @event("ConvocationPosted")
    def _posting_recorded(self, posted_on: str, actor: str) -> None:
        self.convocation_record = {**self.convocation_record, "posted_on": posted_on}

    def notice_kept(self) -> dict[str, Any] | None:
        """R225-69 for each channel: the days between sending (posting, for letters) and the meeting."""
        sent = self.convocation_sent
        if sent is None:
            return None
        needed = self.statutes.notice_days[self.convocation]
        meeting = paris_day(self.held_at)
        channels = {r["channel"] for r in sent["recipients"].values()}
        days = {}
        if "email" in channels:
            days["email"] = (meeting - paris_day(sent["sent_at"])).days
        if sent["posted_on"]:
            days["post"] = (meeting - date.fromisoformat(sent["posted_on"])).days
        # Letters not posted yet (or never recorded as posted): the notice is not established for those members,
        # so it is not said to be kept.
        unposted = "post" in channels and not sent["posted_on"]
        return {"needed": needed, "days": days, "unposted": unposted,
                "kept": not unposted and all(d >= needed for d in days.values())}

    # -- documents (R225-81, R225-83, R225-89) ----------------------------------------------
    @property
    def documents(self) -> list[dict[str, Any]]:
        return list(getattr(self, "document_list", []))

    def make_document_available(self, *, sha256: str, name: str, size: int, media_type: str,
                                proposal_id: str | None, actor: str) -> None:
        """A document made available to the members from now: its fingerprint, name and size in the register."""
        self._check_not_closed()
        if not isinstance(sha256, str) or len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise InvalidInput("a document is named by the SHA-256 of its content")
        if any(d["sha256"] == sha256 for d in self.documents):
            raise AssemblyStateConflict("this document is already available for this assembly")
        if len(self.documents) >= MAX_DOCUMENTS:
            raise AssemblyRuleBroken("an assembly holds at most {maximum} documents", maximum=MAX_DOCUMENTS)
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise InvalidInput("a document cannot be empty")
        if size > MAX_DOCUMENT_SIZE:
            raise InvalidInput("a document holds at most {maximum} bytes", maximum=MAX_DOCUMENT_SIZE)
        if proposal_id is not None and str(proposal_id) not in self.resolutions:
            raise AssemblyRuleBroken("this proposal is not on the assembly's agenda")
        self._document_made_available(
            sha256=sha256, name=clean_text(name, "document name"), size=size,
            media_type=clean_text(media_type, "media type"), proposal_id=None if proposal_id is None else
            str(proposal_id), made_available_at=clock.now(), actor=clean_actor(actor))

    @event("DocumentMadeAvailable")
    def _document_made_available(self, sha256: str, name: str, size: int, media_type: str, proposal_id: str | None,
                                 made_available_at: datetime, actor: str) -> None:
        self.document_list = [*self.documents, {
            "sha256": sha256, "name": name, "size": size, "media_type": media_type, "proposal_id": proposal_id,
            "made_available_at": made_available_at}]

    # -- voting by correspondence before the meeting (L225-107 I, R225-75 to R225-77) -------------
    @property
    def forms(self) -> dict[str, dict[str, Any]]:
        return getattr(self, "form_list", {})

    def live_forms(self) -> dict[str, dict[str, Any]]:
        """The forms that count: received in time and not set aside by the member's attending (R225-85 III)."""
        return {m: f for m, f in self.forms.items() if f["status"] == LIVE_FORM}

    def form_deadline(self, channel: str) -> datetime | date:
        """R225-77: paper forms received on or before (meeting day − `paper_form_days`) count; electronic forms
        until the eve of the meeting at 15:00, Paris time."""
        meeting = paris_day(self.held_at)
        if channel == PAPER:
            return meeting - timedelta(days=self.statutes.paper_form_days)
        eve = meeting - timedelta(days=1)
        return datetime(eve.year, eve.month, eve.day, FORM_DEADLINE_HOUR, tzinfo=PARIS)

    def record_form(self, *, member_id: str, way: str, choices: dict[str, str], sealed: dict[str, str],
                    channel: str, actor: str, received_on: date | None = None) -> None:
        """Record a member's correspondence form: a choice per resolution (public ones in `choices`, secret ones
        sealed by the application in `sealed`; a resolution left blank is an abstention, R225-76), or a proxy
        to the chair (`way="chair"`, L225-106). Online forms are the member's own, received now; paper forms are
        recorded by the secretary with their day of receipt."""
        member = self._elector(member_id)
        if not self.statutes.correspondence_voting:
            raise AssemblyRuleBroken("the statutes do not admit voting by correspondence (loi n° 47-1775, art. 10)")
        if self.convocation_sent is None:
            raise AssemblyRuleBroken("a correspondence form is received once the convocation is sent "
                                     "(Code de commerce R225-75)")
        if self.status != CONVENED:
            raise AssemblyRuleBroken("correspondence forms are received before the meeting (Code de commerce "
                                     "L225-107 I): this assembly is {status}", status=self.status)
        if way not in FORM_WAYS:
            raise InvalidInput("a form gives a vote on each resolution, or a proxy to the chair")
        if channel not in (ONLINE, PAPER):
            raise InvalidInput("a form is received online or on paper")
        if not isinstance(choices, dict) or not isinstance(sealed, dict):
            raise InvalidInput("the form's choices map each resolution to for, against or abstain")
        if set(choices) & set(sealed) or not set(choices) | set(sealed) <= set(self.resolutions):
            raise AssemblyRuleBroken("the form votes only on the resolutions on the agenda")
        if any(choice not in CHOICES for choice in choices.values()):
            raise InvalidInput("a ballot is one of {choices}", choices=", ".join(CHOICES))
        if way == CHAIR and (choices or sealed):
            raise InvalidInput("a proxy to the chair gives no choice: the chair votes for the board's resolutions")
        now = clock.now()
        if channel == ONLINE and not self.statutes.online_forms:
            raise AssemblyRuleBroken(
                "the statutes do not provide for taking part by electronic means: the member sends a signed paper "
                "form, which the secretary records (Code de commerce R225-77 3° and R225-61)")
        if channel == ONLINE:
            received = paris_day(now)
            if now > self.form_deadline(ONLINE):
                raise AssemblyRuleBroken(
                    "R225-77: electronic forms are received until the eve of the meeting at 15:00, Paris time "
                    "({deadline})", deadline=f"{self.form_deadline(ONLINE):%Y-%m-%d %H:%M}")
        else:
            if not isinstance(received_on, date) or isinstance(received_on, datetime):
                raise InvalidInput("the day the paper form was received is needed")
            if received_on > paris_day(now):
                raise InvalidInput("the form's date cannot be in the future")
            received = received_on
            deadline = self.form_deadline(PAPER)
            if received > deadline:  # type: ignore[operator]
                raise AssemblyRuleBroken(
                    "R225-77: paper forms received after {deadline} are not counted (received on {received})",
                    deadline=deadline.isoformat(), received=received.isoformat())  # type: ignore[union-attr]
        if received < paris_day(self.convocation_sent["sent_at"]):
            raise AssemblyRuleBroken("a correspondence form is received once the convocation is sent "
                                     "(Code de commerce R225-75)")
        if self.proxies_held_by(member):
            raise ProxyRuleBroken("a proxy holder votes for its principals at the session: it cannot vote by "
                                  "correspondence")
        if self.attendance.get(member) in (PRESENT, REMOTE):
            raise AssemblyRuleBroken("this member attends the assembly itself")
        if member in self.forms or self._chosen_ways().get(member) == PROXY:
            if not self.statutes.participation_change_allowed:
                raise AssemblyRuleBroken(
                    "this member has already chosen how to take part (a form or a proxy): it cannot choose again "
                    "unless the statutes allow it (Code de commerce, art. R225-85 III)")
            proxy = self.proxies.get(member)
            if proxy and proxy["status"] == ACTIVE:
                self._proxy_revoked(principal_id=member, holder_id=proxy["holder"], actor=clean_actor(actor))
        filled = {p: choices.get(p, "abstain") for p in self.items if p not in sealed} if way == VOTES else {}
        self._form_recorded(member_id=member, way=way, choices=filled, sealed=dict(sealed), channel=channel,
                            received_on=received.isoformat(), actor=clean_actor(actor))

    @event("CorrespondenceFormRecorded")
    def _form_recorded(self, member_id: str, way: str, choices: dict[str, str], sealed: dict[str, str],
                       channel: str, received_on: str, actor: str) -> None:
        self.form_list = {**self.forms, member_id: {
            "way": way, "choices": choices, "sealed": sealed, "channel": channel, "received_on": received_on,
            "status": LIVE_FORM, "actor": actor}}
        self.attendance[member_id] = CORRESPONDENCE
        self._choose_way(member_id, CORRESPONDENCE)

    @event("CorrespondenceFormSetAside")
    def _form_set_aside(self, member_id: str, actor: str) -> None:
        self.form_list = {**self.forms, member_id: {**self.forms[member_id], "status": SET_ASIDE}}
        if self.attendance.get(member_id) == CORRESPONDENCE:  # the form no longer counts for the quorum either
            self.attendance = {m: a for m, a in self.attendance.items() if m != member_id}

    def invalidate_forms(self, *, members: Sequence[str], actor: str) -> list[str]:
        """R225-86 al. 2: a member who left the pole between sending its form and the meeting no longer takes
        part: "la société invalide […], avant l'ouverture de la séance de l'assemblée, le vote exprimé à
        distance". Returns the members whose form was set aside."""
        gone = [m for m in members if m in self.live_forms()]
        for member in gone:
            self._form_set_aside(member_id=member, actor=clean_actor(actor))
        return gone

    @event("CorrespondenceFormRestored")
    def _form_restored(self, member_id: str, actor: str) -> None:
        self.form_list = {**self.forms, member_id: {**self.forms[member_id], "status": LIVE_FORM}}
        self.attendance[member_id] = CORRESPONDENCE

    def form_choice(self, member_id: str, proposal_id: str) -> tuple[str | None, str | None]:
        """(public choice, sealed choice) of a live form on a resolution; a proxy to the chair votes for
        (L225-106: "un vote favorable à l'adoption des projets de résolution présentés ou agréés par le
        conseil"); a resolution the form leaves blank is an abstention (R225-76)."""
        form = self.live_forms()[member_id]
        if form["way"] == CHAIR:
            return "for", None
        if proposal_id in form["sealed"]:
            return None, form["sealed"][proposal_id]
        return form["choices"].get(proposal_id, "abstain"), None

    def carry_over(self, *, previous: "Assembly", actor: str) -> None:
        """R225-77 al. 3 and R225-79: the forms and proxies sent for an assembly stay valid for the next one
        convened with the same agenda; this assembly (a later convocation) takes them."""
        if previous.pole_id != self.pole_id or previous.id == self.id:
            raise AssemblyRuleBroken("a later convocation follows an assembly of the same pole")
        if self.convocation == "first":
            raise AssemblyRuleBroken("an assembly following another one is convened on second convocation")
        if previous.status != CLOSED:
            raise AssemblyRuleBroken("the first assembly's session is held and closed (its quorum not reached) before "
                                     "a second convocation takes its agenda")
        if any(previous.quorum(kind).reached for kind in previous.resolution_kinds):
            raise AssemblyRuleBroken("the first assembly reached its quorum: a second convocation is for an assembly "
                                     "that could not deliberate for want of quorum")
        if previous.items != self.items or any(state != PENDING for state in previous.resolutions.values()):
            raise AssemblyRuleBroken("a second convocation keeps the agenda of the first, none of whose resolutions "
                                     "was voted (Code de commerce L225-105)")
        forms = {m: {**f, "status": LIVE_FORM} for m, f in previous.live_forms().items() if m in self.electorate}
        proxies = {p: x["holder"] for p, x in previous.proxies.items()
                   if x["status"] == ACTIVE and p in self.electorate and x["holder"] in self.electorate}
        self._carried_over(previous_id=str(previous.id), forms=forms, proxies=proxies, actor=clean_actor(actor))

    @event("FormsCarriedOver")
    def _carried_over(self, previous_id: str, forms: dict[str, dict[str, Any]], proxies: dict[str, str],
                      actor: str) -> None:
        self.follows = previous_id
        self.form_list = dict(forms)
        for member in forms:
            self.attendance[member] = CORRESPONDENCE
            self._choose_way(member, CORRESPONDENCE)
        for principal, holder in proxies.items():
            self.proxies[principal] = {"holder": holder, "status": ACTIVE}
            self._choose_way(principal, PROXY)

    # -- technical incidents (R225-99) ------------------------------------------------------
    @property
    def incidents(self) -> list[dict[str, Any]]:
        return list(getattr(self, "incident_list", []))

    def record_incident(self, *, started_at: datetime, ended_at: datetime | None, description: str,
                        actor: str) -> None:
        """A technical incident of the video or telecommunication link that disturbed the meeting: the minutes
        state it (Code de commerce R225-99)."""
        if self.status != IN_SESSION:
            raise AssemblyRuleBroken("incidents are recorded during the session (after it, the minutes are corrected)")
        for moment in (started_at, ended_at):
            if (moment is not None or moment is started_at) and (
                    not isinstance(moment, datetime) or moment.tzinfo is None):
                raise InvalidInput("an incident's times are dates and times with a timezone")
        if ended_at is not None and ended_at < started_at:
            raise InvalidInput("an incident ends after it starts")
        self._incident_recorded(started_at=started_at, ended_at=ended_at,
                                description=clean_text(description, "description", max_length=2000),
                                actor=clean_actor(actor))

    @event("TechnicalIncidentRecorded")
    def _incident_recorded(self, started_at: datetime, ended_at: datetime | None, description: str,
                           actor: str) -> None:
        self.incident_list = [*self.incidents, {"started_at": started_at, "ended_at": ended_at,
                                                "description": description}]

    def _chosen_ways(self) -> dict[str, str]:
        return getattr(self, "chosen_ways", {})  # absent from snapshots taken before it existed

    def _choose_way(self, member: str, way: str) -> None:
        self.chosen_ways = {**self._chosen_ways()}
        self.chosen_ways.setdefault(member, way)

    def _check_holding(self, principal: str, holder: str, proxies: dict[str, dict[str, Any]]) -> None:
        """The rules a proxy obeys whenever it comes into force: the statutes' (cap, college, no chains) and
        a holder who takes part at the session (a member voting by correspondence holds none)."""
        if self.attendance.get(holder) == CORRESPONDENCE:
            raise ProxyRuleBroken("a proxy holder votes for its principals at the session: it cannot vote by "
                                  "correspondence")
        check_proxy_grant(proxies=proxies, electorate=self.electorate, statutes=self.statutes,
                          principal=principal, holder=holder, live=(ACTIVE,))

    def _check_proxy_restorable(self, principal: str, holder: str) -> None:
        """A proxy coming back into force obeys the statutes like a new one: the cap holds at every moment."""
        try:
            self._check_holding(principal, holder, {p: x for p, x in self.proxies.items() if p != principal})
        except ProxyRuleBroken as broken:
            raise ProxyRuleBroken(
                "recording this member absent would bring its proxy back into force, which the statutes do not "
                "allow ({rule}): record the absence without its proxy, or keep the member's attendance",
                rule=broken.message) from broken

    @event("AttendanceRecorded")
    def _attendance_recorded(self, member_id: str, mode: str, actor: str) -> None:
        if mode == ABSENT:  # a correction: the member did not come after all, so its proxy stands again
            self.attendance = {m: a for m, a in self.attendance.items() if m != member_id}
            proxy = self.proxies.get(member_id)
            if proxy and proxy["status"] == OVERRIDDEN:
                self.proxies[member_id] = {**proxy, "status": ACTIVE}
        else:
            self.attendance[member_id] = mode
            if mode == CORRESPONDENCE:
                self._choose_way(member_id, CORRESPONDENCE)
            proxy = self.proxies.get(member_id)
            if proxy and proxy["status"] == ACTIVE:  # taking part in person overrides one's proxy
                self.proxies[member_id] = {**proxy, "status": OVERRIDDEN}

    def represented(self) -> dict[str, str]:
        """Principal → holder, for the active proxies whose holder takes part (present or remote)."""
        return {p: proxy["holder"] for p, proxy in self.proxies.items()
                if proxy["status"] == ACTIVE and self.attendance.get(proxy["holder"]) in (PRESENT, REMOTE)}

    def attending(self) -> dict[str, str]:
        """Every elector counted for the quorum, with how: present, remote, correspondence or represented."""
        counted = {m: a for m, a in self.attendance.items() if a != ABSENT}
        counted.update({p: REPRESENTED for p in self.represented()})
        return counted

    def quorum(self, kind: str | None = None) -> QuorumStatus:
        """The quorum of `kind` (default: the assembly's first kind) on this convocation, by head count."""
        kind = kind or self.resolution_kinds[0]
        statutes = self.statutes
        attending = self.attending()
        entitled = len(self.electorate)
        quorum = statutes.quorum[kind][self.convocation]
        college_quorum = statutes.college_quorum.get(kind)
        electors = Counter(self.electorate.values())
        heads = Counter(self.electorate[m] for m in attending if m in self.electorate)
        check = check_quorum(heads, electors, quorum, college_quorum)
        rows = [{"college": code, "entitled": electors[code], "attending": heads[code],
                 "needed": participants_needed(electors[code], college_quorum), "reached": check.colleges[code]}
                for code in sorted(electors)] if college_quorum is not None else []
        short = [row["college"] for row in rows if not row["reached"]]
        return QuorumStatus(kind=kind, entitled=entitled, attending=len(attending), quorum=quorum,
                            needed=participants_needed(entitled, quorum), reached=check.reached, colleges=tuple(rows),
                            colleges_short=tuple(short))

    # -- the session -------------------------------------------------------------------
    def open_session(self, *, actor: str) -> None:
        if self.status != CONVENED:
            raise AssemblyRuleBroken("the session can only be opened once (this assembly is {status})",
                                     status=self.status)
        # The members were convened for a day (R225-66: "les jour, heure et lieu de l'assemblée"), and the
        # correspondence forms' cut-offs are counted from it: once a convocation is sent through Collegia the
        # session cannot open before that day. (Assemblies convened without it keep the earlier behaviour.)
        if self.convocation_sent is not None and paris_day(clock.now()) < paris_day(self.held_at):
            raise AssemblyRuleBroken("the session opens on the day the convocation announced ({date})",
                                     date=paris_day(self.held_at).isoformat())
        self._session_opened(actor=clean_actor(actor))

    @event("SessionOpened")
    def _session_opened(self, actor: str) -> None:
        self.status = IN_SESSION

    def put_to_vote(self, *, proposal_id: str, kind: str, actor: str) -> dict[str, Any]:
        """Check a resolution may be voted now; returns what the proposal freezes (attendees, proxies)."""
        if self.status != IN_SESSION:
            raise AssemblyRuleBroken("resolutions are put to the vote during the session (this assembly is {status})",
                                     status=self.status)
        key = str(proposal_id)
        if key not in self.resolutions:
            raise AssemblyRuleBroken("this proposal is not on the assembly's agenda")
        if self.resolutions[key] != PENDING:
            raise AssemblyRuleBroken("this resolution has already been put to the vote")
        if any(state == VOTING for state in self.resolutions.values()):
            raise AssemblyRuleBroken("close the resolution being voted before opening the next one")
        amended = (self.amendments or {}).get(key)
        earlier = self.pending_amendments(amended or key)
        if amended is None and earlier:
            raise AssemblyRuleBroken("the amendments of this resolution are voted before it: {count} still to vote",
                                     count=len(earlier))
        if amended is not None and earlier and earlier[0] != key:
            raise AssemblyRuleBroken("the amendments of a resolution are voted in the order they were tabled")
        check_resolution_kind(self.kind, kind)
        status = self.quorum(kind)
        if status.attending == 0:
            raise AssemblyRuleBroken("nobody is recorded as taking part: record attendance before putting a "
                                     "resolution to the vote")
        if status.colleges_short:
            raise AssemblyRuleBroken(
                "the per-college quorum is not reached in {colleges}: the vote cannot be opened",
                colleges=", ".join(status.colleges_short))
        if not status.reached and self.convocation == "first":
            raise AssemblyRuleBroken(
                "quorum not reached: {attending} of {entitled} members present, represented or voting remotely, "
                "{needed} needed on first convocation", attending=status.attending, entitled=status.entitled,
                needed=status.needed)
        if not status.reached:
            raise AssemblyRuleBroken(
                "quorum not reached: {attending} of {entitled} members present, represented or voting remotely, "
                "{needed} needed on second convocation", attending=status.attending, entitled=status.entitled,
                needed=status.needed)
        attending = self.attending()
        self._resolution_opened(proposal_id=key, attendees=sorted(attending), actor=clean_actor(actor))
        return {"attendees": sorted(attending), "proxies": self.represented()}

    @event("ResolutionOpened")
    def _resolution_opened(self, proposal_id: str, attendees: list[str], actor: str) -> None:
        self.resolutions[proposal_id] = VOTING

    # -- amendments (issue 23) ---------------------------------------------------------
    amendments = None  # type: dict[str, str] | None  # an admitted amendment → the resolution it amends

    def add_amendment(self, *, amendment_id: str, amends: str, later: Sequence[str] = (), actor: str) -> None:
        """An admitted amendment joins the agenda just before the resolution it amends, after the amendments tabled
        before it (`later`: those tabled after it): it is voted first. It is not a new item (L225-105 al. 3): it
        changes one on the agenda."""
        self._check_not_closed()
        if str(amends) not in self.resolutions:
            raise AssemblyRuleBroken("this proposal is not on the assembly's agenda")
        if self.resolutions[str(amends)] != PENDING:
            raise AssemblyRuleBroken("this resolution has already been put to the vote")
        if str(amendment_id) in self.resolutions:
            raise AssemblyRuleBroken("this amendment is already on the agenda")
        after = {str(a) for a in later}
        before = next((a for a in self.agenda if a in after and (self.amendments or {}).get(a) == str(amends)),
                      str(amends))
        self._amendment_added(amendment_id=str(amendment_id), amends=str(amends), before=before,
                              actor=clean_actor(actor))

    @event("AmendmentPutOnAgenda")
    def _amendment_added(self, amendment_id: str, amends: str, before: str, actor: str) -> None:
        agenda = list(self.agenda)
        agenda.insert(agenda.index(before), amendment_id)
        self.agenda = agenda
        self.resolutions = {**self.resolutions, amendment_id: PENDING}
        self.amendments = {**(self.amendments or {}), amendment_id: amends}

    @property
    def items(self) -> list[str]:
        """The agenda's resolutions as convened: without the amendments admitted to them (which change an item, not
        add one): what the convocation lists and the correspondence forms answer."""
        amendments = self.amendments or {}
        return [p for p in self.agenda if p not in amendments]

    def pending_amendments(self, proposal_id: str) -> list[str]:
        """The amendments of a resolution still to be voted, in agenda order."""
        return [a for a in self.agenda if (self.amendments or {}).get(a) == str(proposal_id)
                and self.resolutions.get(a) in (PENDING, VOTING)]

    def record_outcome(self, *, proposal_id: str, outcome: str, actor: str) -> None:
        """Note that a resolution's vote was closed, with its outcome (the tally is in the proposal)."""
        key = str(proposal_id)
        if self.resolutions.get(key) != VOTING:
            raise AssemblyRuleBroken("this resolution is not being voted")
        self._resolution_closed(proposal_id=key, outcome=outcome, actor=clean_actor(actor))

    @event("ResolutionClosed")
    def _resolution_closed(self, proposal_id: str, outcome: str, actor: str) -> None:
        self.resolutions[proposal_id] = VOTED
        self.outcomes[proposal_id] = outcome

    def drop_resolution(self, *, proposal_id: str, actor: str) -> None:
        """A withdrawn proposal leaves the agenda unvoted, even mid-vote (the minutes say so)."""
        key = str(proposal_id)
        if self.resolutions.get(key) in (PENDING, VOTING):
            self._resolution_dropped(proposal_id=key, actor=clean_actor(actor))

    @event("ResolutionDropped")
    def _resolution_dropped(self, proposal_id: str, actor: str) -> None:
        self.resolutions[proposal_id] = "withdrawn"

    def close_session(self, *, actor: str) -> None:
        if self.status != IN_SESSION:
            raise AssemblyRuleBroken("only a session in progress can be closed (this assembly is {status})",
                                     status=self.status)
        if any(state == VOTING for state in self.resolutions.values()):
            raise AssemblyRuleBroken("a resolution is still being voted: close its vote first")
        self._session_closed(actor=clean_actor(actor))

    @event("SessionClosed")
    def _session_closed(self, actor: str) -> None:
        self.status = CLOSED

    # -- guards --------------------------------------------------------------------------
    def _check_not_closed(self) -> None:
        if self.status == CLOSED:
            raise AssemblyRuleBroken("this assembly is closed")

    def _elector(self, member_id: str | UUID) -> str:
        key = str(member_id)
        if key not in self.electorate:
            raise AssemblyRuleBroken("this member is not in the electorate frozen when the assembly was convened")
        return key


def earliest_meeting_day(statutes: Statutes, convocation: str, sent_at: datetime) -> date:
    """The first day an assembly may be held on this convocation when the convocation is sent at `sent_at`."""
    return paris_day(sent_at) + timedelta(days=statutes.notice_days[convocation])


def check_notice(statutes: Statutes, convocation: str, held_at: datetime, sent_at: datetime) -> None:
    """Code de commerce R225-69: at least `notice_days["first"]` days (15 by law) between sending the convocation
    and the assembly on first convocation, `notice_days["second"]` (10) on a later one; the statutes may lengthen
    them (`governance.statutes.LEGAL_NOTICE_DAYS`).

    Counted as the courts count it (docs/convocation-law.md, "Counting the days"): the day of sending is not
    counted, the day of the meeting is, in calendar days with no extension for weekends or holidays, so the
    notice is `(meeting day in Paris) − (sending day in Paris)`. The convocation is sent when it is convened:
    `sent_at` is now (governance.clock)."""
    needed = statutes.notice_days[convocation]
    sent, meeting = paris_day(sent_at), paris_day(held_at)
    left = (meeting - sent).days
    if left >= needed:
        return
    if convocation == "first":
        raise AssemblyRuleBroken(
            "R225-69: at least {days} days are needed between sending the convocation and the assembly on first "
            "convocation (sent on {sent}, the assembly on {date} leaves {left}; the earliest lawful date is "
            "{earliest})", days=needed, sent=sent.isoformat(), date=meeting.isoformat(), left=left,
            earliest=(sent + timedelta(days=needed)).isoformat())
    raise AssemblyRuleBroken(
        "R225-69: at least {days} days are needed between sending the convocation and the assembly on a later "
        "convocation (sent on {sent}, the assembly on {date} leaves {left}; the earliest lawful date is "
        "{earliest})", days=needed, sent=sent.isoformat(), date=meeting.isoformat(), left=left,
        earliest=(sent + timedelta(days=needed)).isoformat())


def resolution_kinds(assembly_kind: str) -> tuple[str, ...]:
    """What an assembly of this kind votes: an AGO ordinary resolutions, an AGE extraordinary ones,
    a mixed assembly both."""
    return RESOLUTION_KINDS if assembly_kind == MIXED else (assembly_kind,)


def check_resolution_kind(assembly_kind: str, resolution_kind: str) -> None:
    """An assembly votes only the kinds it was convened for (the notice states its nature and
    agenda, Code de commerce art. R225-66): an ordinary assembly never amends the statutes."""
    if resolution_kind in resolution_kinds(assembly_kind):
        return
    if resolution_kind == "extraordinary":
        raise AssemblyRuleBroken("an ordinary assembly cannot vote an extraordinary resolution: "
                                 "convene an extraordinary or mixed assembly")
    raise AssemblyRuleBroken("an extraordinary assembly cannot vote an ordinary resolution: "
                             "convene an ordinary or mixed assembly")
