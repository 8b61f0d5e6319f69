"""Login, logout, the user's own password, and language choice."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_timedelta, gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from web.accounts.store import SESSION_GENERATION
from web.edge import accounts, attempt

bp = Blueprint("auth", __name__, template_folder="templates")
LANGUAGES = {"fr": "Français", "en": "English"}


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("New password, again"), validators=[
        DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))])


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[SelectChoice(code, label) for code, label in LANGUAGES.items()])


def client_address() -> str:
    """The client's address: `remote_addr`, which `web.trusted_proxies` sets from the trusted proxies' header."""
    return request.remote_addr or "unknown"


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after login."""
    if target and target.startswith("/") and not target.startswith("//") and not urlparse(target).netloc:
        return target
    return url_for("home.index")


def _fresh_session() -> None:
    """No session fixation: a fresh session, keeping only the language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        outcome = accounts().authenticate(form.email.data, form.password.data, client_address())
        if outcome.locked_for:
            form.password.errors.append(_("Too many failed attempts: try again %(delay)s.",
                                          delay=format_timedelta(outcome.locked_for, add_direction=True)))
        elif outcome.user is None:  # a wrong password, an unknown address and a disabled account alike
            form.password.errors.append(_("Unknown e-mail address or wrong password."))
        else:
            _fresh_session()
            login_user(outcome.user)
            session[SESSION_GENERATION] = outcome.user.session_generation
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 401


@bp.post("/logout")
@login_required
def logout() -> Response:
    accounts().end_sessions(current_user.id)  # every session of this user, copies of the cookie included
    logout_user()
    _fresh_session()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> tuple[str, int] | Response:
    form, error = PasswordForm(), None
    if form.validate_on_submit():
        generation, error = attempt(lambda: accounts().change_password(
            current_user.id, form.current.data, form.new.data, client_address()))
        if error is None:
            session[SESSION_GENERATION] = generation  # this session goes on; every other one has ended
            flash(_("Your password is changed. Your other sessions have ended."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form, error=error), 422 if error or form.errors else 200


@bp.post("/language")
def language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.language.data
    return redirect(_safe_next(request.form.get("next")))
