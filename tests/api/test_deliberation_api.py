"""Deliberation through the API (issue 23), over HTTP only: a draft published for discussion, comments and a reply,
an edit, a withdrawal, a hidden comment; two amendments tabled, one admitted, voted and adopted before its resolution
(whose text it changes), one rejected; the debate's summary; refusals by kind (403, 409, 422) that store nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.api.conftest import Api, assert_problem, small_pole

TEXT = "Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur."
COLLEGES = [{"code": "salaries", "name": "Salariés", "share": "40%"},
            {"code": "usagers", "name": "Usagers", "share": "30%"},
            {"code": "collectivites", "name": "Collectivités", "share": "30%"}]
MEMBERS = {"sal1": "salaries", "sal2": "salaries", "usa1": "usagers", "col1": "collectivites"}
COMMENT_KEYS = {"number", "reply_to", "member_id", "name", "text", "status", "reason", "mentions", "versions",
                "history", "posted_at", "changed_at", "mine"}
OPERATIONS = {"publish_for_discussion", "list_comments", "post_comment", "edit_comment", "withdraw_comment",
              "hide_comment", "list_discussions", "list_amendments", "table_amendment", "support_amendment",
              "admit_amendment", "reject_amendment", "summarise_debate"}


@pytest.fixture
def pole(app, api_as, accounts) -> dict[str, Any]:
    """A SCIC pole of four members, its secretary, a representative of all four (the voter) and one of sal2 only."""
    made = small_pole(app, api_as, accounts, name="Pôle du Diois", territory="Diois (26)", domain="diois.example",
                      colleges=COLLEGES, members=MEMBERS)
    pole_id, members, secretary, user = made["id"], made["members"], made["secretary"], made["user"]
    return {"id": pole_id, "members": members, "secretary": secretary,
            "voter": user("salle@diois.example", "member", *members.values()),
            "sal2": user("sal2@diois.example", "member", members["sal2"])}


def refused(response: Any, status: int, head: Any, before: int, **expected: Any) -> dict[str, Any]:
    """A refusal with its status (and rule, or fields), and nothing stored."""
    problem = assert_problem(response, status, **expected)
    assert head() == before
    return problem


def vote(secretary: Api, voter: Api, path: str, members: dict[str, str], choice: str = "for") -> dict[str, Any]:
    closes_at = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    opened = secretary.post(f"{path}/open", json={"closes_at": closes_at})
    assert opened.status_code == 200 and opened.get_json()["status"] == "open", opened.get_json()
    for member_id in members.values():
        assert voter.post(f"{path}/ballots", json={"member_id": member_id, "choice": choice}).status_code == 201
    closed = secretary.post(f"{path}/close")
    assert closed.status_code == 200, closed.get_json()
    return closed.get_json()


def test_a_deliberation_from_publication_to_the_amended_resolution(pole, head):
    pole_id, m, secretary, voter, sal2 = pole["id"], pole["members"], pole["secretary"], pole["voter"], pole["sal2"]
    base = f"/poles/{pole_id}"
    assert secretary.get(f"{base}/statutes").get_json()[-1]["statutes"]["amendment_sponsors"] == 1  # the default
    drafted = secretary.post(f"{base}/proposals", json={"title": "Budget 2026", "text": TEXT, "secret": True})
    assert drafted.status_code == 201 and drafted.get_json()["published"] is False
    p = f"{base}/proposals/{drafted.get_json()['id']}"
    comments = f"{p}/comments"

    # Before publication: no discussion (a member does not even see the draft), the secretary is refused (409).
    assert_problem(sal2.get(comments), 404)
    refused(secretary.post(comments, json={"text": "Trop tôt"}), 409, head, head(), rule="deliberation")
    published = secretary.post(f"{p}/publication")
    assert published.status_code == 200 and published.get_json()["published"] is True
    refused(secretary.post(f"{p}/publication"), 409, head, head(), rule="proposal")
    refused(secretary.put(p, json={"title": "Budget", "text": "Autre"}), 409, head, head(), rule="proposal")

    # Comments, a reply one level deep, an edit, a withdrawal, a hidden comment.
    first = sal2.post(comments, json={"member_id": m["sal2"], "text": "Le montant me semble élevé.",
                                      "mentions": [m["usa1"]]})
    assert first.status_code == 201 and first.headers["Location"].endswith(comments), first.get_json()
    assert {k: first.get_json()[k] for k in ("number", "member_id", "name", "status", "versions", "mine")} == {
        "number": 1, "member_id": m["sal2"], "name": "sal2", "status": "posted", "versions": 1, "mine": True}
    reply = voter.post(comments, json={"member_id": m["usa1"], "text": "Il couvre la coordination.", "reply_to": 1})
    assert (reply.status_code, reply.get_json()["reply_to"]) == (201, 1)
    refused(voter.post(comments, json={"member_id": m["col1"], "text": "Et encore", "reply_to": 2}), 422, head,
            head(), rule="deliberation")
    refused(voter.post(comments, json={"member_id": m["col1"], "text": "Et encore", "reply_to": 9}), 422, head,
            head(), rule="not_found")
    edited = sal2.call("PATCH", f"{comments}/1", json={"text": "Le montant est-il justifié ?"})
    assert edited.status_code == 200 and (edited.get_json()["versions"], edited.get_json()["text"]) == (
        2, "Le montant est-il justifié ?")
    refused(voter.call("PATCH", f"{comments}/1", json={"text": "Détourné"}), 422, head, head(), rule="deliberation")
    assert_problem(sal2.call("PATCH", f"{comments}/99", json={"text": "Rien"}), 404)
    withdrawn = voter.post(f"{comments}/2/withdrawal")
    assert withdrawn.status_code == 200 and (withdrawn.get_json()["status"], withdrawn.get_json()["text"]) == (
        "withdrawn", None)
    refused(voter.post(f"{comments}/2/withdrawal"), 409, head, head(), rule="deliberation")
    assert voter.post(comments, json={"member_id": m["col1"], "text": "Propos injurieux"}).status_code == 201
    assert_problem(voter.post(f"{comments}/3/hiding", json={"reason": "Injurieux"}), 403)
    hidden = secretary.post(f"{comments}/3/hiding", json={"reason": "Propos injurieux envers un membre"})
    assert hidden.status_code == 200 and (hidden.get_json()["text"], hidden.get_json()["reason"]) == (
        None, "Propos injurieux envers un membre")
    refused(secretary.post(f"{comments}/3/hiding", json={"reason": "Encore"}), 409, head, head(), rule="deliberation")
    for_the_pole = secretary.post(comments, json={"text": "Le conseil répond : oui."})
    assert for_the_pole.status_code == 201 and (for_the_pole.get_json()["member_id"], for_the_pole.get_json()["name"]) \
        == (None, None)

    # Amendments: one for a member the voter represents, another to reject, a sponsor.
    amendments = f"{p}/amendments"
    tabled = voter.post(amendments, json={"member_id": m["usa1"], "passage": "120 000 euros",
                                          "wording": "100 000 euros", "motive": "Plus prudent."})
    assert tabled.status_code == 201, tabled.get_json()
    amendment = tabled.get_json()
    a = f"{base}/proposals/{amendment['id']}"
    assert tabled.headers["Location"].endswith(a)
    assert (amendment["amends"], amendment["title"], amendment["secret"], amendment["text"]) == (
        drafted.get_json()["id"], "Amendement n° 1 : Budget 2026", True, TEXT.replace("120 000", "100 000"))
    assert secretary.get(a).get_json()["amendment"] == {
        "number": 1, "passage": "120 000 euros", "wording": "100 000 euros", "effect_changed": False,
        "motive": "Plus prudent.", "sponsors": [m["usa1"]], "status": "tabled", "reason": None}
    other = voter.post(amendments, json={"member_id": m["col1"], "wording": "Il loue un local."}).get_json()
    sponsored = sal2.post(f"{base}/amendments/{amendment['id']}/sponsors", json={"member_id": m["sal2"]})
    assert sponsored.status_code == 201 and sponsored.get_json()["amendment"]["sponsors"] == [m["usa1"], m["sal2"]]
    assert [x["amendment"]["number"] for x in sal2.get(amendments).get_json()] == [1, 2]  # members read them
    refused(secretary.post(f"{p}/open", json={"closes_at": (datetime.now(UTC) + timedelta(days=7)).isoformat()}),
            409, head, head(), rule="deliberation")  # its amendments are voted first
    refused(secretary.post(f"{base}/amendments/{other['id']}/rejection", json={}), 422, head, head(),
            fields=("reason",))
    rejected = secretary.post(f"{base}/amendments/{other['id']}/rejection", json={"reason": "Hors de l'objet"})
    assert (rejected.get_json()["status"], rejected.get_json()["amendment"]["status"],
            rejected.get_json()["amendment"]["reason"]) == ("withdrawn", "rejected", "Hors de l'objet")
    refused(secretary.post(f"{base}/amendments/{other['id']}/admission"), 409, head, head(), rule="deliberation")
    admitted = secretary.post(f"{base}/amendments/{amendment['id']}/admission", json={"reason": "Dans l'objet"})
    assert admitted.status_code == 200 and admitted.get_json()["amendment"]["status"] == "admitted"
    listed = voter.get(f"{base}/discussions").get_json()
    assert [(d["id"], d["comments"]) for d in listed] == [(drafted.get_json()["id"], 4)]

    # The amendment is voted (secretly, as its resolution), adopted, and changes the text put to the final vote.
    assert vote(secretary, voter, a, m)["outcome"] == "adopted"
    resolution = secretary.get(p).get_json()
    assert (resolution["text"], resolution["original"]) == (TEXT.replace("120 000", "100 000"),
                                                            {"text": TEXT, "effect": None})
    summary = secretary.put(f"{p}/debate-summary", json={"summary": "Le montant a été réduit par amendement."})
    assert summary.status_code == 200 and summary.get_json()["debate_summary"] == \
        "Le montant a été réduit par amendement."
    refused(secretary.put(f"{p}/debate-summary", json={"summary": "Le montant a été réduit par amendement."}), 409,
            head, head(), rule="deliberation")
    assert vote(secretary, voter, p, m)["outcome"] == "adopted"
    assert voter.get(f"{base}/discussions").get_json() == []

    # The thread as a member reads it: withdrawn and hidden comments keep their place, not their text; no ballot.
    thread = sal2.get(comments).get_json()
    assert all(set(c) == COMMENT_KEYS for c in thread)
    assert [(c["number"], c["reply_to"], c["status"], c["text"], c["reason"], c["versions"], c["mine"])
            for c in thread] == [
        (1, None, "posted", "Le montant est-il justifié ?", None, 2, True), (2, 1, "withdrawn", None, None, 1, False),
        (3, None, "hidden", None, "Propos injurieux envers un membre", 1, False),
        (4, None, "posted", "Le conseil répond : oui.", None, 1, False)]
    assert thread[0]["mentions"] == [m["usa1"]]
    assert [h["text"] for h in thread[0]["history"]] == ["Le montant me semble élevé."]  # what was said when
    assert thread[1]["history"] == [] and thread[2]["history"] == []
    refused(sal2.post(comments, json={"member_id": m["sal2"], "text": "Après le vote"}), 409, head, head(),
            rule="deliberation")


def test_a_representative_speaks_only_for_its_members_and_unknown_fields_are_named(pole, head):
    pole_id, m, secretary, voter, sal2 = pole["id"], pole["members"], pole["secretary"], pole["voter"], pole["sal2"]
    base = f"/poles/{pole_id}"
    proposal_id = secretary.post(f"{base}/proposals", json={"title": "Budget", "text": TEXT}).get_json()["id"]
    p = f"{base}/proposals/{proposal_id}"
    secretary.post(f"{p}/publication")
    before = head()
    refused(sal2.post(f"{p}/comments", json={"member_id": m["sal1"], "text": "Usurpé"}), 403, head, before,
            rule="not_permitted")
    refused(sal2.post(f"{p}/comments", json={"text": "Pour le pôle"}), 403, head, before)
    refused(sal2.post(f"{p}/amendments", json={"member_id": m["sal1"], "passage": "120 000", "wording": "1"}), 403,
            head, before, rule="not_permitted")
    refused(secretary.post(f"{p}/amendments", json={"member_id": m["sal1"], "passage": "120 000", "wording": "1"}),
            403, head, before, rule="not_permitted")  # a secretary tables nothing for a member it does not represent
    problem = refused(sal2.post(f"{p}/comments", json={"member_id": m["sal2"], "text": "Bonjour", "colour": "red",
                                                       "ballot": "for"}), 422, head, before, fields=("colour", "ballot"))
    assert problem["type"].endswith("#problem-validation")
    refused(voter.post(f"{p}/amendments", json={"member_id": m["sal1"], "wording": "Et plus.", "votes": 3}), 422,
            head, before, fields=("votes",))
    refused(voter.post(f"{p}/amendments", json={"member_id": m["sal1"], "passage": "150 000", "wording": "1"}), 422,
            head, before, rule="deliberation")  # the passage is not in the text
    refused(secretary.put(f"{p}/debate-summary", json={"summary": "x", "author": "moi"}), 422, head, before,
            fields=("author",))
    refused(api_statutes(secretary, pole_id, 0), 422, head, before, fields=("effect.statutes.amendment_sponsors",))
    assert_problem(sal2.post(f"{base}/amendments/{proposal_id}/admission"), 403)  # a secretary's command
    assert_problem(secretary.post(f"{base}/amendments/{proposal_id}/admission"), 404)  # not an amendment


def api_statutes(secretary: Api, pole_id: str, sponsors: int) -> Any:
    """A draft amending the statutes to require `sponsors` sponsors per amendment."""
    return secretary.post(f"/poles/{pole_id}/proposals", json={
        "title": "Statuts", "text": "Parrainages.", "kind": "extraordinary",
        "effect": {"type": "amend_statutes", "statutes": {"model": "scic", "colleges": COLLEGES,
                                                          "amendment_sponsors": sponsors}}})


def test_the_openapi_document_lists_every_deliberation_operation(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    found = {op["operationId"]: op for methods in spec["paths"].values() for op in methods.values()}
    assert OPERATIONS <= set(found)
    assert all(found[name]["tags"] == ["Deliberation"] for name in OPERATIONS)
    assert spec["components"]["schemas"]["CommentPost"]["additionalProperties"] is False
    statutes = spec["components"]["schemas"]["Statutes"]["properties"]["amendment_sponsors"]
    assert (statutes["minimum"], statutes["maximum"], statutes["default"]) == (1, 100, 1)
    assert {"published", "amends", "amendment", "original", "debate_summary"} <= set(
        spec["components"]["schemas"]["Proposal"]["properties"])
