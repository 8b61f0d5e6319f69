"""Problem details (RFC 9457): every API error is `application/problem+json`, never an HTML page.

A refused domain command keeps its rule: `rule` is the error class's rule name and `detail`
the rule's message (`DomainError.message`). Status codes, by the error's kind (its class, see
governance.errors; the same for pages, web/edge.py `refusal_status`): 403 for `NotPermitted` (the caller
neither represents the member nor holds its proxy: rule `not_permitted`), 409 for a `StateConflict`, when the
record's current state refuses the command (voting closed, already admitted), 422 for any other refusal (a rule is
broken, the input is invalid, or a record the command names does not exist).
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from flask import Response, json, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from governance.errors import DomainError
from web.edge import refusal_status

logger = logging.getLogger(__name__)
PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "/api/v1/docs#problem-"
MAX_JSON_DEPTH = 32  # arrays and objects inside one another in a request body; the deepest real body has 5

# Problem types, documented on the reference page under these anchors.
PROBLEM_TYPES = {
    "validation": "The request's parameters or body failed validation: see `errors`, by field.",
    "malformed": f"The request could not be read: malformed JSON, not JSON, or arrays and objects nested "
                 f"more than {MAX_JSON_DEPTH} levels deep (a body sent to a command that takes none must be JSON "
                 f"too).",
    "unauthenticated": "No valid API token: send `Authorization: Bearer <token>`.",
    "forbidden": "The token's user has no role allowing this in this pole, or does not act for that member "
                 "(rule `not_permitted`).",
    "insufficient-scope": "The token's scopes do not include the one this operation needs (its `x-scope` in the "
                          "OpenAPI document): create a token with that scope.",
    "not-found": "No such resource (or it belongs to another pole).",
    "method-not-allowed": "This path does not accept this HTTP method.",
    "conflict": "The record's current state refuses the command (e.g. voting is closed); see `rule`.",
    "rule-broken": "The command breaks a governance rule (e.g. a SCIC college above 50 %); see `rule`.",
    "too-large": "The request body is too large.",
    "http-error": "Another HTTP error.",
}
HTTP_PROBLEMS = {400: "malformed", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
                 405: "method-not-allowed", 413: "too-large", 429: "too-many-attempts"}


class ApiProblem(Exception):
    """An error raised by the API layer itself (authentication, roles, validation, unknown resources)."""

    def __init__(self, status: int, detail: str, *, kind: str | None = None,
                 errors: Mapping[str, list[str]] | None = None, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.kind = status, detail, kind or HTTP_PROBLEMS.get(status, "http-error")
        self.errors, self.headers = errors, dict(headers or {})


def problem(status: int, kind: str, title: str, detail: str, **extra: Any) -> Response:
    """A problem-details response."""
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status, "detail": detail,
            "instance": request.path, **{k: v for k, v in extra.items() if v is not None}}
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested error messages as {"founders.0.name": ["..."]}."""
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix or "_body": list(messages)}
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = "_body" if key == "_schema" and not prefix else (prefix if key == "_schema" else
                                                                     f"{prefix}.{key}" if prefix else str(key))
            for field, texts in flatten(value, name).items():
                flat.setdefault(field, []).extend(texts)
        return flat
    return {prefix or "_body": [str(messages)]}


def domain_status(error: DomainError) -> int:
    """403 without standing, 409 for a state conflict, 422 for a broken rule, decided by the error's class
    (governance.errors), as for pages (web/edge.py `refusal_status`).

    A NotFound raised by a command (an unknown member named in a body...) is a 422 with rule `not_found`:
    the resource of the path exists, what the body names does not. Unknown resources of the path are 404s
    raised by the shared lookups (web/edge.py)."""
    return refusal_status(error)


DOMAIN_PROBLEMS = {403: ("forbidden", "Forbidden"),
                   409: ("conflict", "The record's current state refuses this command"),
                   422: ("rule-broken", "This command breaks a governance rule")}


def domain_problem(error: DomainError) -> Response:
    status = domain_status(error)
    kind, title = DOMAIN_PROBLEMS[status]
    return problem(status, kind, title, error.message, rule=error.rule)


def validation_problem(error: ValidationError, status: int = 422, where: str = "body") -> Response:
    return problem(status, "validation", "The request did not validate",
                   f"Some {where} fields are invalid: see errors.", errors=flatten(error.messages))


TITLES = {401: "Authentication required", 403: "Forbidden", 404: "Not found"}


def api_problem(error: ApiProblem) -> Response:
    title = TITLES.get(error.status, "The request could not be processed")
    response = problem(error.status, error.kind, title, error.detail, errors=error.errors)
    response.headers.update(error.headers)
    return response


def http_problem(error: HTTPException) -> Response:
    status = error.code or 500
    response = problem(status, HTTP_PROBLEMS.get(status, "http-error"), TITLES.get(status, error.name),
                       error.description or error.name)
    allowed = getattr(error, "valid_methods", None)
    if status == 405 and allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response


def server_problem(error: Exception) -> Response:
    logger.exception("unexpected error on %s", request.path)
    return problem(500, "http-error", "Internal server error", "Something went wrong on the server.")
