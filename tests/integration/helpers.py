"""Shared helpers for store-level tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, cast, func, select

from projections import tables as t
from infrastructure.system import System


def _compared_columns(table: Any) -> list[Any]:
    """A table's columns but surrogate keys and the tracking rows' random generation token (drawn
    anew by each rebuild)."""
    return [c for c in table.c if not (c.name == "id" and table is t.member_periods)
            and c is not t.tracking.c.generation]


def dump_read_models(system: System) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row, sorted: each cell's value as SQLAlchemy reads it (normalised) and whether
    it is SQL NULL. Comparable across rebuilds and stores; a JSON column's SQL NULL and JSON 'null'
    both read as None, so the flag tells them apart."""
    dump = {}
    with system.engine.connect() as conn:
        for table in t.metadata.sorted_tables:
            columns = _compared_columns(table)
            rows = conn.execute(select(*columns, *(c.is_(None) for c in columns))).all()
            width = len(columns)
            dump[table.name] = sorted(
                (tuple(_norm(v) for v in row[:width]) + tuple(bool(n) for n in row[width:]) for row in rows),
                key=repr)
    return dump


def dump_cells(system: System) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model cell exactly as stored, for comparisons within one store: per column whether
    it IS NULL, its text (`CAST(col AS TEXT)`: JSON as written, times as stored) and, on SQLite, its
    storage class (`typeof`). Nothing is decoded or normalised."""
    dump = {}
    with system.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        for table in t.metadata.sorted_tables:
            cells = []
            for c in _compared_columns(table):
                cells += [c.is_(None), cast(c, Text)]
                if sqlite:
                    cells.append(func.typeof(c))
            rows = conn.execute(select(*cells)).all()
            dump[table.name] = sorted((tuple(bool(v) if i % (3 if sqlite else 2) == 0 else v
                                             for i, v in enumerate(row)) for row in rows), key=repr)
    return dump


def cell_differences(a: dict[str, list[tuple[Any, ...]]], b: dict[str, list[tuple[Any, ...]]],
                     limit: int = 10) -> list[str]:
    """What differs between two `dump_cells` dumps, for assertion messages: rows present in one only,
    matched by their first column where possible, with the cells (column: first → second) that differ."""
    out: list[str] = []
    for table in t.metadata.sorted_tables:
        names = [c.name for c in _compared_columns(table)]
        rows_a, rows_b = a.get(table.name, []), b.get(table.name, [])
        if rows_a == rows_b:
            continue
        width = len(rows_a[0] if rows_a else rows_b[0]) // len(names)
        only_a = [r for r in rows_a if r not in rows_b]
        only_b = {r[:width]: r for r in rows_b if r not in rows_a}
        for row in only_a[:limit]:
            other = only_b.pop(row[:width], None)
            if other is None:
                out.append(f"{table.name}: only in first: {row[:width * 3]}...")
                continue
            cells = [f"{name}: {row[i * width:(i + 1) * width]} → {other[i * width:(i + 1) * width]}"
                     for i, name in enumerate(names) if row[i * width:(i + 1) * width] != other[i * width:(i + 1) * width]]
            out.append(f"{table.name} {row[:width]}: " + "; ".join(cells))
        out += [f"{table.name}: only in second: {row[:width * 3]}..." for row in list(only_b.values())[:limit]]
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, dict):
        return repr(sorted((k, _norm(v)) for k, v in value.items()))
    if isinstance(value, list):
        return repr([_norm(v) for v in value])
    return value
