"""Store fixtures: every store-level test runs on SQLite and on PostgreSQL.

PostgreSQL tests use a fresh schema each, dropped afterwards. Locally they skip when no
server answers; with CI=true they fail instead, so CI always exercises PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Iterator

import psycopg
import pytest

from governance.sealing import BallotSealer
from infrastructure.config import Settings
from infrastructure.system import System, bootstrap

POSTGRES_URL = os.environ.get("COLLEGIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BALLOT_KEY = BallotSealer.generate_key()


def postgres_available() -> bool:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def require_postgres() -> None:
    if not postgres_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and does not answer at {POSTGRES_URL}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES_URL}")


@pytest.fixture
def make_settings(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator:
    """Factory of settings for a fresh, empty store of the given backend."""
    schemas: list[str] = []

    def make(backend: str) -> Settings:
        if backend == "sqlite":
            directory = tmp_path / uuid.uuid4().hex[:8]
            return Settings(database_url=f"sqlite:///{directory}/collegia.db", instance_dir=directory,
                            ballot_key=BALLOT_KEY)
        request.getfixturevalue("require_postgres")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        schemas.append(schema)
        return Settings(database_url=POSTGRES_URL, schema=schema, instance_dir=tmp_path, ballot_key=BALLOT_KEY)

    yield make
    if schemas:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def system(make_settings, backend: str) -> Iterator[System]:
    """A wired system (app + read models kept current inline) on an empty store."""
    built = bootstrap(make_settings(backend))
    yield built
    built.close()


@pytest.fixture
def old_store(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """A copy of the previous release's embedded store that the test module names as its `FIXTURE` directory
    (tests/fixtures/release-*/): tests upgrade and write the copy, never the fixture itself."""
    store = tmp_path / "store"
    shutil.copytree(request.module.FIXTURE, store)
    return Settings(database_url=f"sqlite:///{store}/collegia.db", instance_dir=store)
