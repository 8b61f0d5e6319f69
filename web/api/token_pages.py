"""The browser pages where a logged-in user creates, lists and revokes their own API tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from governance.errors import DomainError
from web.api.auth import tokens
from web.api.tokens import DEFAULT_LIFETIME_DAYS, MAX_NAME, NewToken
from web.edge import domain_message
from web.labels import SCOPE_LABELS

tokens_bp = Blueprint("api_tokens", __name__, template_folder="templates")


class NewTokenForm(FlaskForm):
    name = StringField(_l("Token name (what it is for)"), validators=[DataRequired(), Length(max=MAX_NAME)])


class RevokeTokenForm(FlaskForm):
    """Only the CSRF token: one button per token."""


def _page(form: NewTokenForm, *, new_token: NewToken | None = None, refusal: str | None = None,
          status: int = 200) -> Response:
    response = make_response(render_template(
        "api_tokens/index.html", form=form, revoke_form=RevokeTokenForm(formdata=None), new_token=new_token,
        refusal=refusal, tokens=tokens().list(current_user.id), scope_labels=SCOPE_LABELS,
        lifetime_days=DEFAULT_LIFETIME_DAYS), status)
    response.headers["Cache-Control"] = "no-store"  # a new token is on this page exactly once
    return response


@tokens_bp.get("/account/tokens")
@login_required
def index() -> Response:
    return _page(NewTokenForm(formdata=None))


@tokens_bp.post("/account/tokens")
@login_required
def create() -> Response:
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        new_token = tokens().create(current_user.id, form.name.data)
    except DomainError as error:
        return _page(form, refusal=domain_message(error), status=422)
    return _page(NewTokenForm(formdata=None), new_token=new_token)


@tokens_bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Any:
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    if not tokens().revoke(current_user.id, token_id):
        abort(404)
    flash(_("The token is revoked: programs using it can no longer reach the API."), "success")
    return redirect(url_for(".index"))
