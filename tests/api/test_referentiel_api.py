"""The PTCE référentiel, assessment campaigns and regional networks through the API (issue 24), over HTTP only: a
version of the pole's own, a campaign opened, answered (and answered again), closed, its results checked by hand, a
strategy revision drafted from it; unknown fields refused by name; answers that are not shared stay the respondent's
(even the secretary gets 403); a network's coordinator reads its network only, and no pole."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from demo.referentiel import NETWORK_ID
from governance import clock
from governance.referentiel import SEED
from tests.api.conftest import assert_problem, small_pole
from web.networks.store import Networks

COLLEGES = [{"code": "salaries", "name": "Salariés", "share": "50%"},
            {"code": "usagers", "name": "Usagers", "share": "50%"}]
MEMBERS = {"sal1": "salaries", "sal2": "salaries", "usa1": "usagers"}
SECRET = "Notre lieu reste mal connu du quartier"  # a justification: never shown before the close but to its author
OPERATIONS = {"get_referentiel", "adopt_referentiel", "list_campaigns", "open_campaign", "get_campaign",
              "answer_campaign", "get_own_answers", "list_campaign_answers", "close_campaign", "get_campaign_results",
              "export_campaign_results", "draft_strategy_revision", "list_networks", "get_network", "export_network"}


@pytest.fixture
def pole(app, api_as, accounts) -> dict[str, Any]:
    """A SCIC pole of three members in two colleges, its secretary, the representative of sal1 and the one of sal2
    and usa1."""
    made = small_pole(app, api_as, accounts, name="Pôle de la Vallée", territory="Vallée (26)", domain="vallee.example",
                      colleges=COLLEGES, members=MEMBERS)
    pole_id, members, secretary, user = made["id"], made["members"], made["secretary"], made["user"]
    return {"id": pole_id, "members": members, "secretary": secretary, "user": user,
            "sal1": user("sal1@vallee.example", "member", members["sal1"]),
            "others": user("autres@vallee.example", "member", members["sal2"], members["usa1"])}


def refused(response: Any, status: int, head: Any, before: int, **expected: Any) -> dict[str, Any]:
    """A refusal with its status (and rule, or fields), and nothing stored."""
    problem = assert_problem(response, status, **expected)
    assert head() == before
    return problem


def rate(importance: int | None, achievement: int | None, why: str = "") -> dict[str, Any]:
    return {"importance": importance, "achievement": achievement, "justification": why}


def opening(**extra: Any) -> dict[str, Any]:
    today = clock.today()
    return {"title": "Auto-évaluation 2026", "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=14)).isoformat(), **extra}


def test_every_operation_is_registered_and_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    ids = {op["operationId"] for methods in spec["paths"].values() for op in methods.values()}
    assert OPERATIONS <= ids
    assert {"Référentiel and campaigns", "Networks"} <= {t["name"] for t in spec["tags"]}
    answers = spec["paths"]["/api/v1/poles/{pole_id}/campaigns/{campaign_id}/answers/{respondent}"]
    assert {"put", "get"} <= set(answers)
    assert spec["components"]["schemas"]["CampaignOpen"]["additionalProperties"] is False


def test_a_campaign_from_the_referentiel_to_a_strategy_revision(pole, head, api_as):
    pole_id, m, secretary, sal1, others = pole["id"], pole["members"], pole["secretary"], pole["sal1"], pole["others"]
    base = f"/poles/{pole_id}"

    # The référentiel: the seed, then a version of the pole's own (an indicator added, a 5-point achievement scale).
    seed = sal1.get(f"{base}/referentiel")
    assert seed.status_code == 200 and (seed.get_json()["version"], seed.get_json()["latest"]) == (1, 1)
    assert [o["id"] for g in seed.get_json()["generals"] for o in g["objectives"]] == list("abcdefghi")
    own = {k: v for k, v in SEED.to_dict().items() if k != "version"}
    own["generals"][2]["objectives"][2]["indicators"].append(
        {"id": "i3", "wording": "Mesurer l'empreinte environnementale des activités"})
    own["achievement"] = {"points": 5, "labels": ["", "", "", "", "atteint"]}
    refused(sal1.post(f"{base}/referentiel/versions", json=own), 403, head, head())
    adopted = secretary.post(f"{base}/referentiel/versions", json=own)
    assert adopted.status_code == 201, adopted.get_json()
    assert (adopted.get_json()["version"], adopted.get_json()["achievement"]["points"]) == (2, 5)
    assert adopted.headers["Location"].endswith(f"{base}/referentiel?version=2")
    refused(secretary.post(f"{base}/referentiel/versions", json=own), 409, head, head(), rule="assessment")
    assert sal1.get(f"{base}/referentiel").get_json()["version"] == 2
    assert sal1.get(f"{base}/referentiel?version=1").get_json()["version"] == 1
    assert_problem(sal1.get(f"{base}/referentiel?version=3"), 404)

    # Opening: the secretary's; unknown fields refused by name; every field answered.
    refused(sal1.post(f"{base}/campaigns", json=opening()), 403, head, head())
    refused(secretary.post(f"{base}/campaigns", json=opening(colour="bleu")), 422, head, head(), fields=("colour",))
    refused(secretary.post(f"{base}/campaigns", json=opening(closes_on="2020-01-01")), 422, head, head(),
            rule="assessment")
    opened = secretary.post(f"{base}/campaigns", json=opening(version=2))
    assert opened.status_code == 201, opened.get_json()
    c = opened.get_json()
    assert {k: c[k] for k in ("title", "referentiel_version", "mode", "individual_shared", "status", "answering",
                              "invited", "answered")} == {
        "title": "Auto-évaluation 2026", "referentiel_version": 2, "mode": "members", "individual_shared": False,
        "status": "open", "answering": True, "invited": 3, "answered": 0}
    assert c["opens_on"] == clock.today().isoformat() and c["referentiel"]["achievement"]["points"] == 5
    assert {(r["name"], r["college"], r["answered_at"]) for r in c["participation"]} == {
        ("sal1", "salaries", None), ("sal2", "salaries", None), ("usa1", "usagers", None)}
    assert c["mine"] == []  # the secretary answers for nobody
    path = f"{base}/campaigns/{c['id']}"
    assert opened.headers["Location"].endswith(path)
    listed = sal1.get(f"{base}/campaigns")
    assert listed.status_code == 200 and [x["id"] for x in listed.get_json()] == [c["id"]]
    mine = sal1.get(path).get_json()
    assert [r["respondent"] for r in mine["mine"]] == [m["sal1"]] and mine["participation"] is None

    # Answers: each respondent's own; the representative of sal2 and usa1 answers for both, and sal2 answers again.
    refused(sal1.put(f"{path}/answers/{m['sal2']}", json={"answers": {"a1": rate(1, 1)}}), 403, head, head(),
            rule="not_permitted")
    refused(secretary.put(f"{path}/answers/{m['sal1']}", json={"answers": {"a1": rate(1, 1)}}), 403, head, head(),
            rule="not_permitted")
    problem = refused(sal1.put(f"{path}/answers/{m['sal1']}", json={"answers": {"a1": {"importance": 6,
                                                                                       "colour": "x"}}}),
                      422, head, head(), fields=("answers.a1.colour",))
    assert problem["errors"]["answers.a1.colour"] == ["Unknown field."]
    problem = refused(sal1.put(f"{path}/answers/{m['sal1']}", json={"answers": {"z9": rate(6, 1)}}), 422, head,
                      head(), rule="invalid_input")
    assert "z9" in problem["detail"]
    refused(sal1.put(f"{path}/answers/{m['sal1']}", json={"answers": {"a1": rate(6, 6)}}), 422, head, head(),
            rule="invalid_input")  # the achievement scale of version 2 has 5 points
    given = sal1.put(f"{path}/answers/{m['sal1']}", json={"answers": {"a1": rate(6, 2, SECRET), "i3": rate(5, 1)}})
    assert given.status_code == 200, given.get_json()
    assert given.get_json()["answers"] == {"a1": rate(6, 2, SECRET), "i3": rate(5, 1)}
    assert others.put(f"{path}/answers/{m['sal2']}", json={"answers": {"a1": rate(4, 1)}}).status_code == 200
    assert others.put(f"{path}/answers/{m['usa1']}", json={"answers": {"a1": rate(3, 4)}}).status_code == 200
    again = others.put(f"{path}/answers/{m['sal2']}", json={"answers": {"a1": rate(5, 1)}})  # replaces 4, 1
    assert again.status_code == 200 and again.get_json()["answers"] == {"a1": rate(5, 1)}

    # Sealed answers: back to their respondent only; the secretary, an admin, another member get 403.
    back = sal1.get(f"{path}/answers/{m['sal1']}")
    assert back.status_code == 200 and back.get_json()["answers"]["a1"] == rate(6, 2, SECRET)
    assert back.get_json()["answered_at"]
    for reader in (secretary, others, api_as("admin")):
        assert_problem(reader.get(f"{path}/answers/{m['sal1']}"), 403, rule="not_permitted")
    assert_problem(secretary.get(f"{path}/answers"), 403, rule="not_permitted")
    refused(sal1.put(f"{path}/answers/personne", json={"answers": {"a1": rate(1, 1)}}), 403, head, head(),
            rule="not_permitted")
    seen = secretary.get(path).get_json()
    assert seen["answered"] == 3 and all(r["answered_at"] for r in seen["participation"])
    assert {r["name"]: r["changes"] for r in seen["participation"]} == {"sal1": 0, "sal2": 1, "usa1": 0}
    log = api_as("admin").get("/events?after=0&limit=1000").get_json()
    for text in (json.dumps(seen), json.dumps(log), json.dumps(sal1.get(f"{base}/campaigns").get_json())):
        assert SECRET not in text

    # Results only after the close, which is the secretary's.
    refused(sal1.get(f"{path}/results"), 409, head, head(), rule="assessment")
    assert_problem(sal1.get(f"{path}/results.csv"), 409, rule="assessment")
    refused(sal1.post(f"{path}/close"), 403, head, head())
    refused(secretary.post(f"{path}/revisions", json={"objective": "a", "title": "Révision", "text": "Texte."}), 409,
            head, head(), rule="assessment")
    closed = secretary.post(f"{path}/close")
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed", closed.get_json()
    refused(secretary.post(f"{path}/close"), 409, head, head(), rule="assessment")
    refused(sal1.put(f"{path}/answers/{m['sal1']}", json={"answers": {"a1": rate(1, 1)}}), 409, head, head(),
            rule="assessment")
    assert sal1.get(f"{path}/answers/{m['sal1']}").get_json()["answers"] == {}  # frozen in the results now

    results = sal1.get(f"{path}/results")
    assert results.status_code == 200, results.get_json()
    r = results.get_json()
    a1 = r["overall"]["indicators"]["a1"]
    # a1 importance 6, 5, 3 → median 5, mean 14/3; achievement 2, 1, 4 → median 2, mean 7/3
    assert (a1["importance"]["median"], a1["importance"]["mean"]) == ("5", "14/3")
    assert (a1["achievement"]["median"], a1["achievement"]["mean"]) == ("2", "7/3")
    assert a1["importance"]["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1, "6": 1}
    assert a1["achievement"]["distribution"] == {"1": 1, "2": 1, "3": 0, "4": 1, "5": 0}
    assert r["overall"]["respondents"] == 3 and r["invited"] == 3
    colleges = {g["code"]: g for g in r["colleges"]}
    assert set(colleges) == {"salaries", "usagers"} and colleges["salaries"]["name"] == "Salariés"
    salaries = colleges["salaries"]["indicators"]["a1"]
    # salariés: importance 6, 5 → median 11/2; achievement 2, 1 → median 3/2
    assert (salaries["importance"]["median"], salaries["importance"]["mean"]) == ("11/2", "11/2")
    assert salaries["achievement"]["median"] == "3/2" and not salaries["importance"]["reveals"]
    usagers = colleges["usagers"]["indicators"]["a1"]
    assert usagers["importance"]["median"] == "3" and usagers["importance"]["reveals"]  # one respondent
    # objective a pools a1, a2, a3: importance 6, 5, 3 only
    assert r["overall"]["objectives"]["a"]["importance"]["median"] == "5"
    # objective i (i1, i2, i3): sal1's i3 only; the gaps, widest first: i3 (5-1)/5 - 0 = 4/5 ...
    assert r["overall"]["objectives"]["i"]["importance"]["n"] == 1
    assert r["overall"]["gaps"][0] == {"indicator": "i3", "gap": "4/5", "importance": "5", "achievement": "1"}
    # a1: importance (14/3 - 1) / 5 = 11/15; achievement (7/3 - 1) / 4 = 1/3 → gap 2/5
    assert r["overall"]["gaps"][1] == {"indicator": "a1", "gap": "2/5", "importance": "14/3", "achievement": "7/3"}
    assert r["justifications"] == {"a1": [SECRET]}

    exported = sal1.get(f"{path}/results.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    line = next(x for x in rows if (x["college"], x["level"], x["id"], x["scale"]) == ("", "indicator", "a1",
                                                                                       "importance"))
    assert (line["n"], line["median"], line["mean"], line["rated_6"]) == ("3", "5.00", "4.67", "1")
    assert any(x["college"] == "salaries" and x["id"] == "a1" and x["median"] == "5.50" for x in rows)

    # A strategy revision drafted from objective a: a draft proposal, linked to the campaign.
    refused(sal1.post(f"{path}/revisions", json={"objective": "a", "title": "R", "text": "T"}), 403, head, head())
    refused(secretary.post(f"{path}/revisions", json={"objective": "z", "title": "R", "text": "T"}), 422, head,
            head(), rule="invalid_input")
    refused(secretary.post(f"{path}/revisions", json={"objective": "a", "title": "R", "text": "T", "why": "x"}), 422,
            head, head(), fields=("why",))
    drafted = secretary.post(f"{path}/revisions", json={
        "objective": "a", "title": "Ancrer le pôle dans son territoire", "text": "Le pôle ouvre un lieu au public."})
    assert drafted.status_code == 201, drafted.get_json()
    proposal_id = drafted.get_json()["proposal_id"]
    assert drafted.get_json() == {"proposal_id": proposal_id, "objective": "a",
                                  "title": "Ancrer le pôle dans son territoire", "status": "draft"}
    proposal = secretary.get(f"{base}/proposals/{proposal_id}").get_json()
    assert proposal["effect"] == {"type": "revise_strategy", "text": "Le pôle ouvre un lieu au public."}
    assert secretary.get(path).get_json()["revisions"] == [drafted.get_json()]


def test_unknown_fields_of_a_referentiel_are_refused_by_name(pole, head):
    own = {k: v for k, v in SEED.to_dict().items() if k != "version"}
    own["generals"][0]["objectives"][0]["indicators"][0]["colour"] = "vert"
    problem = refused(pole["secretary"].post(f"/poles/{pole['id']}/referentiel/versions",
                                             json={**own, "version": 7}), 422, head, head(),
                      fields=("version", "generals.0.objectives.0.indicators.0.colour"))
    assert problem["errors"]["version"] == ["Unknown field."]
    del own["generals"][0]["objectives"][0]["indicators"][0]["colour"]
    own["generals"][1]["objectives"][0]["id"] = "a"  # used twice
    refused(pole["secretary"].post(f"/poles/{pole['id']}/referentiel/versions", json=own), 422, head, head(),
            rule="assessment")


def test_shared_answers_are_read_by_the_secretary_only(pole, head, api_as):
    pole_id, m, secretary, sal1, others = pole["id"], pole["members"], pole["secretary"], pole["sal1"], pole["others"]
    opened = secretary.post(f"/poles/{pole_id}/campaigns", json=opening(individual_shared=True))
    assert opened.status_code == 201 and opened.get_json()["individual_shared"] is True
    path = f"/poles/{pole_id}/campaigns/{opened.get_json()['id']}"
    assert sal1.put(f"{path}/answers/{m['sal1']}", json={"answers": {"a1": rate(6, 2, "Vu")}}).status_code == 200
    listed = secretary.get(f"{path}/answers")
    assert listed.status_code == 200, listed.get_json()
    assert [(a["respondent"], a["name"], a["college"], a["answers"]) for a in listed.get_json()] == [
        (m["sal1"], "sal1", "salaries", {"a1": rate(6, 2, "Vu")})]
    assert secretary.get(f"{path}/answers/{m['sal1']}").get_json()["answers"] == {"a1": rate(6, 2, "Vu")}
    # shared with the secretaries, not with the other members nor the admins
    assert_problem(others.get(f"{path}/answers/{m['sal1']}"), 403, rule="not_permitted")
    assert_problem(others.get(f"{path}/answers"), 403)
    assert_problem(api_as("admin").get(f"{path}/answers"), 403)
    # another pole's campaign is a 404, an unknown one too
    assert_problem(secretary.get(f"/poles/{pole_id}/campaigns/{pole_id}"), 404)
    assert_problem(api_as("secretary").get(f"/poles/{pole_id}/campaigns/{opened.get_json()['id']}"), 403)


def test_named_people_answer_for_themselves(pole, head):
    pole_id, secretary = pole["id"], pole["secretary"]
    partner = pole["user"]("partenaire@ailleurs.example", None)  # no role in the pole
    pole["user"]("elu@mairie.example", None)
    named = [{"id": "Partenaire@Ailleurs.example", "college": "usagers"}, {"id": "elu@mairie.example"}]
    refused(secretary.post(f"/poles/{pole_id}/campaigns", json=opening(mode="people", people=[
        {"id": "elu@mairie.example", "college": "nulle-part"}])), 422, head, head(), rule="assessment")
    refused(secretary.post(f"/poles/{pole_id}/campaigns", json=opening(mode="people", people=[
        {"id": "elu@mairie.example", "role": "élu"}])), 422, head, head(), fields=("people.0.role",))
    refused(secretary.post(f"/poles/{pole_id}/campaigns", json=opening(mode="people", people=[
        {"id": "elu@mairie.example"}, {"id": "inconnu@nulle-part.example"}])), 422, head, head(),
            fields=("people.1.id",))
    opened = secretary.post(f"/poles/{pole_id}/campaigns", json=opening(mode="people", people=named))
    assert opened.status_code == 201, opened.get_json()
    assert [(r["respondent"], r["college"]) for r in opened.get_json()["participation"]] == [
        ("partenaire <partenaire@ailleurs.example>", "usagers"), ("elu <elu@mairie.example>", "")]
    path = f"/poles/{pole_id}/campaigns/{opened.get_json()['id']}"
    seen = partner.get(path)
    assert seen.status_code == 200 and [r["respondent"] for r in seen.get_json()["mine"]] == [
        "partenaire <partenaire@ailleurs.example>"]
    given = partner.put(f"{path}/answers/partenaire@ailleurs.example", json={"answers": {"b1": rate(4, 3)}})
    assert given.status_code == 200, given.get_json()
    assert (given.get_json()["respondent"], given.get_json()["college"]) == (
        "partenaire <partenaire@ailleurs.example>", "usagers")
    back = partner.get(f"{path}/answers/partenaire <partenaire@ailleurs.example>")
    assert back.status_code == 200 and back.get_json()["answers"] == {"b1": rate(4, 3)}
    refused(partner.put(f"{path}/answers/elu@mairie.example", json={"answers": {"b1": rate(4, 3)}}), 403, head,
            head(), rule="not_permitted")
    assert_problem(pole["sal1"].get(f"{path}/answers/partenaire@ailleurs.example"), 403, rule="not_permitted")
    assert_problem(secretary.get(f"{path}/answers/partenaire@ailleurs.example"), 403, rule="not_permitted")
    assert_problem(partner.get(f"/poles/{pole_id}/campaigns"), 403)  # named in a campaign, not a reader of the pole


def test_a_coordinator_reads_its_network_and_nothing_else(pole, app, accounts, api_as, head):
    pole_id, m, secretary = pole["id"], pole["members"], pole["secretary"]
    store = Networks(accounts.engine)
    network = store.declare("Réseau des PTCE de la Drôme", "La cellule régionale")
    other = store.declare("Réseau voisin")
    coordinator = pole["user"]("coordination@reseau.example", None)
    store.appoint(accounts.find_by_email("coordination@reseau.example")["id"], network)

    # The pole joins by its own decision, drafted through the API (the effect names the network and the shares).
    refused = secretary.post(f"/poles/{pole_id}/proposals", json={
        "title": "Adhérer au réseau", "text": "Le pôle adhère.", "effect": {"type": "join_network"}})
    assert refused.status_code == 422 and "effect.network_id" in refused.get_json()["errors"], refused.get_json()
    drafted = secretary.post(f"/poles/{pole_id}/proposals", json={
        "title": "Adhérer au réseau", "text": "Le pôle adhère.",
        "effect": {"type": "join_network", "network_id": network, "shares": ["members", "decisions"]}})
    assert drafted.status_code == 201, drafted.get_json()
    assert drafted.get_json()["effect"] == {"type": "join_network", "network_id": network,
                                            "shares": ["decisions", "members"]}
    decision = drafted.get_json()["id"]
    proposal = f"/poles/{pole_id}/proposals/{decision}"
    closes_at = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    assert secretary.post(f"{proposal}/open", json={"closes_at": closes_at}).status_code == 200
    for voter, member in ((pole["sal1"], "sal1"), (pole["others"], "sal2"), (pole["others"], "usa1")):
        cast = voter.post(f"{proposal}/ballots", json={"member_id": m[member], "choice": "for"})
        assert cast.status_code == 201, cast.get_json()
    closed = secretary.post(f"{proposal}/close")
    assert closed.status_code == 200 and closed.get_json()["outcome"] == "adopted", closed.get_json()

    listed = coordinator.get("/networks")
    assert listed.status_code == 200, listed.get_json()
    assert [(n["id"], n["poles"]) for n in listed.get_json()] == [(network, 1)]
    # the admin reads every network: these two, and the demo's (declared with the demo accounts)
    assert {n["id"] for n in api_as("admin").get("/networks").get_json()} == {network, other, str(NETWORK_ID)}
    seen = coordinator.get(f"/networks/{network}")
    assert seen.status_code == 200, seen.get_json()
    body = seen.get_json()
    assert body["coordinators"] == ["coordination"]
    (member,) = body["members"]
    assert (member["pole_id"], member["pole_name"], member["shares"]) == (pole_id, "Pôle de la Vallée",
                                                                          ["decisions", "members"])
    assert member["shared"]["members"] == {"person": 3} and member["shared"]["decisions"] == 1
    assert "referentiel" not in member["shared"] and "last_assembly_on" not in member["shared"]
    exported = coordinator.get(f"/networks/{network}/export.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert {(r["figure"], r["detail"], r["value"]) for r in rows} == {("members", "person", "3"),
                                                                      ("decisions", "", "1")}

    # 403 (rule not_permitted) for a network not theirs, for a pole's member; 403 for the pole's operations.
    for call in (coordinator.get(f"/networks/{other}"), coordinator.get(f"/networks/{other}/export.csv"),
                 coordinator.get(f"/networks/{pole_id}"), pole["sal1"].get("/networks"),
                 pole["sal1"].get(f"/networks/{network}"), secretary.get(f"/networks/{network}/export.csv")):
        assert_problem(call, 403, rule="not_permitted")
    for path in (f"/poles/{pole_id}", f"/poles/{pole_id}/campaigns", f"/poles/{pole_id}/referentiel",
                 f"/poles/{pole_id}/members"):
        assert_problem(coordinator.get(path), 403)
    assert_problem(api_as("admin").get(f"/networks/{pole_id}"), 404)
    assert_problem(coordinator.get("/networks/no-such-network"), 403, rule="not_permitted")
