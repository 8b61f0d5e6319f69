"""What the steps share: French argument types, the scenario clock, the agenda, refusals."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any, Callable
from uuid import UUID

from parse import with_pattern
from pytest_bdd import parsers

from governance.application import Collegia
from governance.clock import frozen_time
from governance.errors import DomainError
from governance.tally import Tally

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
VOTING_PERIOD = timedelta(days=7)
CHOICES = {"pour": "for", "contre": "against", "abstention": "abstain"}
KINDS = {"ordinaire": "ordinary", "extraordinaire": "extraordinary", "mixte": "mixed"}  # mixte: assemblies only
CONVOCATIONS = {"première": "first", "seconde": "second"}
OUTCOMES = {"adoptée": "adopted", "rejetée": "rejected", "ajournée faute de quorum": "no_quorum"}
STATUSES = {"admis": "admitted", "exclu": "excluded", "en attente": "requested", "retiré": "withdrawn"}
BOARD, SECRETARY = "conseil", "secrétaire"


@with_pattern(r"[^«»]+")
def _quoted(text: str) -> str:
    return text


@with_pattern(r"-?\d+(?:/\d+)?")
def _fraction(text: str) -> Fraction:
    return Fraction(text)


def _one_of(mapping: dict[str, str]) -> Callable[[str], str]:
    @with_pattern("|".join(sorted(mapping, key=len, reverse=True)))
    def convert(text: str) -> str:
        return mapping[text]
    return convert


TYPES = {"T": _quoted, "Frac": _fraction, "Choix": _one_of(CHOICES), "Nature": _one_of(KINDS),
         "Conv": _one_of(CONVOCATIONS), "Issue": _one_of(OUTCOMES), "Statut": _one_of(STATUSES)}


def p(text: str) -> parsers.parse:
    """A step parser knowing «quoted text», fractions and the French words for choices, kinds…"""
    return parsers.parse(text, extra_types=TYPES)


class ScenarioClock:
    """Governance time for one scenario: frozen, moved forward only by steps."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self.now = START
        stack.enter_context(frozen_time(START))

    def move_to(self, at: datetime) -> None:
        self.now = at
        self._stack.enter_context(frozen_time(at))


@dataclass
class Agenda:
    """The proposals of a scenario by title; steps without a title act on the last one."""

    ids: dict[str, UUID] = field(default_factory=dict)
    current: str | None = None

    def add(self, title: str, proposal_id: UUID) -> None:
        self.ids[title] = proposal_id
        self.current = title

    def get(self, title: str | None = None) -> UUID:
        key = title or self.current
        assert key is not None, "no proposal has been drafted in this scenario"
        return self.ids[key]


@dataclass
class Refusal:
    """The outcome of a command that the domain may refuse, with the store's position around it."""

    error: DomainError | None
    stored_before: int
    stored_after: int
    value: Any = None


def attempt(app: Collegia, command: Callable[[], Any]) -> Refusal:
    """Run a command, keeping the DomainError it may raise instead of failing the step."""
    before = app.recorder.max_notification_id() or 0
    try:
        value, error = command(), None
    except DomainError as refused:
        value, error = None, refused
    return Refusal(error, before, app.recorder.max_notification_id() or 0, value)


def recorded_tally(app: Collegia, proposal_id: UUID) -> Tally:
    """The tally stored by the VotingClosed event, as the register shows it."""
    stored = app.get_proposal(proposal_id).tally
    assert stored is not None, "the vote has not been closed"
    return Tally.from_dict(stored)


def events_of(app: Collegia, aggregate_id: UUID) -> list[tuple[str, bytes]]:
    """(event name, stored state bytes) of one aggregate, in the order they were recorded."""
    notifications = app.recorder.select_notifications(start=1, limit=1000)
    return [(n.topic.rsplit(".", 1)[-1], n.state) for n in notifications if n.originator_id == aggregate_id]


def college_rows(datatable: list[list[str]]) -> list[dict[str, Any]]:
    """Statutes colleges from a `collège | nom | part` table ('—' for no share)."""
    header, *rows = datatable
    cells = [dict(zip(header, row)) for row in rows]
    return [{"code": c["collège"], "name": c.get("nom") or c["collège"],
             "share": None if c.get("part", "—") in ("", "—", "-") else c["part"]} for c in cells]


def table_records(datatable: list[list[str]]) -> list[dict[str, str]]:
    """Rows of a table with a header line, as dicts."""
    header, *rows = datatable
    return [dict(zip(header, row)) for row in rows]


def shown(value: Any) -> str:
    """A figure as the minutes print it: exact fractions, '—' for none."""
    return "—" if value is None else str(value)


def has_choice_in_clear(state: bytes) -> bool:
    """Whether a stored event's state names a ballot choice (the key, in JSON)."""
    return b'"choice"' in state
