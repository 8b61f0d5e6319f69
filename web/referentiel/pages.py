"""The PTCE référentiel's pages (issue 24): the pole's référentiel, its campaigns, answering one, the results."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("referentiel", __name__, template_folder="templates")
