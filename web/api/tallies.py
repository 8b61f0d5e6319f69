"""A closed proposal's tally, as recorded, and recounted from the stored events alone."""

from __future__ import annotations

from typing import Any

from governance.errors import ProposalStateConflict
from web.api.auth import READERS, SECRETARIES
from web.api.lookups import proposal_of
from web.api.proposals import PROPOSAL
from web.api.routing import operation
from web.api.schemas.votes import ProposalTallySchema, RecountSchema
from web.edge import app


def closed(pole_id: str, proposal_id: str) -> dict[str, Any]:
    """The proposal, once closed: no partial result is ever published while voting is open."""
    p = proposal_of(pole_id, proposal_id)
    if p["status"] != "closed" or not p["tally"]:
        raise ProposalStateConflict("the tally is published once voting has closed (this proposal is {status})",
                                    status=p["status"])
    return p


@operation(f"{PROPOSAL}/tally", summary="The tally: per-college counts, effective weights, result and outcome",
           tag="Tallies", access=READERS, response=ProposalTallySchema, errors=(409,))
def get_tally(pole_id: str, proposal_id: str) -> dict[str, Any]:
    p = closed(pole_id, proposal_id)
    return {"proposal_id": p["id"], "secret": p["secret"], "closed_at": p["closed_at"], "tally": p["tally"]}


@operation(f"{PROPOSAL}/tally/recount", summary="Recount from the stored events and compare with the record",
           tag="Tallies", access=SECRETARIES, response=RecountSchema, errors=(409,))
def recount(pole_id: str, proposal_id: str) -> dict[str, Any]:
    p = closed(pole_id, proposal_id)
    recounted = app().recount(p["id"]).to_dict()
    return {"proposal_id": p["id"], "recorded": p["tally"], "recounted": recounted, "matches": recounted == p["tally"]}
