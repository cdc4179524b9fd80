"""Model answers for an owner ("who's at risk?"), computed from their orders and cached until the
orders change.

A question about the models ("who's at risk?") waits for fresh scores. Side remarks (the stage and
segment in "how is Anna doing?") never make a chat turn wait for a model: they use fresh scores when
there are some, and otherwise start a refresh in a background thread for the next question.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from crm import localtime
from crm.analytics.churn import RiskScores, score
from crm.analytics.lifecycle import NEXT_ACTION
from crm.analytics.rfm import MEANING, rfm_table
from crm.models import Order, Owner
from crm.money import Money, estimate, from_minor
from crm.services.analytics_data import customer_names, orders_frame

log = logging.getLogger(__name__)
RISKY = 0.5
CACHED_OWNERS = 2_000  # the least recently used owners' scores are dropped beyond this (~0.1 MB per 1,000 customers)
_cache: OrderedDict[tuple[str, int], tuple[tuple[object, ...], RiskScores]] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class AtRiskCustomer:
    customer_id: int
    name: str
    risk: float
    orders: int
    usual_gap_days: float | None
    days_since: int
    spent: Money


def _local_day(session: Session, owner_id: int, moment: datetime) -> str:
    owner = session.get(Owner, owner_id)
    assert owner is not None
    return localtime.local_day(owner.timezone, moment).isoformat()


def _fingerprint(session: Session, owner_id: int, day: str) -> tuple[object, ...]:
    count, last = session.exec(select(func.count(), func.max(Order.id)).where(Order.owner_id == owner_id)).one()
    return count, last, day


def risk_scores(session: Session, owner_id: int, as_of: datetime, wait: bool = True) -> RiskScores | None:
    """The owner's risk table as of a local day, cached per database and owner. None without orders,
    or (with `wait=False`) when the cached table is out of date: a refresh then starts in the background."""
    day = _local_day(session, owner_id, as_of)
    key = (str(session.get_bind().url), owner_id)
    fingerprint = _fingerprint(session, owner_id, day)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    if not wait:
        if fingerprint[0]:  # no orders: nothing to refresh
            _refresh_in_background(session.get_bind(), key, owner_id, as_of)  # type: ignore[arg-type]
        return None
    return _compute(session, key, owner_id, as_of)


def _compute(session: Session, key: tuple[str, int], owner_id: int, as_of: datetime) -> RiskScores | None:
    day = _local_day(session, owner_id, as_of)
    fingerprint = _fingerprint(session, owner_id, day)
    frame = orders_frame(session, owner_id, as_of)
    if frame.empty:
        return None
    scores = score(frame, pd.Timestamp(day))
    with _lock:
        _cache[key] = (fingerprint, scores)
        _cache.move_to_end(key)
        if len(_cache) > CACHED_OWNERS:
            _cache.popitem(last=False)
    return scores


_refreshing: set[tuple[str, int]] = set()
_refreshed_at: dict[tuple[str, int], float] = {}
REFRESH_INTERVAL = 30.0  # seconds: an owner logging a burst of orders starts one refresh, not one per order


def _refresh_in_background(engine: Engine, key: tuple[str, int], owner_id: int, as_of: datetime) -> None:
    with _lock:
        if key in _refreshing or time.monotonic() - _refreshed_at.get(key, -REFRESH_INTERVAL) < REFRESH_INTERVAL:
            return
        _refreshing.add(key)

    def run() -> None:
        try:
            with Session(engine) as session:
                _compute(session, key, owner_id, as_of)
        except Exception:  # a failed refresh only means the next remark waits for the next one
            log.exception("background refresh of the risk scores failed (owner %s)", owner_id)
        finally:
            with _lock:
                _refreshing.discard(key)
                _refreshed_at[key] = time.monotonic()

    threading.Thread(target=run, name=f"risk-refresh-{owner_id}", daemon=True).start()


def at_risk(session: Session, owner_id: int, as_of: datetime, limit: int = 10, wait: bool = True) -> list[AtRiskCustomer] | None:
    """Likely lost customers, most value at stake first, with what the owner needs to judge it. With
    `wait=False`: None while the scores are out of date (a refresh then runs in the background)."""
    scores = risk_scores(session, owner_id, as_of, wait=wait)
    if scores is None:
        has_orders = session.exec(select(func.count()).where(Order.owner_id == owner_id)).one() > 0
        return None if has_orders and not wait else []
    owner = session.get(Owner, owner_id)
    assert owner is not None
    flagged = scores.table[scores.table["risk"] >= RISKY].head(limit)
    names = customer_names(session, owner_id)
    spent = dict(session.exec(
        select(Order.customer_id, func.sum(Order.amount_minor)).where(
            Order.owner_id == owner_id, Order.currency == owner.currency, Order.customer_id.in_([int(c) for c in flagged.index])  # type: ignore[attr-defined]
        ).group_by(Order.customer_id)
    ).all())
    return [
        AtRiskCustomer(
            customer_id=int(cid),
            name=names[int(cid)],
            risk=float(row.risk),
            orders=int(row.frequency) + 1,
            usual_gap_days=None if pd.isna(row.usual_gap_weeks) else float(row.usual_gap_weeks) * 7,
            days_since=int(round(row.weeks_since * 7)),
            spent=from_minor(int(spent.get(int(cid), 0)), owner.currency),
        )
        for cid, row in flagged.iterrows()
    ]


@dataclass(frozen=True)
class Outlook:
    segment: str
    meaning: str
    stage: str
    next_action: str
    risk: float
    p_alive: float | None  # BG/NBD's, when the model could be fitted
    loyalty: float
    expected_value: Money


def outlook(session: Session, owner_id: int, customer_id: int, as_of: datetime) -> Outlook | None:
    """A customer's RFM segment, chance of being lost and expected spend ahead (None without orders)."""
    scores = risk_scores(session, owner_id, as_of, wait=False)
    if scores is None or customer_id not in scores.table.index:
        return None
    owner = session.get(Owner, owner_id)
    assert owner is not None
    table = rfm_table(orders_frame(session, owner_id, as_of), pd.Timestamp(_local_day(session, owner_id, as_of)))
    row = scores.table.loc[customer_id]
    segment = str(table.loc[customer_id, "segment"])
    value = estimate(row["value"], owner.currency)
    return Outlook(segment, MEANING[segment], str(row["stage"]), NEXT_ACTION[str(row["stage"])], float(row["risk"]),
                   None if pd.isna(row["p_alive"]) else float(row["p_alive"]), float(row["loyalty"]), value)


def top_by_value(session: Session, owner_id: int, as_of: datetime, limit: int = 10) -> list[tuple[str, Money]]:
    """Customers ranked by the models' expected spend over the horizon."""
    scores = risk_scores(session, owner_id, as_of)
    if scores is None:
        return []
    owner = session.get(Owner, owner_id)
    assert owner is not None
    names = customer_names(session, owner_id)
    best = scores.table["value"].sort_values(ascending=False).head(limit)
    return [(names[int(cid)], estimate(v, owner.currency)) for cid, v in best.items()]


def segment_counts(session: Session, owner_id: int, as_of: datetime) -> list[tuple[str, int, str]]:
    """(segment, customers, meaning), largest first."""
    frame = orders_frame(session, owner_id, as_of)
    if frame.empty:
        return []
    counts = rfm_table(frame, pd.Timestamp(_local_day(session, owner_id, as_of)))["segment"].value_counts()
    return [(str(name), int(n), MEANING[str(name)]) for name, n in counts.items()]
