"""Mail pages (issue 19): a person's notification preferences and private calendar feed, the one-click
unsubscribe links mail carries, and the outbox of a pole's secretaries (and of platform admins, who also
read the messages about accounts).

- `/account/notifications`: per kind, at once / in the daily digest / never, and the mail's language; the
  calendar feed's secret URL, created, replaced or deleted there (shown once, stored as a SHA-256); and, for each
  member the account represents, its consent to be convened to general assemblies by e-mail (Code de commerce
  R225-63), given or withdrawn there (`/account/notifications/convocation`).
- `/mail/unsubscribe/<token>`: GET shows what the link turns off (and writes nothing); POST turns it off. The
  POST is exempt from CSRF: mail clients send it without a session (RFC 8058 `List-Unsubscribe=One-Click`);
  the signed token is the credential, and it can only turn one kind of mail off for one person.
- `/calendar/<token>.ics`: the feed, without login (the token is the credential; unknown or replaced → 404).
- `/poles/<pole_id>/outbox`: the pole's messages, their states, a message's text, "Send again" for a failed
  one, the pole's reminder lead time; `/admin/outbox`: the messages with no pole (accounts, digests).
"""

from __future__ import annotations

import re

from typing import Any

from itsdangerous import BadData
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from infrastructure.accounts_tables import users
from notifications import kinds
from notifications.links import Links
from notifications.outbox import InvalidChoice, Outbox, preferences as read_preferences, reminder_hours, \
    set_locale, set_preferences, set_reminder_hours, unsubscribe as turn_off
from web.admin.pages import require_admin
from governance.errors import DomainError
from web.assemblies.correspondence import CHANNEL_WORDS, consent_state
from web.edge import (SECRETARY, actor, attempt, caller, is_secretary, pole_or_404, refusal_status, require_pole_role,
                      system)
from web.extensions import csrf
from web.forms import ConfirmForm
from web.mail.feeds import CalendarFeeds, build as build_calendar
from web.mail.forms import (KIND_LABELS, LOCALE_LABELS, MODE_LABELS, RESENDABLE, ReminderForm, cause_label,
                            error_label, kind_label, preferences_form, state_label)

bp = Blueprint("mail", __name__, template_folder="templates")
PAGE_SIZE = 100
MAX_ID = 2**31 - 1  # the id columns' range: a larger id names no message nor account


@bp.app_template_filter("mail_kind")
def _kind_filter(kind: str) -> str:
    return kind_label(kind)


@bp.app_template_filter("mail_state")
def _state_filter(state: str) -> str:
    return state_label(state)


@bp.app_template_filter("mail_error")
def _error_filter(error: str) -> str:
    return error_label(error)


@bp.app_template_filter("mail_cause")
def _cause_filter(cause: str) -> str:
    return cause_label(cause)


def _engine() -> Any:
    return system().engine


def _links() -> Links:
    return Links(system().settings)


def _outbox() -> Outbox:
    return Outbox(_engine())


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


# -- preferences and the calendar feed --------------------------------------------------------------
def _locale(user_id: int) -> str:
    with _engine().connect() as conn:
        return conn.execute(select(users.c.locale).where(users.c.id == user_id)).scalar() or "fr"


def _convocation_consents() -> list[dict[str, Any]]:
    """Each admitted member the account represents, with its consent to e-mail convocation (R225-63)."""
    found = []
    for pole_id, member_id in sorted({(r.pole_id, r.member_id) for r in caller().roles if r.member_id}):
        try:
            pole = system().app.get_pole(pole_id)
        except DomainError:
            continue
        if not pole.is_admitted(member_id):
            continue
        found.append({"pole_id": pole_id, "pole_name": pole.name, "member_id": member_id,
                      "member_name": pole.members[member_id]["name"], "consent_days": pole.statutes.consent_days,
                      "email_allowed": "email" in pole.statutes.convocation_channels,
                      "state": consent_state(pole.consent_history(member_id))})
    return found


def _preferences_page(form: Any = None, *, feed_url: str | None = None, status: int = 200,
                      consent_refusal: tuple[str, str] | None = None) -> Response:
    user_id = caller().id
    form = form or preferences_form(read_preferences(_engine(), user_id), _locale(user_id), formdata=None)
    response = make_response(render_template(
        "mail/preferences.html", form=form, choosable=kinds.CHOOSABLE, feed_url=feed_url,
        feed_created_at=CalendarFeeds(_engine()).created_at(user_id), feed_form=ConfirmForm(formdata=None),
        consents=_convocation_consents(), consent_refusal=consent_refusal, consent_channels=CHANNEL_WORDS), status)
    return _no_store(response)  # a new feed URL is on this page exactly once


@bp.get("/account/notifications")
@login_required
def preferences() -> Response:
    return _preferences_page()


@bp.post("/account/notifications")
@login_required
def save_preferences() -> Any:
    user_id = caller().id
    form = preferences_form(read_preferences(_engine(), user_id), _locale(user_id))
    if not form.validate_on_submit():
        return _preferences_page(form, status=422)
    try:
        set_preferences(_engine(), user_id, {kind: form[kind].data for kind in kinds.CHOOSABLE})
        set_locale(_engine(), user_id, form.locale.data)
    except InvalidChoice:  # pragma: no cover - the form offers only valid choices
        abort(400)
    flash(_("Your mail preferences are saved."), "success")
    return redirect(url_for(".preferences"))


@bp.post("/account/notifications/convocation")
@login_required
def convocation_consent() -> Any:
    """The member's representative agrees to e-mail convocation, or asks to return to post (R225-63), online: dated
    today. Only for a member the account represents (403 otherwise)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    pole_id, member_id = request.form.get("pole_id", ""), request.form.get("member_id", "")
    if member_id not in caller().members_in(pole_id):
        abort(403, description="You do not represent this member.")
    give = request.form.get("action") == "give"
    command = system().app.give_convocation_consent if give else system().app.withdraw_convocation_consent
    refusal = attempt(lambda: command(pole_id, member_id, channel="online", actor=actor()))[1]
    if refusal is not None:
        return _preferences_page(status=refusal_status(refusal.error), consent_refusal=(member_id, refusal))
    flash(_("Your consent to be convened by e-mail is recorded: it serves for assemblies held long enough after it "
            "(Code de commerce, art. R225-63: at least 35 days, more if the statutes say so).") if give else
          _("Your return to post is recorded: it binds the pole for convocations sent long enough after it "
            "(art. R225-63: at least 35 days, more if the statutes say so); the pole may post sooner."), "success")
    return redirect(url_for(".preferences") + f"#consent-{member_id}")


@bp.post("/account/notifications/calendar")
@login_required
def create_calendar() -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = CalendarFeeds(_engine()).create(caller().id)
    return _preferences_page(feed_url=_links().url(url_for(".calendar_feed", token=token)))


@bp.post("/account/notifications/calendar/revoke")
@login_required
def revoke_calendar() -> Any:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if CalendarFeeds(_engine()).revoke(caller().id):
        flash(_("Your calendar's address is deleted: calendars using it no longer get your dates."), "success")
    return redirect(url_for(".preferences"))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str) -> Response:
    owner = CalendarFeeds(_engine()).owner(token)
    if owner is None:
        abort(404)
    body = build_calendar(_engine(), system().app, _links(), owner["id"], owner["locale"])
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="collegia.ics"'
    return _no_store(response)


# -- one-click unsubscribe ----------------------------------------------------------------------------
def _unsubscription(token: str) -> tuple[int, str]:
    """The person and the kind of a genuine unsubscribe link; 404 for a forged or stale one."""
    try:
        read = _links().read_unsubscribe(token) if len(token) <= 500 else None
    except BadData:  # signed with this salt but not an unsubscribe payload (a timed token of the same purpose)
        read = None
    if read is None or (read[1] not in kinds.CHOOSABLE and read[1] != kinds.DIGEST):
        abort(404, description="unknown unsubscribe link")
    user_id, kind = read
    with _engine().connect() as conn:
        if not 0 < user_id <= MAX_ID or conn.execute(select(users.c.id).where(users.c.id == user_id)).first() is None:
            abort(404, description="unknown unsubscribe link")
    return user_id, kind


@bp.get("/mail/unsubscribe/<token>")
def unsubscribe(token: str) -> Response:
    user_id, kind = _unsubscription(token)
    current = read_preferences(_engine(), user_id)
    already = (current.get(kind) == kinds.OFF if kind != kinds.DIGEST
               else not any(mode == kinds.IN_DIGEST for mode in current.values()))
    return _no_store(make_response(render_template(
        "mail/unsubscribe.html", token=token, kind=kind, already=already, done=None)))


@csrf.exempt
@bp.post("/mail/unsubscribe/<token>")
def unsubscribe_now(token: str) -> Response:
    """RFC 8058: mail clients post `List-Unsubscribe=One-Click` here with no session and no CSRF token."""
    user_id, kind = _unsubscription(token)
    try:
        done = turn_off(_engine(), user_id, kind)
    except InvalidChoice:  # pragma: no cover - _unsubscription lets only the kinds one may turn off through
        abort(404)
    return _no_store(make_response(render_template(
        "mail/unsubscribe.html", token=token, kind=kind, already=False, done=done)))


# -- the outbox ---------------------------------------------------------------------------------------
def _secretary_or_admin(pole_id: str) -> dict[str, Any]:
    """The pole's row, for its board secretaries and platform admins (403 / 404 otherwise)."""
    if not caller().is_admin:
        require_pole_role(pole_id, SECRETARY)
    return pole_or_404(pole_id)


def _page_number() -> int:
    return min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)


def _outbox_page(pole: dict[str, Any] | None, *, reminder_form: ReminderForm | None = None,
                 status: int = 200) -> Any:
    pole_id = pole["id"] if pole else None
    page = _page_number()
    rows = _outbox().messages(pole_id, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    endpoint, args = (".pole_outbox", {"pole_id": pole_id}) if pole else (".admin_outbox", {})
    counts = _outbox().counts(pole_id)
    secretary = bool(pole) and is_secretary(pole_id)
    if secretary and reminder_form is None:
        with _engine().connect() as conn:
            reminder_form = ReminderForm(formdata=None, hours=reminder_hours(conn, pole_id))
    return render_template(
        "mail/outbox.html", pole=pole, rows=rows[:PAGE_SIZE], page=page,
        previous_url=url_for(endpoint, page=page - 1, **args) if page > 1 else None,
        next_url=url_for(endpoint, page=page + 1, **args) if len(rows) > PAGE_SIZE else None,
        counts=[(state, counts[state]) for state in kinds.STATES if counts.get(state)],
        total=sum(counts.values()), smtp=system().settings.smtp_url is not None,
        reminder_form=reminder_form if secretary else None,
        message_endpoint="mail.pole_message" if pole else "mail.admin_message"), status


def _message_of(pole_id: str | None, message_id: int) -> dict[str, Any]:
    """The message, if it is this pole's (None: a message with no pole); 404 otherwise."""
    message = _outbox().get(message_id) if 0 < message_id <= MAX_ID else None
    if message is None or message["pole_id"] != (None if pole_id is None else str(pole_id)):
        abort(404, description=f"No message {message_id} here.")
    return message


# The signed part of the links a message carries: whoever holds it may unsubscribe the person, set their
# password, or confirm their address. The outbox shows the text without it, except to the platform admin of an
# instance that sends no mail (`make run`: the admin reads a new account's invitation link there), whose admin
# could set any password anyway.
TOKEN_LINK = re.compile(r"(/(?:mail/unsubscribe|password/reset|account/invitation|account/email/confirm)/)[^\s/]+")
HIDDEN = "[…]"


def shown_text(message: dict[str, Any], *, reveal_links: bool) -> str:
    return message["body_text"] if reveal_links else TOKEN_LINK.sub(lambda m: m.group(1) + HIDDEN, message["body_text"])


def _message_page(pole: dict[str, Any] | None, message: dict[str, Any], *, refusal: str | None = None,
                  status: int = 200) -> Any:
    resend_url = (url_for(".pole_resend", pole_id=pole["id"], message_id=message["id"]) if pole
                  else url_for(".admin_resend", message_id=message["id"]))
    back_url = url_for(".pole_outbox", pole_id=pole["id"]) if pole else url_for(".admin_outbox")
    reveal = pole is None and system().settings.smtp_url is None  # the admin, when nothing is sent
    return render_template("mail/message.html", pole=pole, message=message, refusal=refusal,
                           text=shown_text(message, reveal_links=reveal), links_hidden=not reveal,
                           resendable=message["state"] in RESENDABLE, resend_url=resend_url, back_url=back_url,
                           form=ConfirmForm(formdata=None)), status


def _resend(pole: dict[str, Any] | None, message_id: int) -> Any:
    message = _message_of(pole["id"] if pole else None, message_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not _outbox().resend(message_id):
        refusal = _("Only a message that failed or was refused by the recipient is sent again; this one is “%(state)s”.",
                    state=state_label(_outbox().get(message_id)["state"]))
        return _message_page(pole, _message_of(pole["id"] if pole else None, message_id), refusal=refusal,
                             status=409)
    flash(_("The message to %(recipient)s is queued to be sent again.", recipient=message["recipient"]), "success")
    return redirect(url_for(".pole_message", pole_id=pole["id"], message_id=message_id) if pole
                    else url_for(".admin_message", message_id=message_id))


@bp.get("/poles/<pole_id>/outbox")
@login_required
def pole_outbox(pole_id: str) -> Any:
    return _outbox_page(_secretary_or_admin(pole_id))


@bp.post("/poles/<pole_id>/outbox/reminder")
@login_required
def reminder(pole_id: str) -> Any:
    require_pole_role(pole_id, SECRETARY)
    pole = pole_or_404(pole_id)
    form = ReminderForm()
    if not form.validate_on_submit():
        return _outbox_page(pole, reminder_form=form, status=422)
    try:
        set_reminder_hours(_engine(), pole_id, form.hours.data)
    except InvalidChoice:  # pragma: no cover - the form's range is the setting's
        return _outbox_page(pole, reminder_form=form, status=422)
    flash(ngettext("Reminders will be sent %(num)d hour before a vote closes.",
                   "Reminders will be sent %(num)d hours before a vote closes.", form.hours.data)
          if form.hours.data else _("No reminder will be sent before a vote closes."), "success")
    return redirect(url_for(".pole_outbox", pole_id=pole_id))


@bp.get("/poles/<pole_id>/outbox/<int:message_id>")
@login_required
def pole_message(pole_id: str, message_id: int) -> Any:
    pole = _secretary_or_admin(pole_id)
    return _message_page(pole, _message_of(pole_id, message_id))


@bp.post("/poles/<pole_id>/outbox/<int:message_id>/resend")
@login_required
def pole_resend(pole_id: str, message_id: int) -> Any:
    return _resend(_secretary_or_admin(pole_id), message_id)


@bp.get("/admin/outbox")
@login_required
def admin_outbox() -> Any:
    require_admin()
    return _outbox_page(None)


@bp.get("/admin/outbox/<int:message_id>")
@login_required
def admin_message(message_id: int) -> Any:
    require_admin()
    return _message_page(None, _message_of(None, message_id))


@bp.post("/admin/outbox/<int:message_id>/resend")
@login_required
def admin_resend(message_id: int) -> Any:
    require_admin()
    return _resend(None, message_id)


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"kind_labels": KIND_LABELS, "mode_labels": MODE_LABELS, "locale_labels": LOCALE_LABELS}
