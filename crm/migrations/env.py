"""Alembic environment: runs on the engine handed over by `crm.db.migrate` (or `sqlalchemy.url`)."""
from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

import crm.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    engine = config.attributes.get("engine") or engine_from_config(
        config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite alters tables by copying them
            compare_type=True,
            transactional_ddl=True,  # every migration, and the version row, in one transaction (crm.db)
        )
        with context.begin_transaction():
            context.run_migrations()
            if connection.dialect.name == "sqlite":
                _check_foreign_keys(connection)
        connection.commit()


def _check_foreign_keys(connection: Any) -> None:
    """Foreign keys are off while SQLite's schema changes (crm.db._migration_engine); any row they
    would have refused aborts the whole upgrade instead."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration would break {len(broken)} foreign keys, e.g. {broken[0]}")


run_migrations()
