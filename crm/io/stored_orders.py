"""The orders an owner had before an import, counted only where the file could repeat them.

An order line is skipped only when the database already holds as many identical orders as the file has
up to that line, so two identical purchases on one day stay two. Only orders stored before the import
can make a line a repeat, and only those of customers who had orders then; they are fetched chunk by
chunk for the (customer, moment) pairs the chunk names. So memory grows with what the file and the
database share, not with the file: a first import of three million orders holds no key at all, and the
pairs already counted wait in a temporary table, not in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import TextClause, TextualSelect, bindparam, func, text
from sqlmodel import Session, select

from crm.models import Order
from crm.types import UTCDateTime

ORDER_KEY = ("customer_id", "occurred_at", "amount_minor", "currency", "description", "quantity")
PAIRS_PER_QUERY = 2_000  # 4,000 bound parameters, well inside SQLite's 32,766
NO_PAIR = (0, datetime(1970, 1, 1, tzinfo=UTC))
FETCHED = "solocrm_import_counted"  # a temporary table: the (customer, moment) pairs whose stored orders are counted  # fills the last query up: no customer has id 0


@dataclass
class StoredOrders:
    session: Session
    owner_id: int
    last_id: int  # the newest order before the import: everything after it is the import's own
    buyers: set[int]  # customers who had orders before the import
    left: dict[tuple[Any, ...], int] = field(default_factory=dict)  # stored copies per order key not yet met

    @classmethod
    def load(cls, session: Session, owner_id: int) -> StoredOrders:
        """Also empties the temporary table of pairs already counted (`FETCHED`): kept in the database,
        not in memory, because a re-import of three million orders names three million pairs (752 MB
        as a Python set; the table lives in SQLite's temporary file)."""
        last_id = session.scalar(select(func.max(Order.id))) or 0
        buyers = set(session.scalars(select(Order.customer_id).where(Order.owner_id == owner_id).distinct()))
        session.execute(text(f"CREATE TEMPORARY TABLE IF NOT EXISTS {FETCHED} (customer_id INTEGER NOT NULL, "
                             "occurred_at TIMESTAMP NOT NULL, PRIMARY KEY (customer_id, occurred_at))"))
        session.execute(text(f"DELETE FROM {FETCHED}"))
        return cls(session, owner_id, last_id, buyers)

    def new_ones(self, orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The orders (in file order) left once each has used up one stored copy of itself, if any is left.
        A key whose copies are all used up is dropped, so a re-import holds little more than its pairs."""
        self._fetch({(o["customer_id"], o["occurred_at"]) for o in orders if o["customer_id"] in self.buyers})
        return [
            order for order in orders
            if not (order["customer_id"] in self.buyers and self._use_copy(tuple(order[c] for c in ORDER_KEY)))
        ]

    def _use_copy(self, key: tuple[Any, ...]) -> bool:
        """Use up one stored copy of this order, if one is left."""
        copies = self.left.pop(key, 0)
        if copies > 1:
            self.left[key] = copies - 1
        return copies > 0

    def _fetch(self, pairs: set[tuple[int, datetime]]) -> None:
        """Count the stored copies of pairs not counted yet (the lookup skips those in `FETCHED`). A pair
        with none is not remembered: asking again costs a query, not a wrong answer, while counting a
        pair twice would skip a new order."""
        todo = list(pairs)
        for start in range(0, len(todo), PAIRS_PER_QUERY):
            batch = todo[start : start + PAIRS_PER_QUERY]
            batch += [NO_PAIR] * (PAIRS_PER_QUERY - len(batch))
            params = {f"c{i}": cid for i, (cid, _) in enumerate(batch)} | {f"t{i}": t for i, (_, t) in enumerate(batch)}
            counted = set()
            for order_id, *key in self.session.execute(_lookup(), {"owner_id": self.owner_id, **params}):
                if order_id <= self.last_id:
                    counted.add((key[0], key[1]))
                    self.left[tuple(key)] = self.left.get(tuple(key), 0) + 1
            if counted:
                self.session.execute(_remember(), [{"c": cid, "t": moment} for cid, moment in counted])


@lru_cache(maxsize=1)
def _lookup() -> TextualSelect:
    """The orders of PAIRS_PER_QUERY (customer, moment) pairs, as one statement SQLAlchemy compiles once.

    The pairs are joined in as a VALUES table, so that SQLite seeks the (owner, customer, moment) index
    once per pair; `(customer_id, occurred_at) IN (...)`, or a GROUP BY here, made it read every order
    of the owner for each chunk instead (60 s against 3 s for re-importing 40,000 orders). It is text
    because SQLAlchemy's own VALUES construct is compiled anew on every use, which cost as much again."""
    pairs = ", ".join(f"(:c{i}, :t{i})" for i in range(PAIRS_PER_QUERY))
    columns = ", ".join(f"orders.{c}" for c in ("id", *ORDER_KEY))
    return (
        text(f"WITH wanted (customer_id, occurred_at) AS (VALUES {pairs}) SELECT {columns} FROM wanted JOIN orders "
             "ON orders.customer_id = wanted.customer_id AND orders.occurred_at = wanted.occurred_at "
             f"WHERE orders.owner_id = :owner_id AND NOT EXISTS (SELECT 1 FROM {FETCHED} f "
             "WHERE f.customer_id = wanted.customer_id AND f.occurred_at = wanted.occurred_at)")
        .bindparams(*(bindparam(f"t{i}", type_=UTCDateTime) for i in range(PAIRS_PER_QUERY)))
        .columns(*(getattr(Order, c) for c in ("id", *ORDER_KEY)))
    )


@lru_cache(maxsize=1)
def _remember() -> TextClause:
    """Mark (customer, moment) pairs as counted."""
    return text(f"INSERT INTO {FETCHED} (customer_id, occurred_at) VALUES (:c, :t)").bindparams(
        bindparam("t", type_=UTCDateTime))
