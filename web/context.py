"""What every view needs: the wired system, queries, accounts, the actor, and role checks."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app
from flask_babel import gettext
from flask_login import current_user

from governance.application import Collegia
from governance.errors import DomainError
from projections.queries import Queries
from infrastructure.system import System
from web.accounts import Accounts
from web.labels import refusal_params

SECRETARY, MEMBER = "secretary", "member"


def system() -> System:
    return current_app.extensions["collegia"]


def app() -> Collegia:
    """The governance application service."""
    return system().app


def queries() -> Queries:
    return current_app.extensions["collegia.queries"]


def accounts() -> Accounts:
    return current_app.extensions["collegia.accounts"]


def actor() -> str:
    """How the logged-in user is named in the events they cause."""
    return f"{current_user.name} <{current_user.email}>"


def pole_or_404(pole_id: str) -> dict[str, Any]:
    return queries().pole(pole_id) or abort(404)


def require_pole_role(pole_id: str, *allowed: str) -> set[str]:
    """The user's roles in this pole; 403 unless one of `allowed` (admins pass any read check)."""
    pole_or_404(pole_id)
    held = current_user.roles_in(pole_id)
    if held & set(allowed) or (current_user.is_admin and MEMBER in allowed):
        return held
    abort(403)


def is_secretary(pole_id: str) -> bool:
    return SECRETARY in current_user.roles_in(pole_id)


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
