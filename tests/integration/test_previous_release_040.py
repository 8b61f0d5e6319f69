"""A store written by the release before issue 23 still loads, replays, recounts and verifies, and its proposals are
now discussed and amended.

The fixture in tests/fixtures/release-0.4/ was written by commit 32f85d9, issue 22 landed
(tests/fixtures/make_release_store_040.py says how, and ran that commit's own `collegia init` and
`collegia export`): that release's demo pole, whose statutes set up a board and a capital register
(subscriptions, pay-ups, a transfer, a withdrawal's request and its early refund), then a secret
election of three administrators starting three mandates, the board appointing its chair, a
resignation and a co-optation to the seat, a subscription, a pay-up and unpaid shares cancelled, and
the 2027 ordinary assembly convened with two resolutions still drafts. Its read models and accounts
are at Alembic revision 0009; its statutes say nothing of amendments' sponsors.

Today's code upgrades the store (0010: the comments' read model, the proposals' deliberation
columns), verifies its register, replays every aggregate, recounts every closed vote, finds the
board and the capital register as that release left them, closes the open vote, then deliberates on
the old proposals: the demo's draft is published for discussion, commented (a reply, an edit), an
amendment tabled, admitted, voted and adopted before the resolution opens on the amended text, which
the minutes state; on the convened assembly a resolution is commented and an admitted amendment joins
the agenda just before it. The read models rebuild to the same rows, on SQLite (the file) and
PostgreSQL (its export imported). With test_previous_release.py, _020 and _030: events are forever.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.clock import frozen_time
from governance.statutes import Statutes
from governance.tally import Tally
from infrastructure.config import Settings
from infrastructure.system import bootstrap
from projections.queries import Queries
from tests.integration.helpers import dump_read_models
from tests.integration.test_previous_release import _env, release_store_on
from tests.integration.test_previous_release_020 import _counts, _expected
from web.cli import main

FIXTURE = Path(__file__).parent.parent / "fixtures" / "release-0.4"
FACTS = json.loads((FIXTURE / "fixture.json").read_text())
ELECTION = FACTS["election"]
CAPITAL = FACTS["capital"]
ASSEMBLY = FACTS["assembly"]
SEAT = FACTS["drafts"]["Transfert du siège social à Die"]
SECRETARY = "test:secretary"


@pytest.fixture
def old_store_on(backend, old_store, make_settings) -> Settings:
    """The 32f85d9 store on each backend (`release_store_on`: `collegia init` upgrades it from 0009)."""
    return release_store_on(FIXTURE, backend, old_store, make_settings, stamped="0009")


def test_the_old_export_verifies_offline():
    result = CliRunner().invoke(main, ["verify", "--file", str(FIXTURE / "log.jsonl")])
    assert result.exit_code == 0, result.output


def _member(pole, name: str) -> str:
    return next(key for key, m in pole.members.items() if m["name"] == name)


def test_old_store_upgrades_replays_recounts_and_its_proposals_are_deliberated(old_store_on):
    runner = CliRunner()
    result = runner.invoke(main, ["verify"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
    assert "Register intact" in result.output

    pole_id = FACTS["pole_id"]
    system = bootstrap(old_store_on)
    try:
        app, queries = system.app, Queries(system.engine)
        # Every aggregate replays (the pole from its snapshot, then events); the statutes of that release read and
        # write back byte for byte, and ask one sponsor per amendment (the default: they say nothing of it).
        pole = app.get_pole(pole_id)
        assert len(pole.members) >= 13 and pole.identity
        for version in pole.statutes_versions:
            stored = version["statutes"]
            statutes = Statutes.from_dict(stored)
            assert "amendment_sponsors" not in stored and statutes.amendment_sponsors == 1
            assert json.dumps(statutes.to_dict(), ensure_ascii=False) == json.dumps(stored, ensure_ascii=False)

        # The board as that release left it: three elected, one resigned and replaced by co-optation, the chair.
        assert [{k: m.get(k) for k in ("id", "member_id", "seat", "starts_on", "ends_on", "status")}
                for m in pole.mandates] == FACTS["mandates"]
        assert {m["id"]: m.get("officer") for m in queries.mandates(pole_id)}[FACTS["chair_mandate"]] == "président·e"
        sitting = {m["id"] for m in queries.board_on(pole_id, "2026-12-04")}
        assert FACTS["coopted_mandate"] in sitting and FACTS["resigned_mandate"] not in sitting and len(sitting) == 3

        # The capital register replays to what that release recorded, its read model holds every movement.
        register = pole.capital_register()
        assert (len(pole.capital_movements), register.total_shares) == (CAPITAL["movements"], CAPITAL["shares"])
        assert {m: {"shares": h.shares, "paid": str(h.paid)} for m, h in register.holdings.items() if h.shares} \
            == CAPITAL["members"]
        assert len(queries.capital_movements(pole_id)) == CAPITAL["movements"]
        assert register.holding(_member(pole, "Fondation Rhône-Alpes Solidarités")).paid == Decimal("1500.00")

        # Every closed vote recounts to its recorded tally, the secret election's too.
        proposals = queries.register(pole_id, limit=500)
        for row in proposals:
            proposal = app.get_proposal(row["id"])
            assert proposal.status == row["status"] and not proposal.published and proposal.amends is None
        closed = [row for row in proposals if row["status"] == "closed"]
        assert ELECTION["id"] in {row["id"] for row in closed} and len(closed) >= 9
        for row in closed:
            assert app.recount(row["id"]).to_dict() == row["tally"]
        election = queries.proposal(ELECTION["id"])
        assert election["outcome"] == "elected"
        counts = {c["id"]: _counts(Tally.from_dict(c["tally"])) for c in election["tally"]["details"]["candidates"]}
        assert counts == {candidate: _expected({"f": "for", "a": "against", "x": "abstain"}[b[i]]
                                               for b in ELECTION["ballots"].values())
                          for i, candidate in enumerate(ELECTION["candidates"])}

        # The demo's open vote, past its day, closes with today's code; recount = close.
        open_votes = [row["id"] for row in proposals if row["status"] == "open"]
        assert len(open_votes) == 1
        with frozen_time(datetime(2026, 12, 14, 9, tzinfo=UTC)):
            tally = app.close_voting(open_votes[0], actor=SECRETARY)
        assert app.recount(open_votes[0]).to_dict() == tally.to_dict()

        # The demo's draft of that release is published for discussion, discussed and amended; the amendment is
        # voted first, adopted, and the resolution opens on the amended text.
        régie, scop, lycée = (_member(pole, n) for n in (
            "Régie de quartier Fontbarlettes", "SCOP Les Jardins de la Gervanne", "Lycée agricole du Valentin"))
        drafted = app.get_proposal(SEAT).text
        with frozen_time(datetime(2026, 12, 14, 10, tzinfo=UTC)):
            app.publish_for_discussion(SEAT, actor=SECRETARY)
            first = app.post_comment(SEAT, member_id=scop, text="Die est loin pour les membres de Valence.",
                                     actor="rep:scop")
            app.post_comment(SEAT, member_id=régie, text="La Maison de l'ESS a une salle pour nos assemblées.",
                             reply_to=first, actor="rep:regie")
            app.edit_comment(SEAT, first, text="Die est loin pour les membres de Valence : prévoyons la visio.",
                             actor="rep:scop")
            amendment = app.table_amendment(SEAT, member_id=lycée, passage="12 rue Camille Buffardel",
                                            wording="14 rue Camille Buffardel", motive="L'adresse du bail signé.",
                                            actor="rep:lycee")
            app.admit_amendment(amendment, reason="Recevable : il corrige l'adresse.", actor=SECRETARY)
            app.open_voting(amendment, closes_at=datetime(2026, 12, 21, 18, tzinfo=UTC), actor=SECRETARY)
        voters = app.get_proposal(amendment).electorate
        with frozen_time(datetime(2026, 12, 15, 10, tzinfo=UTC)):
            for member in voters:
                app.cast_ballot(amendment, member, "for", actor=f"rep:{member}")
        with frozen_time(datetime(2026, 12, 21, 18, 5, tzinfo=UTC)):
            assert app.close_voting(amendment, actor=SECRETARY).outcome == "adopted"
            app.summarise_debate(SEAT, summary="L'adresse a été corrigée ; la visioconférence sera proposée.",
                                 actor=SECRETARY)
            app.open_voting(SEAT, closes_at=datetime(2027, 1, 4, 18, tzinfo=UTC), actor=SECRETARY)
        resolution = queries.proposal(SEAT)
        assert resolution["text"] == drafted.replace("12 rue", "14 rue") and resolution["original"]["text"] == drafted
        assert [(c["number"], c["reply_to"], len(c["history"] or [])) for c in queries.comments(SEAT)] == [
            (1, None, 1), (2, 1, 0)]
        assert [(a["amendment"]["number"], a["outcome"]) for a in queries.amendments(SEAT)] == [(1, "adopted")]
        with frozen_time(datetime(2027, 1, 4, 18, 5, tzinfo=UTC)):
            app.close_voting(SEAT, actor=SECRETARY)
        section = app.minutes(SEAT)["resolutions"][0]
        assert section["drafted_text"] == drafted and section["debate_summary"].startswith("L'adresse")
        assert [(a["number"], a["outcome"], a["ballots"]) for a in section["amendments"]] == [
            (1, "adopted", len(voters))]

        # The convened assembly's resolution is discussed without publishing (it is on the agenda); an admitted
        # amendment joins the old assembly's agenda just before it.
        budget, ratification = ASSEMBLY["agenda"]
        with frozen_time(datetime(2027, 1, 5, 10, tzinfo=UTC)):
            app.post_comment(budget, member_id=None, text="Le détail du budget est joint à la convocation.",
                             actor=SECRETARY)
            on_agenda = app.table_amendment(budget, member_id=scop, passage="et 12 000 €", wording="et 15 000 €",
                                            actor="rep:scop")
            app.admit_amendment(on_agenda, actor=SECRETARY)
        assert queries.assembly(ASSEMBLY["id"])["agenda"] == [str(on_agenda), budget, ratification]
        assert app.get_assembly(ASSEMBLY["id"]).amendments == {str(on_agenda): budget}

        incremental = dump_read_models(system)
        assert len(incremental["rm_comments"]) == 3
        system.projector.rebuild()
        assert dump_read_models(system) == incremental
    finally:
        system.close()
    result = runner.invoke(main, ["verify"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
    assert "Register intact" in result.output
    result = runner.invoke(main, ["rebuild"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
