"""A member votes in a real (headless) Chromium, by keyboard, then changes her vote."""

from __future__ import annotations

from sqlalchemy import select

from projections import tables as t
from tests.web.conftest import MEMBER_EMAIL, browser_login, staleness_of
from tests.web.test_votes import NADIA_ORG, OPEN_TITLE

FOR, AGAINST = ("Pour", "For"), ("Contre", "Against")


def current_choice(app, member_name: str) -> str | None:
    engine = app.extensions["collegia"].engine
    with engine.connect() as conn:
        return conn.execute(select(t.ballots.c.choice)
                            .join(t.members, t.members.c.id == t.ballots.c.member_id)
                            .join(t.proposals, t.proposals.c.id == t.ballots.c.proposal_id)
                            .where(t.members.c.name == member_name, t.proposals.c.title == OPEN_TITLE)).scalar()


def test_member_votes_by_keyboard_then_changes_her_vote(app, browser, live_server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser_login(browser, live_server, MEMBER_EMAIL)
    browser.find_element(By.LINK_TEXT, OPEN_TITLE).click()  # the dashboard lists the open vote
    assert browser.find_element(By.TAG_NAME, "h1").text == OPEN_TITLE

    # Keyboard only: focus the first option, Space selects it, Enter submits the form.
    option = browser.find_element(By.CSS_SELECTOR, "#ballot-form input[type=radio][value=for]")
    option.send_keys(Keys.SPACE)
    assert option.is_selected()
    submit = browser.find_element(By.CSS_SELECTOR, "#ballot-form button[type=submit]")
    submit.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(staleness_of(submit))  # the page after the POST/redirect

    status = browser.find_element(By.CSS_SELECTOR, ".flash.success[role=status]").text
    assert NADIA_ORG in status and any(word in status for word in FOR)
    assert browser.find_element(By.CSS_SELECTOR, ".current-choice").text in FOR
    assert current_choice(app, NADIA_ORG) == "for"

    # Change of mind before the close: the last ballot counts.
    browser.find_element(By.CSS_SELECTOR, "label[for=choice-1]").click()
    submit = browser.find_element(By.CSS_SELECTOR, "#ballot-form button[type=submit]")
    submit.click()
    WebDriverWait(browser, 10).until(staleness_of(submit))
    assert browser.find_element(By.CSS_SELECTOR, ".current-choice").text in AGAINST
    assert browser.find_element(By.CSS_SELECTOR, "#ballot-form input[value=agt]").is_selected()
    assert current_choice(app, NADIA_ORG) == "against"

    shot = tmp_path / "vote.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000
