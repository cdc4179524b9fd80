"""Model answers for an owner ("who's at risk?"), computed from their orders and cached until the
orders change.

These are the one implementation of the at-risk list, the lifetime values and the segments: the chat and
the `solocrm at-risk|clv|segments` commands both read them, for the owner's local day (`as_of` turns the
CLI's --as-of DAY into the end of that day in the owner's time zone).

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
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from crm import localtime
from crm.analytics.churn import MIN_HISTORY_DAYS, RiskScores, score
from crm.analytics.lifecycle import NEXT_ACTION
from crm.analytics.rfm import MEANING, rfm_table
from crm.errors import CrmError
from crm.models import Order, Owner
from crm.money import Money, estimate, from_minor
from crm.services.analytics_data import customer_names, orders_frame, spent_minor

log = logging.getLogger(__name__)
RISKY = 0.5
CACHED_OWNERS = 2_000  # the least recently used owners' scores are dropped beyond this (~0.1 MB per 1,000 customers)
_cache: OrderedDict[tuple[str, int], tuple[tuple[object, ...], RiskScores]] = OrderedDict()
_lock = threading.Lock()


class NotEnoughHistory(CrmError):
    """Lifetime values asked for before the orders cover MIN_HISTORY_DAYS."""

    consequence = ""

    def __init__(self, days: int, months: int) -> None:
        covered = "1 day" if days == 1 else f"{days} days"
        super().__init__(f"Top customers by lifetime value: too early to tell. Your orders cover {covered}, and a "
                         f"{months}-month estimate needs at least {MIN_HISTORY_DAYS // 7} weeks of them.")


class NoOrders(CrmError):
    consequence = ""

    def __init__(self) -> None:
        super().__init__("No orders yet, so there is nothing to analyse.")


def _has_orders(session: Session, owner_id: int) -> bool:
    return bool(session.exec(select(func.count()).where(Order.owner_id == owner_id)).one())


def require_orders(session: Session, owner_id: int) -> None:
    """NoOrders unless the owner has logged an order."""
    if not _has_orders(session, owner_id):
        raise NoOrders()


@dataclass(frozen=True)
class AtRiskCustomer:
    customer_id: int
    name: str
    risk: float
    orders: int
    usual_gap_days: float | None
    days_since: int
    spent: Money
    at_stake: Money | None  # risk x their next 12 months while active: what losing them costs (None: too early)
    expected_value: Money | None  # their CLV (None: too early)


def _owner(session: Session, owner_id: int) -> Owner:
    owner = session.get(Owner, owner_id)
    assert owner is not None
    return owner


def local_day(session: Session, owner_id: int, moment: datetime) -> str:
    return localtime.local_day(_owner(session, owner_id).timezone, moment).isoformat()


def as_of(session: Session, owner_id: int, day: str | None, now: datetime) -> datetime:
    """What the CLI's --as-of DAY means: the end of that day in the owner's time zone; `now` without one."""
    if not day:
        return now
    next_day = localtime.start_of(_owner(session, owner_id).timezone, date.fromisoformat(day) + timedelta(days=1))
    return next_day - timedelta(microseconds=1)


def _fingerprint(session: Session, owner_id: int, day: str, months: int) -> tuple[object, ...]:
    count, last = session.exec(select(func.count(), func.max(Order.id)).where(Order.owner_id == owner_id)).one()
    return count, last, day, months


def risk_scores(session: Session, owner_id: int, as_of: datetime, wait: bool = True, months: int = 12) -> RiskScores | None:
    """The owner's risk table as of a local day, cached per database and owner. None without orders,
    or (with `wait=False`) when the cached table is out of date: a refresh then starts in the background."""
    day = local_day(session, owner_id, as_of)
    key = (str(session.get_bind().url), owner_id)
    fingerprint = _fingerprint(session, owner_id, day, months)
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
    return _compute(session, key, owner_id, as_of, months)


def _compute(session: Session, key: tuple[str, int], owner_id: int, as_of: datetime, months: int = 12) -> RiskScores | None:
    day = local_day(session, owner_id, as_of)
    fingerprint = _fingerprint(session, owner_id, day, months)
    frame = orders_frame(session, owner_id, as_of)
    if frame.empty:
        return None
    scores = score(frame, pd.Timestamp(day), months)
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


def _money(value: float, currency: str) -> Money | None:
    return None if pd.isna(value) else estimate(value, currency)


_AT_RISK_COLUMNS = ["name", "risk", "orders", "usual_gap_days", "days_since", "gaps_silent", "spent_minor", "at_stake",
                    "expected_value"]


def at_risk_table(session: Session, owner_id: int, as_of: datetime, everyone: bool = False,
                  wait: bool = True) -> pd.DataFrame | None:
    """The at-risk list: likely lost customers (`everyone`: all customers, scored), most value at stake
    first, by customer id: name, risk, orders, usual_gap_days, days_since, gaps_silent (the silence in
    usual gaps), spent_minor (exact), at_stake (risk x their next 12 months while active: what losing them
    costs) and expected_value (their CLV); the last two NaN while the orders cover too few days. Empty
    without orders; with `wait=False`, None while the scores are out of date (a refresh then runs in the
    background)."""
    scores = risk_scores(session, owner_id, as_of, wait=wait)
    if scores is None:
        return None if not wait and _has_orders(session, owner_id) else pd.DataFrame(columns=_AT_RISK_COLUMNS)
    table = scores.table if everyone else scores.table[scores.table["risk"] >= RISKY]
    names, spent = customer_names(session, owner_id), spent_minor(session, owner_id, as_of)
    ids = [int(c) for c in table.index]
    return pd.DataFrame({
        "name": [names[c] for c in ids],
        "risk": table["risk"].to_numpy(),
        "orders": (table["frequency"] + 1).astype(int).to_numpy(),
        "usual_gap_days": (table["usual_gap_weeks"] * 7).to_numpy(),
        "days_since": (table["weeks_since"] * 7).round().astype(int).to_numpy(),
        "gaps_silent": table["gaps_silent"].to_numpy(),
        "spent_minor": [spent.get(c, 0) for c in ids],
        "at_stake": table["value_at_risk"].round(2).to_numpy(),
        "expected_value": table["value"].round(2).to_numpy(),
    }, index=pd.Index(ids, name="customer_id"), columns=_AT_RISK_COLUMNS)


def at_risk(session: Session, owner_id: int, as_of: datetime, limit: int = 10, wait: bool = True) -> list[AtRiskCustomer] | None:
    """The first `limit` of `at_risk_table`, with money as money (None as there)."""
    table = at_risk_table(session, owner_id, as_of, wait=wait)
    if table is None:
        return None
    currency = _owner(session, owner_id).currency
    return [
        AtRiskCustomer(
            customer_id=int(cid),
            name=row.name,
            risk=float(row.risk),
            orders=int(row.orders),
            usual_gap_days=None if pd.isna(row.usual_gap_days) else float(row.usual_gap_days),
            days_since=int(row.days_since),
            spent=from_minor(int(row.spent_minor), currency),
            at_stake=_money(row.at_stake, currency),
            expected_value=_money(row.expected_value, currency),
        )
        for cid, row in zip(table.index[:limit], table.head(limit).itertuples(index=False), strict=True)
    ]


@dataclass(frozen=True)
class Outlook:
    segment: str
    meaning: str
    stage: str
    next_action: str
    risk: float
    p_alive: float | None  # BG/NBD's, when the model could be fitted
    loyalty: float | None  # None, like the value, while the orders cover too few days
    expected_value: Money | None
    history_days: int  # days the owner's orders cover


def outlook(session: Session, owner_id: int, customer_id: int, as_of: datetime) -> Outlook | None:
    """A customer's RFM segment, chance of being lost and expected spend ahead (None without orders)."""
    scores = risk_scores(session, owner_id, as_of, wait=False)
    if scores is None or customer_id not in scores.table.index:
        return None
    table = segments(session, owner_id, as_of)
    row = scores.table.loc[customer_id]
    segment = str(table.loc[customer_id, "segment"])
    return Outlook(segment, MEANING[segment], str(row["stage"]), NEXT_ACTION[str(row["stage"])], float(row["risk"]),
                   None if pd.isna(row["p_alive"]) else float(row["p_alive"]),
                   None if pd.isna(row["loyalty"]) else float(row["loyalty"]),
                   _money(row["value"], _owner(session, owner_id).currency), scores.history_days)


@dataclass(frozen=True)
class Valued:
    customer_id: int
    name: str
    value: Money  # expected spend over the months asked for, discounted
    orders: int


def top_by_value(session: Session, owner_id: int, as_of: datetime, limit: int | None = 10, months: int = 12) -> list[Valued]:
    """Customers ranked by the models' expected spend over `months` ([] without orders); NotEnoughHistory
    while the orders cover too few days to say."""
    scores = risk_scores(session, owner_id, as_of, months=months)
    if scores is None:
        return []
    if not scores.values_known:
        raise NotEnoughHistory(scores.history_days, months)
    currency = _owner(session, owner_id).currency
    names = customer_names(session, owner_id)
    best = scores.table.sort_values("value", ascending=False, kind="stable")
    best = best.head(limit) if limit is not None else best
    return [Valued(int(cid), names[int(cid)], estimate(value, currency), int(frequency) + 1)
            for cid, value, frequency in zip(best.index, best["value"], best["frequency"], strict=True)]


def segments(session: Session, owner_id: int, as_of: datetime) -> pd.DataFrame:
    """Per customer: RFM scores and the named segment as of the owner's local day (empty without orders)."""
    frame = orders_frame(session, owner_id, as_of)
    if frame.empty:
        return pd.DataFrame(columns=["recency_days", "frequency", "monetary", "r", "f", "m", "segment"])
    return rfm_table(frame, pd.Timestamp(local_day(session, owner_id, as_of)))


def segment_counts(session: Session, owner_id: int, as_of: datetime) -> list[tuple[str, int, str]]:
    """(segment, customers, meaning), largest first."""
    return counts(segments(session, owner_id, as_of))


def counts(table: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(segment, customers, meaning) of a `segments` table, largest first."""
    return [(str(name), int(n), MEANING[str(name)]) for name, n in table["segment"].value_counts().items()]
