"""Customer lifetime value, the textbook way: CLV = sum over t of m_t * p^t / (1 + d)^t.

m_t is the margin in period t, p the probability the customer is retained each period, d the
discount rate per period, summed over t = 1..n. Worked example (the source texts print wrong
numbers for it): m = 1000 for 5 years, d = 10%, p = 1 gives 3790.79; m = 800 gives 3032.63.
"""
from __future__ import annotations

from collections.abc import Sequence


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
