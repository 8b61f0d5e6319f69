"""Forms every area shares."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (confirm, open, revoke…; any input is a hidden field beside it)."""
