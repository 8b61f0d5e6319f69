"""Who is told what: messages planned from the event log and from the clock.

`MailPlanner.catch_up` reads the events after its position (`mail_tracking`, row "planner") that
mail is about, a section at a time, and plans, in one transaction with the new position:

| event | message | to whom |
|---|---|---|
| `VotingOpened` (an online vote) | invitation, with the closing time as a calendar file | each person representing a member of the frozen electorate still admitted |
| `ProxyGranted` | the proxy's notice (kind invitation) | the persons representing the holder |
| `VotingClosed` (an online vote) | result: outcome, turnout, per college unless it would reveal a secret ballot | as the invitation |
| `MinutesSigned`, once chair and secretary have signed | notice that the minutes are available | persons representing an admitted member |
| `MemberAdmitted` | welcome | persons already representing that member |
| `ConvocationSent` | the convocation (a legal notice): its text as recorded, its SHA-256, the meeting's `.ics` | the persons representing each member the event routes to e-mail (R225-63), one message per member and person; never a member routed to post |
| `CommentPosted` (a discussion, issue 23) | mention: who mentioned them, the proposal's title, the comment's beginning, its link | the persons representing each mentioned member still admitted, once per person and comment; never the comment's author |

An event about a vote that is no longer open (read from the aggregate as it is now) plans no
invitation: a planner catching up after a stop does not invite to a closed vote. Likewise a comment hidden or
withdrawn before the planner reaches it (the discussion read as it is now) mentions nobody. A new planner
starts at the log's end: mail begins when it is first set up, history is not mailed.

A convocation is a legal notice (`kinds.LEGAL_NOTICES`): queued at once whatever the person's preferences (never
held for a digest nor turned off), with no unsubscribe link. None is planned once the meeting has begun.

`plan_reminders` (every pass) reminds, when a pole's lead time before a close is reached, the
persons who have not voted for every member they may vote for (their own and their proxies');
`plan_digests` (every pass) gathers, after the digest hour (Paris time), each person's held
messages into one digest. A message's key (cause, person, kind) makes each plan idempotent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any, Iterable, Sequence

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import DBAPIError

from governance import clock
from governance.assembly import CONVENED, Assembly
from governance.convocation import EMAIL, fingerprint
from governance.deliberation import POSTED, Discussion
from governance.minutes import Minutes
from governance.pole import Pole
from governance.proposal import OPEN, Proposal
from governance.election import ELECTED
from governance.tally import ADOPTED, NO_QUORUM, REJECTED
from infrastructure.accounts_tables import mail_messages, mail_tracking, roles, users
from infrastructure.config import Settings
from notifications import compose, outbox, tracking
from notifications.kinds import (CANCELLED, CHOOSABLE, CONVOCATION, DEPARTED, DIGEST, DIGESTED, HELD, IMMEDIATE,
                                 IN_DIGEST, INVITATION, MENTION, MINUTES, OFF, QUEUED, REMINDER, RESULT,
                                 ROLE_GRANTED, WELCOME)
from notifications.links import Links
from projections import tables as t

logger = logging.getLogger("collegia.mail")
UNSAID = "the comment was hidden or withdrawn before this message was sent"
PLANNER = "planner"
SECTION = 1000
PARIS = clock.PARIS
OUTCOMES = {"fr": {ADOPTED: "adoptée", REJECTED: "rejetée", NO_QUORUM: "quorum non atteint", ELECTED: "élection faite"},
            "en": {ADOPTED: "adopted", REJECTED: "rejected", NO_QUORUM: "no quorum", ELECTED: "election held"}}
SUMMARY_LENGTH = 600
EXCERPT_LENGTH = 300  # the beginning of a comment quoted in a mention
SECRETARIAT = {"fr": "le secrétariat", "en": "the secretary"}  # who speaks in a comment posted for the pole
MEETING_LENGTH = timedelta(hours=3)  # a general assembly in the convocation's calendar file
MEETINGS = {"fr": {"ordinary": "Assemblée générale ordinaire", "extraordinary": "Assemblée générale extraordinaire",
                   "mixed": "Assemblée générale mixte"},
            "en": {"ordinary": "Ordinary general meeting", "extraordinary": "Extraordinary general meeting",
                   "mixed": "Mixed general meeting"}}


TOPICS = {tracking.topic(event): kind for event, kind in (
    (Proposal.VotingOpened, "opened"), (Proposal.ProxyGranted, "proxy"), (Proposal.VotingClosed, "closed"),
    (Minutes.MinutesSigned, "signed"), (Pole.MemberAdmitted, "admitted"), (Assembly.ConvocationSent, "convocation"),
    (Discussion.CommentPosted, "comment"), (Discussion.CommentHidden, "unsaid"),
    (Discussion.CommentWithdrawn, "unsaid"))}


@dataclass(frozen=True)
class Person:
    user_id: int
    email: str
    name: str
    locale: str
    member_id: str


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The beginning of a comment, on one line, cut at a word near `length` characters (« … » when cut)."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[:length]
    space = cut.rfind(" ")
    return (cut[:space] if space > length * 2 // 3 else cut).rstrip(" ,;:.") + " …"


def listed(names: Sequence[str], locale: str) -> str:
    """'Régie Alpha, SCOP Beta et Asso Gamma' / '… and Asso Gamma'."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {'et' if compose.locale_of(locale) == 'fr' else 'and'} {names[-1]}"


def people(conn: Connection, pole_id: str, member_ids: Iterable[str] | None = None) -> list[Person]:
    """The active accounts representing members of the pole (those of `member_ids`, if given)."""
    rows = conn.execute(select(users.c.id, users.c.email, users.c.name, users.c.locale, roles.c.member_id)
                        .join(roles, roles.c.user_id == users.c.id)
                        .where(roles.c.pole_id == str(pole_id), roles.c.role == "member", users.c.is_active)
                        .order_by(users.c.id)).all()
    wanted = None if member_ids is None else {str(m) for m in member_ids}
    return [Person(r.id, r.email, r.name, r.locale, str(r.member_id)) for r in rows
            if r.member_id and (wanted is None or str(r.member_id) in wanted)]


class MailPlanner:
    def __init__(self, app: Any, engine: Engine, settings: Settings) -> None:
        self.app = app
        self.engine = engine
        self.settings = settings
        self.links = Links(settings)
        self._closed: set[str] = set()
        self._discussions: dict[str, Discussion | None] = {}

    # -- position -------------------------------------------------------------------------------
    def position(self) -> int | None:
        return tracking.position(self.engine, PLANNER)

    def ensure_position(self) -> int:
        """The planner's position; a new planner starts at the log's end (history is not mailed)."""
        return tracking.ensure_position(self.engine, self.app, PLANNER)

    def catch_up(self) -> int:
        """Plan the messages of every event after the position; the number of messages planned."""
        planned = 0
        while True:
            start = self.ensure_position()
            end = self.app.recorder.max_notification_id() or 0
            if end <= start:
                return planned
            notifications = self.app.recorder.select_notifications(
                start=start, limit=SECTION, stop=end, topics=list(TOPICS), inclusive_of_start=False)
            new_position = notifications[-1].id if len(notifications) == SECTION else end
            rows: list[dict[str, Any]] = []
            unsaid = self._unsaid(notifications)
            self._closed = self._closed_since(notifications)
            self._discussions = {}  # read once per section, as they are now
            for notification in notifications:
                try:
                    rows.extend(self._plan(notification))
                except (DBAPIError, OSError):
                    raise  # the database or the disk, for now: the section is planned again, nothing skipped
                except Exception:  # an event that can never be planned (a bug): logged, the others' mail goes on
                    logger.exception("mail: event %d (%s) could not be planned", notification.id, notification.topic)
            with self.engine.begin() as conn:
                moved = conn.execute(update(mail_tracking).where(
                    mail_tracking.c.name == PLANNER, mail_tracking.c.position == start)
                    .values(position=new_position)).rowcount
                if not moved:  # another planner moved first: it planned these (the keys would skip them anyway)
                    continue
                self._queue_by_preference(conn, rows)
                for prefix in unsaid:  # a mention waiting (queued, or held for the digest) of a comment since hidden
                    conn.execute(update(mail_messages).where(
                        mail_messages.c.dedupe_key.startswith(prefix, autoescape=True),
                        mail_messages.c.state.in_([QUEUED, HELD])).values(state=CANCELLED, last_error=UNSAID))
            planned += len(rows)

    def _unsaid(self, notifications: Sequence[Any]) -> list[str]:
        """The mention keys of the comments hidden or withdrawn in this section: what still waits of them is not
        sent (the digest would otherwise quote a hidden text)."""
        prefixes = []
        for n in notifications:
            if TOPICS.get(n.topic) == "unsaid":
                event = self.app.mapper.to_domain_event(n)
                discussion = self.app.repository.get(n.originator_id)
                prefixes.append(f"mention:{discussion.proposal_id}:{event.number}:")
        return prefixes

    def _closed_since(self, notifications: Sequence[Any]) -> set[str]:
        """The votes opened (or given a proxy) in this section that the read models already show closed or
        withdrawn: a planner catching up on a long log skips them without loading each proposal."""
        ids = {str(n.originator_id) for n in notifications if TOPICS.get(n.topic) in ("opened", "proxy")}
        if not ids:
            return set()
        with self.engine.connect() as conn:
            return set(conn.execute(select(t.proposals.c.id).where(
                t.proposals.c.id.in_(list(ids)), t.proposals.c.status != OPEN,
                t.proposals.c.status != "draft")).scalars())

    def _queue_by_preference(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Queue each message as its recipient chose for its kind: at once, held for the digest, or not at all.
        A kind nobody may choose (a legal notice: the convocation) is queued at once, whatever is stored."""
        if not rows:
            return
        chosen: dict[tuple[int, str], str] = {}
        for kind in {r["kind"] for r in rows} & set(CHOOSABLE):
            ids = {r["user_id"] for r in rows if r["kind"] == kind}
            chosen.update({(user_id, kind): mode for user_id, mode in outbox.modes(conn, ids, kind).items()})
        kept = []
        for row in rows:
            mode = chosen[(row["user_id"], row["kind"])] if row["kind"] in CHOOSABLE else IMMEDIATE
            if mode == OFF:
                continue
            if mode == IN_DIGEST:
                row = {**row, "state": HELD}
            kept.append(row)
        outbox.queue(conn, kept)

    def _plan(self, notification: Any) -> list[dict[str, Any]]:
        what = TOPICS.get(notification.topic)
        if what in ("opened", "proxy") and str(notification.originator_id) in self._closed:
            return []
        event = self.app.mapper.to_domain_event(notification)
        if what == "opened":
            return self._invitations(event, notification.id)
        if what == "proxy":
            return self._proxy_notice(event, notification.id)
        if what == "closed":
            return self._results(event, notification.id)
        if what == "signed":
            return self._minutes_notice(event, notification.id)
        if what == "admitted":
            return self._welcome(event, notification.id)
        if what == "convocation":
            return self._convocations(event, notification.id)
        if what == "comment":
            return self._mentions(event, notification.id)
        return []

    # -- composing ------------------------------------------------------------------------------
    def _row(self, person: Person, *, kind: str, template: str, key: str, cause: str, pole: Pole,
             position: int | None, about: str, ics: str | None = None, **context: Any) -> dict[str, Any]:
        # Only a kind the person may choose can be unsubscribed from. A legal notice (the convocation) carries no
        # unsubscribe link nor List-Unsubscribe header: unsubscribing could not stop it (the law says who is
        # convened by e-mail, R225-63) and would wrongly suggest it does; the way back to post is to ask the pole.
        unsubscribe = self.links.unsubscribe(person.user_id, kind) if kind in CHOOSABLE else None
        subject, text = compose.render(template, person.locale, name=person.name, pole=pole.name,
                                       unsubscribe_url=unsubscribe, preferences_url=self.links.preferences(),
                                       **context)
        return outbox.message(key=key, recipient=person.email, kind=kind, cause=cause, subject=subject, text=text,
                              settings=self.settings, pole_id=str(pole.id), user_id=person.user_id,
                              position=position, about=about, ics=ics, unsubscribe_url=unsubscribe,
                              locale=person.locale)

    def _electors(self, conn: Connection, proposal: Proposal, pole: Pole) -> list[Person]:
        return [p for p in people(conn, str(pole.id), proposal.electorate) if pole.is_admitted(p.member_id)]

    @staticmethod
    def _member_names(pole: Pole, member_ids: Sequence[str]) -> str:
        return ", ".join(pole.members[m]["name"] for m in member_ids if m in pole.members)

    def _closing_ics(self, proposal: Proposal, url: str, locale: str) -> str:
        summary = (f"Clôture du vote : {proposal.title}" if locale == "fr" else f"Vote closes: {proposal.title}")
        return compose.calendar(f"vote-{proposal.id}@collegia", summary, proposal.closes_at, url)

    def _invitations(self, event: Any, position: int) -> list[dict[str, Any]]:
        proposal: Proposal = self.app.get_proposal(event.originator_id)
        if proposal.status != OPEN or proposal.attendees is not None or proposal.closes_at <= clock.now():
            return []  # closed since, or an assembly resolution (voted in the room)
        pole: Pole = self.app.get_pole(proposal.pole_id)
        url = self.links.proposal(str(pole.id), str(proposal.id))
        summary = proposal.text if len(proposal.text) <= SUMMARY_LENGTH else proposal.text[:SUMMARY_LENGTH] + "…"
        with self.engine.connect() as conn:
            electors = self._electors(conn, proposal, pole)
        ics = {locale: self._closing_ics(proposal, url, locale) for locale in {p.locale for p in electors}}
        by_user: dict[int, list[Person]] = {}
        for person in electors:
            by_user.setdefault(person.user_id, []).append(person)
        return [self._row(
            persons[0], kind=INVITATION, template="invitation", key=f"invitation:{proposal.id}:{user_id}",
            cause=f"VotingOpened #{position}", pole=pole, position=position, about=str(proposal.id),
            ics=ics[persons[0].locale], title=proposal.title, summary=summary, secret=proposal.secret,
            closes_at=proposal.closes_at, url=url,
            members=self._member_names(pole, [p.member_id for p in persons]))
            for user_id, persons in by_user.items()]

    def _proxy_notice(self, event: Any, position: int) -> list[dict[str, Any]]:
        proposal: Proposal = self.app.get_proposal(event.originator_id)
        if proposal.status != OPEN or proposal.closes_at <= clock.now():
            return []
        pole: Pole = self.app.get_pole(proposal.pole_id)
        principal, holder = str(event.principal_id), str(event.holder_id)
        url = self.links.proposal(str(pole.id), str(proposal.id))
        with self.engine.connect() as conn:
            holders = [p for p in people(conn, str(pole.id), [holder]) if pole.is_admitted(holder)]
        return [self._row(
            person, kind=INVITATION, template="proxy", key=f"proxy:{proposal.id}:{principal}:{position}:{person.user_id}",
            cause=f"ProxyGranted #{position}", pole=pole, position=position, about=str(proposal.id),
            ics=self._closing_ics(proposal, url, person.locale), title=proposal.title,
            principal=self._member_names(pole, [principal]), closes_at=proposal.closes_at, url=url)
            for person in holders]

    def _results(self, event: Any, position: int) -> list[dict[str, Any]]:
        proposal: Proposal = self.app.get_proposal(event.originator_id, version=event.originator_version)
        if proposal.attendees is not None:
            return []  # an assembly resolution: its result is in the minutes, announced when signed
        pole: Pole = self.app.get_pole(proposal.pole_id)
        tally = event.tally
        details = tally.get("details") or {}
        # An election's colleges count ballots, not for and against: the mail names the elected and their seats
        # (each candidate's figures are on the result page and in the minutes).
        elected = [{"name": c["name"], "seat": c["seat"], "college": self._college_name(pole, c["seat"])}
                   for c in details.get("candidates", []) if c.get("elected")] if details.get("election") else None
        colleges = [] if elected is not None else [
            {"name": c["name"] or c["code"] or "—", "hidden": proposal.secret and c["reveals_ballots"],
             "votes_for": c["votes_for"], "votes_against": c["votes_against"],
             "abstentions": c["abstentions"], "participants": c["participants"],
             "electorate": c["electorate"]} for c in tally["colleges"]]
        url = self.links.proposal(str(pole.id), str(proposal.id))
        with self.engine.connect() as conn:
            electors = self._electors(conn, proposal, pole)
        seen: set[int] = set()
        rows = []
        for person in electors:
            if person.user_id in seen:
                continue
            seen.add(person.user_id)
            rows.append(self._row(
                person, kind=RESULT, template="result", key=f"result:{proposal.id}:{person.user_id}",
                cause=f"VotingClosed #{position}", pole=pole, position=position, about=str(proposal.id),
                title=proposal.title, outcome=OUTCOMES[compose.locale_of(person.locale)][event.outcome],
                result=tally["result"], threshold=tally["threshold"], participants=tally["participants"],
                entitled=tally["entitled"], colleges=colleges, secret=proposal.secret, url=url, elected=elected))
        return rows

    @staticmethod
    def _college_name(pole: Pole, seat: str) -> str | None:
        """The college of a reserved seat ("reserved:<college>"), by its name in the statutes; None for an open
        seat."""
        if not seat.startswith("reserved:"):
            return None
        code = seat.split(":", 1)[1]
        statutes = pole.statutes
        return statutes.college(code).name if statutes.has_college(code) else code

    def _minutes_notice(self, event: Any, position: int) -> list[dict[str, Any]]:
        minutes: Minutes = self.app.repository.get(event.originator_id, version=event.originator_version)
        capacities = {s["capacity"] for s in minutes.signatures() if s["digest"] == event.digest}
        if not {"chair", "secretary"} <= capacities:
            return []  # not signed by the bureau yet
        pole: Pole = self.app.get_pole(minutes.pole_id)
        if minutes.subject_type == "proposal":
            title = self.app.get_proposal(minutes.subject_id).title
        else:
            assembly = self.app.get_assembly(minutes.subject_id)
            title = f"{assembly.kind.upper()} {assembly.held_at.astimezone(PARIS):%d/%m/%Y}"
        url = self.links.minutes(str(pole.id), str(minutes.subject_id))
        with self.engine.connect() as conn:
            persons = {p.user_id: p for p in people(conn, str(pole.id)) if pole.is_admitted(p.member_id)}
        return [self._row(person, kind=MINUTES, template="minutes", key=f"minutes:{minutes.id}:{event.digest[:16]}:{person.user_id}",
                          cause=f"MinutesSigned #{position}", pole=pole, position=position,
                          about=str(minutes.subject_id), title=title, url=url)
                for person in persons.values()]

    def _convocations(self, event: Any, position: int) -> list[dict[str, Any]]:
        """The convocation to the persons representing each member the event routes to e-mail (R225-63), one
        message per member and person, and nothing to a member routed to post: the text as the event records it
        (never written again) with its fingerprint, the links to the assembly, its documents and the online
        correspondence form, the meeting as a calendar file."""
        assembly: Assembly = self.app.get_assembly(event.originator_id)
        if assembly.status != CONVENED or assembly.held_at <= clock.now():
            logger.warning("mail: the convocation of assembly %s (event %d) is not mailed: its meeting has begun",
                           assembly.id, position)
            return []  # a planner catching up after the meeting: a convocation now would only mislead
        if fingerprint(event.text) != event.sha256:  # the register's chain would say how; never mail a wrong mark
            raise ValueError(f"assembly {assembly.id}: the convocation's text does not match its SHA-256")
        pole: Pole = self.app.get_pole(assembly.pole_id)
        by_email = {m: r for m, r in event.recipients.items() if r.get("channel") == EMAIL and pole.is_admitted(m)}
        with self.engine.connect() as conn:
            persons = people(conn, str(pole.id), by_email)
        pole_id, assembly_id = str(pole.id), str(assembly.id)
        links = {"assembly_url": self.links.assembly(pole_id, assembly_id),
                 "documents_url": self.links.assembly_documents(pole_id, assembly_id),
                 "correspondence_url": self.links.correspondence(pole_id, assembly_id)
                 if assembly.statutes.correspondence_voting and assembly.statutes.online_forms else ""}
        ics = {locale: self._meeting_ics(assembly, pole, links["assembly_url"], locale)
               for locale in {compose.locale_of(p.locale) for p in persons}}
        return [self._row(
            person, kind=CONVOCATION, template="convocation", cause=f"ConvocationSent #{position}", pole=pole,
            key=outbox.convocation_key(assembly_id, event.originator_version, person.member_id, person.user_id),
            position=position, about=assembly_id, ics=ics[compose.locale_of(person.locale)],
            member=pole.members[person.member_id]["name"], assembly_kind=assembly.kind, held_at=assembly.held_at,
            sent_at=event.sent_at, text=event.text, sha256=event.sha256,
            consent_on=by_email[person.member_id].get("consent_on"), **links)
            for person in persons]

    def _mentions(self, event: Any, position: int) -> list[dict[str, Any]]:
        """Tell the persons representing each member a comment mentions, once per person and comment: who
        mentioned them, the proposal's title, the comment's beginning and its link. Nothing for a comment hidden or
        withdrawn since (the discussion as it is now), nor to a member no longer admitted, nor to the comment's
        author (the person who posted it, or the member it speaks for mentioning itself). Nothing about ballots:
        a discussion never says whether anyone voted (docs/secret-ballots.md)."""
        if not event.mentions:
            return []
        proposal_id = str(event.proposal_id)
        if proposal_id not in self._discussions:
            self._discussions[proposal_id] = self.app.get_discussion(proposal_id)
        discussion = self._discussions[proposal_id]
        if discussion is None or event.number > len(discussion.comments):
            return []
        comment = discussion.comment(event.number)
        if comment["status"] != POSTED:
            return []  # hidden or withdrawn before the planner reached it
        proposal: Proposal = self.app.get_proposal(proposal_id)
        pole: Pole = self.app.get_pole(discussion.pole_id)
        speaker = comment["member_id"]
        mentioned = [m for m in comment["mentions"] if m != speaker and pole.is_admitted(m)]
        if not mentioned:
            return []
        author = parseaddr(comment["actor"])[1].casefold()
        with self.engine.connect() as conn:
            persons = [p for p in people(conn, str(pole.id), mentioned) if p.email.casefold() != author]
        by_user: dict[int, list[Person]] = {}
        for person in persons:
            by_user.setdefault(person.user_id, []).append(person)
        url = self.links.comment(str(pole.id), proposal_id, event.number)
        return [self._row(
            persons[0], kind=MENTION, template="mention", key=f"mention:{proposal_id}:{event.number}:{user_id}",
            cause=f"CommentPosted #{position}", pole=pole, position=position, about=proposal_id,
            title=proposal.title, url=url, excerpt=excerpt(comment["text"]),
            author=(pole.members[speaker]["name"] if speaker in pole.members
                    else SECRETARIAT[compose.locale_of(persons[0].locale)]),
            members=listed([pole.members[p.member_id]["name"] for p in persons if p.member_id in pole.members],
                           persons[0].locale))
            for user_id, persons in by_user.items()]

    @staticmethod
    def _meeting_ics(assembly: Assembly, pole: Pole, url: str, locale: str) -> str:
        """The meeting in the reader's calendar; the same UID as in the calendar feed, so the two make one."""
        summary = f"{MEETINGS[locale][assembly.kind]} — {pole.name}"
        return compose.calendar(f"assembly-{assembly.id}@collegia", summary, assembly.held_at, url,
                                duration=MEETING_LENGTH, location=assembly.place)

    def welcome(self, user_id: int, pole_id: str, member_id: str) -> int:
        """Welcome a person just linked to an admitted member (an account given its role after the admission:
        the usual order, as accounts are opened once members are admitted); once per person and member."""
        pole: Pole = self.app.get_pole(pole_id)
        if not pole.is_admitted(member_id):
            return 0
        with self.engine.connect() as conn:
            persons = [p for p in people(conn, str(pole.id), [member_id]) if p.user_id == user_id]
        rows = [self._row(person, kind=WELCOME, template="welcome", key=f"welcome:{member_id}:{person.user_id}",
                          cause=ROLE_GRANTED, pole=pole, position=None, about=str(member_id),
                          member=pole.members[str(member_id)]["name"], url=self.links.pole(str(pole.id)))
                for person in persons]
        with self.engine.begin() as conn:
            self._queue_by_preference(conn, rows)
        return len(rows)

    def _welcome(self, event: Any, position: int) -> list[dict[str, Any]]:
        pole: Pole = self.app.get_pole(event.originator_id)
        member_id = str(event.member_id)
        if not pole.is_admitted(member_id):
            return []
        with self.engine.connect() as conn:
            persons = people(conn, str(pole.id), [member_id])
        return [self._row(person, kind=WELCOME, template="welcome", key=f"welcome:{member_id}:{person.user_id}",
                          cause=f"MemberAdmitted #{position}", pole=pole, position=position, about=member_id,
                          member=pole.members[member_id]["name"], url=self.links.pole(str(pole.id)))
                for person in persons]

    # -- the clock ------------------------------------------------------------------------------
    def plan_reminders(self, now: datetime | None = None) -> int:
        """Reminders for the online votes whose pole's lead time before the close is reached."""
        now = now or outbox.now()
        with self.engine.connect() as conn:
            candidates = conn.execute(select(t.proposals.c.id, t.proposals.c.pole_id, t.proposals.c.opened_at,
                                             t.proposals.c.closes_at).where(
                t.proposals.c.status == OPEN, t.proposals.c.assembly_id.is_(None),
                t.proposals.c.closes_at > now)).all()
            leads = {pole_id: outbox.reminder_hours(conn, pole_id) for pole_id in {c.pole_id for c in candidates}}
        rows: list[dict[str, Any]] = []
        for candidate in candidates:
            lead = timedelta(hours=leads[candidate.pole_id])
            # No reminder when the lead time is 0, before it is reached, or when the vote opened already within
            # it (its invitation told the closing time).
            if not lead or now < candidate.closes_at - lead or (candidate.opened_at and
                                                                candidate.opened_at >= candidate.closes_at - lead):
                continue
            rows.extend(self._reminders(candidate.id, now))
        if rows:
            with self.engine.begin() as conn:
                self._queue_by_preference(conn, rows)
        return len(rows)

    def _reminders(self, proposal_id: str, now: datetime) -> list[dict[str, Any]]:
        proposal: Proposal = self.app.get_proposal(proposal_id)
        if proposal.status != OPEN:
            return []
        pole: Pole = self.app.get_pole(proposal.pole_id)
        with self.engine.connect() as conn:
            electors = self._electors(conn, proposal, pole)
            done = outbox.known_keys(conn, (f"reminder:{proposal.id}:{p.user_id}" for p in electors))
        holders: dict[str, list[str]] = {}
        for principal, proxy in proposal.proxies.items():
            if proxy["status"] == "active":
                holders.setdefault(proxy["holder"], []).append(principal)
        url = self.links.proposal(str(pole.id), str(proposal.id))
        by_user: dict[int, list[str]] = {}
        persons: dict[int, Person] = {}
        for person in electors:
            persons[person.user_id] = person
            for member in [person.member_id, *holders.get(person.member_id, [])]:
                if not proposal.has_voted(member):
                    by_user.setdefault(person.user_id, []).append(member)
        return [self._row(
            persons[user_id], kind=REMINDER, template="reminder", key=f"reminder:{proposal.id}:{user_id}",
            cause=f"reminder {proposal.closes_at:%Y-%m-%d %H:%M} UTC", pole=pole, position=None,
            about=str(proposal.id), ics=self._closing_ics(proposal, url, persons[user_id].locale),
            title=proposal.title, closes_at=proposal.closes_at, url=url,
            members=self._member_names(pole, members))
            for user_id, members in by_user.items() if f"reminder:{proposal.id}:{user_id}" not in done]

    def digest_cutoff(self, now: datetime) -> datetime:
        """The last digest time (the digest hour, Paris time) at or before `now` (naive UTC)."""
        local = now.replace(tzinfo=UTC).astimezone(PARIS)
        cutoff = local.replace(hour=self.settings.digest_hour, minute=0, second=0, microsecond=0)
        if cutoff > local:
            cutoff -= timedelta(days=1)
        return cutoff.astimezone(UTC).replace(tzinfo=None)

    def plan_digests(self, now: datetime | None = None) -> int:
        """One digest per person of the messages held before the last digest time; they become `digested`.

        The held rows are claimed first (`held` → `digested`, all or nothing): two processes making digests at
        once never put one message in two digests nor mark one digested that no digest holds. A held message
        of a pole the person has left since is cancelled, not digested."""
        cutoff = self.digest_cutoff(now or outbox.now())
        with self.engine.begin() as conn:
            held = conn.execute(select(mail_messages.c.id, mail_messages.c.user_id, mail_messages.c.pole_id,
                                       mail_messages.c.recipient, mail_messages.c.subject, mail_messages.c.body_text)
                                .where(mail_messages.c.state == HELD, mail_messages.c.created_at < cutoff)
                                .order_by(mail_messages.c.user_id, mail_messages.c.id)).all()
            if not held:
                return 0
            ids = [r.id for r in held]
            claimed = sum(conn.execute(update(mail_messages).where(
                mail_messages.c.id.in_(ids[i:i + 500]), mail_messages.c.state == HELD)
                .values(state=DIGESTED)).rowcount for i in range(0, len(ids), 500))
            if claimed != len(ids):  # another process is making these digests
                conn.rollback()
                return 0
            gone = outbox.departed(conn, [dict(r._mapping) for r in held])
            if gone:
                conn.execute(update(mail_messages).where(mail_messages.c.id.in_(gone))
                             .values(state=CANCELLED, last_error=DEPARTED))
            by_user: dict[int, list[Any]] = {}
            for row in held:
                if row.id not in gone:
                    by_user.setdefault(row.user_id, []).append(row)
            accounts = {r.id: r for r in conn.execute(select(users.c.id, users.c.name, users.c.locale, users.c.email)
                                                      .where(users.c.id.in_(list(by_user)), users.c.is_active)).all()}
            day = cutoff.replace(tzinfo=UTC).astimezone(PARIS).date()
            rows = []
            for user_id, items in by_user.items():
                account = accounts.get(user_id)
                if account is None:
                    continue
                locale = compose.locale_of(account.locale)
                unsubscribe = self.links.unsubscribe(user_id, DIGEST)
                subject, text = compose.render(
                    "digest", locale, name=account.name, day=day.strftime("%d/%m/%Y" if locale == "fr" else "%Y-%m-%d"),
                    items=[{"subject": i.subject, "text": i.body_text.split("\n--\n")[0].strip()} for i in items],
                    unsubscribe_url=unsubscribe, preferences_url=self.links.preferences())
                # One digest per batch of held messages (named by its first): a message held before the digest
                # hour but committed after that day's digest was made goes in a digest of its own, never lost.
                rows.append(outbox.message(key=f"digest:{user_id}:{day.isoformat()}:{items[0].id}",
                                           recipient=account.email, kind=DIGEST,
                                           cause=f"digest {day.isoformat()} ({len(items)})",
                                           subject=subject, text=text, settings=self.settings, user_id=user_id,
                                           unsubscribe_url=unsubscribe, locale=locale))
            outbox.queue(conn, rows)
        return len(rows)
