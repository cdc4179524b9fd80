"""A realistic, deterministic demo business so a newcomer sees every feature at once.

About 200 customers of a small bakery over two years: weekly regulars, monthly buyers, occasional
and one-time customers, some who drifted away; calls and messages, follow-ups due today, overdue and
later, and feedback scores. Same seed, same data (dates are laid out backwards from today).
"""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from crm.config import local_defaults
from crm.db import session_scope
from crm.models import Customer, Feedback, FollowUp, Interaction, Order
from crm.money import Money, to_minor
from crm.services.customers import name_key
from crm.services.oplog import Recorder, Source
from crm.services.owners import get_or_create_owner

FIRST = ("Anna Ben Clara David Emma Felix Greta Hannah Ines Jonas Karl Lena Marie Nina Oskar Paul Rosa Sofia Tom "
         "Ute Vera Wei Yuki Zoe Ida Lukas Mia Noah Amira Carlos Fatima Irene Marcus Julia Sam May Will Bill").split()
LAST = ("Schmidt Müller Weber Fischer Becker Wagner Hoffmann Koch Richter Klein Wolf Neumann Braun Zimmermann "
        "Krüger Hartmann Lange Berg Olsen Lee Hill Fox Park Novak Costa").split()
CITIES = ("Berlin", "Hamburg", "Munich", "Cologne", "Leipzig", "Potsdam")
ITEMS = (("sourdough loaf", "6.50"), ("rye bread", "5.20"), ("croissants", "1.90"), ("birthday cake", "42.00"),
         ("cinnamon buns", "2.80"), ("catering tray", "120.00"), ("pretzels", "1.20"), ("baguette", "3.10"))
# (share of customers, days between orders, orders they stop after or None, tag)
PROFILES = ((0.10, 7, None, "regular"), (0.30, 30, None, ""), (0.25, 75, None, ""),
            (0.15, 21, 0.6, ""), (0.20, None, None, ""))
CUSTOMERS = 200
DAYS = 730


def _rows(rng: random.Random, owner_id: int, currency: str, now: datetime) -> dict[str, list[dict[str, object]]]:
    customers, orders = [], []
    for i in range(CUSTOMERS):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        customers.append({
            "owner_id": owner_id, "name": name, "name_key": name_key(name), "created_at": now - timedelta(days=DAYS),
            "phone": f"+49160555{i:04d}", "email": f"{name_key(name).replace(' ', '.')}{i}@example.com",
            "city": rng.choice(CITIES), "birthday": f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "tags": "", "notes": None,
        })
    cursor, profile_of = 0.0, []
    for share, gap, stop, tag in PROFILES:
        cursor += share
        profile_of.append((cursor, gap, stop, tag))
    for i, c in enumerate(customers):
        _, gap, stop, tag = next(p for p in profile_of if i / CUSTOMERS < p[0])
        c["tags"] = tag
        start = rng.randint(0, DAYS - 30)
        end = DAYS if stop is None else int(start + (DAYS - start) * stop)
        day = start
        while day <= end:
            item, price = rng.choice(ITEMS)
            qty = rng.randint(1, 6) if Decimal(price) < 10 else 1
            when = now - timedelta(days=DAYS - day, hours=rng.randint(0, 8))
            orders.append({"cid": i, "amount_minor": to_minor(Money(Decimal(price) * qty, currency)),
                           "currency": currency, "description": item, "quantity": qty, "occurred_at": when})
            if gap is None:
                break
            day += max(1, int(rng.gauss(gap, gap / 4)))
    return {"customers": customers, "orders": orders}


def ensure_demo_data(engine: Engine, now: datetime, seed: int = 7) -> None:
    """Fill the local owner's (demo) database once, as of `now`; a no-op when it already has customers."""
    with session_scope(engine) as session:
        owner = get_or_create_owner(session, "local", local_defaults(), display_name="Demo Bakery")
        assert owner.id is not None
        if session.exec(select(func.count()).select_from(Customer).where(Customer.owner_id == owner.id)).one():
            return
        rng = random.Random(seed)
        data = _rows(rng, owner.id, owner.currency, now)
        ids = session.execute(
            insert(Customer).returning(col(Customer.id), sort_by_parameter_order=True), data["customers"]
        ).scalars().all()
        orders = [{"owner_id": owner.id, "customer_id": ids[o.pop("cid")], "created_at": now, **o}  # type: ignore[call-overload]
                  for o in data["orders"]]
        session.execute(insert(Order), orders)
        midnight = datetime.combine(now.astimezone(ZoneInfo(owner.timezone)).date(), time(0), ZoneInfo(owner.timezone))
        extras = _contacts_followups_feedback(rng, owner.id, list(ids), now, midnight)
        session.execute(insert(Interaction), extras["interactions"])
        session.execute(insert(FollowUp), extras["followups"])
        session.execute(insert(Feedback), extras["feedback"])
        rec = Recorder(session, owner.id, Source("demo"), "demo", now=now)
        rec.commit("Demo data loaded.")


def _contacts_followups_feedback(
    rng: random.Random, owner_id: int, ids: list[int], now: datetime, today: datetime
) -> dict[str, list[dict[str, object]]]:
    """Contacts and feedback in the past; follow-ups on days around `today` (local midnight)."""
    base = {"owner_id": owner_id, "created_at": now}
    interactions = [
        {**base, "customer_id": rng.choice(ids), "kind": rng.choice(("call", "message", "email", "visit", "meeting")),
         "summary": rng.choice(("asked about gluten-free bread", "order for Saturday", "catering quote",
                                "feedback on the new rye", None)),
         "occurred_at": now - timedelta(days=rng.randint(0, 300), hours=rng.randint(0, 10))}
        for _ in range(300)
    ]
    followups = [
        {**base, "customer_id": rng.choice(ids), "due_at": today + timedelta(days=offset), "has_time": False,
         "note": rng.choice(("call back about the cake", "send the price list", "check in", "confirm catering")),
         "done_at": None}
        for offset in (-5, -2, -1, 0, 0, 1, 3, 7, 14, 30)
    ]
    feedback = [
        {**base, "customer_id": cid, "score": Decimal(rng.choice((3, 6, 7, 8, 9, 9, 10, 10))), "scale": 10,
         "comment": None, "sentiment": None, "occurred_at": now - timedelta(days=rng.randint(0, 200))}
        for cid in rng.sample(ids, 80)
    ]
    return {"interactions": interactions, "followups": followups, "feedback": feedback}
