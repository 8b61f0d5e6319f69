"""The poles projection: each pole's identity, its statutes versions and colleges, its strategy versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from governance.pole import Pole
from projections import tables as t
from projections.batch import Batch, Projection, _id, _named, utc


def _statutes_rows(b: Batch, pole_id: str, version: int, statutes: dict[str, Any],
                   decision_id: Any, at: datetime) -> None:
    b.rows(t.statutes_versions).insert(
        pole_id=pole_id, version=version, statutes=statutes, model=statutes["model"],
        empty_college_rule=statutes["empty_college_rule"],
        decision_id=None if decision_id is None else str(decision_id), adopted_at=at)
    colleges = b.rows(t.colleges)
    for i, c in enumerate(statutes["colleges"]):
        colleges.insert(pole_id=pole_id, version=version, code=c["code"], position=i, name=c["name"],
                        share=c["share"])


def pole_founded(b: Batch, e: Any, pos: int) -> None:
    at = utc(e.timestamp)
    b.rows(t.poles).insert(
        id=_id(e), name=e.name, territory=e.territory, legal_form=e.legal_form, founded_at=at,
        statutes_version=1, strategy_version=1 if e.strategy else 0)
    _statutes_rows(b, _id(e), 1, e.statutes, None, at)
    if e.strategy:
        b.rows(t.strategy_versions).insert(
            pole_id=_id(e), version=1, text=e.strategy, proposed_by=e.actor, decision_id=None, adopted_at=at)


def statutes_amended(b: Batch, e: Any, pos: int) -> None:
    _statutes_rows(b, _id(e), e.version, e.statutes, e.proposal_id, utc(e.timestamp))
    b.rows(t.poles).update(_id(e), statutes_version=e.version)


def strategy_revised(b: Batch, e: Any, pos: int) -> None:
    b.rows(t.strategy_versions).insert(
        pole_id=_id(e), version=e.version, text=e.text, proposed_by=e.proposed_by,
        decision_id=str(e.proposal_id), adopted_at=utc(e.timestamp))
    b.rows(t.poles).update(_id(e), strategy_version=e.version)


def _prefetch_poles(b: Batch, events: Sequence[Any]) -> None:
    b.rows(t.poles).prefetch((_id(e),) for e in _named(events, Pole.StatutesAmended, Pole.StrategyRevised))


POLES = Projection("poles", (t.poles, t.statutes_versions, t.colleges, t.strategy_versions), {
    Pole.PoleFounded: pole_founded,
    Pole.StatutesAmended: statutes_amended,
    Pole.StrategyRevised: strategy_revised,
}, _prefetch_poles)
