"""Login, logout and language choice."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_timedelta, gettext as _, lazy_gettext as _l
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from web.context import accounts

bp = Blueprint("auth", __name__)
LANGUAGES = {"fr": "Français", "en": "English"}


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[SelectChoice(code, label) for code, label in LANGUAGES.items()])


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after login."""
    if target and target.startswith("/") and not target.startswith("//") and not urlparse(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        ip = request.remote_addr or "unknown"
        locked = accounts().locked_for(form.email.data, ip)
        if locked:
            form.password.errors.append(_("Too many failed attempts: try again %(delay)s.",
                                          delay=format_timedelta(locked, add_direction=True)))
        else:
            user = accounts().authenticate(form.email.data, form.password.data, ip)
            if user is None:
                form.password.errors.append(_("Unknown e-mail address or wrong password."))
            else:
                language = session.get("lang")
                session.clear()  # no session fixation: a fresh session at login, keeping only the language
                if language:
                    session["lang"] = language
                login_user(user)
                session.permanent = True
                return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 401


@bp.post("/logout")
@login_required
def logout() -> Response:
    language = session.get("lang")
    logout_user()
    session.clear()
    if language:
        session["lang"] = language
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language() -> Response:
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.language.data
    return redirect(_safe_next(request.form.get("next")))
