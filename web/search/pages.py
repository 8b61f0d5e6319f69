"""The search page of a pole: proposals and decisions by the words of their title or text (drafts for the
pole's secretaries only), and, for secretaries, members by name. Case and accents are ignored
(`projections.queries.search_key`); each list shows at most `LIMIT` results and says how many match in all."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_login import login_required

from web.edge import MEMBER, SECRETARY, queries, require_pole_role
from web.labels import MEMBER_STATUS_OPTIONS, OUTCOME_OPTIONS, STATUS_OPTIONS

bp = Blueprint("search", __name__, template_folder="templates")
LIMIT = 50
MAX_QUERY = 200


@bp.get("/poles/<pole_id>/search")
@login_required
def search(pole_id: str) -> str:
    roles = require_pole_role(pole_id, MEMBER, SECRETARY)
    secretary = SECRETARY in roles
    q = (request.args.get("q") or "").strip()[:MAX_QUERY]
    proposals, proposal_count = queries().search_proposals(pole_id, q, drafts=secretary, limit=LIMIT)
    members, member_count = queries().search_members(pole_id, q, limit=LIMIT) if secretary else ([], 0)
    return render_template("search/search.html", pole=queries().pole(pole_id), q=q, secretary=secretary,
                           proposals=proposals, proposal_count=proposal_count, members=members,
                           member_count=member_count, limit=LIMIT, labels=_labels())


def _labels() -> dict[str, Any]:
    return {"status": STATUS_OPTIONS, "outcome": OUTCOME_OPTIONS, "member_status": MEMBER_STATUS_OPTIONS}
