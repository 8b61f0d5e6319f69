"""Issue 25's walk in a real (headless) Chromium, from the demo store as `make run` serves it: the chair (Élise
Morel) has signed the September minutes' PDF; the secretary (Claire Martin) sets her signing passphrase from the
minutes' page, signs as secretary of the session, downloads the signed PDF, and the verification page shows two
valid signatures. The pages of the walk fit a phone and pass axe-core."""

from __future__ import annotations

import re
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.web.conftest import SECRETARY_EMAIL, VOTED_MEMBER_EMAIL, browser_login, login
from tests.web.test_browser_assembly import click
from tests.web.test_responsive import axe_source, axe_violations, overflow, set_size

PASSPHRASE = "ma phrase de secrétaire de séance"


def fits_and_passes_axe(browser, source: str, problems: list[str]) -> None:
    set_size(browser, "phone")
    where = browser.current_url
    if (wide := overflow(browser)):
        problems.append(f"{where}: scrolls sideways — {wide}")
    problems += [f"{where}: axe {v}" for v in axe_violations(browser, source)]
    set_size(browser, "desktop")


def chair_signs(app, minutes: str) -> None:
    """Élise Morel's part, as in tests/web/test_minutes_signing.py (her browser is not the one walked here)."""
    chair = app.test_client()
    assert login(chair, VOTED_MEMBER_EMAIL).status_code == 302

    def token(path: str, prefix: str) -> str:
        page = chair.get(path).get_data(as_text=True)
        return re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    pole_path = minutes.split("/minutes/")[0]
    assert chair.post(f"{pole_path}/signing", data={"key-csrf_token": token(f"{pole_path}/signing", "key"),
                                                    "key-passphrase": "la phrase d'Élise",
                                                    "key-confirm": "la phrase d'Élise"}).status_code == 302
    assert chair.post(f"{minutes}/sign-pdf", data={"pdf-csrf_token": token(minutes, "pdf"), "pdf-capacity": "chair",
                                                   "pdf-method": "pole-ca", "pdf-passphrase": "la phrase d'Élise"},
                      content_type="multipart/form-data").status_code == 302


def test_the_secretary_signs_downloads_and_the_verify_page_shows_two_valid_signatures(app, demo_system, browser,
                                                                                       live_server, tmp_path: Path):
    system, pole_id = demo_system
    source = axe_source()
    assembly = next(a["id"] for a in app.extensions["collegia.queries"].assemblies(pole_id) if a["status"] == "closed")
    minutes = f"/poles/{pole_id}/minutes/{assembly}"
    chair_signs(app, minutes)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    problems: list[str] = []

    browser_login(browser, live_server, SECRETARY_EMAIL)
    browser.get(live_server + minutes)
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Le PDF de ce texte porte 1 signature électronique." in main and "NON FIABLE" in main
    fits_and_passes_axe(browser, source, problems)
    click(browser, "//a[normalize-space()='Définir ma phrase secrète de signature']")
    browser.find_element(By.NAME, "key-passphrase").send_keys(PASSPHRASE)
    browser.find_element(By.NAME, "key-confirm").send_keys(PASSPHRASE)
    click(browser, "//button[normalize-space()='Créer mon certificat de signature']")
    assert "CN=Claire Martin" in browser.find_element(By.TAG_NAME, "main").text
    fits_and_passes_axe(browser, source, problems)
    click(browser, "//a[normalize-space()='Retour au procès-verbal']")

    Select(browser.find_element(By.NAME, "pdf-capacity")).select_by_value("secretary")
    browser.find_element(By.NAME, "pdf-passphrase").send_keys(PASSPHRASE)
    click(browser, "//button[normalize-space()='Signer le PDF']")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Vous avez signé le PDF du procès-verbal." in main
    assert "Le PDF de ce texte porte 2 signatures électroniques." in main

    browser.find_element(By.LINK_TEXT, "Télécharger le PDF signé").click()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not [f for f in downloads.iterdir() if f.suffix == ".pdf"]:
        time.sleep(0.2)
    (pdf,) = [f for f in downloads.iterdir() if f.suffix == ".pdf"]

    browser.get(f"{live_server}/minutes/verify")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(pdf))
    click(browser, "//button[normalize-space()='Vérifier']")
    result = " ".join(browser.find_element(By.ID, "result").text.split())
    assert "VALIDE : les 2 signatures sont valides et le document n'a pas été modifié." in result, result
    assert "Signature 1 : Élise Morel" in result and "Signature 2 : Claire Martin" in result
    assert "est inscrit au registre de Drôme Coopère" in result
    fits_and_passes_axe(browser, source, problems)
    assert not problems, "\n".join(problems)
