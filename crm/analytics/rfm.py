"""RFM: recency, frequency and monetary value per customer, scored 1-5 by quintile, and the usual
named segments (the common 11-segment scheme on R and the mean of F and M).

Quintiles only rank customers against each other, so in a young or quiet business they call the buyers
of yesterday "hibernating (last purchase long ago)". The names must not contradict the dates: a customer
still within their own rhythm (lifecycle stage new, active or loyal) scores a recency of at least 4,
i.e. one of the recent segments, and "new" goes to one-time buyers only.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crm.analytics.lifecycle import stages
from crm.analytics.summary import customer_summary

# (name, one-line meaning); `segment` assigns them from the scores
SEGMENTS: list[tuple[str, str]] = [
    ("champions", "bought recently, buy often and spend the most"),
    ("loyal", "buy regularly and spend well"),
    ("potential loyalists", "recent customers with average frequency"),
    ("new", "bought for the first time recently"),
    ("promising", "recent shoppers who have not spent much yet"),
    ("need attention", "above average but not recent lately"),
    ("about to sleep", "below average recency and frequency"),
    ("at risk", "spent big and often, but long ago"),
    ("can't lose them", "made the biggest purchases, often, but have not returned"),
    ("hibernating", "last purchase long ago, few orders, low spend"),
    ("lost", "lowest recency, frequency and spend"),
]
MEANING = dict(SEGMENTS)


def _quintile(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Scores 1..5 by percentile rank. Equal values get the same, lower score ("min" ranks): breaking
    ties by order would give two identical one-time buyers different scores and segments."""
    ranks = values.rank(method="min", ascending=higher_is_better, pct=True)
    return np.ceil(ranks * 5).clip(1, 5).astype(int)


def rfm_table(transactions: pd.DataFrame, as_of: str | pd.Timestamp) -> pd.DataFrame:
    """Per customer: recency_days, frequency (orders), monetary (total), r/f/m scores and segment."""
    as_of = pd.Timestamp(as_of).normalize()
    log = transactions.loc[transactions["date"] < as_of + pd.Timedelta(days=1)]  # all of the as-of day
    grouped = log.assign(date=log["date"].dt.normalize()).groupby("customer")
    table = pd.DataFrame({
        "recency_days": (as_of - grouped["date"].max()).dt.days,
        "frequency": grouped["date"].size(),
        "monetary": grouped["amount"].sum(),
    })
    on_time = stages(customer_summary(log, as_of)).reindex(table.index).isin(["new", "active", "loyal"])
    quintile = _quintile(table["recency_days"], higher_is_better=False)
    table["r"] = quintile.where(~on_time, quintile.clip(lower=4))
    table["f"] = _quintile(table["frequency"])
    table["m"] = _quintile(table["monetary"])
    table["segment"] = [segment(r, (f + m) / 2, n == 1)
                        for r, f, m, n in zip(table["r"], table["f"], table["m"], table["frequency"], strict=True)]
    return table


def segment(r: int, fm: float, one_order: bool = True) -> str:
    """The named segment for a recency score, the mean of the frequency and monetary scores, and whether
    the customer has bought once only."""
    if r >= 4 and fm >= 4:
        return "champions"
    if r >= 3 and fm >= 3.5:
        return "loyal"
    if r >= 4 and fm >= 2.5:
        return "potential loyalists"
    if r == 5 and fm < 1.5 and one_order:
        return "new"
    if r >= 4:
        return "promising"
    if r == 3 and fm >= 2.5:
        return "need attention"
    if r == 3:
        return "about to sleep"
    if r <= 2 and fm >= 4.5:
        return "can't lose them"
    if r <= 2 and fm >= 3:
        return "at risk"
    if r == 2 or fm >= 2:
        return "hibernating"
    return "lost"
