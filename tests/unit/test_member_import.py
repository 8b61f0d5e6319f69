"""`Collegia.import_members` (issue 18): many members in one save, through the pole's own rules, all or nothing."""

from __future__ import annotations

from typing import Any, Callable

from governance.errors import InvalidInput, MembershipStateConflict, StatutesRuleBroken

ACTOR = "secretaire@pole.example"
DECISION = "Import CSV du 3 mars 2025, décision du CA"
ROWS = [{"name": "Léa Durand", "kind": "person", "category": "salarié", "representative": "", "college": "salaries"},
        {"name": "Épicerie du Vercors", "kind": "ess_enterprise", "category": "usager",
         "representative": "Paul Martin", "college": "usagers"},
        {"name": "Atelier Vélo", "kind": "other", "category": "soutien", "representative": "Inès Roux"}]


def test_every_row_is_requested_admitted_and_assigned_in_one_save(world: Any) -> None:
    app, pole_id = world.app, world.pole_id
    before_version = app.get_pole(pole_id).version
    ids = app.import_members(pole_id, ROWS, decision=DECISION, actor=ACTOR)
    pole = app.get_pole(pole_id)
    assert [pole.member(i)["name"] for i in ids] == ["Léa Durand", "Épicerie du Vercors", "Atelier Vélo"]
    assert [(pole.member(i)["status"], pole.member(i)["college"]) for i in ids] == [
        ("admitted", "salaries"), ("admitted", "usagers"), ("admitted", None)]
    assert pole.member(ids[0])["representative"] == "Léa Durand"
    events = list(app.events.get(pole_id, gt=before_version))
    assert [type(e).__name__ for e in events] == [
        "MembershipRequested", "MemberAdmitted", "MemberAssignedToCollege",
        "MembershipRequested", "MemberAdmitted", "MemberAssignedToCollege",
        "MembershipRequested", "MemberAdmitted"]
    assert {e.decision for e in events if type(e).__name__ == "MemberAdmitted"} == {DECISION}
    assert len({e.actor for e in events}) == 1


def test_a_failing_row_stores_nothing(world: Any, refused: Callable[..., Any]) -> None:
    app, pole_id = world.app, world.pole_id
    members_before = dict(app.get_pole(pole_id).members)
    with refused(StatutesRuleBroken, match="no college 'cuisine'"):
        app.import_members(pole_id, [*ROWS, {**ROWS[0], "name": "Lucie", "college": "cuisine"}],
                           decision=DECISION, actor=ACTOR)
    with refused(InvalidInput):
        app.import_members(pole_id, [ROWS[0], {**ROWS[1], "kind": "cooperative"}, ROWS[2]],
                           decision=DECISION, actor=ACTOR)
    with refused(InvalidInput):
        app.import_members(pole_id, [ROWS[0], {**ROWS[1], "name": "  "}], decision=DECISION, actor=ACTOR)
    assert app.get_pole(pole_id).members == members_before  # nor is the loaded pole left changed


def test_when_the_assembly_admits_only_the_requests_are_recorded(make_world: Callable[..., Any]) -> None:
    from tests.unit.conftest import scic_statutes
    world = make_world(scic_statutes(admission_by="assembly"))
    ids = world.app.import_members(world.pole_id, ROWS, decision=DECISION, actor=ACTOR)
    pole = world.app.get_pole(world.pole_id)
    assert [(pole.member(i)["status"], pole.member(i)["college"]) for i in ids] == [("requested", None)] * 3


def test_no_row_saves_nothing(world: Any) -> None:
    before = world.stored()
    assert world.app.import_members(world.pole_id, [], decision=DECISION, actor=ACTOR) == []
    assert world.stored() == before


def test_importing_the_same_rows_twice_is_refused_the_second_time(world: Any, refused: Callable[..., Any]) -> None:
    """A double click or two secretaries: the second import finds the names on the pole it loads (accents, case and
    spaces aside) and stores nothing; so do two rows of one file naming the same member."""
    app, pole_id = world.app, world.pole_id
    app.import_members(pole_id, ROWS, decision=DECISION, actor=ACTOR)
    again = [{**ROWS[0], "name": f"  {ROWS[0]['name'].upper()} "}]
    with refused(MembershipStateConflict, match="already a member or a pending request"):
        app.import_members(pole_id, again, decision=DECISION, actor=ACTOR)
    with refused(MembershipStateConflict, match="already a member or a pending request"):
        app.import_members(pole_id, [{**ROWS[0], "name": "Nouvelle"}, {**ROWS[0], "name": "nouvelle"}],
                           decision=DECISION, actor=ACTOR)
