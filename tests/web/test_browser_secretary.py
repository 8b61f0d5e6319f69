"""A board secretary in a real (headless) Chromium: a vote from opening to result, the register, the weights."""

from __future__ import annotations

import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from projections.queries import Queries
from tests.web.conftest import SECRETARY_EMAIL, browser_login, staleness_of

DRAFT_TITLE = "Exclusion d'un membre pour non-paiement des cotisations"


def test_secretary_opens_and_closes_a_vote_and_sees_the_result_per_college(app, demo_system, browser, live_server):
    system, pole_id = demo_system
    draft = [p for p in Queries(system.engine).register(pole_id) if p["title"] == DRAFT_TITLE][0]
    browser_login(browser, live_server, SECRETARY_EMAIL)
    browser.find_element(By.LINK_TEXT, "Propositions").click()
    browser.find_element(By.LINK_TEXT, DRAFT_TITLE).click()
    submit = browser.find_element(By.CSS_SELECTOR, "form#open button[type=submit]")
    submit.click()  # the default closing time
    WebDriverWait(browser, 10).until(staleness_of(submit))
    assert Queries(system.engine).proposal(draft["id"])["status"] == "open"

    proposal = system.app.get_proposal(draft["id"])
    electors = sorted(proposal.electorate.items(), key=lambda item: item[1])
    for i, (member, _) in enumerate(electors[:6]):  # members vote meanwhile
        system.app.cast_ballot(draft["id"], member, ("for", "against", "for")[i % 3], actor="membre")
    browser.refresh()
    submit = browser.find_element(By.CSS_SELECTOR, "form#close button[type=submit]")
    submit.click()
    WebDriverWait(browser, 10).until(staleness_of(submit))
    assert "Cette action est définitive" in browser.find_element(By.TAG_NAME, "main").text  # asked first
    assert Queries(system.engine).proposal(draft["id"])["status"] == "open"
    confirm = browser.find_element(By.XPATH, "//button[normalize-space()='Confirmer']")
    confirm.click()
    WebDriverWait(browser, 10).until(staleness_of(confirm))

    browser.get(f"{live_server}/poles/{pole_id}/proposals/{draft['id']}")
    main = browser.find_element(By.TAG_NAME, "main").text
    for college in ("Salariés et producteurs", "Usagers et bénéficiaires", "Collectivités territoriales"):
        assert college in main
    assert "%" in main and browser.find_elements(By.CSS_SELECTOR, "svg[role=img]")
    row = Queries(system.engine).proposal(draft["id"])
    assert row["status"] == "closed" and row["outcome"] in ("adopted", "rejected", "no_quorum")


def test_secretary_filters_the_register_and_downloads_the_csv(demo_system, browser, live_server, tmp_path: Path):
    _, pole_id = demo_system
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser_login(browser, live_server, SECRETARY_EMAIL)
    browser.get(f"{live_server}/poles/{pole_id}/register")
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")
    Select(browser.find_element(By.NAME, "outcome")).select_by_value("rejected")
    submit = browser.find_element(By.CSS_SELECTOR, "form[role=search] button[type=submit]")
    submit.click()
    WebDriverWait(browser, 10).until(staleness_of(submit))
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")
    table = browser.find_element(By.TAG_NAME, "table").text
    assert "Adhésion au réseau national des tiers-lieux" in table
    assert "Approbation des comptes 2024" not in table

    browser.find_element(By.CSS_SELECTOR, "a[href*='register.csv']").click()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not [f for f in downloads.iterdir() if f.suffix == ".csv"]:
        time.sleep(0.2)
    files = [f for f in downloads.iterdir() if f.suffix == ".csv"]
    assert files, "the CSV was not downloaded"
    content = files[0].read_text(encoding="utf-8-sig")
    assert "Adhésion au réseau national des tiers-lieux" in content and ";" in content
    assert "Approbation des comptes 2024" not in content  # the filter applies to the export


def test_colleges_page_shows_weights_and_compliance_findings(demo_system, browser, live_server):
    _, pole_id = demo_system
    browser_login(browser, live_server, SECRETARY_EMAIL)
    browser.find_element(By.LINK_TEXT, "Collèges et pondérations").click()
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Partenaires, recherche et formation" in main and "25,00 %" in main.replace("\u202f", " ")
    assert "Conforme" in main  # the findings' badges, in French
    assert browser.find_elements(By.CSS_SELECTOR, "svg[role=img] title")
