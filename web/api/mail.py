"""Mail over the API (issue 19, issue 26): your preferences and the language of your mail, your private calendar feed,
your members' consent to be convened by e-mail (Code de commerce R225-63), and the outbox a pole's secretaries and the
platform administrators read (a message's text with its signed links hidden; no secret choice is ever in a message),
with "send again" for a failed message and the pole's reminder lead time.

The same code as the pages (web/mail/pages.py): the preferences and the outbox of notifications/outbox.py, the feeds
of web/mail/feeds.py, the domain's `give_convocation_consent` / `withdraw_convocation_consent`."""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from notifications import kinds
from notifications.outbox import preferences as read_preferences, reminder_hours, set_locale, set_preferences, \
    set_reminder_hours
from web.api.auth import ADMINS, ANY_TOKEN, SECRETARIES, Access, can_read, user
from web.api.errors import ApiProblem
from web.api.routing import Created, operation
from web.api.schemas.mail import (ConsentChangeSchema, ConvocationConsentSchema, MailSettingsSchema, MessageSchema,
                                  MessageTextSchema, NewFeedSchema, PreferencesSchema, PreferencesUpdateSchema)
from web.edge import actor, app, member_of_pole, represented
from web.mail.feeds import CalendarFeeds
from web.mail.forms import RESENDABLE
from web.mail.pages import (_convocation_consents, _engine, _links, _locale, _message_of, _outbox,
                            _secretary_or_admin, shown_text)

TAG = "Mail"

OUTBOX_READERS = Access("board secretaries of the pole, platform administrators",
                        lambda pole_id, **_: _secretary_or_admin(pole_id))
OUTBOX_SENDERS = Access(OUTBOX_READERS.description, OUTBOX_READERS.check, scope="secretary")
REPRESENTATIVES = Access("the member's representatives (403 for a member you do not represent)",
                         lambda pole_id, **_: can_read(pole_id))
POLE_OUTBOX = "/poles/<pole_id>/outbox"
ADMIN_OUTBOX = "/outbox"


# -- your preferences and calendar feed ------------------------------------------------------------------------------
def my_preferences() -> dict[str, Any]:
    me = user().id
    consents = _convocation_consents()
    return {"preferences": read_preferences(_engine(), me), "locale": _locale(me),
            "calendar": {"active": CalendarFeeds(_engine()).created_at(me) is not None,
                         "created_at": CalendarFeeds(_engine()).created_at(me)},
            "convocation_consents": [{**{k: v for k, v in c.items() if k != "state"}, **c["state"]} for c in consents]}


@operation("/me/mail-preferences", summary="Your mail preferences, calendar feed and convocation consents", tag=TAG,
           access=ANY_TOKEN, response=PreferencesSchema,
           description="Per kind of mail, when it is sent; the language of your mail; whether you have a calendar "
                       "feed (never its address: it is shown once); and, for each admitted member you represent, "
                       "its consent to be convened to general assemblies by e-mail.")
def get_mail_preferences() -> dict[str, Any]:
    return my_preferences()


@operation("/me/mail-preferences", "PUT", summary="Change your mail preferences and language", tag=TAG,
           access=ANY_TOKEN, body=PreferencesUpdateSchema, response=PreferencesSchema,
           description="Every kind is named. What waits follows the new choice: a kind turned off is not sent, one "
                       "set to right away leaves the digest.")
def save_mail_preferences(body: dict[str, Any]) -> dict[str, Any]:
    set_preferences(_engine(), user().id, {kind: body["preferences"][kind] for kind in kinds.CHOOSABLE})
    set_locale(_engine(), user().id, body["locale"])
    return my_preferences()


@operation("/me/calendar-feed", "POST", summary="Create (or replace) your private calendar feed", tag=TAG,
           access=ANY_TOKEN, response=NewFeedSchema, status=201,
           description="Answers the feed's secret address once (iCalendar: your votes' closing times, your "
                       "assemblies); only its SHA-256 is kept. A new one replaces the one before, which stops "
                       "working.")
def create_calendar_feed() -> Created:
    feeds = CalendarFeeds(_engine())
    token = feeds.create(user().id)
    return Created({"url": _links().url(url_for("mail.calendar_feed", token=token)),
                    "created_at": feeds.created_at(user().id)}, url_for("api.get_mail_preferences"))


@operation("/me/calendar-feed", "DELETE", summary="Delete your calendar feed", tag=TAG, access=ANY_TOKEN, status=204,
           errors=(404,),
           description="Calendars using its address no longer get your dates. 404 when you have none.")
def revoke_calendar_feed() -> Response:
    if not CalendarFeeds(_engine()).revoke(user().id):
        raise ApiProblem(404, "You have no calendar feed.")
    return Response(status=204)


@operation("/poles/<pole_id>/members/<member_id>/convocation-consents/online", "POST",
           summary="Agree to e-mail convocation for a member you represent, or return to post", tag=TAG,
           access=REPRESENTATIVES, body=ConsentChangeSchema, response=ConvocationConsentSchema, status=201,
           command=True,
           description="Code de commerce R225-63: the agreement counts for an assembly only when given the statutes' "
                       "`consent_days` (35 at least) before it; a return to post binds the pole for convocations "
                       "sent that long after it. Recorded online, dated today; answers the member's consent as "
                       "`GET /me/mail-preferences` lists it. 409 `membership` when it already is so (agreed, or "
                       "convened by post); 422 `membership` for a member not admitted.")
def change_convocation_consent(pole_id: str, member_id: str, body: dict[str, Any]) -> Created:
    member_of_pole(pole_id, member_id)
    if member_id not in represented(pole_id):
        raise ApiProblem(403, "You do not represent this member.")
    command = app().give_convocation_consent if body["action"] == "give" else app().withdraw_convocation_consent
    command(pole_id, member_id, channel="online", actor=actor())
    mine = next(c for c in my_preferences()["convocation_consents"] if c["member_id"] == member_id)
    return Created(mine, url_for("api.get_mail_preferences"))


# -- the outbox --------------------------------------------------------------------------------------------------------
def message_shown(message: dict[str, Any]) -> dict[str, Any]:
    """A message with its text, the signed links it carries hidden (whoever holds one acts for its person)."""
    return {**message, "text": shown_text(message, reveal_links=False)}


def resend(pole_id: str | None, message_id: int) -> dict[str, Any]:
    message = _message_of(pole_id, message_id)
    if not _outbox().resend(message_id):
        raise ApiProblem(409, f"Only a message that failed or was refused by the recipient ({', '.join(RESENDABLE)}) "
                              f"is sent again; this one is {message['state']}.")
    return message_shown(_message_of(pole_id, message_id))


@operation(POLE_OUTBOX, summary="The pole's outbox, newest first (without the texts)", tag=TAG, access=OUTBOX_READERS,
           response=MessageSchema, many=True,
           description="Every message about the pole, its state and attempts. Read only; a message's text is at "
                       "`…/outbox/{message_id}`.")
def list_pole_outbox(pole_id: str) -> list[dict[str, Any]]:
    return _outbox().messages(pole_id, limit=None)  # type: ignore[arg-type]  (every message: the API pages lists)


@operation(f"{POLE_OUTBOX}/<int:message_id>", summary="One message of the pole's outbox, with its text", tag=TAG,
           access=OUTBOX_READERS, response=MessageTextSchema,
           description="The signed links a message carries (unsubscribe…) are shown as `[…]`. 404 for another "
                       "pole's message or a message about an account.")
def get_pole_message(pole_id: str, message_id: int) -> dict[str, Any]:
    return message_shown(_message_of(pole_id, message_id))


@operation(f"{POLE_OUTBOX}/<int:message_id>/resend", "POST", summary="Send a failed message again", tag=TAG,
           access=OUTBOX_SENDERS, response=MessageTextSchema, errors=(409,),
           description="Only a message that failed or was refused by the recipient (409 otherwise): it is queued "
                       "again, its attempts start over.")
def resend_pole_message(pole_id: str, message_id: int) -> dict[str, Any]:
    return resend(pole_id, message_id)


@operation("/poles/<pole_id>/mail-settings", summary="The pole's mail settings: the reminder lead time", tag=TAG,
           access=OUTBOX_READERS, response=MailSettingsSchema)
def get_mail_settings(pole_id: str) -> dict[str, Any]:
    with _engine().connect() as conn:
        return {"reminder_hours": reminder_hours(conn, pole_id)}


@operation("/poles/<pole_id>/mail-settings", "PUT", summary="Set how long before a vote closes its reminder is sent",
           tag=TAG, access=SECRETARIES, body=MailSettingsSchema, response=MailSettingsSchema,
           description="The members who have not voted get the reminder that many hours before the close (0: "
                       "none).")
def save_mail_settings(pole_id: str, body: dict[str, Any]) -> dict[str, Any]:
    set_reminder_hours(_engine(), pole_id, body["reminder_hours"])
    return get_mail_settings(pole_id)


@operation(ADMIN_OUTBOX, summary="The messages about accounts (with no pole), newest first", tag=TAG, access=ADMINS,
           response=MessageSchema, many=True,
           description="Invitations, password resets, address changes, digests. Read only.")
def list_account_outbox() -> list[dict[str, Any]]:
    return _outbox().messages(None, limit=None)  # type: ignore[arg-type]


@operation(f"{ADMIN_OUTBOX}/<int:message_id>", summary="One message about an account, with its text", tag=TAG,
           access=ADMINS, response=MessageTextSchema,
           description="Its signed links (invitation, password reset…) shown as `[…]`. 404 for a pole's message.")
def get_account_message(message_id: int) -> dict[str, Any]:
    return message_shown(_message_of(None, message_id))


@operation(f"{ADMIN_OUTBOX}/<int:message_id>/resend", "POST", summary="Send a failed message about an account again",
           tag=TAG, access=ADMINS, response=MessageTextSchema, errors=(409,),
           description="Only a message that failed or was refused by the recipient (409 otherwise).")
def resend_account_message(message_id: int) -> dict[str, Any]:
    return resend(None, message_id)
