"""The Alembic revisions match the tables in the code: a table change needs a revision.

If `test_head_matches_the_tables` fails after you changed `projections/tables.py` (or the
account tables), write the revision: `collegia db upgrade && collegia db revision -m "..."`
against a scratch database, review the generated file, commit it (docs/deployment.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

import migrations
from infrastructure.config import Settings
from infrastructure.system import bootstrap, read_model_engine
from tests.deploy.conftest import POSTGRES_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "sqlite":
        return Settings(database_url=f"sqlite:///{tmp_path}/collegia.db", instance_dir=tmp_path,
                        ballot_key=b"k" * 32)
    schema = request.getfixturevalue("pg_schema")
    return Settings(database_url=POSTGRES_URL, schema=schema, instance_dir=tmp_path, ballot_key=b"k" * 32)


@pytest.fixture
def engine(settings: Settings) -> Engine:
    settings.event_store_env()  # makes the SQLite directory
    built = read_model_engine(settings)
    yield built
    built.dispose()


def test_one_head() -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert len(script.get_heads()) == 1, "the revisions branch: merge them (alembic merge)"


def test_head_matches_the_tables(engine: Engine) -> None:
    with engine.begin() as conn:
        before, after = migrations.upgrade(conn)
    assert (before, after) == (None, migrations.head_revision())
    with engine.connect() as conn:
        diffs = migrations.differences(conn)
    assert diffs == [], ("the tables in the code differ from the latest Alembic revision; "
                         "write one with 'collegia db revision -m ...':\n" + "\n".join(map(str, diffs)))
    with engine.connect() as conn:
        assert set(migrations.metadata().tables) <= set(inspect(conn).get_table_names())


def test_upgrade_is_idempotent_and_downgrades_to_nothing(engine: Engine) -> None:
    with engine.begin() as conn:
        migrations.upgrade(conn)
    with engine.begin() as conn:
        assert migrations.upgrade(conn) == (migrations.head_revision(), migrations.head_revision())
    with engine.begin() as conn:
        command.downgrade(migrations.alembic_config(conn), "base")
    with engine.connect() as conn:
        assert not set(migrations.metadata().tables) & set(inspect(conn).get_table_names())


def test_a_store_made_before_alembic_is_adopted(settings: Settings, engine: Engine) -> None:
    """Tables created directly from the code (the embedded mode's shortcut) are stamped, not re-created."""
    from web.accounts.store import Accounts
    system = bootstrap(settings)
    Accounts(system.engine)
    system.close()
    with engine.begin() as conn:
        before, after = migrations.upgrade(conn)
    assert (before, after) == (None, migrations.head_revision())
    with engine.connect() as conn:
        assert migrations.differences(conn) == []


def test_a_store_made_by_the_code_of_revision_0002_is_adopted_and_upgraded(settings: Settings, engine: Engine) -> None:
    """Tables created from the code before revision 0003 (no where-changed columns), never stamped:
    adopted at 0002, then upgraded; the caches' positions start where the projections stand."""
    from sqlalchemy import select, text
    from projections import tables as t
    from web.accounts.store import Accounts
    system = bootstrap(settings)
    Accounts(system.engine)
    system.close()
    with engine.begin() as conn:
        for column in ("generation", "changed_at"):
            conn.execute(text(f"ALTER TABLE rm_tracking DROP COLUMN {column}"))
        conn.execute(text("UPDATE rm_tracking SET position = 7"))
    with engine.begin() as conn:
        assert migrations.adopted_revision(conn) == "0002"
        assert migrations.upgrade(conn) == (None, migrations.head_revision())
    with engine.connect() as conn:
        assert migrations.differences(conn) == []
        rows = conn.execute(select(t.tracking.c.position, t.tracking.c.changed_at, t.tracking.c.generation)).all()
    assert rows and all(changed == position == 7 and generation for position, changed, generation in rows)


def test_every_revision_after_the_baseline_has_an_adoption_mark() -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config())
    revisions = {r.revision for r in script.walk_revisions()} - {migrations.BASELINE}
    assert {revision for revision, _ in migrations.ADOPTION_MARKS} == revisions
