"""The `collegia` command as an operator uses it."""

from __future__ import annotations

from click.testing import CliRunner

import migrations

from projections.queries import Queries
from infrastructure.system import bootstrap
from tests.integration.helpers import dump_read_models
from web.cli import main


def _env(settings):
    return {"COLLEGIA_DATABASE_URL": settings.database_url, "COLLEGIA_INSTANCE_DIR": str(settings.instance_dir),
            "COLLEGIA_DB_SCHEMA": settings.schema or ""}


def test_init_demo_rebuild_export_import(make_settings, backend, tmp_path):
    source = make_settings(backend)
    runner = CliRunner()
    for args in (["init"], ["demo"]):
        result = runner.invoke(main, args, env=_env(source))
        assert result.exit_code == 0, result.output
    assert "Drôme Coopère" in result.output
    again = runner.invoke(main, ["demo"], env=_env(source))
    assert "already holds events" in again.output

    rebuilt = runner.invoke(main, ["rebuild"], env=_env(source))
    assert rebuilt.exit_code == 0 and "Rebuilt the read models from" in rebuilt.output

    export_file = tmp_path / "log.jsonl"
    exported = runner.invoke(main, ["export", str(export_file)], env=_env(source))
    assert exported.exit_code == 0, exported.output
    target = make_settings("sqlite")
    imported = runner.invoke(main, ["import", str(export_file)], env=_env(target))
    assert imported.exit_code == 0, imported.output
    refused = runner.invoke(main, ["import", str(export_file)], env=_env(target))
    assert refused.exit_code != 0 and "empty store" in refused.output

    a, b = bootstrap(source), bootstrap(target)
    assert dump_read_models(a) == dump_read_models(b)
    assert Queries(b.engine).poles()[0]["name"] == "Drôme Coopère"
    a.close()
    b.close()


def test_init_upgrades_a_store_made_by_earlier_code(make_settings, backend):
    """`make run` after a code update: `collegia init` brings the store's read-model tables to the
    latest revision, and the pages' queries work on it (here: a store of revision 0002's code,
    which had no `changed_at` or `generation` in its tracking rows)."""
    from sqlalchemy import text
    settings = make_settings(backend)
    runner = CliRunner()
    for args in (["init"], ["demo"]):
        assert runner.invoke(main, args, env=_env(settings)).exit_code == 0
    system = bootstrap(settings)
    with system.engine.begin() as conn:
        for column in ("generation", "changed_at"):
            conn.execute(text(f"ALTER TABLE rm_tracking DROP COLUMN {column}"))
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))  # the embedded store was never stamped
    system.close()

    result = runner.invoke(main, ["init"], env=_env(settings))
    assert result.exit_code == 0, result.output
    assert f"schema revision {migrations.head_revision()}" in result.output
    system = bootstrap(settings)
    try:
        pole = Queries(system.engine).poles()[0]["id"]
        assert "Commune de Crest" in {m["name"] for m in Queries(system.engine).members(pole)}
    finally:
        system.close()
