"""Issue 24's walk in a real (headless) Chromium, on the demo pole with the regional network's second pole loaded
(as `collegia demo` loads them: demo/referentiel.py `load_second_pole`).

Nadia Benali, on a 375 px phone, opens « Auto-évaluation » from the pole's menu and answers the demo's open campaign
« Auto-évaluation 2026 » (three indicators, a justification); her answers are shown back to her. The secretary
closes the campaign: the results show Nadia's ratings in the distributions (all respondents and her college), the
two radars and the change since « Auto-évaluation 2025 ». The network's coordinator sees both poles of the « Cellule
régionale des PTCE », each with only what its decision shares. axe-core (WCAG 2 A/AA) checks the answer form, the
results and the network page; the answer form must not scroll sideways on the phone."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from demo.referentiel import COORDINATOR, NETWORK_ID, SECOND_POLE, load_second_pole, ratings
from projections.queries import Queries
from tests.web.conftest import MEMBER_EMAIL, SECRETARY_EMAIL, browser_login
from tests.web.test_browser_convocation import click, main_text
from web.accounts.demo import create_second_pole_accounts

CAMPAIGN, BEFORE = "Auto-évaluation 2026", "Auto-évaluation 2025"
NADIA, COLLEGE, COLLEGE_NAME = "Régie de quartier Fontbarlettes", "salaries", "Salariés et producteurs"
# Nadia's answers: (importance 1–6, achievement 1–4, justification)
ANSWERS = {"a1": (5, 2, "Le tiers-lieu de Crest est loin pour nos salariés de Valence."),
           "e2": (6, 3, ""), "h1": (4, 1, "")}


@pytest.fixture
def second_pole(demo_system) -> str:
    """The demo store (tests/web/conftest.py `demo_system`) with Royans-Vercors Coopération, the network's second
    pole, and its secretary's login; the network and its coordinator are the demo's (`create_demo_accounts`)."""
    system, _ = demo_system
    second = str(load_second_pole(system.app))
    system.projector.catch_up()
    from web.accounts.store import Accounts
    create_second_pole_accounts(Accounts(system.engine), second)
    return second


def expected(q: Queries, pole_id: str, campaign: str, nadia: str) -> dict[tuple[str, str, str], Counter[int]]:
    """(group, indicator, scale) → the ratings' distribution: the demo's deterministic answers of every other
    respondent (demo/referentiel.py `ratings`), and Nadia's; the group "" is all respondents."""
    names = {m["id"]: m["name"] for m in q.members(pole_id)}
    counts: dict[tuple[str, str, str], Counter[int]] = {}
    for p in q.campaign_participation(campaign):
        given = {i: {"importance": a[0], "achievement": a[1]} for i, a in ANSWERS.items()} if p["respondent"] == nadia \
            else ratings(names[p["respondent"]], p["college"], 2026)
        for indicator in ANSWERS:
            for scale in ("importance", "achievement"):
                value = (given.get(indicator) or {}).get(scale)
                for group in ("", p["college"]):
                    counts.setdefault((group, indicator, scale), Counter())
                    if value:
                        counts[(group, indicator, scale)][value] += 1
    return counts


def distribution_text(counts: Counter[int]) -> str:
    return " · ".join(f"{n} × {v}" for v, n in sorted(counts.items())) or "—"


def test_a_member_answers_the_secretary_closes_and_the_network_sees_two_poles_in_a_browser(
        app, second_pole, browser, live_server):
    from tests.web.test_responsive import axe_source, axe_violations, load_axe_on_every_page, overflow, set_size
    system = app.extensions["collegia"]
    q = Queries(system.engine)
    pole_id = next(p["id"] for p in q.poles() if p["name"] == "Drôme Coopère")
    campaign = next(c["id"] for c in q.campaigns(pole_id) if c["title"] == CAMPAIGN and not c["closed"])
    nadia = next(m["id"] for m in q.members(pole_id) if m["name"] == NADIA)
    source = axe_source()
    load_axe_on_every_page(browser, source)
    problems: list[str] = []

    def log_in(email: str) -> None:
        browser.delete_all_cookies()
        browser_login(browser, live_server, email)

    def absent(scope: Any, css: str) -> bool:
        """No element matches, said at once (the browser fixture waits 3 s for elements that do not come)."""
        browser.implicitly_wait(0)
        try:
            return not scope.find_elements(By.CSS_SELECTOR, css)
        finally:
            browser.implicitly_wait(3)

    def axe(page: str) -> None:
        problems.extend(f"{page}: axe {v}" for v in axe_violations(browser, source))

    # 1. Nadia, on a phone: the pole's menu, « Auto-évaluation », the open campaign.
    set_size(browser, "phone")
    log_in(MEMBER_EMAIL)
    browser.find_element(By.CSS_SELECTOR, "details.menu > summary").click()
    click(browser, "//nav//a[contains(@href, '/poles/%s/referentiel/campaigns')]" % pole_id)
    click(browser, f"//li[@id='campaign-{campaign}']//a[contains(@class, 'button') and contains(@href, '{campaign}')]")
    assert CAMPAIGN in browser.find_element(By.TAG_NAME, "h1").text
    assert absent(browser, "#answer-title ~ p.flash.success"), "she had not answered yet"
    if wide := overflow(browser):
        problems.append(f"answer form on a phone: scrolls sideways — {wide}")
    axe("answer form")
    for indicator, (importance, achievement, why) in ANSWERS.items():
        for scale, value in (("importance", importance), ("achievement", achievement)):
            radio = browser.find_element(By.CSS_SELECTOR, f"input[name='answer-{scale}-{indicator}'][value='{value}']")
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
            radio.click()
        if why:
            browser.find_element(By.NAME, f"answer-justification-{indicator}").send_keys(why)
    click(browser, "//form[contains(@class, 'ref-answer')]//button[@type='submit']")
    # Her answers are saved and shown back to her: the ratings she chose are checked, her justification is there.
    assert browser.find_element(By.CSS_SELECTOR, "#answer-title ~ p.flash.success").is_displayed()
    for indicator, (importance, achievement, why) in ANSWERS.items():
        for scale, value in (("importance", importance), ("achievement", achievement)):
            chosen = browser.find_elements(By.CSS_SELECTOR, f"input[name='answer-{scale}-{indicator}']:checked")
            assert [c.get_attribute("value") for c in chosen] == [str(value)], (indicator, scale)
        assert browser.find_element(By.NAME, f"answer-justification-{indicator}").get_attribute("value") == why
    assert system.app.own_answers(campaign, respondent=nadia)["a1"] == {
        "importance": 5, "achievement": 2, "justification": ANSWERS["a1"][2]}
    set_size(browser, "desktop")

    # 2. The secretary closes the campaign (confirmed) and reads its results.
    log_in(SECRETARY_EMAIL)
    browser.get(f"{live_server}/poles/{pole_id}/referentiel/campaigns/{campaign}")
    click(browser, "//form[contains(@action, '/close')]//button[@type='submit']")
    click(browser, "//section[@class='confirm']//form//button[@type='submit']")
    assert browser.current_url.endswith(f"/referentiel/campaigns/{campaign}/results"), main_text(browser)
    assert q.campaign(campaign)["closed"]
    counts = expected(q, pole_id, campaign, nadia)
    answered = len(q.campaign_participation(campaign))
    in_college = sum(1 for p in q.campaign_participation(campaign) if p["college"] == COLLEGE)
    respondents = [(row.find_element(By.TAG_NAME, "th").text, row.find_element(By.TAG_NAME, "td").text)
                   for row in browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby='respondents-title'] "
                                                                     "tbody tr")]
    assert dict(respondents)[COLLEGE_NAME] == str(in_college), respondents  # Nadia's college, then everyone last
    assert respondents[-1][1] == str(answered), respondents
    for indicator in ANSWERS:
        block = browser.find_element(By.XPATH, f"//table[contains(@class, 'ref-stats')]/tbody"
                                               f"[tr/th[starts-with(normalize-space(), '{indicator} —')]]")
        rows = block.find_elements(By.XPATH, "tr[th[@scope='row']]")
        everyone = rows[0]  # all respondents first, then the colleges
        college = next(r for r in rows if r.find_element(By.TAG_NAME, "th").get_attribute("textContent")
                       == COLLEGE_NAME)
        for group, row in (("", everyone), (COLLEGE, college)):
            cells = [c.get_attribute("textContent").strip() for c in row.find_elements(By.TAG_NAME, "td")]
            for scale, n_at, text_at in (("importance", 0, 3), ("achievement", 4, 7)):
                want = counts[(group, indicator, scale)]
                assert cells[n_at] == str(sum(want.values())), (indicator, group or "all", scale, cells)
                assert cells[text_at].startswith(distribution_text(want)), (indicator, group or "all", scale, cells)
    assert ANSWERS["a1"][2] in browser.find_element(By.ID, "objective-a").get_attribute("textContent")
    radars = browser.find_elements(By.CSS_SELECTOR, "figure.ref-figure svg.ref-radar[role='img']")
    assert len(radars) == 2, "achievement and importance"
    assert all(COLLEGE_NAME in r.find_element(By.TAG_NAME, "desc").get_attribute("textContent") for r in radars)
    movement = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='movement-title']")
    assert BEFORE in movement.find_element(By.TAG_NAME, "h2").text
    assert movement.find_elements(By.CSS_SELECTOR, "svg.ref-movement[role='img']")
    assert len(movement.find_elements(By.CSS_SELECTOR, "tbody tr")) == 9, "the nine principal objectives"
    axe("results page")

    # 3. The network's coordinator: both poles, each with only what its decision shares.
    log_in(COORDINATOR[0])
    click(browser, f"//main//a[contains(@href, '/networks/{NETWORK_ID}')]")
    poles = {row.find_element(By.TAG_NAME, "th").find_element(By.TAG_NAME, "a").text: row
             for row in browser.find_elements(By.CSS_SELECTOR, "tr[id^='pole-']")}
    assert set(poles) == {"Drôme Coopère", SECOND_POLE["name"]}, list(poles)
    drome, royans = poles["Drôme Coopère"], poles[SECOND_POLE["name"]]
    latest = drome.find_element(By.CSS_SELECTOR, "[data-figure='referentiel']").text
    assert CAMPAIGN in latest and str(answered) in latest, latest  # the campaign just closed is its latest
    assert drome.find_elements(By.CSS_SELECTOR, "[data-figure='decisions']")
    assert royans.find_elements(By.CSS_SELECTOR, "[data-figure='members']")
    assert absent(royans, "[data-figure='decisions'], [data-figure='assemblies']"), "it shares neither"
    assert len(browser.find_elements(By.CSS_SELECTOR, "main .side-by-side svg.ref-radar")) == 2
    assert ANSWERS["a1"][2] not in main_text(browser), "never a justification"
    axe("network page")
    assert not problems, "\n".join(problems)
