"""The issue's walk-through in a real (headless) Chromium: a secretary convenes an AG mixte on the demo pole
(one ordinary and one extraordinary resolution), records attendance, runs both resolutions, closes the session,
signs the minutes and gets the PDF."""

from __future__ import annotations

import io
import time
from pathlib import Path

from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from projections.queries import Queries
from tests.web.conftest import SECRETARY_EMAIL, browser_login, staleness_of

AGENDA = ("Exclusion d'un membre pour non-paiement des cotisations", "Transfert du siège social à Die")


def click(browser, selector: str) -> None:
    """Click a button or a link and wait until the next page is loaded."""
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")
    button = browser.find_element(By.XPATH, selector)
    # A click that navigates at once can make chromedriver lose the node it clicked ("Node with given id does
    # not belong to the document"); the page's own click handler does the same for the user, without that race.
    browser.execute_script("arguments[0].click();", button)
    WebDriverWait(browser, 10).until(staleness_of(button))
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def test_secretary_runs_a_mixed_assembly_and_downloads_signed_minutes(demo_system, browser, live_server,
                                                                       tmp_path: Path):
    system, pole_id = demo_system
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser_login(browser, live_server, SECRETARY_EMAIL)
    click(browser, "//nav//a[normalize-space()='Assemblées']")
    assert "Assemblée générale ordinaire" in browser.find_element(By.TAG_NAME, "main").text  # the demo's AGO
    click(browser, "//a[normalize-space()='Convoquer une assemblée']")

    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=mixed]").click()
    browser.find_element(By.NAME, "place").send_keys("Maison de l'ESS, Die")
    for title in AGENDA:
        browser.find_element(By.XPATH, f"//label[starts-with(normalize-space(), \"{title} (\")]").click()
    click(browser, "//main//form//button[@type='submit']")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Assemblée générale mixte" in main and "Convoquée" in main

    click(browser, "//button[normalize-space()='Ouvrir la séance']")
    members = Select(browser.find_element(By.NAME, "att-member"))
    names = [o.text for o in members.options][:5]
    for i, name in enumerate(names):
        Select(browser.find_element(By.NAME, "att-member")).select_by_visible_text(name)
        mode = "remote" if i == 4 else "present"
        browser.find_element(By.CSS_SELECTOR, f"input[name=att-mode][value={mode}]").click()
        click(browser, "//button[normalize-space()='Enregistrer']")
    assert "5 sur 12 membres présents, représentés ou votant à distance" in \
        browser.find_element(By.TAG_NAME, "main").text.replace("\u202f", " ")

    for choice, title in zip(("for", "against"), AGENDA):
        click(browser, f"//button[starts-with(normalize-space(), 'Mettre aux voix') and contains(., \"{title}\")]")
        click(browser, "//button[normalize-space()='Confirmer']")  # putting to the vote is final: confirmed
        click(browser, f"//a[starts-with(normalize-space(), 'Saisir les votes de la salle') and "
                       f"contains(., \"{title}\")]")
        radios = WebDriverWait(browser, 10).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, f"input[type=radio][value={choice}]"))
        assert len(radios) == 5  # the five members taking part
        for radio in radios:
            radio.click()
        click(browser, "//button[normalize-space()='Enregistrer ces votes']")
        click(browser, f"//button[starts-with(normalize-space(), 'Clore le vote') and contains(., \"{title}\")]")
        click(browser, "//button[normalize-space()='Confirmer']")
    click(browser, "//button[normalize-space()='Clore la séance']")
    assert "Cette action est définitive" in browser.find_element(By.TAG_NAME, "main").text
    click(browser, "//button[normalize-space()='Confirmer']")

    click(browser, "//a[normalize-space()='Procès-verbal']")
    Select(browser.find_element(By.NAME, "sign-capacity")).select_by_value("secretary")
    click(browser, "//button[normalize-space()='Signer']")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "signé par Claire Martin, secrétaire de séance" in main
    assert "Adoptée" in main and "Rejetée" in main

    browser.find_element(By.LINK_TEXT, "Télécharger en PDF").click()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not [f for f in downloads.iterdir() if f.suffix == ".pdf"]:
        time.sleep(0.2)
    pdfs = [f for f in downloads.iterdir() if f.suffix == ".pdf"]
    assert pdfs, "the minutes were not downloaded as PDF"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdfs[0].read_bytes())).pages).split())
    assert "Maison de l'ESS, Die" in text and "signé par Claire Martin, secrétaire de séance" in text
    outcomes = {p["title"]: p["outcome"] for p in Queries(system.engine).register(pole_id, status="closed",
                                                                                   limit=100)}
    assert (outcomes[AGENDA[0]], outcomes[AGENDA[1]]) == ("adopted", "rejected")
