"""Ballots and proxies of a proposal. A secret ballot's choice is never returned, to anyone."""

from __future__ import annotations

from typing import Any

from flask import url_for

from governance.proposal import Proposal
from governance.standing import Standing
from web.api.auth import PRINCIPALS, READERS, VOTERS
from web.api.errors import ApiProblem
from web.api.lookups import proposal_of
from web.api.proposals import PROPOSAL
from web.api.routing import Created, operation
from web.api.schemas.votes import (AnyBallotCastSchema, BallotCastSchema, BallotSchema, ElectionBallotCastSchema,
                                   ProxyGrantSchema, ProxySchema)
from web.edge import actor, app, queries, represented



def participation(p: dict[str, Any], aggregate: Proposal) -> list[dict[str, Any]]:
    """Who took part, in their frozen college; the choice for public ballots only."""
    return [{**b, "college": aggregate.electorate.get(b["member_id"]) or None,
             "choice": None if p["secret"] else b["choice"]} for b in queries().ballots(p["id"])]


def proxy_row(proposal_id: str, principal_id: str) -> dict[str, Any]:
    """The proxy as the proposal itself holds it now (the read model may lag in the worker mode)."""
    aggregate = app().get_proposal(proposal_id)
    proxy = aggregate.proxies.get(principal_id)
    if proxy is None:
        raise ApiProblem(404, f"No proxy from member {principal_id} on this proposal.")
    projected = next((r for r in queries().proxies(proposal_id) if r["principal_id"] == principal_id), None)
    if projected is not None and (projected["holder_id"], projected["status"]) == (proxy["holder"], proxy["status"]):
        return projected
    granted_at = projected["granted_at"] if projected and projected["holder_id"] == proxy["holder"] \
        else aggregate.modified_on
    return {"principal_id": principal_id, "holder_id": proxy["holder"], "status": proxy["status"],
            "granted_at": granted_at, "updated_at": aggregate.modified_on}


@operation(f"{PROPOSAL}/ballots", summary="Participation: who voted, and how for public ballots only",
           tag="Ballots and proxies", access=READERS, response=BallotSchema, many=True)
def list_ballots(pole_id: str, proposal_id: str) -> list[dict[str, Any]]:
    p = proposal_of(pole_id, proposal_id)
    return participation(p, app().get_proposal(p["id"]))


@operation(f"{PROPOSAL}/ballots", "POST", summary="Cast or change a ballot (the last one counts)",
           tag="Ballots and proxies", access=VOTERS, body=AnyBallotCastSchema,
           documented_body={"oneOf": [BallotCastSchema, ElectionBallotCastSchema]}, response=BallotSchema,
           status=201, command=True,
           description="`member_id` is a member you represent. To vote with a proxy, `member_id` is the holder you "
                       "represent and `on_behalf_of` the member who gave it: the ballot is then that member's (403 "
                       "`not_permitted` when you do not represent `member_id` or it does not hold that proxy). On a "
                       "secret ballot the response never shows the choice, not even to the voter. "
                       "In an election the choice is one character per candidate (ElectionBallotCast); the "
                       "election's method decides which ballots count (422 with its rule otherwise).")
def cast_ballot(pole_id: str, proposal_id: str, body: dict[str, Any]) -> Created:
    p = proposal_of(pole_id, proposal_id)
    voter = str(body["member_id"])
    # Explicit over implicit (issue 26): a proxy is used only when named; the domain is told which member of the
    # caller's votes, so that it neither finds a proxy by itself nor takes `member_id` as a principal.
    acting = [voter] if voter in represented(pole_id) else []
    member_id = str(body["on_behalf_of"]) if body.get("on_behalf_of") else voter
    before = _row(participation(p, app().get_proposal(p["id"])), member_id)
    app().cast_ballot(p["id"], member_id, body["choice"], actor=actor(), represented=acting)
    aggregate = app().get_proposal(p["id"])
    row = _row(participation(p, aggregate), member_id)
    if row is None or (before is not None and row["changes"] == before["changes"]):
        row = _just_cast(p, aggregate, member_id, before)  # the read models have not caught up yet
    return Created(row, url_for("api.list_ballots", pole_id=pole_id, proposal_id=p["id"]))


def _row(rows: list[dict[str, Any]], member_id: str) -> dict[str, Any] | None:
    return next((b for b in rows if b["member_id"] == member_id), None)


def _just_cast(p: dict[str, Any], aggregate: Proposal, member_id: str,
               before: dict[str, Any] | None) -> dict[str, Any]:
    """The ballot just recorded, from the proposal itself (when the projection worker lags)."""
    ballot = aggregate.ballots[member_id]
    member = queries().member(member_id) or app().get_pole(aggregate.pole_id).members[member_id]
    return {"member_id": member_id, "name": member["name"], "college": aggregate.electorate.get(member_id) or None,
            "choice": None if p["secret"] else ballot.get("choice"), "proxy_holder": ballot["proxy_holder"],
            "cast_at": aggregate.modified_on, "changes": 0 if before is None else before["changes"] + 1}


@operation(f"{PROPOSAL}/proxies", summary="Proxies given on this proposal", tag="Ballots and proxies",
           access=READERS, response=ProxySchema, many=True)
def list_proxies(pole_id: str, proposal_id: str) -> list[dict[str, Any]]:
    return queries().proxies(proposal_of(pole_id, proposal_id)["id"])


@operation(f"{PROPOSAL}/proxies", "POST", summary="Give a member's proxy to another member",
           tag="Ballots and proxies", access=PRINCIPALS, body=ProxyGrantSchema,
           response=ProxySchema, status=201, command=True)
def grant_proxy(pole_id: str, proposal_id: str, body: dict[str, Any]) -> Created:
    p = proposal_of(pole_id, proposal_id)
    principal = str(body["principal_id"])
    app().grant_proxy(p["id"], principal, str(body["holder_id"]), actor=actor(), represented=represented(pole_id))
    return Created(proxy_row(p["id"], principal),
                   url_for("api.list_proxies", pole_id=pole_id, proposal_id=p["id"]))


@operation(f"{PROPOSAL}/proxies/<principal_id>", "DELETE", summary="Revoke a proxy (until its holder uses it)",
           tag="Ballots and proxies", access=PRINCIPALS, response=ProxySchema,
           command=True)
def revoke_proxy(pole_id: str, proposal_id: str, principal_id: str) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    Standing.of(app().get_proposal(p["id"]), represented(pole_id)).principal(principal_id)  # 403 before 404
    proxy_row(p["id"], principal_id)
    app().revoke_proxy(p["id"], principal_id, actor=actor(), represented=represented(pole_id))
    return proxy_row(p["id"], principal_id)
