"""Account links sent by mail (issue 19): the invitation of an account an admin created (choose a password),
"forgot your password?" (a reset link), and moving an account to a new address (confirmed from it).

Every link is signed (`notifications.links.Links`, one salt per purpose) and timed: 72 hours for an
invitation, one hour for a reset, 24 hours for an address change. Each works once, without a table:
a password link carries a fingerprint of the account's password hash (`password_fingerprint`), which
the new password changes (and a new invitation, which gives the account a new unusable hash); an
address link carries the old address, which the change replaces. A link that no longer holds
(forged, expired, used, the account disabled) gets one page, "already used or expired" (400), never
more detail. Opening a link never changes anything (GET shows a form; the POST acts).

"Forgot your password?" answers the same page whether or not the address has an account, and is
throttled per address and per client address (`Accounts.reserve_reset_request`).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from notifications.kinds import ACCOUNT_INVITATION, EMAIL_CHANGE, EMAIL_CHANGED, PASSWORD_RESET
from notifications.links import Links
from notifications.outbox import queue_account_message
from web.accounts.login import _fresh_session, client_address
from web.accounts.store import SESSION_GENERATION, password_fingerprint
from web.edge import accounts, attempt, system
from web.forms import ConfirmForm

bp = Blueprint("recovery", __name__, template_folder="templates")

# The links' purposes (each signs with its own salt: a token made for one is worth nothing for another)
# and how long each is valid.
INVITATION_PURPOSE, RESET_PURPOSE, EMAIL_PURPOSE = "account-invitation", "password-reset", "email-change"
INVITATION_HOURS = 72
RESET_MINUTES = 60
EMAIL_CHANGE_HOURS = 24
MAX_AGE = {INVITATION_PURPOSE: INVITATION_HOURS * 3600, RESET_PURPOSE: RESET_MINUTES * 60,
           EMAIL_PURPOSE: EMAIL_CHANGE_HOURS * 3600}


class NewPasswordForm(FlaskForm):
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("New password, again"), validators=[
        DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))])


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=200)])


class EmailForm(FlaskForm):
    email = EmailField(_l("New e-mail address"), validators=[DataRequired(), Length(max=200)])
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])


# -- the links and the messages -------------------------------------------------------------------
def links() -> Links:
    return Links(system().settings)


def _queue(row: dict[str, Any], *, kind: str, recipient: str, **context: Any) -> None:
    # a new key per request: each request sends its own message, with its own link
    queue_account_message(system().engine, system().settings, key=f"account:{kind}:{row['id']}:{secrets.token_hex(8)}",
                          user_id=row["id"], recipient=recipient, kind=kind, template=kind,
                          locale=row.get("locale") or "fr", name=row["name"], **context)


def password_token(purpose: str, row: dict[str, Any]) -> str:
    """A single-use password link's token: the account and its password hash's fingerprint."""
    return links().sign(purpose, [row["id"], password_fingerprint(row["password_hash"], row["email"])])


def send_invitation(user_id: int) -> None:
    """Mail an account's owner a link to choose their password (the admin's new account, or a new invitation)."""
    row = accounts().account(user_id)
    url = links().url(url_for("recovery.invitation", token=password_token(INVITATION_PURPOSE, row)))
    _queue(row, kind=ACCOUNT_INVITATION, recipient=row["email"], email=row["email"], url=url, hours=INVITATION_HOURS)


def _send_reset(row: dict[str, Any]) -> None:
    url = links().url(url_for("recovery.reset", token=password_token(RESET_PURPOSE, row)))
    _queue(row, kind=PASSWORD_RESET, recipient=row["email"], url=url, minutes=RESET_MINUTES)


def _password_link(purpose: str, token: str) -> tuple[dict[str, Any], str] | None:
    """The account a password link is for and its fingerprint, while the link holds; None otherwise."""
    payload = links().unsign(purpose, token, MAX_AGE[purpose])
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int)):
        return None
    row = accounts().account(payload[0])
    if row is None or not row["is_active"] or not hmac.compare_digest(
            password_fingerprint(row["password_hash"], row["email"]), str(payload[1])):
        return None
    return row, str(payload[1])


def _gone(purpose: str) -> tuple[str, int]:
    return render_template("recovery/link_gone.html", purpose=purpose), 400


# -- choosing a password from a link --------------------------------------------------------------
def _set_password(purpose: str, token: str) -> tuple[str, int] | Response:
    held = _password_link(purpose, token)
    if held is None:
        return _gone(purpose)
    row, fingerprint = held
    form, error = NewPasswordForm(), None
    if form.validate_on_submit():
        generation, error = attempt(lambda: accounts().set_password_from_link(row["id"], fingerprint, form.new.data))
        if error is None:
            if generation is None:  # used meanwhile (another tab), or the account disabled
                return _gone(purpose)
            return _password_set(purpose, row, generation)
    return render_template("recovery/set_password.html", form=form, error=error, purpose=purpose,
                           person=row), 422 if error or form.errors else 200


def _password_set(purpose: str, row: dict[str, Any], generation: int) -> Response:
    if current_user.is_authenticated:
        logout_user()
    _fresh_session()
    if purpose == INVITATION_PURPOSE:  # the invited person goes straight in
        login_user(accounts().get(row["id"]))
        session[SESSION_GENERATION] = generation
        session.permanent = True
        flash(_("Your password is chosen: welcome to Collegia."), "success")
        return redirect(url_for("home.index"))
    flash(_("Your password is changed and every session of your account has ended: log in with the new one."),
          "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> tuple[str, int] | Response:
    return _set_password(INVITATION_PURPOSE, token)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> tuple[str, int] | Response:
    return _set_password(RESET_PURPOSE, token)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> tuple[str, int] | Response:
    """Ask for a reset link. The answer is the same whether or not the address has an account (and whether
    or not its own limit is spent): only the mailbox learns it."""
    form = ForgotForm()
    if form.validate_on_submit():
        spent = accounts().reserve_reset_request(form.email.data, client_address())
        if spent == "address":  # says nothing of the account: the client's own address asked too often
            return render_template("recovery/forgot.html", form=form, error=_(
                "Too many requests from your connection: try again in a quarter of an hour.")), 429
        if spent is None:
            row = accounts().find_by_email(form.email.data)
            if row and row["is_active"]:
                _send_reset(row)
        return render_template("recovery/forgot_sent.html", minutes=RESET_MINUTES), 200
    return render_template("recovery/forgot.html", form=form, error=None), 422 if form.errors else 200


# -- a new address, confirmed from it ----------------------------------------------------------------
@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email() -> tuple[str, int] | Response:
    form, error = EmailForm(), None
    if form.validate_on_submit():
        new, error = attempt(lambda: accounts().check_email_change(
            current_user.id, form.email.data, form.current.data, client_address()))
        if error is None:
            row = accounts().account(current_user.id)
            token = links().sign(EMAIL_PURPOSE, [row["id"], row["email"], new])
            # to the NEW address only: opening the link proves it is theirs
            _queue(row, kind=EMAIL_CHANGE, recipient=new, email=new, hours=EMAIL_CHANGE_HOURS,
                   url=links().url(url_for("recovery.confirm_email", token=token)))
            flash(_("A message was sent to %(email)s: open its link to confirm the new address. Until then your "
                    "account keeps %(old)s.", email=new, old=row["email"]), "success")
            return redirect(url_for("recovery.change_email"))
    return render_template("recovery/email.html", form=form, error=error), 422 if error or form.errors else 200


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> tuple[str, int] | Response:
    payload = links().unsign(EMAIL_PURPOSE, token, MAX_AGE[EMAIL_PURPOSE])
    if not (isinstance(payload, list) and len(payload) == 3 and isinstance(payload[0], int)):
        return _gone(EMAIL_PURPOSE)
    user_id, old, new = payload[0], str(payload[1]), str(payload[2])
    row = accounts().account(user_id)
    if row is None or not row["is_active"] or row["email"] != old:  # used already (or moved since)
        return _gone(EMAIL_PURPOSE)
    form, error = ConfirmForm(), None
    if form.validate_on_submit():
        # read before the change: the session is checked against the account's generation, which it moves on
        own = current_user.is_authenticated and current_user.id == user_id
        generation, error = attempt(lambda: accounts().change_email(user_id, old, new))
        if error is None:
            if generation is None:
                return _gone(EMAIL_PURPOSE)
            _queue(row, kind=EMAIL_CHANGED, recipient=old, email=new)  # the old address is told
            flash(_("Your account now uses the address %(email)s. Its other sessions have ended.", email=new),
                  "success")
            if own:
                session[SESSION_GENERATION] = generation  # this session goes on
                return redirect(url_for("home.index"))
            return redirect(url_for("auth.login"))
    return render_template("recovery/confirm_email.html", form=form, error=error, old=old, new=new,
                           person=row), 409 if error else 200
