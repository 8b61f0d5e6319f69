"""The deliberation read models on a real store (SQLite and PostgreSQL): a published proposal's comments (edited,
withdrawn, hidden), its amendments (admitted and adopted, rejected, lapsed), the text it was drafted with, the
debate's summary, an amendment on an assembly's agenda, and a rebuild that gives the same rows (issue 23)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from projections.queries import Queries
from tests.integration.helpers import dump_read_models

SECRETARY = "secretaire@pole.example"
TEXT = "Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur."
STATUTES = {"model": "scic", "colleges": [{"code": "salaries", "name": "Salariés", "share": "40%"},
                                          {"code": "usagers", "name": "Usagers", "share": "30%"},
                                          {"code": "collectivites", "name": "Collectivités", "share": "30%"}]}


def test_a_deliberation_is_read_and_rebuilt_alike(system):
    app = system.app
    pole = app.found_pole(name="Pôle Coop", territory="Drôme", legal_form="SCIC SAS", statutes=STATUTES,
                          strategy="Coopérer.", actor=SECRETARY)
    members = {}
    for name, college in (("ana", "salaries"), ("bob", "usagers"), ("cyd", "collectivites")):
        members[name] = app.request_membership(pole, name=name, kind="person", category="usager",
                                               representative="", actor=SECRETARY)
        app.admit_member(pole, members[name], decision="CA", actor=SECRETARY)
        app.assign_college(pole, members[name], college=college, reason="statuts", actor=SECRETARY)
    proposal = app.draft_proposal(pole, title="Budget 2026", text=TEXT, actor=SECRETARY)
    app.publish_for_discussion(proposal, actor=SECRETARY)
    first = app.post_comment(proposal, member_id=members["ana"], text="Trop cher ?", mentions=[str(members["bob"])],
                             actor="ana")
    app.post_comment(proposal, member_id=members["bob"], text="Non.", reply_to=first, actor="bob")
    app.edit_comment(proposal, first, text="Le montant est-il justifié ?", actor="ana")
    app.post_comment(proposal, member_id=members["cyd"], text="Hors sujet", actor="cyd")
    app.hide_comment(proposal, 3, reason="Hors sujet", actor=SECRETARY)
    adopted = app.table_amendment(proposal, member_id=members["bob"], passage="120 000 euros",
                                  wording="100 000 euros", motive="Prudence.", actor="bob")
    lapsed = app.table_amendment(proposal, member_id=members["cyd"], passage="120 000 euros", wording="90 000 euros",
                                 actor="cyd")
    rejected = app.table_amendment(proposal, member_id=members["ana"], passage="", wording="Et un local.",
                                   actor="ana")
    app.support_amendment(adopted, member_id=members["ana"], actor="ana")
    app.admit_amendment(adopted, actor=SECRETARY)
    app.admit_amendment(lapsed, actor=SECRETARY)
    app.reject_amendment(rejected, reason="Hors de l'objet", actor=SECRETARY)
    app.open_voting(adopted, closes_at=datetime.now(UTC) + timedelta(days=1), actor=SECRETARY)
    for name in ("ana", "bob", "cyd"):
        app.cast_ballot(adopted, members[name], "for", actor=name)
    app.close_voting(adopted, actor=SECRETARY)
    app.summarise_debate(proposal, summary="Le montant a été réduit.", actor=SECRETARY)

    queries = Queries(system.engine)
    row = queries.proposal(str(proposal))
    assert (row["published"], row["text"], row["original"], row["debate_summary"]) == (
        True, TEXT.replace("120 000", "100 000"), {"text": TEXT, "effect": None}, "Le montant a été réduit.")
    amendments = queries.amendments(str(proposal))
    assert [(a["amendment"]["number"], a["amendment"]["status"], a["status"], a["outcome"]) for a in amendments] == [
        (1, "admitted", "closed", "adopted"), (2, "lapsed", "withdrawn", None), (3, "rejected", "withdrawn", None)]
    assert amendments[0]["amendment"]["sponsors"] == [str(members["bob"]), str(members["ana"])]
    comments = queries.comments(str(proposal))
    assert [(c["number"], c["reply_to"], c["status"], c["text"], c["reason"]) for c in comments] == [
        (1, None, "posted", "Le montant est-il justifié ?", None), (2, 1, "posted", "Non.", None),
        (3, None, "hidden", "Hors sujet", "Hors sujet")]
    assert [h["text"] for h in comments[0]["history"]] == ["Trop cher ?"]
    assert comments[0]["mentions"] == [str(members["bob"])]
    assert [(d["id"], d["comments"]) for d in queries.discussions(str(pole))] == [(str(proposal), 3)]
    direct = app.draft_proposal(pole, title="Vote direct", text="Sans discussion préalable.", actor=SECRETARY)
    app.open_voting(direct, closes_at=datetime.now(UTC) + timedelta(days=1), actor=SECRETARY)
    app.post_comment(direct, member_id=members["ana"], text="Discuté pendant le vote.", actor="ana")
    assert {(d["id"], d["comments"]) for d in queries.discussions(str(pole))} == {(str(proposal), 3),
                                                                                  (str(direct), 1)}

    # An amendment admitted to an assembly's resolution joins its agenda, just before it.
    other = app.draft_proposal(pole, title="Comptes", text="Approuver les comptes.", actor=SECRETARY)
    held_at = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)
    assembly = app.convene_assembly(pole, kind="ordinary", held_at=held_at, place="Crest", mode="hybrid",
                                    convocation="first", agenda=[other], actor=SECRETARY)
    on_agenda = app.table_amendment(other, member_id=members["ana"], passage="les comptes", wording="les comptes 2025",
                                    actor="ana")
    app.admit_amendment(on_agenda, actor=SECRETARY)
    assert queries.assembly(str(assembly))["agenda"] == [str(on_agenda), str(other)]

    incremental = dump_read_models(system)
    system.projector.rebuild()
    assert dump_read_models(system) == incremental
