"""Voting power per college (Banzhaf, Shapley–Shubik) and what-if recounts of closed decisions (nothing stored)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from governance.power import college_indices, member_indices
from web.api.auth import READERS
from web.api.errors import ApiProblem
from web.api.lookups import moment
from web.api.proposals import PROPOSAL
from web.api.routing import operation
from web.api.schemas.power import PowerIndicesSchema, PowerQuery, WhatIfResultSchema, WhatIfSchema
from web.api.tallies import closed
from web.edge import app, queries


def exact(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


@operation("/poles/<pole_id>/power", summary="Voting power of each college and of one of its members",
           tag="Poles", access=READERS, query=PowerQuery, response=PowerIndicesSchema, errors=(404, 422),
           description="Exact Banzhaf and Shapley–Shubik indices of each college for the threshold of a "
                       "resolution kind, under the statutes in force on `as_of`; 422 under one member, one vote.")
def get_power(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    power = queries().power(pole_id, moment(pole_id, query))
    if power is None:
        raise ApiProblem(404, "The pole had not been founded yet on that date.")
    kind = query["kind"]
    heads = {c.code: c.members for c in power.colleges}
    colleges = college_indices(power.statutes, kind)
    members = {m.college: m for m in member_indices(power.statutes, kind, heads)}
    threshold = power.statutes.thresholds[kind]
    return {"pole_id": power.pole_id, "statutes_version": power.statutes_version, "model": power.statutes.model,
            "kind": kind, "threshold": exact(threshold.fraction), "threshold_strict": threshold.strict,
            "colleges": [{"code": c.code, "name": c.name, "share": exact(c.share), "banzhaf": exact(c.banzhaf),
                          "shapley_shubik": exact(c.shapley_shubik), "swing_probability": exact(c.swing_probability),
                          "is_dictator": c.is_dictator, "has_veto": c.has_veto, "is_dummy": c.is_dummy,
                          "members": members[c.code].members,
                          "member_nominal_weight": exact(members[c.code].nominal_weight),
                          "member_decisive_in_college": exact(members[c.code].decisive_in_college),
                          "member_pole_power": exact(members[c.code].pole_power)} for c in colleges]}


@operation(f"{PROPOSAL}/what-if", "POST", summary="Recount a closed decision under other statutes (stores nothing)",
           tag="Tallies", access=READERS, body=WhatIfSchema, response=WhatIfResultSchema, errors=(409,),
           description="The frozen electorate and last ballots, counted under a version of the pole's statutes or "
                       "under complete statutes given in the body. A simulation: nothing is recorded. Secret "
                       "ballots appear only as per-college counts.")
def what_if(pole_id: str, proposal_id: str, body: dict[str, Any]) -> dict[str, Any]:
    p = closed(pole_id, proposal_id)
    version = body.get("statutes_version")
    if version is not None:
        statutes = next((v["statutes"] for v in queries().statutes_versions(pole_id) if v["version"] == version),
                        None)
        if statutes is None:
            raise ApiProblem(422, "Some fields are invalid: see errors.", kind="validation",
                             errors={"statutes_version": [f"The statutes have no version {version}."]})
    else:
        statutes = body["statutes"]
    recorded, simulated = app().what_if(p["id"], statutes)
    return {"proposal_id": p["id"], "statutes_version": version, "recorded": recorded.to_dict(),
            "simulated": simulated.to_dict(), "flipped": recorded.outcome != simulated.outcome}
