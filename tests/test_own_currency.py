"""Money never vanishes: orders in another currency than the owner's count everywhere, converted at the
ECB rate of their day with the original kept; what cannot be converted is named; the first order in
another currency asks whether it is the owner's."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from crm.db import session_scope
from crm.models import Owner
from crm.money import Money
from crm.services import customers, digests, insights, records, reports
from crm.services.oplog import Recorder, Source
from crm.services.owners import update_settings
from crm.types import utcnow
from tests.talk import NOW


def usd_shop_with_euro_orders(engine, owner_id: int, customers_n: int = 3) -> None:
    with session_scope(engine) as session:
        update_settings(session, owner_id, currency="USD")
        rec = Recorder(session, owner_id, Source("seed"), "seed", now=utcnow())
        for i in range(customers_n):
            person = customers.add_customer(session, owner_id, rec, name=f"Tom Number{i}")
            for week in range(0, 40, 4):
                records.log_order(session, owner_id, rec, customer_id=person.id, money=Money(Decimal(300 + i), "EUR"),
                                  occurred_at=NOW - timedelta(weeks=40 - week))
        rec.commit("seed")


def test_the_first_order_in_another_currency_asks_once_whether_it_is_the_owners(engine, owner_id, chat):
    with session_scope(engine) as session:
        update_settings(session, owner_id, currency="USD")
    chat.say("new customer Tom Baker")
    question = chat.say("Tom Baker bought a table for 300 eur")
    assert question.text == "Your currency is set to USD, and this order is in EUR. Make EUR your currency?"
    assert chat.say("yes").text.startswith("Logged order: Tom Baker, EUR 300.00")
    with session_scope(engine) as session:
        assert session.get(Owner, owner_id).currency == "EUR"
    assert chat.say("Tom Baker bought a chair for 50 usd").text.startswith("Logged order: Tom Baker, USD 50.00")


def test_no_to_the_currency_question_keeps_the_currency_and_stores_the_order(engine, owner_id, chat):
    with session_scope(engine) as session:
        update_settings(session, owner_id, currency="USD")
    chat.say("new customer Tom Baker")
    chat.say("Tom Baker bought a table for 300 eur")
    assert chat.say("no").text.startswith("Logged order: Tom Baker, EUR 300.00")
    with session_scope(engine) as session:
        assert session.get(Owner, owner_id).currency == "USD"


def test_sales_top_customers_and_the_weekly_summary_count_orders_in_another_currency(engine, owner_id, chat):
    usd_shop_with_euro_orders(engine, owner_id)
    with session_scope(engine) as session:
        week = digests.weekly_summary(session, owner_id, NOW)
        assert sum(amount for _, amount in week.weekly_revenue) > 0
        top = reports.top_customers(session, owner_id)
        assert [t.name for t in top] == ["Tom Number2", "Tom Number1", "Tom Number0"]
        assert top[0].total.currency == "USD" and top[0].total.amount > Decimal(3000)  # 10 x EUR 302, at > 1 USD
    reply = chat.say("sales this year")
    assert reply.text.startswith("Sales this year: USD ") and "(paid as EUR " in reply.text


def test_risk_and_segments_see_orders_in_another_currency(engine, owner_id):
    usd_shop_with_euro_orders(engine, owner_id, customers_n=4)
    with session_scope(engine) as session:
        assert len(insights.segments(session, owner_id, NOW)) == 4
        assert len(insights.at_risk_table(session, owner_id, NOW, everyone=True)) == 4


def test_an_order_in_a_currency_without_an_ecb_rate_is_named_not_dropped_silently(engine, owner_id, chat):
    chat.say("new customer Huda Saleh")
    with session_scope(engine) as session:
        rec = Recorder(session, owner_id, Source("seed"), "seed", now=utcnow())
        records.log_order(session, owner_id, rec, customer_id=1, money=Money(Decimal("12.500"), "KWD"), occurred_at=NOW)
        records.log_order(session, owner_id, rec, customer_id=1, money=Money(Decimal("20"), "EUR"), occurred_at=NOW)
        rec.commit("seed")
    reply = chat.say("sales this month")
    assert reply.text.startswith("Sales this month: EUR 20.00 (paid as ")
    assert reply.text.endswith("Left out: 1 order in a currency without an ECB rate (KWD 12.500).")
