"""`collegia verify` and the integrity page never crash on a stored row edited by plain SQL: they name it.

Issue 15 point 3: a stored event's state changed from bytes to text by an UPDATE made verify fail
with a Python TypeError. Every kind of edit of a stored row (events, chain links, snapshots) is
applied here, on SQLite and PostgreSQL, and must give exit status 1 with the entry named (the CLI)
and a clear page naming it (the secretary's integrity page), never a traceback or a 500. Where
PostgreSQL's column types refuse a value (text in a bytea or bigint column, NULL in a NOT NULL
one), the intruder changes the column's type or constraint first, as they could.
"""

from __future__ import annotations

import re
import sqlite3
from uuid import UUID

import psycopg
import pytest
from click.testing import CliRunner

from infrastructure.chain_store import CHAIN_TABLE
from tests.integration.chain_helpers import chained_bootstrap, integrity_page, pole_with_a_vote
from web.accounts.store import Accounts
from web.audit.cli import verify

ADMIN, PASSWORD = "admin@example.org", "Correct-horse-battery-9"


class Store:
    """Plain SQL on the store's tables, as an intruder with database access."""

    def __init__(self, settings):
        self.settings, self.pg = settings, settings.is_postgres
        self.events = "collegia_events" if self.pg else "stored_events"
        self.snapshots = "collegia_snapshots" if self.pg else "stored_snapshots"
        self.position = "notification_id" if self.pg else "rowid"

    def run(self, *statements):
        if self.pg:
            with psycopg.connect(self.settings.database_url, options=f"-csearch_path={self.settings.schema}") as c:
                for sql, *params in statements:
                    c.execute(sql.replace("?", "%s"), tuple(params))
        else:
            c = sqlite3.connect(self.settings.database_url.removeprefix("sqlite:///"), timeout=30)
            try:
                for sql, *params in statements:
                    c.execute(sql, tuple(params))
                c.commit()
            finally:
                c.close()

    def text_column(self, table, column):
        """PostgreSQL only: the column becomes text (an intruder's ALTER), so text values can be written."""
        how = "encode({c}, 'escape')" if column == "state" else "{c}::text"
        return (f"ALTER TABLE {table} ALTER COLUMN {column} TYPE text USING " + how.format(c=column),)

    def nullable(self, table, column):
        if self.pg:
            return [(f"ALTER TABLE {table} ALTER COLUMN {column} DROP NOT NULL",)]
        return [(f"CREATE TABLE copy AS SELECT * FROM {table}",), (f"DROP TABLE {table}",),
                (f"ALTER TABLE copy RENAME TO {table}",)]


def event_edit(set_sql, pg_type_change=None):
    def apply(store, target):
        pre = [store.text_column(store.events, pg_type_change)] if store.pg and pg_type_change else []
        store.run(*pre, (f"UPDATE {store.events} SET {set_sql} WHERE {store.position}=?", target["position"]))
    return apply


def link_edit(set_sql, pg_type_change=None, nullable=None):
    def apply(store, target):
        pre = [store.text_column(CHAIN_TABLE, pg_type_change)] if store.pg and pg_type_change else []
        if nullable:
            pre += store.nullable(CHAIN_TABLE, nullable)
        store.run(*pre, (f"UPDATE {CHAIN_TABLE} SET {set_sql} WHERE pole_id=? AND CAST(seq AS TEXT)=?",
                         target["pole"], str(target["seq"])))
    return apply


def snapshot_edit(set_sql, pg_type_change=None):
    def apply(store, target):
        pre = [store.text_column(store.snapshots, pg_type_change)] if store.pg and pg_type_change else []
        store.run(*pre, (f"UPDATE {store.snapshots} SET {set_sql} WHERE originator_id=? AND originator_version=?",
                         target["snapshot_id"] if store.pg else UUID(target["snapshot_id"]).hex,
                         target["snapshot_version"]))
    return apply


EDITS = {
    # kind: (edit, what the first problem names: "entry" (the target's seq), "snapshot", or "any entry")
    "event state bytes to text": (event_edit("state = CAST(state AS TEXT)", "state"), "entry"),
    "event state NULL": (event_edit("state = NULL"), "entry"),
    "event state truncated": (event_edit("state = substr(state, 1, 12)"), "entry"),
    "event topic changed": (event_edit("topic = 'governance.nowhere:Nothing'"), "entry"),
    "event topic NULL": (event_edit("topic = NULL"), "entry"),
    "event version changed": (event_edit("originator_version = 999"), "entry"),
    "event version to text": (event_edit("originator_version = 'x9'", "originator_version"), "any entry"),
    "link hash changed": (link_edit("entry_hash = '" + "0" * 64 + "'"), "entry"),
    "link hash not hex": (link_edit("entry_hash = 'not a hash'"), "entry"),
    "link seq changed": (link_edit("seq = 9999"), "entry"),
    "link seq to text": (link_edit("seq = 'x'", "seq"), "any entry"),
    "link state_sha256 NULL": (link_edit("state_sha256 = NULL", nullable="state_sha256"), "entry"),
    "link state_sha256 text": (link_edit("state_sha256 = 'bonjour'"), "entry"),
    "link version to text": (link_edit("originator_version = 'v'", "originator_version"), "any entry"),
    "snapshot state to text": (snapshot_edit("state = CAST(state AS TEXT)", "state"), "snapshot"),
    "snapshot state NULL": (snapshot_edit("state = NULL"), "snapshot"),
    "snapshot state truncated": (snapshot_edit("state = substr(state, 1, 50)"), "snapshot"),
    "snapshot topic changed": (snapshot_edit("topic = 'governance.nowhere:Nothing'"), "snapshot"),
    "snapshot version changed": (snapshot_edit("originator_version = 3"), "snapshot"),
}


@pytest.fixture
def store(make_settings, backend):
    """A pole, an open vote with ballots, snapshots of both; the target: a ballot in the middle of the register."""
    settings = make_settings(backend)
    system = chained_bootstrap(settings)
    app = system.app
    pole, proposal, members = pole_with_a_vote(app, 6)
    app.take_snapshot(proposal)
    app.draft_proposal(pole, title="Suite", text="Après", actor="sec")  # the target is not the register's head
    accounts = Accounts(system.engine)
    accounts.create_user(ADMIN, "Admin", PASSWORD, is_admin=True)
    version = app.get_proposal(proposal).version
    target_version = version - 2  # a ballot
    position = next(n.id for n in app.recorder.select_notifications(start=1, limit=1000)
                    if n.originator_id == proposal and n.originator_version == target_version)
    seq = next(link.seq for link in app.recorder.select_links()
               if link.originator_id == str(proposal) and link.originator_version == target_version)
    target = {"pole": str(pole), "seq": seq, "position": position, "aggregate": str(proposal),
              "snapshot_id": str(proposal), "snapshot_version": version}
    yield settings, system, target
    system.close()


def _named(line: str, expected: str, target) -> None:
    if expected == "entry":
        assert f"entry {target['seq']}" in line or f"log position {target['position']}" in line, line
    elif expected == "snapshot":
        assert f"aggregate {target['aggregate']} version" in line, line
    else:
        assert re.search(r"entry \d+|log position \d+|aggregate \S+ version", line), line


@pytest.mark.parametrize("kind", list(EDITS))
def test_every_edit_of_a_stored_row_is_named_by_the_cli_and_the_page(store, kind):
    settings, system, target = store
    edit, expected = EDITS[kind]
    if settings.is_postgres and "text" in kind and expected == "entry":  # the whole column changed type
        expected = "any entry"
    env = {"COLLEGIA_DATABASE_URL": settings.database_url, "COLLEGIA_INSTANCE_DIR": str(settings.instance_dir),
           "COLLEGIA_DB_SCHEMA": settings.schema or ""}
    runner = CliRunner()
    assert runner.invoke(verify, [], env=env).exit_code == 0
    edit(Store(settings), target)

    result = runner.invoke(verify, [], env=env)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (result.output, result.exc_info)
    lines = result.output.splitlines()
    assert lines[0].startswith("Register NOT intact (store): "), result.output
    assert f"pole {target['pole']}" in lines[1]
    _named(lines[1], expected, target)
    as_json = runner.invoke(verify, ["--json"], env=env)
    assert as_json.exit_code == 1 and '"ok": false' in as_json.output

    response = integrity_page(system, target["pole"], ADMIN, PASSWORD)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[-2000:]
    assert "The register has been tampered with." in page and "The register is intact." not in page
    if expected == "snapshot":
        assert f"The snapshot of {target['aggregate']} at version" in page
    elif expected == "entry":
        assert f"entry {target['seq']}" in page.lower() or f"log position {target['position']}" in page
