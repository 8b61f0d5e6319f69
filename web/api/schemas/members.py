"""Members: requests to join, decisions on them, and the roster (now or at a past date)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from governance.pole import MEMBER_KINDS
from web.api.schemas.common import QuerySchema, UtcDateTime, free_text, one_of, plausible

MEMBER_STATUSES = ("requested", "admitted", "refused", "withdrawn", "excluded")


class MembershipRequestSchema(Schema):
    name = free_text("Name of the applicant.", 200)
    kind = one_of(MEMBER_KINDS, "Kind of member (loi 2014-856, art. 9).", required=True)
    category = free_text("Category of associate (employee, producer, beneficiary...).", 60)
    representative = free_text("Named person representing a legal entity (required unless kind is person).", 200,
                          required=False)


class AdmitSchema(Schema):
    decision = free_text("The decision admitting the member (e.g. 'Board meeting of 19 November 2026').", 500)


class RefuseSchema(Schema):
    decision = free_text("The decision refusing the request.", 500)
    reasons = free_text("Its reasons.", 5000)


class AssignSchema(Schema):
    college = fields.String(required=True, metadata={"description": "Code of a college of the statutes in force."})
    reason = free_text("Why the member goes to this college.", 1000)


class WithdrawMemberSchema(Schema):
    reason = free_text("Why the member leaves (optional).", 1000, required=False)


class ExcludeSchema(Schema):
    reasons = free_text("The reasons for the exclusion.", 5000)
    decision = free_text("The decision excluding the member.", 500)


class MemberSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    category = fields.String(required=True)
    representative = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": ", ".join(MEMBER_STATUSES) + "."})
    college = fields.String(required=True, allow_none=True, metadata={"description": "College code, if any."})
    requested_at = UtcDateTime(metadata={"description": "Absent from a roster read at a past date."})
    updated_at = UtcDateTime(metadata={"description": "Absent from a roster read at a past date."})


class MembersQuery(QuerySchema):
    before_event = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), metadata={
        "description": "A position in the event log: the roster just before that event (overrides as_of)."})
    status = one_of(MEMBER_STATUSES, "Only members with this status now (ignored with as_of).")
    as_of = fields.Date(validate=plausible, metadata={
        "description": "The roster at the end of this day (YYYY-MM-DD, Paris time): admitted members only, "
                       "with the college they were in then."})
