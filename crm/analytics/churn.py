"""Who is likely lost, and what it would cost: a ranked at-risk list with reasons.

The risk as of a day comes from one of two models (`fit_risk`):

- `Learned`, with at least MIN_CUSTOMERS customers and MIN_HISTORY_DAYS of orders. BG/NBD alone ranks well by
  expected purchases but calls every one-time buyer "alive" (its 1 - P(alive) ranks worse than chance on
  CDNOW), so a logistic regression learns from the owner's own history: features as of an earlier cut-off
  (`FEATURES`), labelled by whether the customer bought again before the present. The weight of every
  feature that moves with silence is held to the sign that makes more silence never lower the risk.
  A model only knows what its history shows, though: in the demo bakery no regular had lapsed by the
  cut-off, so it learned that regulars are never lost and scored regulars silent for twelve of their usual
  gaps 0.00. So the rhythm rule below is a floor under it for repeat buyers, starting where their silence
  is less likely than the least likely silence any repeat buyer it learned from came back after: inside
  what the history shows, the learned model decides; beyond it, the rule does.
- `Rhythm`, for fewer customers or a shorter history: how likely a silence this long would be if the
  customer still bought at their own pace (`quiet_chance`; one-time buyers at ONE_TIME_GAPS times the
  base's typical gap), risk = 1 - chance / e^-1 once it is less likely than a whole usual gap passing
  (for a long rhythm, 1 - e^-(late - 1) with `late` the silence in usual gaps). One-time buyers are not
  judged before the orders cover MIN_HISTORY_DAYS: until then the typical gap is made of the gaps short
  enough to have happened yet, and a three-week-old shop called its first customers 71% lost.

CLV (`value`) = (1 - risk) x the value of a customer who is still active over `months`, discounted: the
learned model's BG/NBD purchases x Gamma-Gamma spend, or for `Rhythm` the customer's rate and spend shrunk
toward the base's (`Rhythm.value_if_active`). The value at risk, what losing them costs, is the risk times
that active value. With less than MIN_HISTORY_DAYS of orders there is no value at all (NaN): a year ahead
from a few days of orders is a guess, and two days' orders made a GBP 138,857 CLV out of GBP 2,700.
No data after `as_of` is used.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit, log_expit

from crm.analytics.bgnbd import BetaGeoFitter
from crm.analytics.clv import clv_from_models, discount_factors
from crm.analytics.gamma_gamma import GammaGammaFitter
from crm.analytics.lifecycle import stages
from crm.analytics.loyalty import loyalty_score
from crm.analytics.summary import customer_summary, lateness, purchase_days, typical_gap, usual_gap

UNIT = 7.0  # weeks
MIN_CUSTOMERS = 30
MIN_HISTORY_DAYS = 91  # a quarter of the year a CLV looks ahead; also the least a model learns "came back" from
ONE_TIME_GAPS = 2.0  # a one-time buyer is late after twice the base's typical gap
PRIOR_WEEKS = MIN_HISTORY_DAYS / UNIT  # by rhythm, the base's purchase rate counts as this many weeks of the customer's
PRIOR_PURCHASES = 1.0  # ... and the base's spend per purchase as one purchase of theirs

# The learned model's inputs and the sign each weight is held to: +1 more means likelier lost, -1 less, 0 free.
# Each signed feature moves one way as silence grows (the last purchase earlier, or more time since it),
# so with these signs more silence never lowers the risk. T itself is left out: it is recency + silence.
# The first purchase is in because it is all a one-time buyer has shown (CDNOW hold-out AUC 0.770 -> 0.773).
# P(alive) is 1 for every one-time buyer, and they are most of the lost: unheld, its weight came out
# positive (on CDNOW and the demo), i.e. "the longer silent, the likelier back"; held, it is 0 there and
# counts where BG/NBD fits the shop (simulated shops: hold-out AUC 0.907 -> 0.915).
FEATURES: dict[str, int] = {
    "log(1 + repeat purchases)": 0,
    "weeks from first to last purchase": -1,
    "weeks of silence": 1,
    "log(1 + spend per repeat purchase)": 0,
    "log(1 + first purchase)": 0,
    "log(1 + BG/NBD expected purchases)": -1,
    "BG/NBD P(alive)": -1,
    "repeat purchases per week": -1,
    "log(1 + expected spend)": -1,
    "log(1 + repeat spend)": 0,
}

Spend = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (frequency, monetary_value) -> expected spend per purchase


def _own_mean(x: np.ndarray, m: np.ndarray) -> np.ndarray:
    return np.where(x > 0, m, 0.0)


def _fit_models(summary: pd.DataFrame) -> tuple[BetaGeoFitter, Spend]:
    """BG/NBD on `summary`, and the expected spend per purchase (Gamma-Gamma's; the customer's own mean
    where too few repeat buyers exist to fit it)."""
    x, t_x, big_t, m = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    try:
        spend: Spend = GammaGammaFitter().fit(x, m).conditional_expected_average_profit
    except ValueError:
        spend = _own_mean
    return BetaGeoFitter().fit(x, t_x, big_t), spend


def _features(summary: pd.DataFrame, bg: BetaGeoFitter, spend: Spend, horizon: float) -> np.ndarray:
    """`FEATURES` per customer, in that order; the models' expectations are over `horizon` weeks."""
    x, t_x, big_t, m, first = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value", "first_spend"))
    expected = bg.conditional_expected_number_of_purchases_up_to_time(horizon, x, t_x, big_t)
    columns = {
        "log(1 + repeat purchases)": np.log1p(x),
        "weeks from first to last purchase": t_x,
        "weeks of silence": big_t - t_x,
        "log(1 + spend per repeat purchase)": np.log1p(m),
        "log(1 + first purchase)": np.log1p(first),
        "log(1 + BG/NBD expected purchases)": np.log1p(expected),
        "BG/NBD P(alive)": bg.conditional_probability_alive(x, t_x, big_t),
        "repeat purchases per week": x / np.maximum(big_t, 1.0),
        "log(1 + expected spend)": np.log1p(expected * spend(x, m)),
        "log(1 + repeat spend)": np.log1p(m * x),
    }
    return np.column_stack([columns[name] for name in FEATURES])


def fit_logistic(x: np.ndarray, y: np.ndarray, signs: list[int] | None = None, l2: float = 1.0) -> Callable[[np.ndarray], np.ndarray]:
    """L2-regularized logistic regression on standardized features (scikit-learn's LogisticRegression
    objective with C=1), each weight held to the sign in `signs` (+1: >= 0, -1: <= 0, 0: free). Written out
    with scipy because importing scikit-learn alone costs the `at-risk` command 0.7 s. A feature constant
    where the model learns (to six digits) is left unscaled: divided by its spread of nothing, any difference
    at scoring time became a push of millions."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std <= 1e-6 * np.maximum(1.0, np.abs(mean))] = 1.0
    z = np.column_stack([(x - mean) / std, np.ones(len(x))])
    sign = np.where(y == 1, 1.0, -1.0)
    bounds = [{1: (0.0, None), -1: (None, 0.0), 0: (None, None)}[s] for s in (signs or [0] * x.shape[1])] + [(None, None)]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = sign * (z @ w)
        penalty = 0.5 * l2 * float(w[:-1] @ w[:-1])
        gradient = -(z.T @ (sign * expit(-margin)))
        gradient[:-1] += l2 * w[:-1]
        return float(-log_expit(margin).sum()) + penalty, gradient

    weights = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds).x
    return lambda new: expit(np.column_stack([(new - mean) / std, np.ones(len(new))]) @ weights)


USUAL = float(np.exp(-1.0))  # the chance that a steady customer lets one whole usual gap pass without buying


def quiet_chance(summary: pd.DataFrame, one_time_gap: float) -> np.ndarray:
    """The chance that a customer still buying at their own pace would have been silent this long. Their x
    gaps over t_x weeks give their purchase rate a Gamma(x, t_x) posterior, under which P(no purchase in s
    weeks) = (1 + s / t_x)^-x = (1 + late / x)^-x, `late` the silence in their usual gaps: about e^-late
    for a long rhythm, but 1 / (1 + late) when one gap is all they have shown (two orders on consecutive
    days, then a month away, is no lapse). A one-time buyer's pace is the base's (`one_time_gap`): e^-late."""
    x = summary["frequency"].to_numpy(float)
    late = lateness(summary, one_time_gap).to_numpy(float)
    return np.where(x > 0, (1 + late / np.maximum(x, 1.0)) ** -x, np.exp(-late))


def rhythm_risk(chance: np.ndarray, usual: float = USUAL) -> np.ndarray:
    """No risk while a silence is at least as likely as `usual`, then 1 - chance / usual: for a long
    rhythm 1 - e^-(late - 1) once a usual gap has passed."""
    return np.clip(1 - np.asarray(chance, float) / usual, 0.0, 1.0)


@dataclass(frozen=True)
class Rhythm:
    """Risk from each customer's own rhythm; the value of an active customer from their purchase rate and
    spend, shrunk toward the base's. A customer's rate is the Gamma-Poisson posterior mean with the base's
    rate as prior worth PRIOR_WEEKS of observation, (repeat purchases + PRIOR_WEEKS x base rate) / (weeks
    since their first purchase + PRIOR_WEEKS); their spend per purchase the mean of their purchases and
    PRIOR_PURCHASES of the base's. Two orders in two days thus say little: 13 weeks of the base's rhythm
    outweigh them, where the raw rhythm made 100 visits a year out of them."""

    one_time_gap: float  # weeks: a one-time buyer's usual gap (the base's); infinite while too young to tell
    rate: float  # the base's repeat purchases per week since each customer's first
    spend: float  # the base's spend per purchase day
    usual: float = USUAL  # the least likely silence (`quiet_chance`) that still carries no risk
    method = "rhythm"

    @classmethod
    def of(cls, summary: pd.DataFrame, usual: float = USUAL) -> Rhythm:
        """The rule for the customers in `summary` (as of its day)."""
        x, big_t = summary["frequency"], summary["T"]
        spent = summary["first_spend"] + x * summary["monetary_value"]
        rate = float(x.sum() / big_t.sum()) if big_t.sum() > 0 else 0.0
        young = big_t.max() * UNIT + 1 < MIN_HISTORY_DAYS  # the first customer's age is the history's
        one_time_gap = np.inf if young else ONE_TIME_GAPS * typical_gap(usual_gap(summary))
        return cls(one_time_gap, rate, float(spent.sum() / (x + 1).sum()), usual)

    def quiet_chance(self, summary: pd.DataFrame) -> np.ndarray:
        return quiet_chance(summary, self.one_time_gap)

    def risk(self, summary: pd.DataFrame) -> np.ndarray:
        return rhythm_risk(self.quiet_chance(summary), self.usual)

    def value_if_active(self, summary: pd.DataFrame, months: int) -> np.ndarray:
        x, big_t = summary["frequency"].to_numpy(float), summary["T"].to_numpy(float)
        spent = summary["first_spend"].to_numpy(float) + x * summary["monetary_value"].to_numpy(float)
        rate = (x + PRIOR_WEEKS * self.rate) / (big_t + PRIOR_WEEKS)
        spend = (spent + PRIOR_PURCHASES * self.spend) / (x + 1 + PRIOR_PURCHASES)
        return rate * 30 / UNIT * float(discount_factors(months).sum()) * spend


@dataclass(frozen=True)
class Learned:
    """The logistic regression, what its features need (BG/NBD and spend fitted on the customers it scores,
    the horizon of their expectations) and the rhythm rule that is its floor."""

    predict: Callable[[np.ndarray], np.ndarray]
    bg: BetaGeoFitter
    spend: Spend
    window: float  # weeks
    floor: Rhythm
    method = "learned"

    def features(self, summary: pd.DataFrame) -> np.ndarray:
        return _features(summary, self.bg, self.spend, self.window)

    def risk(self, summary: pd.DataFrame) -> np.ndarray:
        learned = self.predict(self.features(summary))
        return np.where(summary["frequency"].to_numpy() > 0, np.maximum(learned, self.floor.risk(summary)), learned)

    def value_if_active(self, summary: pd.DataFrame, months: int) -> np.ndarray:
        x, m = summary["frequency"].to_numpy(float), summary["monetary_value"].to_numpy(float)
        return clv_from_models(self.bg, self.spend(x, m), summary, months, unit_days=UNIT, if_alive=True).to_numpy()


@dataclass(frozen=True)
class LearningSet:
    """What the risk model learns from: the customers as of the cut-off, their features, who was lost
    after it, and the weeks from the cut-off to the present."""

    before: pd.DataFrame
    x: np.ndarray
    lost: np.ndarray
    window: float


def _log_until(transactions: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    return transactions.loc[transactions["date"] < as_of + pd.Timedelta(days=1)]  # all of the as-of day


def history_days(log: pd.DataFrame, as_of: pd.Timestamp) -> int:
    """Days the orders cover, the first order's day and the as-of day included."""
    return int((as_of - log["date"].min().normalize()).days) + 1


def learning_set(transactions: pd.DataFrame, as_of: str | pd.Timestamp) -> LearningSet | None:
    """The earlier 55% of the history, judged by what happened after it; None when too small or too young
    to learn from, or when everyone (or no one) came back."""
    as_of = pd.Timestamp(as_of).normalize()
    log = _log_until(transactions, as_of)
    if log["customer"].nunique() < MIN_CUSTOMERS or history_days(log, as_of) < MIN_HISTORY_DAYS:
        return None
    first = log["date"].min().normalize()
    cut = first + (as_of - first) * 0.55
    before = customer_summary(log, cut, UNIT)
    if len(before) < MIN_CUSTOMERS:
        return None
    after = purchase_days(log, as_of)
    lost = (~before.index.isin(after.loc[after["day"] > cut, "customer"].unique())).astype(int)
    if lost.min() == lost.max():
        return None
    window = (as_of - cut).days / UNIT
    return LearningSet(before, _features(before, *_fit_models(before), window), lost, window)


def _fit(log: pd.DataFrame, now: pd.DataFrame, as_of: pd.Timestamp) -> Rhythm | Learned:
    learning = learning_set(log, as_of)
    if learning is None:
        return Rhythm.of(now)
    predict = fit_logistic(learning.x, learning.lost, list(FEATURES.values()))
    came_back = (learning.before["frequency"] > 0).to_numpy() & (learning.lost == 0)  # repeat buyers who bought again
    seen = quiet_chance(learning.before, np.inf)[came_back]  # how unlikely their silence was at the cut-off
    return Learned(predict, *_fit_models(now), learning.window, Rhythm.of(now, min(USUAL, float(seen.min(initial=1.0)))))


def fit_risk(transactions: pd.DataFrame, as_of: str | pd.Timestamp) -> Rhythm | Learned:
    """The model that scores customers (rows like `customer_summary`'s) as of `as_of`."""
    as_of = pd.Timestamp(as_of).normalize()
    log = _log_until(transactions, as_of)
    return _fit(log, customer_summary(log, as_of, UNIT), as_of)


@dataclass(frozen=True)
class RiskScores:
    """Per customer (indexed like the summary): risk in 0..1, CLV (`value`), value at risk, and more;
    `value` and `value_at_risk` are NaN while the orders cover fewer than MIN_HISTORY_DAYS days."""

    table: pd.DataFrame
    method: str
    history_days: int

    @property
    def values_known(self) -> bool:
        return self.history_days >= MIN_HISTORY_DAYS


def score(transactions: pd.DataFrame, as_of: str | pd.Timestamp, months: int = 12) -> RiskScores:
    """Risk and CLV over the next `months` for every customer with a purchase up to `as_of`; later
    orders are ignored. `transactions`: columns customer, date, amount."""
    as_of = pd.Timestamp(as_of).normalize()
    log = _log_until(transactions, as_of)
    now = customer_summary(log, as_of, UNIT)
    model = _fit(log, now, as_of)
    days = history_days(log, as_of)
    risk = np.clip(model.risk(now), 0.0, 1.0)
    if_active = model.value_if_active(now, months) if days >= MIN_HISTORY_DAYS else np.full(len(now), np.nan)
    table = _table(now, risk, (1 - risk) * if_active, risk * if_active)
    if isinstance(model, Learned):
        table["p_alive"] = model.bg.conditional_probability_alive(*(table[c].to_numpy(float) for c in ("frequency", "recency", "T")))
    else:
        table["p_alive"] = np.nan
    return RiskScores(table, model.method, days)


def _table(summary: pd.DataFrame, risk: np.ndarray, value: np.ndarray, value_at_risk: np.ndarray) -> pd.DataFrame:
    """`value`: expected value ahead; `value_at_risk`: what losing them costs. Most at stake first (by
    risk while values are unknown)."""
    table = summary.assign(risk=risk, value=value, value_at_risk=value_at_risk)
    table["stage"] = stages(summary)
    table["loyalty"] = loyalty_score(table["value"], summary)
    table["usual_gap_weeks"] = usual_gap(table)
    table["weeks_since"] = table["T"] - table["recency"]
    table["gaps_silent"] = table["weeks_since"] / table["usual_gap_weeks"]
    return table.sort_values(["value_at_risk", "risk"], ascending=False)
