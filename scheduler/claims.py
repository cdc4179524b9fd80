"""Exactly-once pushes: a push is claimed by inserting its (owner, kind, period) row before it is sent.

The unique key decides between two processes; the loser sees the row and does nothing. A claim is
marked sent (or empty, blocked) after the sender returns. A claim whose sender failed is retried
with backoff; one whose process died mid-send (still "sending" after `LEASE`) is taken over. The one
case that can still repeat a message is a crash after Telegram accepted it and before the mark was
committed: a window of milliseconds, against losing the push for good otherwise.

Why this lives in the scheduler and commits: a claim must be visible to every other process before
the push goes out, so each claim and each mark is a transaction of its own, which only the part that
decides when to push can own (`crm` services never commit; their caller does).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from crm.models import Delivery

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8  # then the push stays failed (and logged): by then it is hours late
DONE = ("sent", "empty", "blocked")


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4 … up to 30 minutes between attempts of a failed push."""
    return timedelta(minutes=min(2 ** (attempts - 1), 30))


def claim(session: Session, owner_id: int, kind: str, period: str, now: datetime) -> Delivery | None:
    """The claimed delivery, or None when it is done or another process holds it. Commits."""
    session.add(Delivery(owner_id=owner_id, kind=kind, period=period, claimed_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
    else:
        return _get(session, owner_id, kind, period)
    existing = _get(session, owner_id, kind, period)
    if existing is None or existing.status in DONE:
        return None
    stale = existing.status == "sending" and existing.claimed_at <= now - LEASE
    due_again = (existing.status == "failed" and existing.attempts < MAX_ATTEMPTS
                 and existing.claimed_at <= now - _backoff(existing.attempts))
    if not (stale or due_again):
        return None
    taken = session.execute(  # only one process can move the row on from the state it read
        update(Delivery)
        .where(col(Delivery.id) == existing.id, col(Delivery.status) == existing.status,
               col(Delivery.attempts) == existing.attempts)
        .values(status="sending", claimed_at=now, attempts=existing.attempts + 1)
    )
    session.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.refresh(existing)
    return existing


def _get(session: Session, owner_id: int, kind: str, period: str) -> Delivery | None:
    return session.exec(
        select(Delivery).where(Delivery.owner_id == owner_id, Delivery.kind == kind, Delivery.period == period)
    ).first()


def finish(session: Session, delivery: Delivery, status: str, now: datetime, payload: dict[str, Any] | None = None) -> None:
    """Record how the push ended: sent, empty (nothing to say), failed (retried) or blocked."""
    delivery.status = status
    if status in ("sent", "empty"):
        delivery.sent_at = now
    if payload is not None:
        delivery.payload = payload
    session.add(delivery)
    session.commit()
