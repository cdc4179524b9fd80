"""A kill at any statement of a migration leaves a database that opens: the first start on an empty file,
and an upgrade of a database that holds data. Each case runs the migration in a child process that
SIGKILLs itself right after its N-th SQL statement, then opens the file the normal way."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from crm.db import HEAD, alembic_config, current_revision, make_engine, migrate

CHILD = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from crm.db import make_engine, migrate

limit, count = int(sys.argv[2]), 0

@event.listens_for(Engine, "after_cursor_execute")
def _kill(*_args):
    global count
    count += 1
    if count == limit:
        os.kill(os.getpid(), signal.SIGKILL)

migrate(make_engine(f"sqlite:///{sys.argv[1]}"))
print(count)
"""


def run_child(db: Path, kill_after: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(db), str(kill_after)], capture_output=True, text=True)


def statements_of_a_full_run(db: Path) -> int:
    done = run_child(db, 10**9)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def spread(total: int, count: int) -> list[int]:
    """`count` kill points spread over 1..total, always with the first and the last statement."""
    return sorted({1, total, *(1 + i * (total - 1) // (count - 1) for i in range(count))})


def seed_at_0004(db: Path) -> None:
    """A database of the previous release, holding an owner, a customer and an order."""
    engine = make_engine(f"sqlite:///{db}")
    command.upgrade(alembic_config(engine), "0004")
    engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO owner (id, key, display_name, timezone, currency, phone_region, language, digest_time, "
                     "created_at) VALUES (1, 'local', 'Owner', 'UTC', 'EUR', 'DE', 'en', '08:00', '2026-01-01')")
        conn.execute("INSERT INTO customer (id, owner_id, name, name_key, tags, created_at) "
                     "VALUES (1, 1, 'Anna', 'anna', '', '2026-01-01')")
        conn.execute("INSERT INTO orders (owner_id, customer_id, amount_minor, currency, occurred_at, created_at) "
                     "VALUES (1, 1, 4500, 'EUR', '2026-01-02', '2026-01-02')")


def opens_at_head(db: Path) -> None:
    engine = make_engine(f"sqlite:///{db}")
    try:
        migrate(engine)
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


def kill_points(tmp_path: Path, count: int, seeded: bool) -> list[int]:
    probe = tmp_path / "probe.sqlite"
    if seeded:
        seed_at_0004(probe)
    return spread(statements_of_a_full_run(probe), count)


@pytest.mark.parametrize("seeded", [False, True], ids=["first start", "upgrade with data"])
def test_a_kill_at_any_statement_of_a_migration_leaves_a_database_that_opens(tmp_path, seeded):
    for point in kill_points(tmp_path, 6, seeded):
        db = tmp_path / f"killed-{point}.sqlite"
        if seeded:
            seed_at_0004(db)
        killed = run_child(db, point)
        assert killed.returncode == -9, (point, killed.stderr)
        opens_at_head(db)
        if seeded:
            with sqlite3.connect(db) as conn:
                assert conn.execute("SELECT name FROM customer").fetchall() == [("Anna",)]
                assert conn.execute("SELECT amount_minor FROM orders").fetchall() == [(4500,)]
                assert conn.execute("SELECT weekly_day FROM owner").fetchall() == [("mon",)]


@pytest.mark.slow
@pytest.mark.parametrize("seeded", [False, True], ids=["first start", "upgrade with data"])
def test_a_kill_at_every_statement_of_a_migration_leaves_a_database_that_opens(tmp_path, seeded):
    probe = tmp_path / "probe.sqlite"
    if seeded:
        seed_at_0004(probe)
    for point in range(1, statements_of_a_full_run(probe) + 1):
        db = tmp_path / f"killed-{point}.sqlite"
        if seeded:
            seed_at_0004(db)
        assert run_child(db, point).returncode == -9
        opens_at_head(db)


def test_two_processes_starting_at_once_both_find_the_schema_built(tmp_path):
    db = tmp_path / "race.sqlite"
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(10**9)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for child in children:
        _out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    opens_at_head(db)
