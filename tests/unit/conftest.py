"""Fixtures for the domain unit tests: an in-memory Collegia app and a small SCIC pole."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Callable, Iterator
from uuid import UUID

import pytest

from governance.application import Collegia
from governance.errors import DomainError

ACTOR = "secretaire@pole.example"


def scic_statutes(**overrides: Any) -> dict[str, Any]:
    """Three SCIC colleges (40 / 30 / 30 %), legal defaults for everything else."""
    statutes: dict[str, Any] = {
        "model": "scic",
        "colleges": [
            {"code": "salaries", "name": "Salariés", "share": "40%"},
            {"code": "usagers", "name": "Usagers", "share": "30%"},
            {"code": "collectivites", "name": "Collectivités", "share": "30%"},
        ],
    }
    statutes.update(overrides)
    return statutes


@dataclass
class PoleWorld:
    """A founded pole plus helpers to populate it and run votes through the app."""

    app: Collegia
    pole_id: UUID
    members: dict[str, UUID] = field(default_factory=dict)
    proposal_id: UUID | None = None

    def stored(self) -> int | None:
        return self.app.recorder.max_notification_id()

    def request(self, name: str, kind: str = "person", representative: str = "") -> UUID:
        member_id = self.app.request_membership(self.pole_id, name=name, kind=kind, category="usager",
                                                representative=representative, actor=ACTOR)
        self.members[name] = member_id
        return member_id

    def add_member(self, name: str, college: str | None) -> UUID:
        """Request, admit (board) and assign a member to `college`."""
        member_id = self.request(name)
        self.app.admit_member(self.pole_id, member_id, decision="CA du 3 mars", actor=ACTOR)
        if college is not None:
            self.app.assign_college(self.pole_id, member_id, college=college, reason="statuts", actor=ACTOR)
        return member_id

    def draft(self, kind: str = "ordinary", effect: dict[str, Any] | None = None, secret: bool = False,
              title: str = "Budget 2025") -> UUID:
        return self.app.draft_proposal(self.pole_id, title=title, text="Approuver le budget.", kind=kind,
                                       effect=effect, secret=secret, actor=ACTOR)

    def open(self, proposal_id: UUID, days: int = 7) -> datetime:
        closes_at = datetime.now(UTC) + timedelta(days=days)
        self.app.open_voting(proposal_id, closes_at=closes_at, actor=ACTOR)
        return closes_at

    def open_proposal(self, **draft_kwargs: Any) -> UUID:
        proposal_id = self.draft(**draft_kwargs)
        self.open(proposal_id)
        return proposal_id

    def vote(self, proposal_id: UUID, choices: dict[str, str]) -> None:
        for name, choice in choices.items():
            self.app.cast_ballot(proposal_id, self.members[name], choice, actor=name)


@pytest.fixture
def app() -> Collegia:
    return Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def make_world(app: Collegia) -> Callable[..., PoleWorld]:
    """Found a pole with the given statutes (SCIC 40/30/30 by default)."""
    def make(statutes: dict[str, Any] | None = None) -> PoleWorld:
        pole_id = app.found_pole(name="Pôle Coop Vallée", territory="Drôme", legal_form="SCIC SAS",
                                 statutes=statutes or scic_statutes(), strategy="Mutualiser la logistique.",
                                 actor=ACTOR)
        return PoleWorld(app, pole_id)
    return make


@pytest.fixture
def world(make_world: Callable[..., PoleWorld]) -> PoleWorld:
    """A SCIC pole with two members per college: sal1, sal2, usa1, usa2, col1, col2."""
    w = make_world()
    for college, prefix in (("salaries", "sal"), ("usagers", "usa"), ("collectivites", "col")):
        for n in (1, 2):
            w.add_member(f"{prefix}{n}", college)
    return w


@pytest.fixture
def refused(app: Collegia) -> Callable[..., Any]:
    """`with refused(ErrorType, match=...)`: the command raises it and stores no event."""
    @contextmanager
    def check(error: type[DomainError] = DomainError, match: str | None = None) -> Iterator[Any]:
        before = app.recorder.max_notification_id()
        with pytest.raises(error, match=match) as info:
            yield info
        assert app.recorder.max_notification_id() == before, "a refused command stored an event"
    return check
