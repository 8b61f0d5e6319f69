"""The one web edge that pages and the API share: the wired system, who is calling, pole scoping and roles,
the records of this pole, and how a refused command answers.

- Who is calling: the browser's signed-in user, or the API token's user (`caller`); both are named the same way
  in the events they cause (`actor`) and act for the members they represent (`represented`).
- Pole scoping: `require_pole_role` (403 / 404), and one lookup per record of a pole (`proposal_of_pole`,
  `member_of_pole`, `assembly_of_pole`): a record of another pole is a 404, a draft is only for secretaries.
  They abort with an HTTP error: pages render it (web/app.py), the API answers it as a problem document
  (web/api/errors.py), with the same status and description.
- A refused command: `refusal_status` gives its HTTP status by the error's kind (403 when the person has no
  standing, 409 for a state conflict, 422 for a broken rule); `attempt` runs a page's command and gives back
  the refusal in the user's language, for the page to re-show its form with it.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from flask import abort, current_app, g
from flask_babel import gettext
from flask_login import current_user

from governance.application import Collegia
from governance.assembly import Assembly
from governance.errors import DomainError, NotPermitted, StateConflict
from governance.proposal import given_to_members
from projections.queries import Queries
from infrastructure.system import System
from web.accounts.store import Accounts
from web.labels import refusal_params

SECRETARY, MEMBER = "secretary", "member"
T = TypeVar("T")


def system() -> System:
    return current_app.extensions["collegia"]


def app() -> Collegia:
    """The governance application service."""
    return system().app


def queries() -> Queries:
    return current_app.extensions["collegia.queries"]


def accounts() -> Accounts:
    return current_app.extensions["collegia.accounts"]


def caller() -> Any:
    """Who is calling: the API token's user on the API (web/api/auth.py sets it), else the signed-in user."""
    user = g.get("api_user")
    return user if user is not None else current_user


def actor() -> str:
    """How the calling user is named in the events they cause (the same in the browser and the API)."""
    return f"{caller().name} <{caller().email}>"


def represented(pole_id: str) -> list[str]:
    """The members of the pole the calling user represents (what the domain's standing is computed from)."""
    return caller().members_in(pole_id)


def pole_or_404(pole_id: str) -> dict[str, Any]:
    return queries().pole(pole_id) or abort(404, description=f"No pole {pole_id}.")


def require_pole_role(pole_id: str, *allowed: str) -> set[str]:
    """The caller's roles in this pole; 403 unless one of `allowed` (admins pass any read check)."""
    pole_or_404(pole_id)
    held = caller().roles_in(pole_id)
    if held & set(allowed) or (caller().is_admin and MEMBER in allowed):
        return held
    abort(403, description="Your role in this pole does not allow this." if held or caller().is_admin
          else "You have no role in this pole.")


def secretary_pole(pole_id: str) -> dict[str, Any]:
    """The pole's row, for its board secretaries only (403 / 404 otherwise)."""
    require_pole_role(pole_id, SECRETARY)
    return pole_or_404(pole_id)


def is_secretary(pole_id: str) -> bool:
    return SECRETARY in caller().roles_in(pole_id)


def proposal_of_pole(pole_id: str, proposal_id: str) -> dict[str, Any]:
    """The proposal's row, if it is this pole's; 404 otherwise. A draft is its secretaries' only, unless members
    discuss it (issue 23): published for discussion, on a convened assembly's agenda, or an amendment tabled in such
    a discussion. A read never closes a due vote: the closer does."""
    p = queries().proposal(proposal_id)
    if p is None or p["pole_id"] != str(pole_id) or (
            p["status"] == "draft" and not is_secretary(pole_id) and not open_to_members(p)):
        abort(404, description=f"No proposal {proposal_id} in this pole.")
    return p


def open_to_members(p: dict[str, Any]) -> bool:
    """Whether the pole's members read this draft (its read-model row): one given to them before its vote, the draft
    half of the discussion rule (governance/proposal.py `given_to_members`, within `is_under_discussion`), or an
    amendment. Reading is wider than discussing on purpose: an amendment is read on its own page though it is
    discussed in its resolution's discussion (it is tabled only while that resolution is under discussion)."""
    return given_to_members(published=p.get("published"), assembly_id=p.get("assembly_id")) \
        or p.get("amends") is not None


def current_statutes(pole_id: str) -> dict[str, Any]:
    """The pole's statutes in force as plain data (an empty SCIC before the pole has any)."""
    version = queries().statutes_as_of(pole_id)
    return dict(version["statutes"]) if version else {"model": "scic", "colleges": []}


def member_of_pole(pole_id: str, member_id: str) -> dict[str, Any]:
    """The member's row, if it is this pole's; 404 otherwise."""
    m = queries().member(member_id)
    if m is None or m["pole_id"] != str(pole_id):
        abort(404, description=f"No member {member_id} in this pole.")
    return m


def assembly_of_pole(pole_id: str, assembly_id: str) -> Assembly:
    """The assembly, if it is this pole's; 404 otherwise."""
    try:
        assembly = app().get_assembly(assembly_id)
    except DomainError:
        assembly = None
    if assembly is None or str(assembly.pole_id) != str(pole_id):
        abort(404, description=f"No assembly {assembly_id} in this pole.")
    return assembly


def refusal_status(error: DomainError) -> int:
    """The HTTP status of a refused command, by its kind (governance/errors.py): 403 when the caller has no
    standing for it, 409 when the record's current state refuses it, 422 when it breaks a rule."""
    if isinstance(error, NotPermitted):
        return 403
    return 409 if isinstance(error, StateConflict) else 422


class Refusal(str):
    """A refused command's rule in the user's language (what a page shows), keeping the error it came from."""

    error: DomainError

    def __new__(cls, error: DomainError) -> Refusal:
        refusal = super().__new__(cls, domain_message(error))
        refusal.error = error
        return refusal


def attempt(command: Callable[[], T]) -> tuple[T | None, Refusal | None]:
    """Run a page's command: its result and no refusal, or no result and the refusal in the user's language,
    for the page to re-show its form with it (HTTP 422). A caller without standing gets the 403 page with the
    domain's reason."""
    try:
        return command(), None
    except NotPermitted:
        raise  # the 403 page says the domain's reason (web/app.py)
    except DomainError as error:
        return None, Refusal(error)


def translated(text: object) -> str:
    """A domain message (a DomainError or an Advice: template + params) in the user's language.

    A refusal may name another rule it ran into (`{rule}` in "…, which the statutes do not allow ({rule}): …"):
    that nested rule is translated too, whether the param holds the nested DomainError itself or its English
    message with the nested error chained as the refusal's cause (`raise … from broken`)."""
    fallback = text.message if isinstance(text, DomainError) else str(text)
    template = getattr(text, "template", None)
    if template is None:
        return fallback
    params = refusal_params(_nested_translated(text), rule=getattr(text, "rule", None))
    try:
        return gettext(template).format(**params) if params else gettext(template)
    except (KeyError, IndexError, ValueError):
        return fallback


def _nested_translated(text: object) -> dict[str, Any]:
    """The params of `text`, each nested DomainError (or its message, when it is the chained cause) translated."""
    params = dict(getattr(text, "params", None) or {})
    cause = getattr(text, "__cause__", None)
    for key, value in params.items():
        if isinstance(value, DomainError):
            params[key] = translated(value)
        elif isinstance(cause, DomainError) and isinstance(value, str) and value == cause.message:
            params[key] = translated(cause)
    return params


def domain_message(error: DomainError) -> str:
    """A refused command's rule, in the user's language."""
    return translated(error)
