"""Walk every page a user can reach by links: no server error, every field labelled, charts described."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest

MAX_PAGES = 120
SKIP = (".csv", ".jsonl")


class PageAudit(HTMLParser):
    """Collects links, form fields, labels and SVG descriptions of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.fields: list[dict[str, str | None]] = []
        self.label_targets: set[str] = set()
        self.svgs: list[dict[str, str | None]] = []
        self.svg_titles = 0
        self.html_lang: str | None = None
        self.inside_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.fields.append({**a, "wrapped": "yes" if self.inside_label else None})
        elif tag == "label":
            self.inside_label += 1
            if a.get("for"):
                self.label_targets.add(a["for"] or "")
        elif tag == "svg":
            self.svgs.append(a)
        elif tag == "title" and self.svgs:
            self.svg_titles += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.inside_label:
            self.inside_label -= 1


def crawl(client, start: str) -> dict[str, PageAudit]:
    seen: dict[str, PageAudit] = {}
    queue = [start]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if response.status_code in (301, 302, 303) and response.headers["Location"].startswith("/"):
            queue.append(response.headers["Location"])
            continue
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        audit = PageAudit()
        audit.feed(response.get_data(as_text=True))
        seen[path] = audit
        for href in audit.links:
            url = urlparse(urljoin(path, href))
            if url.netloc or not url.path.startswith("/") or url.path.endswith(SKIP) or url.path == "/login":
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                queue.append(target)
    return seen


@pytest.mark.parametrize("role", ["member", "secretary", "admin"])
def test_every_reachable_page_is_sound_and_accessible(as_role, role):
    client = as_role(role)
    pages = crawl(client, "/")
    assert len(pages) >= (8 if role != "member" else 5), sorted(pages)
    for path, audit in pages.items():
        assert audit.html_lang in ("fr", "en"), path
        for field in audit.fields:
            labelled = (field.get("id") in audit.label_targets or field.get("wrapped") or field.get("aria-label")
                        or field.get("aria-labelledby"))
            assert labelled, f"{path}: field {field.get('name')} has no label"
        for svg in audit.svgs:
            assert svg.get("role") == "img" and svg.get("aria-labelledby"), f"{path}: chart without description"
        assert audit.svg_titles >= len(audit.svgs), f"{path}: chart without <title>"


def test_the_crawl_reaches_the_main_pages(as_role, pole_id):
    pages = crawl(as_role("secretary"), "/")
    expected = [f"/poles/{pole_id}/", f"/poles/{pole_id}/colleges", f"/poles/{pole_id}/register",
                f"/poles/{pole_id}/manage/members", f"/poles/{pole_id}/manage/proposals"]
    for path in expected:
        assert any(p.startswith(path) for p in pages), f"{path} not reached; got {sorted(pages)[:20]}"
