"""Every admitted member of the demo pole has an account of its own, with an address of its own (issue 19)."""

from __future__ import annotations

from collections import Counter

from demo.referentiel import COORDINATOR, NETWORK_ID
from projections.queries import Queries
from web.accounts.demo import DEMO_PASSWORD, DEMO_USERS, create_demo_accounts, create_demo_network, demo_logins
from web.accounts.store import Accounts
from web.networks.store import Networks


def _member_accounts(accounts: Accounts, pole_id: str) -> list[dict]:
    return [u for u in accounts.pole_users(pole_id) if u["role"] == "member"]


def test_every_admitted_member_has_exactly_one_account_with_its_own_address(demo_system):
    system, pole_id = demo_system
    accounts, queries = Accounts(system.engine), Queries(system.engine)
    members = queries.members(pole_id)
    admitted = {m["id"]: m for m in members if m["status"] == "admitted"}
    others = {m["id"] for m in members if m["status"] != "admitted"}
    assert len(admitted) >= 10 and others  # the demo has refused and withdrawn members too

    linked = _member_accounts(accounts, pole_id)
    per_member = Counter(u["member_id"] for u in linked)
    assert per_member == Counter(list(admitted))  # exactly one account per admitted member, none for the others
    assert not others & set(per_member)
    addresses = [u["email"] for u in linked]
    assert len(set(addresses)) == len(addresses)
    everyone = [u["email"] for u in accounts.list_users()]
    assert len(set(everyone)) == len(everyone)
    for user in linked:
        assert user["email"].isascii() and user["email"].endswith(".example"), user["email"]
        member = admitted[user["member_id"]]
        assert user["name"] == member["representative"]  # the person representing the member (a person: itself)


def test_the_fixed_logins_are_unchanged_and_work(demo_system, client):
    system, pole_id = demo_system
    accounts = Accounts(system.engine)
    names = {m["id"]: m["name"] for m in Queries(system.engine).members(pole_id)}
    for email, name, role, member in DEMO_USERS:
        user = accounts.find_by_email(email)
        assert user and user["name"] == name
        if role == "member":
            assert [names[u["member_id"]] for u in accounts.pole_users(pole_id) if u["email"] == email] == [member]
    response = client.post("/login", data={"email": "marie.faure@association-epicerie-solidaire-diois.example",
                                           "password": DEMO_PASSWORD, "csrf_token": _token(client)})
    assert response.status_code == 302  # a generated account logs in with the demo password


def test_demo_logins_stay_short_and_creating_again_adds_nothing(demo_system):
    system, pole_id = demo_system
    accounts = Accounts(system.engine)
    before = len(accounts.list_users())
    create_demo_accounts(accounts, Queries(system.engine), pole_id)
    assert len(accounts.list_users()) == before
    logins = demo_logins(accounts)
    assert [login for _, login, _ in logins[:5]] == [email for email, *_ in DEMO_USERS]
    others = len(_member_accounts(accounts, pole_id)) - 3
    # the regional network's coordinator (issue 24), then one line for the other members
    assert logins[5][1] == COORDINATOR[0] and logins[5][0].startswith("network coordinator — ")
    assert len(logins) == 7 and logins[6][0] == f"…and {others} other member accounts"
    assert create_demo_network(accounts) == str(NETWORK_ID)  # idempotent: the same network, appointed once
    assert Networks(accounts.engine).coordinated_by(accounts.find_by_email(COORDINATOR[0])["id"]) == [str(NETWORK_ID)]


def _token(client) -> str:
    from tests.web.conftest import csrf_token
    return csrf_token(client)
