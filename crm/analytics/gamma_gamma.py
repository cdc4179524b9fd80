"""Gamma-Gamma: how much a repeat customer spends per purchase (Fader, Hardie & Lee 2005, "RFM and CLV:
Using Iso-Value Curves for Customer Base Analysis", JMR 42(4); the spend model of their note on it).

Fitted on repeat buyers only (frequency > 0) with their mean spend per repeat purchase; parameters
p, q, v in log space. Assumes spend is independent of purchase frequency.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, gammaln

from crm.analytics.bgnbd import ConvergenceError

BOUNDS = [(-8.0, 8.0), (-8.0, 8.0), (-8.0, 16.0)]  # log p, q and v (v is in money: up to ~9 million)


def negative_log_likelihood(log_params: np.ndarray, x: np.ndarray, m: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood per repeat buyer and its gradient, parameters given as logs."""
    p, q, v = np.exp(log_params)
    px = p * x
    ll = (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1) * np.log(m)
          + px * np.log(x) - (px + q) * np.log(x * m + v))
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - np.log(x * m + v))
    d_q = digamma(px + q) - digamma(q) + np.log(v) - np.log(x * m + v)
    d_v = q / v - (px + q) / (x * m + v)
    gradient = -np.array([p * d_p.mean(), q * d_q.mean(), v * d_v.mean()])
    return float(-ll.mean()), gradient


@dataclass
class GammaGammaFitter:
    params_: dict[str, float] | None = None

    def fit(self, frequency: pd.Series | np.ndarray, monetary_value: pd.Series | np.ndarray) -> GammaGammaFitter:
        x, m = np.asarray(frequency, float), np.asarray(monetary_value, float)
        keep = (x > 0) & (m > 0)
        if keep.sum() < 3:
            raise ConvergenceError("Gamma-Gamma needs at least three repeat buyers with spend")
        result = minimize(negative_log_likelihood, np.log([1.0, 1.0, max(float(m[keep].mean()), 1.0)]),
                          args=(x[keep], m[keep]), jac=True, method="L-BFGS-B", bounds=BOUNDS)
        if not np.isfinite(result.fun):
            raise ConvergenceError(f"Gamma-Gamma fit did not converge: {result.message}")
        p, q, v = np.exp(result.x)
        self.params_ = {"p": float(p), "q": float(q), "v": float(v)}
        return self

    def conditional_expected_average_profit(self, frequency: np.ndarray, monetary_value: np.ndarray) -> np.ndarray:
        """E[M | x, m_x]: a customer's expected spend per purchase; the population mean for one-time buyers."""
        if self.params_ is None:
            raise ValueError("fit the model first")
        p, q, v = self.params_["p"], self.params_["q"], self.params_["v"]
        x, m = np.asarray(frequency, float), np.asarray(monetary_value, float)
        return (p * (v + x * m)) / (p * x + q - 1)
