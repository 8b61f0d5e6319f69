"""Declaring an API operation once: its route, the schemas that parse and document it, and who may call it.

`@operation(...)` registers the view on the API blueprint and records an `Operation` from which the
OpenAPI document is generated: the same marshmallow schemas validate the request, serialise the
response and describe both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

from flask import Blueprint, Response, current_app, request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from governance.errors import DomainError
from web.api import errors
from web.api.auth import Access, authenticate
from web.api.errors import MAX_JSON_DEPTH, ApiProblem, flatten

bp = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Operation:
    """One documented endpoint."""

    name: str
    rule: str
    method: str
    summary: str
    tag: str
    access: Access
    description: str = ""
    query: type[Schema] | None = None
    body: type[Schema] | None = None
    response: type[Schema] | None = None
    many: bool = False
    status: int = 200
    command: bool = False
    errors: tuple[int, ...] = ()  # statuses beyond those implied by the rest
    documented_body: Any = None  # the request body as documented, when `body` reads several shapes (a oneOf)
    basic: bool = False  # also authenticated by HTTP Basic (e-mail and password): creating a token only

    @property
    def public(self) -> bool:
        return self.access.public

    @property
    def path(self) -> str:
        return bp.url_prefix + self.rule  # type: ignore[operator]


class Created(NamedTuple):
    """A view's result for 201 Created, with the new resource's URL."""

    data: Any
    location: str


OPERATIONS: dict[str, Operation] = {}


def operation(rule: str, method: str = "GET", **details: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `view` at `rule`: check `access`, parse `query` / `body` with their schemas, dump the result
    with `response`."""
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        op = Operation(view.__name__, rule, method, **details)
        if op.name in OPERATIONS:
            raise ValueError(f"two API operations are named {op.name}")
        OPERATIONS[op.name] = op

        def handler(**path: Any) -> Response:
            op.access(**path)
            kwargs = dict(path)
            if op.query is not None:
                kwargs["query"] = load_query(op.query)
            if op.body is not None:
                kwargs["body"] = load_body(op.body)
            else:
                read_json()  # a body sent where none is expected is ignored, but must still be JSON
            return respond(op, view(**kwargs))
        handler.__name__, handler.__doc__ = view.__name__, view.__doc__
        bp.add_url_rule(rule, endpoint=op.name, view_func=handler, methods=[method])
        return view
    return decorate


def load_query(schema: type[Schema]) -> dict[str, Any]:
    try:
        return schema().load(request.args.to_dict(flat=True))
    except ValidationError as error:
        raise ApiProblem(400, "Some query parameters are invalid: see errors.", kind="validation",
                         errors=flatten(error.messages)) from None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(rb"[^\[\]{}]+")
_EMPTY_PAIRS = re.compile(rb"\[\]|\{\}")


def nested_too_deep(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON text holds arrays and objects more than `limit` deep, checked before parsing it
    (the parser recurses once per level: 100,000 levels raise RecursionError). Brackets inside strings
    do not count; `limit` passes over the brackets alone, each removing the innermost pairs."""
    brackets = remaining = _NOT_BRACKETS.sub(b"", _STRINGS.sub(b"", raw))
    for _ in range(limit):
        if not remaining:
            return False
        remaining = _EMPTY_PAIRS.sub(b"", remaining)
    if not remaining:
        return False
    depth = 0  # deep, or unbalanced (malformed): count the levels to tell which
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > limit:
            return True
    return False


def read_json() -> Any:
    """The request body as JSON ({} when empty); a 400 problem when it is not JSON, is malformed or nests
    arrays and objects more than MAX_JSON_DEPTH deep."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    if not request.is_json:
        raise ApiProblem(400, "Send the body as JSON, with 'Content-Type: application/json'.", kind="malformed")
    if nested_too_deep(raw):
        raise ApiProblem(400, f"The body nests arrays and objects more than {MAX_JSON_DEPTH} levels deep.",
                         kind="malformed")
    try:
        return json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise ApiProblem(400, "The body is not valid JSON.", kind="malformed") from None


def load_body(schema: type[Schema]) -> dict[str, Any]:
    data = read_json()
    try:
        return schema().load(data)
    except ValidationError as error:
        raise ApiProblem(422, "Some fields are invalid: see errors.", kind="validation",
                         errors=flatten(error.messages)) from None


def json_response(body: Any, status: int = 200) -> Response:
    return current_app.response_class(json.dumps(body, ensure_ascii=False), status=status,
                                      mimetype="application/json")


def respond(op: Operation, result: Any) -> Response:
    if isinstance(result, Response):
        return result
    location = None
    if isinstance(result, Created):
        result, location = result.data, result.location
    body = op.response(many=op.many).dump(result) if op.response is not None else result
    response = json_response(body, op.status)
    if location:
        response.headers["Location"] = location
    return response


# -- every request: the token, no caching, problem details for every error --------------------
@bp.before_request
def check_token() -> None:
    op = OPERATIONS.get((request.endpoint or "").rpartition(".")[2])
    if op is not None and not op.public:
        authenticate(basic=op.basic)


@bp.after_request
def no_store(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "no-store")
    return response


bp.register_error_handler(ApiProblem, errors.api_problem)
bp.register_error_handler(DomainError, errors.domain_problem)
bp.register_error_handler(HTTPException, errors.http_problem)
bp.register_error_handler(Exception, errors.server_problem)


@bp.route("/<path:unknown>", methods=list(HTTP_METHODS))
def unknown_path(unknown: str) -> Response:
    """Anything else under /api/v1/: 405 when the path exists with other methods, 404 otherwise."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in HTTP_METHODS:
        try:
            endpoint, _args = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != "api.unknown_path":
            allowed.append(method)
    if allowed:
        raise MethodNotAllowed(valid_methods=allowed)
    raise ApiProblem(404, f"No API resource at {request.path}: see /api/v1/docs.")
