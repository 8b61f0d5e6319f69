"""The composition root: builds the application, its stores and its projections from settings."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from governance.application import Collegia
from infrastructure.application import StoredCollegia
from governance.sealing import BallotSealer
from infrastructure.config import Settings
from projections.projector import Projector

logger = logging.getLogger(__name__)

# Connections the embedded store's read-model pool keeps open: gunicorn's threads (4 by default)
# or the development server's, two each. Beyond them the pool opens more instead of waiting.
SQLITE_POOL_SIZE = 16


@dataclass
class System:
    """One process's wiring: the event-sourced application and its read models."""

    settings: Settings
    app: Collegia
    engine: Engine
    projector: Projector

    def close(self) -> None:
        self.app.close()
        self.engine.dispose()


def read_model_engine(settings: Settings, create_schema: bool = True) -> Engine:
    """SQLAlchemy engine for the read models (WAL SQLite, or PostgreSQL in the configured schema)."""
    url = settings.read_model_url()
    if not settings.is_postgres:
        # A web request holds one connection for its reads and takes a second one to write (a login,
        # a command's inline catch-up): with a bounded pool, as many requests as connections could
        # each hold one and wait for a second until the pool timed out (SQLAlchemy's default, 5 + 10,
        # gave 500s to 16 simultaneous logins). The pool keeps SQLITE_POOL_SIZE connections open and
        # opens more when needed, never making a request wait for one (a SQLite connection is a file
        # handle); SQLite itself queues writers, one at a time, each waiting up to `timeout` seconds.
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=SQLITE_POOL_SIZE, max_overflow=-1)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
        return engine
    options = {"options": f"-csearch_path={settings.schema}"} if settings.schema else {}
    engine = create_engine(url, connect_args=options, pool_size=8, max_overflow=16, pool_pre_ping=True)
    if settings.schema and create_schema:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{settings.schema}"'))
    return engine


def bootstrap(settings: Settings | None = None, *, create_key: bool = False, project_inline: bool | None = None,
              create_tables: bool | None = None) -> System:
    """Wire everything; with `project_inline`, read models catch up after every command.

    Both default to the settings: inline projections and table creation in the embedded
    mode; in worker mode neither (the `collegia project` worker keeps the read models
    current, and only the setup step creates tables)."""
    settings = settings or Settings.from_env()
    create = settings.create_tables if create_tables is None else create_tables
    inline = settings.projects_inline if project_inline is None else project_inline
    # Creates the PostgreSQL schema before the event store uses it.
    engine = read_model_engine(settings, create_schema=create)
    sealer = BallotSealer(settings.load_ballot_key(create=create_key))
    app = StoredCollegia(env=settings.event_store_env(create_tables=create), sealer=sealer)
    if settings.is_postgres:
        _recover_quickly_after_a_database_restart(app)
    projector = Projector(app, engine)
    if create:
        projector.create_tables()
    if inline:
        app.subscribe(projector.catch_up)
    return System(settings=settings, app=app, engine=engine, projector=projector)


def _recover_quickly_after_a_database_restart(app: Collegia) -> None:
    """Discard every dead pooled connection at once when one fails its pre-ping.

    psycopg_pool checks the connection it hands out and, if it is dead, tries the next one
    after waiting 1, 2, 4, 8… s: after a PostgreSQL restart, the first command would wait
    some 30 s for the eight dead connections of the event store's pool to be dropped one by
    one. On the first failed check we check the whole pool in the background instead, so
    the next attempt (one second later) gets a fresh connection."""
    pool = getattr(getattr(app.recorder, "datastore", None), "pool", None)
    check = getattr(pool, "_check", None)
    if pool is None or check is None:
        return
    flushing = threading.Lock()

    def flush() -> None:
        try:
            pool.check()
        except Exception:
            logger.exception("checking the event store's connections failed")
        finally:
            flushing.release()

    def checked(conn: Any) -> None:
        try:
            check(conn)
        except Exception:
            if flushing.acquire(blocking=False):
                threading.Thread(target=flush, name="pool-check", daemon=True).start()
            raise

    pool._check = checked
