"""As-of views equal a replay of the events up to that moment (roster, colleges, statutes, strategy)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from demo.pole import load_demo
from governance.pole import ADMITTED
from projections.queries import Queries


def replayed_pole(system, pole_id, moment):
    """The pole aggregate rebuilt from its events recorded up to `moment` (None before its founding)."""
    events = [e for e in system.app.events.get(pole_id) if e.timestamp <= moment]
    return system.app.get_pole(pole_id, version=events[-1].originator_version) if events else None


def roster_of(pole):
    return {(m["name"], m["college"]) for m in pole.members.values() if m["status"] == ADMITTED}


@pytest.fixture
def demo(system):
    return load_demo(system.app)


def test_roster_and_statutes_as_of_every_event_match_a_replay(system, demo):
    queries = Queries(system.engine)
    moments = sorted({e.timestamp for e in system.app.events.get(demo)})
    checked = 0
    for moment in moments:
        for at in (moment - timedelta(microseconds=1), moment):  # just before, and just after, each event
            pole = replayed_pole(system, demo, at)
            projected = {(m["name"], m["college"]) for m in queries.roster(str(demo), at)}
            assert projected == (roster_of(pole) if pole else set()), at
            version = queries.statutes_as_of(str(demo), at)
            assert (version["version"] if version else None) == (pole.statutes_version if pole else None), at
            if pole:
                assert version["statutes"] == pole.statutes_versions[-1]["statutes"]
                strategy = [s for s in queries.strategy_versions(str(demo)) if s["adopted_at"] <= at.replace(tzinfo=None)]
                assert len(strategy) == pole.strategy_version
            checked += 1
    assert checked == 2 * len(moments) and len(moments) >= 25


def test_power_two_statute_versions_back_uses_the_weights_of_then(system, demo):
    queries = Queries(system.engine)
    versions = queries.statutes_versions(str(demo))
    assert [v["version"] for v in versions] == [1, 2, 3]
    then = versions[0]["adopted_at"] + timedelta(days=30)
    power = queries.power(str(demo), then.replace(tzinfo=__import__("datetime").UTC))
    assert power.statutes_version == 1
    assert [str(c.share) for c in power.colleges] == ["2/5", "7/20", "1/4"]


def test_the_demo_history_is_in_chronological_order(system, demo):
    """The log order is the order of facts: a replay up to a date is a prefix of the log."""
    timestamps = [e.timestamp for e in system.app.events.get(demo)]
    assert timestamps == sorted(timestamps)
