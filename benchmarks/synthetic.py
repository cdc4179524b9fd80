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
FIRST = ("Anna Ben Clara David Emma Felix Greta Hannah Ines Jonas Karl Lena Marie Nina Oskar Paul Rosa Sofia Tom Ute "
         "Vera Wei Yuki Zoe Ida Lukas Mia Noah Amira Carlos Fatima Irene Marcus Julia Sam Lea Finn Elif Omar Jana "
         "Theo Luca Nora Emil Maja Anton Ella Milan Lina Jakob").split()
STEMS = "Berg Stein Wald Feld Brun Hof Lind Rosen Eichen Sonnen Falken Adler Winter Sommer Kirch Mühl Hart Klein Grün Weiß".split()
ENDINGS = "mann er hagen bach dorf berger meier huber feld thal burg stedt".split()
SURNAMES = [stem + ending for stem in STEMS for ending in ENDINGS]  # 240 surnames


def customer_name(i: int) -> str:
    """Unique, realistic names for up to 12,000 customers (50 first names x 240 surnames)."""
    return f"{FIRST[i % len(FIRST)]} {SURNAMES[(i // len(FIRST)) % len(SURNAMES)]}"


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
