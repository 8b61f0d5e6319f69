"""Proposals: drafting, opening, the register of decisions."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from governance.base import MAX_TEXT
from governance.effects import EFFECT_TYPES, NETWORK_SHARES
from governance.statutes import CONVOCATIONS, RESOLUTION_KINDS
from web.api.schemas.common import PagingQuery, UtcDateTime, free_text, one_of, plausible
from web.api.schemas.elections import ElectionSchema
from web.api.schemas.poles import StatutesSchema
from web.api.schemas.votes import TallySchema

STATUSES = ("draft", "open", "closed", "withdrawn")
OUTCOMES = ("adopted", "rejected", "no_quorum")
EFFECT_NEEDS = {"admit_member": ("member_id",), "exclude_member": ("member_id", "reasons"),
                "amend_statutes": ("statutes",), "revise_strategy": ("text",),
                "remove_administrator": ("mandate_id",), "ratify_cooptation": ("mandate_id",),
                "join_network": ("network_id",), "leave_network": ("network_id",)}


class EffectSchema(Schema):
    """What happens once the proposal is adopted."""

    type = one_of(EFFECT_TYPES, "admit_member, exclude_member, amend_statutes (extraordinary only), revise_strategy, "
                                "remove_administrator or ratify_cooptation (ordinary only), join_network or "
                                "leave_network.",
                  required=True)
    member_id = fields.UUID(metadata={"description": "admit_member, exclude_member: the member concerned."})
    mandate_id = fields.UUID(metadata={"description": "remove_administrator, ratify_cooptation: the board mandate "
                                                      "concerned (Code de commerce L225-18, L225-24)."})
    reasons = free_text("exclude_member: the reasons.", 5000, required=False)
    statutes = fields.Nested(StatutesSchema, metadata={"description": "amend_statutes: the complete new statutes."})
    text = free_text("revise_strategy: the new text of the shared strategy.", MAX_TEXT, required=False)
    network_id = fields.UUID(metadata={"description": "join_network, leave_network: the regional network (issue 24)."})
    shares = fields.List(one_of(NETWORK_SHARES, "One of " + ", ".join(NETWORK_SHARES) + "."),
                         metadata={"description": "join_network: what the pole shares with the network (its closed "
                                                  "campaigns' aggregated results, member counts per kind, number of "
                                                  "decisions, last assembly's date); none if empty."})

    @validates_schema
    def check_needs(self, data: dict[str, Any], **kwargs: Any) -> None:
        missing = {name: ["Required for this effect type."] for name in EFFECT_NEEDS.get(data.get("type", ""), ())
                   if not data.get(name)}
        if missing:
            raise ValidationError(missing)


class ProposalDraftSchema(Schema):
    title = free_text("Title.", 200)
    text = free_text("Text of the resolution.", MAX_TEXT)
    kind = one_of(RESOLUTION_KINDS, "ordinary or extraordinary.", load_default="ordinary")
    secret = fields.Boolean(load_default=False, metadata={"description": "Secret ballot: who voted, never how."})
    effect = fields.Nested(EffectSchema, allow_none=True, load_default=None)


class OpenVotingSchema(Schema):
    closes_at = fields.AwareDateTime(required=True, validate=plausible, metadata={
        "description": "When voting closes: an ISO 8601 time with its offset, in the future "
                       "(years 2000 to 2100, like every date Collegia accepts)."})
    convocation = one_of(CONVOCATIONS, "first or second (sets the quorum).", load_default="first")


class ReasonSchema(Schema):
    reason = free_text("Why (optional).", 1000, required=False)


class Flag(fields.Boolean):
    """A yes-or-no fact of the read model that reads null until it was ever set: answered false then."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> bool:
        return bool(value)


AMENDMENT_STATUSES = ("tabled", "admitted", "rejected", "lapsed")


class AmendmentSchema(Schema):
    """What an amendment changes in its resolution, and its course (issue 23)."""

    number = fields.Integer(required=True, metadata={"description": "Its number among the resolution's "
                                                                    "amendments: the order they are voted in."})
    passage = fields.String(required=True, metadata={
        "description": "The words of the resolution it replaces (empty: the wording is added at the end)."})
    wording = fields.String(required=True, metadata={"description": "The words it puts in their place."})
    effect_changed = fields.Boolean(required=True, metadata={
        "description": "Whether it changes the resolution's decision (its `effect`), not only its text."})
    motive = fields.String(required=True, metadata={"description": "Why its sponsors table it."})
    sponsors = fields.List(fields.String(), required=True, metadata={
        "description": "The members tabling it (ids), the first one first; the statutes' `amendment_sponsors` are "
                       "needed for it to be admitted."})
    status = fields.String(required=True, metadata={
        "description": ", ".join(AMENDMENT_STATUSES) + ". tabled: awaiting the secretary's decision; admitted: voted "
                       "before the resolution; rejected or lapsed (an adopted amendment took its passage): its "
                       "proposal is withdrawn."})
    reason = fields.String(required=True, allow_none=True, metadata={
        "description": "Why it was admitted (optional), rejected or lapsed."})


class OriginalSchema(Schema):
    """The resolution as drafted, kept once an adopted amendment changed it."""

    text = fields.String(required=True)
    effect = fields.Dict(required=True, allow_none=True)


class ProposalSchema(Schema):
    id = fields.String(required=True)
    pole_id = fields.String(required=True)
    title = fields.String(required=True)
    text = fields.String(required=True)
    kind = fields.String(required=True)
    effect = fields.Dict(required=True, allow_none=True)
    secret = fields.Boolean(required=True)
    status = fields.String(required=True, metadata={"description": ", ".join(STATUSES) + "."})
    proposed_by = fields.String(required=True)
    drafted_at = UtcDateTime(required=True)
    opened_at = UtcDateTime(required=True, allow_none=True)
    closes_at = UtcDateTime(required=True, allow_none=True)
    closed_at = UtcDateTime(required=True, allow_none=True)
    withdrawn_at = UtcDateTime(required=True, allow_none=True)
    statutes_version = fields.Integer(required=True, allow_none=True, metadata={"description": "Frozen at opening."})
    convocation = fields.String(required=True, allow_none=True)
    electorate = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True, allow_none=True,
                             metadata={"description": "Frozen electorate size per college code."})
    electorate_size = fields.Integer(required=True, allow_none=True)
    participants = fields.Integer(required=True)
    proxies_used = fields.Integer(required=True)
    result = fields.String(required=True, allow_none=True)
    outcome = fields.String(required=True, allow_none=True, metadata={"description": ", ".join(OUTCOMES) + "."})
    rule_applied = fields.String(required=True, allow_none=True)
    effect_result = fields.String(required=True, allow_none=True)
    closed_automatically = fields.Boolean(required=True, allow_none=True)
    tally = fields.Nested(TallySchema, required=True, allow_none=True,
                          metadata={"description": "The recorded tally, once closed."})
    body = fields.String(required=True, allow_none=True, metadata={
        "description": "board for a decision of the board (its members vote, Code de commerce L225-37); null for "
                       "the general assembly's."})
    election = fields.Nested(ElectionSchema, required=True, allow_none=True, metadata={
        "description": "An election of board members: its seats and candidates (null for a resolution)."})
    published = Flag(required=True, metadata={
        "description": "Published for discussion (issue 23): members comment and table amendments, and its text "
                       "changes by adopted amendments only."})
    amends = fields.String(required=True, allow_none=True, metadata={
        "description": "An amendment: the id of the resolution it amends (null otherwise)."})
    amendment = fields.Nested(AmendmentSchema, required=True, allow_none=True, metadata={
        "description": "An amendment: what it changes and its course (null otherwise). Its own `text` and `effect` "
                       "are the resolution's as it would amend them."})
    original = fields.Nested(OriginalSchema, required=True, allow_none=True, metadata={
        "description": "The text and effect as drafted, once an adopted amendment changed them (null otherwise): "
                       "the register keeps both."})
    debate_summary = fields.String(required=True, allow_none=True, metadata={
        "description": "The secretary's summary of the debate, which the minutes state (Code de commerce R225-106, "
                       "R223-24)."})


class ProposalPageSchema(Schema):
    items = fields.List(fields.Nested(ProposalSchema), required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    next_offset = fields.Integer(required=True, allow_none=True, metadata={"description": "Null on the last page."})


class RegisterFilters(PagingQuery):
    kind = one_of(RESOLUTION_KINDS, "Only this kind.")
    outcome = one_of(OUTCOMES, "Only this outcome.")
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "Text search in title and text."})
    since = fields.Date(validate=plausible, metadata={"description": "Drafted on or after this day (Paris time)."})
    until = fields.Date(validate=plausible, metadata={"description": "Drafted on or before this day (Paris time)."})


class ProposalsQuery(RegisterFilters):
    status = one_of(STATUSES, "Only this status (drafts are visible to secretaries only).")


class DecisionsQuery(RegisterFilters):
    status = one_of(("closed", "withdrawn"), "Only closed (voted) or withdrawn proposals.")
