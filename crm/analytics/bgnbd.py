"""BG/NBD: how often a customer buys while alive, and how likely they still are (Fader, Hardie & Lee 2005,
"Counting Your Customers the Easy Way", Marketing Science 24(2)).

Parameters r, alpha (gamma-distributed purchase rates) and a, b (beta-distributed dropout chance
after each purchase) are fitted by maximum likelihood with the closed-form log-likelihood (eq. 6 of
the paper), in log space so they stay positive. Customers sharing (x, t_x, T) are fitted once with a
weight, which makes large logs cheap.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, gammaln, hyp2f1


class ConvergenceError(ValueError):
    """The optimizer did not find a maximum; the data may be too small or degenerate."""


def _unique_rows(frequency: np.ndarray, recency: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, ...]:
    """Distinct (x, t_x, T) rows and how often each occurs (a lexsort: np.unique(axis=0) is 5x slower)."""
    order = np.lexsort((T, recency, frequency))
    table = np.column_stack([frequency, recency, T])[order]
    starts = np.flatnonzero(np.concatenate([[True], (table[1:] != table[:-1]).any(axis=1)]))
    counts = np.diff(np.append(starts, len(table))).astype(float)
    return table[starts, 0], table[starts, 1], table[starts, 2], counts


def negative_log_likelihood(log_params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
                            weights: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood per customer (eq. 6) and its gradient, parameters given as logs.
    The analytic gradient halves the fit time against finite differences."""
    r, alpha, a, b = np.exp(log_params)
    repeat = x > 0
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(repeat, np.log(a) - np.log(b + x - 1) - (r + x) * np.log(alpha + t_x), -np.inf)
        shared = np.logaddexp(a3, a4)
        w3, w4 = np.exp(a3 - shared), np.exp(a4 - shared)  # each term's share of the sum
        d_b4 = np.where(repeat, -1 / (b + x - 1), 0.0)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + t_x)
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x))
    d_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    d_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) + w4 * d_b4
    total = weights.sum()
    gradient = -np.array([r * weights @ d_r, alpha * weights @ d_alpha, a * weights @ d_a, b * weights @ d_b]) / total
    return float(-(weights * (a1 + a2 + shared)).sum() / total), gradient


BOUNDS = [(-8.0, 8.0)] * 4  # log parameters: e^8 ~ 3,000; tiny logs run off to infinity without them


@dataclass
class BetaGeoFitter:
    """sklearn-shaped: `fit(frequency, recency, T)` returns self; results in `params_`."""

    params_: dict[str, float] | None = None

    def fit(self, frequency: pd.Series | np.ndarray, recency: pd.Series | np.ndarray, T: pd.Series | np.ndarray) -> BetaGeoFitter:
        x, t_x, big_t, w = _unique_rows(np.asarray(frequency, float), np.asarray(recency, float), np.asarray(T, float))
        start = np.log([1.0, max(float(np.mean(big_t)), 1e-3), 1.0, 1.0])
        result = minimize(negative_log_likelihood, start, args=(x, t_x, big_t, w), jac=True, method="L-BFGS-B", bounds=BOUNDS)
        if not result.success and not np.isfinite(result.fun):
            raise ConvergenceError(f"BG/NBD fit did not converge: {result.message}")
        r, alpha, a, b = np.exp(result.x)
        self.params_ = {"r": float(r), "alpha": float(alpha), "a": float(a), "b": float(b)}
        return self

    def _p(self) -> tuple[float, float, float, float]:
        if self.params_ is None:
            raise ValueError("fit the model first")
        p = self.params_
        return p["r"], p["alpha"], p["a"], p["b"]

    def conditional_probability_alive(self, frequency: np.ndarray, recency: np.ndarray, T: np.ndarray) -> np.ndarray:
        """P(alive | x, t_x, T) (eq. 11); one-time buyers count as alive, as the model says."""
        r, alpha, a, b = self._p()
        x, t_x, big_t = (np.asarray(v, float) for v in (frequency, recency, T))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.log(a) - np.log(b + x - 1) + (r + x) * (np.log(alpha + big_t) - np.log(alpha + t_x))
        odds = np.where(x > 0, np.exp(np.clip(log_ratio, -700, 700)), 0.0)
        return 1.0 / (1.0 + odds)

    def conditional_expected_number_of_purchases_up_to_time(
        self, t: float, frequency: np.ndarray, recency: np.ndarray, T: np.ndarray
    ) -> np.ndarray:
        """E[Y(t) | x, t_x, T]: expected purchases in the next `t` units (eq. 10)."""
        return self.expected_purchases_if_alive(t, frequency, T) * self.conditional_probability_alive(frequency, recency, T)

    def expected_purchases_if_alive(self, t: float, frequency: np.ndarray, T: np.ndarray) -> np.ndarray:
        """E[Y(t) | alive now, x, T]: eq. 10 without its P(alive) factor, for callers that estimate
        whether the customer is still active some other way."""
        r, alpha, a, b = self._p()
        x, big_t = np.asarray(frequency, float), np.asarray(T, float)
        z = t / (alpha + big_t + t)
        head = (a + b + x - 1) / (a - 1)
        tail = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
        return head * tail
