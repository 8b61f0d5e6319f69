"""A store written by the release before issue 22 still loads, replays, recounts and verifies.

The fixture in tests/fixtures/release-0.3/ was written by commit 8112e68, issue 21 landed
(tests/fixtures/make_release_store_030.py says how, and ran that commit's own `collegia init`
and `collegia export`): that release's demo pole, whose statutes set up a board and keep no
capital register, then a secret election of three administrators (one on the seat reserved to
the employees) starting three mandates, the board appointing its chair, and a decision of the
board voted by its administrators. Its read models and accounts are at Alembic revision 0008.

Today's code upgrades the store (the capital register's read model is created, empty: no event
of that release moves capital), verifies its register, replays every aggregate, recounts every
closed vote, closes the open one, reads and writes back the statutes byte for byte, refuses a
subscription with the rule the pole breaks (its statutes keep no capital register) and rebuilds
the read models to the same rows, on SQLite (the file) and PostgreSQL (its export imported).
With tests/integration/test_previous_release.py and test_previous_release_020.py: events are
forever.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.clock import frozen_time
from governance.errors import CapitalRuleBroken
from governance.statutes import Statutes
from governance.tally import Tally
from infrastructure.config import Settings
from infrastructure.system import bootstrap
from projections.queries import Queries
from tests.integration.helpers import dump_read_models
from tests.integration.test_previous_release import _env, release_store_on
from tests.integration.test_previous_release_020 import _counts, _expected
from web.cli import main

FIXTURE = Path(__file__).parent.parent / "fixtures" / "release-0.3"
FACTS = json.loads((FIXTURE / "fixture.json").read_text())
ELECTION = FACTS["election"]
DECISION = FACTS["board_decision"]
SECRETARY = "test:secretary"


@pytest.fixture
def old_store_on(backend, old_store, make_settings) -> Settings:
    """The 8112e68 store on each backend (`release_store_on`)."""
    return release_store_on(FIXTURE, backend, old_store, make_settings, stamped="0008")


def _election_counts() -> dict[str, tuple[int, int, int]]:
    """Per candidate: for, against, abstentions, as the release's ballots say (one letter per candidate, in the
    order declared: f for, a against, x abstain)."""
    return {candidate: _expected({"f": "for", "a": "against", "x": "abstain"}[b[i]]
                                 for b in ELECTION["ballots"].values())
            for i, candidate in enumerate(ELECTION["candidates"])}


def test_the_old_export_verifies_offline():
    result = CliRunner().invoke(main, ["verify", "--file", str(FIXTURE / "log.jsonl")])
    assert result.exit_code == 0, result.output


def test_old_store_upgrades_replays_recounts_and_keeps_no_capital_register(old_store_on):
    runner = CliRunner()
    result = runner.invoke(main, ["verify"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
    assert "Register intact" in result.output

    pole_id = FACTS["pole_id"]
    system = bootstrap(old_store_on)
    try:
        app, queries = system.app, Queries(system.engine)
        # Every aggregate replays; the statutes of that release have a board and no capital section, and read
        # and write back byte for byte.
        pole = app.get_pole(pole_id)
        assert len(pole.members) >= 13 and pole.identity
        assert len(pole.statutes_versions) == 3
        for version in pole.statutes_versions:
            stored = version["statutes"]
            assert "capital" not in stored
            statutes = Statutes.from_dict(stored)
            assert statutes.board is not None and statutes.capital is None
            assert json.dumps(statutes.to_dict(), ensure_ascii=False) == json.dumps(stored, ensure_ascii=False)
        assert pole.statutes.capital is None and tuple(pole.capital_movements) == ()
        assert pole.capital_register().total_shares == 0

        # The election's mandates, the chair, the board as of the day after the result.
        assert [{k: m.get(k) for k in ("id", "member_id", "seat", "starts_on", "ends_on")} for m in pole.mandates] \
            == ELECTION["mandates"]
        assert {m["id"]: m.get("officer") for m in queries.mandates(pole_id)}[FACTS["chair_mandate"]] == "président·e"
        assert sorted(m["member_id"] for m in queries.board_on(pole_id, "2026-11-25")) \
            == sorted(ELECTION["candidates"])
        assert queries.board_on(pole_id, "2026-11-23") == []

        proposals = queries.register(pole_id, limit=500)
        assert len(proposals) >= 13
        for row in proposals:
            proposal = app.get_proposal(row["id"])
            assert proposal.status == row["status"]
            if row["status"] in ("open", "closed"):
                assert proposal.frozen_statutes.capital is None

        # Every closed vote recounts to its recorded tally: the assemblies', the secret election, the board's.
        closed = [row for row in proposals if row["status"] == "closed"]
        assert {ELECTION["id"], DECISION["id"]} <= {row["id"] for row in closed} and len(closed) >= 10
        for row in closed:
            assert app.recount(row["id"]).to_dict() == row["tally"]
        election = queries.proposal(ELECTION["id"])
        assert election["outcome"] == "elected"
        assert {c["id"]: _counts(Tally.from_dict(c["tally"])) for c in election["tally"]["details"]["candidates"]} \
            == _election_counts()
        decision = queries.proposal(DECISION["id"])
        assert (decision["body"], decision["electorate_size"]) == ("board", 3)
        assert _counts(app.recount(DECISION["id"])) == _expected(DECISION["ballots"].values())

        # The demo's open vote, past its day, closes with today's code; recount = close.
        open_votes = [row["id"] for row in proposals if row["status"] == "open"]
        assert len(open_votes) == 1
        with frozen_time(datetime(2026, 12, 1, 9, tzinfo=UTC)):
            tally = app.close_voting(open_votes[0], actor=SECRETARY)
        assert app.recount(open_votes[0]).to_dict() == tally.to_dict()

        # The capital register's read model exists and is empty; a subscription is refused, naming the rule, and
        # stores nothing.
        assert queries.capital_movements(pole_id) == []
        member = next(m for m, entry in pole.members.items() if entry["status"] == "admitted")
        version = app.get_pole(pole_id).version
        with pytest.raises(CapitalRuleBroken, match="statutes in force keep no capital register"):
            app.subscribe_shares(pole_id, member, shares=1, paid="100", on="2026-12-01", decision="CA",
                                 actor=SECRETARY)
        assert app.get_pole(pole_id).version == version and queries.capital_movements(pole_id) == []

        incremental = dump_read_models(system)
        assert incremental["rm_capital_movements"] == []
        system.projector.rebuild()
        assert dump_read_models(system) == incremental
    finally:
        system.close()
    result = runner.invoke(main, ["verify"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
    assert "Register intact" in result.output
    result = runner.invoke(main, ["rebuild"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
