"""Mail (issue 19, issue 26): a person's preferences, their calendar feed, their members' consent to e-mail
convocation (R225-63), and the outbox of a pole's secretaries and of platform administrators (read only: no secret
choice is ever in a message)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from notifications import kinds
from notifications.kinds import LOCALES
from web.api.schemas.common import UtcDateTime, one_of

MODE = "`immediate` (right away), `digest` (in the daily digest) or `off` (never)."
KIND_WORDS = {kinds.INVITATION: "a vote opened (and a proxy received)", kinds.REMINDER: "a reminder before a vote "
              "closes", kinds.RESULT: "a vote's result", kinds.MINUTES: "signed minutes", kinds.WELCOME: "welcome",
              kinds.MENTION: "you are mentioned in a discussion"}


MailModesSchema = Schema.from_dict(
    {kind: one_of(kinds.MODES, f"Mail about {KIND_WORDS.get(kind, kind)}: {MODE}", required=True)
     for kind in kinds.CHOOSABLE}, name="MailModes")


class PreferencesUpdateSchema(Schema):
    preferences = fields.Nested(MailModesSchema, required=True, metadata={
        "description": "When each kind of mail is sent, every kind named (a convocation, a legal notice, is always "
                       "sent)."})
    locale = one_of(LOCALES, "The language of your mail: " + ", ".join(f"`{code}`" for code in LOCALES) + ".",
                    required=True)


class ConvocationConsentSchema(Schema):
    pole_id = fields.String(required=True)
    pole_name = fields.String(required=True)
    member_id = fields.String(required=True)
    member_name = fields.String(required=True)
    consent_days = fields.Integer(required=True, metadata={"description": "How many days before an assembly an "
                                                                          "agreement must be given to count for it."})
    email_allowed = fields.Boolean(required=True, metadata={"description": "Whether the pole's statutes convene by "
                                                                           "e-mail at all."})
    email = fields.Boolean(required=True, metadata={"description": "Convened by e-mail (since an agreement), or by "
                                                                   "post."})
    on = fields.Date(allow_none=True, metadata={"description": "The day of the last agreement or return to post."})
    channel = fields.String(allow_none=True, metadata={"description": "How it was given: `online` or `paper`."})
    entry = fields.String(allow_none=True, metadata={"description": "`given` or `withdrawn` (null: never given)."})


class CalendarSchema(Schema):
    active = fields.Boolean(required=True, metadata={"description": "Whether you have a calendar feed."})
    created_at = UtcDateTime(allow_none=True)


class PreferencesSchema(Schema):
    preferences = fields.Nested(MailModesSchema, required=True)
    locale = fields.String(required=True)
    calendar = fields.Nested(CalendarSchema, required=True, metadata={
        "description": "Your private calendar feed (its address is shown once, when created)."})
    convocation_consents = fields.List(fields.Nested(ConvocationConsentSchema), required=True, metadata={
        "description": "Each admitted member you represent, with its consent to be convened by e-mail "
                       "(Code de commerce R225-63)."})


class NewFeedSchema(Schema):
    url = fields.String(required=True, metadata={"description": "The feed's secret address (iCalendar), shown this "
                                                                "once: whoever holds it reads your dates."})
    created_at = UtcDateTime(allow_none=True)


class ConsentChangeSchema(Schema):
    action = one_of(("give", "withdraw"), "`give`: agree to be convened by e-mail; `withdraw`: return to post. "
                                          "Dated today, online.", required=True)


class MessageSchema(Schema):
    id = fields.Integer(required=True)
    pole_id = fields.String(allow_none=True, metadata={"description": "Null: a message about an account."})
    recipient = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "invitation, reminder, result, minutes, welcome, "
                                                                 "mention, convocation, digest, account kinds…"})
    cause = fields.String(required=True, metadata={"description": "The event (type and log position) or the time "
                                                                  "that caused it."})
    subject = fields.String(required=True)
    state = fields.String(required=True, metadata={"description": "queued, sent, failed, bounced, held (waiting for "
                                                                  "the digest), digested, cancelled."})
    attempts = fields.Integer(required=True)
    last_error = fields.String(allow_none=True)
    created_at = UtcDateTime(required=True)
    sent_at = UtcDateTime(allow_none=True)
    next_attempt_at = UtcDateTime(allow_none=True)


class MessageTextSchema(MessageSchema):
    text = fields.String(required=True, metadata={"description": "The plain text sent, its signed links (unsubscribe, "
                                                                "password, invitation, address) shown as `[…]`."})


class MailSettingsSchema(Schema):
    reminder_hours = fields.Integer(required=True, strict=True,
                                    validate=validate.Range(0, kinds.MAX_REMINDER_HOURS), metadata={
                                        "description": f"How many hours before a vote closes its reminder is sent "
                                                       f"(0: none; at most {kinds.MAX_REMINDER_HOURS}, two weeks)."})
