"""The web stack's floor under a ballot post: the production app, plus two routes that do no governance work.

`make bench` serves this module instead of `web.wsgi` (the same app, built the same way, with
two more routes) to show what the votes-over-HTTP figure is made of:

- `POST /bench/floor/<pole>/<proposal>/ballot` does everything a ballot post does around the
  command: the signed-in user and their roles, the pole and the role check, the form and its
  CSRF token, the flash message in the session cookie, the redirect; but it reads no proposal
  and records nothing;
- `POST /bench/floor/nothing` is a Flask route that does nothing (gunicorn, WSGI, the app's
  hooks and headers).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from bench.web import FLOOR_BALLOT, FLOOR_NOTHING
from web.edge import MEMBER, SECRETARY, require_pole_role
from web.votes.pages import CHOICE_OPTIONS, BallotForm


@login_required
def ballot_without_command(pole_id: str, proposal_id: str) -> Response:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    if not BallotForm().validate():
        return Response("invalid form", 422)
    # The message a ballot post flashes, translated the same way (the member's name is a constant here).
    flash(_("The vote of %(member)s is recorded: %(choice)s.", member="Membre", choice=CHOICE_OPTIONS["for"]),
          "success")
    return redirect(url_for("votes.proposal", pole_id=pole_id, proposal_id=proposal_id))


def nothing() -> Response:
    return Response(status=302, headers={"Location": "/"})


def add_floor_routes(flask_app: Flask) -> Flask:
    """The two routes, on an app built by `web.app.create_app` (bench/profile_vote.py builds its own)."""
    flask_app.add_url_rule(FLOOR_BALLOT, view_func=ballot_without_command, methods=["POST"])
    flask_app.add_url_rule(FLOOR_NOTHING, view_func=nothing, methods=["POST"])
    return flask_app


def __getattr__(name: str) -> Any:
    """`bench.floor:app` (what gunicorn serves): the production app of `web.wsgi`, built from the environment on
    first use, plus the two routes."""
    if name == "app":
        from web.wsgi import app
        globals()["app"] = add_floor_routes(app)
        return app
    raise AttributeError(name)
