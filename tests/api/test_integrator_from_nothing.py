"""Issue 26, done when: a regional network's developer, with only /api/v1/docs (the OpenAPI document), creates a pole,
its accounts and its members, runs a vote and an assembly, and receives webhooks, without opening a browser.

Every call is found by its operationId in /api/v1/openapi.json (method and path come from the document); the answer
must carry the status the document states for success. The only step outside the API is each invited person
choosing their password from the link mailed to them (the invitation page: a person's own secret, typed in a
browser by nature).

Hand-worked figures (Pôle Mobilités du Vercors, SCIC SAS, colleges usagers 40 %, salariés 30 %, collectivités 30 %):

- the online vote: usagers 2 for of 2 (one by proxy), salariés 1 for, collectivités 1 against. Each college's
  weight is its share; the result in favour is 4/10 × 1 + 3/10 × 1 + 3/10 × 0 = 7/10 > 1/2: adopted;
- the assembly: 7 admitted members; an ordinary resolution on first convocation needs a fifth of them present or
  represented: 7/5 = 1.4, so 2. One present: refused; then the holder of a proxy arrives: two present and one
  represented, 3, reached. Room ballots 2
  for (one by proxy) and 1 against, by college: usagers 2 for of 2 → 4/10; collectivités 1 against → 0; salariés
  no ballot (an empty college's weight goes to the others: 4/10 ÷ 7/10 = 4/7 in favour) → adopted.

The pole's secretary registers a webhook at the start: a receiver on a loopback port gets, each signed, the two
votes opened and closed (with 7/10 and 4/7), the member admitted and the assembly convened, and every delivery reads
`delivered`.
"""

from __future__ import annotations

import base64
import dataclasses
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from governance.clock import PARIS, frozen_time
from infrastructure.accounts_tables import mail_messages
from notifications.webhooks import WebhookService
from tests.api.test_webhooks import Receiver
from tests.web.conftest import ADMIN_EMAIL, DEMO_PASSWORD, csrf_token

COLLEGES = [{"code": "usagers", "name": "Usagers", "share": "40%"},
            {"code": "salaries", "name": "Salariés", "share": "30%"},
            {"code": "collectivites", "name": "Collectivités", "share": "30%"}]
FOUNDERS = [("Association Vélo Vercors", "usagers"), ("Covoiturage citoyen", "usagers"),
            ("Coopérative des chauffeurs", "salaries"), ("Atelier de réparation", "salaries"),
            ("Commune de Villard", "collectivites"), ("Commune d'Autrans", "collectivites")]
PASSWORD = "Mobilites-Vercors-2026"


class Integrator:
    """Calls the API by operationId, knowing nothing but the OpenAPI document."""

    def __init__(self, client: Any, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers
        spec = client.get("/api/v1/openapi.json").get_json()
        self.operations = {op["operationId"]: (method.upper(), path, op)
                           for path, methods in spec["paths"].items() for method, op in methods.items()}

    def __call__(self, operation_id: str, body: Any = None, query: dict[str, Any] | None = None,
                 expect: int | None = None, **path: Any) -> Any:
        method, template, operation = self.operations[operation_id]
        response = self.client.open(template.format(**path), method=method, json=body, query_string=query,
                                    headers=self.headers)
        documented = next(code for code in operation["responses"] if code.startswith("2"))
        wanted = str(expect) if expect is not None else documented
        assert str(wanted) in operation["responses"], (operation_id, wanted)
        assert str(response.status_code) == wanted, (operation_id, response.get_json())
        return response.get_json() if response.data else None

    def bearer(self, token: str) -> "Integrator":
        return Integrator(self.client, {"Authorization": f"Bearer {token}"})


def basic(email: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()}


def accept_invitation(app: Any, email: str) -> None:
    """The invited person opens the link mailed to them and chooses a password (the page of the link)."""
    with app.extensions["collegia.accounts"].engine.connect() as conn:
        text = conn.execute(select(mail_messages.c.body_text).where(
            mail_messages.c.recipient == email, mail_messages.c.body_text.contains("/account/invitation/"))
        ).scalars().one()
    path = re.search(r"(/account/invitation/\S+)", text).group(1)
    person = app.test_client()
    chosen = person.post(path, data={"new": PASSWORD, "confirm": PASSWORD, "csrf_token": csrf_token(person, path)})
    assert chosen.status_code == 302, chosen.get_data(as_text=True)


def test_a_network_developer_sets_up_a_pole_from_nothing_with_the_api_only(app):
    client = app.test_client()
    system = app.extensions["collegia"]  # the receiver listens on loopback (COLLEGIA_WEBHOOKS_ALLOW_HTTP_LOOPBACK)
    system.settings = dataclasses.replace(system.settings, webhooks_allow_http_loopback=True)
    receiver = Receiver()
    # The platform's administrator has an e-mail and a password (collegia create-admin): a first token, no browser.
    anonymous = Integrator(client, basic(ADMIN_EMAIL, DEMO_PASSWORD))
    admin = anonymous.bearer(anonymous("create_token", {"name": "réseau régional", "scopes": ["read", "admin"]})
                             ["token"])

    # The pole, its statutes (no proxy cap given: none, as documented) and its founders, whose ids come back.
    pole = admin("create_pole", {
        "name": "Pôle Mobilités du Vercors", "territory": "Vercors (38)", "legal_form": "SCIC SAS",
        "statutes": {"model": "scic", "admission_by": "board", "colleges": COLLEGES},
        "founders": [{"name": name, "kind": "ess_enterprise", "category": college, "college": college,
                      "representative": f"Représentant·e de {name}"} for name, college in FOUNDERS]})
    pole_id, founders = pole["id"], {f["name"]: f["id"] for f in pole["founders"]}
    assert [f["college"] for f in pole["founders"]] == [college for _, college in FOUNDERS]
    statutes = admin("list_statutes", pole_id=pole_id)[-1]["statutes"]
    assert statutes["max_proxies_per_holder"] is None

    # Accounts: a secretary and three representatives; each invited by mail, then choosing a password.
    people = {"secretariat": None, "usagers": "Association Vélo Vercors", "salaries": "Coopérative des chauffeurs",
              "collectivites": "Commune de Villard"}
    tokens: dict[str, Integrator] = {}
    for who, member in people.items():
        email = f"{who}@mobilites-vercors.example"
        account = admin("create_user", {"email": email, "name": who.capitalize()})
        role = {"pole_id": pole_id, "role": "secretary"} if member is None else {
            "pole_id": pole_id, "role": "member", "member_id": founders[member]}
        admin("grant_role", role, user_id=account["id"])
        accept_invitation(app, email)
        person = Integrator(client, basic(email, PASSWORD))
        scopes = ["read", "secretary"] if member is None else ["read", "vote"]
        tokens[who] = person.bearer(person("create_token", {"name": "outil du pôle", "scopes": scopes})["token"])
    secretary, usagers, salaries, collectivites = (tokens[w] for w in people)

    # The pole's secretary tells the network's dashboard what happens: a webhook, its secret shown once.
    hook = secretary("create_webhook", {"url": receiver.url, "kinds": ["proposal.opened", "proposal.closed",
                                                                       "member.admitted", "assembly.convened"]},
                     pole_id=pole_id)
    receiver.secret = hook["secret"]
    service = WebhookService(system, poll_interval=0.05, retry_seconds=0.2).start()
    # The usagers' representative also represents the second usager (who will give its proxy for the assembly).
    usagers_id = admin("get_user", user_id=next(u["id"] for u in admin("list_users")
                                                  if u["email"] == "usagers@mobilites-vercors.example"))["id"]
    admin("grant_role", {"pole_id": pole_id, "role": "member", "member_id": founders["Covoiturage citoyen"]},
          user_id=usagers_id)
    assert {r["member_name"] for r in secretary("list_representatives", pole_id=pole_id)} == {
        "Association Vélo Vercors", "Covoiturage citoyen", "Coopérative des chauffeurs", "Commune de Villard"}

    # A seventh member joins, admitted by the board and assigned to its college.
    joined = secretary("request_membership", {"name": "Garage solidaire", "kind": "ess_enterprise",
                                              "category": "salaries", "representative": "Inès Garage"},
                       pole_id=pole_id)
    secretary("admit_member", {"decision": "Conseil du 3 décembre 2026"}, pole_id=pole_id, member_id=joined["id"])
    secretary("assign_member", {"college": "salaries", "reason": "Catégorie d'associé"}, pole_id=pole_id,
              member_id=joined["id"])
    assert len(secretary("list_members", query={"status": "admitted"}, pole_id=pole_id)) == 7

    # An online vote: a proxy between the two usagers, used explicitly with on_behalf_of.
    proposal = secretary("create_proposal", {"title": "Navette du plateau", "text": "Le pôle lance une navette."},
                         pole_id=pole_id)
    secretary("open_voting", {"closes_at": (datetime.now(UTC) + timedelta(days=7)).isoformat()}, pole_id=pole_id,
              proposal_id=proposal["id"])
    velo, covoit = founders["Association Vélo Vercors"], founders["Covoiturage citoyen"]
    usagers("cast_ballot", {"member_id": velo, "choice": "for"}, pole_id=pole_id, proposal_id=proposal["id"])
    usagers("cast_ballot", {"member_id": covoit, "choice": "for"}, pole_id=pole_id, proposal_id=proposal["id"])
    salaries("cast_ballot", {"member_id": founders["Coopérative des chauffeurs"], "choice": "for"}, pole_id=pole_id,
             proposal_id=proposal["id"])
    collectivites("cast_ballot", {"member_id": founders["Commune de Villard"], "choice": "against"},
                  pole_id=pole_id, proposal_id=proposal["id"])
    secretary("close_voting", pole_id=pole_id, proposal_id=proposal["id"])
    tally = usagers("get_tally", pole_id=pole_id, proposal_id=proposal["id"])["tally"]
    assert (tally["result"], tally["outcome"]) == ("7/10", "adopted")
    assert {c["code"]: c["share_in_favour"] for c in tally["colleges"]} == {
        "usagers": "1", "salaries": "1", "collectivites": "0"}

    # A general assembly: convened, its session opened on the day, quorum refused then reached, a room vote.
    resolution = secretary("create_proposal", {"title": "Comptes 2026", "text": "Approbation des comptes."},
                           pole_id=pole_id)
    held_at = (datetime.now(PARIS) + timedelta(days=20)).replace(hour=18, minute=0, second=0, microsecond=0)
    assembly = secretary("convene_assembly", {"kind": "ordinary", "held_at": held_at.isoformat(),
                                              "place": "Salle du conseil, Villard", "agenda": [resolution["id"]]},
                         pole_id=pole_id)
    assert assembly["quorum"][0]["needed"] == 2  # 7 electors / 5 = 1.4, so 2
    at = {"pole_id": pole_id, "assembly_id": assembly["id"]}
    usagers("give_assembly_proxy", {"principal_id": covoit, "holder_id": velo}, **at)
    with frozen_time(held_at.replace(hour=17)):
        secretary("open_session", **at)
        secretary("record_attendance", {"member_id": founders["Commune de Villard"], "mode": "present"}, **at)
        refused = secretary("put_to_vote", expect=422, proposal_id=resolution["id"], **at)
        assert refused["rule"] == "assembly" and "1 of 7" in refused["detail"] and "2 needed" in refused["detail"]
        sheet = secretary("record_attendance", {"member_id": velo, "mode": "present"}, **at)
        assert (sheet["attending"], sheet["quorum"][0]["reached"]) == (3, True)  # 2 present, 1 represented
        secretary("put_to_vote", proposal_id=resolution["id"], **at)
        secretary("record_room_ballots", {"ballots": [
            {"member_id": velo, "choice": "for"}, {"member_id": covoit, "choice": "for"},
            {"member_id": founders["Commune de Villard"], "choice": "against"}]}, proposal_id=resolution["id"], **at)
        closed = secretary("close_resolution", proposal_id=resolution["id"], **at)
        assert closed["items"][0]["outcome"] == "adopted"
        done = secretary("close_session", **at)
    assert done["status"] == "closed"
    tally = secretary("get_tally", pole_id=pole_id, proposal_id=resolution["id"])["tally"]
    assert (tally["result"], tally["empty_colleges"]) == ("4/7", ["salaries"])

    # Its minutes: read, then signed in the register by the secretary.
    minutes = secretary("get_minutes", **at)
    assert minutes["signatures"] == []
    secretary("sign_minutes", {"capacity": "secretary"}, **at)
    assert [s["capacity"] for s in secretary("get_minutes", **at)["signatures"]] == ["secretary"]

    # One representation ends, the other stays (the person still represents the first usager).
    admin("revoke_role", query={"member_id": covoit}, user_id=usagers_id, pole_id=pole_id, role="member")
    assert [r["member_id"] for r in admin("get_user", user_id=usagers_id)["roles"]] == [velo]
    admin("revoke_role", query={"member_id": covoit}, expect=404, user_id=usagers_id, pole_id=pole_id, role="member")

    # The webhooks: each event once, signed; the vote's result as the result pages give it.
    try:
        receiver.wait_for(lambda: len(receiver.delivered()) >= 6)  # 2 opened, 2 closed, 1 admitted, 1 convened
    finally:
        service.stop()
        receiver.server.shutdown()
        receiver.server.server_close()
    got = sorted((g["json"]["kind"], g["json"]["data"].get("title") or g["json"]["data"].get("name") or "")
                 for g in receiver.delivered().values())
    assert got == [("assembly.convened", ""), ("member.admitted", "Garage solidaire"),
                   ("proposal.closed", "Comptes 2026"), ("proposal.closed", "Navette du plateau"),
                   ("proposal.opened", "Comptes 2026"), ("proposal.opened", "Navette du plateau")]
    assert all(g["signed"] and g["json"]["pole_id"] == pole_id for g in receiver.got)
    results = {g["json"]["data"]["title"]: (g["json"]["data"]["result"], g["json"]["data"]["outcome"])
               for g in receiver.delivered().values() if g["json"]["kind"] == "proposal.closed"}
    assert results == {"Navette du plateau": ("7/10", "adopted"), "Comptes 2026": ("4/7", "adopted")}
    convened = next(g["json"]["data"] for g in receiver.delivered().values() if g["json"]["kind"] == "assembly.convened")
    assert convened["assembly_id"] == assembly["id"] and convened["agenda"] == [resolution["id"]]
    states = {d["state"] for d in secretary("list_webhook_deliveries", pole_id=pole_id, hook_id=hook["id"])}
    assert states == {"delivered"}
