"""The convening state (issue 20) reads the same from a snapshot as from its events: the pole's identity and
consents, an assembly's convocation, documents, correspondence forms (a secret one sealed) and incidents.
`collegia verify` compares the two (a snapshot whose state differs is reported as forged)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from governance.clock import frozen_time
from infrastructure.application import StoredCollegia

ACTOR = "secrétaire"
MEETING = datetime(2027, 1, 19, 17, 0, tzinfo=UTC)  # 18:00 in Paris


def replayed(app: Any, aggregate_id: Any) -> Any:
    aggregate = None
    for e in app.events.get(aggregate_id):
        aggregate = e.mutate(aggregate)
    return aggregate


def test_the_pole_and_assembly_snapshots_load_as_their_events_replayed() -> None:
    app = StoredCollegia(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    with frozen_time(datetime(2026, 11, 2, 9, tzinfo=UTC)):
        pole = app.found_pole(name="Pôle", territory="Drôme", legal_form="SCIC SA",
                              statutes={"model": "one_member_one_vote", "colleges": [],
                                        "remote_counts_as_present": True},
                              founders=[{"name": n, "kind": "person", "category": "employee"} for n in "ABC"],
                              actor=ACTOR)
        members = sorted(app.get_pole(pole).members)
        app.record_pole_identity(pole, actor=ACTOR, registered_office="1 place\n26150 Die", capital="variable",
                                 rcs_number="123 456 789", rcs_city="Romans-sur-Isère")
        app.give_convocation_consent(pole, members[0], channel="online", actor="a")
        app.give_convocation_consent(pole, members[1], channel="paper", given_on=date(2026, 11, 1), actor=ACTOR)
        app.withdraw_convocation_consent(pole, members[1], channel="online", actor="b")
        public = app.draft_proposal(pole, title="Comptes", text="Approuver.", actor=ACTOR)
        secret = app.draft_proposal(pole, title="Révocation", text="Révoquer.", secret=True, actor=ACTOR)
    with frozen_time(datetime(2027, 1, 4, 9, tzinfo=UTC)):
        assembly = app.convene_assembly(pole, kind="ordinary", held_at=MEETING, place="Die", mode="hybrid",
                                        convocation="first", agenda=[public, secret], actor=ACTOR)
        app.make_document_available(assembly, sha256=hashlib.sha256(b"comptes").hexdigest(), name="Comptes.pdf",
                                    size=7, media_type="application/pdf", actor=ACTOR)
        app.send_convocation(assembly, reachable=members, actor=ACTOR)
        app.record_posting(assembly, posted_on=date(2027, 1, 4), actor=ACTOR)
    with frozen_time(datetime(2027, 1, 10, 9, tzinfo=UTC)):
        app.record_correspondence_form(assembly, members[2], way="votes",
                                       choices={str(public): "against", str(secret): "for"}, channel="online",
                                       represented=[members[2]], actor="c")
    with frozen_time(MEETING):
        app.open_session(assembly, actor=ACTOR)
        app.record_attendance(assembly, members[0], "remote", actor=ACTOR)
        app.record_incident(assembly, started_at=MEETING, ended_at=None, description="Coupure", actor=ACTOR)
    for aggregate_id in (pole, assembly):
        app.take_snapshot(aggregate_id)
        (snapshot,) = app.snapshots.get(aggregate_id, desc=True, limit=1)  # decoded from its stored form
        assert vars(snapshot.mutate(None)) == vars(replayed(app, aggregate_id))
