"""What the pushes say, as data: the daily digest and the weekly summary of an owner.

The same content answers /today and /week and goes out on schedule; the wording belongs to the bot
(`bot/dialogue/pushes.py`) and the timing to `scheduler/`. Money is summed in SQL over integer minor
units in the owner's currency.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

from crm import localtime
from crm.analytics.feedback import csat, nps
from crm.analytics.loyalty import repeat_purchase_rate
from crm.analytics.rfm import rfm_table
from crm.analytics.summary import customer_summary
from crm.models import Customer, Feedback, FollowUp, Order, Owner
from crm.money import Money, estimate, from_minor
from crm.services import deliveries, insights
from crm.services.analytics_data import customer_names, orders_frame
from crm.services.own_currency import foreign_orders
from crm.services.reports import DueFollowUp, followups_due, live_customer_or_none

BIRTHDAYS_AHEAD = 7  # days
CHART_WEEKS = 12
FEEDBACK_WEEKS = 4  # NPS/CSAT over the last four weeks: one week rarely has enough answers


@dataclass(frozen=True)
class Birthday:
    customer_id: int
    name: str
    day: date  # the coming (or today's) birthday


@dataclass(frozen=True)
class DailyDigest:
    day: date  # the owner's local day
    followups: list[DueFollowUp]  # due today or overdue, oldest first
    newly_at_risk: list[insights.AtRiskCustomer]  # flagged now, not in the last digest
    birthdays: list[Birthday]  # today and the next 7 days
    flagged: list[int] = field(default_factory=list)  # everyone at risk now: the next digest's `flagged_before`
    missed: int = 0  # digests not sent while the assistant was offline, since the last one
    risk_pending: bool = False  # asked for on demand while the risk scores were being refreshed

    @property
    def empty(self) -> bool:
        return not (self.followups or self.newly_at_risk or self.birthdays or self.missed)


def _owner(session: Session, owner_id: int) -> Owner:
    owner = session.get(Owner, owner_id)
    assert owner is not None
    return owner


def _next_birthday(stored: str, today: date) -> date | None:
    """The next occurrence (today included) of a "MM-DD" or "YYYY-MM-DD" birthday; 29 Feb is kept on
    28 Feb in other years."""
    try:
        month, day = (int(x) for x in stored[-5:].split("-"))
        date(2000, month, day)  # a valid day in a leap year
    except ValueError:
        return None
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = date(year, 2, 28)
        if candidate >= today:
            return candidate
    return None  # pragma: no cover - next year's always is


def birthdays(session: Session, owner_id: int, today: date, ahead: int = BIRTHDAYS_AHEAD) -> list[Birthday]:
    rows = session.exec(
        select(Customer.id, Customer.name, Customer.birthday).where(
            Customer.owner_id == owner_id, col(Customer.birthday).is_not(None), col(Customer.deleted_at).is_(None)
        )
    ).all()
    found = []
    for cid, name, stored in rows:
        upcoming = _next_birthday(stored, today)
        if upcoming is not None and (upcoming - today).days <= ahead:
            found.append(Birthday(cid, name, upcoming))  # type: ignore[arg-type]
    return sorted(found, key=lambda b: (b.day, b.name))


def daily_digest(session: Session, owner_id: int, now: datetime, flagged_before: set[int], missed: int = 0,
                 wait: bool = True) -> DailyDigest:
    """The day's digest: follow-ups due by the end of the local day, customers at risk who were not
    in `flagged_before` (the last digest's), birthdays this week. `wait=False` (a chat turn) does not
    wait for a model refit; the scheduled digest does (its models were fitted ahead, see scheduler)."""
    owner = _owner(session, owner_id)
    today = localtime.local_day(owner.timezone, now)
    due = followups_due(session, owner_id, localtime.start_of(owner.timezone, today + timedelta(days=1)))
    flagged = insights.at_risk(session, owner_id, now, limit=50, wait=wait)
    return DailyDigest(
        day=today,
        followups=due,
        newly_at_risk=[r for r in flagged or [] if r.customer_id not in flagged_before],
        birthdays=birthdays(session, owner_id, today),
        flagged=[r.customer_id for r in flagged or []],
        missed=missed,
        risk_pending=flagged is None,
    )


def todays_digest(session: Session, owner_id: int, now: datetime, *, count_missed: bool, wait: bool) -> DailyDigest:
    """The digest of the owner's local day, "newly at risk" meaning since the last digest sent.
    `count_missed`: as pushed, saying how many digests went unsent before it; `wait`: see `daily_digest`."""
    owner = _owner(session, owner_id)
    missed, flagged_before = deliveries.missed_days(session, owner_id, localtime.local_day(owner.timezone, now))
    return daily_digest(session, owner_id, now, flagged_before, missed if count_missed else 0, wait=wait)


REMINDER_WINDOW = timedelta(hours=24)  # older timed reminders are left to the digest's overdue list


@dataclass(frozen=True)
class Reminder:
    """A follow-up due at a minute ("ping Sam tomorrow at 3pm")."""

    followup: FollowUp
    customer_name: str | None  # None: the owner's own to-do

    @property
    def period(self) -> str:
        """The exactly-once key: the follow-up and its due time (a snoozed one is due again)."""
        return f"{self.followup.id}@{self.followup.due_at:%Y-%m-%dT%H:%M}"


def due_reminders(session: Session, now: datetime) -> list[tuple[int, Reminder]]:
    """Open timed follow-ups of all reachable owners that are due (within the last day), oldest first."""
    rows = session.exec(
        select(FollowUp, Customer.name)
        .join(Customer, col(Customer.id) == FollowUp.customer_id, isouter=True)
        .join(Owner, col(Owner.id) == FollowUp.owner_id)
        .where(
            col(FollowUp.has_time).is_(True), col(FollowUp.done_at).is_(None), live_customer_or_none(),
            col(Owner.pushes_paused_at).is_(None), FollowUp.due_at <= now, FollowUp.due_at > now - REMINDER_WINDOW,
        )
        .order_by(FollowUp.due_at)
    ).all()
    return [(f.owner_id, Reminder(f, name)) for f, name in rows]


@dataclass(frozen=True)
class WeeklySummary:
    week_start: date  # the Monday of the week summed up (the last full week)
    revenue: Money
    previous: Money  # the week before
    four_week_average: Money  # mean of the four weeks before it
    new_customers: int  # first order in the week
    returning_customers: int  # ordered in the week, and before it
    repeat_rate: float  # share of all customers who bought on more than one day
    total_clv: Money | None  # expected 12-month value of all customers (None while the orders cover too few days)
    top_clv: list[tuple[str, Money]]  # empty while the values are unknown, like `loyalty_top`
    loyalty_top: list[tuple[str, float]]
    segment_moves: list[tuple[str, int]]  # segment, change in size over the week (non-zero only)
    nps: float | None
    csat: float | None
    feedback_answers: int
    weekly_revenue: list[tuple[date, Decimal]] = field(default_factory=list)  # for the chart, oldest first


def _revenue_by_week(session: Session, owner: Owner, first: date, weeks: int) -> list[tuple[date, Decimal]]:
    """Revenue per local week (Monday to Monday) in the owner's currency (others converted at their
    day's rate), exact, `weeks` weeks from `first`."""
    starts = [first + timedelta(weeks=i) for i in range(weeks + 1)]
    bounds = [localtime.start_of(owner.timezone, d) for d in starts]
    rows = session.exec(
        select(Order.occurred_at, Order.amount_minor).where(
            Order.owner_id == owner.id, Order.currency == owner.currency,
            Order.occurred_at >= bounds[0], Order.occurred_at < bounds[-1],
        )
    ).all()
    rows = [*rows, *((o.occurred_at, o.minor) for o in foreign_orders(session, owner, since=bounds[0], end=bounds[-1]))]
    totals = [0] * weeks
    for occurred, minor in rows:
        index = next(i for i in range(weeks) if occurred < bounds[i + 1])
        totals[index] += minor
    return [(starts[i], from_minor(totals[i], owner.currency).amount) for i in range(weeks)]


def _customers_in_week(session: Session, owner_id: int, start: datetime, end: datetime) -> tuple[int, int]:
    """(new, returning) customers among those who ordered in [start, end)."""
    first_order = (
        select(Order.customer_id, func.min(Order.occurred_at).label("first"))
        .where(Order.owner_id == owner_id).group_by(Order.customer_id).subquery()
    )
    buyers = session.exec(
        select(first_order.c.first).where(
            first_order.c.customer_id.in_(
                select(Order.customer_id).where(Order.owner_id == owner_id, Order.occurred_at >= start, Order.occurred_at < end)
            )
        )
    ).all()
    new = sum(1 for first in buyers if first >= start)
    return new, len(buyers) - new


def _feedback_scores(session: Session, owner_id: int, start: datetime, end: datetime) -> tuple[list[float], list[float]]:
    rows = session.exec(
        select(Feedback.score, Feedback.scale).where(
            Feedback.owner_id == owner_id, col(Feedback.score).is_not(None), Feedback.occurred_at >= start, Feedback.occurred_at < end
        )
    ).all()
    return [float(s) for s, scale in rows if scale == 10], [float(s) for s, scale in rows if scale == 5]


def _segment_moves(frame: pd.DataFrame, week_start: date) -> list[tuple[str, int]]:
    """How each RFM segment's size changed from the end of the week before to the end of this one."""
    if frame.empty:
        return []
    end = pd.Timestamp(week_start + timedelta(days=6))
    now = rfm_table(frame, end)["segment"].value_counts()
    before_log = frame[frame["date"] < pd.Timestamp(week_start)]
    before = rfm_table(before_log, end - pd.Timedelta(days=7))["segment"].value_counts() if not before_log.empty else pd.Series(dtype=int)
    change = now.sub(before, fill_value=0).astype(int)
    return sorted(((str(s), int(n)) for s, n in change.items() if n), key=lambda x: -abs(x[1]))


def weekly_summary(session: Session, owner_id: int, now: datetime) -> WeeklySummary:
    """The last full local week (Monday to Sunday) against the one before and the four before it."""
    owner = _owner(session, owner_id)
    tz, currency = owner.timezone, owner.currency
    this_week = localtime.week_start(localtime.local_day(tz, now)) - timedelta(weeks=1)
    weekly = _revenue_by_week(session, owner, this_week - timedelta(weeks=CHART_WEEKS - 1), CHART_WEEKS)
    amounts = [amount for _, amount in weekly]
    four = sum(amounts[-5:-1], Decimal(0)) / 4
    start, end = localtime.start_of(tz, this_week), localtime.start_of(tz, this_week + timedelta(weeks=1))
    new, returning = _customers_in_week(session, owner_id, start, end)
    frame = orders_frame(session, owner_id, end)
    scores = insights.risk_scores(session, owner_id, now)
    names = customer_names(session, owner_id)
    table = scores.table if scores is not None and scores.values_known else pd.DataFrame({"value": [], "loyalty": []}, dtype=float)
    ten, five = _feedback_scores(session, owner_id, end - timedelta(weeks=FEEDBACK_WEEKS), end)

    return WeeklySummary(
        week_start=this_week,
        revenue=Money(amounts[-1], currency),
        previous=Money(amounts[-2], currency),
        four_week_average=estimate(four, currency),
        new_customers=new,
        returning_customers=returning,
        repeat_rate=repeat_purchase_rate(customer_summary(frame, pd.Timestamp(this_week + timedelta(days=6)))) if not frame.empty else 0.0,
        total_clv=estimate(table["value"].sum(), currency) if len(table) else None,
        top_clv=[(names[int(c)], estimate(v, currency)) for c, v in table["value"].nlargest(3).items()],
        loyalty_top=[(names[int(c)], float(v)) for c, v in table["loyalty"].nlargest(5).items()],
        segment_moves=_segment_moves(frame, this_week),
        nps=nps(ten) if ten else None,
        csat=csat(five) if five else None,
        feedback_answers=len(ten) + len(five),
        weekly_revenue=weekly,
    )


Push = DailyDigest | WeeklySummary | Reminder  # what the scheduler delivers; built here, sent by bot/ adapters
