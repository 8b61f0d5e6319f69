"""Flask extensions, created once and bound by the app factory."""

from typing import Any, Callable

from flask import session
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from web.accounts.store import SESSION_GENERATION


class RevocableLoginManager(LoginManager):
    """Flask-Login with server-side revocation of sessions.

    The loader the app sets (`login_manager.user_loader(accounts.get)`) is wrapped: a session
    names its user only while the account is active and the session's generation (stored at
    login) is the account's current one. Logging out, changing the password and disabling the
    account move the generation on, so every session of that user, copied cookies included,
    is anonymous from its next request."""

    def user_loader(self, callback: Callable[[str], Any]) -> Callable[[str], Any]:
        def load_unless_revoked(user_id: str) -> Any:
            user = callback(user_id)
            if user is None or not getattr(user, "is_active", False):
                return None
            if session.get(SESSION_GENERATION) != getattr(user, "session_generation", None):
                return None
            return user
        return super().user_loader(load_unless_revoked)


login_manager = RevocableLoginManager()
csrf = CSRFProtect()
babel = Babel()
