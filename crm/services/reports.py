"""Answers read from the data: customer summary, sales for a period, top customers, follow-ups due.
(Who is at risk comes from the models: `crm.services.insights`.)

Money is summed in SQL over integer minor units, per currency: never a float. Totals in the owner's
currency add orders in other currencies at their day's ECB rate (crm.services.own_currency).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import distinct, func, or_
from sqlmodel import Session, col, select

from crm.models import Customer, Feedback, FollowUp, Interaction, Order, Owner
from crm.money import Money, from_minor
from crm.services.analytics_data import customer_names
from crm.services.customers import get_customer
from crm.services.own_currency import foreign_orders, left_out_note
from crm.services.records import open_followups


@dataclass(frozen=True)
class SalesReport:
    start: datetime
    end: datetime
    total: Money  # everything, in the owner's currency (crm.services.own_currency)
    totals: list[Money]  # as the orders were paid, per currency
    orders: int
    customers: int
    left_out: str  # what could not be converted, as a sentence, or ""


def sales(session: Session, owner_id: int, start: datetime, end: datetime) -> SalesReport:
    """Orders with start <= occurred_at < end: the total in the owner's currency, the totals per
    currency paid, count, distinct customers."""
    owner = session.get(Owner, owner_id)
    assert owner is not None
    in_period = (Order.owner_id == owner_id, Order.occurred_at >= start, Order.occurred_at < end)
    per_currency = session.exec(
        select(Order.currency, func.sum(Order.amount_minor), func.count())
        .where(*in_period)
        .group_by(Order.currency)
        .order_by(func.sum(Order.amount_minor).desc())
    ).all()
    customers = session.exec(select(func.count(distinct(Order.customer_id))).where(*in_period)).one()
    foreign = foreign_orders(session, owner, since=start, end=end)
    own = sum(total for cur, total, _ in per_currency if cur == owner.currency)
    return SalesReport(
        start=start,
        end=end,
        total=from_minor(own + sum(o.minor for o in foreign), owner.currency),
        totals=[from_minor(total, cur) for cur, total, _ in per_currency],
        orders=sum(n for _, _, n in per_currency),
        customers=customers,
        left_out=left_out_note(foreign),
    )


@dataclass(frozen=True)
class TopCustomer:
    customer_id: int
    name: str
    total: Money
    orders: int


def top_customers(session: Session, owner_id: int, limit: int = 10, since: datetime | None = None) -> list[TopCustomer]:
    """Customers ranked by what they spent, in the owner's currency (orders in others converted at
    their day's rate), optionally since a time."""
    owner = session.get(Owner, owner_id)
    assert owner is not None
    query = (
        select(Order.customer_id, Customer.name, func.sum(Order.amount_minor), func.count())
        .join(Customer, col(Customer.id) == Order.customer_id)
        .where(Order.owner_id == owner_id, Order.currency == owner.currency, col(Customer.deleted_at).is_(None))
        .group_by(Order.customer_id, Customer.name)
        .order_by(func.sum(Order.amount_minor).desc())
    )
    if since is not None:
        query = query.where(Order.occurred_at >= since)
    foreign = foreign_orders(session, owner, since=since)
    if not foreign:
        query = query.limit(limit)  # the common case stays one indexed query
    spent = {cid: [name, total, n] for cid, name, total, n in session.exec(query)}
    names = customer_names(session, owner_id) if foreign else {}
    for order in foreign:
        entry = spent.setdefault(order.customer_id, [names.get(order.customer_id, "?"), 0, 0])
        entry[1] += order.minor
        entry[2] += 1
    ranked = sorted(spent.items(), key=lambda item: -item[1][1])[:limit]
    return [TopCustomer(cid, name, from_minor(total, owner.currency), n) for cid, (name, total, n) in ranked]


@dataclass(frozen=True)
class DueFollowUp:
    followup: FollowUp
    customer_name: str | None  # None: the owner's own to-do


def live_customer_or_none() -> Any:
    """The condition on a follow-up joined (outer) to its customer: the customer is not removed, or there is none."""
    return or_(col(FollowUp.customer_id).is_(None), col(Customer.deleted_at).is_(None))


def followups_due(session: Session, owner_id: int, until: datetime) -> list[DueFollowUp]:
    """Open follow-ups due before `until` (overdue included), the owner's own to-dos too, oldest first."""
    rows = session.exec(
        select(FollowUp, Customer.name)
        .join(Customer, col(Customer.id) == FollowUp.customer_id, isouter=True)
        .where(
            FollowUp.owner_id == owner_id,
            col(FollowUp.done_at).is_(None),
            FollowUp.due_at < until,
            live_customer_or_none(),
        )
        .order_by(FollowUp.due_at)
    ).all()
    return [DueFollowUp(f, name) for f, name in rows]


@dataclass(frozen=True)
class CustomerSummary:
    customer: Customer
    orders: int
    totals: list[Money]
    first_order: datetime | None
    last_order: datetime | None
    usual_gap_days: float | None
    recent_orders: list[Order] = field(default_factory=list)
    recent_interactions: list[Interaction] = field(default_factory=list)
    open_followups: list[FollowUp] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)


def _usual_gap_days(times: list[datetime]) -> float | None:
    """Median days between distinct order days; None with fewer than two."""
    days = sorted({t.date() for t in times})
    if len(days) < 2:
        return None
    return float(median((b - a).days for a, b in zip(days, days[1:], strict=False)))


def _latest(session: Session, model: Any, owner_id: int, customer_id: int, n: int = 3) -> list[Any]:
    """A customer's newest `n` rows of one kind (orders, interactions, feedback)."""
    return list(
        session.exec(
            select(model)
            .where(model.owner_id == owner_id, model.customer_id == customer_id)
            .order_by(model.occurred_at.desc())
            .limit(n)
        ).all()
    )


def customer_summary(session: Session, owner_id: int, customer_id: int) -> CustomerSummary:
    customer = get_customer(session, owner_id, customer_id)
    mine = (Order.owner_id == owner_id, Order.customer_id == customer_id)
    times = list(session.exec(select(Order.occurred_at).where(*mine)).all())
    totals = session.exec(
        select(Order.currency, func.sum(Order.amount_minor)).where(*mine).group_by(Order.currency)
    ).all()
    return CustomerSummary(
        customer=customer,
        orders=len(times),
        totals=[from_minor(total, cur) for cur, total in totals],
        first_order=min(times, default=None),
        last_order=max(times, default=None),
        usual_gap_days=_usual_gap_days(times),
        recent_orders=_latest(session, Order, owner_id, customer_id),
        recent_interactions=_latest(session, Interaction, owner_id, customer_id),
        open_followups=open_followups(session, owner_id, customer_id),
        feedback=_latest(session, Feedback, owner_id, customer_id),
    )
