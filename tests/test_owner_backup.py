"""An owner's backup holds their business and nothing of anyone else's, and restores only into it."""
from __future__ import annotations

import sqlite3
from datetime import timedelta
from decimal import Decimal

import pytest

from crm.db import session_scope
from crm.errors import CrmError
from crm.io.backup import backup, restore
from crm.io.owner_backup import backup_owner, restore_owner
from crm.money import Money
from crm.services import customers, records
from crm.services.oplog import Recorder, Source
from crm.services.pairing import new_code
from crm.types import utcnow

A_SECRETS = ("alice.secret@example.com", "+4915112345678", "Alice Geheim")


def fill(engine, owner_id: int, name: str, email: str, phone: str, amount: str) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        rec = Recorder(session, owner_id, Source("seed"), "seed", now=utcnow())
        customer = customers.add_customer(session, owner_id, rec, name=name, email=email, phone=phone)
        records.log_order(session, owner_id, rec, customer_id=customer.id, money=Money(Decimal(amount), "EUR"),
                          occurred_at=now - timedelta(days=3), description="bread")
        records.log_interaction(session, owner_id, rec, customer_id=customer.id, kind="call", occurred_at=now)
        records.add_followup(session, owner_id, rec, customer_id=customer.id, due_at=now + timedelta(days=2), has_time=False,
                             note="call back")
        records.add_followup(session, owner_id, rec, customer_id=None, due_at=now + timedelta(days=1), has_time=False,
                             note=f"order flour for {name}")  # the owner's own to-do, about no customer
        records.add_feedback(session, owner_id, rec, customer_id=customer.id, occurred_at=now, score=Decimal(9), scale=10)
        rec.commit("seed")


def business(engine, owner_id: int) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        return {
            "customers": raw.execute("SELECT name, email, phone FROM customer WHERE owner_id = ? ORDER BY name", (owner_id,)).fetchall(),
            "orders": raw.execute("SELECT c.name, o.amount_minor, o.description, o.occurred_at FROM orders o "
                                  "JOIN customer c ON c.id = o.customer_id WHERE o.owner_id = ? ORDER BY 2", (owner_id,)).fetchall(),
            "interactions": raw.execute("SELECT kind FROM interaction WHERE owner_id = ?", (owner_id,)).fetchall(),
            "followups": raw.execute("SELECT note, due_at FROM followup WHERE owner_id = ?", (owner_id,)).fetchall(),
            "feedback": raw.execute("SELECT score FROM feedback WHERE owner_id = ?", (owner_id,)).fetchall(),
        }


@pytest.fixture
def two_businesses(engine, owner_id, other_owner_id):
    fill(engine, owner_id, "Alice Geheim", A_SECRETS[0], A_SECRETS[1], "45")
    fill(engine, other_owner_id, "Bruno Brot", "bruno@example.com", "+4915199999999", "12")
    with session_scope(engine) as session:
        new_code(session, utcnow())
    return owner_id, other_owner_id


def test_an_owner_backup_holds_their_business_and_nothing_of_anyone_else(engine, two_businesses, tmp_path):
    a, b = two_businesses
    target = tmp_path / "b.sqlite"
    backup_owner(engine, b, target)
    raw = target.read_bytes()
    assert not any(secret.encode() in raw for secret in A_SECRETS)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT key FROM owner").fetchall() == [("tg:2",)]
        assert conn.execute("SELECT count(*) FROM pairing_code").fetchall() == [(0,)]
        assert conn.execute("SELECT count(*) FROM operation").fetchall() == [(0,)]
        for table, count in (("customer", 1), ("orders", 1), ("interaction", 1), ("followup", 2), ("feedback", 1)):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchall() == [(count,)], table  # a follow-up and a to-do
    assert not (tmp_path / "b.sqlite-wal").exists()


def test_restoring_an_owner_backup_brings_back_their_business_and_touches_no_one_else(engine, two_businesses, tmp_path):
    a, b = two_businesses
    saved = business(engine, b)
    backup_owner(engine, b, tmp_path / "b.sqlite")
    fill(engine, b, "Carla Neu", "carla@example.com", "+4915188888888", "99")  # changes after the backup
    fill(engine, a, "Alice Zwei", "alice2@example.com", "+4915177777777", "7")
    a_now = business(engine, a)
    restored = restore_owner(engine, b, tmp_path / "b.sqlite")
    assert (restored.customers, restored.orders, restored.followups) == (1, 1, 2)
    assert business(engine, b) == saved
    assert business(engine, a) == a_now


def test_a_backup_of_another_business_is_refused_and_nothing_changes(engine, two_businesses, tmp_path):
    a, b = two_businesses
    backup_owner(engine, a, tmp_path / "a.sqlite")
    before = business(engine, b)
    with pytest.raises(CrmError, match="another business"):
        restore_owner(engine, b, tmp_path / "a.sqlite")
    assert business(engine, b) == before


@pytest.mark.parametrize("content", [b"customer,date,amount\n", b"SQLite format 3\x00" + b"\x07" * 5000])
def test_a_file_that_is_no_owner_backup_is_refused_plainly(engine, two_businesses, tmp_path, content):
    _a, b = two_businesses
    before = business(engine, b)
    (tmp_path / "x.sqlite").write_bytes(content)
    with pytest.raises(CrmError):
        restore_owner(engine, b, tmp_path / "x.sqlite")
    assert business(engine, b) == before


def test_the_operators_whole_database_backup_is_not_an_owner_backup(engine, two_businesses, tmp_path):
    a, b = two_businesses
    backup(engine, tmp_path / "all.sqlite")
    with pytest.raises(CrmError, match="not a backup made with /backup"):
        restore_owner(engine, b, tmp_path / "all.sqlite")
    backup_owner(engine, b, tmp_path / "b.sqlite")
    with pytest.raises(CrmError, match="one owner's business"):
        restore(engine, tmp_path / "b.sqlite")
    assert business(engine, a)["customers"] == [("Alice Geheim", A_SECRETS[0], A_SECRETS[1])]
