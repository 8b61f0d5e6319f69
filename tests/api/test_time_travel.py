"""As of a date, or just before any event, through the API."""

from __future__ import annotations


def statutes_event(app, pole_id, version):
    queries = app.extensions["collegia.queries"]
    return [a for a in queries.audit(pole_id=pole_id, limit=1000)
            if a["event_type"] == "StatutesAmended" and a["details"]["version"] == version][0]


def test_statutes_and_strategy_as_of_a_date(api_as, pole_id):
    api = api_as("member")
    assert [v["version"] for v in api.get(f"/poles/{pole_id}/statutes?as_of=2025-06-01").get_json()] == [1]
    assert [v["version"] for v in api.get(f"/poles/{pole_id}/statutes").get_json()] == [1, 2, 3]
    assert [v["version"] for v in api.get(f"/poles/{pole_id}/strategy?as_of=2025-06-01").get_json()] == [1]
    assert [v["version"] for v in api.get(f"/poles/{pole_id}/strategy").get_json()] == [1, 2]


def test_colleges_members_and_statutes_just_before_an_event(app, api_as, pole_id):
    api = api_as("member")
    event = statutes_event(app, pole_id, 2)["position"]
    before = api.get(f"/poles/{pole_id}/colleges?before_event={event}").get_json()
    after = api.get(f"/poles/{pole_id}/colleges?before_event={event + 1}").get_json()
    assert (before["statutes_version"], len(before["colleges"])) == (1, 3)
    assert (after["statutes_version"], len(after["colleges"])) == (2, 4)
    assert [v["version"] for v in api.get(f"/poles/{pole_id}/statutes?before_event={event}").get_json()] == [1]
    roster = api.get(f"/poles/{pole_id}/members?before_event={event}")
    assert roster.status_code == 200 and all(m["status"] == "admitted" for m in roster.get_json())


def test_an_unknown_or_foreign_event_is_a_404_and_a_bad_one_a_422(api_as, pole_id):
    api = api_as("member")
    assert api.get(f"/poles/{pole_id}/colleges?before_event=99999999").status_code == 404
    response = api.get(f"/poles/{pole_id}/colleges?before_event=zero")
    assert response.status_code in (400, 422) and "before_event" in str(response.get_json())
