"""The OpenAPI document is generated from the operations and their marshmallow schemas; the reference page
is generated from the document and needs nothing from another site."""

from __future__ import annotations

import re

from web.api.routing import OPERATIONS


def test_the_document_describes_every_operation(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.0.3" and spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    ids = {op["operationId"] for methods in spec["paths"].values() for op in methods.values()}
    assert ids == set(OPERATIONS) and len(ids) >= 30
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            assert op["summary"] and op["tags"] and "Who may call it" in op["description"], (method, path)
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"], (method, path, code)
            public = op.get("security") == []
            assert public == (op["operationId"] in {"api_index", "openapi_json", "api_docs", "verify_minutes_pdf"})
            assert public or {"401", "403"} <= set(op["responses"]), (method, path)


def test_schemas_come_from_marshmallow(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert {"Pole", "PoleCreate", "Statutes", "Member", "Proposal", "ProposalDraft", "Ballot", "BallotCast", "Proxy",
            "Tally", "CollegeCount", "EventPage", "Problem"} <= set(schemas)
    assert schemas["BallotCast"]["properties"]["choice"]["enum"] == ["for", "against", "abstain"]
    assert schemas["PoleCreate"]["additionalProperties"] is False
    assert schemas["Ballot"]["properties"]["choice"]["nullable"] is True
    events = spec["paths"]["/api/v1/events"]["get"]["parameters"]
    assert {p["name"] for p in events} == {"pole_id", "aggregate_id", "since", "until", "after", "limit"}


def test_the_reference_page_lists_every_endpoint_and_schema(client):
    response = client.get("/api/v1/docs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    for op in OPERATIONS.values():
        assert f'id="op-{op.name}"' in page
    for name in ("Proposal", "Tally", "Problem", "Statutes"):
        assert f'id="schema-{name}"' in page
    for kind in ("validation", "conflict", "rule-broken", "unauthenticated"):
        assert f'id="problem-{kind}"' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # no asset from another site
    # No inline script or style (the CSP forbids them); the only scripts are the site's own optional files.
    scripts = re.findall(r"<script[^>]*>.*?</script>", page, re.S)
    assert all(re.fullmatch(r'<script src="/static/[\w.-]+\.js" defer></script>', tag) for tag in scripts), scripts
    assert "style=" not in page


def test_the_api_index_points_to_the_document(client):
    assert client.get("/api/v1/").get_json() == {"openapi": "/api/v1/openapi.json", "docs": "/api/v1/docs",
                                                 "tokens": "/account/tokens"}
