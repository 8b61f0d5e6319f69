"""Proposals: the register, drafting and amending, opening, closing and withdrawing; decided proposals."""

from __future__ import annotations

from typing import Any

from flask import url_for

from web.api.auth import READERS, SECRETARIES, Access
from web.api.lookups import day_end, day_start, proposal_of, register_page
from web.api.routing import Created, operation, read_json
from web.api.schemas.proposals import (DecisionsQuery, OpenVotingSchema, ProposalDraftSchema, ProposalPageSchema,
                                       ProposalSchema, ProposalsQuery, ReasonSchema, STATUSES)
from web.edge import actor, app, is_secretary, queries

PROPOSAL = "/poles/<pole_id>/proposals/<proposal_id>"
READERS_AND_DRAFTS = Access(READERS.description + " (drafts: secretaries only)", READERS.check)


def criteria(query: dict[str, Any]) -> dict[str, Any]:
    return {"kind": query.get("kind"), "outcome": query.get("outcome"), "search": (query.get("q") or "").strip() or None,
            "since": day_start(query.get("since")), "until": day_end(query.get("until"))}


def page(pole_id: str, statuses: tuple[str, ...], query: dict[str, Any]) -> dict[str, Any]:
    items, next_offset = register_page(pole_id, statuses, criteria(query), query["limit"], query["offset"])
    return {"items": items, "limit": query["limit"], "offset": query["offset"], "next_offset": next_offset}


def effect_of(body: dict[str, Any]) -> dict[str, Any] | None:
    effect = body.get("effect")
    for key in ("member_id", "mandate_id", "network_id"):
        if effect and key in effect:
            effect = {**effect, key: str(effect[key])}
    return effect


@operation("/poles/<pole_id>/proposals", summary="The register of proposals, filtered", tag="Proposals",
           access=READERS_AND_DRAFTS, query=ProposalsQuery, response=ProposalPageSchema)
def list_proposals(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    visible = STATUSES if is_secretary(pole_id) else tuple(s for s in STATUSES if s != "draft")
    wanted = query.get("status")
    return page(pole_id, (wanted,) if wanted in visible else () if wanted else visible, query)


@operation("/poles/<pole_id>/decisions", summary="The decision register: closed and withdrawn proposals",
           tag="Proposals", access=READERS, query=DecisionsQuery, response=ProposalPageSchema,
           description="Each entry carries its frozen electorate per college, participation, proxies used, the "
                       "recorded tally (per-college counts and effective weights), the empty-college rule "
                       "applied, the result and the outcome.")
def list_decisions(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    return page(pole_id, (query["status"],) if query.get("status") else ("closed", "withdrawn"), query)


@operation(PROPOSAL, summary="Read a proposal", tag="Proposals", access=READERS_AND_DRAFTS,
           response=ProposalSchema)
def get_proposal(pole_id: str, proposal_id: str) -> dict[str, Any]:
    return proposal_of(pole_id, proposal_id)


@operation("/poles/<pole_id>/proposals", "POST", summary="Draft a proposal", tag="Proposals", access=SECRETARIES,
           body=ProposalDraftSchema, response=ProposalSchema, status=201, command=True)
def create_proposal(pole_id: str, body: dict[str, Any]) -> Created:
    proposal_id = str(app().draft_proposal(pole_id, title=body["title"], text=body["text"], kind=body["kind"],
                                           effect=effect_of(body), secret=body["secret"], actor=actor()))
    return Created(queries().proposal(proposal_id),
                   url_for("api.get_proposal", pole_id=pole_id, proposal_id=proposal_id))


@operation(PROPOSAL, "PUT", summary="Amend a draft (the whole draft is replaced)", tag="Proposals",
           access=SECRETARIES, body=ProposalDraftSchema, response=ProposalSchema, command=True)
def amend_proposal(pole_id: str, proposal_id: str, body: dict[str, Any]) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    # An election keeps its ballot's secrecy (the statutes') unless the new draft states it.
    secret = body["secret"] if p["election"] is None or "secret" in read_json() else p["secret"]
    app().amend_proposal(p["id"], title=body["title"], text=body["text"], kind=body["kind"], effect=effect_of(body),
                         secret=secret, actor=actor())
    return proposal_of(pole_id, proposal_id)


@operation(f"{PROPOSAL}/open", "POST", summary="Open voting (freezes electorate, weights and rules)",
           tag="Proposals", access=SECRETARIES, body=OpenVotingSchema, response=ProposalSchema, command=True)
def open_voting(pole_id: str, proposal_id: str, body: dict[str, Any]) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    app().open_voting(p["id"], closes_at=body["closes_at"], convocation=body["convocation"], actor=actor())
    return proposal_of(pole_id, proposal_id)


@operation(f"{PROPOSAL}/close", "POST", summary="Close voting now and record the tally", tag="Proposals",
           access=SECRETARIES, response=ProposalSchema, command=True,
           description="An adopted proposal's effect (admission, exclusion, statutes, strategy) is applied in the "
                       "same transaction.")
def close_voting(pole_id: str, proposal_id: str) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    app().close_voting(p["id"], actor=actor())
    return proposal_of(pole_id, proposal_id)


@operation(f"{PROPOSAL}/withdraw", "POST", summary="Withdraw a draft or an open vote", tag="Proposals",
           access=SECRETARIES, body=ReasonSchema, response=ProposalSchema, command=True)
def withdraw_proposal(pole_id: str, proposal_id: str, body: dict[str, Any]) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    app().withdraw_proposal(p["id"], reason=body.get("reason", ""), actor=actor())
    return proposal_of(pole_id, proposal_id)
