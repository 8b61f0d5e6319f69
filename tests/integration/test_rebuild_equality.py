"""Read models projected as events arrive equal a rebuild, cell by cell, SQL NULL told from JSON null.

Incremental projection writes a proposal's row when it is drafted (a bulk INSERT: COPY on
PostgreSQL, the driver's executemany on SQLite) and changes it in a later section (an UPDATE
through SQLAlchemy); a rebuild drafts, opens and closes it in one section (one INSERT). Both
paths must store the same thing in every cell, in particular an absent JSON value (a proposal
without effect, an electorate or tally not known yet) as SQL NULL, never as JSON 'null'.
`dump_cells` compares what is stored: whether each cell IS NULL and its text, not the values
SQLAlchemy decodes (which read SQL NULL and JSON 'null' both as None).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import JSON, Text, cast, select, text

from governance.clock import frozen_time, now
from demo.pole import load_demo
from projections import tables as t
from projections.queries import Queries
from tests.integration.helpers import cell_differences, dump_cells, dump_read_models

SECRETARY = "claire.martin@terres-de-liens-coop.example"
NULLABLE_JSON = [(table, column) for table in t.metadata.sorted_tables for column in table.c
                 if isinstance(column.type, JSON) and column.nullable]


def _history(system) -> str:
    """The demo pole (two years of admissions, votes, an assembly with signed minutes, an open vote,
    drafts), then more as it would go on: ballots changed, a proxy used, another granted and revoked,
    the open vote closed, a draft amended and withdrawn, a draft opened and closed automatically, an
    assembly convened on the last draft. Every command is projected as it is saved (inline)."""
    app = system.app
    pole = load_demo(app)
    queries = Queries(system.engine)
    open_id = queries.register(str(pole), status="open")[0]["id"]
    electorate = app.get_proposal(open_id).electorate
    admitted = [m for m in electorate if queries.member(m)["status"] == "admitted"]
    voted = {b["member_id"] for b in queries.ballots(open_id)}
    fresh = [m for m in admitted if m not in voted]
    assert len(fresh) >= 3
    current = now()
    with frozen_time(current + timedelta(hours=1)):
        app.grant_proxy(open_id, fresh[0], fresh[1], actor="rep:a")
        app.cast_ballot(open_id, fresh[0], "for", actor="rep:b", proxy_holder=fresh[1])
        app.cast_ballot(open_id, fresh[1], "abstain", actor="rep:b")
        app.grant_proxy(open_id, fresh[2], fresh[1], actor="rep:c")
        app.revoke_proxy(open_id, fresh[2], actor="rep:c")
        app.cast_ballot(open_id, sorted(voted)[0], "abstain", actor="rep:changed")  # a changed ballot
    with frozen_time(current + timedelta(hours=2)):
        app.close_voting(open_id, actor=SECRETARY)
        app.sign_minutes(open_id, signer="Claire Martin", capacity="secretary", actor=SECRETARY)
    extraordinary = [p["id"] for p in queries.register(str(pole), status="draft") if p["kind"] == "extraordinary"]
    with frozen_time(current + timedelta(days=1)):
        withdrawn = app.draft_proposal(pole, title="Charte graphique", text="Adopter la charte.", actor=SECRETARY)
        app.amend_proposal(withdrawn, title="Charte graphique 2027", text="Adopter la charte 2027.",
                           actor=SECRETARY)
        app.withdraw_proposal(withdrawn, reason="Reportée", actor=SECRETARY)
        quick = app.draft_proposal(pole, title="Date du prochain conseil", text="Le 3 mars.", actor=SECRETARY)
        app.open_voting(quick, closes_at=current + timedelta(days=2), actor=SECRETARY)
        app.cast_ballot(quick, fresh[2], "for", actor="rep:c")
    with frozen_time(current + timedelta(days=3)):
        app.close_voting(quick, actor="system", automatic=True)
        app.convene_assembly(pole, kind="extraordinary", held_at=current + timedelta(days=30),
                             place="Maison de l'ESS, Die", mode="in_person", convocation="first", agenda=extraordinary,
                             actor=SECRETARY)
    return str(pole)


def _json_null_cells(system) -> list[tuple[str, str, int]]:
    """(table, column, count) of cells holding JSON 'null' in the nullable JSON columns."""
    found = []
    with system.engine.connect() as conn:
        for table, column in NULLABLE_JSON:
            count = conn.execute(select(text("count(*)")).select_from(table)
                                 .where(cast(column, Text) == "null")).scalar()
            if count:
                found.append((table.name, column.name, count))
    return found


def test_read_models_projected_as_events_arrive_equal_a_rebuild_cell_by_cell(system):
    _history(system)
    assert system.projector.lag() == 0
    incremental, decoded = dump_cells(system), dump_read_models(system)
    nulls_as_projected = _json_null_cells(system)
    count = system.projector.rebuild()
    assert count == system.app.recorder.max_notification_id()
    rebuilt = dump_cells(system)
    assert rebuilt == incremental, "\n".join(cell_differences(incremental, rebuilt))
    assert dump_read_models(system) == decoded
    # Both paths store an absent JSON value as SQL NULL: the same on every store, and what
    # `IS NULL` finds.
    assert nulls_as_projected == [] and _json_null_cells(system) == []
    with system.engine.connect() as conn:
        drafts_without_effect = conn.execute(select(text("count(*)")).select_from(t.proposals).where(
            t.proposals.c.effect.is_(None), t.proposals.c.tally.is_(None), t.proposals.c.status == "draft")).scalar()
    assert drafts_without_effect >= 2


def test_a_catch_up_in_sections_of_any_size_gives_the_same_cells(system, monkeypatch):
    """The projection worker applies whatever arrived since its last catch-up: sections of a few events
    (and a section boundary inside a command's events) give the same cells as one rebuild."""
    from projections import projector as projector_module
    _history(system)
    rebuilt_at_once = None
    system.projector.rebuild()
    rebuilt_at_once = dump_cells(system)
    monkeypatch.setattr(projector_module, "SECTION", 7)
    system.projector.rebuild()
    in_small_sections = dump_cells(system)
    assert in_small_sections == rebuilt_at_once, "\n".join(cell_differences(rebuilt_at_once, in_small_sections))


def _as_earlier_code_wrote_them(system) -> None:
    """Every absent effect, electorate and tally as JSON 'null', as the earlier code left them."""
    null = "CAST('null' AS JSON)" if system.engine.dialect.name == "postgresql" else "'null'"
    with system.engine.begin() as conn:
        for column in ("effect", "electorate", "tally"):
            conn.execute(text(f"UPDATE rm_proposals SET {column} = {null} WHERE {column} IS NULL"))


@pytest.mark.parametrize("stamped", [True, False], ids=["stamped", "made-by-the-code"])
def test_revision_0005_turns_json_null_cells_written_before_into_sql_null(system, stamped):
    """A store upgraded from revision 0004, or made by the code and never stamped (the embedded
    store before `collegia init` stamped it), ends with the cells a rebuild gives."""
    import migrations
    from alembic import command
    from web.accounts.store import Accounts
    Accounts(system.engine)  # the account tables: the store is the code's, as `collegia init` makes it
    _history(system)
    expected = dump_cells(system)
    _as_earlier_code_wrote_them(system)
    assert len(_json_null_cells(system)) == 3
    with system.engine.begin() as conn:
        if stamped:
            command.stamp(migrations.alembic_config(conn), "0004")
        else:
            assert migrations.current_revision(conn) is None and migrations.differences(conn) == []
            assert migrations.adopted_revision(conn) == "0004"
        assert migrations.upgrade(conn)[1] == migrations.head_revision()
    assert _json_null_cells(system) == []
    assert dump_cells(system) == expected
    system.projector.rebuild()
    assert dump_cells(system) == expected
