"""A store written by the release before issue 21 still loads, replays, recounts and verifies.

The fixture in tests/fixtures/release-0.2/ was written by commit e03fd92, issue 20 landed
(tests/fixtures/make_release_store_020.py says how, and ran that commit's own `collegia init`
and `collegia export`): the demo pole with its identity, consents to e-mail convocation and
signed 2026 assembly; an online vote still open (public ballots); a secret online vote still
open, its ballots sealed padded; and an assembly convened for 2027-01-21, its convocation sent
(ConvocationSent, letters posted), a document made available, and three correspondence forms
(online, paper, a proxy to the chair), one choice of each form sealed. Its read models and
accounts are at Alembic revision 0007, its statutes have no board.

Today's code upgrades the store, verifies its register, recounts every closed vote, replays
every aggregate, closes the open votes, holds the assembly (the forms vote when each resolution
is put to the vote) and rebuilds the read models, on SQLite (the file) and PostgreSQL (its
export imported). With tests/integration/test_previous_release.py (release 0.1): events are
forever.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from click.testing import CliRunner

from governance.clock import frozen_time
from governance.statutes import Statutes
from infrastructure.config import Settings
from infrastructure.system import bootstrap
from projections.queries import Queries
from tests.integration.test_previous_release import _env, release_store_on
from web.cli import main

FIXTURE = Path(__file__).parent.parent / "fixtures" / "release-0.2"
FACTS = json.loads((FIXTURE / "fixture.json").read_text())
ASSEMBLY = FACTS["assembly"]
SECRETARY = "test:secretary"


@pytest.fixture
def old_store_on(backend, old_store, make_settings) -> Settings:
    """The e03fd92 store on each backend (`release_store_on`)."""
    return release_store_on(FIXTURE, backend, old_store, make_settings, stamped="0007")


def _counts(tally) -> tuple[int, int, int]:
    counted = Counter()
    for college in tally.colleges:
        counted.update(for_=college.votes_for, against=college.votes_against, abstain=college.abstentions)
    return counted["for_"], counted["against"], counted["abstain"]


def _expected(choices) -> tuple[int, int, int]:
    expected = Counter(choices)
    return expected["for"], expected["against"], expected["abstain"]


def _form_choice(form: dict, resolution: str) -> str:
    return "for" if form["way"] == "chair" else form["choices"].get(resolution, "abstain")


def test_the_old_export_verifies_offline():
    result = CliRunner().invoke(main, ["verify", "--file", str(FIXTURE / "log.jsonl")])
    assert result.exit_code == 0, result.output


def test_old_store_upgrades_replays_recounts_and_holds_its_assembly(old_store_on):
    runner = CliRunner()
    result = runner.invoke(main, ["verify"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
    assert "Register intact" in result.output

    pole_id, forms = FACTS["pole_id"], ASSEMBLY["forms"]
    system = bootstrap(old_store_on)
    try:
        app, queries = system.app, Queries(system.engine)
        # Every aggregate replays; no statutes read from that release's events has a board.
        pole = app.get_pole(pole_id)
        assert len(pole.members) >= 13 and pole.identity
        assert all(Statutes.from_dict(v["statutes"]).board is None for v in pole.statutes_versions)
        assert pole.statutes.board is None
        proposals = queries.register(pole_id, limit=500)
        assert len(proposals) >= 12
        for row in proposals:
            proposal = app.get_proposal(row["id"])
            assert proposal.status == row["status"]
            if row["status"] in ("open", "closed"):
                assert proposal.frozen_statutes.board is None
        assemblies = queries.assemblies(pole_id)
        assert {a["id"] for a in assemblies} >= {ASSEMBLY["id"]} and len(assemblies) == 2
        for row in assemblies:
            assembly = app.get_assembly(row["id"])
            assert assembly.status == row["status"] and assembly.statutes.board is None
        assembly = app.get_assembly(ASSEMBLY["id"])
        assert assembly.convocation_sent is not None and assembly.convocation_sent["posted_on"] == "2026-12-04"
        assert {m: r["channel"] for m, r in assembly.convocation_sent["recipients"].items()} == ASSEMBLY["routes"]
        assert [d["sha256"] for d in assembly.documents] == [ASSEMBLY["document_sha256"]]
        assert set(assembly.live_forms()) == set(forms)

        # Every closed vote recounts to its recorded tally (public, secret, online, in assembly).
        closed = [row for row in proposals if row["status"] == "closed"]
        assert len(closed) >= 8
        for row in closed:
            assert app.recount(row["id"]).to_dict() == row["tally"]

        # The open online votes close (the secret one's padded ballots unsealed by today's code); recount = close.
        open_online = [row["id"] for row in proposals if row["status"] == "open"]
        assert FACTS["open_secret_proposal"] in open_online and len(open_online) == 2
        with frozen_time(datetime(2027, 1, 20, 9, tzinfo=UTC)):
            for proposal_id in open_online:
                tally = app.close_voting(proposal_id, actor=SECRETARY)
                assert app.recount(proposal_id).to_dict() == tally.to_dict()
                assert queries.proposal(proposal_id)["status"] == "closed"
                if proposal_id == FACTS["open_secret_proposal"]:
                    assert _counts(tally) == _expected(FACTS["secret_ballots"].values())

        # The assembly is held on its day: the forms vote when each resolution is put to the vote.
        held_at = datetime.fromisoformat(ASSEMBLY["held_at"])
        present = sorted(m for m in assembly.electorate if m not in forms and pole.is_admitted(m))[:5]
        room = dict(zip(present, ("for", "against", "for", "abstain", "for")))
        public, secret = ASSEMBLY["public_resolution"], ASSEMBLY["secret_resolution"]
        with frozen_time(held_at):
            app.open_session(ASSEMBLY["id"], actor=SECRETARY)
            for member in present:
                app.record_attendance(ASSEMBLY["id"], member, "present", actor=SECRETARY)
        with frozen_time(held_at + timedelta(minutes=20)):
            app.put_to_vote(ASSEMBLY["id"], public, actor=SECRETARY)
            ballots = app.get_proposal(public).ballots
            assert {m: ballots[m]["choice"] for m in forms} == {m: _form_choice(f, public) for m, f in forms.items()}
            app.record_room_ballots(public, room, actor=SECRETARY)
            tally = app.close_voting(public, actor=SECRETARY)
            assert _counts(tally) == _expected([*room.values(), *(_form_choice(f, public) for f in forms.values())])
            assert app.recount(public).to_dict() == tally.to_dict()
        with frozen_time(held_at + timedelta(minutes=40)):
            app.put_to_vote(ASSEMBLY["id"], secret, actor=SECRETARY)
            ballots = app.get_proposal(secret).ballots
            assert set(ballots) == set(forms) and all("sealed" in b for b in ballots.values())
            for member, choice in room.items():
                app.cast_ballot(secret, member, choice, actor=f"rep:{member}")
            tally = app.close_voting(secret, actor=SECRETARY)
            assert _counts(tally) == _expected([*room.values(), *(_form_choice(f, secret) for f in forms.values())])
            assert app.recount(secret).to_dict() == tally.to_dict()
        with frozen_time(held_at + timedelta(minutes=60)):
            app.close_session(ASSEMBLY["id"], actor=SECRETARY)
        assert queries.assembly(ASSEMBLY["id"])["status"] == app.get_assembly(ASSEMBLY["id"]).status
    finally:
        system.close()
    result = runner.invoke(main, ["verify"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
    assert "Register intact" in result.output
    result = runner.invoke(main, ["rebuild"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
