"""One engine factory and the schema migrations applied at start.

SQLite is opened in WAL mode with foreign keys on and `synchronous=FULL`: a commit that returned is on
disk, which is what lets the assistant say "stored" only after the commit. The schema is built only
through the Alembic migrations under `crm/migrations`, never with `create_all`.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
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
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.close()

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


HEAD = "0005"  # the newest migration; tests/test_storage.py checks it against Alembic's own head


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
    """The engine for `url`, migrated; cached so every part of one process shares it."""
    engine = make_engine(url)
    migrate(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose objects stay readable after commit; rolled back if the block raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
