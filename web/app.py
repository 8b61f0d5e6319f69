"""Flask app factory: wires the governance system, accounts, security and the blueprints."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from typing import Any

from flask import Flask, g, has_request_context, render_template, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from governance.errors import DomainError
from eventsourcing.persistence import Recording

from projections.projector import wait_until_projected
from projections.queries import Queries, request_connection
from infrastructure.config import instance_secret  # noqa: F401  (web.cli imports it from here)
from infrastructure.system import System, bootstrap
from web import formatting, home
from web.accounts import login, recovery
from web.admin import pages as admin
from web.assemblies import minutes, pages as assemblies, signing as minutes_signing
from web.audit import pages as audit, verify as register_verify
from web.mail import pages as mail_pages
from web.members import board, capital, colleges, import_members as member_import, manage as members
from web.networks import pages as networks
from web.networks.store import Networks
from web.referentiel import pages as referentiel
from web.votes import deliberation, elections, manage as secretary, pages as votes
from web.api import bp as api_bp, tokens_bp
from web.search import pages as search
from web.accounts.store import Accounts
from web.edge import domain_message, refusal_status
from web.extensions import babel, csrf, login_manager
from web.trusted_proxies import apply_trusted_proxies

BLUEPRINTS = (login.bp, home.bp, votes.bp, secretary.bp, members.bp, audit.bp, colleges.bp, admin.bp, api_bp,
              tokens_bp, assemblies.bp, minutes.bp, minutes_signing.bp, register_verify.bp, member_import.bp, search.bp, recovery.bp,
              mail_pages.bp, elections.bp, board.bp, capital.bp, deliberation.bp, referentiel.bp, networks.bp)
SESSION_LIFETIME = timedelta(hours=8)
WRITTEN_AT = "_written_at"  # session key: notification position of the user's last command not yet seen projected
logger = logging.getLogger(__name__)

# No inline script anywhere; styles come from our own stylesheet.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")


def create_app(system: System | None = None, test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web app around one wired `System` (created from the environment if not given)."""
    app = Flask(__name__, instance_path=os.path.abspath(os.environ.get("COLLEGIA_INSTANCE_DIR", "instance")))
    system = system or bootstrap(create_key=True)
    app.config.from_mapping(
        SECRET_KEY=system.settings.secret_key(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("COLLEGIA_SECURE_COOKIES", "") == "1",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        BABEL_DEFAULT_LOCALE="fr",
        BABEL_DEFAULT_TIMEZONE="Europe/Paris",
        BABEL_TRANSLATION_DIRECTORIES=os.path.join(os.path.dirname(__file__), "translations"),
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.from_mapping(test_config or {})
    app.extensions["collegia"] = system
    app.extensions["collegia.queries"] = Queries(system.engine)
    app.extensions["collegia.accounts"] = accounts = Accounts(system.engine)
    app.extensions["collegia.networks"] = Networks(system.engine)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    login_manager.user_loader(accounts.get)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: session.get("lang") or "fr")
    formatting.register(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    _register_error_pages(app)
    if not system.settings.projects_inline:
        _read_your_writes(app, system)
    _one_connection_per_request(app, system.engine)

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response

    @app.context_processor
    def layout_context() -> dict[str, Any]:
        return {"languages": login.LANGUAGES, "language_form": login.LanguageForm(formdata=None),
                "current_language": session.get("lang") or "fr",
                "has_endpoint": lambda name: name in app.view_functions}

    apply_trusted_proxies(app)  # the client's address behind COLLEGIA_TRUSTED_PROXIES reverse proxies
    return app


def _read_your_writes(app: Flask, system: System) -> None:
    """Worker mode: pages that follow a user's command wait until the projections show it.

    Every save made while serving a request notes its highest notification position. A
    form post keeps it in the session (it redirects); the next request waits, at most
    `COLLEGIA_READ_YOUR_WRITES_TIMEOUT` seconds, for every projection's tracking position
    to reach it. A request that goes on reading after its own save (the JSON API, or a
    page closing a due vote) waits at once."""
    timeout = system.settings.read_your_writes_timeout

    def wait(position: int) -> bool:
        if wait_until_projected(system.engine, position, timeout):
            return True
        logger.warning("read models still behind position %d after %.1f s: is 'collegia project' running?",
                       position, timeout)
        return False

    def saved(recordings: list[Recording]) -> None:
        if not has_request_context() or not recordings:
            return
        position = max(r.notification.id for r in recordings)
        if request.method in ("GET", "HEAD") or request.blueprint == "api":
            wait(position)
        else:
            g.collegia_written_at = max(g.get("collegia_written_at", 0), position)

    system.app.subscribe(saved)

    @app.before_request
    def wait_for_own_writes() -> None:
        position = session.get(WRITTEN_AT)
        if position and wait(position):
            session.pop(WRITTEN_AT, None)

    @app.after_request
    def remember_own_writes(response: Response) -> Response:
        written = g.get("collegia_written_at")
        if written and written > session.get(WRITTEN_AT, 0):
            session[WRITTEN_AT] = written
        return response


def _one_connection_per_request(app: Flask, engine: Any) -> None:
    """A request's reads (its user, its pole, the page's rows) share one pooled connection."""
    def open_reads() -> None:
        g.collegia_reads = request_connection(engine)
        g.collegia_reads.__enter__()
    app.before_request_funcs.setdefault(None, []).insert(0, open_reads)  # before every other hook's reads

    @app.teardown_request
    def close_reads(_: BaseException | None) -> None:
        reads = g.pop("collegia_reads", None)
        if reads is not None:
            reads.__exit__(None, None, None)


def _register_error_pages(app: Flask) -> None:
    messages = {
        400: lambda: _("The request could not be understood. Check what you typed and try again."),
        403: lambda: _("You do not have access to this page with your current role."),
        404: lambda: _("This page does not exist, or no longer does."),
        405: lambda: _("This action cannot be done this way."),
        413: lambda: _("What you sent is too large."),
    }

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        message = messages.get(code, lambda: error.description)()
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/error.html", code=400, message=_(
            "The form expired or did not come from this site. Reload the page and try again.")), 400

    @app.errorhandler(DomainError)
    def refused(error: DomainError) -> tuple[str, int]:
        code = 403 if refusal_status(error) == 403 else 422  # pages re-show a refusal as unprocessable
        return render_template("errors/error.html", code=code, message=domain_message(error)), code

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[str, int]:
        logger.exception("unexpected error on %s", request.path)
        return render_template("errors/error.html", code=500, message=_(
            "Something went wrong on our side. Please try again; if it happens again, tell your pole's secretary.")), 500
