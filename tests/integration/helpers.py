"""Shared helpers for store-level tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from projections import tables as t
from projections.system import System


def dump_read_models(system: System) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row, sorted, without surrogate keys or the tracking rows' random generation
    token (drawn anew by each rebuild): comparable across rebuilds and stores."""
    dump = {}
    with system.engine.connect() as conn:
        for table in t.metadata.sorted_tables:
            columns = [c for c in table.c if not (c.name == "id" and table is t.member_periods)
                       and c is not t.tracking.c.generation]
            rows = conn.execute(select(*columns)).all()
            dump[table.name] = sorted((tuple(_norm(v) for v in row) for row in rows), key=repr)
    return dump


def _norm(value: Any) -> Any:
    if isinstance(value, dict):
        return repr(sorted((k, _norm(v)) for k, v in value.items()))
    if isinstance(value, list):
        return repr([_norm(v) for v in value])
    return value
