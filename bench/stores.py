"""A throw-away store in worker mode for the profiling commands (bench/profile_vote.py, bench/worker_rounds.py)."""

from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import psycopg

from governance.sealing import BallotSealer
from infrastructure.config import Settings
from infrastructure.system import System, bootstrap

POSTGRES_URL = os.environ.get("COLLEGIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def throwaway_system(backend: str) -> Iterator[System]:
    """A system on an empty store (SQLite in a temporary directory, or a PostgreSQL schema dropped afterwards), in
    worker mode as in production: the read models are written only by what the caller runs."""
    schema = f"bench_tmp_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as directory:
        common = {"instance_dir": Path(directory), "projections": "worker", "secret": "bench",
                  "ballot_key": BallotSealer.generate_key()}
        if backend == "postgresql":
            settings = Settings(database_url=POSTGRES_URL, schema=schema, **common)
        else:
            settings = Settings(database_url=f"sqlite:///{directory}/collegia.db", **common)
        try:
            bootstrap(settings, create_tables=True).close()
            system = bootstrap(settings, project_inline=False)
            try:
                yield system
            finally:
                system.close()
        finally:
            if backend == "postgresql":
                with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
