"""Web fixtures: the demo pole behind a Flask test client, logins per role, and a real Chromium.

Browser tests drive Debian's chromium through chromedriver (never a downloaded browser).
Locally they skip when chromium is absent; with CI=true they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest
from werkzeug.serving import make_server

from demo.pole import load_demo
from governance.sealing import BallotSealer
from infrastructure.config import Settings
from projections.queries import Queries
from infrastructure.system import System, bootstrap
from web.accounts.store import Accounts
from web.app import create_app
from web.edge import SECRETARY
from web.accounts.demo import DEMO_PASSWORD, create_demo_accounts

ADMIN_EMAIL = "admin@collegia.example"
SECRETARY_EMAIL = "claire.martin@terres-de-liens-coop.example"
MEMBER_EMAIL = "nadia.benali@regie-fontbarlettes.example"  # has not voted on the open proposal
VOTED_MEMBER_EMAIL = "elise.morel@valdedrome.example"  # voted "for" on the open proposal
OUTSIDER_EMAIL = "outsider@autre-pole.example"  # member of another pole only


BALLOT_KEY = BallotSealer.generate_key()


def _settings(directory: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{directory}/c.db", instance_dir=directory, ballot_key=BALLOT_KEY)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo pole, its logins and another pole, built once; each test gets a copy of the files."""
    directory = tmp_path_factory.mktemp("demo-template")
    system = bootstrap(_settings(directory))
    pole = str(load_demo(system.app))
    accounts = Accounts(system.engine)
    create_demo_accounts(accounts, Queries(system.engine), pole)
    other = system.app.found_pole(
        name="Autre pôle", territory="Ailleurs", legal_form="Association", actor="admin",
        statutes={"model": "one_member_one_vote", "colleges": []},
        founders=[{"name": "Association Ailleurs", "kind": "ess_enterprise", "category": "beneficiary",
                   "representative": "Om Ailleurs"}])
    outsider = accounts.create_user(OUTSIDER_EMAIL, "Om Ailleurs", DEMO_PASSWORD)
    accounts.grant(outsider, str(other), SECRETARY)
    system.close()
    (directory / "pole_id").write_text(pole)
    return directory


@pytest.fixture
def demo_system(demo_template: Path, tmp_path: Path) -> Iterator[tuple[System, str]]:
    directory = tmp_path / "store"
    shutil.copytree(demo_template, directory)
    system = bootstrap(_settings(directory))
    yield system, (directory / "pole_id").read_text()
    system.close()


@pytest.fixture
def app(demo_system):
    system, _ = demo_system
    return create_app(system=system, test_config={"TESTING": True, "SECRET_KEY": "test"})


@pytest.fixture
def pole_id(demo_system) -> str:
    return demo_system[1]


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of a form page, as a browser would read it."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, email: str, password: str = DEMO_PASSWORD):
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)})


@pytest.fixture
def as_role(client):
    """Log the test client in as one of: anonymous, outsider, member, voted_member, secretary, admin."""
    emails = {"outsider": OUTSIDER_EMAIL, "member": MEMBER_EMAIL, "voted_member": VOTED_MEMBER_EMAIL,
              "secretary": SECRETARY_EMAIL, "admin": ADMIN_EMAIL}

    def log_in(role: str):
        if role != "anonymous":
            response = login(client, emails[role])
            assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return log_in


# -- a real browser --------------------------------------------------------------------
@pytest.fixture
def live_server(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def browser(tmp_path: Path):
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and chromedriver are required in CI (Debian packages chromium, chromium-driver)")
        pytest.skip("chromium / chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1280,1600",
                 "--lang=fr-FR"):
        options.add_argument(flag)
    drv = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    drv.implicitly_wait(3)
    yield drv
    drv.quit()


def staleness_of(element):
    """Selenium's `staleness_of`, also when Chromium reports the node leaving the page as an unknown error.

    Between a form's submission and the next page, chromedriver may answer a check on the old
    node with "Node with given id does not belong to the document" instead of a stale element."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def replaced(_driver) -> bool:
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False
    return replaced


def browser_login(browser, base: str, email: str) -> None:
    from selenium.webdriver.common.by import By
    browser.get(f"{base}/login")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(browser, 10).until(lambda b: "/login" not in b.current_url)  # logged in before going on
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


@pytest.fixture
def english(client):
    """Switch the client's UI to English (for assertions on interface wording)."""
    client.post("/language", data={"language": "en", "csrf_token": csrf_token(client), "next": "/login"})
    return client


@pytest.fixture
def system(app):
    """The app's wired store (events, read models, settings)."""
    return app.extensions["collegia"]


@pytest.fixture
def accounts(app):
    return app.extensions["collegia.accounts"]
