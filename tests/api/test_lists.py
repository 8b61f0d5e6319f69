"""Issue 26: every list of the API pages, filters and counts the same way (limit, offset, an equality filter per
scalar field of its items, `X-Total-Count`, RFC 8288 `Link`), and every read carries an ETag answering 304 to
`If-None-Match`."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.api.conftest import assert_problem
from web.api.routing import OPERATIONS, filter_fields


def links(response) -> dict[str, dict[str, str]]:
    found = {}
    for part in filter(None, response.headers.get("Link", "").split(",")):
        url, rel = part.split(";")
        query = parse_qs(urlsplit(url.strip()[1:-1]).query)
        found[rel.strip()[5:-1]] = {k: v[0] for k, v in query.items()}
    return found


def test_a_list_pages_filters_and_counts(api_as, pole_id):
    secretary = api_as("secretary")
    whole = secretary.get(f"/poles/{pole_id}/members").get_json()
    total = len(whole)
    assert total >= 5
    first = secretary.get(f"/poles/{pole_id}/members?limit=2")
    assert first.get_json() == whole[:2] and first.headers["X-Total-Count"] == str(total)
    assert links(first) == {"next": {"limit": "2", "offset": "2"}}
    last_offset = (total - 1) // 2 * 2
    last = secretary.get(f"/poles/{pole_id}/members?limit=2&offset={last_offset}")
    assert last.get_json() == whole[last_offset:]
    assert "next" not in links(last) and links(last)["prev"]["offset"] == str(last_offset - 2)
    # A filter per scalar field of the items, combined with the list's own parameters and with paging.
    college = whole[0]["college"]
    same = [m for m in whole if m["college"] == college]
    filtered = secretary.get(f"/poles/{pole_id}/members?college={college}&limit=1")
    assert filtered.get_json() == same[:1] and filtered.headers["X-Total-Count"] == str(len(same))
    assert links(filtered).get("next", {}).get("college") == (college if len(same) > 1 else None)
    assert secretary.get(f"/poles/{pole_id}/members?college=nowhere").get_json() == []
    assert_problem(secretary.get(f"/poles/{pole_id}/members?limit=0"), 400, fields=("limit",))
    assert_problem(secretary.get(f"/poles/{pole_id}/members?limit=201"), 400, fields=("limit",))


def test_every_list_documents_the_same_paging_and_its_filters(api_as):
    document = api_as(None).get("/openapi.json").get_json()
    lists = [op for op in OPERATIONS.values() if op.listing]
    assert len(lists) >= 15
    for op in lists:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", "/api/v1" + op.rule)
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"] if p["in"] == "query"}
        assert {"limit", "offset"} <= names, op.name
        assert set(filter_fields(op.response)) <= names, op.name  # each scalar field of the items, a filter


def test_a_read_carries_an_etag_and_answers_304_when_unchanged(api_as, pole_id, demo):
    secretary = api_as("secretary")
    read = secretary.get(f"/poles/{pole_id}/members")
    etag = read.headers["ETag"]
    again = secretary.get(f"/poles/{pole_id}/members", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    # A change makes a new ETag: the old one gets the whole list again.
    added = secretary.post(f"/poles/{pole_id}/members", json={"name": "Nina Nouvelle", "kind": "person",
                                                              "category": "habitante"})
    assert added.status_code == 201, added.get_json()
    changed = secretary.get(f"/poles/{pole_id}/members", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    one = secretary.get(f"/poles/{pole_id}/proposals/{demo['open']}")
    assert one.headers["ETag"] and one.headers["Cache-Control"] == "no-store"


def test_an_unknown_path_with_a_newline_is_a_problem_document_too(api_as, pole_id):
    for path in ("/poles/%0Ax/webhooks/-1/deliveries", "/poles/%0A", "/nothing%0Ahere"):
        response = api_as("secretary").get(path)
        assert_problem(response, 404)


def test_the_openapi_document_validates(api_as):
    """The document every integrator starts from is valid OpenAPI 3.0 (openapi-spec-validator), with an operationId,
    a tag and the scope it needs on every operation."""
    from openapi_spec_validator import validate
    document = api_as(None).get("/openapi.json").get_json()
    validate(document)
    operations = [op for methods in document["paths"].values() for op in methods.values() if isinstance(op, dict)]
    assert len(operations) == len(OPERATIONS)
    assert all(op["operationId"] and op["tags"] and "x-scope" in op for op in operations)
