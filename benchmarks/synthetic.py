"""Synthetic owners for benchmarks: N customers with M orders, inserted in bulk (seconds, not minutes)."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import col

from crm.config import LocalDefaults
from crm.db import session_scope
from crm.models import Customer, Order
from crm.services.customers import name_key
from crm.services.owners import get_or_create_owner

BERLIN = LocalDefaults(timezone="Europe/Berlin", region="DE", currency="EUR", language="en")
FIRST = "Anna Ben Clara David Emma Felix Greta Hannah Ines Jonas Karl Lena Marie Nina Oskar Paul Rosa Sofia".split()
LAST = "Schmidt Müller Weber Fischer Becker Wagner Hoffmann Koch Richter Klein Wolf Neumann Braun Lange".split()


def customer_name(i: int) -> str:
    """Unique, realistic-looking names: first + last + a number suffix as a third name."""
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i:05d}"


def fill_owner(engine: Engine, key: str, customers: int, orders: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        owner = get_or_create_owner(session, key, BERLIN)
        assert owner.id is not None
        rows = [{"owner_id": owner.id, "name": customer_name(i), "name_key": name_key(customer_name(i)), "tags": "",
                 "created_at": now} for i in range(customers)]
        ids = session.execute(insert(Customer).returning(col(Customer.id), sort_by_parameter_order=True), rows).scalars().all()
        session.execute(insert(Order), [
            {"owner_id": owner.id, "customer_id": rng.choice(ids), "amount_minor": rng.randint(500, 20000),
             "currency": "EUR", "occurred_at": now - timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60)),
             "created_at": now}
            for _ in range(orders)
        ])
        session.commit()
        return owner.id
