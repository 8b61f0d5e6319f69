"""The capital register's pages (issue 22), over HTTP: the capital as of a day (total, paid and unpaid, per category
and college, the public bodies' share against the 50 % of loi n° 47-1775 art. 19 septies, the floor, pending
withdrawals with their due date, approved applicants awaiting their subscription), each associate's account, the
numbered register (HTML, CSV with exact cents, PDF), a share certificate (PDF), the year's variation; the six forms
record their movement, and a refused one is re-shown with its rule and a 4xx, storing nothing.

The demo pole keeps no capital register here: `capital_pole` founds a SCIC with capital clauses through the use cases
(hand-worked figures below) and makes the demo secretary its secretary. The pages are read in English, so that the
assertions hold before and after the French catalogue gains their translations."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from governance import clock
from governance.clock import PARIS
from tests.web.conftest import ADMIN_EMAIL, MEMBER_EMAIL, OUTSIDER_EMAIL, SECRETARY_EMAIL, csrf_token, login
from web.edge import SECRETARY

ACTOR = "Claire Martin <claire.martin@terres-de-liens-coop.example>"
# 50 € shares; a public body subscribes at least 20; a quarter paid at once, the rest within three years; refunds one
# year after the request; floor 1 000 € (a tenth of the 2 000 € stated is 200 €: L231-5 holds).
CAPITAL = {"share_value": "50.00", "minimum_shares": {"public_body": 20, "producer": 5}, "floor": "1000.00", "stated": "2000.00",
           "refund_delay_years": 1, "public_categories": ["public_body"], "paid_at_subscription": "1/4",
           "payment_years": 3}
STATUTES = {"model": "scic", "capital": CAPITAL, "colleges": [
    {"code": "salaries", "name": "Salariés", "share": "40%"},
    {"code": "usagers", "name": "Usagers", "share": "30%"},
    {"code": "collectivites", "name": "Collectivités", "share": "30%"}]}
ALICE, COMMUNE, BOB, SCOP = "Alice Dubois", "Commune de Die", "Bob Martin", "SCOP Les Jardins du Diois"


def build_capital_pole(app: Any) -> dict[str, str]:
    """A SCIC with its register (figures by hand, 50 € a share):
    n° 1  2025-01-10  Alice (beneficiary, usagers) subscribes 22 shares, 1 100,00 € paid
    n° 2  2025-01-10  the Commune (public body, collectivités) subscribes 20 shares, 500,00 € of 1 000,00 € paid
    n° 3  2025-02-01  Bob (employee, salariés) subscribes 4 shares, 50,00 € of 200,00 € paid
    n° 4  2025-03-01  Alice asks 2 shares back (due 2026-03-01)
    Capital 46 shares = 2 300,00 €, paid 1 650,00 €, unpaid 650,00 €; public bodies 20/46 = 43,48 %.
    The SCOP is approved and awaits its minimum subscription of 5 shares (a producer's minimum)."""
    system = app.extensions["collegia"]
    domain = system.app
    pole = domain.found_pole(name="Pôle Capital Diois", territory="Diois", legal_form="SCIC SAS", statutes=STATUTES,
                             actor=ACTOR, founders=[{"name": ALICE, "kind": "person", "category": "beneficiary",
                                                     "representative": ALICE}])
    ids = {"pole": str(pole)}
    ids["alice"] = next(iter(domain.get_pole(pole).members))
    for key, name, kind, category in (("commune", COMMUNE, "local_authority", "public_body"),
                                      ("bob", BOB, "person", "employee"),
                                      ("scop", SCOP, "ess_enterprise", "producer")):
        ids[key] = str(domain.request_membership(pole, name=name, kind=kind, category=category,
                                                 representative=name, actor=ACTOR))
        domain.admit_member(pole, ids[key], decision="CA du 5 janvier 2025", actor=ACTOR)
    domain.subscribe_shares(pole, ids["alice"], shares=22, paid="1100.00", on="2025-01-10", decision="CA du 5 janvier",
                            actor=ACTOR)
    domain.subscribe_shares(pole, ids["commune"], shares=20, paid="500.00", on="2025-01-10",
                            decision="CA du 5 janvier", actor=ACTOR)
    domain.subscribe_shares(pole, ids["bob"], shares=4, paid="50.00", on="2025-02-01", decision="CA du 28 janvier",
                            actor=ACTOR)
    domain.request_withdrawal_of_shares(pole, ids["alice"], shares=2, on="2025-03-01", reason="Lettre du 1er mars",
                                        actor=ACTOR)
    for key, college in (("alice", "usagers"), ("commune", "collectivites"), ("bob", "salaries")):
        domain.assign_college(pole, ids[key], college=college, reason="statuts", actor=ACTOR)
    accounts = app.extensions["collegia.accounts"]
    accounts.grant(accounts.find_by_email(SECRETARY_EMAIL)["id"], ids["pole"], SECRETARY)
    return ids


@pytest.fixture
def cap(app) -> dict[str, str]:
    return build_capital_pole(app)


def text(response: Any) -> str:
    return " ".join(response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')
                    .replace("\u202f", " ").replace("\xa0", " ").split())


def plain(response: Any) -> str:
    """The page's words without its tags (a table's row read as a line)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def signed_in(app: Any, email: str | None, english: bool = True) -> Any:
    """A client of its own, signed in as `email` (None: anonymous), reading the pages in English."""
    client = app.test_client()
    if email:
        assert login(client, email).status_code == 302
    if english:
        client.post("/language", data={"language": "en", "csrf_token": csrf_token(client, "/login"), "next": "/"})
    return client


def head(app: Any) -> int:
    return app.extensions["collegia"].app.recorder.max_notification_id()


def movements(app: Any, pole_id: str) -> list[dict[str, Any]]:
    return list(app.extensions["collegia"].app.get_pole(pole_id).capital_movements)


def url(ids: dict[str, str], path: str = "") -> str:
    return f"/poles/{ids['pole']}/capital{path}"


def today() -> str:
    return clock.now().astimezone(PARIS).date().isoformat()


def post(client: Any, ids: dict[str, str], path: str, prefix: str, **fields: Any) -> Any:
    data = {f"{prefix}-csrf_token": csrf_token(client, url(ids, "/record"))}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(url(ids, path), data=data)


def test_the_capital_page_shows_the_capital_the_public_share_the_requests_and_the_applicants(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    response = secretary.get(url(cap))
    page = text(response)
    assert response.status_code == 200, page[-2000:]
    assert "2 300,00 €" in page and "46 shares of 50,00 €" in page
    assert "1 650,00 €" in page and "650,00 €" in page  # paid, unpaid
    assert "1 000,00 €" in page  # the floor: the statutes' 1 000 € is above a quarter of the highest (575 €)
    assert "Within the cap." in page and "43.48 %" in page and "50.00 %" in page and "19 septies" in page
    assert "Public body" in page and "Beneficiary" in page and "Employee" in page  # per category
    assert "Collectivités" in page and "Salariés" in page and "Usagers" in page  # per college
    for key, name in (("alice", ALICE), ("commune", COMMUNE), ("bob", BOB)):  # the roster of associates
        assert f'/capital/members/{cap[key]}">{name}</a>' in response.get_data(as_text=True)
    assert "n° 4" in page and "March 1, 2026" in page and "due" in page  # the request and its due date
    assert SCOP in page and "takes effect when 5 share(s) are subscribed" in page
    assert 'href="/poles/%s/capital/register.pdf"' % cap["pole"] in response.get_data(as_text=True)


def test_the_capital_as_of_a_past_day_and_a_bad_day(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    page = text(secretary.get(url(cap, "?on=2025-01-31")))
    assert "The capital at the end of January 31, 2025" in page
    assert "2 100,00 €" in page and "42 shares" in page and "47.62 %" in page  # 20 public of 42
    assert "No withdrawal request is waiting for its refund." in page
    before = text(secretary.get(url(cap, "?on=2024-12-31")))
    assert "No share was held that day." in before
    for bad in ("2025-13-40", "demain", "9999-01-01"):
        response = secretary.get(url(cap, f"?on={bad}"))
        assert response.status_code == 400 and "is not a date" in text(response), bad


def test_an_associates_account_shows_its_movements_and_balance(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    page = text(secretary.get(url(cap, f"/members/{cap['alice']}")))
    assert f"Capital account of {ALICE}" in page
    assert "Subscription" in page and "Withdrawal request" in page and "Lettre du 1er mars" in page
    assert "1 100,00 €" in page and "2 shares" in page  # paid; asked back
    assert "certificate.pdf" in page
    commune = text(secretary.get(url(cap, f"/members/{cap['commune']}")))
    assert "500,00 €" in commune  # still to be paid
    waiting = text(secretary.get(url(cap, f"/members/{cap['scop']}")))
    assert "No movement in the register for this member." in waiting and "certificate.pdf" not in waiting
    assert secretary.get(url(cap, "/members/nobody")).status_code == 404


def test_the_register_as_a_page_a_csv_with_exact_cents_and_a_pdf(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    page = text(secretary.get(url(cap, "/register")))
    assert "4 entries, numbered in the order recorded" in page
    assert "CA du 28 janvier" in page and ACTOR.split(" <")[0] in page
    response = secretary.get(url(cap, "/register.csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:10] == ["Number", "Date", "Movement", "Associate", "Identifier", "To the associate", "Shares",
                            "Amount (€)", "Paid (€)", "Decision"]
    assert [r[:9] for r in rows[1:]] == [
        ["1", "2025-01-10", "Subscription", ALICE, cap["alice"], "", "22", "1100,00", "1100,00"],
        ["2", "2025-01-10", "Subscription", COMMUNE, cap["commune"], "", "20", "1000,00", "500,00"],
        ["3", "2025-02-01", "Subscription", BOB, cap["bob"], "", "4", "200,00", "50,00"],
        ["4", "2025-03-01", "Withdrawal request", ALICE, cap["alice"], "", "2", "100,00", "0,00"]]
    pdf = secretary.get(url(cap, "/register.pdf"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_a_share_certificate_and_none_for_who_holds_no_share(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    response = secretary.get(url(cap, f"/members/{cap['commune']}/certificate.pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "certificat-parts-commune-de-die" in response.headers["Content-Disposition"]
    assert secretary.get(url(cap, f"/members/{cap['commune']}/certificate.pdf?on=2025-02-01")).data.startswith(b"%PDF")
    none = secretary.get(url(cap, f"/members/{cap['scop']}/certificate.pdf"))
    assert none.status_code == 409 and "holds no share" in text(none)
    assert secretary.get(url(cap, f"/members/{cap['bob']}/certificate.pdf?on=2025-01-20")).status_code == 409
    assert secretary.get(url(cap, f"/members/{cap['bob']}/certificate.pdf?on=hier")).status_code == 400


def test_the_variation_of_a_year_for_the_assembly(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    page = plain(secretary.get(url(cap, "/variation?year=2025")))
    assert "Variation of the capital in 2025" in page
    assert "Capital at opening (1 January) — 0 0,00" in page
    assert "+ Subscriptions 3 46 2 300,00" in page
    assert "− Refunds (at nominal value) 0 0 0,00" in page
    assert "Capital at closing (31 December) — 46 2 300,00" in page
    response = secretary.get(url(cap, "/variation?year=deux-mille"))
    assert response.status_code == 400 and "is not a year" in text(response)


def test_each_form_records_its_movement(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    day = today()
    record = secretary.get(url(cap, "/record"))
    assert record.status_code == 200 and "Record the subscription" in text(record)

    # The approved applicant subscribes its minimum, a quarter paid: its admission takes effect.
    response = post(secretary, cap, "/subscriptions", "sub", member=cap["scop"], shares="5", paid="62,50", on=day,
                    decision="CA du jour")
    assert response.status_code == 302, text(response)[-1500:]
    last = movements(app, cap["pole"])[-1]
    assert (last["kind"], last["member_id"], last["shares"], last["paid"]) == ("subscription", cap["scop"], 5, "62.50")
    assert app.extensions["collegia"].app.get_pole(cap["pole"]).member(cap["scop"])["status"] == "admitted"
    assert "Register entry n° 5" in text(secretary.get(url(cap)))

    response = post(secretary, cap, "/payments", "pay", member=cap["commune"], amount="250.00", on=day,
                    note="Virement")
    assert response.status_code == 302, text(response)[-1500:]
    last = movements(app, cap["pole"])[-1]
    assert (last["kind"], last["member_id"], last["amount"]) == ("payment", cap["commune"], "250.00")

    response = post(secretary, cap, "/transfers", "tr", member=cap["alice"], to_member=cap["bob"], shares="1", on=day,
                    decision="CA du jour")
    assert response.status_code == 302, text(response)[-1500:]
    last = movements(app, cap["pole"])[-1]
    assert (last["kind"], last["member_id"], last["to_member_id"], last["shares"]) == (
        "transfer", cap["alice"], cap["bob"], 1)

    response = post(secretary, cap, "/withdrawals", "wd", member=cap["bob"], shares="1", on=day, reason="Courriel")
    assert response.status_code == 302, text(response)[-1500:]
    bob_request = movements(app, cap["pole"])[-1]
    assert (bob_request["kind"], bob_request["shares"]) == ("withdrawal_request", 1)

    # Alice's request of 2025-03-01 is due since 2026-03-01: no early approval needed.
    response = post(secretary, cap, "/refunds", "rf", request="4", amount="100,00", on=day, decision="CA du jour")
    assert response.status_code == 302, text(response)[-1500:]
    last = movements(app, cap["pole"])[-1]
    assert (last["kind"], last["request"], last["amount"], last["shares"]) == ("refund", 4, "100.00", 2)

    # Bob's own request is not due yet: refused without the early decision, refunded with it. What was paid on that
    # share: Bob's 100 € (50 € of his own, 50 € on the share from Alice) spread over his 5 shares, 20 € (art. 18).
    early = post(secretary, cap, "/refunds", "rf", request=str(bob_request["number"]), amount="20", on=day,
                 decision="CA du jour")
    assert early.status_code == 422 and "an earlier refund needs the decision" in text(early)
    response = post(secretary, cap, "/refunds", "rf", request=str(bob_request["number"]), amount="20", on=day,
                    decision="CA du jour", early_approval="CA du jour, remboursement anticipé")
    assert response.status_code == 302, text(response)[-1500:]
    assert movements(app, cap["pole"])[-1]["early_approval"] == "CA du jour, remboursement anticipé"

    # Bob still owes 120 € on his 4 shares (200 € less the 80 € left paid): 2 unpaid shares, cancel 1.
    response = post(secretary, cap, "/cancellations", "cx", member=cap["bob"], shares="1", on=day,
                    reason="Non libérée dans les délais")
    assert response.status_code == 302, text(response)[-1500:]
    assert movements(app, cap["pole"])[-1]["kind"] == "cancellation"
    register = text(secretary.get(url(cap, "/register")))
    assert "11 entries" in register and "Cancellation" in register and "Transfer" in register


def test_a_subscription_crossing_the_public_cap_is_refused_with_its_rule_and_stores_nothing(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    day = today()
    before = head(app)
    # 20 public shares of 46; 5 more would be 25 of 51 = 49,02 %... the Commune at 28 of 54 = 51,85 % crosses 50 %.
    response = post(secretary, cap, "/subscriptions", "sub", member=cap["commune"], shares="8", paid="100.00", on=day,
                    decision="CA du jour")
    page = text(response)
    assert response.status_code == 422, page[-1500:]
    assert "Refused:" in page and "art. 19 septies" in page and "51.85 %" in page and "Nothing was recorded." in page
    assert 'value="8"' in response.get_data(as_text=True)  # the input kept
    assert head(app) == before and len(movements(app, cap["pole"])) == 4
    # Exactly half is allowed: 26 of 52.
    allowed = post(secretary, cap, "/subscriptions", "sub", member=cap["commune"], shares="6", paid="75.00", on=day,
                   decision="CA du jour")
    assert allowed.status_code == 302, text(allowed)[-1500:]
    page = text(secretary.get(url(cap)))
    assert "Within the cap." in page and "Public bodies hold 50.00 % of the capital (26 shares)" in page


def test_refusals_and_incomplete_forms_are_4xx_never_500(app, cap):
    secretary = signed_in(app, SECRETARY_EMAIL)
    before = head(app)
    unknown = post(secretary, cap, "/refunds", "rf", request="999", amount="10", on=today(), decision="CA")
    assert unknown.status_code == 409 and "no pending withdrawal" in text(unknown)
    future = post(secretary, cap, "/payments", "pay", member=cap["bob"], amount="10", on="2099-01-01")
    assert future.status_code == 422 and "future" in text(future)
    too_much = post(secretary, cap, "/payments", "pay", member=cap["bob"], amount="151,00", on=today())
    assert too_much.status_code == 409 and "150,00 €" in text(too_much)
    bad_amount = post(secretary, cap, "/subscriptions", "sub", member=cap["bob"], shares="1", paid="douze", on=today(),
                      decision="CA")
    assert bad_amount.status_code == 422 and "Refused:" in text(bad_amount)
    for path, prefix in (("/subscriptions", "sub"), ("/payments", "pay"), ("/transfers", "tr"),
                         ("/withdrawals", "wd"), ("/refunds", "rf"), ("/cancellations", "cx")):
        response = post(secretary, cap, path, prefix)
        assert response.status_code == 422 and "Complete the highlighted fields." in text(response), path
        assert post(secretary, cap, path, prefix, shares="-3", on="0001-01-01").status_code == 422, path
    assert head(app) == before


PAGES = ("", "?on=2025-06-30", "/register", "/register.csv", "/register.pdf", "/variation", "/record")
FORMS = ("/subscriptions", "/payments", "/transfers", "/withdrawals", "/refunds", "/cancellations")


def test_only_the_poles_secretary_reaches_the_capital(app, cap):
    member_pages = (f"/members/{cap['alice']}", f"/members/{cap['alice']}/certificate.pdf")
    for email in (MEMBER_EMAIL, OUTSIDER_EMAIL, ADMIN_EMAIL):
        client = signed_in(app, email)
        for path in PAGES + member_pages:
            assert client.get(url(cap, path)).status_code == 403, (email, path)
        token = csrf_token(client, "/login")
        for path in FORMS:
            assert client.post(url(cap, path), data={"csrf_token": token}).status_code == 403, (email, path)
    anonymous = signed_in(app, None)
    for path in PAGES + member_pages:
        response = anonymous.get(url(cap, path))
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    secretary = signed_in(app, SECRETARY_EMAIL)
    for path in PAGES + member_pages:
        assert secretary.get(url(cap, path)).status_code == 200, path
    # A member of another pole under this pole's address is a 404.
    other = app.extensions["collegia.queries"].members(
        next(p["id"] for p in app.extensions["collegia.queries"].poles() if p["id"] != cap["pole"]))[0]["id"]
    assert secretary.get(url(cap, f"/members/{other}")).status_code == 404
    assert secretary.get(url(cap, f"/members/{other}/certificate.pdf")).status_code == 404
    assert secretary.get("/poles/nowhere/capital").status_code == 404


def test_a_pole_keeping_no_register_says_so(app):
    queries = app.extensions["collegia.queries"]
    other = next(p["id"] for p in queries.poles() if p["name"] == "Autre pôle")
    client = signed_in(app, OUTSIDER_EMAIL)  # its secretary
    for path in PAGES:
        response = client.get(f"/poles/{other}/capital{path}")
        assert response.status_code == 200, path
        if not path.endswith((".csv", ".pdf")):
            assert "keep no capital register" in text(response), path
    before = head(app)
    member = queries.members(other)[0]["id"]
    response = client.post(f"/poles/{other}/capital/subscriptions", data={
        "sub-csrf_token": csrf_token(client, f"/poles/{other}/capital/record"), "sub-member": member,
        "sub-shares": "1", "sub-paid": "10", "sub-on": today(), "sub-decision": "CA"})
    assert response.status_code == 422 and "keep no capital register" in text(response)
    assert client.get(f"/poles/{other}/capital/members/{member}/certificate.pdf").status_code == 409
    assert head(app) == before


def test_the_pages_in_french(app, cap):
    """The default language: the rule still named, amounts French style."""
    secretary = signed_in(app, SECRETARY_EMAIL, english=False)
    assert "2 300,00 €" in text(secretary.get(url(cap)))
    response = post(secretary, cap, "/subscriptions", "sub", member=cap["commune"], shares="8", paid="100,00",
                    on=today(), decision="CA du jour")
    assert response.status_code == 422 and "19 septies" in text(response) and "Refusé" in text(response)
    # The values a capital refusal names come in French too: the approving body, not « board ».
    early = post(secretary, cap, "/refunds", "rf", request="4", amount="100,00", on="2025-06-01", decision="CA")
    assert early.status_code == 422 and "(conseil d'administration)" in text(early), text(early)[-800:]
    assert "board" not in plain(early)
