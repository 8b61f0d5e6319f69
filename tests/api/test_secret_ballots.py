"""Secret ballots: the API records that a member voted, never how, for anyone (the voter included)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

CHOICES = {"for", "against", "abstain"}


def choices_tied_to_members(value: Any) -> list[Any]:
    """Every object in a JSON document that names a member and carries a choice."""
    found = []
    if isinstance(value, dict):
        if "member_id" in value and value.get("choice") is not None:
            found.append(value)
        for item in value.values():
            found += choices_tied_to_members(item)
    elif isinstance(value, list):
        for item in value:
            found += choices_tied_to_members(item)
    return found


def about_the_proposal(api, pole_id: str, proposal_id: str) -> list[Any]:
    """Every response about one proposal, except its tally (per-college counts are published)."""
    base = f"/poles/{pole_id}/proposals/{proposal_id}"
    documents = [api.get(path).get_json() for path in (base, f"{base}/ballots", f"{base}/proxies")]
    for register in (f"/poles/{pole_id}/proposals?limit=200", f"/poles/{pole_id}/decisions?limit=200"):
        documents += [p for p in api.get(register).get_json()["items"] if p["id"] == proposal_id]
    events = api.get(f"/events?pole_id={pole_id}&aggregate_id={proposal_id}")
    if events.status_code == 200:  # secretaries
        documents.append(events.get_json())
    return documents


def test_the_demos_secret_vote_shows_participation_and_counts_never_choices(api_as, pole_id, demo):
    for who in ("secretary", "member", "voted_member"):
        api = api_as(who)
        ballots = api.get(f"/poles/{pole_id}/proposals/{demo['secret']}/ballots").get_json()
        assert len(ballots) == 8 and all(b["choice"] is None for b in ballots)
        for document in about_the_proposal(api, pole_id, demo["secret"]):
            assert choices_tied_to_members(document) == []
            assert '"choice": "' not in json.dumps(document)
    tally = api_as("member").get(f"/poles/{pole_id}/proposals/{demo['secret']}/tally").get_json()
    assert tally["secret"] and sum(c["votes_for"] for c in tally["tally"]["colleges"]) == 5


def test_the_event_log_holds_secret_ballots_only_sealed(api_as, pole_id, demo):
    events = api_as("secretary").get(f"/events?pole_id={pole_id}&aggregate_id={demo['secret']}").get_json()["events"]
    secret = [e for e in events if e["topic"].endswith(".SecretBallotCast")]
    assert len(secret) == 8
    assert all("choice" not in e["state"] and e["state"]["sealed"] for e in secret)
    assert not any(e["topic"].endswith(".BallotCast") for e in events)
    text = json.dumps(events)
    assert '"choice"' not in text


def test_a_secret_ballot_cast_through_the_api_is_never_echoed(api_as, pole_id, demo, app):
    secretary, nadia = api_as("secretary"), api_as("member")
    regie = demo["members"]["Régie de quartier Fontbarlettes"]
    proposal = secretary.post(f"/poles/{pole_id}/proposals", json={
        "title": "Élection du comité (bulletin secret)", "text": "Élire le comité.", "secret": True}).get_json()["id"]
    closes = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    assert secretary.post(f"/poles/{pole_id}/proposals/{proposal}/open", json={"closes_at": closes}).status_code == 200
    cast = nadia.post(f"/poles/{pole_id}/proposals/{proposal}/ballots", json={"member_id": regie, "choice": "against"})
    assert cast.status_code == 201 and cast.get_json()["choice"] is None
    for api in (secretary, nadia, api_as("admin")):
        for document in about_the_proposal(api, pole_id, proposal):
            assert choices_tied_to_members(document) == []
            assert "against" not in json.dumps(document)
    assert secretary.post(f"/poles/{pole_id}/proposals/{proposal}/close").status_code == 200
    tally = nadia.get(f"/poles/{pole_id}/proposals/{proposal}/tally").get_json()["tally"]
    salaries = next(c for c in tally["colleges"] if c["code"] == "salaries")
    assert (salaries["votes_against"], salaries["reveals_ballots"]) == (1, True)  # counts are published, flagged
    assert choices_tied_to_members(nadia.get(f"/poles/{pole_id}/proposals/{proposal}/ballots").get_json()) == []
