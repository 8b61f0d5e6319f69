"""The access matrix: every route of the app, every method, every role, against the policy of docs/security.md.

Each row of the document's tables is one test: its request is sent as each role (browser routes with the
role's session and a valid CSRF token, API routes with the role's Bearer token) and each answer's class is
compared with the cell. A call that may have changed the store is followed by a fresh copy, so that the
next role meets the same state. Every answer must also carry the security headers.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.security.conftest import ROLES, Prepared, Store
from tests.security.policy import AUTOMATIC, COLUMNS, build_call, outcome, parse_policy, send

POLICY = parse_policy()
HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"}


def test_every_route_and_method_of_the_app_is_in_the_policy(store: Store):
    """A new route (or a new method on one) must get its line in docs/security.md; a stale line fails too."""
    documented = defaultdict(list)
    for row in POLICY:
        documented[(row.endpoint, row.method)].append(row)
    routes = {(rule.endpoint, method): rule.rule for rule in store.app.url_map.iter_rules()
              for method in rule.methods - AUTOMATIC}
    missing = sorted(f"{endpoint} {method} {path}" for (endpoint, method), path in routes.items()
                     if (endpoint, method) not in documented)
    stale = sorted(f"docs/security.md:{row.line}: {row.id}" for key, rows in documented.items()
                   if key not in routes for row in rows)
    wrong_path = sorted(f"docs/security.md:{row.line}: {row.id} documents {row.path}, the app has {routes[key]}"
                        for key, rows in documented.items() if key in routes for row in rows
                        if row.path != routes[key])
    assert not missing, "routes missing from the access policy of docs/security.md:\n" + "\n".join(missing)
    assert not stale, "policy rows naming no route of the app:\n" + "\n".join(stale)
    assert not wrong_path, "\n".join(wrong_path)


def test_the_policy_covers_the_five_roles():
    assert set(ROLES) | {"cross-pole"} == set(COLUMNS)
    assert len(POLICY) > 100


@pytest.mark.parametrize("row", POLICY, ids=[row.id for row in POLICY])
def test_access(row, store: Store, prepared: Prepared):
    samples = prepared.samples
    if row.expected["cross-pole"] != "—":
        assert "<pole_id>" in row.path and (row.path.count("<") > 1 or "query." in row.sample), \
            f"docs/security.md:{row.line}: the cross-pole column only applies to a resource inside a pole"
    mismatches, changed = [], False
    for column in COLUMNS:
        expected = row.expected[column]
        if expected == "—":
            continue
        role = "outsider" if column == "cross-pole" else column
        if changed:
            store.fresh()
        before = store.head()
        call = build_call(store.app.url_map, row, role, samples, own_token=prepared.token_ids.get(role),
                          csrf=prepared.csrf[role], api_token=prepared.tokens.get(role),
                          cross_pole=column == "cross-pole")
        client = store.app.test_client() if row.api else store.client(role)
        response = send(client, call)
        got = outcome(response)
        changed = row.method != "GET" and (got == "ok" or store.head() != before)
        if got != expected:
            mismatches.append(f"{column}: expected {expected}, got {response.status_code} ({got}) "
                              f"for {call.method} {call.url}")
        for header, value in HEADERS.items():
            if response.headers.get(header) != value:
                mismatches.append(f"{column}: {header} is {response.headers.get(header)!r} on {call.url}")
        if "default-src 'self'" not in response.headers.get("Content-Security-Policy", ""):
            mismatches.append(f"{column}: no Content-Security-Policy on {call.url}")
        if "Strict-Transport-Security" in response.headers:  # plain HTTP here: HSTS only over TLS
            mismatches.append(f"{column}: Strict-Transport-Security over plain HTTP on {call.url}")
    assert not mismatches, f"docs/security.md:{row.line} {row.id}:\n" + "\n".join(mismatches)
