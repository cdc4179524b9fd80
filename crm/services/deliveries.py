"""What pushes were delivered: the digest of a day reads which days went without one (the process
was down) and whom the last one flagged. The claims themselves are the scheduler's (`scheduler.claims`)."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from crm.models import Delivery


def last_done(session: Session, owner_id: int, kind: str, before_period: str) -> Delivery | None:
    """The newest finished delivery of a kind before a period (periods of a kind sort by time)."""
    return session.exec(
        select(Delivery)
        .where(Delivery.owner_id == owner_id, Delivery.kind == kind, col(Delivery.status).in_(("sent", "empty")),
               Delivery.period < before_period)
        .order_by(col(Delivery.period).desc())
        .limit(1)
    ).first()


def missed_days(session: Session, owner_id: int, today: date) -> tuple[int, set[int]]:
    """Daily digests not sent since the last one (the process was down all those days), and the
    customers that last digest flagged as at risk."""
    last = last_done(session, owner_id, "daily", today.isoformat())
    if last is None:
        return 0, set()
    gap = (today - date.fromisoformat(last.period)).days - 1
    return max(gap, 0), set(last.payload.get("at_risk", []))
