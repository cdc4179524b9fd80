"""Analytics say what the data says (#13): a lapsed regular is the first call, a young business gets no
extrapolated lifetime values and no "long ago" segments, risk never falls as silence grows, and the CLI
and the chat give the same tables for the owner's day."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache

import numpy as np
import pandas as pd
import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.dialogue import Dialogue
from crm.analytics.churn import score
from crm.config import LocalDefaults
from crm.db import session_scope
from crm.demo import ensure_demo_data
from crm.money import Money
from crm.services import customers, insights, records
from crm.services.analytics_data import orders_frame
from crm.services.oplog import Recorder, Source
from crm.types import utcnow
from tests.conftest import make_owner

NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
LONG_AGO = {"need attention", "about to sleep", "at risk", "can't lose them", "hibernating", "lost"}  # "not recent" names


def seed(engine, owner_id: int, orders: list[tuple[str, datetime, str]], currency: str = "EUR") -> dict[str, int]:
    """Customers and their orders (name, when, amount); returns the ids by name."""
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        rec = Recorder(s, owner_id, Source("seed"), "seed", now=utcnow())
        for name, when, amount in orders:
            if name not in ids:
                ids[name] = customers.add_customer(s, owner_id, rec, name=name).id
            records.log_order(s, owner_id, rec, customer_id=ids[name], money=Money(Decimal(amount), currency), occurred_at=when)
        rec.commit("seed")
    return ids


def ask(engine, owner_id: int, text: str, now: datetime) -> str:
    with time_machine.travel(now, tick=False):
        return Dialogue(engine, clock=lambda: now).handle(owner_id, text, Source("test", text)).text


# --- a lapsed regular is the first person to call -------------------------------------------------------------


def test_the_demo_flags_its_lapsed_regulars_first_and_says_why(engine, owner_id):
    """The demo bakery: its regulars who have been silent for more than 4 of their usual gaps scored 0.00
    and "who's at risk?" listed one-time buyers of a few euros."""
    ensure_demo_data(engine, now=NOW)
    with time_machine.travel(NOW, tick=False), session_scope(engine) as s:
        table = score(orders_frame(s, owner_id, NOW), pd.Timestamp("2026-05-01")).table
    silent_gaps = table["weeks_since"] / table["usual_gap_weeks"]
    lapsed = table[(table["frequency"] + 1 >= 5) & (silent_gaps > 4)]
    assert len(lapsed) >= 20
    assert (lapsed["risk"] >= 0.8).all(), lapsed["risk"].describe()
    with time_machine.travel(NOW, tick=False), session_scope(engine) as s:
        flagged = insights.at_risk(s, owner_id, NOW)
    assert flagged and all(r.customer_id in lapsed.index for r in flagged[:5])  # most at stake first
    lines = ask(engine, owner_id, "who's at risk?", NOW).splitlines()
    assert lines[0] == "Likely to be lost, most at stake first:"
    first = lines[1]
    assert first.startswith(f"1. {flagged[0].name}: usually orders every ") and "a year at stake (" in first


# --- a young business -----------------------------------------------------------------------------------------

BRITAIN = LocalDefaults(timezone="Europe/London", region="GB", currency="GBP", language="en")
OPENED = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # a Tuesday; the business is two days old on Wednesday evening
TWO_DAYS_IN = datetime(2026, 3, 11, 18, 0, tzinfo=UTC)


@pytest.fixture
def two_day_old_business(engine):
    owner = make_owner(engine, "local", BRITAIN)
    day1, day2 = OPENED, OPENED + timedelta(days=1)
    with time_machine.travel(TWO_DAYS_IN, tick=False):
        seed(engine, owner, [("Ada", day1, "1350"), ("Ada", day2, "1350"), ("Ben", day2 + timedelta(hours=5), "38.50"),
                             ("Cy", day1 + timedelta(hours=3), "12"), ("Di", day2 + timedelta(hours=2), "64"),
                             ("Eve", day1 + timedelta(hours=6), "20")], currency="GBP")
    return owner


def test_a_two_day_old_business_gets_no_long_ago_segments(engine, two_day_old_business):
    """Everyone bought in the last two days; quintiles called some of them "hibernating (last purchase
    long ago)" and "at risk (spent big and often, but long ago)"."""
    with time_machine.travel(TWO_DAYS_IN, tick=False), session_scope(engine) as s:
        counts = insights.segment_counts(s, two_day_old_business, TWO_DAYS_IN)
    assert sum(n for _, n, _ in counts) == 5
    assert not {name for name, _, _ in counts} & LONG_AGO, counts
    reply = ask(engine, two_day_old_business, "show me my customer segments", TWO_DAYS_IN)
    assert "long ago" not in reply and "hibernating" not in reply


def test_a_two_day_old_business_gets_no_extrapolated_lifetime_values(engine, two_day_old_business):
    """GBP 2,700 in two days became a 12-month CLV of GBP 138,857, and GBP 38.50 once one of GBP 3,960."""
    reply = ask(engine, two_day_old_business, "top customers by lifetime value", TWO_DAYS_IN)
    assert "138,857" not in reply and "3,960" not in reply
    assert "too early" in reply.lower() and "2 days" in reply, reply
    with time_machine.travel(TWO_DAYS_IN, tick=False), session_scope(engine) as s:
        insights.risk_scores(s, two_day_old_business, TWO_DAYS_IN)  # the card's outlook never waits for a model
    card = ask(engine, two_day_old_business, "how is Ada doing?", TWO_DAYS_IN)
    assert "GBP 138,857" not in card and "lifetime value" in card and "too early" in card.lower(), card
    with time_machine.travel(TWO_DAYS_IN, tick=False), session_scope(engine) as s:
        assert insights.at_risk(s, two_day_old_business, TWO_DAYS_IN) == []


def test_a_three_week_old_shop_calls_nobody_lost_for_one_order():
    """The typical gap of a three-week-old shop is made of the gaps short enough to have happened yet:
    its first one-time buyers were 51-71% "likely lost" after two or three weeks."""
    table = score(shop(12, 21, 3, AS_OF), AS_OF).table
    once = table[table["frequency"] == 0]
    assert len(once) >= 5 and (once["risk"] == 0).all(), once["risk"]
    assert table["value"].isna().all()  # no lifetime values either: the orders cover three weeks


def test_a_big_new_customer_of_a_small_shop_is_shrunk_toward_the_base():
    """Ten months, 12 customers, and a newcomer who spent 2,700 in two days: their own rhythm made it
    102 visits a year; 13 weeks of the base's rate and one purchase of its spend weigh in."""
    log = shop(12, 300, 2, AS_OF)
    newcomer = pd.DataFrame({"customer": [99, 99], "date": [AS_OF - pd.Timedelta(days=1), AS_OF], "amount": [1350.0, 1350.0]})
    scored = score(pd.concat([log, newcomer], ignore_index=True), AS_OF)
    value = scored.table.loc[99, "value"]
    assert scored.method == "rhythm" and 2_700 < value < 10 * 2_700, value  # was 138,857
    regulars = scored.table[scored.table["frequency"] >= 5]
    assert (regulars["value"] < 10 * (regulars["first_spend"] + regulars["frequency"] * regulars["monetary_value"])).all()


# --- more silence never lowers risk ---------------------------------------------------------------------------


def shop(customers: int, days: int, seed: int, as_of: pd.Timestamp) -> pd.DataFrame:
    """A shop like the demo: weekly, monthly and occasional regulars, some who stop, one-time buyers;
    spend per customer varies."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(customers):
        kind = rng.choice(5, p=[0.1, 0.3, 0.25, 0.15, 0.2])
        gap = (7, 30, 75, 21, None)[kind]
        start = int(rng.integers(0, days))
        end = days if kind != 3 else int(start + (days - start) * rng.uniform(0.2, 0.9))
        price = float(rng.lognormal(3, 0.6))
        day = start
        while day <= end:
            rows.append((c, as_of - pd.Timedelta(days=days - day), round(price * rng.uniform(0.5, 1.5), 2)))
            if gap is None:
                break
            day += max(1, int(rng.normal(gap, gap / 4)))
    return pd.DataFrame(rows, columns=["customer", "date", "amount"])


AS_OF = pd.Timestamp("2026-05-01")


@cache
def fitted(kind: str):  # type: ignore[no-untyped-def]
    """A learned model (a shop of 300) and the rhythm rule (a shop of 12)."""
    from crm.analytics.churn import fit_risk

    log = shop(300, 700, 1, AS_OF) if kind == "learned" else shop(12, 300, 2, AS_OF)
    model = fit_risk(log, AS_OF)
    assert model.method == kind
    return model


def customer(frequency: int, gap: float, silence: float, spend: float) -> pd.DataFrame:
    return pd.DataFrame({"frequency": [float(frequency)], "recency": [frequency * gap], "T": [frequency * gap + silence],
                         "monetary_value": [spend if frequency else 0.0], "first_spend": [spend]})


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(["learned", "rhythm"]), frequency=st.integers(0, 40), gap=st.floats(1 / 7, 30),
       silence=st.floats(0, 150), more=st.floats(0, 150), earlier=st.floats(0, 1), spend=st.floats(1, 2000))
def test_more_silence_never_lowers_risk(kind, frequency, gap, silence, more, earlier, spend):
    """The same customer with a longer silence (time passed, or the last purchase earlier with the same
    first one) is never less at risk."""
    model = fitted(kind)
    base = customer(frequency, gap, silence, spend)
    later = base.assign(T=base["T"] + more)
    shorter = max(gap * earlier, 1 / 7)  # the last purchase earlier: a shorter usual gap, at least a day
    earlier_last = base.assign(recency=frequency * shorter, T=base["T"])
    risk, risk_later, risk_earlier = (model.risk(c)[0] for c in (base, later, earlier_last))
    assert risk_later >= risk - 1e-9 and risk_earlier >= risk - 1e-9


# --- the CLI and the chat answer alike for the owner's day ------------------------------------------------------

CALIFORNIA = LocalDefaults(timezone="America/Los_Angeles", region="US", currency="USD", language="en")
EVENING = datetime(2026, 3, 17, 5, 0, tzinfo=UTC)  # 16 March, 22:00 in California: already the 17th in UTC


def test_cli_and_chat_give_the_same_tables_for_the_same_day(engine, db_path, tmp_path, monkeypatch, capsys):
    """The CLI took the day in UTC and --as-of as the end of that UTC day; the chat the owner's local day."""
    monkeypatch.setenv("SOLOCRM_DB", str(db_path))
    monkeypatch.setenv("SOLOCRM_HOME", str(tmp_path))
    owner = make_owner(engine, "local", CALIFORNIA)
    start = EVENING - timedelta(weeks=30)
    orders = [("Rita", start + timedelta(weeks=w), "20") for w in range(0, 30, 2)]
    orders += [("Lars", start + timedelta(weeks=w), "45.50") for w in range(0, 12, 2)]
    orders += [("Nina", EVENING - timedelta(hours=3), "60")]  # 19:00 on the 16th in California, 02:00 UTC on the 17th
    orders += [("Olga", EVENING - timedelta(days=d), "15") for d in (40, 20, 9)]
    with time_machine.travel(EVENING, tick=False):
        seed(engine, owner, orders, currency="USD")
        with session_scope(engine) as s:
            flagged = insights.at_risk(s, owner, EVENING, limit=20)
            top = insights.top_by_value(s, owner, EVENING, limit=20)
            counts = insights.segment_counts(s, owner, EVENING)
        for as_of in ([], ["--as-of", "2026-03-16"]):
            assert main(["at-risk", *as_of, "--format", "json"]) == 0
            cli = json.loads(capsys.readouterr().out)
            assert [(r["customer"], round(r["risk"], 4)) for r in cli] == [(r.name, round(r.risk, 4)) for r in flagged]
            assert main(["clv", *as_of, "--format", "json"]) == 0
            cli = json.loads(capsys.readouterr().out)
            assert [(r["customer"], r["clv"]) for r in cli] == [(v.name, float(v.value.amount)) for v in top]
            assert main(["segments", *as_of, "--format", "json"]) == 0
            cli = json.loads(capsys.readouterr().out)
            assert sorted((r["segment"], r["customers"]) for r in cli) == sorted((name, n) for name, n, _ in counts)
