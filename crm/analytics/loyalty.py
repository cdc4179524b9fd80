"""Loyalty and value scores per customer, and the repeat purchase rate of a customer base.

All scores are in 0..1 and relative to the owner's own customers (min-max normalized), so they
rank; they are not probabilities.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def normalized(values: pd.Series) -> pd.Series:
    low, high = values.min(), values.max()
    if high == low:
        return pd.Series(0.0, index=values.index)
    return (values - low) / (high - low)


def repeat_purchase_rate(summary: pd.DataFrame) -> float:
    """Share of customers who bought on more than one day."""
    return float((summary["frequency"] > 0).mean()) if len(summary) else 0.0


def loyalty_score(clv: pd.Series, summary: pd.DataFrame, alpha: float = 0.5, beta: float = 0.5) -> pd.Series:
    """alpha * normalized CLV + beta * the customer's repeat rate (share of their purchase days that
    were repeats, x / (x + 1)). Weights are configurable and must add up to 1."""
    if not np.isclose(alpha + beta, 1.0):
        raise ValueError("loyalty weights must add up to 1")
    repeat = summary["frequency"] / (summary["frequency"] + 1)
    return alpha * normalized(clv) + beta * repeat


def value_score(rfm: pd.DataFrame, weights: tuple[float, float, float] = (0.2, 0.4, 0.4)) -> pd.Series:
    """Weighted normalized recency (fewer days is better), frequency and monetary value."""
    w_r, w_f, w_m = weights
    if not np.isclose(sum(weights), 1.0):
        raise ValueError("value weights must add up to 1")
    return w_r * (1 - normalized(rfm["recency_days"])) + w_f * normalized(rfm["frequency"]) + w_m * normalized(rfm["monetary"])
