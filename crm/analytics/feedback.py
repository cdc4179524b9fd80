"""Satisfaction and retention ratios: NPS, CSAT, retention and churn rates."""
from __future__ import annotations

from collections.abc import Iterable


def nps(scores: Iterable[float]) -> float:
    """Net Promoter Score in points: % promoters (9-10) minus % detractors (0-6) of all answers."""
    values = list(scores)
    if not values:
        raise ValueError("NPS needs at least one answer")
    promoters = sum(1 for s in values if s >= 9)
    detractors = sum(1 for s in values if s <= 6)
    return 100.0 * (promoters - detractors) / len(values)


def csat(scores: Iterable[float]) -> float:
    """Customer satisfaction: share of 4s and 5s on a 1-5 scale, in percent."""
    values = list(scores)
    if not values:
        raise ValueError("CSAT needs at least one answer")
    return 100.0 * sum(1 for s in values if s >= 4) / len(values)


def retention_rate(start: int, new: int, end: int) -> float:
    """(E - N) / S: the share of the customers at the start of a period still there at its end."""
    if start <= 0:
        raise ValueError("retention needs customers at the start of the period")
    return (end - new) / start


def churn_rate(start: int, new: int, end: int) -> float:
    return 1.0 - retention_rate(start, new, end)
