"""A member's life in a pole: requested → admitted / refused → assigned → withdrawn / excluded."""

from __future__ import annotations

from typing import Any, Callable
from uuid import uuid4

import pytest

from governance.errors import InvalidInput, MembershipRuleBroken, NotFound, StatutesRuleBroken
from governance.pole import MEMBER_KINDS

ACTOR = "secretaire@pole.example"


def status(world: Any, name: str) -> tuple[str, str | None]:
    member = world.app.get_pole(world.pole_id).member(world.members[name])
    return member["status"], member["college"]


def test_request_admit_assign_reassign_withdraw(make_world: Callable[..., Any]) -> None:
    world = make_world()
    app, pole_id = world.app, world.pole_id
    member = world.request("Biocoop Valence", kind="ess_enterprise", representative="Anne Martin")
    assert status(world, "Biocoop Valence") == ("requested", None)
    assert str(member) not in app.get_pole(pole_id).electorate()

    app.admit_member(pole_id, member, decision="CA du 3 mars", actor=ACTOR)
    assert status(world, "Biocoop Valence") == ("admitted", None)
    assert str(member) not in app.get_pole(pole_id).electorate()  # a SCIC vote needs a college

    app.assign_college(pole_id, member, college="usagers", reason="statuts art. 12", actor=ACTOR)
    assert app.get_pole(pole_id).electorate() == {str(member): "usagers"}

    app.assign_college(pole_id, member, college="salaries", reason="embauche", actor=ACTOR)
    assert app.get_pole(pole_id).electorate() == {str(member): "salaries"}

    app.withdraw_member(pole_id, member, reason="déménagement", actor=ACTOR)
    assert status(world, "Biocoop Valence") == ("withdrawn", None)
    assert app.get_pole(pole_id).electorate() == {}


def test_the_roster_at_any_past_version_is_reconstructible(world: Any) -> None:
    app, pole_id = world.app, world.pole_id
    version_before = app.get_pole(pole_id).version
    app.withdraw_member(pole_id, world.members["sal1"], actor=ACTOR)
    assert str(world.members["sal1"]) not in app.get_pole(pole_id).electorate()
    past = app.get_pole(pole_id, version=version_before)
    assert past.electorate()[str(world.members["sal1"])] == "salaries"
    assert len(past.electorate()) == 6


def test_member_details_are_recorded(make_world: Callable[..., Any]) -> None:
    world = make_world()
    member = world.request("Mairie de Die", kind="local_authority", representative="Paul Roux")
    recorded = world.app.get_pole(world.pole_id).member(member)
    assert (recorded["name"], recorded["kind"], recorded["representative"]) == (
        "Mairie de Die", "local_authority", "Paul Roux")


def test_refused_member_may_ask_again(make_world: Callable[..., Any]) -> None:
    world = make_world()
    app, pole_id = world.app, world.pole_id
    member = world.request("SARL Transit")
    app.refuse_member(pole_id, member, decision="CA du 3 mars", reasons="hors territoire", actor=ACTOR)
    assert status(world, "SARL Transit") == ("refused", None)
    app.request_membership(pole_id, member_id=member, name="SARL Transit", kind="company", category="c",
                           representative="Luc", actor=ACTOR)
    assert status(world, "SARL Transit") == ("requested", None)


def test_exclusion_needs_an_assembly_vote_by_default(world: Any, refused: Any) -> None:
    with refused(MembershipRuleBroken, match="members are excluded by an assembly vote: draft a proposal instead"):
        world.app.exclude_member(world.pole_id, world.members["sal1"], reasons="impayés", decision="CA",
                                 actor=ACTOR)
    assert status(world, "sal1") == ("admitted", "salaries")


def test_excluded_member_leaves_the_electorate_and_cannot_ask_again(
        make_world: Callable[..., Any], refused: Any) -> None:
    world = make_world(_statutes(exclusion_by="board"))
    member = world.add_member("Asso X", "usagers")
    world.app.exclude_member(world.pole_id, member, reasons="non-respect de la charte", decision="CA du 5 mai",
                             actor=ACTOR)
    assert status(world, "Asso X") == ("excluded", None)
    assert world.app.get_pole(world.pole_id).electorate() == {}
    with refused(MembershipRuleBroken, match="'Asso X' is already excluded"):
        world.app.request_membership(world.pole_id, member_id=member, name="Asso X", kind="person",
                                     category="c", actor=ACTOR)


def test_admission_by_assembly_refuses_a_board_admission(make_world: Callable[..., Any], refused: Any) -> None:
    world = make_world(_statutes(admission_by="assembly"))
    member = world.request("Coop Y")
    with refused(MembershipRuleBroken, match="members are admitted by an assembly vote"):
        world.app.admit_member(world.pole_id, member, decision="CA", actor=ACTOR)
    with refused(MembershipRuleBroken, match="members are refused by an assembly vote"):
        world.app.refuse_member(world.pole_id, member, decision="CA", reasons="r", actor=ACTOR)


# -- illegal transitions: refused, nothing stored ---------------------------------------------

def test_illegal_transitions_are_refused_and_store_nothing(world: Any, refused: Any) -> None:
    app, pole_id = world.app, world.pole_id
    pending = world.request("Pending")
    sal1 = world.members["sal1"]
    with refused(MembershipRuleBroken, match="'sal1' is admitted: only a pending request can be admitted"):
        app.admit_member(pole_id, sal1, decision="CA", actor=ACTOR)
    with refused(MembershipRuleBroken, match="'sal1' is admitted: only a pending request"):
        app.refuse_member(pole_id, sal1, decision="CA", reasons="r", actor=ACTOR)
    with refused(MembershipRuleBroken, match="'sal1' is already admitted"):
        app.request_membership(pole_id, member_id=sal1, name="sal1", kind="person", category="c", actor=ACTOR)
    with refused(MembershipRuleBroken, match="'Pending' is requested, not an admitted member"):
        app.assign_college(pole_id, pending, college="usagers", reason="r", actor=ACTOR)
    with refused(MembershipRuleBroken, match="'Pending' is requested, not an admitted member"):
        app.withdraw_member(pole_id, pending, actor=ACTOR)
    with refused(MembershipRuleBroken, match="'sal1' is already in college 'Salariés'"):
        app.assign_college(pole_id, sal1, college="salaries", reason="r", actor=ACTOR)
    with refused(StatutesRuleBroken, match="the statutes in force define no college 'benevoles'"):
        app.assign_college(pole_id, sal1, college="benevoles", reason="r", actor=ACTOR)
    app.withdraw_member(pole_id, sal1, actor=ACTOR)
    with refused(MembershipRuleBroken, match="'sal1' is withdrawn, not an admitted member"):
        app.withdraw_member(pole_id, sal1, actor=ACTOR)
    with refused(MembershipRuleBroken, match="'sal1' is withdrawn"):
        app.assign_college(pole_id, sal1, college="usagers", reason="r", actor=ACTOR)


def test_unknown_member_and_unknown_pole_are_not_found(world: Any, refused: Any) -> None:
    with refused(NotFound, match="no member"):
        world.app.admit_member(world.pole_id, uuid4(), decision="CA", actor=ACTOR)
    with refused(NotFound, match="no pole"):
        world.app.request_membership(uuid4(), name="X", kind="person", category="c", actor=ACTOR)
    with refused(NotFound, match="no pole not-a-uuid"):
        world.app.get_pole("not-a-uuid")


# -- inputs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", MEMBER_KINDS)
def test_every_kind_of_the_law_is_accepted(make_world: Callable[..., Any], kind: str) -> None:
    world = make_world()
    member = world.request("Membre", kind=kind, representative="Jeanne Petit")
    assert world.app.get_pole(world.pole_id).member(member)["kind"] == kind


@pytest.mark.parametrize("kind", ["association", "", "Person", "public"])
def test_other_kinds_are_refused(make_world: Callable[..., Any], refused: Any, kind: str) -> None:
    world = make_world()
    with refused(InvalidInput) as info:
        world.request("Membre", kind=kind, representative="Jeanne Petit")
    assert info.value.message == (f"member kind '{kind}' is not one of {', '.join(MEMBER_KINDS)} "
                                  "(loi 2014-856, art. 9)")


@pytest.mark.parametrize("kind", [k for k in MEMBER_KINDS if k != "person"])
def test_legal_entities_need_a_representative(make_world: Callable[..., Any], refused: Any, kind: str) -> None:
    world = make_world()
    with refused(InvalidInput, match="^representative is required$"):
        world.request("Entreprise", kind=kind, representative="   ")


def test_a_person_represents_itself(make_world: Callable[..., Any]) -> None:
    world = make_world()
    member = world.request("Claire Dupont", kind="person")
    assert world.app.get_pole(world.pole_id).member(member)["representative"] == "Claire Dupont"


def test_huge_inputs_are_refused(make_world: Callable[..., Any], refused: Any) -> None:
    world = make_world()
    with refused(InvalidInput, match=r"^member name is too long \(100000 characters, at most 200\)$"):
        world.request("x" * 100_000)
    with refused(InvalidInput, match="representative is too long"):
        world.request("Coop", kind="company", representative="y" * 100_000)
    member = world.request("Coop Z")
    with refused(InvalidInput, match="reasons is too long"):
        world.app.refuse_member(world.pole_id, member, decision="CA", reasons="r" * 100_000, actor=ACTOR)


def test_names_are_trimmed_and_blank_names_refused(make_world: Callable[..., Any], refused: Any) -> None:
    world = make_world()
    member = world.request("  Coop Z  ")
    assert world.app.get_pole(world.pole_id).member(member)["name"] == "Coop Z"
    with refused(InvalidInput, match="^member name is required$"):
        world.request(" \t ")


@pytest.mark.parametrize("name", ["Coop\x00Z", "Coop\x1b[31mZ", "Coop\x08Z", "\x07Coop"])
def test_control_characters_are_refused(make_world: Callable[..., Any], refused: Any, name: str) -> None:
    world = make_world()
    with refused(InvalidInput, match="^member name contains control characters$"):
        world.request(name)


@pytest.mark.parametrize("name", ["Coop\x7fZ", "Coop\x9b31mZ", "Coop\x85Z"])
def test_del_and_c1_control_characters_are_refused(make_world: Callable[..., Any], refused: Any, name: str) -> None:
    world = make_world()
    with refused(InvalidInput, match="^member name contains control characters$"):
        world.request(name)


def test_accented_and_typographic_names_are_kept(make_world: Callable[..., Any]) -> None:
    world = make_world()
    member = world.request("Coopérative « L’Œuf »\u202fBio")
    assert world.app.get_pole(world.pole_id).member(member)["name"] == "Coopérative « L’Œuf »\u202fBio"


def test_actor_is_required(make_world: Callable[..., Any], refused: Any) -> None:
    world = make_world()
    with refused(InvalidInput, match="^actor is required$"):
        world.app.request_membership(world.pole_id, name="X", kind="person", category="c", actor="")


def test_founders_are_admitted_by_the_founding_statutes(app: Any) -> None:
    pole_id = app.found_pole(name="Pôle", territory="Drôme", legal_form="SCIC", actor=ACTOR,
                             statutes=_statutes(admission_by="assembly"), founders=[
                                 {"name": "Claire", "kind": "person", "category": "salarié", "college": "salaries"},
                                 {"name": "Mairie", "kind": "local_authority", "category": "collectivité",
                                  "representative": "Paul Roux", "college": "collectivites"}])
    pole = app.get_pole(pole_id)
    assert sorted(m["name"] for m in pole.members.values() if m["status"] == "admitted") == ["Claire", "Mairie"]
    assert sorted(pole.electorate().values()) == ["collectivites", "salaries"]


def test_a_founder_breaking_a_rule_refuses_the_founding(app: Any, refused: Any) -> None:
    with refused(InvalidInput, match="^representative is required$"):
        app.found_pole(name="Pôle", territory="Drôme", legal_form="SCIC", actor=ACTOR, statutes=_statutes(),
                       founders=[{"name": "Mairie", "kind": "local_authority", "category": "c"}])


# -- founding --------------------------------------------------------------------------------------

def test_founding_with_illegal_statutes_stores_nothing(app: Any, refused: Any) -> None:
    with refused(StatutesRuleBroken, match="above the 50 % maximum for a SCIC"):
        app.found_pole(name="Pôle", territory="Drôme", legal_form="SCIC", actor=ACTOR,
                       statutes=_statutes(colleges=[{"code": "a", "name": "A", "share": "60%"},
                                                    {"code": "b", "name": "B", "share": "40%"}]))


@pytest.mark.parametrize(("statutes", "error", "message"), [
    ({"max_proxies_per_holder": "two"}, StatutesRuleBroken, "^malformed statutes"),
    ({"colleges": [{"code": "a", "name": "A", "share": "Infinity"}]}, InvalidInput, "is not a valid share"),
])
def test_founding_with_malformed_statutes_is_a_domain_refusal(app: Any, refused: Any, statutes: dict[str, Any],
                                                              error: type, message: str) -> None:
    with refused(error, match=message):
        app.found_pole(name="Pôle", territory="Drôme", legal_form="SCIC", actor=ACTOR, statutes=_statutes(**statutes))


def test_founding_records_statutes_v1_and_strategy_v1(make_world: Callable[..., Any]) -> None:
    world = make_world()
    pole = world.app.get_pole(world.pole_id)
    assert (pole.statutes_version, pole.strategy_version) == (1, 1)
    assert [c.code for c in pole.statutes.colleges] == ["salaries", "usagers", "collectivites"]
    assert pole.strategy_versions[0]["text"] == "Mutualiser la logistique."


def _statutes(**overrides: Any) -> dict[str, Any]:
    return {"model": "scic", "colleges": [
        {"code": "salaries", "name": "Salariés", "share": "40%"},
        {"code": "usagers", "name": "Usagers", "share": "30%"},
        {"code": "collectivites", "name": "Collectivités", "share": "30%"}], **overrides}


def test_a_category_the_statutes_do_not_list_is_refused(make_world: Callable[..., Any], refused: Any) -> None:
    from tests.unit.test_statutes import scic_statutes
    world = make_world(scic_statutes(categories=["employee", "beneficiary", "public_body"]))
    with refused(MembershipRuleBroken, match="category 'usager' is not one the statutes list"):
        world.app.request_membership(world.pole_id, name="Biocoop", kind="company", category="usager",
                                     representative="Anne Martin", actor=ACTOR)
    member = world.app.request_membership(world.pole_id, name="Biocoop", kind="company", category="beneficiary",
                                          representative="Anne Martin", actor=ACTOR)
    assert world.app.get_pole(world.pole_id).member(member)["category"] == "beneficiary"


def test_statutes_listing_no_category_accept_any(world: Any) -> None:
    """Poles founded before statutes listed categories keep recording members as they did."""
    member = world.request("Biocoop Valence", kind="company", representative="Anne Martin")
    assert world.app.get_pole(world.pole_id).member(member)["category"] == "usager"
