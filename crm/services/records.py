"""Log what happened with a customer: orders, interactions, follow-ups, feedback; complete follow-ups.

Each function validates its input, adds the rows through the action's `Recorder` and returns them;
the caller commits once, so an action is stored whole or not at all.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from crm import localtime
from crm.bounds import MAX_QUANTITY, check_amount, check_moment, clean_text
from crm.errors import Invalid
from crm.models import INTERACTION_KINDS, Feedback, FollowUp, Interaction, Order
from crm.money import Money, to_minor
from crm.services.customers import get_customer
from crm.services.oplog import Recorder

FUTURE_TOLERANCE = timedelta(hours=12)  # clocks and time zones disagree a little; a day ahead is a typo


def _require_past(when: datetime, what: str, now: datetime) -> None:
    check_moment(when, now, what)
    if when > now + FUTURE_TOLERANCE:
        raise Invalid(f"That {what} is dated in the future; I only log things that already happened.")


def _text(value: str | None, what: str) -> str | None:
    return (clean_text(value, what) or None) if value is not None else None


def log_order(
    session: Session,
    owner_id: int,
    rec: Recorder,
    *,
    customer_id: int,
    money: Money,
    occurred_at: datetime,
    description: str | None = None,
    quantity: int | None = None,
) -> Order:
    if money.amount < 0:
        raise Invalid("An order can't have a negative amount. (Refunds aren't supported yet.)")
    if quantity is not None and not 0 < quantity < MAX_QUANTITY:
        raise Invalid("The quantity must be a positive whole number, below a billion.")
    check_amount(money)
    _require_past(occurred_at, "order", rec.now)
    get_customer(session, owner_id, customer_id)
    order = Order(
        owner_id=owner_id,
        customer_id=customer_id,
        amount_minor=to_minor(money),
        currency=money.currency,
        description=_text(description, "description"),
        quantity=quantity,
        occurred_at=occurred_at,
    )
    return rec.add(order)  # type: ignore[no-any-return]


def log_interaction(
    session: Session,
    owner_id: int,
    rec: Recorder,
    *,
    customer_id: int,
    kind: str,
    occurred_at: datetime,
    summary: str | None = None,
    closes_due_before: datetime | None = None,
) -> tuple[Interaction, list[FollowUp]]:
    """Log a contact; follow-ups of that customer due before `closes_due_before` are marked done.

    Why: a "keep in touch" reminder that keeps nagging after the owner just called is the most
    common complaint about CRM reminders. A note is not a contact and closes nothing.
    """
    if kind not in INTERACTION_KINDS:
        raise Invalid(f"“{kind}” isn't a kind of contact I know ({', '.join(INTERACTION_KINDS)}).")
    _require_past(occurred_at, "contact", rec.now)
    get_customer(session, owner_id, customer_id)
    interaction = rec.add(
        Interaction(owner_id=owner_id, customer_id=customer_id, kind=kind, summary=_text(summary, "summary"),
                    occurred_at=occurred_at)
    )
    closed: list[FollowUp] = []
    if kind != "note" and closes_due_before is not None:
        for followup in open_followups(session, owner_id, customer_id, due_before=closes_due_before):
            closed.append(rec.update(followup, done_at=rec.now))
    return interaction, closed


def add_followup(
    session: Session,
    owner_id: int,
    rec: Recorder,
    *,
    customer_id: int | None,
    due_at: datetime,
    has_time: bool,
    note: str | None = None,
) -> FollowUp:
    """A follow-up with the customer, or with `customer_id` None the owner's own to-do."""
    check_moment(due_at, rec.now, "follow-up")
    if customer_id is not None:
        get_customer(session, owner_id, customer_id)
    return rec.add(  # type: ignore[no-any-return]
        FollowUp(owner_id=owner_id, customer_id=customer_id, due_at=due_at, has_time=has_time, note=_text(note, "note"))
    )


def open_followups(
    session: Session, owner_id: int, customer_id: int, *, due_before: datetime | None = None
) -> list[FollowUp]:
    """A customer's follow-ups not done yet, oldest due first."""
    query = select(FollowUp).where(
        FollowUp.owner_id == owner_id, FollowUp.customer_id == customer_id, col(FollowUp.done_at).is_(None)
    )
    if due_before is not None:
        query = query.where(FollowUp.due_at < due_before)
    return list(session.exec(query.order_by(FollowUp.due_at)).all())


def complete_followup(session: Session, owner_id: int, rec: Recorder, *, customer_id: int) -> FollowUp | None:
    """Mark the customer's oldest open follow-up done; None when there is none."""
    pending = open_followups(session, owner_id, customer_id)
    return rec.update(pending[0], done_at=rec.now) if pending else None


def followup_of(session: Session, owner_id: int, followup_id: int) -> FollowUp:
    """The owner's follow-up by id (done or not); another owner's is as unknown as a missing one."""
    followup = session.get(FollowUp, followup_id)
    if followup is None or followup.owner_id != owner_id:
        raise Invalid("I can't find that follow-up any more.")
    return followup


def _open_followup(session: Session, owner_id: int, followup_id: int) -> FollowUp:
    followup = followup_of(session, owner_id, followup_id)
    if followup.done_at is not None:
        raise Invalid("That follow-up is already done.")
    return followup


def complete_followup_by_id(session: Session, owner_id: int, rec: Recorder, followup_id: int) -> FollowUp:
    return rec.update(_open_followup(session, owner_id, followup_id), done_at=rec.now)  # type: ignore[no-any-return]


def snooze_followup(session: Session, owner_id: int, rec: Recorder, followup_id: int, days: int, tz: str, now: datetime) -> FollowUp:
    """Due `days` days later at the same local time of day (DST-proof), counted from today for an
    overdue one."""
    followup = _open_followup(session, owner_id, followup_id)
    due = followup.due_at.astimezone(ZoneInfo(tz))
    day = max(due.date(), localtime.local_day(tz, now)) + timedelta(days=days)
    return rec.update(followup, due_at=localtime.at(tz, day, due.time()))  # type: ignore[no-any-return]


def add_feedback(
    session: Session,
    owner_id: int,
    rec: Recorder,
    *,
    customer_id: int,
    occurred_at: datetime,
    score: Decimal | None = None,
    scale: int | None = None,
    comment: str | None = None,
    sentiment: str | None = None,
) -> Feedback:
    if scale is not None and not 2 <= scale <= 100:
        raise Invalid(f"A score out of {scale} isn't a scale I know (out of 5, 10 or 100 are).")
    if score is not None:
        top = scale or 10
        if not 0 <= score <= top:
            raise Invalid(f"A score of {score} doesn't fit a scale of {top}.")
    elif not comment:
        raise Invalid("Feedback needs a score or what they said.")
    _require_past(occurred_at, "feedback", rec.now)
    get_customer(session, owner_id, customer_id)
    return rec.add(  # type: ignore[no-any-return]
        Feedback(
            owner_id=owner_id,
            customer_id=customer_id,
            score=score,
            scale=scale,
            comment=_text(comment, "comment"),
            sentiment=sentiment,
            occurred_at=occurred_at,
        )
    )
