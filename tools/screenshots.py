"""Regenerate docs/screenshots/: the main pages of the demo pole, per role, in French.

    make screenshots

Each page twice: on a screen (docs/screenshots/NN-name.png, 1280 px wide, the whole page) and
on a phone (docs/screenshots/phone/NN-name.png, the first 375 x 812 screen).

Builds a throwaway demo store, serves it on a free loopback port and drives Debian's
headless Chromium through chromedriver.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from demo.pole import SECRETARY, load_demo
from infrastructure.config import Settings
from projections.queries import Queries
from infrastructure.system import bootstrap
from web.accounts.store import Accounts
from web.app import create_app
from web.accounts.demo import DEMO_PASSWORD, create_demo_accounts

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE_OUT = OUT / "phone"
DESKTOP, PHONE = (1280, 1000), (375, 812)
MEMBER = "nadia.benali@regie-fontbarlettes.example"
ADMIN = "admin@collegia.example"


def browser(profile: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", "--window-size=1280,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                            options=options)


def full_page(driver: webdriver.Chrome, name: str) -> None:
    """Save the page on a screen (the window resized to the page's height), then on a phone."""
    driver.set_window_size(*DESKTOP)
    time.sleep(0.2)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(DESKTOP[0], min(max(height, 700), 4000))
    time.sleep(0.3)
    driver.save_screenshot(str(OUT / f"{name}.png"))
    driver.set_window_size(*PHONE)
    time.sleep(0.2)
    chrome = driver.execute_script("return window.outerHeight - window.innerHeight")  # the window's own bars
    driver.set_window_size(PHONE[0], PHONE[1] + chrome)
    time.sleep(0.3)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(PHONE_OUT / f"{name}.png"))
    driver.set_window_size(*DESKTOP)
    print(f"  {name}.png, phone/{name}.png")


def phone_menu(driver: webdriver.Chrome, name: str) -> None:
    """The current page on a phone with its menu open."""
    driver.set_window_size(*PHONE)
    time.sleep(0.2)
    chrome = driver.execute_script("return window.outerHeight - window.innerHeight")
    driver.set_window_size(PHONE[0], PHONE[1] + chrome)
    driver.find_element(By.CSS_SELECTOR, "header details.menu > summary").click()
    time.sleep(0.3)
    driver.save_screenshot(str(PHONE_OUT / f"{name}.png"))
    driver.find_element(By.CSS_SELECTOR, "header details.menu > summary").click()
    driver.set_window_size(*DESKTOP)
    print(f"  phone/{name}.png")


def log_in(driver: webdriver.Chrome, base: str, email: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="collegia-shots-"))
    system = bootstrap(Settings(database_url=f"sqlite:///{workdir}/c.db", instance_dir=workdir), create_key=True)
    pole = str(load_demo(system.app))
    queries = Queries(system.engine)
    create_demo_accounts(Accounts(system.engine), queries, pole)
    open_vote = [p["id"] for p in queries.register(pole, status="open")][0]
    amendment = [p["id"] for p in queries.register(pole) if p["title"].startswith("Statuts v3")][0]
    secret = [p["id"] for p in queries.register(pole) if p["secret"]][0]
    server = make_server("127.0.0.1", 0, create_app(system=system), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    PHONE_OUT.mkdir(parents=True, exist_ok=True)
    driver = browser(workdir / "chromium")
    try:
        driver.get(f"{base}/login")
        full_page(driver, "01-login")
        log_in(driver, base, MEMBER)
        full_page(driver, "02-member-dashboard")
        phone_menu(driver, "02-member-dashboard-menu")
        driver.get(f"{base}/poles/{pole}/proposals/{open_vote}")
        full_page(driver, "03-member-vote")
        driver.get(f"{base}/poles/{pole}/proposals/{amendment}")
        full_page(driver, "04-result-per-college")
        log_in(driver, base, SECRETARY)
        driver.get(f"{base}/poles/{pole}/colleges")
        full_page(driver, "05-colleges-and-weights")
        driver.get(f"{base}/poles/{pole}/proposals/{secret}")
        full_page(driver, "06-secret-ballot-secretary-view")
        driver.get(f"{base}/poles/{pole}/register")
        full_page(driver, "07-decision-register")
        driver.get(f"{base}/poles/{pole}/proposals/{amendment}/timeline")
        full_page(driver, "08-decision-timeline")
        driver.get(f"{base}/poles/{pole}/manage/members")
        full_page(driver, "09-secretary-members")
        driver.get(f"{base}/poles/{pole}/manage/proposals/new?effect=amend_statutes")
        full_page(driver, "10-secretary-statutes-amendment")
        assembly = queries.assemblies(pole)[0]["id"]
        driver.get(f"{base}/poles/{pole}/assemblies/{assembly}")
        full_page(driver, "12-assembly")
        driver.get(f"{base}/poles/{pole}/minutes/{assembly}")
        full_page(driver, "13-assembly-minutes")
        driver.get(f"{base}/poles/{pole}/register/verify")
        full_page(driver, "14-register-integrity")
        log_in(driver, base, ADMIN)
        driver.get(f"{base}/admin")
        full_page(driver, "11-admin")
    finally:
        driver.quit()
        server.shutdown()
        system.close()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Screenshots written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
