"""The assessment read models on a real store (SQLite and PostgreSQL): campaigns with the référentiel (one whose
answers are sealed, one that shares them), who answered and when, a respondent answering again, the frozen results,
a strategy revision drafted from a campaign, networks joined and left by decision, the counts a pole shares with a
network, and a rebuild that gives the same rows (issue 24).

No read model, and no row of the audit trail, holds what a respondent of a campaign not shared answered: neither its
sealed value nor its plain answers (a replaced answer's justification never reaches the results either)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from sqlalchemy import Text, cast, select

from demo.pole import load_demo
from governance import clock
from governance.convocation import paris_day
from projections import tables as t
from projections.queries import Queries
from tests.integration.helpers import dump_read_models

SECRETARY = "secretaire@drome-coopere.example"
ALL = 2**31 - 1
# Text found nowhere but in the answers it is written in (ASCII: JSON columns escape other characters).
REPLACED = "SECRET-replaced-answer-7f3a"
KEPT = "Kept-justification-b21c"
SHARED_REPLACED = "SHARED-replaced-answer-c9d0"


def rate(importance, achievement, why=""):
    return {"importance": importance, "achievement": achievement, "justification": why}


def _decide(app, pole, title, effect, queries):
    """A proposal with this effect, adopted by every member of its electorate."""
    proposal = app.draft_proposal(pole, title=title, text=title + ".", effect=effect, actor=SECRETARY)
    app.open_voting(proposal, closes_at=datetime.now(UTC) + timedelta(days=7), actor=SECRETARY)
    for member in app.get_proposal(proposal).electorate:
        app.cast_ballot(proposal, member, "for", actor=f"rep:{member}")
    app.close_voting(proposal, actor=SECRETARY)
    assert queries.proposal(str(proposal))["outcome"] == "adopted"
    return str(proposal)


def _text_cells(system, tables):
    """Every cell of these tables as text (JSON as stored), with where it is."""
    with system.engine.connect() as conn:
        for table in tables:
            for row in conn.execute(select(*(cast(c, Text) for c in table.c))):
                for column, value in zip(table.c, row):
                    if value is not None:
                        yield table.name, column.name, value


def _reads(queries, pole, campaigns, proposals, networks):
    """Everything the Queries methods of issue 24 give, to compare before and after a rebuild."""
    return {"campaigns": queries.campaigns(pole),
            "campaign": {c: queries.campaign(c) for c in campaigns},
            "participation": {c: queries.campaign_participation(c) for c in campaigns},
            "revisions": {c: queries.campaign_revisions(c) for c in campaigns},
            "sources": {p: queries.revision_source(p) for p in proposals},
            "pole_networks": queries.pole_networks(pole),
            "network_poles": {n: queries.network_poles(n) for n in networks},
            "kinds": queries.member_counts_by_kind(pole), "decisions": queries.decision_count(pole),
            "assembly": queries.last_assembly_on(pole)}


def test_campaigns_and_networks_are_read_and_rebuilt_alike_and_keep_answers_out(system):
    app = system.app
    pole = load_demo(app)
    queries = Queries(system.engine)
    admitted = queries.members(str(pole), status="admitted")
    by_college = {}
    for member in admitted:
        by_college.setdefault(member["college"], []).append(member["id"])
    first, second = by_college["salaries"][0], by_college["usagers"][0]
    today = clock.today()
    decisions_before = queries.decision_count(str(pole))
    networks_before = queries.pole_networks(str(pole))  # the demo's

    # A campaign of the member organisations, answers not shared: sealed in the events.
    sealed = str(app.open_campaign(pole, title="Auto-évaluation 2026", opens_on=today,
                                   closes_on=today + timedelta(days=14), actor=SECRETARY))
    app.answer_campaign(sealed, respondent=first, answers={"a1": rate(6, 1, REPLACED), "b1": rate(5, 2)},
                        actor="rep:first")
    sealed_first = app.get_campaign(sealed).answers[first]
    app.answer_campaign(sealed, respondent=second, answers={"a1": rate(4, 3, KEPT)}, actor="rep:second")
    app.answer_campaign(sealed, respondent=first, answers={"a1": rate(5, 2)}, actor="rep:first")  # again
    campaign = app.get_campaign(sealed)
    sealed_values = {sealed_first, *campaign.answers.values()}
    assert all(isinstance(v, str) for v in sealed_values) and len(sealed_values) == 3
    results = app.close_campaign(sealed, actor=SECRETARY)
    revision = str(app.draft_revision_from_campaign(sealed, objective="a", title="Réviser l'objectif a",
                                                    text="Renforcer l'ancrage territorial.", actor=SECRETARY))

    # A campaign of named people whose answers are shared with the secretary, still open.
    shared = str(app.open_campaign(pole, title="Regards croisés", opens_on=today, closes_on=today + timedelta(days=7),
                                   mode="people", people=[{"id": "ana@example.org", "college": "salaries"},
                                                          {"id": "bob@example.org", "college": ""}],
                                   individual_shared=True, actor=SECRETARY))
    app.answer_campaign(shared, respondent="bob@example.org", answers={"c1": rate(3, 1, SHARED_REPLACED)},
                        actor="bob@example.org")
    app.answer_campaign(shared, respondent="bob@example.org", answers={"c1": rate(3, 2)}, actor="bob@example.org")

    # Networks, joined (then one left) by the pole's decisions.
    region, other = str(uuid4()), str(uuid4())
    joined = _decide(app, pole, "Rejoindre le réseau régional",
                     {"type": "join_network", "network_id": region, "shares": ["referentiel", "members"]}, queries)
    _decide(app, pole, "Rejoindre un autre réseau", {"type": "join_network", "network_id": other, "shares": []},
            queries)
    _decide(app, pole, "Quitter l'autre réseau", {"type": "leave_network", "network_id": other}, queries)

    # -- the campaigns -------------------------------------------------------------------------
    rows = queries.campaigns(str(pole))
    assert [r["id"] for r in rows][:2] == [shared, sealed]  # the latest opened first
    row = queries.campaign(sealed)
    assert row == rows[1]
    assert (row["pole_id"], row["title"], row["opens_on"], row["closes_on"], row["referentiel_version"],
            row["mode"], row["individual_shared"], row["invited"], row["answered"], row["closed"]) == (
        str(pole), "Auto-évaluation 2026", today, today + timedelta(days=14), 1, "members", False,
        len(campaign.respondents), 2, True)
    assert row["results"] == results and row["referentiel"] == campaign.referentiel
    assert row["opened_at"] <= row["closed_at"]
    assert row["respondents"][first] == "salaries" and row["respondents"][second] == "usagers"
    other_row = queries.campaign(shared)
    assert (other_row["mode"], other_row["individual_shared"], other_row["invited"], other_row["answered"],
            other_row["closed"], other_row["closed_at"], other_row["results"]) == ("people", True, 2, 1, False, None,
                                                                                   None)
    assert queries.campaign(str(uuid4())) is None

    participation = queries.campaign_participation(sealed)
    assert [(p["respondent"], p["college"], p["changes"]) for p in participation] == [
        (first, "salaries", 1), (second, "usagers", 0)]
    assert participation[0]["first_answered_at"] < participation[1]["answered_at"] < participation[0]["answered_at"]
    assert set(participation[0]) == {"respondent", "college", "first_answered_at", "answered_at", "changes"}
    assert [(p["respondent"], p["college"], p["changes"]) for p in queries.campaign_participation(shared)] == [
        ("bob@example.org", "", 1)]

    assert [(r["proposal_id"], r["objective"], r["title"], r["status"], r["outcome"])
            for r in queries.campaign_revisions(sealed)] == [(revision, "a", "Réviser l'objectif a", "draft", None)]
    assert queries.campaign_revisions(shared) == []
    assert queries.revision_source(revision) == {"campaign_id": sealed, "campaign_title": "Auto-évaluation 2026",
                                                 "objective": "a", "pole_id": str(pole)}
    assert queries.revision_source(joined) is None

    # -- the networks and what a pole shares with them -------------------------------------------
    joined_on = date.fromisoformat(app.get_pole(pole).networks[region]["since"])
    assert joined_on == today
    assert queries.pole_networks(str(pole)) == [*networks_before, {
        "network_id": region, "shares": ["members", "referentiel"], "since": joined_on, "decision_id": joined}]
    assert {n["network_id"] for n in queries.pole_networks(str(pole))} == set(app.get_pole(pole).networks)
    pole_row = queries.pole(str(pole))
    assert queries.network_poles(region) == [{"pole_id": str(pole), "pole_name": pole_row["name"],
                                              "territory": pole_row["territory"],
                                              "shares": ["members", "referentiel"],
                                              "since": joined_on, "decision_id": joined}]
    assert queries.network_poles(other) == [] and queries.network_poles(str(uuid4())) == []
    assert region in app.get_pole(pole).networks and other not in app.get_pole(pole).networks

    kinds = queries.member_counts_by_kind(str(pole))
    assert kinds == dict(Counter(m["kind"] for m in admitted)) and sum(kinds.values()) == len(admitted)
    assert queries.decision_count(str(pole)) == decisions_before + 3
    assert decisions_before == len([p for p in queries.register(str(pole), status="closed", limit=ALL)
                                    if p["outcome"] and not p["amends"]]) - 3
    held = [a for a in queries.assemblies(str(pole)) if a["status"] == "closed"]
    assert held, "the demo holds an assembly"
    assert queries.last_assembly_on(str(pole)) == max(paris_day(a["held_at"].replace(tzinfo=UTC)) for a in held)
    assert queries.last_assembly_on(str(uuid4())) is None
    assert queries.decision_count(str(uuid4())) == 0 and queries.member_counts_by_kind(str(uuid4())) == {}

    # -- what a respondent answered stays out of the read models and of the audit trail -------------
    read_models = [table for table in t.metadata.sorted_tables if table.name.startswith("rm_")]
    assert t.audit in read_models and t.campaign_answers in read_models
    plain_first = json.dumps({"a1": rate(6, 1, REPLACED), "b1": rate(5, 2)})
    for table, column, text in _text_cells(system, read_models):
        for secret in (*sealed_values, REPLACED, plain_first):
            assert secret not in text, f"{table}.{column} holds an answer of a campaign not shared"
        if table != "rm_audit":  # shared answers stay in the events (the secretary's), never in a list
            assert SHARED_REPLACED not in text, f"{table}.{column} holds an answer"
    answered = queries.audit(aggregate_id=sealed, limit=ALL)
    assert [e["event_type"] for e in answered] == ["CampaignOpened", "AssessmentAnswered", "AssessmentAnswered",
                                                   "AssessmentAnswered", "CampaignClosed",
                                                   "StrategyRevisionDrafted"]
    assert all(e["pole_id"] == str(pole) for e in answered)
    assert [e["details"] for e in answered if e["event_type"] == "AssessmentAnswered"] == [
        {"respondent": first}, {"respondent": second}, {"respondent": first}]
    assert answered[-2]["details"]["results"] == results  # the aggregates of the close: justifications unsigned
    assert KEPT in json.dumps(results)
    shared_answers = [e["details"] for e in queries.audit(aggregate_id=shared, limit=ALL)
                      if e["event_type"] == "AssessmentAnswered"]
    assert [d["answers"]["c1"]["justification"] for d in shared_answers] == [SHARED_REPLACED, ""]

    # -- a rebuild gives the same rows --------------------------------------------------------------
    networks = [region, other]
    before = _reads(queries, str(pole), [sealed, shared], [revision, joined], networks)
    incremental = dump_read_models(system)
    assert incremental["rm_campaigns"] and incremental["rm_campaign_answers"] and incremental["rm_pole_networks"]
    system.projector.rebuild()
    assert dump_read_models(system) == incremental
    assert _reads(queries, str(pole), [sealed, shared], [revision, joined], networks) == before


def test_a_network_joined_again_starts_over_and_its_shares_change_by_decision(system):
    app = system.app
    pole = load_demo(app)
    queries = Queries(system.engine)
    network = str(uuid4())
    before = queries.pole_networks(str(pole))  # the demo's
    _decide(app, pole, "Rejoindre", {"type": "join_network", "network_id": network, "shares": ["decisions"]}, queries)
    changed = _decide(app, pole, "Partager aussi les assemblées",
                      {"type": "join_network", "network_id": network, "shares": ["assemblies", "decisions"]}, queries)
    assert [(n["shares"], n["decision_id"]) for n in queries.pole_networks(str(pole))[len(before):]] == [
        (["assemblies", "decisions"], changed)]
    left = _decide(app, pole, "Quitter", {"type": "leave_network", "network_id": network}, queries)
    assert queries.pole_networks(str(pole)) == before and queries.network_poles(network) == []
    with system.engine.connect() as conn:
        row = conn.execute(select(t.pole_networks).where(t.pole_networks.c.network_id == network)).one()
    assert (row.left_on, row.left_decision_id) == (clock.today().isoformat(), left)
    again = _decide(app, pole, "Revenir", {"type": "join_network", "network_id": network, "shares": []}, queries)
    since = date.fromisoformat(app.get_pole(pole).networks[network]["since"])
    assert queries.pole_networks(str(pole)) == [*before, {"network_id": network, "shares": [], "since": since,
                                                          "decision_id": again}]
    with system.engine.connect() as conn:
        row = conn.execute(select(t.pole_networks).where(t.pole_networks.c.network_id == network)).one()
    assert (row.left_on, row.left_decision_id) == (None, None)
    incremental = dump_read_models(system)
    system.projector.rebuild()
    assert dump_read_models(system) == incremental
