"""Production settings: worker mode, table creation by the setup step only, events encrypted at rest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from eventsourcing.cryptography import AESCipher

from infrastructure.config import Settings
from infrastructure.system import bootstrap
from infrastructure.worker import ProjectionWorker

STATUTES = {"model": "scic", "colleges": [
    {"code": "a", "name": "Salariés", "share": "40%"},
    {"code": "b", "name": "Usagers", "share": "35%"},
    {"code": "c", "name": "Collectivités", "share": "25%"}]}


def test_embedded_defaults_are_unchanged() -> None:
    settings = Settings.from_env({})
    assert settings.projects_inline and settings.create_tables
    env = settings.event_store_env()
    assert env["CREATE_TABLE"] == "y" and "CIPHER_TOPIC" not in env


def test_worker_mode_creates_no_table_unless_told() -> None:
    settings = Settings.from_env({"COLLEGIA_DATABASE_URL": "postgresql://u:p%40ss@db:5433/collegia",
                                  "COLLEGIA_PROJECTIONS": "worker", "COLLEGIA_POLL_INTERVAL": "2.5"})
    assert not settings.projects_inline and not settings.create_tables and settings.poll_interval == 2.5
    env = settings.event_store_env()
    assert env["CREATE_TABLE"] == "n" and env["POSTGRES_PASSWORD"] == "p@ss" and env["POSTGRES_PORT"] == "5433"
    assert settings.event_store_env(create_tables=True)["CREATE_TABLE"] == "y"  # the setup step
    assert Settings.from_env({"COLLEGIA_PROJECTIONS": "worker", "COLLEGIA_CREATE_TABLES": "1"}).create_tables
    with pytest.raises(ValueError):
        Settings.from_env({"COLLEGIA_PROJECTIONS": "sometimes"})


def test_events_are_encrypted_at_rest(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/c.db", instance_dir=tmp_path, ballot_key=b"b" * 32,
                        event_cipher_key=AESCipher.create_key(32))
    system = bootstrap(settings)
    pole = system.app.found_pole(name="Pôle Chiffré", territory="Ici", legal_form="SCIC", statutes=STATUTES,
                                 actor="admin")
    assert system.app.get_pole(pole).name == "Pôle Chiffré"
    system.close()
    with sqlite3.connect(tmp_path / "c.db") as conn:
        states = [row[0] for row in conn.execute("SELECT state FROM stored_events")]
    assert states and not any("Chiffré".encode() in s or b"statutes" in s for s in states)


def test_worker_mode_projects_only_in_the_worker(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/c.db", instance_dir=tmp_path, ballot_key=b"b" * 32,
                        projections="worker")
    bootstrap(settings, create_tables=True).close()  # the setup step
    web = bootstrap(settings)
    web.app.found_pole(name="Pôle", territory="Ici", legal_form="SCIC", statutes=STATUTES, actor="admin")
    assert set(web.projector.positions().values()) == {0}  # nothing projected by the writing process
    worker = ProjectionWorker(bootstrap(settings), poll_interval=0.05)
    worker.start()
    try:
        from projections.projector import wait_until_projected
        head = web.app.recorder.max_notification_id()
        assert wait_until_projected(web.engine, head, timeout=10)
    finally:
        worker.stop()
        worker.system.close()
        web.close()
