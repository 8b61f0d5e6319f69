"""The OpenAPI 3 document, generated from the registered operations and their marshmallow schemas."""

from __future__ import annotations

import functools
import re
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from web.api.errors import PROBLEM_MEDIA_TYPE
from web.api.routing import OPERATIONS, Operation
from web.api.schemas.common import ProblemSchema

API_VERSION = "1.0.0"
DESCRIPTION = """Event-sourced governance for French cooperative poles (PTCE, SCIC): poles, members and colleges,
proposals, ballots and proxies, per-college tallies, the decision register, elections and the board's mandates, and
the event log.

Authenticate with a personal token: `Authorization: Bearer <token>`. Get a first one without a browser with
`POST /api/v1/tokens` and your e-mail and password (HTTP Basic), or on the page /account/tokens. The token acts
with its user's roles: members and secretaries of a pole read it; secretaries act on its proposals and members;
member representatives vote for the members they represent (or whose proxy they hold); platform administrators
found poles. Errors are RFC 9457 problem details (`application/problem+json`). A refused command stores nothing."""
PATH_PARAMETERS = {
    "pole_id": ("string", "uuid", "The pole's id."),
    "member_id": ("string", "uuid", "The member's id."),
    "proposal_id": ("string", "uuid", "The proposal's id."),
    "principal_id": ("string", "uuid", "The id of the member who gave the proxy."),
    "version": ("integer", None, "The statutes version (1 for the founding statutes)."),
    "number": ("integer", None, "The comment's number in the discussion (1, 2, … in the order posted)."),
    "amendment_id": ("string", "uuid", "The amendment's id (an amendment is a proposal: its proposal_id)."),
    "campaign_id": ("string", "uuid", "The campaign's id."),
    "respondent": ("string", None, "The respondent: a member's id (mode members); a person as the campaign names "
                                   "them, or their e-mail address (mode people)."),
    "network_id": ("string", "uuid", "The network's id."),
    "token_id": ("integer", None, "The token's id (as listed)."),
    "assembly_id": ("string", "uuid", "The general assembly's id."),
    "user_id": ("integer", None, "The account's id."),
    "role": ("string", None, "The role: `secretary` or `member`."),
    "hook_id": ("integer", None, "The webhook's id."),
    "delivery_id": ("integer", None, "The delivery's id."),
    "message_id": ("integer", None, "The message's id in the outbox (as listed)."),
}
ERROR_DESCRIPTIONS = {
    400: "Malformed request, or invalid query parameters (see `errors`).",
    401: "No token, or an unknown or revoked one.",
    403: "Your role does not allow this, or the token lacks the operation's scope (`x-scope`).",
    404: "No such resource in this pole.",
    409: "The record's current state refuses the command (see `rule`); nothing was stored.",
    422: "Invalid fields (see `errors`), or a governance rule refuses the command (see `rule`); nothing was stored.",
    413: "The request body is larger than this operation accepts.",
    429: "Too many failed logins for this account or address: wait (see `Retry-After`).",
    503: "A service this operation needs is unavailable (the timestamp authority, a stored file, the pole's "
         "signing authority): nothing was recorded; see `detail`.",
}
TAGS = (("About", "Where to start; no token needed."),
        ("Account", "Who a token belongs to; your personal tokens: a first one from your e-mail and password "
                    "(HTTP Basic), the next ones from a token, each listed and revoked here."),
        ("Accounts", "Platform administrators: accounts (an invitation mailed, to choose a password), roles in "
                     "poles and the members each person represents, disabling and re-enabling; a pole's "
                     "representatives, for its secretaries."),
        ("Poles", "Poles, their statutes versions, colleges and weights, and shared strategy."),
        ("Members", "The roster (now or at a date), membership requests and decisions."),
        ("Capital register", "The members' capital (issue 22): the capital as of a day, the numbered register of "
                             "movements, each associate's account, the year's variation, and the movements."),
        ("Proposals", "The register, drafting, opening, closing; the decision register."),
        ("Deliberation", "Before the vote (issue 23): a draft published for discussion, comments and replies, "
                         "members' amendments (tabled, sponsored, admitted or rejected; then opened, voted and "
                         "closed as proposals, before their resolution), the debate's summary for the minutes."),
        ("Ballots and proxies", "Casting ballots, participation, proxies. Secret choices are never shown."),
        ("Tallies", "Per-college results, recorded and recounted."),
        ("Elections and the board", "Electing the board (candidates, then ballots through the ballots operation), "
                                    "decisions of the board, the board as of a date and its members' mandates."),
        ("Référentiel and campaigns", "The PTCE référentiel (issue 24): the Labo de l'ESS's seed and the pole's own "
                                      "versions; self-assessment campaigns, each respondent's answers (sealed unless "
                                      "shared), the results frozen at the close per college, strategy revisions "
                                      "drafted from them."),
        ("Networks", "Regional networks of poles (issue 24): their coordinators read, for each pole that joined by a "
                     "decision of its own, only what it agreed to share."),
        ("General assemblies", "Convening a general assembly (convocation, postings, correspondence forms), its "
                               "attendance and proxies, its session (quorum), room ballots and resolutions."),
        ("Minutes", "An assembly's minutes (issue 25): signatures and corrections in the register, the PDF signed by "
                    "the bureau and closed by its document timestamp, your signing certificate, and the public "
                    "verification of any minutes PDF."),
        ("Mail", "Your mail preferences and calendar feed, your members' consent to be convened by e-mail (R225-63); "
                 "the outbox of a pole's secretaries and of the platform's administrators, a failed message sent "
                 "again, the reminder lead time."),
        ("Webhooks", "Events pushed to a pole's own HTTPS endpoint, signed (HMAC-SHA256), retried, each delivery's "
                     "state readable; never a secret ballot's choice."),
        ("Event log", "Every governance event, in log order."))
RULE = re.compile(r"<(?:(\w+):)?(\w+)>")

def openapi_path(op: Operation) -> str:
    return RULE.sub(lambda m: "{" + m.group(2) + "}", op.path)

def error_statuses(op: Operation) -> list[int]:
    statuses = set(op.errors)
    if not op.public:
        statuses |= {401, 403}
    if RULE.search(op.rule):
        statuses.add(404)
    if op.query is not None or op.body is not None:
        statuses.add(400)
    if op.body is not None:
        statuses.add(422)
    if op.command:
        statuses |= {409, 422}
    return sorted(statuses)

def path_parameters(op: Operation) -> list[dict[str, Any]]:
    parameters = []
    for match in RULE.finditer(op.rule):
        kind, fmt, description = PATH_PARAMETERS[match.group(2)]
        schema: dict[str, Any] = {"type": kind, **({"format": fmt} if fmt else {"minimum": 1})}
        parameters.append({"name": match.group(2), "in": "path", "required": True, "description": description,
                           "schema": schema})
    return parameters

def describe(op: Operation) -> dict[str, Any]:
    """One operation of the OpenAPI document."""
    success: dict[str, Any] = {"description": op.summary}
    if op.response is not None:
        success["content"] = {"application/json": {"schema": op.response(many=op.many)}}
    if op.status == 201:
        success["headers"] = {"Location": {"description": "URL of the new resource.", "schema": {"type": "string"}}}
    scope = f" Token scope: `{op.scope}`." if op.scope else ""
    document: dict[str, Any] = {
        "operationId": op.name, "summary": op.summary, "tags": [op.tag], "x-access": op.access.description,
        "x-scope": op.scope,
        "description": (op.description + "\n\n" if op.description else "")
        + f"Who may call it: {op.access.description}.{scope}",
        "parameters": path_parameters(op) + ([{"in": "query", "schema": op.query}] if op.query else []),
        "responses": {str(op.status): success, **{
            str(status): {"description": ERROR_DESCRIPTIONS[status],
                          "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            for status in error_statuses(op)}},
    }
    if op.body is not None:
        required = any(f.required for f in op.body().fields.values())
        schema = dict(op.documented_body) if op.documented_body is not None else op.body  # resolved in place
        document["requestBody"] = {"required": required, "content": {"application/json": {"schema": schema}}}
    if op.public:
        document["security"] = []
    elif op.basic:
        document["security"] = [{"bearerAuth": []}, {"basicAuth": []}]
    return document

@functools.cache
def openapi_document() -> dict[str, Any]:
    """The whole document (built once: the operations are fixed at import)."""
    spec = APISpec(title="Collegia API", version=API_VERSION, openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()], info={"description": DESCRIPTION},
                   servers=[{"url": "/", "description": "This Collegia instance"}],
                   security=[{"bearerAuth": []}])
    spec.components.security_scheme("bearerAuth", {
        "type": "http", "scheme": "bearer",
        "description": "A personal API token (shown once, revocable), created with `POST /api/v1/tokens` or on "
                       "/account/tokens. It acts with its user's roles, narrowed by its scopes: `read` (every GET), "
                       "`vote` (a member representative's commands: ballots, proxies, comments, candidacies, "
                       "answers), `secretary` (a board secretary's commands), `admin` (a platform administrator's "
                       "operations); each operation names the one it needs in `x-scope`. A token expires (90 days "
                       "by default)."})
    spec.components.security_scheme("basicAuth", {
        "type": "http", "scheme": "basic",
        "description": "Your account's e-mail address and password (RFC 7617), for creating a token only; "
                       "throttled as logins are (429 with Retry-After)."})
    spec.components.schema("Problem", schema=ProblemSchema)
    for name, description in TAGS:
        spec.tag({"name": name, "description": description})
    order = [name for name, _ in TAGS]
    for op in sorted(OPERATIONS.values(), key=lambda op: order.index(op.tag)):  # stable: registration order
        spec.path(path=openapi_path(op), operations={op.method.lower(): describe(op)})
    return spec.to_dict()
