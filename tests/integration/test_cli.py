"""The `collegia` command as an operator uses it."""

from __future__ import annotations

from click.testing import CliRunner

from projections.queries import Queries
from projections.system import bootstrap
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
