"""Done when: with only the OpenAPI document and tokens, an integrator founds a pole with four colleges,
admits members, opens a proposal, has ballots cast and reads the per-college tally.

Every call is found by its operationId in /api/v1/openapi.json (method and path come from the document).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.web.conftest import DEMO_PASSWORD
from web.api.tokens import ApiTokens

COLLEGES = [("producteurs", "Producteurs", "30%"), ("salaries", "Salariés", "30%"),
            ("collectivites", "Collectivités", "20%"), ("soutiens", "Soutiens", "20%")]
MEMBERS = [("Ferme des Trois Becs", "producteurs"), ("GAEC du Serre", "producteurs"),
           ("Épicerie coopérative", "salaries"), ("Atelier d'insertion", "salaries"),
           ("Commune de Saillans", "collectivites"), ("Commune de Mirabel", "collectivites"),
           ("Fondation Terre Vive", "soutiens"), ("Club d'entreprises", "soutiens")]
BALLOTS = {"Ferme des Trois Becs": "for", "GAEC du Serre": "for", "Épicerie coopérative": "for",
           "Atelier d'insertion": "against", "Commune de Saillans": "against", "Commune de Mirabel": "abstain"}


class Integrator:
    """Calls the API by operationId, with one token, knowing nothing but the OpenAPI document."""

    def __init__(self, client: Any, token: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}
        spec = client.get("/api/v1/openapi.json").get_json()
        self.operations = {op["operationId"]: (method.upper(), path, op)
                           for path, methods in spec["paths"].items() for method, op in methods.items()}

    def __call__(self, operation_id: str, body: Any = None, query: dict[str, Any] | None = None,
                 **path: str) -> Any:
        method, template, operation = self.operations[operation_id]
        response = self.client.open(template.format(**path), method=method, json=body, query_string=query,
                                    headers=self.headers)
        expected = next(code for code in operation["responses"] if code.startswith("2"))
        assert str(response.status_code) == expected, (operation_id, response.get_json())
        return response.get_json()


def test_an_integrator_runs_a_vote_and_reads_the_per_college_tally(app, token_for, accounts):
    client, tokens = app.test_client(), ApiTokens(accounts.engine)
    admin = Integrator(client, token_for("admin"))

    pole = admin("create_pole", {
        "name": "Pôle Alimentation Diois", "territory": "Diois (26)", "legal_form": "SCIC SAS",
        "statutes": {"model": "scic", "admission_by": "board",
                     "colleges": [{"code": c, "name": n, "share": s} for c, n, s in COLLEGES]}})
    pole_id = pole["id"]
    assert [c["share"] for c in admin("get_colleges", pole_id=pole_id)["colleges"]] == ["3/10", "3/10", "1/5", "1/5"]

    secretary_id = accounts.create_user("secretariat@alimentation-diois.example", "Sam Secrétaire", DEMO_PASSWORD)
    accounts.grant(secretary_id, pole_id, "secretary")
    secretary = Integrator(client, tokens.create(secretary_id, "back-office").secret)

    members: dict[str, str] = {}
    for name, college in MEMBERS:
        member = secretary("request_membership", {"name": name, "kind": "ess_enterprise", "category": college,
                                                  "representative": f"Représentant de {name}"}, pole_id=pole_id)
        members[name] = member["id"]
        secretary("admit_member", {"decision": "Conseil du 1er décembre 2026"}, pole_id=pole_id,
                  member_id=member["id"])
        assert secretary("assign_member", {"college": college, "reason": "Catégorie d'associé"}, pole_id=pole_id,
                         member_id=member["id"])["college"] == college
    assert len(secretary("list_members", query={"status": "admitted"}, pole_id=pole_id)) == 8

    proposal = secretary("create_proposal", {"title": "Création d'une légumerie", "text": "Le pôle crée une légumerie."},
                         pole_id=pole_id)
    closes_at = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    opened = secretary("open_voting", {"closes_at": closes_at}, pole_id=pole_id, proposal_id=proposal["id"])
    assert opened["electorate"] == {"producteurs": 2, "salaries": 2, "collectivites": 2, "soutiens": 2}

    for i, (name, choice) in enumerate(BALLOTS.items()):
        user_id = accounts.create_user(f"representant{i}@alimentation-diois.example", f"Rep {name}", DEMO_PASSWORD)
        accounts.grant(user_id, pole_id, "member", members[name])
        voter = Integrator(client, tokens.create(user_id, "vote").secret)
        voter("cast_ballot", {"member_id": members[name], "choice": choice}, pole_id=pole_id,
              proposal_id=proposal["id"])
    participation = secretary("list_ballots", pole_id=pole_id, proposal_id=proposal["id"])
    assert {b["name"]: b["choice"] for b in participation} == BALLOTS

    secretary("close_voting", pole_id=pole_id, proposal_id=proposal["id"])
    tally = voter("get_tally", pole_id=pole_id, proposal_id=proposal["id"])["tally"]
    per_college = {c["code"]: (c["votes_for"], c["votes_against"], c["abstentions"], c["effective_weight"],
                               c["share_in_favour"]) for c in tally["colleges"]}
    assert per_college == {"producteurs": (2, 0, 0, "3/8", "1"), "salaries": (1, 1, 0, "3/8", "1/2"),
                           "collectivites": (0, 1, 1, "1/4", "0"), "soutiens": (0, 0, 0, "0", None)}
    assert (tally["empty_colleges"], tally["rule_applied"]) == (["soutiens"], "proportional")
    assert (tally["result"], tally["participants"], tally["entitled"], tally["outcome"]) == ("9/16", 6, 8, "adopted")
    assert secretary("recount", pole_id=pole_id, proposal_id=proposal["id"])["matches"]
