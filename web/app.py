"""Flask app factory: wires the governance system, accounts, security and the blueprints."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from typing import Any

from flask import Flask, render_template, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from governance.errors import DomainError
from projections.queries import Queries
from projections.system import System, bootstrap
from web import admin, audit, auth, colleges, formatting, home, secretary, votes
from web.api import bp as api_bp, tokens_bp
from web.accounts import Accounts
from web.context import domain_message
from web.extensions import babel, csrf, login_manager

BLUEPRINTS = (auth.bp, home.bp, votes.bp, secretary.bp, audit.bp, colleges.bp, admin.bp, api_bp, tokens_bp)
SESSION_LIFETIME = timedelta(hours=8)
logger = logging.getLogger(__name__)

# No inline script anywhere; styles come from our own stylesheet.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")


def create_app(system: System | None = None, test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web app around one wired `System` (created from the environment if not given)."""
    app = Flask(__name__, instance_path=os.path.abspath(os.environ.get("COLLEGIA_INSTANCE_DIR", "instance")))
    system = system or bootstrap(create_key=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("COLLEGIA_SECRET_KEY") or _instance_secret(system),
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
        return {"languages": auth.LANGUAGES, "language_form": auth.LanguageForm(),
                "current_language": session.get("lang") or "fr",
                "has_endpoint": lambda name: name in app.view_functions}

    return app


def _instance_secret(system: System) -> str:
    """A per-instance session key kept beside the ballot key (created on first start)."""
    path = system.settings.instance_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


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
        return render_template("errors/error.html", code=422, message=domain_message(error)), 422

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[str, int]:
        logger.exception("unexpected error on %s", request.path)
        return render_template("errors/error.html", code=500, message=_(
            "Something went wrong on our side. Please try again; if it happens again, tell your pole's secretary.")), 500
