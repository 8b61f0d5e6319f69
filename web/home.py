"""The landing page after login: the poles the user belongs to."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from web.edge import queries
from web.networks.store import networks

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index() -> str | Response:
    poles = queries().poles() if current_user.is_admin else [
        p for p in (queries().pole(pid) for pid in current_user.poles()) if p]
    if len(poles) == 1 and not current_user.is_admin and "votes.dashboard" in current_app.view_functions:
        return redirect(url_for("votes.dashboard", pole_id=poles[0]["id"]))
    if not poles and not current_user.is_admin and networks().coordinated_by(current_user.id):
        return redirect(url_for("networks.index"))  # a network's coordinator, in no pole (issue 24)
    return render_template("home/index.html", poles=poles)
