"""Elections, candidates, the board as of a date and its members' mandates (issue 21)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from governance.base import MAX_TEXT
from governance.statutes import MAX_SEATS
from web.api.schemas.common import QuerySchema, free_text, one_of, plausible

END_REASONS = ("resignation", "death")  # what the secretary records; removal is the assembly's, a term ends alone
DAY = "A day, YYYY-MM-DD (Paris time)."


# -- requests ------------------------------------------------------------------------------------------------
class ElectionDraftSchema(Schema):
    title = free_text("Title.", 200)
    text = free_text("Text of the resolution: the seats to fill, the call for candidates.", MAX_TEXT)
    seats = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_SEATS), metadata={
        "description": "Seats to fill: at most the board's seats, and those free when voting opens."})
    reserved = fields.Dict(keys=fields.String(validate=validate.Length(1, 40)),
                           values=fields.Integer(strict=True, validate=validate.Range(0, MAX_SEATS)),
                           validate=validate.Length(max=20), allow_none=True, load_default=None, metadata={
                               "description": "Seats reserved per college code in this election; omitted or null: "
                                              "the statutes' reserved seats ({} reserves none)."})


class CandidacySchema(Schema):
    member_id = fields.UUID(required=True, metadata={
        "description": "An admitted member: a secretary records anyone's candidacy, a representative declares the "
                       "candidacy of a member it represents."})


class BoardQuery(QuerySchema):
    day = fields.Date(data_key="date", validate=plausible, metadata={
        "description": "The board at the end of this day (YYYY-MM-DD, Paris time); today when omitted."})


class EndMandateSchema(Schema):
    reason = one_of(END_REASONS, "resignation or death (a removal is the ordinary assembly's resolution, effect "
                                 "remove_administrator; a term's end is recorded by itself).", required=True)
    on = fields.Date(required=True, validate=plausible, metadata={"description": "The day the mandate ended. " + DAY})
    decision = free_text("What records it (e.g. 'Lettre de démission du 3 décembre 2026').", 500)


class CooptationSchema(Schema):
    replaces = fields.UUID(required=True, metadata={
        "description": "The mandate left vacant by a resignation or a death (its id in the pole's mandates)."})
    on = fields.Date(required=True, validate=plausible, metadata={
        "description": "The first day of the co-opted mandate, within the predecessor's term. " + DAY})
    decision = free_text("The board's decision (e.g. 'Conseil du 10 décembre 2026'); the next ordinary assembly "
                         "ratifies it (Code de commerce L225-24).", 500)


class OfficerSchema(Schema):
    role = free_text("An officer role of the statutes' board (the first is the chair).", 60)
    decision = free_text("The board's decision electing the officer.", 500)


# -- responses -----------------------------------------------------------------------------------------------
class CandidateSchema(Schema):
    member_id = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "A person, or an organisation's representative."})
    college = fields.String(required=True, metadata={"description": "College code ('' without colleges)."})
    declared_by = fields.String(required=True, metadata={"description": "self or secretary."})


class ElectionSchema(Schema):
    seats = fields.Integer(required=True, metadata={"description": "Seats to fill."})
    reserved = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                           metadata={"description": "Seats reserved per college code."})
    candidates = fields.List(fields.Nested(CandidateSchema), required=True, metadata={
        "description": "In ballot order: an election ballot has one character per candidate, in this order."})


class MandateSchema(Schema):
    id = fields.String(required=True)
    member_id = fields.String(required=True)
    name = fields.String(required=True)
    college = fields.String(required=True)
    seat = fields.String(required=True, metadata={"description": "open, or reserved:<college code>."})
    starts_on = fields.String(required=True, metadata={"description": "First day. " + DAY})
    ends_on = fields.String(required=True, metadata={"description": "Last day of the term (included). " + DAY})
    by = fields.String(required=True, metadata={"description": "election or cooptation."})
    proposal_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The election that chose the member, or the board's co-opting decision."})
    replaces = fields.String(required=True, allow_none=True, metadata={"description": "Co-optation: the mandate "
                                                                                       "whose seat it fills."})
    ratified = fields.Boolean(required=True, allow_none=True, metadata={
        "description": "Co-optation: whether the ordinary assembly ratified it (null for an election)."})
    status = fields.String(required=True, metadata={"description": "active or ended."})
    ended_on = fields.String(required=True, allow_none=True, metadata={
        "description": "The day it ended (the seat is no longer held from that day)."})
    end_reason = fields.String(required=True, allow_none=True, metadata={
        "description": "term, resignation, removal, membership_lost or death."})
    officer = fields.String(required=True, allow_none=True, metadata={"description": "Officer role held, if any."})


class BoardSchema(Schema):
    """The board on a day: the mandates holding a seat then."""

    date = fields.String(required=True, metadata={"description": DAY})
    name = fields.String(required=True, allow_none=True, metadata={
        "description": "The board's name in the statutes in force that day (null: they set up no board)."})
    seats = fields.Integer(required=True, allow_none=True, metadata={"description": "Its seats in those statutes."})
    members = fields.List(fields.Nested(MandateSchema), required=True, metadata={
        "description": "The mandates holding a seat that day, reserved seats first, then by name."})
