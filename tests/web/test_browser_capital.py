"""Issue 22's walk in a real (headless) Chromium: from the secretary's login, the capital page of a SCIC keeping its
register (tests/web/test_capital_pages.py `build_capital_pole`: 46 shares of 50 €, public bodies 20 of them, under
the 50 % of loi n° 47-1775 art. 19 septies); the secretary records a subscription (an approved applicant's minimum,
which admits it), a refund (a withdrawal due since March) and a transfer, downloads the register PDF and a share
certificate, and sees a subscription that would take the public bodies above 50 % refused with the rule named and
nothing recorded. The pages are measured on a 375 px phone (nothing scrolls sideways) and checked by axe-core."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from governance.clock import PARIS, now
from tests.web.conftest import SECRETARY_EMAIL, browser_login
from tests.web.test_browser_convocation import click, main_text, pdf_text, wait_for_files
from tests.web.test_capital_pages import ALICE, BOB, COMMUNE, SCOP, build_capital_pole, movements


def fill(browser, name: str, value: str) -> None:
    field = browser.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def test_the_secretary_keeps_the_capital_register_in_a_browser(app, browser, live_server, tmp_path: Path):
    from tests.web.test_responsive import axe_source, axe_violations, load_axe_on_every_page, overflow, set_size
    ids = build_capital_pole(app)
    base = f"{live_server}/poles/{ids['pole']}/capital"
    today = now().astimezone(PARIS).date().isoformat()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    source = axe_source()
    load_axe_on_every_page(browser, source)
    problems: list[str] = []

    def check_page(name: str) -> None:
        """On a phone: nothing scrolls sideways, and axe-core finds no WCAG 2 A/AA violation."""
        set_size(browser, "phone")
        if (wide := overflow(browser)):
            problems.append(f"{name}: scrolls sideways — {wide}")
        problems.extend(f"{name}: axe {v}" for v in axe_violations(browser, source))
        set_size(browser, "desktop")

    browser_login(browser, live_server, SECRETARY_EMAIL)
    browser.get(base)
    main = main_text(browser)
    assert "2 300,00 €" in main and "43,48 %" in main and "19 septies" in main, main
    assert browser.find_element(By.ID, "public-finding").get_attribute("class") == "ok"
    assert SCOP in browser.find_element(By.ID, "awaiting").text
    check_page("capital")

    # A subscription: the approved SCOP subscribes its minimum of 5 shares, a quarter paid; its admission takes effect.
    click(browser, f"//main//a[@href='/poles/{ids['pole']}/capital/record']")
    check_page("record")
    Select(browser.find_element(By.NAME, "sub-member")).select_by_value(ids["scop"])
    fill(browser, "sub-shares", "5")
    fill(browser, "sub-paid", "62,50")
    fill(browser, "sub-decision", "CA du jour")
    assert browser.find_element(By.NAME, "sub-on").get_attribute("value") == today
    click(browser, "//form[@id='subscription']//button[@type='submit']")
    assert browser.current_url == base, main_text(browser)
    assert "5" in browser.find_element(By.CSS_SELECTOR, "p.flash.success").text
    assert app.extensions["collegia"].app.get_pole(ids["pole"]).member(ids["scop"])["status"] == "admitted"

    # A refund: Alice's 2 shares asked back on 1 March 2025, due a year later (the statutes).
    browser.get(f"{base}/record")
    Select(browser.find_element(By.NAME, "rf-request")).select_by_value("4")
    fill(browser, "rf-amount", "100,00")
    fill(browser, "rf-decision", "CA du jour")
    click(browser, "//form[@id='refund']//button[@type='submit']")
    assert browser.current_url == base, main_text(browser)
    last = movements(app, ids["pole"])[-1]
    assert (last["kind"], last["request"], last["amount"]) == ("refund", 4, "100.00")

    # A transfer: one of Alice's paid-up shares to Bob.
    browser.get(f"{base}/record")
    Select(browser.find_element(By.NAME, "tr-member")).select_by_value(ids["alice"])
    Select(browser.find_element(By.NAME, "tr-to_member")).select_by_value(ids["bob"])
    fill(browser, "tr-shares", "1")
    fill(browser, "tr-decision", "CA du jour")
    click(browser, "//form[@id='transfer']//button[@type='submit']")
    assert browser.current_url == base, main_text(browser)
    last = movements(app, ids["pole"])[-1]
    assert (last["kind"], last["member_id"], last["to_member_id"], last["shares"]) == (
        "transfer", ids["alice"], ids["bob"], 1)
    main = main_text(browser)
    assert "2 450,00 €" in main, main  # 46 + 5 − 2 shares = 49 × 50 €

    # The register (its page, then the PDF) and Alice's certificate, downloaded from their links.
    click(browser, f"//main//a[@href='/poles/{ids['pole']}/capital/register']")
    assert "7" in browser.find_element(By.ID, "register-lines").find_element(By.TAG_NAME, "caption").text
    check_page("register")
    browser.find_element(By.XPATH, f"//main//a[@href='/poles/{ids['pole']}/capital/register.pdf']").click()
    click(browser, f"//main//a[@href='/poles/{ids['pole']}/capital/members/{ids['alice']}']")
    check_page("account")
    browser.find_element(By.XPATH, "//main//a[contains(@href, '/certificate.pdf')]").click()
    register, certificate = wait_for_files(downloads, [f"registre-capital-pole-capital-diois-{today}.pdf",
                                                       f"certificat-parts-alice-dubois-{today}.pdf"])
    assert register.read_bytes().startswith(b"%PDF") and certificate.read_bytes().startswith(b"%PDF")
    register_text = pdf_text(register)
    for words in (ALICE, BOB, COMMUNE, SCOP, "2 300,00", "62,50", "CA du jour"):
        assert words.replace(" ", "") in register_text.replace(" ", "").replace("\u202f", ""), words
    certificate_text = pdf_text(certificate).replace("\u202f", " ")
    assert ALICE in certificate_text and "950,00" in certificate_text  # 22 − 2 − 1 = 19 shares, all paid

    # A subscription taking the public bodies above half: 20 + 10 of 49 + 10 = 50,85 %, refused and not recorded.
    before = len(movements(app, ids["pole"]))
    browser.get(f"{base}/record")
    Select(browser.find_element(By.NAME, "sub-member")).select_by_value(ids["commune"])
    fill(browser, "sub-shares", "10")
    fill(browser, "sub-paid", "125,00")
    fill(browser, "sub-decision", "CA du jour")
    click(browser, "//form[@id='subscription']//button[@type='submit']")
    refusal = browser.find_element(By.CSS_SELECTOR, "main .refusal[role=alert]").text
    assert "19 septies" in refusal and "50,85" in refusal.replace(".", ","), refusal
    assert browser.current_url == f"{base}/subscriptions"
    assert browser.find_element(By.NAME, "sub-shares").get_attribute("value") == "10"  # the input kept
    assert len(movements(app, ids["pole"])) == before
    check_page("refused subscription")
    assert not problems, "\n".join(problems)
