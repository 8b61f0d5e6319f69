"""Where the signed-in user stands on one proposal: whom they vote for, the proxies they give or hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from governance.proposal import LIVE, Proposal
from web.context import queries



@dataclass(frozen=True)
class Right:
    """A member the user may vote for: their own organisation, or a principal whose proxy they hold."""

    member_id: str
    name: str
    proxy_holder: str | None = None


@dataclass(frozen=True)
class Standing:
    """Where the user's organisations stand on one proposal (frozen electorate, proxies, ballots)."""

    own: list[str]  # organisations the user represents that are in the electorate
    not_elector: list[str]  # ... and those that are not
    given: dict[str, dict[str, Any]]  # own organisations' live proxies, by principal
    held: dict[str, dict[str, Any]]  # live proxies held by an own organisation, by principal
    givers: list[str]  # own organisations that may still give their proxy


def standing_on(pole_id: str, aggregate: Proposal) -> Standing:
    """The user's organisations on this proposal: electors or not, proxies given, held, and still possible."""
    mine = current_user.members_in(pole_id)
    own = [m for m in mine if m in aggregate.electorate]
    given = {m: aggregate.proxies[m] for m in own if aggregate.proxies.get(m, {}).get("status") in LIVE}
    held = {m: x for m, x in aggregate.proxies.items() if x["holder"] in own and x["status"] in LIVE}
    holders = {x["holder"] for x in aggregate.proxies.values() if x["status"] in LIVE}
    # The domain's rules, to offer only possible grants: no second proxy, not after voting in person,
    # not by a member holding proxies.
    givers = [m for m in own if m not in given and m not in holders and not aggregate.voted_in_person(m)]
    return Standing(own, [m for m in mine if m not in aggregate.electorate], given, held, givers)


def voting_rights(pole_id: str, aggregate: Proposal, names: dict[str, Any], usable: bool = True) -> list[Right]:
    """Whom the user votes for: own organisations, then principals of the proxies they hold.

    With `usable`, only the ballots the domain would accept now (for the form); without, every ballot the
    user has standing to submit (for the permission check, so that refusals are explained by the domain).
    """
    mine = current_user.members_in(pole_id)
    own = [m for m in mine if m in aggregate.electorate] if usable else mine
    return [Right(m, member_name(names, m)) for m in own] + [
        Right(principal, member_name(names, principal), proxy["holder"])
        for principal, proxy in aggregate.proxies.items()
        if proxy["holder"] in mine and proxy["status"] in LIVE
        and not (usable and aggregate.voted_in_person(principal))]



def own_member(pole_id: str, submitted: str | None) -> str:
    """The user's organisation named by a proxy form (implicit when they represent one): 403 otherwise."""
    own = current_user.members_in(pole_id)
    member = submitted or single(own)
    if member not in own:
        abort(403)
    return member


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
