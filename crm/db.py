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
    """Bring the schema to the newest migration. Alembic is imported only when there is something to do:
    it costs every CLI command 0.3 s otherwise."""
    if current_revision(engine) == HEAD:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


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
