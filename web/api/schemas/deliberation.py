"""Deliberation before the vote (issue 23): comments, members' amendments, the debate's summary, open discussions.

Nothing here carries a ballot, a choice or whether someone voted (docs/secret-ballots.md)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from governance.base import MAX_TEXT
from governance.deliberation import MAX_COMMENT, MAX_MENTIONS
from web.api.schemas.common import UtcDateTime, free_text
from web.api.schemas.proposals import EffectSchema

COMMENT_STATUSES = ("posted", "withdrawn", "hidden")


# -- requests ------------------------------------------------------------------------------
class CommentPostSchema(Schema):
    member_id = fields.UUID(allow_none=True, load_default=None, metadata={
        "description": "The member speaking: one you represent. Omitted or null: the secretary, for the pole "
                       "(secretaries only)."})
    text = free_text("The comment.", MAX_COMMENT)
    reply_to = fields.Integer(strict=True, allow_none=True, load_default=None,
                              validate=validate.Range(1, 1_000_000), metadata={
                                  "description": "The number of the comment it answers (replies are one level "
                                                 "deep: not a reply)."})
    mentions = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=MAX_MENTIONS), metadata={
        "description": "Members of the pole told of the comment by mail, as their preferences say."})


class CommentEditSchema(Schema):
    text = free_text("The comment's new wording (the earlier one stays in the register).", MAX_COMMENT)


class HidingSchema(Schema):
    reason = free_text("Why it is hidden: shown to everyone in its place.", 1000)


class AmendmentTablingSchema(Schema):
    member_id = fields.UUID(required=True, metadata={"description": "The member tabling it: one you represent."})
    passage = free_text("The words of the resolution to replace, quoted exactly (they must occur once); empty or "
                        "omitted: `wording` is added at the end.", MAX_TEXT, required=False)
    wording = free_text("The words to put in their place (empty: the passage is struck out).", MAX_TEXT,
                        required=False)
    effect = fields.Nested(EffectSchema, allow_none=True, load_default=None, metadata={
        "description": "The resolution's decision as amended, of the same type (amend_statutes: other statutes, "
                       "checked at tabling like a draft's, e.g. the SCIC bounds; revise_strategy: another text). "
                       "Only for resolutions with such an effect."})
    motive = free_text("Why: the sponsors' explanation.", 5000, required=False)


class SponsorSchema(Schema):
    member_id = fields.UUID(required=True, metadata={"description": "The member joining the amendment's sponsors: "
                                                                    "one you represent."})


class AdmissionSchema(Schema):
    reason = free_text("Why it is admitted (optional).", 2000, required=False)


class RejectionSchema(Schema):
    reason = free_text("Why it is rejected (e.g. outside the agenda item, Code de commerce L225-105): told to the "
                       "members.", 2000)


class DebateSummarySchema(Schema):
    summary = fields.String(required=True, validate=validate.Length(max=MAX_TEXT), metadata={
        "description": "The summary of the debate the minutes state (Code de commerce R225-106, R223-24); empty "
                       "clears it. It changes until the minutes are signed."})


# -- answers -------------------------------------------------------------------------------
class EarlierWordingSchema(Schema):
    text = fields.String(required=True, metadata={"description": "What the comment said."})
    until = fields.String(required=True, metadata={"description": "When it was replaced (ISO 8601, UTC)."})


class CommentSchema(Schema):
    """One comment of a proposal's discussion. A withdrawn or hidden comment keeps its place without its text."""

    number = fields.Integer(required=True, metadata={"description": "1, 2, … in the order posted."})
    reply_to = fields.Integer(required=True, allow_none=True, metadata={"description": "The comment it answers."})
    member_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The member speaking; null: the secretary, for the pole."})
    name = fields.String(required=True, allow_none=True, metadata={"description": "The member's name."})
    text = fields.String(required=True, allow_none=True, metadata={
        "description": "The current wording; null when withdrawn by its author or hidden by the secretary (the "
                       "register keeps it)."})
    status = fields.String(required=True, metadata={"description": ", ".join(COMMENT_STATUSES) + "."})
    reason = fields.String(required=True, allow_none=True, metadata={"description": "Why the secretary hid it."})
    mentions = fields.List(fields.String(), required=True, metadata={"description": "The members it mentions."})
    versions = fields.Integer(required=True, metadata={"description": "How many wordings it had (1: never edited)."})
    history = fields.List(fields.Nested(EarlierWordingSchema), required=True, metadata={
        "description": "Its earlier wordings, oldest first, each with the time it was replaced (what was said "
                       "when); empty when withdrawn or hidden."})
    posted_at = UtcDateTime(required=True)
    changed_at = UtcDateTime(required=True, metadata={"description": "Its last edit, withdrawal or hiding."})
    mine = fields.Boolean(required=True, metadata={"description": "Posted by you (you may edit or withdraw it)."})


class DiscussionSchema(Schema):
    """A proposal under discussion: published or on an assembly's agenda, its vote not closed."""

    id = fields.String(required=True, metadata={"description": "The proposal's id."})
    title = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "draft (not yet voted) or open."})
    kind = fields.String(required=True)
    assembly_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The assembly whose agenda holds it (null: voted online)."})
    closes_at = UtcDateTime(required=True, allow_none=True)
    drafted_at = UtcDateTime(required=True)
    comments = fields.Integer(required=True, metadata={"description": "How many comments it has."})
    last_comment_at = UtcDateTime(required=True, allow_none=True)
