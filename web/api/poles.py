"""Poles: list, read and found (administrators); their statutes versions, colleges and weights, strategy."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC
from fractions import Fraction
from typing import Any

from flask import url_for

from web.api.auth import ADMINS, ANY_TOKEN, READERS, user
from web.api.errors import ApiProblem
from web.api.lookups import moment
from web.api.routing import Created, operation
from web.api.schemas.poles import (AsOfQuery, CollegesSchema, FoundedPoleSchema, MeSchema, PoleCreateSchema,
                                   PoleSchema, StatutesVersionSchema, StrategyVersionSchema)
from web.edge import actor, app, pole_or_404, queries

def exact(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


@operation("/me", summary="Who this token belongs to, and their roles", tag="Account", access=ANY_TOKEN,
           response=MeSchema)
def me() -> dict[str, Any]:
    u = user()
    return {"id": u.id, "email": u.email, "name": u.name, "is_admin": u.is_admin,
            "roles": [asdict(r) for r in u.roles]}


@operation("/poles", summary="List the poles you belong to (administrators: every pole)", tag="Poles",
           access=ANY_TOKEN, response=PoleSchema, many=True)
def list_poles() -> list[dict[str, Any]]:
    mine = set(user().poles())
    return [p for p in queries().poles() if user().is_admin or p["id"] in mine]


@operation("/poles", "POST", summary="Found a pole with its statutes and founding members", tag="Poles",
           access=ADMINS, body=PoleCreateSchema, response=FoundedPoleSchema, status=201, command=True,
           description="The founders are admitted by the founding statutes and assigned to their college; the "
                       "answer gives their ids, in the order given. Every field of the statutes left out takes the "
                       "default the schema states (no proxy cap unless one is given).")
def create_pole(body: dict[str, Any]) -> Created:
    pole_id = str(app().found_pole(
        name=body["name"], territory=body["territory"], legal_form=body["legal_form"], statutes=body["statutes"],
        strategy=body.get("strategy", ""), founders=body.get("founders", []), actor=actor()))
    founders = [{"id": member_id, "name": m["name"], "college": m.get("college")}
                for member_id, m in app().get_pole(pole_id).members.items()]
    return Created({**queries().pole(pole_id), "founders": founders}, url_for("api.get_pole", pole_id=pole_id))


@operation("/poles/<pole_id>", summary="Read a pole", tag="Poles", access=READERS, response=PoleSchema)
def get_pole(pole_id: str) -> dict[str, Any]:
    return pole_or_404(pole_id)


@operation("/poles/<pole_id>/colleges", summary="Colleges and weights, now or at a past date", tag="Poles",
           access=READERS, query=AsOfQuery, response=CollegesSchema,
           description="Each college's share, head count and the weight of one member's vote in the whole pole, "
                       "with the SCIC compliance findings.")
def get_colleges(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    power = queries().power(pole_id, moment(pole_id, query))
    if power is None:
        raise ApiProblem(404, "The pole had not been founded yet on that date.")
    return {"pole_id": power.pole_id, "statutes_version": power.statutes_version, "model": power.statutes.model,
            "colleges": [{"code": c.code, "name": c.name, "share": exact(c.share), "members": c.members,
                          "member_weight": exact(c.member_weight)} for c in power.colleges],
            "findings": [{"level": f.level, "message": str(f.message)} for f in power.findings]}


@operation("/poles/<pole_id>/statutes", summary="Every version of the statutes (up to a date or event)",
           tag="Poles", access=READERS, query=AsOfQuery, response=StatutesVersionSchema, many=True,
           description="With `as_of` or `before_event`, only the versions adopted by then: the last one was in force.")
def list_statutes(pole_id: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    return adopted_by(queries().statutes_versions(pole_id), moment(pole_id, query))


@operation("/poles/<pole_id>/statutes/<int:version>", summary="One version of the statutes", tag="Poles",
           access=READERS, response=StatutesVersionSchema)
def get_statutes(pole_id: str, version: int) -> dict[str, Any]:
    for row in queries().statutes_versions(pole_id):
        if row["version"] == version:
            return row
    raise ApiProblem(404, f"The statutes have no version {version}.")


@operation("/poles/<pole_id>/strategy", summary="Every version of the shared strategy, with diffs (up to a date "
           "or event)", tag="Poles", access=READERS, query=AsOfQuery, response=StrategyVersionSchema, many=True,
           description="With `as_of` or `before_event`, only the versions adopted by then: the last one was in force.")
def list_strategy(pole_id: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    return adopted_by(queries().strategy_versions(pole_id), moment(pole_id, query))


def adopted_by(versions: list[dict[str, Any]], instant: Any) -> list[dict[str, Any]]:
    """The versions adopted by `instant` (all when None); read models store naive UTC."""
    if instant is None:
        return versions
    limit = instant.astimezone(UTC).replace(tzinfo=None)
    return [v for v in versions if v["adopted_at"] <= limit]
