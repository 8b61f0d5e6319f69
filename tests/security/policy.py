"""The access policy, read from the tables of docs/security.md, and how one of its rows becomes a request.

The document is the data: the test has no other copy of the policy, so the two cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
COLUMNS = ("anonymous", "outsider", "cross-pole", "member", "secretary", "admin", "coordinator")
# Columns a table may leave out: its rows then say nothing of that role (as a `—` cell). The network coordinator
# (issue 24) holds no role in any pole: its column is in the tables of the référentiel, the networks and the admin's
# network pages, where its refusals and its reads matter.
OPTIONAL_COLUMNS = {"coordinator"}
CELLS = {"ok", "login", "400", "401", "403", "404", "405", "—"}
AUTOMATIC = {"HEAD", "OPTIONS"}
# Form prefixes the views give their FlaskForms: the CSRF token is sent under each, so that a form's own
# CSRF check passes and the answer shows the access decision.
# Issue 24: "version" (a new version of the référentiel), "answer" (a campaign's answers), "revise-h" (a strategy
# revision drafted from objective h of a campaign's results: the prefix names the objective; the rows use h).
# Issue 25: "key" (a signing passphrase), "pdf" (signing the minutes' PDF).
FORM_PREFIXES = ("close", "open", "withdraw", "att", "proxy", "mine", "sign", "fix", "version", "answer", "revise-h",
                 "key", "pdf")
MEMBER_ACTIONS = ("admit", "refuse", "assign", "withdraw", "exclude")


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    path: str
    sample: str
    expected: dict[str, str]
    line: int

    @property
    def id(self) -> str:
        return f"{self.endpoint} {self.method}" + (f" [{self.sample}]" if self.sample else "")

    @property
    def api(self) -> bool:
        return self.endpoint.startswith("api.")

    def items(self) -> list[tuple[str, str]]:
        return [(key, value) for key, _, value in (item.partition("=") for item in self.sample.split())]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_policy(text: str | None = None) -> list[Row]:
    """Every row of every table of the document whose header starts with 'endpoint'."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    rows, header = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("|"):
            header = None
            continue
        cells = _cells(line)
        if cells[0] == "endpoint":
            header = cells
            missing = {"method", "path", "sample", *COLUMNS} - OPTIONAL_COLUMNS - set(header)
            assert not missing, f"docs/security.md:{number}: the table lacks the columns {sorted(missing)}"
            continue
        if header is None or re.fullmatch(r"[-:| ]+", line):
            continue
        assert len(cells) == len(header), f"docs/security.md:{number}: {len(cells)} cells, {len(header)} columns"
        row = dict(zip(header, cells))
        expected = {column: row.get(column, "—") for column in COLUMNS}
        unknown = set(expected.values()) - CELLS
        assert not unknown, f"docs/security.md:{number}: unknown cells {sorted(unknown)} (known: {sorted(CELLS)})"
        rows.append(Row(row["endpoint"].strip("`"), row["method"].upper(), row["path"].strip("`"), row["sample"],
                        expected, number))
    return rows


def outcome(response: Any) -> str:
    """The class of an answer, in the document's words."""
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = urlparse(response.headers.get("Location", ""))
        return "login" if location.path == "/login" and "next=" in location.query else "ok"
    if 200 <= code < 300 or code in (409, 422):
        return "ok"
    return str(code)


@dataclass
class Call:
    method: str
    url: str
    form: dict[str, str]
    json: dict[str, Any] | None
    headers: dict[str, str]


def build_call(url_map: Any, row: Row, role: str, samples: dict[str, str], *, own_token: str | None,
               csrf: str | None, api_token: str | None, cross_pole: bool = False, with_csrf: bool = True) -> Call:
    """The request that row means for role (cross_pole: the caller's own pole in the path)."""
    params: dict[str, Any] = {}
    form: dict[str, str] = {}
    body: dict[str, Any] = {}
    for key, name in row.items():
        if name == "own-token":
            name = own_token or "other-token"  # anonymous callers own no token
        value = samples.get(name, name)
        if key.startswith("form."):
            form[key[5:]] = value
        elif key.startswith("json."):
            body[key[5:]] = int(value) if value.isdigit() else value
        else:  # path parameters, and query.* for the query string
            params[key.removeprefix("query.")] = value
    params.setdefault("pole_id", samples["other-pole" if cross_pole else "pole"]) if "<pole_id>" in row.path else None
    adapter = url_map.bind("localhost")
    url = adapter.build(row.endpoint, params, method=row.method)
    headers = {}
    if row.api:
        if api_token:
            headers["Authorization"] = f"Bearer {api_token}"
        return Call(row.method, url, {}, body or None, headers)
    if with_csrf and csrf and row.method != "GET":
        names = ["csrf_token", *(f"{prefix}-csrf_token" for prefix in FORM_PREFIXES)]
        if "member_id" in params:
            names += [f"{action}-{params['member_id']}-csrf_token" for action in MEMBER_ACTIONS]
        form.update({name: csrf for name in names})
    return Call(row.method, url, form, None, headers)


def send(client: Any, call: Call) -> Any:
    """The answer, read to its end and closed (a streamed export keeps its request context until then)."""
    if call.json is not None:
        response = client.open(call.url, method=call.method, json=call.json, headers=call.headers)
    else:
        response = client.open(call.url, method=call.method, data=call.form or None, headers=call.headers)
    response.get_data()
    response.close()
    return response
