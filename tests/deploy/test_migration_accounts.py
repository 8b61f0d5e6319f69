"""Revision 0004 (account disabling, session generations, login counters) keeps the accounts."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

import migrations
import web.api.tokens  # noqa: F401  (its table beside the accounts, as in the app)
from infrastructure.system import bootstrap
from tests.deploy.test_migrations import engine, settings  # noqa: F401  (the SQLite / PostgreSQL fixtures)
from web.accounts.store import Accounts, users


def test_a_store_made_by_the_code_of_revision_0003_is_adopted_and_keeps_its_accounts(settings, engine):  # noqa: F811
    system = bootstrap(settings)
    accounts = Accounts(system.engine)
    accounts.create_user("ancienne@pole.example", "Ancienne", "Ancien-mot-2025")
    system.close()
    with engine.begin() as conn:  # the account tables as the code of revision 0003 made them
        conn.execute(text("DROP TABLE web_login_attempts"))
        for column in ("session_generation", "is_active"):
            conn.execute(text(f"ALTER TABLE web_users DROP COLUMN {column}"))
        conn.execute(text("CREATE TABLE web_login_failures (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL, "
                          "ip VARCHAR(64) NOT NULL, at TIMESTAMP NOT NULL)"))
        conn.execute(text("CREATE INDEX ix_web_login_failures_email ON web_login_failures (email)"))
        conn.execute(text("CREATE INDEX ix_web_login_failures_ip ON web_login_failures (ip)"))
    with engine.begin() as conn:
        assert migrations.adopted_revision(conn) == "0003"
        assert migrations.upgrade(conn) == (None, migrations.head_revision())
    with engine.connect() as conn:
        assert migrations.differences(conn) == []
        assert not inspect(conn).has_table("web_login_failures")
        row = conn.execute(select(users.c.email, users.c.is_active, users.c.session_generation)).one()
    assert tuple(row) == ("ancienne@pole.example", True, 0)
