"""Flask app factory. Until the browser interface (issue #3) lands, a read-only view of the poles."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from flask import Flask, abort, render_template, request

from governance.errors import DomainError
from governance.numbers import percent
from governance.tally import Tally
from projections.queries import Queries
from projections.system import System, bootstrap


def create_app(system: System | None = None, test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web app around one wired `System` (created from the environment if not given)."""
    app = Flask(__name__)
    app.config.from_mapping(test_config or {})
    system = system or bootstrap(create_key=True)
    app.extensions["collegia"] = system
    queries = Queries(system.engine)

    @app.template_filter("pct")
    def _pct(value: Fraction | str | None) -> str:
        if value is None:
            return "—"
        return percent(Fraction(value)).replace(".", ",")

    @app.template_filter("date")
    def _date(value: datetime | None) -> str:
        return "—" if value is None else value.strftime("%d/%m/%Y %H:%M")

    @app.get("/")
    def index() -> str:
        return render_template("index.html", poles=queries.poles())

    @app.get("/poles/<pole_id>")
    def pole(pole_id: str) -> str:
        info = queries.pole(pole_id) or abort(404)
        as_of = _as_of()
        return render_template("pole.html", pole=info, as_of=as_of, power=queries.power(pole_id, as_of),
                               roster=queries.roster(pole_id, as_of), versions=queries.statutes_versions(pole_id),
                               register=queries.register(pole_id), strategy=queries.strategy_versions(pole_id))

    @app.get("/proposals/<proposal_id>")
    def proposal(proposal_id: str) -> str:
        info = queries.proposal(proposal_id) or abort(404)
        result = Tally.from_dict(info["tally"]) if info["tally"] else None
        return render_template("proposal.html", p=info, tally=result, pole=queries.pole(info["pole_id"]),
                               ballots=queries.ballots(proposal_id),
                               audit=queries.audit(aggregate_id=proposal_id, limit=1000))

    @app.errorhandler(404)
    def not_found(_: Exception) -> tuple[str, int]:
        return render_template("error.html", message="Page introuvable."), 404

    @app.errorhandler(400)
    def bad_request(_: Exception) -> tuple[str, int]:
        return render_template("error.html", message="Requête invalide : vérifiez la date saisie (AAAA-MM-JJ)."), 400

    @app.errorhandler(DomainError)
    def refused(error: DomainError) -> tuple[str, int]:
        return render_template("error.html", message=error.message), 422

    return app


def _as_of() -> datetime | None:
    raw = request.args.get("as_of", "").strip()
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw).replace(tzinfo=UTC, hour=23, minute=59, second=59)
    except ValueError:
        abort(400)


def demo_logins(system: System) -> list[tuple[str, str, str]]:
    """Demo accounts to print at start-up; none until accounts exist (issue #3)."""
    return []
