"""Fixtures of every scenario (a fresh in-memory application, a frozen clock) and the shared steps."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Iterator
from uuid import UUID

import pytest

from features.steps.assembly_steps import *  # noqa: F401,F403
from features.steps.convocation_steps import *  # noqa: F401,F403
from features.steps.ballot_steps import *  # noqa: F401,F403  (step definitions are fixtures)
from features.steps.member_steps import *  # noqa: F401,F403
from features.steps.outcome_steps import *  # noqa: F401,F403
from features.steps.proposal_steps import *  # noqa: F401,F403
from features.steps.statutes_steps import *  # noqa: F401,F403
from features.steps.support import Agenda, ScenarioClock
from governance.application import Collegia


@pytest.fixture
def app() -> Collegia:
    """A fresh application on the in-memory event store."""
    return Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def clock() -> Iterator[ScenarioClock]:
    """Governance time frozen at the scenario's start; steps move it forward."""
    with ExitStack() as stack:
        yield ScenarioClock(stack)


@pytest.fixture(autouse=True)
def _frozen_time(clock: ScenarioClock) -> None:
    """Every scenario runs on frozen time, even one whose steps never read the clock."""


@pytest.fixture
def roster() -> dict[str, UUID]:
    """Members of the scenario's pole, by name."""
    return {}


@pytest.fixture
def agenda() -> Agenda:
    """Proposals of the scenario, by title."""
    return Agenda()
