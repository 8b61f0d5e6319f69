"""A pole's year on a phone (375×812, real headless Chromium): a member votes; the secretary closes the vote
(confirmed), convenes an assembly, records everyone's attendance in one submit, closes the session (confirmed), and
two different people sign the minutes. On every page, nothing is wider than the screen."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from projections.queries import Queries
from tests.web.conftest import MEMBER_EMAIL, SECRETARY_EMAIL, VOTED_MEMBER_EMAIL, browser_login, staleness_of

AGENDA = ("Exclusion d'un membre pour non-paiement des cotisations", "Transfert du siège social à Die")


def test_a_pole_year_on_a_phone(app, demo_system, browser, live_server):
    system, pole_id = demo_system
    browser.set_window_size(375, 812)

    def fits() -> None:
        WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")
        wide, inner = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        assert wide <= inner, f"{browser.current_url} is {wide}px wide on a {inner}px screen"

    def click(xpath: str) -> None:
        element = browser.find_element(By.XPATH, xpath)
        browser.execute_script("arguments[0].click();", element)
        WebDriverWait(browser, 10).until(staleness_of(element))
        fits()

    voting = Queries(system.engine).register(pole_id, status="open")[0]
    browser_login(browser, live_server, MEMBER_EMAIL)
    fits()
    browser.get(f"{live_server}/poles/{pole_id}/proposals/{voting['id']}")
    fits()
    before = Queries(system.engine).ballot_count(voting["id"])
    browser.execute_script("arguments[0].click();", browser.find_element(
        By.CSS_SELECTOR, "#ballot-form input[type=radio][value=for]"))
    click("//form[@id='ballot-form']//button[@type='submit']")
    assert Queries(system.engine).ballot_count(voting["id"]) == before + 1  # the member's ballot, from a phone
    browser.delete_all_cookies()

    browser_login(browser, live_server, SECRETARY_EMAIL)
    fits()
    browser.get(f"{live_server}/poles/{pole_id}/manage/proposals/{voting['id']}")
    fits()
    click("//form[@id='close']//button[@type='submit']")
    assert "Cette action est définitive" in browser.find_element(By.TAG_NAME, "main").text
    assert Queries(system.engine).proposal(voting["id"])["status"] == "open"  # asked, nothing done yet
    click("//button[normalize-space()='Confirmer']")
    assert Queries(system.engine).proposal(voting["id"])["status"] == "closed"

    browser.get(f"{live_server}/poles/{pole_id}/assemblies/new")
    fits()
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=mixed]").click()
    browser.find_element(By.NAME, "place").send_keys("Maison de l'ESS, Die")
    for title in AGENDA:
        browser.find_element(By.XPATH, f"//label[starts-with(normalize-space(), \"{title} (\")]").click()
    click("//main//form//button[@type='submit']")
    assert "Convoquée" in browser.find_element(By.TAG_NAME, "main").text
    assembly_id = browser.current_url.rstrip("/").split("/")[-1]
    click("//button[normalize-space()='Ouvrir la séance']")

    click("//a[normalize-space()='Saisir la présence de tous en une fois']")
    electors = sorted(system.app.get_assembly(assembly_id).electorate)
    for i, member in enumerate(electors):
        mode = "remote" if i == 0 else "present" if i < 7 else "absent"
        browser.execute_script("arguments[0].click();", browser.find_element(
            By.CSS_SELECTOR, f"input[name='sheet-{member}'][value={mode}]"))
    click("//button[normalize-space()='Enregistrer la feuille de présence']")
    attendance = system.app.get_assembly(assembly_id).attendance
    assert sum(1 for m in electors if attendance.get(m) in ("present", "remote")) == 7  # one submit

    click("//button[normalize-space()='Clore la séance']")
    assert "Cette action est définitive" in browser.find_element(By.TAG_NAME, "main").text
    click("//button[normalize-space()='Confirmer']")
    assert system.app.get_assembly(assembly_id).status == "closed"

    click("//a[normalize-space()='Procès-verbal']")
    Select(browser.find_element(By.NAME, "sign-capacity")).select_by_value("chair")
    click("//button[normalize-space()='Signer']")

    accounts = app.extensions["collegia.accounts"]
    accounts.grant(accounts.find_by_email(VOTED_MEMBER_EMAIL)["id"], pole_id, "secretary")
    browser.delete_all_cookies()
    browser_login(browser, live_server, VOTED_MEMBER_EMAIL)
    browser.get(f"{live_server}/poles/{pole_id}/minutes/{assembly_id}")
    fits()
    offered = [o.get_attribute("value") for o in Select(browser.find_element(By.NAME, "sign-capacity")).options]
    assert offered == ["secretary", "scrutineer"]  # the chair has signed: only the roles still to sign
    Select(browser.find_element(By.NAME, "sign-capacity")).select_by_value("secretary")
    click("//button[normalize-space()='Signer']")
    signatures = system.app.minutes(assembly_id)["signatures"]
    assert [s["capacity"] for s in signatures] == ["chair", "secretary"]
    assert signatures[0]["signer"] != signatures[1]["signer"]
