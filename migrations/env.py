"""Alembic environment: configured by `projections.schema` (no alembic.ini needed).

The connection comes from `config.attributes["connection"]` (set by `collegia db ...`), or
else is opened from the `COLLEGIA_*` environment, inside the configured PostgreSQL schema.
"""

from __future__ import annotations

from alembic import context

from migrations import configure_context
from infrastructure.config import Settings
from infrastructure.system import read_model_engine

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        configure_context(context, connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = read_model_engine(config.attributes.get("settings") or Settings.from_env())
    try:
        with engine.begin() as conn:
            configure_context(context, conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Collegia's migrations run online only: use 'collegia db upgrade'.")
run_migrations_online()
