"""Account links by mail in a real Chromium, the mail going through a real SMTP server: an admin creates an
account, its owner opens the invitation's link and chooses a password (logged in at once); later, "Mot de passe
oublié ?" from the login page, the mailed link, a new password, and a login with it."""

from __future__ import annotations

import dataclasses
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from notifications.sender import Sender
from tests.web.conftest import ADMIN_EMAIL, browser_login, staleness_of
from tools.smtp_sink import SmtpSink

EMAIL = "camille.nouvelle@pole.example"
FIRST, SECOND = "Premier-mot-2026!", "Second-mot-2027?"


def test_an_invited_person_chooses_a_password_then_resets_it(app, demo_system, browser, live_server):
    system, _ = demo_system

    def submit() -> None:
        button = browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
        button.click()
        WebDriverWait(browser, 10).until(staleness_of(button))
        WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")

    def main_text() -> str:
        return browser.find_element(By.TAG_NAME, "main").text

    with SmtpSink() as sink:
        sender = Sender(system.engine, dataclasses.replace(system.settings, smtp_url=sink.url, mail_rate=0))

        def mailed_link(count: int) -> str:
            sender.send_due()
            message = sink.wait_for(count)[-1]
            assert message.rcpt_tos == [EMAIL]
            (path,) = re.findall(r"http://127\.0\.0\.1:5000(/\S+)", message.text)
            return live_server + path

        browser_login(browser, live_server, ADMIN_EMAIL)
        browser.get(f"{live_server}/admin/users/new")
        assert not browser.find_elements(By.CSS_SELECTOR, "main input[type=password]")
        browser.find_element(By.ID, "email").send_keys(EMAIL)
        browser.find_element(By.ID, "name").send_keys("Camille Nouvelle")
        submit()
        assert "Invitation envoyée à Camille Nouvelle" in browser.page_source
        browser.delete_all_cookies()  # the person, in their own browser

        browser.get(mailed_link(1))
        assert "Choisissez votre mot de passe" in main_text()
        browser.find_element(By.ID, "new").send_keys(FIRST)
        browser.find_element(By.ID, "confirm").send_keys(FIRST)
        submit()
        assert "/login" not in browser.current_url
        assert "bienvenue sur Collegia" in browser.page_source
        who = browser.find_element(By.CSS_SELECTOR, ".who").get_attribute("textContent")
        assert who.strip() == "Camille Nouvelle"  # logged in
        browser.delete_all_cookies()

        browser.get(f"{live_server}/login")
        browser.find_element(By.LINK_TEXT, "Mot de passe oublié ?").click()
        WebDriverWait(browser, 10).until(lambda b: "/password/forgot" in b.current_url)
        browser.find_element(By.ID, "email").send_keys(EMAIL)
        submit()
        assert "Si un compte utilise cette adresse" in main_text()

        browser.get(mailed_link(2))
        assert "Choisissez un nouveau mot de passe" in main_text()
        browser.find_element(By.ID, "new").send_keys(SECOND)
        browser.find_element(By.ID, "confirm").send_keys(SECOND)
        submit()
        assert browser.current_url.endswith("/login")
        assert "connectez-vous avec le nouveau" in browser.page_source
        browser.find_element(By.ID, "email").send_keys(EMAIL)
        browser.find_element(By.ID, "password").send_keys(SECOND)
        submit()
        assert "/login" not in browser.current_url
        who = browser.find_element(By.CSS_SELECTOR, ".who").get_attribute("textContent")
        assert who.strip() == "Camille Nouvelle"
        sender.close()
