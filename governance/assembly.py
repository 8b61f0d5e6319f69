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
from governance.errors import AssemblyRuleBroken, InvalidInput, ProxyRuleBroken
from governance.statutes import CONVOCATIONS, RESOLUTION_KINDS, Statutes
from governance.proxies import check_not_to_itself, check_proxy_grant
from governance.tally import check_quorum, participants_needed

CONVENED, IN_SESSION, CLOSED = "convened", "in_session", "closed"
MIXED = "mixed"  # an "assemblée générale mixte": ordinary and extraordinary resolutions, each with its own rules
ASSEMBLY_KINDS = (*RESOLUTION_KINDS, MIXED)
MODES = ("in_person", "remote", "hybrid")
PRESENT, REMOTE, CORRESPONDENCE, ABSENT = "present", "remote", "correspondence", "absent"
ATTENDANCE_MODES = (PRESENT, REMOTE, CORRESPONDENCE, ABSENT)
REPRESENTED = "represented"
PROXY = "proxy"  # a way of taking part chosen before the meeting, with CORRESPONDENCE
# Resolution states inside an assembly.
PENDING, VOTING, VOTED = "pending", "voting", "voted"
# Assembly proxy states.
ACTIVE, REVOKED, OVERRIDDEN = "active", "revoked", "overridden"
MAX_AGENDA = 50
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
        if self.attendance.get(principal, ABSENT) != ABSENT:
            raise ProxyRuleBroken("this member attends the assembly itself")
        self._check_holding(principal, holder, self.proxies)
        self._proxy_given(principal_id=principal, holder_id=holder, actor=clean_actor(actor))

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
        if mode != ABSENT:
            self._check_participation_change(member, mode)
        actor = clean_actor(actor)
        proxy = self.proxies.get(member)
        if mode == ABSENT and proxy and proxy["status"] == OVERRIDDEN:
            if not restore_proxy:
                self._proxy_revoked(principal_id=member, holder_id=proxy["holder"], actor=actor)
            else:
                self._check_proxy_restorable(member, proxy["holder"])
        self._attendance_recorded(member_id=member, mode=mode, actor=actor)

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


def paris_day(moment: datetime) -> date:
    """The calendar day of `moment` in Paris."""
    return moment.astimezone(PARIS).date()


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
