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
from urllib.parse import urlencode

from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import PathConverter

from governance.errors import DomainError
from web.api import errors
from web.api.auth import Access, authenticate, require_scope
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
    own_query: type[Schema] | None = None  # a list's own query parameters (`query` adds paging and filters)
    max_body: int | None = None  # bytes this operation reads (a file in base64) beyond the app's request limit

    @property
    def listing(self) -> bool:
        """A list answered as a JSON array: paged, filtered and counted the same way on every one (`listing_query`)."""
        return self.method == "GET" and self.many

    @property
    def public(self) -> bool:
        return self.access.public

    @property
    def scope(self) -> str | None:
        """The token scope this operation needs (issue 26): none when public or open to any token (the caller's own
        tokens); "admin" for platform administrators' operations; "read" for any other GET; else the access's scope
        ("secretary" for secretaries' commands), "vote" for the commands of member representatives."""
        if self.public or self.access.unscoped:
            return None
        if self.access.scope == "admin":
            return "admin"
        if self.method == "GET":
            return "read"
        return self.access.scope or "vote"

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
        given = dict(details)
        if method == "GET" and given.get("many"):
            own = given.get("query")
            given.update(own_query=own, query=listing_query(view.__name__, own, given["response"]))
        op = Operation(view.__name__, rule, method, **given)
        if op.name in OPERATIONS:
            raise ValueError(f"two API operations are named {op.name}")
        OPERATIONS[op.name] = op

        def handler(**path: Any) -> Response:
            op.access(**path)
            kwargs = dict(path)
            listing = None
            if op.query is not None:
                query = load_query(op.query)
                if op.listing:
                    own = set(op.own_query().fields) if op.own_query is not None else set()
                    listing = {k: v for k, v in query.items() if k not in own}
                    if op.own_query is not None:
                        kwargs["query"] = {k: v for k, v in query.items() if k in own}
                else:
                    kwargs["query"] = query
            if op.body is not None:
                kwargs["body"] = load_body(op.body)
            else:
                read_json()  # a body sent where none is expected is ignored, but must still be JSON
            return respond(op, view(**kwargs), listing)
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


# -- lists: the same paging, filters and counts on every list (issue 26) ------------------------------------------
LIST_LIMIT = 200  # the most items per page, and the default: a list shorter than this comes whole
FILTERABLE = (fields.String, fields.Integer, fields.Boolean)


def filter_fields(response: type[Schema]) -> dict[str, fields.Field]:
    """The top-level text, whole-number and yes/no fields of a list's items: each is a filter of that list."""
    return {name: field for name, field in response().fields.items() if isinstance(field, FILTERABLE)}


def listing_query(name: str, own: type[Schema] | None, response: type[Schema]) -> type[Schema]:
    """A list's query schema: its own parameters, `limit` and `offset`, and an equality filter per scalar field of
    its items (a parameter it already has keeps its own meaning)."""
    from web.api.schemas.common import QuerySchema
    taken = set(own().fields) if own is not None else set()
    extra: dict[str, Any] = {
        "limit": fields.Integer(load_default=LIST_LIMIT, validate=validate.Range(1, LIST_LIMIT), metadata={
            "description": f"Items per page (1–{LIST_LIMIT}; default {LIST_LIMIT}). `X-Total-Count` gives how "
                           f"many match; `Link` gives the next and previous pages (RFC 8288)."}),
        "offset": fields.Integer(load_default=0, validate=validate.Range(0, 1_000_000), metadata={
            "description": "How many matching items to skip (default 0)."})}
    for field_name, field in filter_fields(response).items():
        if field_name in taken or field_name in extra:
            continue
        described = {"metadata": {"description": f"Only the items whose `{field_name}` is this."}}
        extra[field_name] = (fields.String(validate=validate.Length(max=200), **described)
                             if isinstance(field, fields.String) else type(field)(**described))
    return type(f"{name[0].upper()}{name[1:]}Query", tuple(b for b in (own, QuerySchema) if b is not None), extra)


def page_of(items: list[Any], listing: dict[str, Any]) -> tuple[list[Any], dict[str, str]]:
    """The matching items of this page, with `X-Total-Count` and the `Link` header of its neighbours."""
    limit, offset = listing.pop("limit"), listing.pop("offset")
    matching = [item for item in items if all(isinstance(item, dict) and item.get(name) == value
                                              for name, value in listing.items())]
    page = matching[offset:offset + limit]
    links = []
    for rel, start in (("next", offset + limit if offset + limit < len(matching) else None),
                       ("prev", max(0, offset - limit) if offset > 0 else None)):
        if start is not None:
            args = {**request.args.to_dict(flat=True), "limit": str(limit), "offset": str(start)}
            links.append(f'<{request.path}?{urlencode(args)}>; rel="{rel}"')
    headers = {"X-Total-Count": str(len(matching))}
    if links:
        headers["Link"] = ", ".join(links)
    return page, headers


def respond(op: Operation, result: Any, listing: dict[str, Any] | None = None) -> Response:
    if isinstance(result, Response):
        return result
    location = None
    if isinstance(result, Created):
        result, location = result.data, result.location
    body = op.response(many=op.many).dump(result) if op.response is not None else result
    headers: dict[str, str] = {}
    if listing is not None:
        body, headers = page_of(body, dict(listing))
    response = json_response(body, op.status)
    response.headers.update(headers)
    if location:
        response.headers["Location"] = location
    return response


# -- every request: the token, no caching, problem details for every error --------------------
@bp.before_request
def check_token() -> None:
    op = OPERATIONS.get((request.endpoint or "").rpartition(".")[2])
    if op is not None and not op.public:
        authenticate(basic=op.basic)
        require_scope(op.scope)
    if op is not None and op.max_body is not None:  # read only once the caller is known
        request.max_content_length = op.max_body


@bp.after_request
def no_store(response: Response) -> Response:
    """Nothing is kept by caches on the way; every successful read carries an ETag, and a read sent again with
    `If-None-Match` and that ETag answers 304 with no body when nothing changed (werkzeug's conditional
    responses)."""
    response.headers.setdefault("Cache-Control", "no-store")
    if request.method == "GET" and response.status_code == 200 and not response.direct_passthrough:
        response.add_etag()
        response.make_conditional(request)
    return response


bp.register_error_handler(ApiProblem, errors.api_problem)
bp.register_error_handler(DomainError, errors.domain_problem)
bp.register_error_handler(HTTPException, errors.http_problem)
bp.register_error_handler(Exception, errors.server_problem)


class AnyPath(PathConverter):
    """Any rest of a path, newlines included (werkzeug's `path` stops at one: "%0A" in a URL would fall through to
    the app's HTML 404 page instead of a problem document)."""

    regex = r"[^/][\s\S]*?"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("any_path", AnyPath))


@bp.route("/<any_path:unknown>", methods=list(HTTP_METHODS))
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
