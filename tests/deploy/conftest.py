"""Deployment tests: the real processes (gunicorn, the projection worker, the CLI) on PostgreSQL.

Like the store tests, they skip locally when no PostgreSQL server answers and fail in CI
(CI=true), each working in a fresh schema dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import psycopg
import pytest

POSTGRES_URL = os.environ.get("COLLEGIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


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
def pg_schema(require_postgres: None) -> Iterator[str]:
    """A fresh PostgreSQL schema name (created by the code under test), dropped afterwards."""
    schema = f"d_{uuid.uuid4().hex[:12]}"
    yield schema
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
