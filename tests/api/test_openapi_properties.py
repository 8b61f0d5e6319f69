"""Property-based run of the API against its own OpenAPI document (schemathesis): no server error, and
every response conforms to the document (status code, content type, body schema).

Each operation is one test on a fresh copy of the demo pole, called with a token whose user may do
everything (platform admin, secretary of the demo pole, representative of one member); generated path
ids are often swapped for the demo's real ones so that requests reach past the 404s. Valid and invalid
requests, 25 per operation, derandomised: the run is repeatable and takes about half a minute.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from notifications.outbox import Outbox
from tests.web.conftest import DEMO_PASSWORD
from web.api.openapi import openapi_path
from web.api.routing import OPERATIONS
from web.api.tokens import ApiTokens

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
INTEGRATOR = "integrator@collegia.example"
LABELS = [f"{op.method} {openapi_path(op)}" for op in OPERATIONS.values()]


@pytest.fixture
def real_ids(app, pole_id) -> dict[str, list[Any]]:
    """The demo's real ids, per path parameter."""
    queries = app.extensions["collegia.queries"]
    members = [m["id"] for m in queries.members(pole_id)]
    proposals = [p["id"] for p in queries.register(pole_id, limit=100)]
    campaigns = [c["id"] for c in queries.campaigns(pole_id)] or [pole_id]
    networks = [n["network_id"] for n in queries.pole_networks(pole_id)] or [pole_id]
    return {"pole_id": [pole_id], "member_id": members, "proposal_id": proposals, "principal_id": members,
            "version": [1, 2, 3], "amendment_id": proposals, "number": [1, 2], "campaign_id": campaigns,
            "respondent": members, "network_id": networks, "token_id": [999999],  # never the test's own token
            "assembly_id": [a["id"] for a in queries.assemblies(pole_id)] or [pole_id],
            "user_id": [u["id"] for u in app.extensions["collegia.accounts"].list_users()],
            "role": ["secretary", "member"], "hook_id": [1, 999999], "delivery_id": [1, 999999],
            "message_id": [m["id"] for m in Outbox(app.extensions["collegia"].engine).messages(pole_id)] or [1]}


@pytest.fixture
def integrator_token(app, pole_id) -> str:
    accounts = app.extensions["collegia.accounts"]
    queries = app.extensions["collegia.queries"]
    member = next(m["id"] for m in queries.members(pole_id) if m["name"] == "Régie de quartier Fontbarlettes")
    user_id = accounts.create_user(INTEGRATOR, "Intégratrice", DEMO_PASSWORD, is_admin=True)
    accounts.grant(user_id, pole_id, "secretary")
    accounts.grant(user_id, pole_id, "member", member)
    return ApiTokens(accounts.engine).create(user_id, "schemathesis").secret


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def strategy(operation: Any) -> st.SearchStrategy:
    """Valid and invalid requests for one operation (invalid ones only where there is something to break)."""
    positive = operation.as_strategy(GenerationMode.POSITIVE)
    has_inputs = bool(operation.path_parameters or operation.query or operation.body)
    return st.one_of(positive, operation.as_strategy(GenerationMode.NEGATIVE)) if has_inputs else positive


@pytest.mark.parametrize("label", LABELS)
def test_the_api_conforms_to_its_openapi_document(label, api_schema, real_ids, integrator_token):
    method, path = label.split(" ", 1)
    operation = api_schema[path][method]
    headers = {"Authorization": f"Bearer {integrator_token}"}

    @given(case=strategy(operation), real=st.booleans(), data=st.data())
    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any, real: bool, data: st.DataObject) -> None:
        if real:
            for name in case.path_parameters or {}:
                case.path_parameters[name] = data.draw(st.sampled_from(real_ids[name]))
        case.call_and_validate(headers=headers, checks=CHECKS)
    run()
