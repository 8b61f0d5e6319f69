"""A store written by the release before issue 24 still loads, replays, recounts and verifies, and the pole assesses
itself and joins a regional network on it.

The fixture in tests/fixtures/release-0.5/ was written by commit b0dd46b, issues 22 and 23 landed
(tests/fixtures/make_release_store_050.py says how, and ran that commit's own `collegia init` and
`collegia export`): that release's demo pole, with its capital register, and the cooperation charter
deliberated to the end (comments, a reply, a mention, an edited, a withdrawn and a hidden comment;
four amendments: one adopted, one fitted to the new text then rejected, one lapsed, one rejected as
out of order; the charter adopted on its amended text, its minutes signed), the statutes amended to
ask two sponsors per amendment, the 2027 ordinary assembly with a co-sponsored amendment admitted to
its agenda and voted in the room before its resolution (minutes signed), the seat's transfer under
discussion with an amendment of one sponsor, an administrator's last visit of the charter's
discussion. Its read models and accounts are at Alembic revision 0011.

Today's code upgrades the store (0012: the référentiel's, campaigns' and networks' read models; 0013:
the networks' accounts tables), verifies its register, replays every aggregate, recounts every closed
vote, reads its statutes byte for byte and its signed minutes as signed, finds the deliberations as
that release left them, closes the open vote, admits the waiting amendment only once a second member
sponsors it, then does what issue 24 brought: a self-assessment campaign opened, answered and closed
(results frozen), a proposal joining a regional network adopted, and what the network's coordinator
reads of the pole (its old assembly and decisions among it). The read models rebuild to the same rows,
on SQLite (the file) and PostgreSQL (its export imported). With test_previous_release.py, _020, _030
and _040: events are forever.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from governance.clock import frozen_time
from governance.errors import DeliberationRuleBroken
from governance.statutes import Statutes
from governance.tally import Tally
from infrastructure.accounts_tables import users
from infrastructure.config import Settings
from infrastructure.system import bootstrap
from projections.queries import Queries
from tests.integration.helpers import dump_read_models
from tests.integration.test_previous_release import _env, release_store_on
from tests.integration.test_previous_release_020 import _counts, _expected
from web.cli import main
from web.networks.shared import shared_view
from web.networks.store import Networks
from web.votes.visits import Visits

FIXTURE = Path(__file__).parent.parent / "fixtures" / "release-0.5"
FACTS = json.loads((FIXTURE / "fixture.json").read_text())
CHARTER = FACTS["charter"]
ASSEMBLY = FACTS["assembly"]
SEAT = FACTS["seat"]
SECRETARY = "test:secretary"
# Issue 24 on the old pole: (importance, achievement) each respondent gives indicator a1, in the electorate's order.
RATINGS = [(5, 3), (6, 2), (4, 3), (5, 4), (6, 3), (5, 2), (4, 1), (6, 3), (5, 3), (3, 2), (6, 4), (5, 3)]


@pytest.fixture
def old_store_on(backend, old_store, make_settings) -> Settings:
    """The b0dd46b store on each backend (`release_store_on`: `collegia init` upgrades it from 0011)."""
    return release_store_on(FIXTURE, backend, old_store, make_settings, stamped="0011")


def test_the_old_export_verifies_offline():
    result = CliRunner().invoke(main, ["verify", "--file", str(FIXTURE / "log.jsonl")])
    assert result.exit_code == 0, result.output


def _member(pole, name: str) -> str:
    return next(key for key, m in pole.members.items() if m["name"] == name)


def test_old_store_upgrades_replays_recounts_and_the_pole_assesses_itself_and_joins_a_network(backend, old_store_on):
    runner = CliRunner()
    result = runner.invoke(main, ["verify"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
    assert "Register intact" in result.output

    pole_id = FACTS["pole_id"]
    system = bootstrap(old_store_on)
    try:
        app, queries = system.app, Queries(system.engine)
        # Every aggregate replays; the statutes of that release read and write back byte for byte, the last asking
        # two sponsors per amendment (the earlier ones say nothing of it: one).
        pole = app.get_pole(pole_id)
        assert len(pole.members) >= 13 and pole.identity and pole.networks == {}
        assert len(pole.statutes_versions) == FACTS["statutes_versions"]
        for version in pole.statutes_versions:
            stored = version["statutes"]
            assert json.dumps(Statutes.from_dict(stored).to_dict(), ensure_ascii=False) == \
                json.dumps(stored, ensure_ascii=False)
        assert [v["statutes"].get("amendment_sponsors") for v in pole.statutes_versions] == [None, None, None, 2]
        assert pole.statutes.amendment_sponsors == 2

        # Every closed vote recounts to its recorded tally, online and in the room, amendments too; the online
        # ballots of that release count as they were cast.
        proposals = queries.register(pole_id, limit=500)
        for row in proposals:
            assert app.get_proposal(row["id"]).status == row["status"]
        closed = [row for row in proposals if row["status"] == "closed"]
        assert len(closed) >= 14
        for row in closed:
            assert app.recount(row["id"]).to_dict() == row["tally"]
        voted = dict(zip(("first", "second", "charter", "statutes"),
                         (*CHARTER["amendments"][:2], CHARTER["id"], FACTS["statutes_proposal"])))
        for key, ballots in FACTS["ballots"].items():
            assert _counts(Tally.from_dict(queries.proposal(voted[key])["tally"])) == _expected(ballots.values())

        # The charter's deliberation as that release left it: the comments, the amendments' fates, the text voted.
        charter = queries.proposal(CHARTER["id"])
        assert (charter["status"], charter["outcome"], charter["published"]) == ("closed", "adopted", True)
        assert "au moins 30 % de ses achats" in charter["text"] and "au moins 20 %" in charter["original"]["text"]
        assert [(c["number"], c["reply_to"], c["status"], len(c["history"] or []), bool(c["mentions"]))
                for c in queries.comments(CHARTER["id"])] == [
            (1, None, "posted", 0, False), (2, 1, "posted", 0, False), (3, None, "posted", 1, False),
            (4, None, "posted", 0, False), (5, 3, "posted", 0, True),
            (CHARTER["withdrawn_comment"], None, "withdrawn", 0, False),
            (CHARTER["hidden_comment"], None, "hidden", 0, False)]
        assert [(a["id"], a["amendment"]["number"], a["amendment"]["status"], a["status"], a["outcome"])
                for a in queries.amendments(CHARTER["id"])] == [
            (CHARTER["amendments"][0], 1, "admitted", "closed", "adopted"),
            (CHARTER["amendments"][1], 2, "admitted", "closed", "rejected"),
            (CHARTER["amendments"][2], 3, "lapsed", "withdrawn", None),
            (CHARTER["amendments"][3], 4, "rejected", "withdrawn", None)]

        # Minutes signed by that release read as signed (same digest), the amendments stated within.
        minutes = app.minutes(CHARTER["id"])
        assert len(minutes["signatures"]) == 2 and all(s["current"] for s in minutes["signatures"])
        section = minutes["resolutions"][0]
        assert section["drafted_text"] == charter["original"]["text"] and section["debate_summary"].startswith(
            "Le seuil d'achats passe à 30 %")
        assert [(a["number"], a["course"], a["outcome"], a["ballots"]) for a in section["amendments"]] == [
            (1, "admitted", "adopted", len(FACTS["ballots"]["first"])),
            (2, "admitted", "rejected", len(FACTS["ballots"]["second"])), (3, "lapsed", None, 0),
            (4, "rejected", None, 0)]
        minutes = app.minutes(ASSEMBLY["id"])
        assert len(minutes["signatures"]) == 2 and all(s["current"] for s in minutes["signatures"])
        assert [(r["title"], [(a["number"], a["outcome"]) for a in r.get("amendments", [])])
                for r in minutes["resolutions"]] == [
            ("Programme d'activité 2027", [(1, "adopted")]), ("Cotisation 2028", [])]
        assert queries.assembly(ASSEMBLY["id"])["agenda"] == ASSEMBLY["agenda"]
        assert "trois tournées" in queries.proposal(ASSEMBLY["agenda"][1])["text"]

        # The demo's open vote, past its day, closes with today's code; recount = close.
        assert [row["id"] for row in proposals if row["status"] == "open"] == FACTS["open_votes"]
        with frozen_time(datetime(2027, 2, 15, 9, tzinfo=UTC)):
            tally = app.close_voting(FACTS["open_votes"][0], actor=SECRETARY)
        assert app.recount(FACTS["open_votes"][0]).to_dict() == tally.to_dict()

        # The waiting amendment: the statutes of that release ask two sponsors; a second member supports it.
        with frozen_time(datetime(2027, 2, 15, 10, tzinfo=UTC)):
            with pytest.raises(DeliberationRuleBroken, match="require 2 members"):
                app.admit_amendment(SEAT["amendment"], actor=SECRETARY)
            app.support_amendment(SEAT["amendment"], member_id=_member(pole, "Régie de quartier Fontbarlettes"),
                                  actor="rep:regie")
            app.admit_amendment(SEAT["amendment"], actor=SECRETARY)
        assert [a["amendment"]["status"] for a in queries.amendments(SEAT["id"])] == ["admitted"]

        # Issue 24 on the old pole: a self-assessment of every member, answered, closed: the results frozen.
        with frozen_time(datetime(2027, 2, 16, 9, tzinfo=UTC)):
            campaign = str(app.open_campaign(pole_id, title="Auto-évaluation 2027", opens_on=date(2027, 2, 16),
                                             closes_on=date(2027, 3, 2), actor=SECRETARY))
        respondents = app.get_campaign(campaign).respondents
        assert {r["id"]: r["college"] for r in respondents} == app.get_pole(pole_id).electorate()
        for i, (respondent, (importance, achievement)) in enumerate(zip(respondents, RATINGS)):
            with frozen_time(datetime(2027, 2, 17, 9, i, tzinfo=UTC)):
                app.answer_campaign(campaign, respondent=respondent["id"], actor=f"rep:{i}", answers={
                    "a1": {"importance": importance, "achievement": achievement, "justification": ""}})
        with frozen_time(datetime(2027, 3, 2, 18, tzinfo=UTC)):
            results = app.close_campaign(campaign, actor=SECRETARY)
        answered = RATINGS[:len(respondents)]
        assert sum(g["respondents"] for g in results["colleges"].values()) == len(respondents)
        pooled = Counter()
        for group in results["colleges"].values():
            pooled.update(group["indicators"]["a1"]["achievement"])
        assert pooled == Counter(str(a) for _, a in answered)
        row = queries.campaign(campaign)
        assert (row["closed"], row["answered"], row["results"]) == (True, len(respondents), results)

        # Issue 24: the pole joins a regional network by a decision adopted; its coordinator reads what it shares.
        network = Networks(system.engine).declare("Cellule régionale des PTCE")
        with frozen_time(datetime(2027, 3, 3, 9, tzinfo=UTC)):
            joining = app.draft_proposal(pole_id, title="Rejoindre la cellule régionale des PTCE",
                                         text="Le pôle rejoint la cellule régionale et lui partage ses résultats.",
                                         effect={"type": "join_network", "network_id": network,
                                                 "shares": ["referentiel", "members", "decisions", "assemblies"]},
                                         actor=SECRETARY)
            app.open_voting(joining, closes_at=datetime(2027, 3, 10, 18, tzinfo=UTC), actor=SECRETARY)
            for member in app.get_proposal(joining).electorate:
                app.cast_ballot(joining, member, "for", actor=f"rep:{member}")
        with frozen_time(datetime(2027, 3, 10, 18, 5, tzinfo=UTC)):
            assert app.close_voting(joining, actor=SECRETARY).outcome == "adopted"
        assert app.get_pole(pole_id).networks[network]["decision_id"] == str(joining)
        assert [(n["network_id"], n["since"]) for n in queries.pole_networks(pole_id)] == [
            (network, date(2027, 3, 10))]
        view = shared_view(pole_id, network, q=queries)
        assert view["joined"] and view["decision"]["id"] == str(joining)
        assert view["last_assembly_on"] == date(2027, 2, 4)  # the assembly that release held
        decided = sum(1 for row in closed if row["amends"] is None)  # that release's, then the two just closed
        assert view["decisions"] == queries.decision_count(pole_id) == decided + 2 == 14
        assert view["members"] == dict(queries.member_counts_by_kind(pole_id))
        assert len(view["referentiel"]) == 1

        # On the file, the accounts' rows of that release: the administrator's last visit of the discussion.
        if backend == "sqlite":
            with system.engine.connect() as conn:
                admin = conn.execute(select(users.c.id).where(users.c.email == FACTS["visit"]["email"])).scalar_one()
            assert Visits(system.engine).last_seen(admin, [CHARTER["id"]]) == {
                CHARTER["id"]: datetime.fromisoformat(FACTS["visit"]["seen_at"])}

        incremental = dump_read_models(system)
        assert len(incremental["rm_comments"]) == 9
        system.projector.rebuild()
        assert dump_read_models(system) == incremental
    finally:
        system.close()
    result = runner.invoke(main, ["verify"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
    assert "Register intact" in result.output
    result = runner.invoke(main, ["rebuild"], env=_env(old_store_on))
    assert result.exit_code == 0, result.output
