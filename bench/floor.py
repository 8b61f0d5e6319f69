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

from flask import flash, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from bench.web import FLOOR_BALLOT, FLOOR_NOTHING
from web.edge import MEMBER, SECRETARY, require_pole_role
from web.votes.pages import BallotForm
from web.wsgi import app


@app.post(FLOOR_BALLOT)
@login_required
def ballot_without_command(pole_id: str, proposal_id: str) -> Response:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    if not BallotForm().validate():
        return Response("invalid form", 422)
    flash("The vote is recorded.", "success")
    return redirect(url_for("votes.proposal", pole_id=pole_id, proposal_id=proposal_id))


@app.post(FLOOR_NOTHING)
def nothing() -> Response:
    return Response(status=302, headers={"Location": "/"})
