"""The capital register through the API (issue 22), with hand-worked figures: a pole whose statutes keep a register
(share 50.00 €, floor 1 000.00 €, stated capital 2 000.00 €, the commune's category a public body with a minimum of
20 shares, a quarter paid at subscription and the rest within three years, refunds a year after the request); its
members subscribe, pay, transfer, ask shares back, are refunded and see unpaid shares cancelled; the public bodies
reach exactly half the capital and one more share is refused; refusals name their rule and store nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, assert_problem
from tests.unit.conftest import scic_statutes
from tests.web.conftest import DEMO_PASSWORD
from web.api.routing import OPERATIONS
from web.api.tokens import ApiTokens

CAPITAL = {"share_value": "50.00", "minimum_shares": {"collectivite": 20}, "floor": "1000.00", "stated": "2000.00",
           "refund_delay_years": 1, "public_categories": ["collectivite"], "paid_at_subscription": "1/4",
           "payment_years": 3}
ACTOR = "Fondatrice <fondation@diois.example>"
CAPITAL_OPERATIONS = {"get_capital", "list_capital_movements", "get_capital_account", "get_capital_variation",
                      "subscribe_shares", "pay_up_shares", "transfer_shares", "request_withdrawal_of_shares",
                      "refund_shares", "cancel_shares"}


def found(app: Any, accounts: Any, statutes: dict[str, Any], slug: str) -> dict[str, Any]:
    """A pole founded through the application (one founder, holding no share yet), its secretary and the founder's
    representative."""
    collegia = app.extensions["collegia"].app
    founder = {"name": "Régie du Diois", "kind": "ess_enterprise", "category": "usager", "representative": "Lou",
               "college": "usagers"}
    pole_id = str(collegia.found_pole(name=f"Pôle {slug}", territory="Diois (26)", legal_form="SCIC SAS",
                                      statutes=statutes, founders=[founder], actor=ACTOR))
    founder_id = next(iter(collegia.get_pole(pole_id).members))
    tokens, client = ApiTokens(accounts.engine), app.test_client()

    def user(email: str, role: str) -> tuple[int, Api]:
        user_id = accounts.create_user(email, email.split("@")[0], DEMO_PASSWORD)
        accounts.grant(user_id, pole_id, role, founder_id if role == "member" else None)
        return user_id, Api(client, tokens.create(user_id, "tests").secret)
    _, secretary = user(f"secretariat@{slug}.example", "secretary")
    _, reader = user(f"lecture@{slug}.example", "member")
    return {"id": pole_id, "secretary": secretary, "reader": reader, "base": f"/poles/{pole_id}"}


@pytest.fixture
def pole(app, accounts) -> dict[str, Any]:
    return found(app, accounts, scic_statutes(capital=CAPITAL), "diois")


def applicant(pole: dict[str, Any], name: str, category: str, kind: str = "person", *, waits: bool = True) -> str:
    """A membership request admitted by the board: the admission waits for the minimum subscription (when the
    statutes keep a register)."""
    secretary, base = pole["secretary"], pole["base"]
    member = secretary.post(f"{base}/members", json={"name": name, "kind": kind, "category": category,
                                                      "representative": name})
    assert member.status_code == 201, member.get_json()
    member_id = member.get_json()["id"]
    admitted = secretary.post(f"{base}/members/{member_id}/admit", json={"decision": "CA du 5 janvier 2025"})
    assert admitted.get_json()["status"] == ("requested" if waits else "admitted")
    return member_id


def subscribe(pole: dict[str, Any], member_id: str, shares: int, paid: str, on: str) -> Any:
    return pole["secretary"].post(f"{pole['base']}/members/{member_id}/capital/subscriptions", json={
        "shares": shares, "paid": paid, "on": on, "decision": "CA du 5 janvier 2025"})


def test_the_public_bodies_reach_half_the_capital_exactly_and_one_more_share_is_refused(pole, head):
    base = pole["base"]
    alice = applicant(pole, "Alice", "usager")
    commune = applicant(pole, "Commune de Die", "collectivite", "local_authority")

    first = subscribe(pole, alice, 20, "250.00", "2025-01-10")  # a quarter of 1 000.00 € paid at once
    assert first.status_code == 201, first.get_json()
    entry = first.get_json()
    assert (entry["number"], entry["kind"], entry["pole_id"], entry["member_id"], entry["member_status"]) == (
        1, "subscription", pole["id"], alice, "admitted")  # the admission takes effect on the minimum subscription
    assert (entry["shares"], entry["amount"], entry["paid"], entry["approved_by"]) == (20, "1000.00", "250.00",
                                                                                      "board")
    assert first.headers["Location"].endswith(f"{base}/members/{alice}/capital")

    short = subscribe(pole, commune, 19, "950.00", "2025-01-15")  # the commune's category holds at least 20
    assert "at least 20 share(s)" in assert_problem(short, 422, rule="capital")["detail"]
    assert subscribe(pole, commune, 20, "1000.00", "2025-01-15").get_json()["number"] == 2

    # 20 public shares of 40: exactly half, allowed.
    capital = pole["secretary"].get(f"{base}/capital").get_json()
    assert (capital["share_value"], capital["shares"], capital["capital"], capital["paid"], capital["unpaid"]) == (
        "50.00", 40, "2000.00", "1250.00", "750.00")
    assert capital["floor"] == "1000.00"  # the statutes' floor; a quarter of the highest capital is only 500.00
    assert capital["public"] == {"categories": ["collectivite"], "shares": 20, "share": "1/2", "percent": "50.00 %",
                                 "cap": "1/2", "cap_percent": "50.00 %", "within": True}
    assert capital["per_category"] == [
        {"code": "collectivite", "shares": 20, "amount": "1000.00", "share": "1/2", "percent": "50.00 %"},
        {"code": "usager", "shares": 20, "amount": "1000.00", "share": "1/2", "percent": "50.00 %"}]
    assert [(a["name"], a["shares"], a["paid"], a["unpaid"]) for a in capital["associates"]] == [
        ("Alice", 20, "250.00", "750.00"), ("Commune de Die", 20, "1000.00", "0.00")]

    # One more share for the commune: 21 / 41 = 51.22 %, above the cap of art. 19 septies; nothing is stored.
    before = head()
    crossed = assert_problem(subscribe(pole, commune, 1, "50.00", "2025-01-16"), 422, rule="capital")
    assert "51.22 %" in crossed["detail"] and "19 septies" in crossed["detail"]
    assert head() == before
    assert pole["secretary"].get(f"{base}/capital").get_json()["shares"] == 40

    # The capital as of a past day: before the commune subscribed.
    then = pole["secretary"].get(f"{base}/capital?on=2025-01-12").get_json()
    assert (then["on"], then["shares"], then["capital"], then["public"]["share"], then["public"]["within"]) == (
        "2025-01-12", 20, "1000.00", "0", True)
    assert pole["secretary"].get(f"{base}/capital?on=2024-12-31").get_json()["associates"] == []


def test_every_movement_from_payment_to_cancellation_and_the_views(pole, head):
    base, secretary = pole["base"], pole["secretary"]
    alice, bob = applicant(pole, "Alice", "usager"), applicant(pole, "Bob", "usager")
    commune = applicant(pole, "Commune de Die", "collectivite", "local_authority")
    assert subscribe(pole, alice, 22, "1100.00", "2025-01-10").status_code == 201  # 1
    assert subscribe(pole, commune, 20, "1000.00", "2025-01-10").status_code == 201  # 2
    assert subscribe(pole, bob, 4, "50.00", "2025-01-10").status_code == 201  # 3: 200.00 €, a quarter paid

    paid = secretary.post(f"{base}/members/{bob}/capital/payments", json={"amount": "50.00", "on": "2025-02-01",
                                                                         "note": "Virement"})
    assert paid.status_code == 201, paid.get_json()
    assert (paid.get_json()["number"], paid.get_json()["kind"], paid.get_json()["amount"]) == (4, "payment", "50.00")
    assert_problem(secretary.post(f"{base}/members/{bob}/capital/payments", json={
        "amount": "100.01", "on": "2025-02-01"}), 409, rule="capital")  # Bob owes 100.00 €

    moved = secretary.post(f"{base}/members/{alice}/capital/transfers", json={
        "to_member_id": bob, "shares": 2, "on": "2025-02-10", "decision": "CA du 10 février"})
    assert moved.status_code == 201, moved.get_json()
    assert (moved.get_json()["number"], moved.get_json()["to_member_id"], moved.get_json()["to_name"],
            moved.get_json()["paid"]) == (5, bob, "Bob", "100.00")

    asked = secretary.post(f"{base}/members/{alice}/capital/withdrawals", json={
        "shares": 1, "on": "2025-03-01", "reason": "Besoin de trésorerie"})
    assert asked.status_code == 201, asked.get_json()
    request = asked.get_json()["number"]
    assert (request, asked.get_json()["reason"]) == (6, "partial")
    pending = pole["secretary"].get(f"{base}/capital").get_json()["pending_requests"]
    assert [(r["number"], r["member_id"], r["shares"]) for r in pending] == [(6, alice, 1)]

    before = head()
    early = secretary.post(f"{base}/capital/refunds", json={"request": request, "amount": "50.00",
                                                            "on": "2025-03-02", "decision": "CA"})
    assert "2026-03-01" in assert_problem(early, 422, rule="capital")["detail"]  # a year after the request
    assert_problem(secretary.post(f"{base}/capital/refunds", json={"request": 99, "amount": "50.00",
                                                                   "on": "2025-03-02", "decision": "CA"}),
                   409, rule="capital")
    assert_problem(secretary.post(f"{base}/capital/refunds", json={"request": request, "amount": "50.01",
                                                                   "on": "2025-03-02", "decision": "CA",
                                                                   "early_approval": "CA"}), 422, rule="capital")
    assert head() == before
    refunded = secretary.post(f"{base}/capital/refunds", json={"request": request, "amount": "50.00",
                                                               "on": "2025-03-02", "decision": "CA du 2 mars",
                                                               "early_approval": "CA du 2 mars"})
    assert refunded.status_code == 201, refunded.get_json()
    body = refunded.get_json()
    assert (body["number"], body["kind"], body["request"], body["member_id"], body["early_approval"]) == (
        7, "refund", 6, alice, "CA du 2 mars")
    assert refunded.headers["Location"].endswith(f"{base}/members/{alice}/capital")

    # Bob: 6 shares (4 his own, 2 from Alice), 300.00 €, 200.00 € paid; 2 unpaid shares cancelled, 3 refused.
    assert_problem(secretary.post(f"{base}/members/{bob}/capital/cancellations", json={
        "shares": 3, "on": "2025-04-01", "reason": "Non libérées"}), 409, rule="capital")
    cancelled = secretary.post(f"{base}/members/{bob}/capital/cancellations", json={
        "shares": 2, "on": "2025-04-01", "reason": "Non libérées dans le délai"})
    assert cancelled.status_code == 201, cancelled.get_json()
    assert (cancelled.get_json()["number"], cancelled.get_json()["kind"], cancelled.get_json()["shares"]) == (
        8, "cancellation", 2)

    # Alice 19, Bob 4, the commune 20: 43 shares, 2 150.00 €, 20/43 public.
    capital = pole["secretary"].get(f"{base}/capital").get_json()
    assert (capital["shares"], capital["capital"], capital["paid"], capital["unpaid"]) == (43, "2150.00", "2150.00",
                                                                                          "0.00")
    assert (capital["public"]["share"], capital["public"]["percent"]) == ("20/43", "46.51 %")
    assert capital["floor"] == "1000.00"  # the highest capital, 2 300.00 €, over four is 575.00 €

    account = pole["secretary"].get(f"{base}/members/{bob}/capital").get_json()
    assert (account["shares"], account["amount"], account["paid"], account["unpaid"], account["pending"]) == (
        4, "200.00", "200.00", "0.00", 0)
    assert [(line["number"], line["kind"], line["incoming"], line["shares_after"], line["paid_after"],
             line["unpaid_after"]) for line in account["lines"]] == [
        (3, "subscription", False, 4, "50.00", "150.00"), (4, "payment", False, 4, "100.00", "100.00"),
        (5, "transfer", True, 6, "200.00", "100.00"), (8, "cancellation", False, 4, "200.00", "0.00")]

    whole = pole["secretary"].get(f"{base}/capital/movements").get_json()
    assert [m["number"] for m in whole["items"]] == list(range(1, 9))
    assert (whole["total"], whole["limit"], whole["next_offset"]) == (8, None, None)
    assert whole["items"][0]["name"] == "Alice" and whole["items"][0]["actor"]
    page = pole["secretary"].get(f"{base}/capital/movements?limit=3&offset=3").get_json()
    assert ([m["number"] for m in page["items"]], page["next_offset"]) == ([4, 5, 6], 6)
    last = pole["secretary"].get(f"{base}/capital/movements?limit=3&offset=6").get_json()
    assert ([m["number"] for m in last["items"]], last["next_offset"]) == ([7, 8], None)
    subscriptions = pole["secretary"].get(f"{base}/capital/movements?kind=subscription").get_json()
    assert [m["number"] for m in subscriptions["items"]] == [1, 2, 3]
    assert_problem(pole["secretary"].get(f"{base}/capital/movements?limit=0"), 400)

    year = pole["secretary"].get(f"{base}/capital/variation?year=2025").get_json()
    assert year == {"year": 2025, "share_value": "50.00", "opening": {"shares": 0, "amount": "0.00"},
                    "subscriptions": {"count": 3, "shares": 46, "amount": "2300.00"},
                    "refunds": {"count": 1, "shares": 1, "amount": "50.00"},
                    "cancellations": {"count": 1, "shares": 2, "amount": "100.00"},
                    "transfers": {"count": 1, "shares": 2, "amount": "100.00"},
                    "refunded": "50.00", "closing": {"shares": 43, "amount": "2150.00"}}
    assert pole["secretary"].get(f"{base}/capital/variation?year=2026").get_json()["opening"] == {"shares": 43,
                                                                                       "amount": "2150.00"}

    # The movements are events of the pole: in its event log (and so in its exports and its hash chain).
    log = secretary.get(f"/events?pole_id={pole['id']}&limit=1000").get_json()["events"]
    topics = [e["topic"].rpartition(".")[2] for e in log]
    assert {"SharesSubscribed", "SharesPaidUp", "SharesTransferred", "ShareWithdrawalRequested", "SharesRefunded",
            "SharesCancelled"} <= set(topics)


def test_a_withdrawal_of_membership_opens_the_refund_of_every_share(pole):
    base, secretary = pole["base"], pole["secretary"]
    alice, bob = applicant(pole, "Alice", "usager"), applicant(pole, "Bob", "usager")
    subscribe(pole, alice, 40, "2000.00", "2025-01-10")
    subscribe(pole, bob, 3, "150.00", "2025-01-10")
    secretary.post(f"{base}/members/{bob}/withdraw", json={"reason": "Départ"})
    pending = pole["secretary"].get(f"{base}/capital").get_json()["pending_requests"]
    assert [(r["member_id"], r["shares"], r["reason"]) for r in pending] == [(bob, 3, "withdrawal")]
    refunded = secretary.post(f"{base}/capital/refunds", json={
        "request": pending[0]["number"], "amount": "150.00", "on": pending[0]["on"], "decision": "CA",
        "early_approval": "CA"})
    assert refunded.status_code == 201 and refunded.get_json()["member_status"] == "withdrawn"


def test_refused_requests_name_the_field_or_the_rule_and_store_nothing(pole, head, app, accounts, api_as, pole_id,
                                                                       demo):
    base, secretary, reader = pole["base"], pole["secretary"], pole["reader"]
    alice = applicant(pole, "Alice", "usager")
    subscriptions = f"{base}/members/{alice}/capital/subscriptions"
    good = {"shares": 2, "paid": "100.00", "on": "2025-01-10", "decision": "CA"}
    before = head()

    unknown = assert_problem(secretary.post(subscriptions, json={**good, "colour": "blue"}), 422, fields=("colour",))
    assert unknown["type"].endswith("#problem-validation")
    for amount in (100.0, 100.5, 100):  # a JSON number is never money, even a whole one
        floated = assert_problem(secretary.post(subscriptions, json={**good, "paid": amount}), 422, fields=("paid",))
        assert "text" in floated["errors"]["paid"][0] and "never as a JSON number" in floated["errors"]["paid"][0]
    assert_problem(secretary.post(subscriptions, json={**good, "paid": "100.001"}), 422, fields=("paid",))
    assert_problem(secretary.post(subscriptions, json={**good, "paid": "-5"}), 422, fields=("paid",))
    assert_problem(secretary.post(subscriptions, json={**good, "shares": 0}), 422, fields=("shares",))
    assert_problem(secretary.post(subscriptions, json={**good, "shares": "2"}), 422, fields=("shares",))
    assert_problem(secretary.post(subscriptions, json={**good, "on": "1999-12-31"}), 422, fields=("on",))
    assert_problem(secretary.post(subscriptions, json={**good, "on": "2099-01-01"}), 422, rule="invalid_input")
    assert_problem(secretary.post(f"{base}/members/{alice}/capital/payments", json={"amount": 12.5,
                                                                                 "on": "2025-01-10"}),
                   422, fields=("amount",))
    assert_problem(secretary.post(f"{base}/capital/refunds", json={"request": 1, "amount": 50.0, "on": "2025-01-10",
                                                                   "decision": "CA"}), 422, fields=("amount",))
    assert_problem(secretary.post(subscriptions, json={**good, "paid": "100.01"}), 422, rule="capital")  # > 100.00

    # The register names every associate's holding and payments: a member of the pole reads none of it (as on the
    # pages, the secretary's); a member of another pole (the demo's) is not found here; a reader records nothing.
    for path in ("/capital", "/capital/movements", "/capital/variation?year=2025", f"/members/{alice}/capital"):
        assert_problem(reader.get(f"{base}{path}"), 403)
    other = demo["members"]["Régie de quartier Fontbarlettes"]
    assert_problem(secretary.post(f"{base}/members/{other}/capital/subscriptions", json=good), 404)
    assert_problem(secretary.get(f"{base}/members/{other}/capital"), 404)
    assert_problem(api_as("secretary").post(subscriptions, json=good), 403)  # the demo pole's secretary
    for path, body in ((subscriptions, good),
                       (f"{base}/members/{alice}/capital/payments", {"amount": "1.00", "on": "2025-01-10"}),
                       (f"{base}/members/{alice}/capital/transfers", {"to_member_id": alice, "shares": 1,
                                                                       "on": "2025-01-10", "decision": "CA"}),
                       (f"{base}/members/{alice}/capital/withdrawals", {"shares": 1, "on": "2025-01-10",
                                                                         "reason": "R"}),
                       (f"{base}/capital/refunds", {"request": 1, "amount": "1.00", "on": "2025-01-10",
                                                    "decision": "CA"}),
                       (f"{base}/members/{alice}/capital/cancellations", {"shares": 1, "on": "2025-01-10",
                                                                           "reason": "R"})):
        assert_problem(reader.post(path, json=body), 403)
        assert_problem(Api(app.test_client(), None).post(path, json=body), 401)
    assert head() == before
    assert pole["secretary"].get(f"{base}/capital/movements").get_json()["items"] == []

    # A pole whose statutes keep no register: reads are 404, movements refused with rule capital.
    plain = found(app, accounts, scic_statutes(), "plain")
    member = applicant(plain, "Zoé", "usager", waits=False)
    assert_problem(plain["secretary"].get(f"{plain['base']}/capital"), 404)
    assert_problem(plain["secretary"].get(f"{plain['base']}/capital/movements"), 404)
    assert_problem(plain["secretary"].get(f"{plain['base']}/members/{member}/capital"), 404)
    refused = assert_problem(plain["secretary"].post(f"{plain['base']}/members/{member}/capital/subscriptions",
                                                     json=good), 422, rule="capital")
    assert "no capital register" in refused["detail"]


def test_the_openapi_document_lists_the_capital_operations(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    ids = {op["operationId"]: (method, path) for path, methods in spec["paths"].items()
           for method, op in methods.items()}
    assert CAPITAL_OPERATIONS <= set(ids) and CAPITAL_OPERATIONS <= set(OPERATIONS)
    assert ids["subscribe_shares"] == ("post", "/api/v1/poles/{pole_id}/members/{member_id}/capital/subscriptions")
    assert ids["refund_shares"] == ("post", "/api/v1/poles/{pole_id}/capital/refunds")
    assert ids["get_capital"] == ("get", "/api/v1/poles/{pole_id}/capital")
    schemas = spec["components"]["schemas"]
    assert schemas["ShareSubscription"]["additionalProperties"] is False
    assert schemas["ShareSubscription"]["properties"]["paid"]["type"] == "string"
    assert set(spec["paths"]["/api/v1/poles/{pole_id}/capital/refunds"]["post"]["responses"]) == {
        "201", "400", "401", "403", "404", "409", "422"}


def test_a_pole_is_founded_with_its_capital_clauses_and_reads_them_back(api_as):
    """POST /poles takes the statutes' capital clauses; GET …/statutes gives them back with every default stated; a
    floor below a tenth of the stated capital (Code de commerce L231-5) or a payment delay above five years is
    refused with a problem document, and nothing is founded."""
    from tests.api.test_elections_api import COLLEGES
    admin = api_as("admin")
    body = {"name": "Pôle du capital", "territory": "Diois (26)", "legal_form": "SCIC SAS",
            "statutes": {"model": "scic", "colleges": COLLEGES,
                         "capital": {"share_value": "50.00", "floor": "199.99", "stated": "2000.00"}}}
    refused = admin.post("/poles", json=body)
    assert refused.status_code == 422 and "L231-5" in refused.get_json()["detail"]
    body["statutes"]["capital"] = {"share_value": "50.00", "floor": "200.00", "stated": "2000.00", "payment_years": 7}
    assert admin.post("/poles", json=body).status_code == 422
    body["statutes"]["capital"] = {"share_value": "50.00", "floor": "200.00", "stated": "2000.00"}
    created = admin.post("/poles", json=body)
    assert created.status_code == 201, created.get_json()
    statutes = admin.get(f"/poles/{created.get_json()['id']}/statutes").get_json()
    capital = statutes[-1]["statutes"]["capital"]
    assert (capital["share_value"], capital["floor"], capital["public_cap"], capital["refund_delay_years"],
            capital["admission_on_subscription"]) == ("50.00", "200.00", "1/2", 5, True)
