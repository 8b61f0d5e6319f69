"""General assemblies: convocation, attendance, proxies, quorum before each vote, minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from governance.errors import (AssemblyRuleBroken, InvalidInput, MinutesRuleBroken, ProposalRuleBroken,
                               ProxyRuleBroken, VotingRuleBroken)
from tests.unit.conftest import ACTOR, scic_statutes

# A month ahead: more than the 15 days' notice of a first convocation (Code de commerce R225-69).
HELD_AT = (datetime.now(UTC) + timedelta(days=30)).replace(hour=14, minute=0, second=0, microsecond=0)


def convene(w: Any, *proposals: UUID, kind: str = "ordinary", convocation: str = "first") -> UUID:
    return w.app.convene_assembly(w.pole_id, kind=kind, held_at=HELD_AT, place="Salle des fêtes, Crest",
                                  mode="hybrid", convocation=convocation, agenda=list(proposals), actor=ACTOR)


def attend(w: Any, assembly_id: UUID, **modes: str) -> None:
    for name, mode in modes.items():
        w.app.record_attendance(assembly_id, w.members[name], mode, actor=ACTOR)


@pytest.fixture
def agm(world: Any) -> Any:
    """An ordinary assembly with two resolutions on its agenda, convened on first convocation."""
    world.r1 = world.draft(title="Comptes 2025")
    world.r2 = world.draft(title="Budget 2026")
    world.assembly_id = convene(world, world.r1, world.r2)
    return world


def test_convening_freezes_the_electorate_and_schedules_the_agenda(agm: Any) -> None:
    assembly = agm.app.get_assembly(agm.assembly_id)
    assert assembly.status == "convened"
    assert set(assembly.electorate) == {str(m) for m in agm.members.values()}
    assert assembly.agenda == [str(agm.r1), str(agm.r2)]
    late = agm.add_member("late", "salaries")
    assert str(late) not in agm.app.get_assembly(agm.assembly_id).electorate
    assert agm.app.get_proposal(agm.r1).assembly_id == str(agm.assembly_id)


def test_a_scheduled_resolution_cannot_be_opened_online(agm: Any, refused: Any) -> None:
    with refused(ProposalRuleBroken, match="it is voted during the session"):
        agm.open(agm.r1)


def test_an_ordinary_assembly_refuses_an_extraordinary_resolution(world: Any, refused: Any) -> None:
    age = world.draft(kind="extraordinary", title="Modifier les statuts")
    with refused(AssemblyRuleBroken, match="an ordinary assembly cannot vote an extraordinary resolution"):
        convene(world, age)
    convene(world, age, kind="extraordinary")


def test_a_proposal_is_on_one_agenda_only(agm: Any, refused: Any) -> None:
    with refused(ProposalRuleBroken, match="already on an assembly's agenda"):
        convene(agm, agm.r1)


def test_no_vote_without_the_quorum_then_vote_once_reached(agm: Any, refused: Any) -> None:
    agm.app.open_session(agm.assembly_id, actor=ACTOR)
    # Ordinary, first convocation: 1/5 of 6 members → 2 needed.
    attend(agm, agm.assembly_id, sal1="present")
    with refused(AssemblyRuleBroken, match="quorum not reached: 1 of 6 members present, represented or voting "
                                           "remotely, 2 needed on first convocation"):
        agm.app.put_to_vote(agm.assembly_id, agm.r1, actor=ACTOR)
    attend(agm, agm.assembly_id, usa1="remote")
    agm.app.put_to_vote(agm.assembly_id, agm.r1, actor=ACTOR)
    proposal = agm.app.get_proposal(agm.r1)
    assert proposal.status == "open"
    assert sorted(proposal.attendees) == sorted([str(agm.members["sal1"]), str(agm.members["usa1"])])


def test_room_and_remote_ballots_make_one_weighted_tally(agm: Any) -> None:
    agm.app.open_session(agm.assembly_id, actor=ACTOR)
    attend(agm, agm.assembly_id, sal1="present", usa1="remote", col1="correspondence")
    agm.app.put_to_vote(agm.assembly_id, agm.r1, actor=ACTOR)
    agm.app.record_room_ballots(agm.r1, {str(agm.members["sal1"]): "for", str(agm.members["col1"]): "against"},
                                actor=ACTOR)
    agm.app.cast_ballot(agm.r1, agm.members["usa1"], "for", actor="usa1")  # in the browser
    result = agm.app.close_voting(agm.r1, actor=ACTOR)
    assert (result.participants, result.entitled) == (3, 6)
    assert result.result == pytest.approx(0.7)  # 40 % × 1 + 30 % × 1 + 30 % × 0
    assert result.outcome == "adopted"
    assembly = agm.app.get_assembly(agm.assembly_id)
    assert assembly.resolutions[str(agm.r1)] == "voted" and assembly.outcomes[str(agm.r1)] == "adopted"


def test_an_absent_member_cannot_vote_on_an_assembly_resolution(agm: Any, refused: Any) -> None:
    agm.app.open_session(agm.assembly_id, actor=ACTOR)
    attend(agm, agm.assembly_id, sal1="present", usa1="present")
    agm.app.put_to_vote(agm.assembly_id, agm.r1, actor=ACTOR)
    with refused(VotingRuleBroken, match="not recorded as taking part in the assembly"):
        agm.app.cast_ballot(agm.r1, agm.members["col2"], "for", actor="col2")


def test_assembly_proxies_represent_the_principal_and_respect_the_cap(agm: Any, refused: Any) -> None:
    agm.app.give_assembly_proxy(agm.assembly_id, agm.members["usa2"], agm.members["sal1"], actor="usa2")
    with refused(ProxyRuleBroken, match="the statutes cap proxies at 1 per holder, and this holder already has 1"):
        agm.app.give_assembly_proxy(agm.assembly_id, agm.members["col2"], agm.members["sal1"], actor="col2")
    agm.app.open_session(agm.assembly_id, actor=ACTOR)
    attend(agm, agm.assembly_id, sal1="present")
    assembly = agm.app.get_assembly(agm.assembly_id)
    assert assembly.attending() == {str(agm.members["sal1"]): "present", str(agm.members["usa2"]): "represented"}
    agm.app.put_to_vote(agm.assembly_id, agm.r1, actor=ACTOR)
    agm.app.record_room_ballots(agm.r1, {str(agm.members["sal1"]): "for", str(agm.members["usa2"]): "against"},
                                actor=ACTOR)
    ballot = agm.app.get_proposal(agm.r1).ballots[str(agm.members["usa2"])]
    assert ballot == {"choice": "against", "proxy_holder": str(agm.members["sal1"])}
    result = agm.app.close_voting(agm.r1, actor=ACTOR)
    usagers = next(c for c in result.colleges if c.code == "usagers")
    assert (usagers.votes_for, usagers.votes_against) == (0, 1)  # counted in the principal's college
    with refused(ProxyRuleBroken, match="can no longer change: a resolution has been put to the vote"):
        agm.app.revoke_assembly_proxy(agm.assembly_id, agm.members["usa2"], actor="usa2")


def test_a_proxy_whose_holder_is_absent_does_not_count(agm: Any) -> None:
    agm.app.give_assembly_proxy(agm.assembly_id, agm.members["usa2"], agm.members["sal1"], actor="usa2")
    assert agm.app.get_assembly(agm.assembly_id).attending() == {}


def test_same_college_proxies_when_the_statutes_say_so(make_world: Any, refused: Any) -> None:
    w = make_world(scic_statutes(proxy_same_college=True))
    for name, college in (("a", "salaries"), ("b", "usagers"), ("c", "salaries")):
        w.add_member(name, college)
    assembly_id = convene(w, w.draft())
    with refused(ProxyRuleBroken, match="the proxy holder to be in the principal's college"):
        w.app.give_assembly_proxy(assembly_id, w.members["a"], w.members["b"], actor="a")
    w.app.give_assembly_proxy(assembly_id, w.members["a"], w.members["c"], actor="a")


def came_despite_its_proxy(make_world: Any) -> tuple[Any, UUID]:
    """Statutes allowing a change of the way one takes part (R225-85 III); usa2 gave its proxy to sal1, then
    both were recorded present."""
    w = make_world(scic_statutes(participation_change_allowed=True))
    for name, college in (("sal1", "salaries"), ("usa2", "usagers")):
        w.add_member(name, college)
    assembly_id = convene(w, w.draft())
    w.app.give_assembly_proxy(assembly_id, w.members["usa2"], w.members["sal1"], actor="usa2")
    attend(w, assembly_id, sal1="present", usa2="present")
    return w, assembly_id


def test_attending_in_person_overrides_the_proxy_when_the_statutes_allow_it(make_world: Any) -> None:
    w, assembly_id = came_despite_its_proxy(make_world)
    assembly = w.app.get_assembly(assembly_id)
    assert assembly.proxies[str(w.members["usa2"])]["status"] == "overridden"
    assert assembly.attending()[str(w.members["usa2"])] == "present"


def test_by_default_a_member_who_gave_a_proxy_takes_part_no_other_way(agm: Any, refused: Any) -> None:
    """Code de commerce R225-85 III, unless the statutes allow it."""
    agm.app.give_assembly_proxy(agm.assembly_id, agm.members["usa2"], agm.members["sal1"], actor="usa2")
    attend(agm, agm.assembly_id, sal1="present", col1="correspondence")
    with refused(ProxyRuleBroken, match="R225-85 III"):
        attend(agm, agm.assembly_id, usa2="present")
    with refused(AssemblyRuleBroken, match="voted by correspondence: it cannot take part another way"):
        attend(agm, agm.assembly_id, col1="remote")


def test_second_convocation_has_no_ordinary_quorum(world: Any) -> None:
    r = world.draft()
    assembly_id = convene(world, r, convocation="second")
    world.app.open_session(assembly_id, actor=ACTOR)
    attend(world, assembly_id, sal1="present")
    world.app.put_to_vote(assembly_id, r, actor=ACTOR)
    world.app.record_room_ballots(r, {str(world.members["sal1"]): "for"}, actor=ACTOR)
    assert world.app.close_voting(r, actor=ACTOR).outcome == "adopted"


def test_one_resolution_at_a_time_and_no_close_while_voting(agm: Any, refused: Any) -> None:
    agm.app.open_session(agm.assembly_id, actor=ACTOR)
    attend(agm, agm.assembly_id, sal1="present", usa1="present")
    agm.app.put_to_vote(agm.assembly_id, agm.r1, actor=ACTOR)
    with refused(AssemblyRuleBroken, match="close the resolution being voted before opening the next one"):
        agm.app.put_to_vote(agm.assembly_id, agm.r2, actor=ACTOR)
    with refused(AssemblyRuleBroken, match="a resolution is still being voted"):
        agm.app.close_session(agm.assembly_id, actor=ACTOR)


def test_secret_resolutions_are_not_recorded_by_the_secretary(world: Any, refused: Any) -> None:
    r = world.draft(secret=True)
    assembly_id = convene(world, r)
    world.app.open_session(assembly_id, actor=ACTOR)
    attend(world, assembly_id, sal1="present", usa1="present")
    world.app.put_to_vote(assembly_id, r, actor=ACTOR)
    with refused(VotingRuleBroken, match="the secretary cannot record how a member voted"):
        world.app.record_room_ballots(r, {str(world.members["sal1"]): "for"}, actor=ACTOR)
    world.app.cast_ballot(r, world.members["sal1"], "for", actor="sal1")
    assert world.app.close_voting(r, actor=ACTOR).outcome == "adopted"


def test_a_refused_room_ballot_stores_none(agm: Any, refused: Any) -> None:
    agm.app.open_session(agm.assembly_id, actor=ACTOR)
    attend(agm, agm.assembly_id, sal1="present", usa1="present")
    agm.app.put_to_vote(agm.assembly_id, agm.r1, actor=ACTOR)
    with refused(VotingRuleBroken):
        agm.app.record_room_ballots(agm.r1, {str(agm.members["sal1"]): "for", str(agm.members["col2"]): "for"},
                                    actor=ACTOR)
    assert agm.app.get_proposal(agm.r1).ballots == {}


def run_assembly(agm: Any) -> None:
    agm.app.open_session(agm.assembly_id, actor=ACTOR)
    attend(agm, agm.assembly_id, sal1="present", usa1="present", col1="remote")
    for r, choice in ((agm.r1, "for"), (agm.r2, "against")):
        agm.app.put_to_vote(agm.assembly_id, r, actor=ACTOR)
        agm.app.record_room_ballots(r, {str(agm.members[n]): choice for n in ("sal1", "usa1", "col1")}, actor=ACTOR)
        agm.app.close_voting(r, actor=ACTOR)
    agm.app.close_session(agm.assembly_id, actor=ACTOR)


def test_minutes_state_attendance_quorum_and_each_tally(agm: Any) -> None:
    run_assembly(agm)
    doc = agm.app.minutes(agm.assembly_id)
    assert doc["quorum"] == {"entitled": 6, "attending": 3, "needed": 2, "quorum": "1/5", "reached": True}
    modes = {row["member"]: row["mode"] for row in doc["attendance"]}
    assert modes["sal1"] == "present" and modes["col1"] == "remote" and modes["sal2"] == "absent"
    outcomes = [(r["title"], r["outcome"], r["tally"]["result"]) for r in doc["resolutions"]]
    assert outcomes == [("Comptes 2025", "adopted", "1"), ("Budget 2026", "rejected", "0")]


def test_signing_is_an_event_and_a_correction_is_a_new_entry(agm: Any, refused: Any) -> None:
    with refused(MinutesRuleBroken, match="signed once its session is closed"):
        agm.app.sign_minutes(agm.assembly_id, signer="Claire Martin", capacity="chair", actor=ACTOR)
    run_assembly(agm)
    agm.app.sign_minutes(agm.assembly_id, signer="Claire Martin", capacity="chair", actor=ACTOR)
    with refused(MinutesRuleBroken, match="already signed these minutes as chair"):
        agm.app.sign_minutes(agm.assembly_id, signer="Claire Martin", capacity="chair", actor=ACTOR)
    agm.app.sign_minutes(agm.assembly_id, signer="Paul Roux", capacity="secretary", actor=ACTOR)
    doc = agm.app.minutes(agm.assembly_id)
    assert [(s["signer"], s["capacity"], s["current"]) for s in doc["signatures"]] == [
        ("Claire Martin", "chair", True), ("Paul Roux", "secretary", True)]
    agm.app.correct_minutes(agm.assembly_id, text="Lire « salle des fêtes de Crest ».", corrects=1, actor=ACTOR)
    doc = agm.app.minutes(agm.assembly_id)
    assert doc["corrections"][0]["corrects"] == 1 and doc["corrections"][0]["number"] == 3
    assert [s["current"] for s in doc["signatures"]] == [False, False]  # they signed the text before correction
    with refused(MinutesRuleBroken, match="must reference an existing entry"):
        agm.app.correct_minutes(agm.assembly_id, text="x", corrects=9, actor=ACTOR)


def test_minutes_of_an_online_vote(world: Any) -> None:
    p = world.open_proposal()
    world.vote(p, {"sal1": "for", "usa1": "for"})
    world.app.close_voting(p, actor=ACTOR)
    doc = world.app.minutes(p)
    assert doc["mode"] == "online" and doc["resolutions"][0]["outcome"] == "adopted"
    world.app.sign_minutes(p, signer="Claire Martin", capacity="secretary", actor=ACTOR)
    assert world.app.minutes(p)["signatures"][0]["signer"] == "Claire Martin"


def test_bad_convocation_input_is_refused(world: Any, refused: Any) -> None:
    r = world.draft()
    with refused(InvalidInput, match="assembly kind must be one of"):
        world.app.convene_assembly(world.pole_id, kind="annual", held_at=HELD_AT, place="x", mode="hybrid",
                                   convocation="first", agenda=[r], actor=ACTOR)
    with refused(AssemblyRuleBroken, match="at least one resolution"):
        world.app.convene_assembly(world.pole_id, kind="ordinary", held_at=HELD_AT, place="x", mode="hybrid",
                                   convocation="first", agenda=[], actor=ACTOR)
    with refused(InvalidInput, match="place is required"):
        world.app.convene_assembly(world.pole_id, kind="ordinary", held_at=HELD_AT, place=" ", mode="in_person",
                                   convocation="first", agenda=[r], actor=ACTOR)
    assert world.app.get_proposal(r).assembly_id is None


def test_withdrawing_a_voting_resolution_frees_the_session(agm: Any) -> None:
    agm.app.open_session(agm.assembly_id, actor=ACTOR)
    attend(agm, agm.assembly_id, sal1="present", usa1="present")
    agm.app.put_to_vote(agm.assembly_id, agm.r1, actor=ACTOR)
    agm.app.withdraw_proposal(agm.r1, reason="retirée en séance", actor=ACTOR)
    agm.app.withdraw_proposal(agm.r2, reason="reportée", actor=ACTOR)
    agm.app.close_session(agm.assembly_id, actor=ACTOR)
    assert agm.app.get_assembly(agm.assembly_id).resolutions == {str(agm.r1): "withdrawn", str(agm.r2): "withdrawn"}


def test_held_at_needs_a_timezone(world: Any, refused: Any) -> None:
    r = world.draft()
    with refused(InvalidInput, match="with a timezone"):
        world.app.convene_assembly(world.pole_id, kind="ordinary", held_at=datetime(2026, 12, 5), place="x",
                                   mode="hybrid", convocation="first", agenda=[r], actor=ACTOR)
    assert timedelta(hours=12) == world.app.assembly_vote_span


def test_correcting_a_mistaken_presence_restores_the_proxy(make_world: Any) -> None:
    w, assembly_id = came_despite_its_proxy(make_world)
    attend(w, assembly_id, usa2="absent")
    assembly = w.app.get_assembly(assembly_id)
    assert assembly.attending()[str(w.members["usa2"])] == "represented"


def test_no_proxy_to_a_member_voting_by_correspondence(agm: Any, refused: Any) -> None:
    attend(agm, agm.assembly_id, sal1="correspondence")
    with refused(ProxyRuleBroken, match="it cannot vote by correspondence"):
        agm.app.give_assembly_proxy(agm.assembly_id, agm.members["usa2"], agm.members["sal1"], actor="usa2")


def test_statutes_keep_chair_and_secretary_distinct_by_default_and_old_statutes_load() -> None:
    from governance.minutes import check_signatory
    from governance.statutes import Statutes
    old = Statutes.from_dict({"model": "one_member_one_vote", "colleges": []})  # stored before the field
    assert old.distinct_chair_and_secretary is True and "distinct_chair_and_secretary" not in old.to_dict()
    chosen = Statutes.from_dict({**old.to_dict(), "distinct_chair_and_secretary": False})
    assert Statutes.from_dict(chosen.to_dict()).distinct_chair_and_secretary is False
    signed = [{"signer": "Claire Martin", "capacity": "chair", "digest": "d"}]
    check_signatory(signed, "Claire Martin", "secretary", "d", distinct_chair_and_secretary=False)
    with pytest.raises(MinutesRuleBroken, match="the secretary is another person"):
        check_signatory(signed, "Claire Martin", "secretary", "d")


@pytest.mark.parametrize("distinct", [True, False])
def test_signing_follows_the_statutes_choice_of_distinct_chair_and_secretary(make_world: Any, refused: Any,
                                                                             distinct: bool) -> None:
    """R225-101 lets the statutes say otherwise: the use case reads the choice from the statutes frozen with the
    vote (the law's default, two persons, when they say nothing)."""
    w = make_world(scic_statutes(distinct_chair_and_secretary=distinct))
    w.add_member("sal1", "salaries")
    proposal_id = w.open_proposal()
    w.app.cast_ballot(proposal_id, w.members["sal1"], "for", actor="sal1")
    w.app.close_voting(proposal_id, actor=ACTOR)
    w.app.sign_minutes(proposal_id, signer="Claire Martin", capacity="chair", actor="claire")
    if distinct:
        with refused(MinutesRuleBroken, match="the secretary is another person"):
            w.app.sign_minutes(proposal_id, signer="Claire Martin", capacity="secretary", actor="claire")
    else:
        w.app.sign_minutes(proposal_id, signer="Claire Martin", capacity="secretary", actor="claire")


def _pdf(n: int, previous: int | None, method: str = "pole-ca") -> dict[str, Any]:
    """A signed PDF as the caller describes it once verified: made-up fingerprints n (its file), previous."""
    return {"sha256": f"{n:064x}", "previous": None if previous is None else f"{previous:064x}", "method": method,
            "certificate": "c" * 64, "subject": "CN=Claire Martin"}


def test_signatures_in_the_pdf_follow_one_another_and_the_document_timestamp_closes_them(agm: Any,
                                                                                         refused: Any) -> None:
    """Issue 25: each signature in the minutes' PDF is added to the file the previous one left (an incremental
    update keeps the earlier signatures); the register records each file's fingerprint; the document timestamp
    closes the file; a correction makes a new text, whose PDF starts afresh."""
    run_assembly(agm)
    with refused(MinutesRuleBroken, match="only minutes signed in their PDF"):
        agm.app.timestamp_minutes(agm.assembly_id, pdf={"sha256": "1" * 64, "previous": "2" * 64, "tsa": "x"},
                                  actor=ACTOR)
    with refused(MinutesRuleBroken, match="added to the PDF the previous signature left"):
        agm.app.sign_minutes(agm.assembly_id, signer="Claire Martin", capacity="chair", actor=ACTOR,
                             pdf=_pdf(1, 7))  # the first signature goes into a fresh PDF
    with refused(InvalidInput, match="made one of these ways"):
        agm.app.sign_minutes(agm.assembly_id, signer="Claire Martin", capacity="chair", actor=ACTOR,
                             pdf={**_pdf(1, None), "method": "scanned"})
    with refused(InvalidInput, match="SHA-256 in hexadecimal"):
        agm.app.sign_minutes(agm.assembly_id, signer="Claire Martin", capacity="chair", actor=ACTOR,
                             pdf={**_pdf(1, None), "sha256": "not a digest"})
    agm.app.sign_minutes(agm.assembly_id, signer="Claire Martin", capacity="chair", actor=ACTOR, pdf=_pdf(1, None))
    with refused(MinutesRuleBroken, match="added to the PDF the previous signature left"):
        agm.app.sign_minutes(agm.assembly_id, signer="Paul Roux", capacity="secretary", actor=ACTOR,
                             pdf=_pdf(2, None))  # a second fresh PDF would drop the chair's signature
    agm.app.sign_minutes(agm.assembly_id, signer="Paul Roux", capacity="secretary", actor=ACTOR,
                         pdf=_pdf(2, 1, "pkcs12"))
    with refused(MinutesRuleBroken, match="added to the last signed PDF"):
        agm.app.timestamp_minutes(agm.assembly_id, pdf={"sha256": "3" * 64, "previous": f"{1:064x}", "tsa": "TSA"},
                                  actor=ACTOR)
    agm.app.timestamp_minutes(agm.assembly_id, pdf={"sha256": f"{3:064x}", "previous": f"{2:064x}",
                                                    "tsa": "Horodatage de démonstration"}, actor=ACTOR)
    with refused(MinutesRuleBroken, match="already carries its document timestamp"):
        agm.app.timestamp_minutes(agm.assembly_id, pdf={"sha256": "4" * 64, "previous": f"{3:064x}", "tsa": "x"},
                                  actor=ACTOR)
    doc = agm.app.minutes(agm.assembly_id)
    assert [(s["signer"], s["pdf"]["sha256"][-1], s["pdf"]["method"]) for s in doc["signatures"]] == [
        ("Claire Martin", "1", "pole-ca"), ("Paul Roux", "2", "pkcs12")]
    # The timestamp is no signature and no correction: the text, its digest and its signatures stay current.
    assert [s["current"] for s in doc["signatures"]] == [True, True] and doc["corrections"] == []
    agm.app.correct_minutes(agm.assembly_id, text="Lire « salle des fêtes de Crest ».", corrects=1, actor=ACTOR)
    agm.app.sign_minutes(agm.assembly_id, signer="Claire Martin", capacity="chair", actor=ACTOR, pdf=_pdf(5, None))
