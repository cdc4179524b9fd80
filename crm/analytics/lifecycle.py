"""Lifecycle stage per customer from their own rhythm, with the next action that suits each stage."""
from __future__ import annotations

import numpy as np
import pandas as pd

from crm.analytics.summary import lateness, typical_gap, usual_gap

NEXT_ACTION = {
    "new": "welcome them and ask how it went",
    "active": "keep doing what works",
    "loyal": "thank them; offer something for regulars",
    "cooling": "a friendly check-in",
    "at risk": "call them this week",
    "lapsed": "a win-back offer, or let them go",
}


def stages(summary: pd.DataFrame, new_weeks: float = 4.0) -> pd.Series:
    """Stage per customer from `customer_summary` (weeks): silence is compared with their usual gap;
    one-time buyers with the base's typical gap."""
    x, big_t = summary["frequency"], summary["T"]
    late = lateness(summary, typical_gap(usual_gap(summary)))
    stage = np.select(
        [(x == 0) & (big_t <= new_weeks), late <= 1.0, late <= 1.5, late <= 3.0],
        ["new", "active", "cooling", "at risk"],
        default="lapsed",
    )
    result = pd.Series(stage, index=summary.index)
    result[(result == "active") & (x >= 2)] = "loyal"
    return result
