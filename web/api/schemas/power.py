"""Voting power of colleges and members, and what-if recounts of closed decisions. Fractions are exact 'n/d'."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from governance.statutes import RESOLUTION_KINDS
from web.api.schemas.common import one_of
from web.api.schemas.poles import AsOfQuery, StatutesSchema
from web.api.schemas.votes import TallySchema


class PowerQuery(AsOfQuery):
    kind = one_of(RESOLUTION_KINDS, "The resolution kind whose threshold applies: ordinary (default) or "
                  "extraordinary.", load_default="ordinary")


class CollegeIndicesSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    share = fields.String(required=True, metadata={"description": "Nominal share of the votes."})
    banzhaf = fields.String(required=True, metadata={"description": "Normalised Banzhaf index (sums to 1)."})
    shapley_shubik = fields.String(required=True, metadata={"description": "Shapley–Shubik index (sums to 1)."})
    swing_probability = fields.String(required=True, metadata={
        "description": "Share of the other colleges' coalitions this college turns into a win (Penrose)."})
    is_dictator = fields.Boolean(required=True, metadata={"description": "Adopts any resolution on its own."})
    has_veto = fields.Boolean(required=True, metadata={"description": "Nothing passes without it."})
    is_dummy = fields.Boolean(required=True, metadata={"description": "Never decisive."})
    members = fields.Integer(required=True, metadata={"description": "Head count in the college."})
    member_nominal_weight = fields.String(required=True, allow_none=True, metadata={
        "description": "Share / head count; null without members."})
    member_decisive_in_college = fields.String(required=True, metadata={
        "description": "Chance one member's vote decides its college's simple majority."})
    member_pole_power = fields.String(required=True, metadata={
        "description": "Decisive in its college × the college's swing probability (two-tier Penrose measure)."})


class PowerIndicesSchema(Schema):
    pole_id = fields.String(required=True)
    statutes_version = fields.Integer(required=True)
    model = fields.String(required=True)
    kind = fields.String(required=True)
    threshold = fields.String(required=True)
    threshold_strict = fields.Boolean(required=True)
    colleges = fields.List(fields.Nested(CollegeIndicesSchema), required=True)


class WhatIfSchema(Schema):
    """Exactly one of `statutes_version` (a version of the pole's statutes) or `statutes` (complete statutes)."""

    statutes_version = fields.Integer(strict=True, validate=validate.Range(1, 1_000_000), metadata={
        "description": "A version of this pole's statutes."})
    statutes = fields.Nested(StatutesSchema, metadata={"description": "Complete statutes to simulate."})

    @validates_schema
    def exactly_one(self, data: dict[str, Any], **_: Any) -> None:
        if ("statutes_version" in data) == ("statutes" in data):
            raise ValidationError("Give either statutes_version or statutes.", "_schema")


class WhatIfResultSchema(Schema):
    proposal_id = fields.String(required=True)
    statutes_version = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The version simulated, or null for statutes given in the request."})
    recorded = fields.Nested(TallySchema, required=True)
    simulated = fields.Nested(TallySchema, required=True)
    flipped = fields.Boolean(required=True, metadata={"description": "True when the outcome would differ."})
