"""Every page a demo role reaches by links, in French (the default UI), shows no internal code and no English.

The visible text of each page (no <script>, <style>, attribute values, <code> samples or user data such as
member names) must not carry a code of the domain (`beneficiary`, `merge_into`, `in_person`…) nor a common
English word that would betray a string left untranslated."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

from demo.pole import FOUNDERS, LATER
from tests.web.conftest import ADMIN_EMAIL, MEMBER_EMAIL, SECRETARY_EMAIL, VOTED_MEMBER_EMAIL, login
from governance.statutes import EMPTY_COLLEGE_RULES
from web.labels import (ASSEMBLY_KIND_OPTIONS, ASSEMBLY_MODE_OPTIONS, ATTENDANCE_OPTIONS, CAPACITY_OPTIONS,
                        CATEGORY_LABELS, EFFECT_OPTIONS, MEMBER_KIND_LABELS, MEMBER_STATUS_OPTIONS,
                        OUTCOME_OPTIONS, RESOLUTION_STATE_OPTIONS)

MAX_PAGES = 70  # per role
SKIP = (".csv", ".jsonl", ".json", ".txt", ".pdf")
# The domain's codes (snake_case ones are never French; single English words are checked as whole words).
CODES = sorted({*CATEGORY_LABELS, *MEMBER_KIND_LABELS, *ASSEMBLY_KIND_OPTIONS, *ASSEMBLY_MODE_OPTIONS,
                *ATTENDANCE_OPTIONS, *MEMBER_STATUS_OPTIONS, *OUTCOME_OPTIONS, *RESOLUTION_STATE_OPTIONS,
                *CAPACITY_OPTIONS, *EFFECT_OPTIONS, *(r.split(":")[0] for r in EMPTY_COLLEGE_RULES),
                "merge_into", "fell back", "not_for", "one_member_one_vote", "no_quorum", "in_session",
                "withdrawn", "requested", "secretary", "proposal", "ballot"}
               - {"none", "other", "training", "research", "company", "person", "absent", "present", "equal",
                  "convened", "closed", "voting", "pending", "voted", "chair", "scic", "weighted"})
ENGLISH = [" the ", " and ", " of the ", " to the ", " with ", " your ", " you ", " is ", " are ", " has ",
           " been ", " this ", " that ", " which ", "Vote for", "Choose", "Submit", "Members", "Member ",
           "Proposal", "Cancel", "Save", "Back to", "Refused:", "Nothing was recorded", "Sign in", "Log out",
           "Open ", "Closed", "Draft", "Result", "Share", "College", "Secretary", "Settings", "Search",
           " required", " optional", "(required)", "Page not found"]
PENDING: list[str] = []  # findings known and not fixed yet (regexes on the finding): none
# Elements whose text is the members' own data (texts of proposals, strategies…) or a sample typed as is.
USER_DATA = {"pre", "kbd", "samp", "blockquote", "textarea"}


class VisibleText(HTMLParser):
    """The text a reader sees, without scripts, styles, attribute values nor user-data elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in ("script", "style") or tag in USER_DATA or "data-user" in a or a.get("translate") == "no":
            self.hidden += 1
        elif tag in ("p", "div", "li", "td", "th", "h1", "h2", "h3", "br", "label", "legend", "dt", "dd"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") or tag in USER_DATA:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " " + re.sub(r"\s+", " ", "".join(self.parts)) + " "


def user_data_names() -> list[str]:
    """The demo's names (members, representatives, people), which may hold any word."""
    names = [n for row in (*FOUNDERS, *LATER) for n in (row[0], row[3]) if n]
    return names + ["Claire Martin", "Administratrice de la plateforme", "Om Ailleurs", "J. Dupont"]


def findings(text: str) -> list[str]:
    for name in user_data_names():
        text = text.replace(name, "«nom»")
    found = []
    for code in CODES:
        pattern = re.escape(code) if " " in code or "_" in code else rf"(?<![\w/.-]){re.escape(code)}(?![\w/.-])"
        for match in re.finditer(pattern, text):
            found.append(f"code {code!r}: …{text[max(0, match.start() - 60):match.end() + 60]}…")
    for word in ENGLISH:
        at = text.find(word)
        if at >= 0:
            found.append(f"English {word!r}: …{text[max(0, at - 60):at + len(word) + 60]}…")
    return found


def shape(path: str) -> str:
    """A page and the names of its query parameters: one of each (not every member's exclusion form)."""
    url = urlparse(path)
    return url.path + "?" + ",".join(sorted(k.split("=")[0] for k in url.query.split("&") if k))


def crawl_text(client, start: str = "/") -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    queue = [start]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        response = client.get(path)
        if response.status_code in (301, 302, 303) and response.headers["Location"].startswith("/"):
            queue.append(response.headers["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        page = VisibleText()
        page.feed(response.get_data(as_text=True))
        found = [f for f in findings(page.text) if not any(re.search(p, f) for p in PENDING)]
        if found:
            problems[path] = found
        for href in page.links:
            url = urlparse(urljoin(path, href))
            if url.netloc or not url.path.startswith("/") or url.path.endswith(SKIP) or \
                    url.path in ("/login", "/logout") or url.path.startswith("/api") or "as_of=" in url.query or "lang" in url.path:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if shape(target) not in seen:
                queue.append(target)
    return problems


def test_every_page_in_french_shows_words_not_codes(app):
    report: list[str] = []
    for email in (MEMBER_EMAIL, VOTED_MEMBER_EMAIL, SECRETARY_EMAIL, ADMIN_EMAIL):
        client = app.test_client()
        assert login(client, email).status_code == 302
        for path, found in crawl_text(client).items():
            report += [f"[{email.split('@')[0]}] {path}: {f}" for f in found]
    assert not report, "\n".join(report)
