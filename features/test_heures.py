"""Scenarios of features/heures/: a wall-clock time in Paris names one instant (web/dates.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pytest_bdd import parsers, scenarios, then, when

from web.dates import FOLDS, ambiguous, paris_to_utc, skipped

scenarios("heures")
SEASONS = {"heure d'été": FOLDS["summer"], "heure d'hiver": FOLDS["winter"]}


@pytest.fixture
def typed() -> dict[str, Any]:
    return {}


def _type(typed: dict[str, Any], local: str, fold: int | None = None) -> None:
    typed["local"] = datetime.strptime(local, "%Y-%m-%d %H:%M")
    try:
        typed["instant"], typed["error"] = paris_to_utc(typed["local"], fold), None
    except ValueError as error:
        typed["instant"], typed["error"] = None, error


@when(parsers.parse("le secrétaire saisit l'heure «{local}» à Paris en {season}"))
def type_with_season(typed: dict[str, Any], local: str, season: str) -> None:
    _type(typed, local, SEASONS[season])


@when(parsers.re("le secrétaire saisit l'heure «(?P<local>[^»]+)» à Paris$"))
def type_time(typed: dict[str, Any], local: str) -> None:
    _type(typed, local)


@then("la saisie est refusée : cette heure n'existe pas à Paris")
def refused_as_skipped(typed: dict[str, Any]) -> None:
    assert typed["error"] is not None and skipped(typed["local"])
    assert "does not exist in Paris" in str(typed["error"])


@then("la saisie demande s'il s'agit de l'heure d'été ou de l'heure d'hiver")
def asks_which(typed: dict[str, Any]) -> None:
    assert typed["error"] is not None and ambiguous(typed["local"])
    assert "happens twice in Paris" in str(typed["error"])


@then(parsers.parse("l'instant enregistré est {instant} UTC"))
def recorded_instant(typed: dict[str, Any], instant: str) -> None:
    assert typed["error"] is None, typed["error"]
    assert typed["instant"] == datetime.strptime(instant, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
