"""Account links sent by mail (being built)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("recovery", __name__, template_folder="templates")
