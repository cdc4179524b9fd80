"""Who is likely lost, and what it would cost: a ranked at-risk list with reasons.

BG/NBD alone ranks well by expected purchases but calls every one-time buyer "alive" (its 1 - P(alive)
ranks worse than chance on CDNOW). So the risk here is learned from the owner's own history: features
as of an earlier cut-off (frequency, recency, age, silence, spend, BG/NBD's expected purchases and
P(alive)), labelled by whether the customer bought again before the present, fit a logistic
regression (`fit_logistic`), which then scores everyone as of now. CLV (`value`) is that learned
chance of buying again times the models' value of an active customer (BG/NBD purchases x Gamma-Gamma
spend over 12 months, discounted); the value at risk is the risk times the latter. No data after `as_of`
is used.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit, log_expit

from crm.analytics.bgnbd import BetaGeoFitter
from crm.analytics.clv import clv_from_models, with_activity
from crm.analytics.gamma_gamma import GammaGammaFitter
from crm.analytics.lifecycle import stages
from crm.analytics.loyalty import loyalty_score
from crm.analytics.summary import customer_summary, purchase_days, typical_gap, usual_gap

UNIT = 7.0  # weeks
ALIVE = 6  # the column of BG/NBD's P(alive) among the features
MIN_CUSTOMERS = 30


def _fit(summary: pd.DataFrame) -> tuple[BetaGeoFitter, np.ndarray]:
    """BG/NBD on `summary`, and each customer's expected spend per purchase (Gamma-Gamma's; their own
    mean where too few repeat buyers exist to fit it)."""
    x, t_x, big_t, m = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    try:
        spend = GammaGammaFitter().fit(x, m).conditional_expected_average_profit(x, m)
    except ValueError:
        spend = np.where(x > 0, m, 0.0)
    return BetaGeoFitter().fit(x, t_x, big_t), spend


def _features(summary: pd.DataFrame, bg: BetaGeoFitter, spend: np.ndarray, horizon: float) -> np.ndarray:
    """Model inputs per customer; the models' expectations are over `horizon` weeks."""
    x, t_x, big_t, m = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    expected = bg.conditional_expected_number_of_purchases_up_to_time(horizon, x, t_x, big_t)
    alive = bg.conditional_probability_alive(x, t_x, big_t)
    return np.column_stack([
        np.log1p(x), t_x, big_t, big_t - t_x, np.log1p(m), np.log1p(expected), alive, x / np.maximum(big_t, 1.0),
        np.log1p(expected * spend), np.log1p(m * x),
    ])


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> Callable[[np.ndarray], np.ndarray]:
    """L2-regularized logistic regression on standardized features (the same objective as scikit-learn's
    LogisticRegression with C=1; benchmarks/analytics.py checks both rank alike). Written out with scipy
    because importing scikit-learn alone costs the `at-risk` command 0.7 s."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    z = np.column_stack([(x - mean) / std, np.ones(len(x))])
    sign = np.where(y == 1, 1.0, -1.0)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = sign * (z @ w)
        penalty = 0.5 * l2 * float(w[:-1] @ w[:-1])
        gradient = -(z.T @ (sign * expit(-margin)))
        gradient[:-1] += l2 * w[:-1]
        return float(-log_expit(margin).sum()) + penalty, gradient

    weights = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    return lambda new: expit(np.column_stack([(new - mean) / std, np.ones(len(new))]) @ weights)


@dataclass(frozen=True)
class RiskScores:
    """Per customer (indexed like the summary): risk in 0..1, CLV (`value`), value at risk, and more."""

    table: pd.DataFrame
    method: str


@dataclass(frozen=True)
class LearningSets:
    """What the risk model learns from and what it scores: features at the cut-off with who was lost
    after it, features now (over the same horizon), and each customer's 12-month value if still active."""

    train_x: np.ndarray
    lost: np.ndarray
    now: pd.DataFrame
    now_x: np.ndarray
    value_if_active: np.ndarray


def learning_sets(transactions: pd.DataFrame, as_of: pd.Timestamp, months: int = 12) -> LearningSets | pd.DataFrame:
    """The sets to learn from, or (too few customers, or nobody to learn from) just the summary now."""
    log = transactions.loc[transactions["date"] < as_of + pd.Timedelta(days=1)]  # all of the as-of day
    now = customer_summary(log, as_of, UNIT)
    first, last = log["date"].min().normalize(), as_of
    cut = first + (last - first) * 0.55  # learn on the earlier part, judged by what happened after it
    before = customer_summary(log, cut, UNIT) if len(now) >= MIN_CUSTOMERS else pd.DataFrame()
    if len(before) < MIN_CUSTOMERS:
        return now
    after = purchase_days(log, as_of)
    after = after[after["day"] > cut].groupby("customer").agg(n=("day", "size"))
    lost = (before.join(after, how="left").fillna({"n": 0})["n"] == 0).to_numpy(int)
    if lost.min() == lost.max():
        return now
    window = (last - cut).days / UNIT
    train_x = _features(before, *_fit(before), window)
    bg, spend = _fit(now)
    value = clv_from_models(bg, spend, now, months, unit_days=UNIT, if_alive=True).to_numpy()
    return LearningSets(train_x, lost, now, _features(now, bg, spend, window), value)


def score(transactions: pd.DataFrame, as_of: str | pd.Timestamp, months: int = 12) -> RiskScores:
    """Risk and CLV over the next `months` for every customer with a purchase up to `as_of`; later
    orders are ignored.

    `transactions`: columns customer, date, amount. Small logs (too few customers, or nobody yet to
    learn from) fall back to the customer's own rhythm: silence relative to their usual gap.
    """
    as_of = pd.Timestamp(as_of).normalize()
    sets = learning_sets(transactions, as_of, months)
    if isinstance(sets, pd.DataFrame):
        return _by_rhythm(sets, purchase_days(transactions, as_of).groupby("customer")["amount"].mean(), months)
    risk = fit_logistic(sets.train_x, sets.lost)(sets.now_x)
    table = _table(sets.now, risk, with_activity(sets.value_if_active, 1 - risk), sets.value_if_active)
    return RiskScores(table.assign(p_alive=pd.Series(sets.now_x[:, ALIVE], index=sets.now.index)), "learned")


def _by_rhythm(summary: pd.DataFrame, spend_per_visit: pd.Series, months: int) -> RiskScores:
    """Risk from silence against the customer's own usual gap (one-time buyers: twice everyone's);
    value while active: their usual number of purchases in `months` times what they spend per purchase."""
    own = usual_gap(summary)
    gap = np.maximum(own.fillna(2 * typical_gap(own)).to_numpy(float), 0.5)
    silence = summary["T"] - summary["recency"]
    risk = 1 - np.exp(-np.maximum(silence / gap - 1, 0))
    if_active = months * 30 / UNIT / gap * spend_per_visit.reindex(summary.index).to_numpy(float)
    return RiskScores(_table(summary, risk, (1 - risk) * if_active, if_active).assign(p_alive=np.nan), "rhythm")


def _table(summary: pd.DataFrame, risk: np.ndarray, value: np.ndarray, value_if_active: np.ndarray) -> pd.DataFrame:
    """`value`: expected value ahead; `value_at_risk`: risk x what the customer brings while active,
    i.e. what losing them costs."""
    table = summary.assign(risk=np.clip(risk, 0.0, 1.0), value=value)
    table["stage"] = stages(summary)
    table["loyalty"] = loyalty_score(table["value"], summary)
    table["value_at_risk"] = table["risk"] * value_if_active
    table["usual_gap_weeks"] = usual_gap(table)
    table["weeks_since"] = table["T"] - table["recency"]
    return table.sort_values(["value_at_risk", "risk"], ascending=False)
