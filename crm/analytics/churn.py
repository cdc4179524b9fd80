"""Who is likely lost, and what it would cost: a ranked at-risk list with reasons.

BG/NBD alone ranks well by expected purchases but calls every one-time buyer "alive" (its 1 - P(alive)
ranks worse than chance on CDNOW). So the risk here is learned from the owner's own history: features
as of an earlier cut-off (frequency, recency, age, silence, spend, BG/NBD's expected purchases and
P(alive)), labelled by whether the customer bought again before the present, fit a logistic
regression, which then scores everyone as of now. The value at stake is the models' expected spend
(BG/NBD purchases x Gamma-Gamma spend) over the horizon. No data after `as_of` is used.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from crm.analytics.bgnbd import BetaGeoFitter
from crm.analytics.gamma_gamma import GammaGammaFitter
from crm.analytics.lifecycle import stages
from crm.analytics.loyalty import loyalty_score
from crm.analytics.summary import customer_summary, purchase_days

UNIT = 7.0  # weeks
ALIVE = 6  # the column of BG/NBD's P(alive) among the features
MIN_CUSTOMERS = 30


def _features(summary: pd.DataFrame, horizon: float) -> tuple[np.ndarray, np.ndarray]:
    """Model inputs per customer, and BG/NBD x Gamma-Gamma expected spend over `horizon` weeks."""
    x, t_x, big_t, m = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    bg = BetaGeoFitter().fit(x, t_x, big_t)
    expected = bg.conditional_expected_number_of_purchases_up_to_time(horizon, x, t_x, big_t)
    alive = bg.conditional_probability_alive(x, t_x, big_t)
    try:
        spend = GammaGammaFitter().fit(x, m).conditional_expected_average_profit(x, m)
    except ValueError:
        spend = np.where(x > 0, m, 0.0)
    value = expected * spend
    features = np.column_stack([
        np.log1p(x), t_x, big_t, big_t - t_x, np.log1p(m), np.log1p(expected), alive, x / np.maximum(big_t, 1.0),
        np.log1p(value), np.log1p(m * x),
    ])
    return features, value


@dataclass(frozen=True)
class RiskScores:
    """Per customer (indexed like the summary): risk in 0..1, expected future value, value at risk."""

    table: pd.DataFrame
    method: str


def score(transactions: pd.DataFrame, as_of: str | pd.Timestamp, horizon_weeks: float = 39.0) -> RiskScores:
    """Risk and value for every customer with a purchase up to `as_of`; later orders are ignored.

    `transactions`: columns customer, date, amount. Small logs (too few customers, or nobody yet to
    learn from) fall back to the customer's own rhythm: silence relative to their usual gap.
    """
    as_of = pd.Timestamp(as_of).normalize()
    log = transactions.loc[transactions["date"] < as_of + pd.Timedelta(days=1)]  # all of the as-of day
    now = customer_summary(log, as_of, UNIT)
    first, last = log["date"].min().normalize(), as_of
    cut = first + (last - first) * 0.55  # learn on the earlier part, judged by what happened after it
    before = customer_summary(log, cut, UNIT) if len(now) >= MIN_CUSTOMERS else pd.DataFrame()
    if len(before) < MIN_CUSTOMERS:
        return _by_rhythm(now)
    after = purchase_days(log, as_of)
    after = after[after["day"] > cut].groupby("customer").agg(n=("day", "size"))
    labels = before.join(after, how="left").fillna({"n": 0})
    lost = (labels["n"] == 0).to_numpy(int)
    if lost.min() == lost.max():
        return _by_rhythm(now)
    train_x, _ = _features(before, (last - cut).days / UNIT)
    classifier = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(train_x, lost)
    now_x, value = _features(now, horizon_weeks)
    table = _table(now, classifier.predict_proba(now_x)[:, 1], value).assign(p_alive=pd.Series(now_x[:, ALIVE], index=now.index))
    return RiskScores(table, "learned")


def _by_rhythm(summary: pd.DataFrame) -> RiskScores:
    """Risk from silence against the customer's own usual gap (one-time buyers: against everyone's)."""
    gap = np.where(summary["frequency"] > 0, summary["recency"] / summary["frequency"].clip(lower=1), np.nan)
    typical = np.nanmedian(gap) if np.isfinite(gap).any() else 4.0
    gap = np.where(np.isfinite(gap), gap, 2 * typical)
    silence = summary["T"] - summary["recency"]
    risk = 1 - np.exp(-np.maximum(silence / np.maximum(gap, 0.5) - 1, 0))
    spent = summary["monetary_value"] * summary["frequency"]
    return RiskScores(_table(summary, risk, spent.to_numpy(float)).assign(p_alive=np.nan), "rhythm")


def _table(summary: pd.DataFrame, risk: np.ndarray, value: np.ndarray) -> pd.DataFrame:
    table = summary.assign(risk=np.clip(risk, 0.0, 1.0), value=value)
    table["stage"] = stages(summary)
    table["loyalty"] = loyalty_score(table["value"], summary)
    table["value_at_risk"] = table["risk"] * table["value"]
    table["usual_gap_weeks"] = np.where(table["frequency"] > 0, table["recency"] / table["frequency"].clip(lower=1), np.nan)
    table["weeks_since"] = table["T"] - table["recency"]
    return table.sort_values(["value_at_risk", "risk"], ascending=False)
