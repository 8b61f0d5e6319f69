"""Where the signed-in user stands on one proposal: whom they vote for, the proxies they give or hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from governance.proposal import Proposal
from governance.standing import Standing
from web.edge import queries, represented



@dataclass(frozen=True)
class Right:
    """A member the user may vote for, by name: the domain's BallotRight (governance/standing.py) for a page."""

    member_id: str
    name: str
    proxy_holder: str | None = None


def standing_on(pole_id: str, aggregate: Proposal) -> Standing:
    """The user's organisations on this proposal, as the domain answers it (governance/standing.py)."""
    return Standing.of(aggregate, represented(pole_id))


def voting_rights(pole_id: str, aggregate: Proposal, names: dict[str, Any]) -> list[Right]:
    """Whom the user may vote for now, by name: own organisations, then principals of the proxies they hold."""
    return [Right(r.member_id, member_name(names, r.member_id), r.proxy_holder)
            for r in standing_on(pole_id, aggregate).ballot_rights()]


def single(members: list[str]) -> str | None:
    """The only organisation the user represents, if they represent exactly one."""
    return members[0] if len(members) == 1 else None


def holder_choices(pole_id: str, aggregate: Proposal, principal: str | None) -> list[SelectChoice]:
    """Electors who could hold the principal's proxy, by name, with their college."""
    colleges = {c.code: c.name for c in aggregate.frozen_statutes.colleges} if aggregate.rules else {}
    names = queries().member_name_index(pole_id)
    rows = sorted((names.get(m, m), colleges.get(code, ""), m) for m, code in aggregate.electorate.items()
                  if m != principal)
    return [SelectChoice("", _("Choose a member…"))] + [
        SelectChoice(m, f"{name} — {college}" if college else name) for name, college, m in rows]


def member_names(pole_id: str, member_ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
    """The names of just the members a page shows, by id, as rows ({"name": ...}): a pole may have thousands."""
    return {m: {"id": m, "name": name} for m, name in queries().member_names(pole_id, member_ids).items()}


def related_members(pole_id: str, aggregate: Proposal) -> set[str]:
    """The members a page about this proposal names for the user: their own, and both ends of their proxies."""
    own = set(current_user.members_in(pole_id))
    related = set(own)
    for principal, proxy in aggregate.proxies.items():
        if principal in own or proxy["holder"] in own:
            related.update((principal, proxy["holder"]))
    return related


def member_name(names: dict[str, dict[str, Any]], member_id: str) -> str:
    """A member's name, or its id when unknown."""
    return names.get(member_id, {}).get("name", member_id)
