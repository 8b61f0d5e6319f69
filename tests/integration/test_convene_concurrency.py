"""Simultaneous convocations of one draft: exactly one assembly gets it, the others are refused plainly.

Issue 15 point 9: four secretaries (or four clicks on the form) convening an assembly with the same
draft on its agenda at once each saved a new assembly and the draft's ScheduledForAssembly; the
losers' saves conflicted on the draft's version and surfaced as an eventsourcing IntegrityError
(a 500 on /poles/<id>/assemblies/new). Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from governance.errors import DomainError, ProposalRuleBroken
from projections.queries import Queries

CONVENERS = 4
HELD_AT = (datetime.now(UTC) + timedelta(days=30)).replace(hour=14, minute=0, second=0, microsecond=0)  # R225-69: 15 days at least
STATUTES = {"model": "scic", "colleges": [
    {"code": "a", "name": "Salariés", "share": "40%"},
    {"code": "b", "name": "Usagers", "share": "35%"},
    {"code": "c", "name": "Collectivités", "share": "25%"}]}


def test_four_simultaneous_convocations_of_one_draft(system):
    app = system.app
    pole = app.found_pole(name="Pôle test", territory="Ici", legal_form="SCIC", statutes=STATUTES, actor="admin")
    for i in range(3):
        member = app.request_membership(pole, name=f"Membre {i}", kind="person", category="beneficiary", actor="rep")
        app.admit_member(pole, member, decision="CA", actor="sec")
        app.assign_college(pole, member, college="abc"[i], reason="adhésion", actor="sec")
    draft = app.draft_proposal(pole, title="Rapport annuel", text="Approuver les comptes", actor="sec")
    others = [app.draft_proposal(pole, title=f"Autre {i}", text="Texte", actor="sec") for i in range(CONVENERS)]
    barrier = threading.Barrier(CONVENERS)
    won: list[object] = []
    refused: list[DomainError] = []
    crashed: list[BaseException] = []

    def convene(i: int) -> None:
        barrier.wait()
        try:
            won.append(app.convene_assembly(pole, kind="ordinary", held_at=HELD_AT, place=f"Salle {i}",
                                            mode="in_person", convocation="first", agenda=[draft, others[i]],
                                            actor=f"secretary {i}"))
        except DomainError as error:
            refused.append(error)
        except BaseException as error:  # an IntegrityError here was the 500
            crashed.append(error)

    threads = [threading.Thread(target=convene, args=(i,)) for i in range(CONVENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not crashed, [repr(e) for e in crashed]
    assert len(won) == 1 and len(refused) == CONVENERS - 1, [e.message for e in refused]
    assert all(isinstance(e, ProposalRuleBroken) and "already on an assembly's agenda" in e.message for e in refused)
    assert str(app.get_proposal(draft).assembly_id) == str(won[0])
    # The refused convocations stored nothing: one assembly, and the other drafts still free.
    assert len(Queries(system.engine).assemblies(str(pole))) == 1
    assert sum(app.get_proposal(p).assembly_id is not None for p in others) == 1
