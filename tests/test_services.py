"""Domain services on a real SQLite file: owner scoping, matching, duplicates, redelivery, undo."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from crm.db import session_scope
from crm.errors import CannotUndo, Invalid, NotFound
from crm.models import Customer, Operation, Order
from crm.money import Money
from crm.services import customers, records, reports
from crm.services.oplog import Recorder, Source, undo
from crm.types import utcnow

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)


def add(engine, owner_id, name, source=None, **fields):
    with session_scope(engine) as s:
        rec = Recorder(s, owner_id, source or Source("test"), "add_customer", now=utcnow())
        c = customers.add_customer(s, owner_id, rec, name=name, **fields)
        rec.commit(f"added {name}")
        return c.id


def order(engine, owner_id, cid, amount, when, source=None):
    with session_scope(engine) as s:
        rec = Recorder(s, owner_id, source or Source("test"), "log_order", now=utcnow())
        records.log_order(s, owner_id, rec, customer_id=cid, money=Money(Decimal(amount), "EUR"), occurred_at=when)
        return rec.commit("order")


def count(engine, model):
    with session_scope(engine) as s:
        return len(s.exec(select(model)).all())


def test_phone_is_stored_in_e164_with_the_owner_region(engine, owner_id):
    cid = add(engine, owner_id, "Bäckerei Huber", phone="089 123456", email="Info@Huber.DE")
    with session_scope(engine) as s:
        c = customers.get_customer(s, owner_id, cid)
        assert (c.phone, c.email) == ("+4989123456", "info@huber.de")


def test_bad_phone_or_email_is_refused_in_words(engine, owner_id):
    with pytest.raises(Invalid, match="phone"):
        add(engine, owner_id, "X", phone="12")
    with pytest.raises(Invalid, match="email"):
        add(engine, owner_id, "X", email="not-an-email")
    assert count(engine, Customer) == 0


def test_matching_exact_partial_typo_and_ambiguous(engine, owner_id):
    for name in ("Anna Schmidt", "Anna Lee", "Marcus Hill"):
        add(engine, owner_id, name)
    with session_scope(engine) as s:
        assert [c.name for c in customers.match_customers(s, owner_id, "anna schmidt")] == ["Anna Schmidt"]
        assert [c.name for c in customers.match_customers(s, owner_id, "Anna")] == ["Anna Lee", "Anna Schmidt"]
        typo = customers.match_customers(s, owner_id, "Marcus Hil")
        assert typo[0].name == "Marcus Hill" and not typo[0].exact
        assert customers.match_customers(s, owner_id, "Zed") == []


def test_duplicates_by_phone_email_or_normalized_name(engine, owner_id):
    cid = add(engine, owner_id, "Ida Berg", phone="+49 160 5550123", email="ida@berg.de")
    with session_scope(engine) as s:
        assert customers.find_duplicate(s, owner_id, phone="+491605550123").id == cid
        assert customers.find_duplicate(s, owner_id, email="ida@berg.de").id == cid
        assert customers.find_duplicate(s, owner_id, name="  IDA   berg ").id == cid
        assert customers.find_duplicate(s, owner_id, name="Ída Berg").id == cid
        assert customers.find_duplicate(s, owner_id, name="Ida Bergmann") is None


def test_owners_never_see_each_other(engine, owner_id, other_owner_id):
    cid = add(engine, owner_id, "Anna Schmidt")
    order(engine, owner_id, cid, "45", NOW)
    with session_scope(engine) as s:
        with pytest.raises(NotFound):
            customers.get_customer(s, other_owner_id, cid)
        assert customers.match_customers(s, other_owner_id, "Anna") == []
        assert reports.sales(s, other_owner_id, NOW - timedelta(days=1), NOW + timedelta(days=1)).orders == 0
        assert reports.top_customers(s, other_owner_id) == []
        rec = Recorder(s, other_owner_id, Source("test"), "log_order", now=utcnow())
        with pytest.raises(NotFound):
            records.log_order(s, other_owner_id, rec, customer_id=cid, money=Money(Decimal(1), "EUR"), occurred_at=NOW)


def test_redelivered_message_is_applied_once(engine, owner_id):
    cid = add(engine, owner_id, "Anna")
    first, fresh1 = order(engine, owner_id, cid, "45", NOW, Source("telegram", "77"))
    again, fresh2 = order(engine, owner_id, cid, "45", NOW, Source("telegram", "77"))
    assert (fresh1, fresh2) == (True, False) and again.id == first.id
    assert count(engine, Order) == 1


def test_undo_reverses_exactly_the_last_operation(engine, owner_id):
    cid = add(engine, owner_id, "Anna")
    order(engine, owner_id, cid, "10", NOW)
    order(engine, owner_id, cid, "20", NOW)
    with session_scope(engine) as s:
        undone = undo(s, owner_id, Source("test", "u1"), now=utcnow())
        assert undone.intent == "log_order"
        left = [o.amount_minor for o in s.exec(select(Order)).all()]
    assert left == [1000]


def test_redelivered_undo_does_not_undo_twice(engine, owner_id):
    cid = add(engine, owner_id, "Anna")
    order(engine, owner_id, cid, "10", NOW)
    order(engine, owner_id, cid, "20", NOW)
    with session_scope(engine) as s:
        a = undo(s, owner_id, Source("telegram", "9"), now=utcnow())
        b = undo(s, owner_id, Source("telegram", "9"), now=utcnow())
    assert a.id == b.id and count(engine, Order) == 1


def test_undo_of_an_update_restores_the_old_values(engine, owner_id):
    cid = add(engine, owner_id, "Anna", city="Berlin", tags="vip")
    with session_scope(engine) as s:
        rec = Recorder(s, owner_id, Source("test"), "update_customer", now=utcnow())
        customers.update_customer(s, owner_id, rec, cid, city="Hamburg", tags="wholesale")
        rec.commit("moved")
    with session_scope(engine) as s:
        assert customers.get_customer(s, owner_id, cid).tags == "vip,wholesale"
        undo(s, owner_id, Source("test", "u"), now=utcnow())
        c = customers.get_customer(s, owner_id, cid)
        assert (c.city, c.tags) == ("Berlin", "vip")


def test_undo_refuses_when_later_records_depend_on_it(engine, owner_id):
    cid = add(engine, owner_id, "Anna")
    order(engine, owner_id, cid, "10", NOW)
    with session_scope(engine) as s:
        first = s.exec(select(Operation)).first()
        with pytest.raises(CannotUndo):
            undo(s, owner_id, Source("test", "u"), operation_id=first.id, now=utcnow())  # the customer has an order now
    assert count(engine, Customer) == 1 and count(engine, Order) == 1


def test_nothing_to_undo_says_so(engine, owner_id):
    with session_scope(engine) as s, pytest.raises(CannotUndo, match="nothing to undo"):
        undo(s, owner_id, Source("test", "u"), now=utcnow())


def test_order_validation(engine, owner_id):
    cid = add(engine, owner_id, "Anna")
    with pytest.raises(Invalid, match="negative"):
        order(engine, owner_id, cid, "-5", NOW)
    with pytest.raises(Invalid, match="future"):
        order(engine, owner_id, cid, "5", utcnow() + timedelta(days=3))
    assert count(engine, Order) == 0


def test_logging_a_call_closes_the_follow_up_that_was_due(engine, owner_id):
    cid = add(engine, owner_id, "Tom")
    with session_scope(engine) as s:
        rec = Recorder(s, owner_id, Source("test"), "add_followup", now=utcnow())
        records.add_followup(s, owner_id, rec, customer_id=cid, due_at=utcnow() - timedelta(hours=1), has_time=True)
        records.add_followup(s, owner_id, rec, customer_id=cid, due_at=utcnow() + timedelta(days=14), has_time=False)
        rec.commit("two follow-ups")
    with session_scope(engine) as s:
        rec = Recorder(s, owner_id, Source("test"), "log_interaction", now=utcnow())
        _, closed = records.log_interaction(s, owner_id, rec, customer_id=cid, kind="call", occurred_at=utcnow(),
                                            closes_due_before=utcnow() + timedelta(hours=2))
        rec.commit("called")
        assert len(closed) == 1
        assert len(records.open_followups(s, owner_id, cid)) == 1  # the one in two weeks stays


def test_sales_and_top_customers_sum_exactly_per_currency(engine, owner_id):
    a, b = add(engine, owner_id, "Anna"), add(engine, owner_id, "Bob")
    for amount in ("0.10", "0.20", "0.70"):
        order(engine, owner_id, a, amount, NOW)
    order(engine, owner_id, b, "0.99", NOW)
    with session_scope(engine) as s:
        report = reports.sales(s, owner_id, NOW - timedelta(hours=1), NOW + timedelta(hours=1))
        assert report.totals == [Money(Decimal("1.99"), "EUR")] and (report.orders, report.customers) == (4, 2)
        top = reports.top_customers(s, owner_id)
        assert [(t.name, t.total.amount) for t in top] == [("Anna", Decimal("1.00")), ("Bob", Decimal("0.99"))]


def test_at_risk_lists_the_lapsed_regular_with_exact_spend(engine, owner_id):
    from crm.services import insights

    regular, lapsed, once = add(engine, owner_id, "Regular"), add(engine, owner_id, "Lapsed"), add(engine, owner_id, "Once")
    start = utcnow() - timedelta(days=200)
    for week in range(0, 28, 2):  # every two weeks until recently
        order(engine, owner_id, regular, "20", start + timedelta(days=7 * week))
    for week in range(0, 12, 2):  # every two weeks, then silence for ~4 months
        order(engine, owner_id, lapsed, "30.10", start + timedelta(days=7 * week))
    order(engine, owner_id, once, "500", utcnow() - timedelta(days=3))
    with session_scope(engine) as s:
        flagged = insights.at_risk(s, owner_id, utcnow())
        again = insights.at_risk(s, owner_id, utcnow())  # from the cache
    assert [r.name for r in flagged] == ["Lapsed"] and again == flagged
    assert flagged[0].usual_gap_days == 14 and flagged[0].spent == Money(Decimal("180.60"), "EUR")
    assert flagged[0].orders == 6 and flagged[0].days_since > 100


def test_a_removed_customer_disappears_but_their_history_counts_and_undo_brings_them_back(engine, owner_id):
    cid = add(engine, owner_id, "Anna Schmidt")
    order(engine, owner_id, cid, "45", NOW)
    with session_scope(engine) as s:
        rec = Recorder(s, owner_id, Source("test"), "remove_customer", now=utcnow())
        customers.remove_customer(s, owner_id, rec, cid)
        rec.commit("removed Anna")
    with session_scope(engine) as s:
        assert customers.match_customers(s, owner_id, "Anna") == []
        with pytest.raises(NotFound):
            customers.get_customer(s, owner_id, cid)
        assert reports.top_customers(s, owner_id) == []
        assert reports.sales(s, owner_id, NOW - timedelta(hours=1), NOW + timedelta(hours=1)).orders == 1
        undo(s, owner_id, Source("test", "u"), now=utcnow())
        assert customers.get_customer(s, owner_id, cid).name == "Anna Schmidt"


def test_side_remarks_never_wait_for_the_models(engine, owner_id):
    import time as clock

    from crm.services import insights

    anna = add(engine, owner_id, "Anna")
    for week in range(10):
        order(engine, owner_id, anna, "20", utcnow() - timedelta(weeks=10 - week))
    with session_scope(engine) as s:
        assert insights.outlook(s, owner_id, anna, utcnow()) is None  # nothing computed yet: no waiting
    deadline = clock.time() + 20
    while True:  # the refresh it started in the background arrives
        with session_scope(engine) as s:
            seen = insights.outlook(s, owner_id, anna, utcnow())
        if seen is not None or clock.time() > deadline:
            break
        clock.sleep(0.05)
    assert seen is not None and seen.stage in {"loyal", "active", "cooling"} and 0 <= seen.risk <= 1
