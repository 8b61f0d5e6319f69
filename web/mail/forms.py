"""The mail pages' forms and the words they show for the outbox's codes (kinds, states, modes, causes)."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange

from notifications import kinds
from web.labels import options

KIND_LABELS = {
    kinds.INVITATION: _l("Vote opened (and proxy received)"),
    kinds.REMINDER: _l("Reminder before the close"),
    kinds.RESULT: _l("Result of a vote"),
    kinds.MINUTES: _l("Signed minutes"),
    kinds.WELCOME: _l("Welcome"),
    kinds.MENTION: _l("You are mentioned in a discussion"),
    kinds.CONVOCATION: _l("Convocation to a general assembly"),
    kinds.DIGEST: _l("Daily digest"),
    kinds.ACCOUNT_INVITATION: _l("Account invitation"),
    kinds.PASSWORD_RESET: _l("Password reset"),
    kinds.EMAIL_CHANGE: _l("Confirmation of a new address"),
    kinds.EMAIL_CHANGED: _l("Address changed"),
}
MODE_LABELS = {kinds.IMMEDIATE: _l("Right away"), kinds.IN_DIGEST: _l("In the daily digest"), kinds.OFF: _l("Never")}
STATE_LABELS = {
    kinds.QUEUED: _l("waiting"),
    kinds.SENT: _l("sent"),
    kinds.FAILED: _l("failed"),
    kinds.BOUNCED: _l("refused by the recipient"),
    kinds.HELD: _l("waiting for the digest"),
    kinds.DIGESTED: _l("digest sent"),
    kinds.CANCELLED: _l("cancelled"),
}
LOCALE_LABELS = {"fr": "Français", "en": "English"}
CAUSES = {"VotingOpened": _l("Vote opened"), "ProxyGranted": _l("Proxy given"), "VotingClosed": _l("Vote closed"),
          "MinutesSigned": _l("Minutes signed"), "MemberAdmitted": _l("Member admitted"),
          "ConvocationSent": _l("Convocation sent"), "CommentPosted": _l("Comment posted"),
          "reminder": _l("Closing time approaching"), "digest": _l("Daily digest"), "account:": _l("Account"),
          "role": _l("Account linked to the member")}
# Collegia's own reasons for setting a message aside (notifications/kinds.py), as the outbox says them.
REASONS = {kinds.DEPARTED: _l("The person no longer belongs to this pole."),
           kinds.TURNED_OFF: _l("The person turned this kind of mail off.")}
PREFIXED_REASONS = {kinds.UNAVAILABLE: _l("The mail server could not take mail: %(answer)s"),
                    kinds.UNCOMPOSABLE: _l("The message could not be composed: %(answer)s")}
RESENDABLE = (kinds.FAILED, kinds.BOUNCED)


def cause_label(cause: str) -> str:
    """The event or time that caused a message, in words ('Vote ouvert (événement n° 812)')."""
    head = cause.split(" ", 1)[0]
    label = CAUSES.get(head)
    if label is None:
        return cause
    position = re.search(r"#(\d+)", cause)
    if position:
        return _("%(cause)s (event no. %(position)s)", cause=label, position=position.group(1))
    return str(label)


def error_label(error: str) -> str:
    """A message's last error: Collegia's own reasons in words, a mail server's answer as it came."""
    if error in REASONS:
        return str(REASONS[error])
    for prefix, label in PREFIXED_REASONS.items():
        if error.startswith(prefix):
            return str(label) % {"answer": error[len(prefix):]}
    return error


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def preferences_form(current: dict[str, str], locale: str, **kwargs: Any) -> FlaskForm:
    """One choice per kind a person may choose (at once, in the digest, never) and the language of their mail."""

    class PreferencesForm(FlaskForm):
        pass

    for kind in kinds.CHOOSABLE:
        setattr(PreferencesForm, kind, RadioField(
            KIND_LABELS[kind], choices=options((mode, MODE_LABELS[mode]) for mode in kinds.MODES), default=current[kind],
            validators=[InputRequired(message=_l("Choose when this mail is sent."))]))
    PreferencesForm.locale = RadioField(  # type: ignore[attr-defined]
        _l("Language of the mail"), choices=options(LOCALE_LABELS), default=locale,
        validators=[InputRequired(message=_l("Choose a language."))])
    return PreferencesForm(**kwargs)


class ReminderForm(FlaskForm):
    hours = IntegerField(_l("Reminder before the close, in hours"), validators=[
        InputRequired(message=_l("Give a number of hours (0 for no reminder).")),
        NumberRange(min=0, max=kinds.MAX_REMINDER_HOURS,
                    message=_l("Between 0 (no reminder) and %(max)s hours (two weeks)."))])
