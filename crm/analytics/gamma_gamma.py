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
from scipy.special import gammaln

from crm.analytics.bgnbd import ConvergenceError


def negative_log_likelihood(log_params: np.ndarray, x: np.ndarray, m: np.ndarray) -> float:
    p, q, v = np.exp(log_params)
    ll = (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
          + (p * x) * np.log(x) - (p * x + q) * np.log(x * m + v))
    return float(-ll.mean())


@dataclass
class GammaGammaFitter:
    params_: dict[str, float] | None = None

    def fit(self, frequency: pd.Series | np.ndarray, monetary_value: pd.Series | np.ndarray) -> GammaGammaFitter:
        x, m = np.asarray(frequency, float), np.asarray(monetary_value, float)
        keep = (x > 0) & (m > 0)
        if keep.sum() < 3:
            raise ConvergenceError("Gamma-Gamma needs at least three repeat buyers with spend")
        result = minimize(negative_log_likelihood, np.log([1.0, 1.0, max(float(m[keep].mean()), 1.0)]),
                          args=(x[keep], m[keep]), method="L-BFGS-B")
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
