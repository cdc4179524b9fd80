"""One owner's business as a file of its own: what `/backup` sends and what sending it back restores.

The operator's `solocrm backup` copies the whole database, every owner in it; an owner must never
receive that. An owner backup is a new SQLite file built through the same migrations, holding that
owner's settings, customers, orders, interactions, follow-ups and feedback, and nothing of anyone else:
no other owner, no pairing codes, no operation log. A table `solocrm_backup` names whose business it is.

Restoring replaces that owner's business with the file's, in one transaction, and only theirs: rows
get new ids (other owners' rows may have taken the old ones), customers are matched to their orders
through the file, and a file of another owner's business is refused. The undo history and open
questions of the owner go (they name rows that no longer exist); the caller keeps a backup of what was
there before, so a restore can itself be undone by restoring that file.
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from crm.db import current_revision, make_engine, migrate, session_scope
from crm.errors import CrmError
from crm.models import CUSTOMER_RECORDS, Customer, FollowUp, Operation, Owner, Pending
from crm.services.owners import SETTINGS
from crm.types import utcnow

MARKER = "solocrm_backup"
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Restored:
    customers: int
    orders: int
    interactions: int
    followups: int
    feedback: int

    def describe(self) -> str:
        return (f"Restored your business from the backup: {self.customers:,} customers, {self.orders:,} orders, "
                f"{self.interactions:,} interactions, {self.followups:,} follow-ups, {self.feedback:,} feedback.")


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


def _rows(connection: Connection, model: Any, owner_id: int) -> list[dict[str, Any]]:
    table = _table(model)
    query = select(table).where(table.c.owner_id == owner_id).order_by(table.c.id)
    return [dict(row) for row in connection.execute(query).mappings()]


def backup_owner(engine: Engine, owner_id: int, target: Path) -> None:
    """Write owner `owner_id`'s business, and only theirs, to a new SQLite file `target`."""
    target.unlink(missing_ok=True)
    copy = make_engine(f"sqlite:///{target}")
    try:
        migrate(copy)
        with engine.connect() as source, copy.begin() as sink:
            owner = source.execute(select(_table(Owner)).where(_table(Owner).c.id == owner_id)).mappings().one()
            sink.execute(insert(_table(Owner)), [dict(owner)])
            for model in (Customer, *CUSTOMER_RECORDS):
                rows = _rows(source, model, owner_id)
                if rows:
                    sink.execute(insert(_table(model)), rows)
            sink.execute(text(f"CREATE TABLE {MARKER} (owner_key TEXT NOT NULL, made_at TEXT NOT NULL)"))
            sink.execute(text(f"INSERT INTO {MARKER} VALUES (:key, :at)"), {"key": owner["key"], "at": utcnow().isoformat()})
        with copy.connect() as connection:  # one self-contained file, no -wal beside it
            connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
    finally:
        copy.dispose()


def is_owner_backup(path: Path) -> bool:
    """Whether `path` is a file `backup_owner` wrote (the whole-database restore refuses those)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (MARKER,)).fetchone() is not None
    except sqlite3.DatabaseError:
        return False


def _open_backup(backup_file: Path, workdir: Path) -> Engine:
    """A migrated working copy of the backup (an older backup gets today's schema; the file is untouched)."""
    with backup_file.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise CrmError(f"{backup_file.name} is not a Solo CRM backup (not a SQLite file).")
    if not is_owner_backup(backup_file):
        raise CrmError(f"{backup_file.name} is not a backup made with /backup.")
    working = workdir / "restore.sqlite"
    shutil.copyfile(backup_file, working)
    copy = make_engine(f"sqlite:///{working}")
    try:
        if current_revision(copy) is None:
            raise CrmError(f"{backup_file.name} is not a Solo CRM backup.")
        migrate(copy)
    except (DBAPIError, sqlite3.DatabaseError):
        copy.dispose()
        raise CrmError(f"{backup_file.name} is damaged; I can't read it.") from None
    return copy


def _replace(connection: Connection, owner_id: int, source: Connection, source_owner: dict[str, Any]) -> Restored:
    """Delete the owner's business and insert the backup's in its place, with new ids."""
    for model in (*CUSTOMER_RECORDS, Pending, Operation, Customer):
        connection.execute(delete(_table(model)).where(_table(model).c.owner_id == owner_id))
    settings = {name: source_owner[name] for name in SETTINGS}
    connection.execute(_table(Owner).update().where(_table(Owner).c.id == owner_id).values(**settings))
    new_id: dict[int, int] = {}
    customers = _rows(source, Customer, source_owner["id"])
    for row in customers:
        old = row.pop("id")
        row["owner_id"] = owner_id
        new_id[old] = connection.execute(insert(_table(Customer)).values(**row)).inserted_primary_key[0]
    counts = []
    for model in CUSTOMER_RECORDS:
        rows = _rows(source, model, source_owner["id"])
        for row in rows:
            row.pop("id")
            own = model is FollowUp and row["customer_id"] is None  # the owner's own to-do
            if not own and row["customer_id"] not in new_id:
                raise CrmError("The backup is damaged (a record names a customer it does not hold).")
            row.update(owner_id=owner_id, customer_id=None if own else new_id[row["customer_id"]])
        if rows:
            connection.execute(insert(_table(model)), rows)
        counts.append(len(rows))
    return Restored(len(customers), *counts)


def restore_owner(engine: Engine, owner_id: int, backup_file: Path) -> Restored:
    """Replace owner `owner_id`'s business with the one in `backup_file`, which must be theirs."""
    with tempfile.TemporaryDirectory() as workdir:
        copy = _open_backup(backup_file, Path(workdir))
        try:
            with copy.connect() as source:
                marker = source.execute(text(f"SELECT owner_key FROM {MARKER}")).scalar()
                owners = source.execute(select(_table(Owner)).where(_table(Owner).c.key == marker)).mappings().all()
                if len(owners) != 1:
                    raise CrmError(f"{backup_file.name} is damaged; I can't read it.")
                with session_scope(engine) as session:
                    owner = session.get(Owner, owner_id)
                    if owner is None or owner.key != marker:
                        raise CrmError("That backup is of another business; I only restore your own backups.")
                    connection = session.connection()
                    try:
                        restored = _replace(connection, owner_id, source, dict(owners[0]))
                    except IntegrityError:
                        raise CrmError("The backup is damaged (its records do not fit together).") from None
                    return restored
        finally:
            copy.dispose()
