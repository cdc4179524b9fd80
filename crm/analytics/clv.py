"""Customer lifetime value two ways: the textbook formula CLV = sum over t of m_t * p^t / (1 + d)^t,
and the models' (BG/NBD purchases x Gamma-Gamma spend, discounted month by month).

m_t is the margin in period t, p the probability the customer is retained each period, d the
discount rate per period, summed over t = 1..n. Worked example (the source texts print wrong
numbers for it): m = 1000 for 5 years, d = 10%, p = 1 gives 3790.79; m = 800 gives 3032.63.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crm.analytics.bgnbd import BetaGeoFitter
from crm.analytics.gamma_gamma import GammaGammaFitter


def discounted_clv(margins: Sequence[float] | float, retention: float, discount: float, periods: int | None = None) -> float:
    """CLV of a stream of margins (one per period, or one margin repeated for `periods`)."""
    if isinstance(margins, (int, float)):
        if periods is None:
            raise ValueError("give `periods` with a single margin")
        margins = [float(margins)] * periods
    if not 0 <= retention <= 1:
        raise ValueError("retention is a probability in [0, 1]")
    if discount <= -1:
        raise ValueError("discount must be above -100%")
    return sum(m * retention**t / (1 + discount) ** t for t, m in enumerate(margins, start=1))


def model_clv(summary: pd.DataFrame, months: int = 12, annual_discount: float = 0.10, unit_days: float = 7.0) -> pd.Series:
    """Expected discounted spend over the next `months`, fitting BG/NBD and Gamma-Gamma on `summary`."""
    x, t_x, big_t, m = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    spend = GammaGammaFitter().fit(x, m).conditional_expected_average_profit(x, m)
    return clv_from_models(BetaGeoFitter().fit(x, t_x, big_t), spend, summary, months, annual_discount, unit_days)


def clv_from_models(bg: BetaGeoFitter, spend: np.ndarray, summary: pd.DataFrame, months: int = 12,
                    annual_discount: float = 0.10, unit_days: float = 7.0, if_alive: bool = False) -> pd.Series:
    """BG/NBD purchases per month x expected spend per purchase (Gamma-Gamma's), each month discounted
    (the lifetimes recipe, months of 30 days). `if_alive`: the value of a customer who is still active,
    i.e. without BG/NBD's P(alive) factor (see `with_activity`)."""
    x, t_x, big_t = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    total = np.zeros(len(summary))
    previous = np.zeros(len(summary))
    for month, factor in enumerate(discount_factors(months, annual_discount), start=1):
        horizon = month * 30 / unit_days
        upto = (bg.expected_purchases_if_alive(horizon, x, big_t) if if_alive
                else bg.conditional_expected_number_of_purchases_up_to_time(horizon, x, t_x, big_t))
        total += (upto - previous) * spend * factor
        previous = upto
    return pd.Series(total, index=summary.index)


def discount_factors(months: int, annual_discount: float = 0.10) -> np.ndarray:
    """What a unit of money in each of the next `months` months is worth today (months 1..n)."""
    monthly = (1 + annual_discount) ** (1 / 12) - 1
    return 1 / (1 + monthly) ** np.arange(1, months + 1)


def with_activity(value_if_alive: np.ndarray, p_active: np.ndarray) -> np.ndarray:
    """CLV = P(still a customer) x the value of one who is. BG/NBD's own P(alive) calls every one-time
    buyer alive, which makes its CLV rank them too high (on CDNOW its 1 - P(alive) ranks churn worse than
    chance); a probability learned from the owner's own history (`churn.score`) ranks future spend better."""
    return np.asarray(p_active, float) * np.asarray(value_if_alive, float)
