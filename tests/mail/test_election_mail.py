"""An election's result mail names the elected and their seats, not the colleges' for and against of a resolution
(issue 21)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.mail.conftest import ACTOR, THREE_COLLEGES, copy_pole, deliver
from tools.smtp_sink import SmtpSink


def test_the_result_of_an_election_names_the_elected_and_their_seats(pole_template, tmp_path):
    pole = copy_pole(pole_template, tmp_path / "store")
    app, planner = pole.app, pole.planner()
    board = {**THREE_COLLEGES, "board": {"seats": 3, "reserved": {"a": 1}, "term_years": 3}}
    amendment = app.draft_proposal(pole.pole, title="Un conseil", text="Instituer le conseil.", kind="extraordinary",
                                   effect={"type": "amend_statutes", "statutes": board}, actor=ACTOR)
    app.open_voting(amendment, closes_at=datetime.now(UTC) + timedelta(days=1), actor=ACTOR)
    for name in pole.members:
        if name != "zeta":
            pole.vote(amendment, name, "for")
    assert app.close_voting(amendment, actor=ACTOR).outcome == "adopted"
    election = app.draft_election(pole.pole, title="Élection du conseil", text="Deux sièges.", seats=2, actor=ACTOR)
    for name in ("alpha", "gamma"):
        app.declare_candidate(election, pole.members[name], actor=ACTOR)
    app.open_voting(election, closes_at=datetime.now(UTC) + timedelta(days=1), actor=ACTOR)
    ballots = {"alpha": "ff", "beta": "fa", "gamma": "ff", "delta": "af"}
    for name, ballot in ballots.items():
        pole.vote(election, name, ballot)
    app.close_voting(election, actor=ACTOR)
    planner.catch_up()
    with SmtpSink() as sink:
        deliver(pole.sender(sink))
        received = list(sink.received)
    pole.system.close()
    results = [m for m in received if "Élection du conseil (élection faite)" in m.subject]
    assert results, [m.subject for m in received]
    text = results[0].text
    assert "Élu·es :" in text
    assert "- Alice Arnaud (Régie Alpha) : siège réservé au collège Salariés" in text
    assert "- Chloé Colin (Asso Gamma) : siège ouvert" in text
    assert " pour, " not in text  # no college's for / against: an election's ballots are not a resolution's
