"""Answers read from the data: customer summary, sales for a period, top customers, follow-ups due.
(Who is at risk comes from the models: `crm.services.insights`.)

Money is summed in SQL over integer minor units, per currency: never a float, never two currencies
added together.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import distinct, func
from sqlmodel import Session, col, select

from crm.models import Customer, Feedback, FollowUp, Interaction, Order
from crm.money import Money, from_minor
from crm.services.customers import get_customer
from crm.services.records import open_followups


@dataclass(frozen=True)
class SalesReport:
    start: datetime
    end: datetime
    totals: list[Money]
    orders: int
    customers: int


def sales(session: Session, owner_id: int, start: datetime, end: datetime) -> SalesReport:
    """Orders with start <= occurred_at < end: totals per currency, count, distinct customers."""
    in_period = (Order.owner_id == owner_id, Order.occurred_at >= start, Order.occurred_at < end)
    per_currency = session.exec(
        select(Order.currency, func.sum(Order.amount_minor), func.count())
        .where(*in_period)
        .group_by(Order.currency)
        .order_by(func.sum(Order.amount_minor).desc())
    ).all()
    customers = session.exec(select(func.count(distinct(Order.customer_id))).where(*in_period)).one()
    return SalesReport(
        start=start,
        end=end,
        totals=[from_minor(total, cur) for cur, total, _ in per_currency],
        orders=sum(n for _, _, n in per_currency),
        customers=customers,
    )


@dataclass(frozen=True)
class TopCustomer:
    customer_id: int
    name: str
    total: Money
    orders: int


def top_customers(
    session: Session, owner_id: int, currency: str, limit: int = 10, since: datetime | None = None
) -> list[TopCustomer]:
    """Customers ranked by what they spent in `currency` (the owner's own), optionally since a time."""
    query = (
        select(Order.customer_id, Customer.name, func.sum(Order.amount_minor), func.count())
        .join(Customer, col(Customer.id) == Order.customer_id)
        .where(Order.owner_id == owner_id, Order.currency == currency, col(Customer.deleted_at).is_(None))
        .group_by(Order.customer_id, Customer.name)
        .order_by(func.sum(Order.amount_minor).desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(Order.occurred_at >= since)
    return [TopCustomer(cid, name, from_minor(total, currency), n) for cid, name, total, n in session.exec(query)]


@dataclass(frozen=True)
class DueFollowUp:
    followup: FollowUp
    customer_name: str


def followups_due(session: Session, owner_id: int, until: datetime) -> list[DueFollowUp]:
    """Open follow-ups due before `until` (overdue included), oldest first."""
    rows = session.exec(
        select(FollowUp, Customer.name)
        .join(Customer, col(Customer.id) == FollowUp.customer_id)
        .where(
            FollowUp.owner_id == owner_id,
            col(FollowUp.done_at).is_(None),
            FollowUp.due_at < until,
            col(Customer.deleted_at).is_(None),
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
