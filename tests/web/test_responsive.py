"""Every page a demo role reaches by links fits a 375 px phone and a 1280 px screen, and passes axe-core.

One walk per role in a real Chromium (the `browser` and `live_server` fixtures): the pages are
found from links (GET only), at most a few of each kind (the same path with other ids or
another `?before=`), then each is measured at both window sizes — nothing may scroll sideways
(`scrollWidth <= innerWidth`) — and checked by axe-core (WCAG 2 A and AA rules, 0 violations) on a
phone, and on a screen too for each role's first page (where the header differs).

axe-core comes from npm (`make install` puts it in .cache/npm); locally the test skips
without it, with CI=true it fails.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.web.conftest import ADMIN_EMAIL, MEMBER_EMAIL, SECRETARY_EMAIL, browser_login

AXE = Path(__file__).resolve().parents[2] / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": (375, 812), "desktop": (1280, 800)}
ROLES = {"member": MEMBER_EMAIL, "secretary": SECRETARY_EMAIL, "admin": ADMIN_EMAIL}
SKIP = (".csv", ".jsonl", ".pdf", ".json")
PER_KIND = {"/poles/#/proposals/#": 3}  # pages of one kind visited (else one: one roster history, one user…)
MAX_PAGES = 40  # per role
SHARED = ("/account/", "/api/")  # the same page whoever asks: checked for the first role only
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")


def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core is missing ({AXE.relative_to(AXE.parents[4])}): run `make install` (needs npm)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def kind(path: str) -> str:
    """The page's kind: its path and query with ids and numbers left out."""
    return ID.sub("#", path)


def more_of(path: str, kinds: dict[str, int]) -> bool:
    return kinds.get(kind(path), 0) < PER_KIND.get(kind(path), 1)


def set_size(browser, size: str) -> None:
    width, height = SIZES[size]
    browser.set_window_size(width, height)
    for _ in range(20):  # the window may resize after the call returns
        if browser.execute_script("return window.innerWidth") == width:
            return
        time.sleep(0.05)
    assert browser.execute_script("return window.innerWidth") == width, f"the window is not {width} px wide"
    # Let the page's resize handler (web/static/collegia.js) run: two animation frames.
    browser.execute_async_script("const done = arguments[0]; "
                                 "requestAnimationFrame(() => requestAnimationFrame(() => done()));")


def overflow(browser) -> str | None:
    """None if the page fits its window's width; otherwise the widths and the widest elements."""
    return browser.execute_script("""
        const width = window.innerWidth, doc = document.documentElement;
        if (doc.scrollWidth <= width) return null;
        const wide = [];
        for (const el of document.querySelectorAll('body *')) {
          const box = el.getBoundingClientRect();
          if (box.right > width + 1 && box.width > 0) {
            const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
              + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
            wide.push(name + ' (right ' + Math.round(box.right) + ')');
          }
        }
        return 'scrollWidth ' + doc.scrollWidth + ' > ' + width + ': ' + wide.slice(0, 6).join(', ');
    """)


def axe_violations(browser, source: str) -> list[str]:
    if not browser.execute_script("return typeof window.axe !== 'undefined'"):
        browser.execute_script(source)  # normally already there: see load_axe_on_every_page
    result = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: ['wcag2a', 'wcag2aa'], resultTypes: ['violations']})
          .then(r => done(JSON.stringify(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' '))})))))
          .catch(e => done(JSON.stringify([{id: 'axe-error', impact: '', help: String(e), nodes: []}])));
    """)
    return [f"{v['id']} ({v['impact']}): {v['help']}\n        " + "\n        ".join(v["nodes"])
            for v in json.loads(result)]


def same_site_links(browser, base: str) -> list[str]:
    hrefs = browser.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    found = []
    for href in hrefs:
        url = urlparse(urljoin(browser.current_url, href))
        if f"{url.scheme}://{url.netloc}" != base or url.path.endswith(SKIP) or url.path in ("/login", "/logout"):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def load_axe_on_every_page(browser, source: str) -> None:
    """Have Chromium evaluate axe-core in every new document (cheaper than sending it each time)."""
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})


def walk(browser, base: str, source: str, shared: set[str]) -> tuple[list[str], list[str]]:
    """Visit the pages reachable from / by links; returns (visited paths, problems)."""
    problems: list[str] = []
    visited: list[str] = []
    kinds: dict[str, int] = {}
    queue, queued = ["/"], {"/"}
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        if not more_of(path, kinds) or path in shared:
            continue
        set_size(browser, "phone")
        browser.get(base + path)
        if browser.execute_script("return document.contentType") != "text/html":
            continue
        landed = urlparse(browser.current_url)
        path = landed.path + (f"?{landed.query}" if landed.query else "")
        kinds[kind(path)] = kinds.get(kind(path), 0) + 1
        visited.append(path)
        if path.startswith(SHARED):
            shared.add(path)
        for size in ("phone", "desktop"):
            set_size(browser, size)
            if (wide := overflow(browser)):
                problems.append(f"{path} at {size}: scrolls sideways — {wide}")
            # axe at both sizes on the role's first page (the header differs), on a phone elsewhere.
            if size == "phone" or len(visited) == 1:
                for violation in axe_violations(browser, source):
                    problems.append(f"{path} at {size}: axe {violation}")
        for link in same_site_links(browser, base):
            if link not in queued and more_of(link, kinds):
                queued.add(link)
                queue.append(link)
    return visited, problems


def test_every_page_fits_a_phone_and_a_screen_and_passes_axe(browser, live_server):
    source = axe_source()
    load_axe_on_every_page(browser, source)
    problems: list[str] = []
    shared: set[str] = set()
    for role, email in ROLES.items():
        browser.delete_all_cookies()
        set_size(browser, "desktop")
        browser_login(browser, live_server, email)
        visited, found = walk(browser, live_server, source, shared)
        assert len(visited) >= (8 if role == "secretary" else 5), f"{role}: only {visited}"
        problems += [f"[{role}] {p}" for p in found]
    # The login page, as anyone sees it first.
    browser.delete_all_cookies()
    for size in ("phone", "desktop"):
        set_size(browser, size)
        browser.get(f"{live_server}/login")
        if (wide := overflow(browser)):
            problems.append(f"[anonymous] /login at {size}: scrolls sideways — {wide}")
        problems += [f"[anonymous] /login at {size}: axe {v}" for v in axe_violations(browser, source)]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
