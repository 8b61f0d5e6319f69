"""Issue 23's walk in a real (headless) Chromium, on a SCIC founded through the use cases with a draft published for
discussion (tests/web/test_deliberation_pages.py `build_pole`: the demo pole changes with other work).

Ana comments on « Budget 2026 », Bob replies to her, Ana tables an amendment (« 120 000 euros » → « 100 000
euros »); the secretary admits it, opens its vote from the amendment's own page (« Amendement n° 1 à la résolution
… »), Ana and Bob vote for it, the secretary closes it: adopted. The resolution's vote then opens on the amended
text. The proposal page with its thread is measured on a 375 px phone (nothing scrolls sideways) and checked by
axe-core (WCAG 2 A/AA)."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.web.conftest import SECRETARY_EMAIL, browser_login
from tests.web.test_browser_convocation import click, main_text
from tests.web.test_deliberation_pages import EMAILS, build_pole


def test_members_discuss_and_an_amendment_is_voted_before_the_resolution_in_a_browser(app, browser, live_server):
    from tests.web.test_responsive import axe_source, axe_violations, load_axe_on_every_page, overflow, set_size
    ids = build_pole(app)
    domain = app.extensions["collegia"].app
    pole = f"{live_server}/poles/{ids['pole']}"
    resolution = f"{pole}/proposals/{ids['budget']}"
    source = axe_source()
    load_axe_on_every_page(browser, source)

    def log_in(email: str) -> None:
        browser.delete_all_cookies()
        browser_login(browser, live_server, email)

    def fill(name: str, value: str) -> None:
        field = browser.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def open_details(xpath: str) -> None:
        browser.find_element(By.XPATH, xpath).click()

    # 1. Ana comments, from the pole's list of discussions.
    log_in(EMAILS["ana"])
    browser.get(f"{pole}/discussions")
    click(browser, "//main//a[normalize-space()='Budget 2026']")
    fill("comment-text", "Le montant me semble élevé pour une première année.")
    click(browser, "//form[@id='comment-form']//button[@type='submit']")
    assert "Le montant me semble élevé" in browser.find_element(By.ID, "comment-1").text

    # 2. Bob replies to her: his reply is indented under her comment, hers is new to him.
    log_in(EMAILS["bob"])
    browser.get(resolution)
    assert "nouveau" in browser.find_element(By.ID, "comment-1").text.lower()
    open_details("//article[@id='comment-1']//summary[starts-with(normalize-space(), 'Répondre')]")
    fill("reply-1-text", "Il couvre le poste de coordination.")
    click(browser, "//article[@id='comment-1']//form//button[@type='submit']")
    assert browser.find_elements(By.XPATH, "//ol[@class='replies']//article[@id='comment-2']")

    # 3. Ana tables an amendment.
    log_in(EMAILS["ana"])
    browser.get(resolution)
    open_details("//details[@id='table-amendment']/summary")
    fill("amendment-passage", "120 000 euros")
    fill("amendment-wording", "100 000 euros")
    fill("amendment-motive", "Plus prudent la première année.")
    click(browser, "//details[@id='table-amendment']//button[@type='submit']")
    assert "Amendement n° 1" in browser.find_element(By.ID, "amendment-1").text
    amendment = domain.get_proposal(ids["budget"]).amendments[0]

    # The thread on a phone, and axe-core on the proposal page with its thread.
    set_size(browser, "phone")
    problems = [f"phone: scrolls sideways — {wide}"] if (wide := overflow(browser)) else []
    problems.extend(f"proposal page: axe {v}" for v in axe_violations(browser, source))
    set_size(browser, "desktop")
    assert not problems, "\n".join(problems)

    # 4. The secretary admits it and opens its vote from its own page.
    log_in(SECRETARY_EMAIL)
    browser.get(f"{pole}/manage/proposals/{ids['budget']}")
    open_details("//article[@id='amendment-1']//details/summary")
    click(browser, "//article[@id='amendment-1']//form[contains(@action, '/admit')]//button")
    assert "recevable" in browser.find_element(By.ID, "amendment-1").text.lower()
    click(browser, "//article[@id='amendment-1']//a[contains(@href, '" + amendment + "')]")
    assert "Amendement n° 1 à la résolution Budget 2026" in main_text(browser)
    browser.get(f"{pole}/manage/proposals/{amendment}")
    click(browser, "//form[@id='open']//button[@type='submit']")
    assert domain.get_proposal(amendment).status == "open", main_text(browser)

    # 5. Ana and Bob vote for it.
    for who in ("ana", "bob"):
        log_in(EMAILS[who])
        browser.get(f"{pole}/proposals/{amendment}")
        browser.find_element(By.CSS_SELECTOR, "#ballot-form input[value='for']").click()
        click(browser, "//form[@id='ballot-form']//button[@type='submit']")
    # 6. The secretary closes it (confirmed): adopted, the resolution now reads as amended; its vote opens.
    log_in(SECRETARY_EMAIL)
    browser.get(f"{pole}/manage/proposals/{amendment}")
    click(browser, "//form[@id='close']//button[@type='submit']")
    click(browser, "//main//form//button[@type='submit']")
    assert domain.get_proposal(amendment).outcome == "adopted"
    browser.get(f"{pole}/manage/proposals/{ids['budget']}")
    assert "Adopté" in browser.find_element(By.ID, "amendment-1").text
    click(browser, "//form[@id='open']//button[@type='submit']")
    opened = domain.get_proposal(ids["budget"])
    assert opened.status == "open", main_text(browser)
    assert "100 000 euros" in opened.text and "120 000 euros" in opened.original["text"]
