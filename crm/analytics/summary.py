"""From a transaction log to per-customer frequency, recency, age and spend (the RFM/CLV inputs).

Conventions as in Fader, Hardie & Lee (2005) and lifetimes' `summary_data_from_transaction_data`:
purchases on the same day are one purchase; `frequency` counts repeat purchase days (the first is
not a repeat); `recency` is the time from the first to the last purchase day; `T` from the first
purchase day to the end of the observation; `monetary_value` is the mean spend per repeat purchase day
(0 for one-time buyers), `first_spend` what the first purchase day came to. Times are in `unit` days (7 for
weeks).
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def purchase_days(transactions: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """One row per customer and day up to the day of `end`, all of it: columns customer, day, amount (summed)."""
    last_day = pd.Timestamp(end).normalize()
    log = transactions.loc[transactions["date"] < last_day + pd.Timedelta(days=1), ["customer", "date", "amount"]]
    days = log.assign(day=log["date"].dt.normalize())
    return days.groupby(["customer", "day"], as_index=False, sort=True)["amount"].sum()


def customer_summary(transactions: pd.DataFrame, end: str | pd.Timestamp, unit: float = 7.0) -> pd.DataFrame:
    """Per customer: frequency, recency, T (in `unit` days), monetary_value and first_spend, indexed by customer.

    `transactions` needs columns customer, date (datetime64) and amount (float).
    """
    end = pd.Timestamp(end).normalize()
    days = purchase_days(transactions, end)
    grouped = days.groupby("customer", sort=True)
    first, last = grouped["day"].min(), grouped["day"].max()
    count = grouped["day"].size()
    total, first_amount = grouped["amount"].sum(), grouped["amount"].first()
    frequency = (count - 1).astype(float)
    repeat_spend = (total - first_amount).to_numpy()
    monetary = np.divide(repeat_spend, frequency.to_numpy(), out=np.zeros(len(frequency)), where=frequency.to_numpy() > 0)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (last - first).dt.days / unit,
            "T": (end - first).dt.days / unit,
            "monetary_value": monetary,
            "first_spend": first_amount,
        }
    )


def usual_gap(summary: pd.DataFrame) -> pd.Series:
    """Each customer's mean time between purchase days (recency / repeat purchases); NaN for one-time buyers."""
    return summary["recency"] / summary["frequency"].where(summary["frequency"] > 0)


def typical_gap(gaps: pd.Series, otherwise: float = 4.0) -> float:
    """The base's median gap, for customers without one of their own (`otherwise` when nobody has one)."""
    return float(gaps.median()) if gaps.notna().any() else otherwise


SHORTEST_GAP = 0.5  # weeks: two orders on consecutive days do not make a rhythm of one day


def lateness(summary: pd.DataFrame, one_time_gap: float) -> pd.Series:
    """Silence (weeks since the last purchase, `summary` in weeks) in the customer's own usual gaps;
    one-time buyers have none, so theirs is `one_time_gap`. Gaps count as at least SHORTEST_GAP."""
    gap = usual_gap(summary).fillna(one_time_gap).clip(lower=SHORTEST_GAP)
    return (summary["T"] - summary["recency"]) / gap
