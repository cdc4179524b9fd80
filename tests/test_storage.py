"""The schema comes only from the migrations, and SQLite is opened the safe way."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import crm.models  # noqa: F401


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_the_known_head_is_alembics_head(engine):
    """`migrate` skips Alembic when the database is at HEAD, so HEAD must be the newest migration."""
    from alembic.script import ScriptDirectory

    from crm.db import HEAD, alembic_config, current_revision

    assert ScriptDirectory.from_config(alembic_config(engine)).get_current_head() == HEAD == current_revision(engine)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(engine):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_foreign_keys_are_enforced(engine):
    import pytest
    import sqlalchemy.exc

    with engine.begin() as conn, pytest.raises(sqlalchemy.exc.IntegrityError):
        conn.execute(text("INSERT INTO interaction (owner_id, customer_id, kind, occurred_at, created_at) "
                          "VALUES (999, 999, 'call', '2026-01-01', '2026-01-01')"))
