"""General assemblies over the API (issue 26): an integrator convenes an assembly on drafts of the demo pole, sends its
convocation, records a paper form, attendance and a proxy, opens the session on the meeting day with the quorum
checked (3 of the 12 electors on first convocation: 1/5, rounded up), puts resolutions to the vote, records room
ballots, closes them with their outcome, and closes the session; every refusal names its rule and stores nothing."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any

from governance.clock import PARIS, frozen_time
from tests.api.conftest import assert_problem

NADIA = "Régie de quartier Fontbarlettes"  # represented by the "member" login
ELISE = "Communauté de communes du Val de Drôme"
IDENTITY = {"registered_office": "12 rue des Écoles\n26400 Crest", "capital": "variable", "rcs_number": "123 456 789",
            "rcs_city": "Romans-sur-Isère"}


def meeting(days: int = 20) -> datetime:
    return (datetime.now(PARIS) + timedelta(days=days)).replace(hour=18, minute=0, second=0, microsecond=0)


def draft(secretary: Any, pole_id: str, title: str, secret: bool = False) -> str:
    response = secretary.post(f"/poles/{pole_id}/proposals", json={"title": title, "text": f"{title}.",
                                                                   "kind": "ordinary", "secret": secret})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def convene(secretary: Any, pole_id: str, agenda: list[str], **extra: Any) -> Any:
    return secretary.post(f"/poles/{pole_id}/assemblies", json={
        "kind": "ordinary", "held_at": meeting().isoformat(), "place": "Salle des fêtes, Crest",
        "agenda": agenda, **extra})


def test_an_integrator_runs_a_whole_assembly_with_the_api_only(api_as, pole_id, demo, head):
    secretary, member = api_as("secretary"), api_as("member")
    nadia, elise = demo["members"][NADIA], demo["members"][ELISE]
    budget, charter = draft(secretary, pole_id, "Budget 2027"), draft(secretary, pole_id, "Charte", secret=True)
    base = f"/poles/{pole_id}/assemblies"

    before = head()
    assert_problem(convene(secretary, pole_id, [budget], colour="red"), 422, fields=("colour",))
    tomorrow = convene(secretary, pole_id, [budget], held_at=meeting(1).isoformat())
    assert "R225-69" in assert_problem(tomorrow, 422, rule="assembly")["detail"]
    assert head() == before

    created = convene(secretary, pole_id, [budget, charter])
    assert created.status_code == 201, created.get_json()
    a = created.get_json()
    url = f"{base}/{a['id']}"
    assert created.headers["Location"].endswith(f"/api/v1{url}")
    assert [(i["proposal_id"], i["resolution"], i["state"]) for i in a["items"]] == [
        (budget, 1, "pending"), (charter, 2, "pending")]
    # 12 electors; an ordinary resolution on first convocation needs a fifth of them: 12/5 = 2.4, so 3.
    assert a["electorate_size"] == 12 and a["status"] == "convened" and a["minutes"] is None
    assert a["quorum"] == [{"kind": "ordinary", "entitled": 12, "attending": 0, "quorum": "1/5", "needed": 3,
                            "reached": False, "colleges": [], "colleges_short": []}]
    assert a["id"] in [row["id"] for row in member.get(base).get_json()]
    assert member.get(url).get_json()["items"] == a["items"]  # members read it; they do not run it
    assert_problem(member.post(f"{url}/attendance", json={"member_id": nadia, "mode": "present"}), 403)

    # The convocation: the pole's identity first (R225-66), then sent once, with its fingerprint.
    assert secretary.put(f"/poles/{pole_id}/identity", json=IDENTITY).get_json()["missing"] == []
    preview = secretary.get(f"{url}/convocation").get_json()
    assert not preview["sent"] and len(preview["recipients"]) == 12 and "Budget 2027" in preview["text"]
    sent = secretary.post(f"{url}/convocation/send")
    assert sent.status_code == 200 and sent.get_json()["sent"] and len(sent.get_json()["sha256"]) == 64
    before = head()
    assert_problem(secretary.post(f"{url}/convocation/send"), 409, rule="assembly")
    assert head() == before

    # A document made available, base64 in JSON; the same again is a conflict.
    document = {"name": "budget.csv", "content": base64.b64encode(b"poste;montant\nlocal;1200\n").decode()}
    uploaded = secretary.post(f"{url}/documents", json=document)
    assert uploaded.status_code == 201, uploaded.get_json()
    assert uploaded.get_json()["media_type"] == "text/csv" and not uploaded.get_json()["late"]
    assert_problem(secretary.post(f"{url}/documents", json={**document, "content": "***"}), 422, fields=("content",))
    assert_problem(secretary.post(f"{url}/documents", json=document), 409, rule="assembly")

    # A paper form: the member it names votes by correspondence; its secret choice is in no answer.
    voter = next(m for name, m in demo["members"].items() if name not in (NADIA, ELISE)
                 and m in {r["member_id"] for r in preview["recipients"]})
    form = secretary.post(f"{url}/correspondence/paper", json={
        "member_id": voter, "received_on": datetime.now(PARIS).date().isoformat(),
        "choices": {budget: "for", charter: "against"}})
    assert form.status_code == 201, form.get_json()
    assert form.get_json()["status"] == "counted" and "against" not in form.get_data(as_text=True)
    assert "against" not in secretary.get(f"{url}/correspondence").get_data(as_text=True)

    # Nadia's representative gives her proxy to Élise; not Élise's, which is not theirs to give.
    assert_problem(member.post(f"{url}/proxies", json={"principal_id": elise, "holder_id": nadia}), 403)
    proxy = member.post(f"{url}/proxies", json={"principal_id": nadia, "holder_id": elise})
    assert proxy.status_code == 201 and proxy.get_json() == {"principal_id": nadia, "holder_id": elise,
                                                             "status": "active", "counted": False}

    with frozen_time(meeting().replace(hour=17)):  # the meeting day (the session opens on the day announced)
        assert secretary.post(f"{url}/open").get_json()["status"] == "in_session"
        # Only the form counts so far: 1 of 12, 3 needed; refused, nothing stored.
        before = head()
        refused = assert_problem(secretary.post(f"{url}/resolutions/{budget}/vote"), 422, rule="assembly")
        assert "1 of 12" in refused["detail"] and "3 needed on first convocation" in refused["detail"]
        assert head() == before
        sheet = secretary.post(f"{url}/attendance", json={"member_id": elise, "mode": "present"}).get_json()
        rows = {row["member_id"]: row for row in sheet["electors"]}
        assert (rows[elise]["attendance"], rows[nadia]["attendance"], rows[nadia]["represented_by"],
                rows[voter]["attendance"]) == ("present", "represented", elise, "correspondence")
        assert sheet["attending"] == 3 and sheet["quorum"][0]["reached"]
        assert member.get(f"{url}/proxies").get_json()[0]["counted"]
        incident = secretary.post(f"{url}/incidents", json={"started_at": datetime.now(PARIS).isoformat(),
                                                            "description": "Coupure du son pendant 2 minutes."})
        assert incident.status_code == 201 and incident.get_json()["ended_at"] is None

        voting = secretary.post(f"{url}/resolutions/{budget}/vote").get_json()
        assert voting["items"][0]["state"] == "voting"
        assert_problem(secretary.post(f"{url}/resolutions/{budget}/ballots", json={
            "ballots": [{"member_id": elise, "choice": "for", "colour": "red"}]}), 422, fields=("ballots.0.colour",))
        before = head()
        assert_problem(secretary.post(f"{url}/resolutions/{budget}/ballots", json={"ballots": [
            {"member_id": elise, "choice": "for"}, {"member_id": elise, "choice": "against"}]}), 422,
            fields=("ballots",))  # one member twice: refused whole, not the last one counted
        assert head() == before
        ballots = secretary.post(f"{url}/resolutions/{budget}/ballots", json={"ballots": [
            {"member_id": elise, "choice": "for"}, {"member_id": nadia, "choice": "for"}]})
        assert ballots.status_code == 201 and ballots.get_json() == {"proposal_id": budget, "recorded": 2}
        cast = {b["member_id"]: b for b in secretary.get(f"/poles/{pole_id}/proposals/{budget}/ballots").get_json()}
        assert set(cast) == {elise, nadia, voter} and cast[nadia]["proxy_holder"] == elise  # the form voted at once
        closed = secretary.post(f"{url}/resolutions/{budget}/close").get_json()
        assert (closed["items"][0]["state"], closed["items"][0]["outcome"]) == ("voted", "adopted")

        secretary.post(f"{url}/resolutions/{charter}/vote")
        before = head()
        assert_problem(secretary.post(f"{url}/resolutions/{charter}/ballots", json={
            "ballots": [{"member_id": elise, "choice": "for"}]}), 409, rule="voting")  # secret: each member votes
        assert_problem(secretary.post(f"{url}/close"), 422, rule="assembly")  # a resolution is being voted
        assert head() == before
        participation = secretary.get(f"/poles/{pole_id}/proposals/{charter}/ballots").get_json()
        assert [(b["member_id"], b["choice"]) for b in participation] == [(voter, None)]
        assert secretary.post(f"{url}/resolutions/{charter}/close").get_json()["items"][1]["state"] == "voted"
        done = secretary.post(f"{url}/close").get_json()

    assert done["status"] == "closed" and done["closed_at"] and done["incidents"][0]["description"].startswith("Coup")
    assert done["minutes"] == {"url": f"/api/v1{url}/minutes", "pdf_url": f"/api/v1{url}/minutes/pdf",
                               "page_url": f"/poles/{pole_id}/minutes/{a['id']}"}
    assert secretary.get(f"{url}/minutes").get_json()["signatures"] == []  # their state: the minutes' own answer
    assert done["convocation_sent"]["sha256"] == sent.get_json()["sha256"]
    assert "against" not in secretary.get(url).get_data(as_text=True)


def test_refusals_scoping_and_the_convocation_s_member_data(api_as, pole_id, demo, head):
    secretary, member, outsider = api_as("secretary"), api_as("member"), api_as("outsider")
    nadia, elise = demo["members"][NADIA], demo["members"][ELISE]
    agenda = [draft(secretary, pole_id, "Local partagé")]
    a = convene(secretary, pole_id, agenda, mode="in_person").get_json()
    url = f"/poles/{pole_id}/assemblies/{a['id']}"

    # Another pole's secretary: 403 on this pole, 404 for this assembly under their own pole.
    other = next(p["id"] for p in outsider.get("/poles").get_json() if p["id"] != pole_id)
    before = head()
    assert_problem(outsider.post(f"/poles/{pole_id}/assemblies", json={"kind": "ordinary"}), 403)
    assert_problem(outsider.get(url), 403)
    assert_problem(outsider.get(f"/poles/{other}/assemblies/{a['id']}"), 404)
    assert_problem(outsider.post(f"/poles/{other}/assemblies/{a['id']}/open"), 404)
    assert_problem(secretary.post(f"{url}/attendance", json={"member_id": nadia, "mode": "here", "late": True}),
                   422, fields=("mode", "late"))
    assert_problem(secretary.post(f"{url}/resolutions/{demo['open']}/vote"), 404)  # not on this agenda
    assert_problem(secretary.post(f"{url}/resolutions/{agenda[0]}/vote"), 422, rule="assembly")  # not in session
    assert head() == before

    # A member joins remotely for the organisation it represents; the secretary represents none.
    assert_problem(secretary.post(f"{url}/remote"), 403)
    joined = {r["member_id"]: r["attendance"] for r in member.post(f"{url}/remote").get_json()["electors"]}
    assert joined[nadia] == "remote" and joined[elise] == "absent"
    assert secretary.post(f"{url}/attendance", json={"member_id": nadia, "mode": "absent"}).status_code == 200
    # A proxy given, then revoked by the principal's representative; another's is not theirs to revoke.
    assert member.post(f"{url}/proxies", json={"principal_id": nadia, "holder_id": elise}).status_code == 201
    assert_problem(member.delete(f"{url}/proxies/{elise}"), 403)
    revoked = member.delete(f"{url}/proxies/{nadia}")
    assert revoked.status_code == 200 and revoked.get_json()["status"] == "revoked"
    before = head()
    assert_problem(member.delete(f"{url}/proxies/{nadia}"), 422, rule="proxy")
    assert head() == before

    # A member's consent to e-mail convocation (R225-63) on a signed form, and its postal address.
    consents = f"/poles/{pole_id}/members/{elise}/convocation-consents"
    day = datetime.now(PARIS).date().isoformat()
    state = secretary.get(consents).get_json()
    entry = "withdrawn" if state["email"] else "given"
    recorded = secretary.post(consents, json={"entry": entry, "on": day})
    assert recorded.status_code == 201 and recorded.get_json()["email"] is (entry == "given")
    assert recorded.get_json()["history"][-1] == {"entry": entry, "channel": "paper", "on": day}
    before = head()
    assert_problem(secretary.post(consents, json={"entry": entry, "on": day}), 409, rule="membership")
    assert_problem(member.get(consents), 403)
    assert head() == before
    address = f"/poles/{pole_id}/members/{elise}/postal-address"
    kept = secretary.put(address, json={"address": "  Mairie  \n\n26400   Crest "}).get_json()
    assert kept == {"member_id": elise, "address": "Mairie\n26400 Crest"} == secretary.get(address).get_json()
    assert_problem(secretary.put(address, json={"address": "\n".join("ligne"for _ in range(9))}), 422,
                   rule="postal_address")
    assert secretary.put(address, json={"address": ""}).get_json()["address"] == ""
