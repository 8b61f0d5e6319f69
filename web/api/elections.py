"""Elections of the board (issue 21): drafting one, its candidates, decisions addressed to the board, the board as of
a date and its members' mandates (resignation or death, co-optation, officers).

An election is a proposal (`election` set): it is opened, voted (the ballots operation: one character per
candidate), closed and counted like any other, its tally carrying `details`. A member's mandate is reached through
the member (`/members/<member_id>/mandate/...`): a member holds at most one seat at a time.
"""

from __future__ import annotations

from typing import Any, Iterable

from flask import url_for

from governance import clock
from governance.board import RENEWAL_NOTICE_MONTHS, ending_within
from governance.convocation import paris_day
from web.api.auth import READERS, SECRETARIES, Access, can_read
from web.api.errors import ApiProblem
from web.api.lookups import day_end, election_of, member_of, proposal_of, seat_of
from web.api.proposals import PROPOSAL
from web.api.routing import Created, operation
from web.api.schemas.elections import (BoardQuery, BoardSchema, CandidacySchema, CandidateSchema, CooptationSchema,
                                       ElectionDraftSchema, EndMandateSchema, MandateSchema, OfficerSchema)
from web.api.schemas.proposals import ProposalSchema
from web.edge import actor, app, is_secretary, queries, represented

TAG = "Elections and the board"
CANDIDATES = f"{PROPOSAL}/candidates"
MANDATE = "/poles/<pole_id>/members/<member_id>/mandate"
CANDIDATE_READERS = Access(READERS.description + " (an election's draft too: it is its call for candidates)",
                           READERS.check)
CANDIDATE_WRITERS = Access("board secretaries of the pole (recording anyone's candidacy); member representatives, for "
                           "the members they represent", lambda pole_id, **_: can_read(pole_id))


def standing(pole_id: str) -> Iterable[str] | None:
    """Whom the caller stands for: None for a secretary (recording a candidacy), else the members it represents
    (a candidacy of its own; the domain refuses any other with 403)."""
    return None if is_secretary(pole_id) else represented(pole_id)


def candidates_now(proposal_id: str) -> list[dict[str, Any]]:
    """The candidates as the proposal itself holds them now (the read model may lag in the worker mode)."""
    election = app().get_proposal(proposal_id).election
    return list(election["candidates"]) if election else []


def today() -> Any:
    return paris_day(clock.now())


# -- elections and their candidates ----------------------------------------------------------------------------
@operation("/poles/<pole_id>/elections", "POST", summary="Draft an election of board members", tag=TAG,
           access=SECRETARIES, body=ElectionDraftSchema, response=ProposalSchema, status=201, command=True,
           description="An ordinary resolution electing `seats` people under the statutes' board (its method, term "
                       "and grades), by secret ballot unless the statutes say otherwise. Candidates are declared "
                       "while it is a draft; it is then opened, voted, closed and read like any proposal. Refused "
                       "(422) when the statutes set up no board.")
def create_election(pole_id: str, body: dict[str, Any]) -> Created:
    proposal_id = str(app().draft_election(pole_id, title=body["title"], text=body["text"], seats=body["seats"],
                                           reserved=body["reserved"], actor=actor()))
    return Created(queries().proposal(proposal_id),
                   url_for("api.get_proposal", pole_id=pole_id, proposal_id=proposal_id))


@operation(CANDIDATES, summary="An election's candidates, in ballot order", tag=TAG, access=CANDIDATE_READERS,
           response=CandidateSchema, many=True,
           description="A ballot in this election has one character per candidate, in this order (frozen when "
                       "voting opens). 404 for a proposal that is not an election.")
def list_candidates(pole_id: str, proposal_id: str) -> list[dict[str, Any]]:
    p = election_of(pole_id, proposal_id)
    if p["election"] is None:
        raise ApiProblem(404, f"Proposal {proposal_id} is not an election: it has no candidates.")
    return list(p["election"]["candidates"])


@operation(CANDIDATES, "POST", summary="Declare a candidacy (a member's own, or recorded by a secretary)", tag=TAG,
           access=CANDIDATE_WRITERS, body=CandidacySchema, response=CandidateSchema, status=201, command=True,
           description="Until voting opens. The candidate is an admitted member; an organisation stands through its "
                       "representative (Code de commerce L225-20).")
def declare_candidate(pole_id: str, proposal_id: str, body: dict[str, Any]) -> Created:
    p = election_of(pole_id, proposal_id)
    member_id = str(body["member_id"])
    app().declare_candidate(p["id"], member_id, actor=actor(), represented=standing(pole_id))
    candidate = next(c for c in candidates_now(p["id"]) if c["member_id"] == member_id)
    return Created(candidate, url_for("api.list_candidates", pole_id=pole_id, proposal_id=p["id"]))


@operation(f"{CANDIDATES}/<member_id>", "DELETE", summary="Withdraw a candidacy (until voting opens)", tag=TAG,
           access=CANDIDATE_WRITERS, response=CandidateSchema, many=True, command=True,
           description="Answers the candidates who remain.")
def withdraw_candidacy(pole_id: str, proposal_id: str, member_id: str) -> list[dict[str, Any]]:
    p = election_of(pole_id, proposal_id)
    app().withdraw_candidacy(p["id"], member_id, actor=actor(), represented=standing(pole_id))
    return candidates_now(p["id"])


@operation(f"{PROPOSAL}/address-to-board", "POST", summary="Make a draft a decision of the board", tag=TAG,
           access=SECRETARIES, response=ProposalSchema, command=True,
           description="The members of the board when voting opens vote, one person one vote, with the board's "
                       "quorum and majority; the chair's vote decides a tie unless the statutes exclude it (Code de "
                       "commerce L225-37). Not secret; admissions and exclusions only as effects.")
def address_to_board(pole_id: str, proposal_id: str) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    app().address_to_board(p["id"], actor=actor())
    return proposal_of(pole_id, proposal_id)


# -- the board and its mandates -----------------------------------------------------------------------------------
@operation("/poles/<pole_id>/board", summary="The board on a day: the mandates holding a seat then", tag=TAG,
           access=READERS, query=BoardQuery, response=BoardSchema)
def get_board(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    day = query.get("day") or today()
    version = queries().statutes_as_of(pole_id, day_end(day))
    board = (version["statutes"] or {}).get("board") if version else None
    return {"date": day.isoformat(), "name": board["name"] if board else None,
            "seats": board["seats"] if board else None, "members": queries().board_on(pole_id, day.isoformat())}


@operation("/poles/<pole_id>/mandates", summary="Every mandate of the pole's board, the latest first", tag=TAG,
           access=READERS, response=MandateSchema, many=True)
def list_mandates(pole_id: str) -> list[dict[str, Any]]:
    return queries().mandates(pole_id)


@operation("/poles/<pole_id>/mandates/ending", summary=f"Mandates in office ending within {RENEWAL_NOTICE_MONTHS} months",
           tag=TAG, access=SECRETARIES, response=MandateSchema, many=True,
           description="Soonest first: their renewal goes on the next ordinary assembly's agenda.")
def list_mandates_ending(pole_id: str) -> list[dict[str, Any]]:
    day = today()
    return list(ending_within(queries().board_on(pole_id, day.isoformat()), day, RENEWAL_NOTICE_MONTHS))


@operation("/poles/<pole_id>/members/<member_id>/mandates", summary="A member's mandates on the board", tag=TAG,
           access=READERS, response=MandateSchema, many=True)
def list_member_mandates(pole_id: str, member_id: str) -> list[dict[str, Any]]:
    member_of(pole_id, member_id)
    return queries().mandates_of(pole_id, member_id)


@operation(f"{MANDATE}/end", "POST", summary="Record the end of a member's mandate: resignation or death", tag=TAG,
           access=SECRETARIES, body=EndMandateSchema, response=MandateSchema, command=True,
           description="404 when the member holds no seat. The seat may then be filled by co-optation.")
def end_mandate(pole_id: str, member_id: str, body: dict[str, Any]) -> dict[str, Any]:
    mandate = seat_of(pole_id, member_id, body["on"])
    app().end_mandate(pole_id, mandate["id"], on=body["on"], reason=body["reason"], decision=body["decision"],
                      actor=actor())
    return app().get_pole(pole_id).mandate(mandate["id"])


@operation(f"{MANDATE}/cooptation", "POST", summary="Co-opt a member to a seat left vacant (resignation, death)",
           tag=TAG, access=SECRETARIES, body=CooptationSchema, response=MandateSchema, status=201, command=True,
           description="The board's co-optation for the rest of the predecessor's term, to be ratified by the next "
                       "ordinary assembly (Code de commerce L225-24; a proposal with effect ratify_cooptation).")
def coopt_member(pole_id: str, member_id: str, body: dict[str, Any]) -> Created:
    member_of(pole_id, member_id)
    mandate_id = app().coopt(pole_id, member_id, replaces=str(body["replaces"]), on=body["on"],
                             decision=body["decision"], actor=actor())
    return Created(app().get_pole(pole_id).mandate(mandate_id),
                   url_for("api.list_member_mandates", pole_id=pole_id, member_id=member_id))


@operation(f"{MANDATE}/officer", "POST", summary="Appoint a member of the board to an officer role", tag=TAG,
           access=SECRETARIES, body=OfficerSchema, response=MandateSchema, command=True,
           description="A role of the statutes' board (the first is the chair: its vote decides a tie); its previous "
                       "holder loses it. 404 when the member holds no seat.")
def appoint_officer(pole_id: str, member_id: str, body: dict[str, Any]) -> dict[str, Any]:
    mandate = seat_of(pole_id, member_id, today())
    app().appoint_officer(pole_id, mandate["id"], role=body["role"], decision=body["decision"], actor=actor())
    return app().get_pole(pole_id).mandate(mandate["id"])
