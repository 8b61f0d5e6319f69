"""Helpers for the hostile-input and secret-ballot tests: a same-site crawler and text records.

`crawl` follows every same-site link (href, src, action of GET forms) of the pages a logged-in
test client can reach, from given start paths; `records` cuts any response into the smallest
units that could link two facts together (a table row, a list item, a paragraph, a JSON
object, a CSV row, a line of PDF text, a log record).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any, Iterable, Iterator
from urllib.parse import urldefrag, urlsplit

from pypdf import PdfReader

SKIP = ("/logout", "/static/", "/language")
LINK = re.compile(r'(?:href|src|action)="([^"]+)"')


@dataclass
class Page:
    path: str
    status: int
    mimetype: str
    body: bytes
    links: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def same_site_links(html: str) -> list[str]:
    links = []
    for raw in LINK.findall(html):
        url = urldefrag(unescape(raw))[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith(SKIP):
            continue
        links.append(url)
    return links


def crawl(client: Any, starts: Iterable[str], *, limit: int = 400, variants_per_path: int = 3,
          skip: tuple[str, ...] = (), headers: dict[str, str] | None = None) -> dict[str, Page]:
    """GET every same-site page reachable from `starts` (at most `variants_per_path` query strings per path)."""
    seen: dict[str, Page] = {}
    queue = list(starts)
    per_path: Counter[str] = Counter()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or path.startswith(skip) or (url != path and per_path[path] >= variants_per_path):
            continue
        per_path[path] += url != path
        response = client.get(url, headers=headers or {})
        page = Page(url, response.status_code, response.mimetype or "", response.get_data())
        seen[url] = page
        if page.mimetype == "text/html":
            page.links = same_site_links(page.text)
            queue.extend(link for link in page.links if link not in seen)
    return seen


# -- records -----------------------------------------------------------------------------------------
BLOCKS = {"tr", "li", "p", "div", "section", "article", "header", "footer", "main", "nav", "h1", "h2", "h3", "h4",
          "h5", "h6", "caption", "dt", "dd", "option", "label", "fieldset", "legend", "form", "table", "tbody",
          "thead", "ul", "ol", "dl", "details", "summary", "figure", "figcaption", "blockquote", "pre", "svg",
          "title", "g", "text", "select", "button", "aside", "body", "html", "head"}
ATTRIBUTES = {"title", "value", "aria-label", "alt", "placeholder", "content"}
# Large containers are not records of their own content: only of their own direct text.
CONTAINERS = {"div", "section", "article", "main", "body", "html", "head", "table", "tbody", "thead", "ul", "ol",
              "dl", "form", "fieldset", "details", "nav", "header", "footer", "aside", "svg", "g", "figure",
              "select"}


class _Records(HTMLParser):
    """Text of each innermost block element, its attributes' values included; data-* attributes too."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[str]] = [[]]
        self.tags: list[str] = ["#root"]
        self.records: list[str] = []
        self.selected: list[str] = []  # values of checked inputs and selected options

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.stack.append([])
            self.tags.append(tag)
        values = [v for k, v in attrs if v and (k in ATTRIBUTES or k.startswith("data-"))]
        names = {k for k, _ in attrs}
        if ("checked" in names or "selected" in names) and tag in ("input", "option"):
            self.selected.append(dict(attrs).get("value") or "")
        self.stack[-1].extend(values)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in BLOCKS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS and len(self.stack) > 1:
            self._flush()

    def handle_data(self, data: str) -> None:
        self.stack[-1].append(data)

    def _flush(self) -> None:
        parts = self.stack.pop()
        self.tags.pop()
        text = " ".join(" ".join(parts).split())
        if text:
            self.records.append(text)
            if self.tags[-1] not in CONTAINERS:  # a row or an item reads as a whole, its cells included
                self.stack[-1].append(text)

    def close(self) -> None:
        super().close()
        while len(self.stack) > 1:
            self._flush()
        text = " ".join(" ".join(self.stack[0]).split())
        if text:
            self.records.append(text)


def html_records(html: str) -> tuple[list[str], list[str]]:
    """(innermost-first block texts, values of checked/selected form controls)."""
    parser = _Records()
    parser.feed(html)
    parser.close()
    return parser.records, parser.selected


def json_objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object, at any depth."""
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from json_objects(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_objects(v)


def flat(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """An object's scalar fields, nested objects flattened in ('ballot.choice'); lists left out."""
    out: dict[str, Any] = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            out.update(flat(v, f"{prefix}{k}."))
        elif not isinstance(v, list):
            out[f"{prefix}{k}"] = v
    return out


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_link_targets(data: bytes) -> list[str]:
    """Every URI or JavaScript action of the PDF's link annotations."""
    targets = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action is not None:
                action = action.get_object()
                targets += [str(action.get(key)) for key in ("/URI", "/JS") if action.get(key) is not None]
    return targets


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def records(page: Page) -> list[str]:
    """The response cut into records, each as text (JSON objects as their flattened JSON)."""
    if page.mimetype == "text/html":
        texts, selected = html_records(page.text)
        return texts + [f"[selected] {value}" for value in selected]
    if page.mimetype == "application/pdf":
        return [line for line in pdf_text(page.body).splitlines() if line.strip()]
    if page.mimetype == "text/csv":
        return [" ; ".join(row) for row in csv_rows(page.text)]
    if "json" in page.mimetype:
        docs = [json.loads(line) for line in page.text.splitlines() if line.strip()] \
            if page.path.split("?")[0].endswith(".jsonl") else [json.loads(page.text or "null")]
        return [json.dumps(flat(obj), ensure_ascii=False, default=str) for doc in docs for obj in json_objects(doc)]
    return page.text.splitlines()
