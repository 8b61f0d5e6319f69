"""The secretary's page re-checking the register's hash chain (demo pole on a chained store)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from demo.pole import load_demo
from projections.queries import Queries
from infrastructure.system import System
from tests.integration.chain_helpers import Tamperer, chained_bootstrap
from tests.web.conftest import OUTSIDER_EMAIL, _settings
from web.accounts.store import Accounts
from web.app import create_app
from web.edge import SECRETARY
from web.accounts.demo import DEMO_PASSWORD, create_demo_accounts
from web.audit.verify import bp


@pytest.fixture(scope="module")
def chained_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("chained-demo")
    system = chained_bootstrap(_settings(directory))
    pole = str(load_demo(system.app))
    accounts = Accounts(system.engine)
    create_demo_accounts(accounts, Queries(system.engine), pole)
    other = system.app.found_pole(
        name="Autre pôle", territory="Ailleurs", legal_form="Association", actor="admin",
        statutes={"model": "one_member_one_vote", "colleges": []},
        founders=[{"name": "Association Ailleurs", "kind": "ess_enterprise", "category": "beneficiary",
                   "representative": "Om Ailleurs"}])
    accounts.grant(accounts.create_user(OUTSIDER_EMAIL, "Om Ailleurs", DEMO_PASSWORD), str(other), SECRETARY)
    system.close()
    (directory / "pole_id").write_text(pole)
    return directory


@pytest.fixture
def demo_system(chained_template: Path, tmp_path: Path) -> Iterator[tuple[System, str]]:
    directory = tmp_path / "store"
    shutil.copytree(chained_template, directory)
    system = chained_bootstrap(_settings(directory))
    yield system, (directory / "pole_id").read_text()
    system.close()


@pytest.fixture
def app(demo_system):
    system, _ = demo_system
    flask_app = create_app(system=system, test_config={"TESTING": True, "SECRET_KEY": "test"})
    if bp.name not in flask_app.blueprints:
        flask_app.register_blueprint(bp)
    return flask_app


@pytest.mark.parametrize("role, status", [("member", 403), ("outsider", 403), ("secretary", 200), ("admin", 200)])
def test_only_the_secretary_and_admins_see_the_check(as_role, pole_id, role, status):
    assert as_role(role).get(f"/poles/{pole_id}/register/verify").status_code == status


def test_anonymous_visitors_are_sent_to_the_login_page(client, pole_id):
    response = client.get(f"/poles/{pole_id}/register/verify")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_unknown_pole_is_a_404(as_role):
    assert as_role("admin").get("/poles/00000000-0000-0000-0000-000000000000/register/verify").status_code == 404


def test_the_intact_demo_register_then_a_tampered_one(as_role, english, pole_id, demo_system):
    client = as_role("secretary")
    page = client.get(f"/poles/{pole_id}/register/verify").get_data(as_text=True)
    assert "The register is intact." in page
    system, _ = demo_system
    from infrastructure.chain_store import verify_store
    head = verify_store(system.app.recorder, pole_id).poles[pole_id]
    assert f"{head.entries} entries checked" in page and head.head_hash in page

    tamper = Tamperer(system.settings)
    rows, links = tamper.rows(), tamper.links()
    target = rows[60]
    tamper.delete(target[0])
    page = client.get(f"/poles/{pole_id}/register/verify").get_data(as_text=True)
    seq = links[target[0]][1]
    assert "The register has been tampered with." in page and "1 problem found" in page
    assert f"Entry {seq} of the register of pole {pole_id}" in page and "was removed" in page
    assert "The register is intact." not in page


def test_the_page_speaks_french_by_default(as_role, pole_id):
    page = as_role("secretary").get(f"/poles/{pole_id}/register/verify").get_data(as_text=True)
    assert "<h1>" in page and 'lang="fr"' in page


def test_checking_against_a_hash_noted_in_the_minutes(as_role, english, pole_id, demo_system):
    client = as_role("secretary")
    system, _ = demo_system
    from infrastructure.chain_store import verify_store
    head = verify_store(system.app.recorder, pole_id).poles[pole_id]
    url = f"/poles/{pole_id}/register/verify"
    page = client.get(url, query_string={"seq": head.head_seq, "noted": head.head_hash.upper()}).get_data(True)
    assert "The register is intact." in page and f"hash noted for entry no. {head.head_seq}" in page
    page = client.get(url, query_string={"seq": 3, "noted": "a" * 64}).get_data(as_text=True)
    assert "The register has been tampered with." in page and "rewritten since the hash was noted" in page
    assert f"Entry 3 of the register of pole {pole_id} no longer has the hash noted for it" in page
    page = client.get(url, query_string={"seq": head.head_seq + 5, "noted": head.head_hash}).get_data(True)
    assert "entries removed from the end" in page
    response = client.get(url, query_string={"seq": "x", "noted": "short"})
    assert response.status_code == 400 and "A hash is 64 characters" in response.get_data(as_text=True)
