"""Read models on a real store: kept current, rebuilt identically, as-of queries right."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from demo.pole import load_demo
from governance.errors import DomainError
from projections.queries import Queries
from tests.integration.helpers import dump_read_models


@pytest.fixture
def demo(system):
    return load_demo(system.app)


def test_rebuild_gives_identical_tables(system, demo):
    incremental = dump_read_models(system)
    count = system.projector.rebuild()
    assert count == system.app.recorder.max_notification_id()
    assert dump_read_models(system) == incremental
    assert incremental["rm_audit"] and len(incremental["rm_audit"]) == count


def test_read_models_follow_every_command(system, demo):
    queries = Queries(system.engine)
    before = len(queries.members(str(demo), status="requested"))
    member = system.app.request_membership(demo, name="Tiers-lieu La Fabrique", kind="ess_enterprise",
                                           category="partner", representative="Inès Roussel", actor="rep")
    assert len(queries.members(str(demo), status="requested")) == before + 1
    system.app.admit_member(demo, member, decision="CA du 1er décembre", actor="secretary")
    system.app.assign_college(demo, member, college="partenaires", reason="Partenaire", actor="secretary")
    row = queries.member(str(member))
    assert (row["status"], row["college"]) == ("admitted", "partenaires")
    assert system.projector.lag() == 0


def test_refused_command_stores_nothing(system, demo):
    head = system.app.recorder.max_notification_id()
    tables = dump_read_models(system)
    scic_breaking = {"model": "scic", "colleges": [
        {"code": "usagers", "name": "Usagers", "share": "55%"},
        {"code": "salaries", "name": "Salariés", "share": "45%"}]}
    proposal = Queries(system.engine).register(str(demo), status="draft")[0]["id"]
    with pytest.raises(DomainError, match="above the 50 % maximum for a SCIC"):
        system.app.amend_proposal(proposal, title="Statuts", text="...", kind="extraordinary",
                                  effect={"type": "amend_statutes", "statutes": scic_breaking}, actor="secretary")
    assert system.app.recorder.max_notification_id() == head
    assert dump_read_models(system) == tables


def test_roster_and_statutes_as_of_a_date(system, demo):
    queries = Queries(system.engine)
    early = datetime(2025, 3, 1, tzinfo=UTC)
    assert {m["name"] for m in queries.roster(str(demo), early)} >= {"Commune de Crest", "Karim Haddad"}
    assert len(queries.roster(str(demo), early)) == 8
    assert queries.statutes_as_of(str(demo), early)["version"] == 1
    assert queries.statutes_as_of(str(demo), datetime(2025, 12, 1, tzinfo=UTC))["version"] == 2
    now_names = {m["name"] for m in queries.roster(str(demo))}
    assert "Karim Haddad" not in now_names  # withdrew in 2026
    assert queries.statutes_as_of(str(demo))["version"] == 3
    assert len(queries.roster(str(demo), datetime(2024, 1, 1, tzinfo=UTC))) == 0


def test_power_distribution_and_findings(system, demo):
    power = Queries(system.engine).power(str(demo))
    by_code = {c.code: c for c in power.colleges}
    assert power.statutes_version == 3
    assert str(by_code["usagers"].share) == "1/4"
    assert by_code["usagers"].member_weight == by_code["usagers"].share / by_code["usagers"].members
    assert any("between 10 % and 50 %" in f.message for f in power.findings)


def test_tally_recomputed_from_events_matches_the_register(system, demo):
    closed = Queries(system.engine).register(str(demo), status="closed")
    assert len(closed) >= 5
    for row in closed:
        recount = system.app.recount(row["id"])
        assert recount.to_dict() == row["tally"]
        assert str(recount.result) == row["result"]


def test_statutes_and_strategy_versions_come_from_adopted_votes(system, demo):
    queries = Queries(system.engine)
    versions = queries.statutes_versions(str(demo))
    assert [v["version"] for v in versions] == [1, 2, 3]
    for v in versions[1:]:
        decision = queries.proposal(v["decision_id"])
        assert (decision["kind"], decision["outcome"]) == ("extraordinary", "adopted")
    strategy = queries.strategy_versions(str(demo))
    assert [s["version"] for s in strategy] == [1, 2]
    assert "+4. Créer une plateforme logistique" in strategy[1]["diff"]


def test_several_poles_live_in_one_instance_without_mixing(system, demo):
    other = system.app.found_pole(
        name="Pôle Bois Énergie", territory="Vercors", legal_form="Association",
        statutes={"model": "one_member_one_vote", "colleges": []}, actor="admin",
        founders=[{"name": "Scierie coopérative", "kind": "ess_enterprise", "category": "producer",
                   "representative": "Luc Arnaud"}])
    queries = Queries(system.engine)
    assert [m["name"] for m in queries.roster(str(other))] == ["Scierie coopérative"]
    assert "Scierie coopérative" not in {m["name"] for m in queries.roster(str(demo))}
    assert queries.register(str(other)) == []
    assert {p["name"] for p in queries.poles()} == {"Drôme Coopère", "Pôle Bois Énergie"}
    assert queries.power(str(other)).statutes.model == "one_member_one_vote"


# -- where each projection last changed: what keeps read-model caches valid -------------------------
def _tracking(system) -> dict[str, tuple[int, int | None]]:
    """Each projection's (position, changed_at)."""
    from sqlalchemy import select
    from projections import tables as t
    with system.engine.connect() as conn:
        return {name: (position, changed) for name, position, changed in conn.execute(
            select(t.tracking.c.projection, t.tracking.c.position, t.tracking.c.changed_at))}


def _open_vote_and_elector(system, demo) -> tuple[str, str]:
    queries = Queries(system.engine)
    proposal = queries.register(str(demo), status="open")[0]["id"]
    electorate = system.app.get_proposal(proposal).electorate
    elector = next(m for m in electorate if queries.member(m)["status"] == "admitted")
    return proposal, elector


def test_a_ballot_moves_every_position_but_changes_only_the_projections_it_concerns(system, demo):
    proposal, elector = _open_vote_and_elector(system, demo)
    before = _tracking(system)
    system.app.cast_ballot(proposal, elector, "against", actor="rep")
    head = system.app.recorder.max_notification_id()
    after = _tracking(system)
    assert {name: position for name, (position, _) in after.items()} == {name: head for name in after}
    assert after["register"][1] == after["audit"][1] == head
    assert after["roster"][1] == before["roster"][1] is not None  # no member changed
    assert after["poles"][1] == before["poles"][1] is not None

    system.app.request_membership(demo, name="Tiers-lieu La Fabrique", kind="ess_enterprise",
                                  category="partner", representative="Inès Roussel", actor="rep")
    assert _tracking(system)["roster"][1] == system.app.recorder.max_notification_id()


def test_member_lists_stay_cached_across_ballots_and_follow_every_membership_change(system, demo):
    from sqlalchemy import event
    queries = Queries(system.engine)
    members = queries.members(str(demo))
    names = queries.member_name_index(str(demo))
    reads: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if "rm_members" in statement:
            reads.append(statement)
    event.listen(system.engine, "before_cursor_execute", count)
    try:
        proposal, elector = _open_vote_and_elector(system, demo)
        reads.clear()
        system.app.cast_ballot(proposal, elector, "for", actor="rep")
        system.app.cast_ballot(proposal, elector, "abstain", actor="rep")
        assert queries.members(str(demo)) == members and queries.member_name_index(str(demo)) is names
        assert [s for s in reads if "FROM rm_members" in s and "rm_member_periods" not in s] == []

        member = system.app.request_membership(demo, name="Tiers-lieu La Fabrique", kind="ess_enterprise",
                                               category="partner", representative="Inès Roussel", actor="rep")
        assert "Tiers-lieu La Fabrique" in {m["name"] for m in queries.members(str(demo))}
        assert queries.member_name_index(str(demo))[str(member)] == "Tiers-lieu La Fabrique"
        system.app.admit_member(demo, member, decision="CA du 1er décembre", actor="secretary")
        assert str(member) in {m["id"] for m in queries.members(str(demo), status="admitted")}
    finally:
        event.remove(system.engine, "before_cursor_execute", count)


def test_a_rebuild_replaces_what_caches_held_even_when_it_ends_at_the_same_positions(system, demo):
    """A read model repaired by a rebuild (after a handler fix, say) is what pages show next."""
    from sqlalchemy import update
    from projections import tables as t
    queries = Queries(system.engine)
    with system.engine.begin() as conn:  # a read model gone wrong, as a buggy handler would leave it
        conn.execute(update(t.members).where(t.members.c.pole_id == str(demo)).values(name="?"))
    assert {m["name"] for m in queries.members(str(demo))} == {"?"}  # now cached
    before = _tracking(system)
    system.projector.rebuild()
    assert _tracking(system) == before  # the same positions, and changed_at, as before the rebuild
    assert "?" not in {m["name"] for m in queries.members(str(demo))}
    assert "Commune de Crest" in {m["name"] for m in queries.members(str(demo))}


def test_a_result_of_any_length_is_kept(system, demo):
    """Issue 27: a weighted result is an exact fraction whose terms grow with the colleges' sizes (70 characters for
    50,000 ballots over ten colleges); PostgreSQL refused more than 60, and the worker stopped at that close."""
    from sqlalchemy import update
    from projections import tables as t
    queries = Queries(system.engine)
    decided = queries.register(str(demo), status="closed")[0]["id"]
    long = f"{7 ** 90}/{11 ** 80}"
    assert len(long) > 150
    with system.engine.begin() as conn:
        conn.execute(update(t.proposals).where(t.proposals.c.id == decided).values(result=long))
    assert queries.proposal(decided)["result"] == long


@pytest.mark.postgres
def test_a_rebuild_leaves_the_planner_statistics_fresh(make_settings):
    """Issue 27: on PostgreSQL the read models filled in bulk by a rebuild are analysed at once; until autovacuum got
    to them, the planner chose a 266 ms plan for a page of a 50,000-member roster instead of a 2 ms one."""
    from infrastructure.system import bootstrap
    system = bootstrap(make_settings("postgres"))
    try:
        load_demo(system.app)
        system.projector.rebuild()
        with system.engine.connect() as conn:
            analysed = conn.exec_driver_sql(
                "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN "
                "('rm_members', 'rm_member_periods') AND last_analyze IS NOT NULL").scalars().all()
    finally:
        system.close()
    assert sorted(analysed) == ["rm_member_periods", "rm_members"]
