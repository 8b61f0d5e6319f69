"""Members of a pole: the roster (now or at a date), requests to join, and the secretary's decisions."""

from __future__ import annotations

from typing import Any, Callable

from flask import url_for

from web.api.auth import READERS, SECRETARIES
from web.api.lookups import member_of, moment
from web.api.routing import Created, operation
from web.api.schemas.members import (AdmitSchema, AssignSchema, ExcludeSchema, MembershipRequestSchema, MemberSchema,
                                     MembersQuery, RefuseSchema, WithdrawMemberSchema)
from web.edge import actor, app, queries

MEMBER = "/poles/<pole_id>/members/<member_id>"


@operation("/poles/<pole_id>/members", summary="List members, or the roster at a past date", tag="Members",
           access=READERS, query=MembersQuery, response=MemberSchema, many=True)
def list_members(pole_id: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    if query.get("as_of") or query.get("before_event") is not None:
        return queries().roster(pole_id, moment(pole_id, query))
    return queries().members(pole_id, status=query.get("status"))


@operation(MEMBER, summary="Read a member", tag="Members", access=READERS, response=MemberSchema)
def get_member(pole_id: str, member_id: str) -> dict[str, Any]:
    return member_of(pole_id, member_id)


@operation("/poles/<pole_id>/members", "POST", summary="Record a membership request", tag="Members",
           access=SECRETARIES, body=MembershipRequestSchema, response=MemberSchema, status=201, command=True)
def request_membership(pole_id: str, body: dict[str, Any]) -> Created:
    member_id = str(app().request_membership(pole_id, name=body["name"], kind=body["kind"],
                                             category=body["category"],
                                             representative=body.get("representative", ""), actor=actor()))
    return Created(queries().member(member_id), url_for("api.get_member", pole_id=pole_id, member_id=member_id))


def decide(pole_id: str, member_id: str, command: Callable[[], None]) -> dict[str, Any]:
    """Run one decision on a member of this pole; return the member as it now stands."""
    member_of(pole_id, member_id)
    command()
    return member_of(pole_id, member_id)


def member_action(action: str, summary: str, schema: type) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return operation(f"{MEMBER}/{action}", "POST", summary=summary, tag="Members", access=SECRETARIES, body=schema,
                     response=MemberSchema, command=True)


@member_action("admit", "Admit a requested member (when the statutes give admission to the board)", AdmitSchema)
def admit_member(pole_id: str, member_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return decide(pole_id, member_id, lambda: app().admit_member(pole_id, member_id, decision=body["decision"],
                                                                 actor=actor()))


@member_action("refuse", "Refuse a membership request", RefuseSchema)
def refuse_member(pole_id: str, member_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return decide(pole_id, member_id, lambda: app().refuse_member(
        pole_id, member_id, decision=body["decision"], reasons=body["reasons"], actor=actor()))


@member_action("assign", "Assign an admitted member to a college", AssignSchema)
def assign_member(pole_id: str, member_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return decide(pole_id, member_id, lambda: app().assign_college(
        pole_id, member_id, college=body["college"], reason=body["reason"], actor=actor()))


@member_action("withdraw", "Record a member's withdrawal", WithdrawMemberSchema)
def withdraw_member(pole_id: str, member_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return decide(pole_id, member_id, lambda: app().withdraw_member(
        pole_id, member_id, reason=body.get("reason", ""), actor=actor()))


@member_action("exclude", "Exclude a member (when the statutes give exclusion to the board)", ExcludeSchema)
def exclude_member(pole_id: str, member_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return decide(pole_id, member_id, lambda: app().exclude_member(
        pole_id, member_id, reasons=body["reasons"], decision=body["decision"], actor=actor()))
