"""A forged snapshot changes no result, and `collegia verify` and the integrity page name it.

Issue 15 point 2: snapshots live outside the hash chain and are loaded instead of replaying the
events. An intruder with write access to the store wrote one snapshot of an open proposal with
every ballot turned to "against": the close recorded a false outcome, `recount` agreed (same
path) and `verify` said the register was intact. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from uuid import UUID

import pytest
from click.testing import CliRunner

from infrastructure.snapshots import ProposalSnapshot
from infrastructure.register_chain import FORGED_SNAPSHOT
from tests.integration.chain_helpers import chained_bootstrap, pole_with_a_vote
from web.audit.cli import verify



def replayed(app, aggregate_id):
    aggregate = None
    for event in app.events.get(aggregate_id):
        aggregate = event.mutate(aggregate)
    return aggregate


def cli_env(settings):
    return {"COLLEGIA_DATABASE_URL": settings.database_url, "COLLEGIA_INSTANCE_DIR": str(settings.instance_dir),
            "COLLEGIA_DB_SCHEMA": settings.schema or ""}


@pytest.fixture
def open_vote(make_settings, backend):
    """A pole of six members, an open vote where everyone voted for (adopted if closed now)."""
    settings = make_settings(backend)
    system = chained_bootstrap(settings)
    app = system.app
    pole, proposal, members = pole_with_a_vote(app, 6)
    yield settings, system, str(pole), proposal
    system.close()


def forge_snapshot(app, proposal_id) -> int:
    """What the intruder writes: a snapshot of the proposal at its current version, every ballot 'against',
    in the stored form the application's own mapper gives (no key), straight into the snapshots table."""
    forged = replayed(app, proposal_id)
    forged.ballots = {m: {**b, "choice": "against"} for m, b in forged.ballots.items()}
    stored = app.mapper.to_stored_event(ProposalSnapshot.take(forged))
    app.snapshots.recorder.insert_events([stored])
    return forged.version


def test_a_forged_snapshot_changes_no_result_and_verify_names_it(open_vote):
    settings, system, pole, proposal = open_vote
    version = forge_snapshot(system.app, proposal)
    system.close()

    fresh = chained_bootstrap(settings)  # a process that never saw the proposal: it loads the snapshot
    try:
        assert fresh.app.recount(proposal).outcome == "adopted"
        assert fresh.app.get_proposal(proposal).ballots == replayed(fresh.app, proposal).ballots
        result = fresh.app.close_voting(proposal, actor="sec")
        assert result.outcome == "adopted"
        assert fresh.app.get_proposal(proposal).tally["outcome"] == "adopted"
    finally:
        fresh.close()

    runner = CliRunner()
    broken = runner.invoke(verify, [], env=cli_env(settings))
    assert broken.exit_code == 1, broken.output
    lines = broken.output.splitlines()
    assert lines[0].startswith("Register NOT intact (store): 1 problem(s) found.")
    assert lines[1] == f"  [{FORGED_SNAPSHOT}] pole {pole}, aggregate {proposal} version {version}"
    assert f"The snapshot of {proposal} at version {version}" in lines[2] and "forged" in lines[2]
    as_json = json.loads(runner.invoke(verify, ["--json"], env=cli_env(settings)).output)
    first = as_json["first_failure"]
    assert (first["kind"], first["aggregate_id"], first["version"]) == (FORGED_SNAPSHOT, str(proposal), version)


def test_snapshots_the_application_took_verify(open_vote):
    settings, system, pole, proposal = open_vote
    system.app.take_snapshot(proposal)
    system.app.take_snapshot(UUID(pole))
    system.close()
    intact = CliRunner().invoke(verify, [], env=cli_env(settings))
    assert intact.exit_code == 0, intact.output
