"""Regional networks of poles (issue 24): the administrator declares them and appoints coordinators; a coordinator
sees, for each pole that joined, only what the pole agreed to share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

bp = Blueprint("networks", __name__, template_folder="templates")


@bp.app_context_processor
def network_menu() -> dict[str, Any]:
    """Whether the signed-in person coordinates a network (the menu then shows « Réseaux »)."""
    return {"network_coordinator": False}
