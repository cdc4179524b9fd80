"""One engine factory and the schema migrations applied at start.

SQLite is opened in WAL mode with foreign keys on and `synchronous=FULL`: a commit that returned is on
disk, which is what lets the assistant say "stored" only after the commit. The schema is built only
through the Alembic migrations under `crm/migrations`, never with `create_all`.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from crm.errors import CrmError


def _sqlite_pragmas(dbapi_conn: Any, _record: Any, foreign_keys: bool = True) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    """A new engine for `url`; SQLite connections get the pragmas above on every connect."""
    is_sqlite = url.startswith("sqlite")
    engine = create_engine(url, connect_args={"check_same_thread": False} if is_sqlite else {})
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _migration_engine(url: str) -> Engine:
    """An engine whose transactions really wrap DDL, so a migration killed half-way leaves nothing.

    Python's sqlite3 module begins a transaction only before INSERT/UPDATE/DELETE, so CREATE TABLE and
    ALTER TABLE ran in autocommit: a kill during the first start left some tables and no version row,
    and every later start failed on "table owner already exists". Here the driver's own transaction
    handling is off and every transaction starts with BEGIN IMMEDIATE (SQLAlchemy's documented recipe
    for pysqlite), which also makes a second process that starts at the same moment wait, then find
    the schema done. Foreign keys are off during the change, as SQLite's ALTER TABLE procedure asks
    (a table rebuilt by batch mode must not cascade), and checked before the commit instead.
    """
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None
        _sqlite_pragmas(dbapi_conn, record, foreign_keys=False)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config  # imported when used: `solocrm parse` never opens a database

    cfg = Config()
    cfg.set_main_option("script_location", "crm:migrations")
    cfg.attributes["engine"] = engine
    return cfg


HEAD = "0009"  # the newest migration; tests/test_storage.py checks it against Alembic's own head


def current_revision(engine: Engine) -> str | None:
    """The schema's migration, read with one query (None for an empty database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration, all of it or nothing. Alembic is imported only when
    there is something to do: it costs every CLI command 0.3 s otherwise."""
    if current_revision(engine) == HEAD:
        return
    from alembic import command

    url = engine.url.render_as_string(hide_password=False)
    migrator = _migration_engine(url) if engine.dialect.name == "sqlite" else engine
    try:
        command.upgrade(alembic_config(migrator), "head")
    finally:
        if migrator is not engine:
            migrator.dispose()


@lru_cache(maxsize=8)
def open_database(url: str) -> Engine:
    """The engine for `url`, migrated; cached so every part of one process shares it. A process that
    opens a SQLite file holds a shared lock on it for its life (see `sole_user`)."""
    engine = make_engine(url)
    _in_use(engine)
    migrate(engine)
    return engine


_LOCKS: dict[str, int] = {}


def _in_use(engine: Engine) -> int | None:
    """This process's shared lock on the SQLite file behind `engine` (None for other databases)."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        return None
    key = os.path.realpath(path)
    if key not in _LOCKS:
        if not os.path.isdir(os.path.dirname(key)):
            raise CrmError(f"I can't open the database {path}: the folder {os.path.dirname(key)} does not exist.")
        _LOCKS[key] = os.open(f"{key}.inuse", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(_LOCKS[key], fcntl.LOCK_SH)
    return _LOCKS[key]


@contextmanager
def sole_user(engine: Engine, what: str) -> Iterator[None]:
    """Run a block only while no other process has the database open, else CrmError.

    A restore replaces the file under every process that has it open: writes they acknowledged after
    it started were silently dropped. Each process holds a shared lock for as long as it runs (the bot,
    a chat); this asks for it exclusively, without waiting, and gives it back shared afterwards."""
    fd = _in_use(engine)
    if fd is None:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fcntl.flock(fd, fcntl.LOCK_SH)  # a failed conversion drops the shared lock on Linux: take it back
        raise CrmError(f"The database is in use by another Solo CRM process (the bot or a chat). Stop it first, "
                       f"then {what} again.") from None
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_SH)


STORAGE_PROBLEMS = {  # the SQLite error name, the PostgreSQL SQLSTATE, and what the owner is told
    "full": (("SQLITE_FULL",), ("53100",), "the disk is full. Free some space, then try again."),
    "read-only": (("SQLITE_READONLY",), ("25006",), "the database is read-only (check the file's permissions)."),
    "unopenable": (("SQLITE_CANTOPEN",), (), "the database file can't be opened (check its folder and permissions)."),
}


def storage_problem(error: BaseException) -> str | None:
    """A plain sentence for a database error the owner can act on (a full disk, a read-only or
    unopenable file), or None for any other error."""
    orig = getattr(error, "orig", error)
    name, code = getattr(orig, "sqlite_errorname", ""), getattr(orig, "pgcode", "")
    for sqlite_names, pg_codes, sentence in STORAGE_PROBLEMS.values():
        if name in sqlite_names or code in pg_codes:
            return f"I couldn't store that: {sentence} Nothing was stored."
    return None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back if it raises. Services only add,
    change and flush; the caller's block (a turn of the dialogue, a CLI command, a scheduler job)
    commits once, so what one action changes is stored whole or not at all. Objects stay readable
    after the commit."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        session.commit()


def write_lock(session: Session, owner_id: int, busy: str) -> None:
    """Hold the database write lock for the rest of `session`'s transaction; take it before the first read.

    Why: an import reads what is stored and then inserts what is not. pysqlite runs reads outside any
    transaction, so two imports of one file both read "nothing stored yet" and both insert it. Locking
    first makes the read and the write one step: the second import waits, then finds the first one's rows.
    SQLite has one writer at a time (`BEGIN IMMEDIATE`, waiting up to the busy timeout); PostgreSQL locks
    the owner's row, which serializes this owner's imports. A transaction that has already written holds
    the lock. If the lock cannot be had in time, CrmError(`busy`) and the transaction is rolled back.
    """
    from sqlalchemy.exc import OperationalError

    connection = session.connection()
    try:
        if connection.dialect.name == "sqlite":
            if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
                connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL lock_timeout = '10s'")
            connection.execute(text("SELECT id FROM owner WHERE id = :id FOR UPDATE"), {"id": owner_id})
    except OperationalError:
        session.rollback()
        raise CrmError(busy) from None
