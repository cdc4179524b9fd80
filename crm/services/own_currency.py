"""Every order counted in the owner's currency: one in another currency at the European Central Bank's
reference rate of its day (crm.fx), with the original amount kept beside it.

Why: sales, the weekly summary, top customers, risk, CLV and segments summed only the orders in the
owner's currency, so a shop whose default was USD (a fresh machine's locale) and whose orders were in
EUR had revenue USD 0.00 and "no orders yet" to analyse. An order in a currency the ECB does not quote
cannot be converted; it is left out of the sums, and the answers that leave something out say so.
Orders in the owner's own currency are summed in SQL as before; only the others pass through here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from crm import localtime
from crm.fx import convert
from crm.models import Customer, Order, Owner
from crm.money import Money, format_money, from_minor, to_minor


@dataclass(frozen=True)
class ForeignOrder:
    customer_id: int
    occurred_at: datetime
    original: Money
    converted: Money | None  # None: no ECB rate for that currency

    @property
    def minor(self) -> int:
        """The converted amount in the owner's minor units (0 when it could not be converted)."""
        return to_minor(self.converted) if self.converted else 0


def foreign_orders(session: Session, owner: Owner, since: datetime | None = None, until: datetime | None = None,
                   end: datetime | None = None) -> list[ForeignOrder]:
    """The owner's orders (of live customers) in other currencies with since <= occurred_at <= until
    (or < end), each converted at the rate of its local day."""
    query = (select(Order.customer_id, Order.occurred_at, Order.amount_minor, Order.currency)
             .join(Customer, col(Customer.id) == Order.customer_id)
             .where(Order.owner_id == owner.id, Order.currency != owner.currency, col(Customer.deleted_at).is_(None)))
    if since is not None:
        query = query.where(Order.occurred_at >= since)
    if until is not None:
        query = query.where(Order.occurred_at <= until)
    if end is not None:
        query = query.where(Order.occurred_at < end)
    found = []
    for customer_id, occurred_at, minor, currency in session.exec(query):
        original = from_minor(minor, currency)
        day = localtime.local_day(owner.timezone, occurred_at)
        found.append(ForeignOrder(customer_id, occurred_at, original, convert(original, owner.currency, day)))
    return found


def left_out_note(orders: list[ForeignOrder]) -> str:
    """A sentence naming what could not be converted, or ""."""
    missing = [o.original for o in orders if o.converted is None]
    if not missing:
        return ""
    shown = ", ".join(format_money(m) for m in missing[:3]) + (" …" if len(missing) > 3 else "")
    return (f" Left out: {len(missing)} order{'s' if len(missing) > 1 else ''} in a currency without an ECB rate"
            f" ({shown}).")
