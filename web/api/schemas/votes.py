"""Ballots, proxies and tallies. A secret ballot's choice appears in none of them."""

from __future__ import annotations

from marshmallow import Schema, fields

from governance.tally import CHOICES
from web.api.schemas.common import UtcDateTime, one_of


class BallotCastSchema(Schema):
    member_id = fields.UUID(required=True, metadata={
        "description": "The member voting: one you represent, or one whose proxy a member you represent holds."})
    choice = one_of(CHOICES, "for, against or abstain.", required=True)


class BallotSchema(Schema):
    """One member's participation; `choice` is always null on a secret ballot."""

    member_id = fields.String(required=True)
    name = fields.String(required=True)
    college = fields.String(required=True, allow_none=True, metadata={"description": "Frozen college code."})
    choice = fields.String(required=True, allow_none=True,
                           metadata={"description": "The last choice (public ballots only; null when secret)."})
    proxy_holder = fields.String(required=True, allow_none=True,
                                 metadata={"description": "The member who cast it by proxy, if so."})
    cast_at = UtcDateTime(required=True)
    changes = fields.Integer(required=True, metadata={"description": "How many times the ballot was changed."})


class ProxyGrantSchema(Schema):
    principal_id = fields.UUID(required=True, metadata={"description": "A member you represent, giving its proxy."})
    holder_id = fields.UUID(required=True, metadata={"description": "The member who will hold it."})


class ProxySchema(Schema):
    principal_id = fields.String(required=True)
    holder_id = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "active, used or revoked."})
    granted_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)


class CollegeCountSchema(Schema):
    """Every intermediate figure for one college; fractions are exact 'n/d' strings."""

    code = fields.String(required=True)
    name = fields.String(required=True)
    share = fields.String(required=True, allow_none=True)
    electorate = fields.Integer(required=True)
    participants = fields.Integer(required=True)
    votes_for = fields.Integer(required=True)
    votes_against = fields.Integer(required=True)
    abstentions = fields.Integer(required=True)
    effective_weight = fields.String(required=True, metadata={"description": "Share after the empty-college rule."})
    share_in_favour = fields.String(required=True, allow_none=True, metadata={"description": "for / (for + against)."})
    quorum_met = fields.Boolean(required=True, allow_none=True)
    reveals_ballots = fields.Boolean(required=True, metadata={
        "description": "True when the college's counts reveal how each of its voters voted."})


class TallySchema(Schema):
    colleges = fields.List(fields.Nested(CollegeCountSchema), required=True)
    model = fields.String(required=True)
    rule_applied = fields.String(required=True, metadata={"description": "The empty-college rule applied."})
    empty_colleges = fields.List(fields.String(), required=True)
    result = fields.String(required=True, allow_none=True, metadata={"description": "Weighted share in favour."})
    threshold = fields.String(required=True)
    threshold_strict = fields.Boolean(required=True)
    threshold_met = fields.Boolean(required=True)
    entitled = fields.Integer(required=True)
    participants = fields.Integer(required=True)
    quorum = fields.String(required=True)
    quorum_met = fields.Boolean(required=True)
    outcome = fields.String(required=True, metadata={"description": "adopted, rejected or no_quorum."})


class ProposalTallySchema(Schema):
    proposal_id = fields.String(required=True)
    secret = fields.Boolean(required=True)
    closed_at = UtcDateTime(required=True)
    tally = fields.Nested(TallySchema, required=True)


class RecountSchema(Schema):
    proposal_id = fields.String(required=True)
    recorded = fields.Nested(TallySchema, required=True, metadata={"description": "The tally recorded at closing."})
    recounted = fields.Nested(TallySchema, required=True,
                              metadata={"description": "The tally recomputed now from the stored events alone."})
    matches = fields.Boolean(required=True)
