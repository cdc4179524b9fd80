"""The operator's backup and restore of the whole SQLite database, with SQLite's online backup API
(an owner's own backup is crm.io.owner_backup).

The online backup copies a consistent snapshot while the assistant keeps running (a plain file copy
of a WAL database can miss committed pages still in the -wal file).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine

from crm.db import migrate, sole_user
from crm.errors import CrmError
from crm.io.owner_backup import is_owner_backup


@contextmanager
def _sqlite_connection(engine: Engine) -> Iterator[sqlite3.Connection]:
    """The engine's own sqlite3 connection, returned to the pool afterwards."""
    if engine.dialect.name != "sqlite":
        raise CrmError("Backup and restore work on SQLite; for other databases use their own tools (e.g. pg_dump).")
    raw = engine.raw_connection()
    try:
        yield raw.driver_connection  # type: ignore[misc]
    finally:
        raw.close()


def backup(engine: Engine, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    copy = sqlite3.connect(target)
    try:
        with _sqlite_connection(engine) as source:
            source.backup(copy)
    finally:
        copy.close()


def restore(engine: Engine, backup_file: Path) -> None:
    """Replace the live database with `backup_file`, after checking it is a Solo CRM backup."""
    if not backup_file.is_file():
        raise CrmError(f"There is no file {backup_file}.")
    if is_owner_backup(backup_file):
        raise CrmError(f"{backup_file} holds one owner's business (a /backup from the chat), not a whole database: "
                       "restoring it here would remove every other owner. The owner restores it by sending it to the bot.")
    snapshot = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in snapshot.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "customer", "orders"} <= tables:
            raise CrmError(f"{backup_file} is not a Solo CRM backup.")
        with sole_user(engine, "restore"), _sqlite_connection(engine) as live:
            snapshot.backup(live)
    except sqlite3.DatabaseError:
        raise CrmError(f"{backup_file} is not a SQLite database.") from None
    finally:
        snapshot.close()
    engine.dispose()
    migrate(engine)  # a backup from an older version gets the newer schema
