"""Deliberation before the vote (issue 23): the discussion, members' amendments voted first, the debate's summary."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from governance.deliberation import amended_text
from governance.errors import (AssemblyRuleBroken, DeliberationRuleBroken, DeliberationStateConflict, InvalidInput,
                               NotPermitted, ProposalStateConflict, StatutesRuleBroken)
from governance.proposal import Proposal, given_to_members, is_under_discussion
from projections import tables
from projections.queries import Queries
from tests.unit.conftest import ACTOR, PoleWorld, scic_statutes
from web.edge import open_to_members

TEXT = "Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur."
HELD_AT = (datetime.now(UTC) + timedelta(days=30)).replace(hour=14, minute=0, second=0, microsecond=0)


@pytest.fixture
def published(world: PoleWorld) -> PoleWorld:
    world.proposal_id = world.app.draft_proposal(world.pole_id, title="Budget 2026", text=TEXT, actor=ACTOR)
    world.app.publish_for_discussion(world.proposal_id, actor=ACTOR)
    return world


def post(w: PoleWorld, name: str, text: str, **kwargs: Any) -> int:
    return w.app.post_comment(w.proposal_id, member_id=w.members[name], text=text, actor=name, **kwargs)


def table(w: PoleWorld, name: str, passage: str, wording: str, **kwargs: Any) -> Any:
    return w.app.table_amendment(w.proposal_id, member_id=w.members[name], passage=passage, wording=wording,
                                 motive="Plus prudent.", actor=name, **kwargs)


# -- the discussion -----------------------------------------------------------------------

def test_a_published_draft_is_discussed_with_replies_one_level_deep(published: PoleWorld, refused: Any) -> None:
    first = post(published, "sal1", "Le montant me semble élevé.")
    reply = post(published, "usa1", "Il couvre le poste de coordination.", reply_to=first)
    with refused(DeliberationRuleBroken, match="one level deep"):
        post(published, "col1", "Réponse à la réponse", reply_to=reply)
    comments = published.app.get_discussion(published.proposal_id).comments
    assert [(c["number"], c["reply_to"], c["member_id"]) for c in comments] == [
        (1, None, str(published.members["sal1"])), (2, 1, str(published.members["usa1"]))]


def test_an_unpublished_draft_has_no_discussion_and_a_published_text_is_fixed(world: PoleWorld,
                                                                              refused: Any) -> None:
    world.proposal_id = world.draft()
    with refused(DeliberationStateConflict, match="not published"):
        post(world, "sal1", "Bonjour")
    world.app.publish_for_discussion(world.proposal_id, actor=ACTOR)
    with refused(ProposalStateConflict, match="published for discussion"):
        world.app.amend_proposal(world.proposal_id, title="Budget", text="Autre texte", actor=ACTOR)


def test_edits_are_kept_as_versions_and_only_the_author_edits(published: PoleWorld, refused: Any) -> None:
    number = post(published, "sal1", "Première version")
    with refused(DeliberationRuleBroken, match="only its author"):
        published.app.edit_comment(published.proposal_id, number, text="Détournement", actor="usa1")
    published.app.edit_comment(published.proposal_id, number, text="Seconde version", actor="sal1")
    discussion = published.app.get_discussion(published.proposal_id)
    assert discussion.comment(1)["text"] == "Seconde version" and discussion.comment(1)["versions"] == 2
    texts = [getattr(e, "text", None) for e in published.app.events.get(discussion.id)]
    assert texts[1:] == ["Première version", "Seconde version"]  # the history shows what was said when


def test_withdrawn_and_hidden_comments_stay_in_the_events(published: PoleWorld, refused: Any) -> None:
    mine = post(published, "sal1", "Je retire ceci")
    rude = post(published, "usa1", "Propos injurieux")
    published.app.withdraw_comment(published.proposal_id, mine, actor="sal1")
    with refused(InvalidInput):
        published.app.hide_comment(published.proposal_id, rude, reason="  ", actor=ACTOR)
    published.app.hide_comment(published.proposal_id, rude, reason="Propos injurieux envers un membre", actor=ACTOR)
    discussion = published.app.get_discussion(published.proposal_id)
    assert [(c["status"], c["reason"]) for c in discussion.comments] == [
        ("withdrawn", None), ("hidden", "Propos injurieux envers un membre")]
    assert discussion.comment(2)["text"] == "Propos injurieux"  # kept in the events, pages show the reason
    with refused(DeliberationStateConflict, match="already withdrawn"):
        published.app.edit_comment(published.proposal_id, mine, text="Revenu", actor="sal1")


def test_a_person_speaks_only_for_the_members_it_represents(published: PoleWorld, refused: Any) -> None:
    with refused(NotPermitted):
        published.app.post_comment(published.proposal_id, member_id=published.members["sal1"], text="Usurpé",
                                   actor="usa1", represented=[str(published.members["usa1"])])


def test_the_discussion_closes_with_the_vote_and_says_nothing_of_ballots(published: PoleWorld,
                                                                         refused: Any) -> None:
    post(published, "sal1", "Avant le vote")
    published.open(published.proposal_id)
    published.vote(published.proposal_id, {"sal1": "for"})
    post(published, "sal1", "Pendant le vote")
    published.app.close_voting(published.proposal_id, actor=ACTOR)
    with refused(DeliberationStateConflict, match="closed with the vote"):
        post(published, "sal1", "Après le vote")
    discussion = published.app.get_discussion(published.proposal_id)
    for stored in published.app.events.get(discussion.id):
        assert not {"choice", "sealed", "voted", "ballot"} & set(vars(stored)), type(stored).__name__


# -- who discusses: one rule for the domain, the pages and the read model --------------------------------
# Every value each field of the rule takes in a proposal or its read-model row (NULL: never published, the assembly's).
RULE_FIELDS = {"published": (None, False, True), "assembly_id": (None, str(uuid4())),
               "status": ("draft", "open", "closed", "withdrawn"), "amends": (None, str(uuid4())),
               "body": (None, "assembly", "board")}
COMBINATIONS = [dict(zip(RULE_FIELDS, values)) for values in itertools.product(*RULE_FIELDS.values())]


def test_the_open_discussions_query_lists_exactly_what_the_domain_says_is_under_discussion() -> None:
    """`Queries.discussions` (its SQL) against `is_under_discussion`, on one read-model row per combination of the
    fields the rule reads, many of which no command makes (a published board decision, a published amendment)."""
    engine = create_engine("sqlite://", poolclass=StaticPool)  # one in-memory database for every connection
    tables.metadata.create_all(engine)
    pole = str(uuid4())
    rows = [{**fields, "id": str(uuid4())} for fields in COMBINATIONS]
    with engine.begin() as conn:
        conn.execute(tables.proposals.insert(), [
            {**row, "pole_id": pole, "title": "Budget", "text": "Texte", "kind": "ordinary", "secret": False,
             "proposed_by": ACTOR, "drafted_at": datetime(2026, 1, 5) + timedelta(minutes=n), "participants": 0,
             "proxies_used": 0} for n, row in enumerate(rows)])
    listed = {r["id"] for r in Queries(engine).discussions(pole)}
    expected = {row["id"] for row in rows if is_under_discussion(**{k: row[k] for k in RULE_FIELDS})}
    assert expected and listed == expected, [  # the combinations where they disagree, and what the query said
        ({k: row[k] for k in RULE_FIELDS}, "listed" if row["id"] in listed else "not listed") for row in rows
        if (row["id"] in listed) != (row["id"] in expected)]


def test_the_aggregate_and_the_pages_apply_the_same_rule() -> None:
    """`Proposal.under_discussion` is the rule on its own fields; members read the drafts they discuss (web/edge.py
    `open_to_members`), and an amendment too, discussed in its resolution's discussion."""
    proposal = Proposal.draft(pole_id=uuid4(), title="Budget", text="Texte", actor=ACTOR)
    for fields in COMBINATIONS:
        if fields["body"] is not None:  # an aggregate's body is never NULL: "assembly" until addressed to the board
            vars(proposal).update(fields)
            assert proposal.under_discussion == is_under_discussion(**fields), fields
        if fields["status"] == "draft":
            if fields["amends"] is not None:
                assert open_to_members(fields), fields  # an amendment is read, though never discussed on its own
            elif fields["body"] != "board":
                assert open_to_members(fields) == is_under_discussion(**fields) == given_to_members(
                    published=fields["published"], assembly_id=fields["assembly_id"]), fields


# -- amendments -----------------------------------------------------------------------------

def test_amended_text_replaces_one_passage_exactly() -> None:
    assert amended_text(TEXT, "120 000", "100 000") == TEXT.replace("120 000", "100 000")
    assert amended_text("A.", "", "B.") == "A.\n\nB."
    with pytest.raises(DeliberationRuleBroken, match="not in the resolution"):
        amended_text(TEXT, "150 000", "1")
    with pytest.raises(DeliberationRuleBroken, match="2 times"):
        amended_text("un et un", "un", "deux")


def test_an_adopted_amendment_changes_the_text_put_to_the_final_vote(published: PoleWorld,
                                                                    refused: Any) -> None:
    w = published
    amendment = table(w, "usa1", "120 000 euros", "100 000 euros")
    with refused(DeliberationStateConflict, match="n° 1 is still to be decided"):
        w.open(w.proposal_id)
    w.app.admit_amendment(amendment, reason="Dans l'objet de la résolution", actor=ACTOR)
    with refused(DeliberationStateConflict, match="n° 1 is still to be decided"):
        w.open(w.proposal_id)
    w.open(amendment)
    w.vote(amendment, {"sal1": "for", "usa1": "for", "col1": "for", "sal2": "against"})
    assert w.app.close_voting(amendment, actor=ACTOR).outcome == "adopted"
    parent = w.app.get_proposal(w.proposal_id)
    assert parent.text == TEXT.replace("120 000", "100 000")
    assert parent.original == {"text": TEXT, "effect": None}  # the register keeps both texts
    w.open(w.proposal_id)
    w.vote(w.proposal_id, {"sal1": "for", "usa1": "for", "col1": "for"})
    assert w.app.close_voting(w.proposal_id, actor=ACTOR).outcome == "adopted"
    topics = [type(e).__name__ for e in w.app.events.get(w.proposal_id)]
    assert topics.count("AmendmentIncorporated") == 1 and topics.index("AmendmentIncorporated") < \
        topics.index("VotingOpened")


def test_a_rejected_amendment_leaves_the_text_and_is_never_voted(published: PoleWorld, refused: Any) -> None:
    w = published
    amendment = table(w, "col1", "Il recrute un coordinateur.", "Il dissout le pôle.")
    with refused(InvalidInput):
        w.app.reject_amendment(amendment, reason="", actor=ACTOR)
    w.app.reject_amendment(amendment, reason="Hors de l'objet de la résolution (L225-105 al. 3)", actor=ACTOR)
    state = w.app.get_proposal(amendment)
    assert (state.status, state.amendment["status"], state.amendment["reason"]) == (
        "withdrawn", "rejected", "Hors de l'objet de la résolution (L225-105 al. 3)")
    with refused(DeliberationStateConflict, match="is rejected"):
        w.open(amendment)
    w.open(w.proposal_id)  # the resolution is voted as drafted
    assert w.app.get_proposal(w.proposal_id).text == TEXT


def test_amendments_are_voted_in_order_and_a_later_one_is_fitted_or_lapses(published: PoleWorld,
                                                                           refused: Any) -> None:
    w = published
    first = table(w, "usa1", "120 000 euros", "100 000 euros")
    fits = table(w, "sal1", "un coordinateur", "une coordinatrice")
    lapses = table(w, "col1", "120 000 euros", "90 000 euros")
    for amendment in (first, fits, lapses):
        w.app.admit_amendment(amendment, actor=ACTOR)
    with refused(DeliberationStateConflict, match="n° 1 first"):
        w.open(fits)
    w.open(first)
    w.vote(first, {"sal1": "for", "usa1": "for", "col1": "for"})
    w.app.close_voting(first, actor=ACTOR)
    fitted, gone = w.app.get_proposal(fits), w.app.get_proposal(lapses)
    assert fitted.text == "Le pôle adopte le budget 2026 de 100 000 euros. Il recrute une coordinatrice."
    assert (gone.status, gone.amendment["status"]) == ("withdrawn", "lapsed")
    assert "passage it changes" in gone.amendment["reason"]


def test_an_amendment_breaking_the_scic_bounds_is_refused_at_tabling(world: PoleWorld, refused: Any) -> None:
    statutes = scic_statutes(colleges=[{"code": "salaries", "name": "Salariés", "share": "50%"},
                                       {"code": "usagers", "name": "Usagers", "share": "25%"},
                                       {"code": "collectivites", "name": "Collectivités", "share": "25%"}])
    world.proposal_id = world.app.draft_proposal(world.pole_id, title="Statuts", text="Nouvelles parts.",
                                                 kind="extraordinary", effect={"type": "amend_statutes",
                                                                               "statutes": statutes}, actor=ACTOR)
    world.app.publish_for_discussion(world.proposal_id, actor=ACTOR)
    too_much = scic_statutes(colleges=[{"code": "salaries", "name": "Salariés", "share": "60%"},
                                       {"code": "usagers", "name": "Usagers", "share": "20%"},
                                       {"code": "collectivites", "name": "Collectivités", "share": "20%"}])
    with refused(StatutesRuleBroken, match="above the 50 % maximum for a SCIC"):
        world.app.table_amendment(world.proposal_id, member_id=world.members["sal1"],
                                  effect={"type": "amend_statutes", "statutes": too_much}, actor="sal1")
    fair = scic_statutes(colleges=[{"code": "salaries", "name": "Salariés", "share": "40%"},
                                   {"code": "usagers", "name": "Usagers", "share": "30%"},
                                   {"code": "collectivites", "name": "Collectivités", "share": "30%"}])
    amendment = world.app.table_amendment(world.proposal_id, member_id=world.members["usa1"],
                                          effect={"type": "amend_statutes", "statutes": fair}, actor="usa1")
    assert world.app.get_proposal(amendment).kind == "extraordinary"  # the resolution's rules


def test_the_statutes_may_require_several_sponsors(make_world: Any, refused: Any) -> None:
    w = make_world(scic_statutes(amendment_sponsors=2))
    for college, name in (("salaries", "sal1"), ("usagers", "usa1")):
        w.add_member(name, college)
    w.proposal_id = w.app.draft_proposal(w.pole_id, title="Budget", text=TEXT, actor=ACTOR)
    w.app.publish_for_discussion(w.proposal_id, actor=ACTOR)
    amendment = table(w, "sal1", "120 000", "110 000")
    with refused(DeliberationRuleBroken, match="require 2 members"):
        w.app.admit_amendment(amendment, actor=ACTOR)
    w.app.support_amendment(amendment, member_id=w.members["usa1"], actor="usa1")
    w.app.admit_amendment(amendment, actor=ACTOR)
    with pytest.raises(StatutesRuleBroken, match="1 to 100"):
        make_world(scic_statutes(amendment_sponsors=0))


def test_at_an_assembly_amendments_are_voted_before_their_resolution(world: PoleWorld, refused: Any) -> None:
    w = world
    w.proposal_id = w.app.draft_proposal(w.pole_id, title="Budget 2026", text=TEXT, actor=ACTOR)
    other = w.draft(title="Comptes 2025")
    assembly_id = w.app.convene_assembly(w.pole_id, kind="ordinary", held_at=HELD_AT, place="Crest", mode="hybrid",
                                         convocation="first", agenda=[other, w.proposal_id], actor=ACTOR)
    post(w, "sal1", "Une question sur le budget")  # on the agenda: discussed without being published
    amendment = table(w, "usa1", "120 000 euros", "100 000 euros")
    with refused(DeliberationRuleBroken, match="not an item of the agenda"):
        w.app.convene_assembly(w.pole_id, kind="ordinary", held_at=HELD_AT, place="Crest", mode="hybrid",
                               convocation="first", agenda=[amendment], actor=ACTOR)
    w.app.admit_amendment(amendment, actor=ACTOR)
    assembly = w.app.get_assembly(assembly_id)
    assert assembly.agenda == [str(other), str(amendment), str(w.proposal_id)]
    for name in ("sal1", "usa1", "col1"):
        w.app.record_attendance(assembly_id, w.members[name], "present", actor=ACTOR)
    _open_session_now(w, assembly_id)
    with refused(AssemblyRuleBroken, match="voted before it"):
        w.app.put_to_vote(assembly_id, w.proposal_id, actor=ACTOR)
    w.app.put_to_vote(assembly_id, amendment, actor=ACTOR)
    w.app.record_room_ballots(amendment, {str(w.members[n]): "for" for n in ("sal1", "usa1", "col1")}, actor=ACTOR)
    w.app.close_voting(amendment, actor=ACTOR)
    w.app.put_to_vote(assembly_id, w.proposal_id, actor=ACTOR)
    assert w.app.get_proposal(w.proposal_id).text == TEXT.replace("120 000", "100 000")
    resolutions = w.app.minutes(assembly_id)["resolutions"]  # the amendment is stated within its resolution
    assert [(r["number"], r["title"], len(r.get("amendments", []))) for r in resolutions] == [
        (1, "Comptes 2025", 0), (2, "Budget 2026", 1)]


def _open_session_now(w: PoleWorld, assembly_id: Any) -> None:
    """No convocation was sent through Collegia: the session may open before the announced day."""
    w.app.open_session(assembly_id, actor=ACTOR)


def test_the_summary_of_the_debate_is_written_until_the_minutes_are_signed(published: PoleWorld,
                                                                           refused: Any) -> None:
    w = published
    w.app.summarise_debate(w.proposal_id, summary="Débat sur le montant ; la coordination est confirmée.",
                           actor=ACTOR)
    assert w.app.get_proposal(w.proposal_id).debate_summary.startswith("Débat sur le montant")
    with refused(DeliberationStateConflict, match="already reads so"):
        w.app.summarise_debate(w.proposal_id, summary="Débat sur le montant ; la coordination est confirmée.",
                               actor=ACTOR)


def test_the_minutes_state_the_amendments_the_texts_and_the_summary(published: PoleWorld) -> None:
    w = published
    adopted = table(w, "usa1", "120 000 euros", "100 000 euros")
    rejected = table(w, "col1", "Il recrute un coordinateur.", "")
    w.app.admit_amendment(adopted, actor=ACTOR)
    w.app.reject_amendment(rejected, reason="Dénature la résolution", actor=ACTOR)
    w.open(adopted)
    w.vote(adopted, {"sal1": "for", "usa1": "for", "col1": "against"})
    w.app.close_voting(adopted, actor=ACTOR)
    w.open(w.proposal_id)
    w.vote(w.proposal_id, {"sal1": "for", "usa1": "for"})
    w.app.close_voting(w.proposal_id, actor=ACTOR)
    w.app.summarise_debate(w.proposal_id, summary="Le montant a été discuté.", actor=ACTOR)
    section = w.app.minutes(w.proposal_id)["resolutions"][0]
    assert section["text"] == TEXT.replace("120 000", "100 000") and section["drafted_text"] == TEXT
    assert section["debate_summary"] == "Le montant a été discuté."
    assert [(a["number"], a["course"], a["outcome"], a["reason"]) for a in section["amendments"]] == [
        (1, "admitted", "adopted", None), (2, "rejected", None, "Dénature la résolution")]
    assert section["amendments"][0]["sponsors"] == ["usa1"] and section["amendments"][0]["tally"]["outcome"] == \
        "adopted"


def test_minutes_without_deliberation_keep_their_shape(world: PoleWorld) -> None:
    p = world.open_proposal()
    world.vote(p, {"sal1": "for"})
    world.app.close_voting(p, actor=ACTOR)
    section = world.app.minutes(p)["resolutions"][0]
    assert not {"debate_summary", "drafted_text", "amendments"} & set(section)


def test_an_adopted_amendment_closes_while_a_later_one_is_still_tabled(published: PoleWorld, refused: Any) -> None:
    w = published
    first = table(w, "usa1", "120 000 euros", "100 000 euros")
    waiting = table(w, "sal1", "un coordinateur", "une coordinatrice")  # not yet decided
    w.app.admit_amendment(first, actor=ACTOR)
    w.open(first)
    w.vote(first, {"sal1": "for", "usa1": "for", "col1": "for"})
    assert w.app.close_voting(first, actor=ACTOR).outcome == "adopted"
    assert w.app.get_proposal(waiting).text.endswith("Il recrute une coordinatrice.")  # fitted to the new text
    assert "100 000" in w.app.get_proposal(waiting).text
    assert w.app.get_proposal(first).tally is not None


def test_amendments_are_voted_one_at_a_time_in_tabling_order(published: PoleWorld, refused: Any) -> None:
    w = published
    first = table(w, "usa1", "120 000 euros", "100 000 euros")
    second = table(w, "sal1", "un coordinateur", "une coordinatrice")
    w.app.admit_amendment(second, actor=ACTOR)
    with refused(DeliberationStateConflict, match="n° 1 first"):  # the first is still to be decided
        w.open(second)
    w.app.admit_amendment(first, actor=ACTOR)
    w.open(first)
    with refused(DeliberationStateConflict, match="one at a time"):
        w.open(second)


def test_a_resolution_with_amendments_decided_online_is_not_convened(published: PoleWorld, refused: Any) -> None:
    w = published
    amendment = table(w, "usa1", "120 000 euros", "100 000 euros")
    w.app.admit_amendment(amendment, actor=ACTOR)
    with refused(DeliberationStateConflict, match="admitted or being voted online"):
        w.app.convene_assembly(w.pole_id, kind="ordinary", held_at=HELD_AT, place="Crest", mode="hybrid",
                               convocation="first", agenda=[w.proposal_id], actor=ACTOR)


def test_at_an_assembly_the_agenda_keeps_the_tabling_order_and_forms_answer_the_items(world: PoleWorld) -> None:
    w = world
    w.proposal_id = w.app.draft_proposal(w.pole_id, title="Budget 2026", text=TEXT, actor=ACTOR)
    assembly_id = w.app.convene_assembly(w.pole_id, kind="ordinary", held_at=HELD_AT, place="Crest", mode="hybrid",
                                         convocation="first", agenda=[w.proposal_id], actor=ACTOR)
    first = table(w, "usa1", "120 000 euros", "100 000 euros")
    second = table(w, "sal1", "un coordinateur", "une coordinatrice")
    w.app.admit_amendment(second, actor=ACTOR)
    w.app.admit_amendment(first, actor=ACTOR)
    assembly = w.app.get_assembly(assembly_id)
    assert assembly.agenda == [str(first), str(second), str(w.proposal_id)]
    assert assembly.items == [str(w.proposal_id)]
    assert "Amendement" not in w.app.convocation_text(assembly_id)  # the convocation lists the items as convened


def test_a_second_convocation_carries_the_admitted_amendments(world: PoleWorld) -> None:
    w = world
    w.proposal_id = w.app.draft_proposal(w.pole_id, title="Budget 2026", text=TEXT, actor=ACTOR)
    first = w.app.convene_assembly(w.pole_id, kind="ordinary", held_at=HELD_AT, place="Crest", mode="hybrid",
                                   convocation="first", agenda=[w.proposal_id], actor=ACTOR)
    amendment = table(w, "usa1", "120 000 euros", "100 000 euros")
    w.app.admit_amendment(amendment, actor=ACTOR)
    w.app.open_session(first, actor=ACTOR)  # nobody came: no quorum
    w.app.close_session(first, actor=ACTOR)
    second = w.app.convene_assembly(w.pole_id, kind="ordinary", held_at=HELD_AT + timedelta(days=15), place="Crest",
                                    mode="hybrid", convocation="second", agenda=[w.proposal_id], actor=ACTOR,
                                    follows=first)
    assert w.app.get_assembly(second).agenda == [str(amendment), str(w.proposal_id)]
    assert w.app.get_proposal(amendment).assembly_id == str(second)
