"""Analytics reproduce the published numbers (CDNOW sample of Fader, Hardie & Lee 2005) and the
textbook formulas with correct arithmetic."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crm.analytics.bgnbd import BetaGeoFitter
from crm.analytics.clv import discounted_clv
from crm.analytics.feedback import churn_rate, csat, nps, retention_rate
from crm.analytics.gamma_gamma import GammaGammaFitter
from crm.analytics.summary import customer_summary
from tests.conftest import SHARED

SAMPLE = SHARED / "data" / "cdnow" / "CDNOW_sample.txt"
needs_cdnow = pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/data/cdnow is not beside the checkout")


@pytest.fixture(scope="module")
def calibration() -> pd.DataFrame:
    raw = pd.read_csv(SAMPLE, sep=r"\s+", header=None, names=["master", "customer", "date", "cds", "amount"])
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    return customer_summary(raw, "1997-09-30")


@needs_cdnow
def test_summary_of_the_paper_sample(calibration):
    assert len(calibration) == 2357
    first_day = calibration["T"].max()
    assert first_day == pytest.approx(272 / 7)  # a 1997-01-01 customer: 38.86 weeks


@needs_cdnow
def test_bgnbd_reproduces_the_published_estimates(calibration):
    fitted = BetaGeoFitter().fit(calibration["frequency"], calibration["recency"], calibration["T"]).params_
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert fitted[name] == pytest.approx(value, rel=0.01), name


@needs_cdnow
def test_gamma_gamma_reproduces_the_published_estimates(calibration):
    fitted = GammaGammaFitter().fit(calibration["frequency"], calibration["monetary_value"]).params_
    for name, value in {"p": 6.25, "q": 3.74, "v": 15.44}.items():
        assert fitted[name] == pytest.approx(value, rel=0.01), name


@needs_cdnow
def test_likelihood_gradients_match_finite_differences(calibration):
    """The fits trust the analytic gradients; check them against scipy's finite differences."""
    from scipy.optimize import approx_fprime

    from crm.analytics import bgnbd, gamma_gamma

    x, t_x, big_t, m = (calibration[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    weights = np.ones(len(x))
    for point in (np.log([0.24, 4.4, 0.79, 2.4]), np.log([1.0, 10.0, 0.3, 5.0])):
        exact = bgnbd.negative_log_likelihood(point, x, t_x, big_t, weights)[1]
        numeric = approx_fprime(point, lambda p: bgnbd.negative_log_likelihood(p, x, t_x, big_t, weights)[0], 1e-7)
        assert exact == pytest.approx(numeric, rel=1e-4, abs=1e-6)
    repeat = (x > 0) & (m > 0)
    point = np.log([6.0, 3.7, 15.0])
    exact = gamma_gamma.negative_log_likelihood(point, x[repeat], m[repeat])[1]
    numeric = approx_fprime(point, lambda p: gamma_gamma.negative_log_likelihood(p, x[repeat], m[repeat])[0], 1e-7)
    assert exact == pytest.approx(numeric, rel=1e-4, abs=1e-6)


def test_conditional_expectation_matches_the_paper():
    """Paper, section 5: x=2, t_x=30.43, T=38.86 -> 1.226 purchases expected in the next 39 weeks."""
    model = BetaGeoFitter(params_={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    expected = model.conditional_expected_number_of_purchases_up_to_time(39, np.array([2.0]), np.array([30.43]), np.array([38.86]))
    assert expected[0] == pytest.approx(1.226, abs=0.002)


def test_probability_alive_behaves():
    model = BetaGeoFitter(params_={"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426})
    x, t_x, T = np.array([0.0, 3.0, 3.0, 3.0]), np.array([0.0, 30.0, 20.0, 5.0]), np.array([38.0, 38.0, 38.0, 38.0])
    alive = model.conditional_probability_alive(x, t_x, T)
    assert alive[0] == 1.0  # BG/NBD: no repeat purchase, no chance to die yet
    assert alive[1] > alive[2] > alive[3] > 0  # the longer the silence, the likelier gone


def test_discounted_clv_with_correct_arithmetic():
    assert discounted_clv(1000, retention=1.0, discount=0.10, periods=5) == pytest.approx(3790.79, abs=0.005)
    assert discounted_clv(800, retention=1.0, discount=0.10, periods=5) == pytest.approx(3032.63, abs=0.005)
    assert discounted_clv([100, 100], retention=0.5, discount=0.0) == pytest.approx(75.0)


def test_nps_csat_retention():
    answers = [10] * 30 + [7] * 50 + [3] * 20
    assert nps(answers) == pytest.approx(10.0)
    assert csat([5, 4, 3, 2, 5]) == pytest.approx(60.0)
    assert retention_rate(start=1000, new=200, end=900) == pytest.approx(0.70)
    assert churn_rate(start=1000, new=200, end=900) == pytest.approx(0.30)


def test_rfm_scores_and_segments():
    from crm.analytics.rfm import MEANING, rfm_table

    as_of = pd.Timestamp("2026-03-31")
    rows = []
    for i in range(50):  # 50 customers: customer i bought i+1 times, last i days before as_of
        for k in range(i + 1):
            rows.append((f"c{i}", as_of - pd.Timedelta(days=i + 7 * k), 10.0))
    for i in range(50, 100):  # 50 one-time buyers, long ago, small
        rows.append((f"c{i}", as_of - pd.Timedelta(days=300 + i), 5.0))
    table = rfm_table(pd.DataFrame(rows, columns=["customer", "date", "amount"]), as_of)
    assert set(table["r"]) == {1, 2, 3, 4, 5} and set(table["f"]) <= {1, 2, 3, 4, 5}
    assert table.loc[[f"c{i}" for i in range(50, 100)], "f"].nunique() == 1  # identical buyers, one score
    assert table.loc["c0", "r"] == 5 and table.loc["c49", "f"] == 5 and table.loc["c99", "r"] == 1
    assert table.loc["c99", "segment"] == "lost" and table.loc["c30", "segment"] in {"champions", "loyal"}
    assert set(table["segment"]) <= set(MEANING)


def test_loyalty_value_repeat_rate_and_lifecycle():
    from crm.analytics.lifecycle import NEXT_ACTION, stages
    from crm.analytics.loyalty import loyalty_score, repeat_purchase_rate, value_score

    summary = pd.DataFrame({"frequency": [0.0, 0.0, 4.0, 4.0, 2.0], "recency": [0.0, 0.0, 16.0, 16.0, 4.0],
                            "T": [2.0, 40.0, 17.0, 60.0, 7.0]}, index=["fresh", "gone", "loyal", "lapsed", "cooling"])
    assert repeat_purchase_rate(summary) == pytest.approx(0.6)
    stage = stages(summary)
    assert stage.to_dict() == {"fresh": "new", "gone": "lapsed", "loyal": "loyal", "lapsed": "lapsed", "cooling": "cooling"}
    assert set(stage) <= set(NEXT_ACTION)
    loyalty = loyalty_score(pd.Series([0.0, 0.0, 100.0, 50.0, 20.0], index=summary.index), summary)
    assert loyalty["loyal"] == pytest.approx(0.5 * 1 + 0.5 * 0.8) and loyalty.idxmax() == "loyal"
    with pytest.raises(ValueError):
        loyalty_score(pd.Series([1.0] * 5, index=summary.index), summary, alpha=0.7, beta=0.7)
    rfm = pd.DataFrame({"recency_days": [0, 100], "frequency": [10, 1], "monetary": [500.0, 10.0]}, index=["a", "b"])
    assert value_score(rfm).to_dict() == {"a": pytest.approx(1.0), "b": pytest.approx(0.0)}


def test_kmeans_finds_the_groups_and_names_them():
    from crm.analytics.clusters import segment_customers

    rng = np.random.default_rng(1)
    regulars = pd.DataFrame({"recency_days": rng.integers(1, 10, 60), "frequency": rng.integers(20, 30, 60),
                             "monetary": rng.uniform(800, 1200, 60)})
    sleepers = pd.DataFrame({"recency_days": rng.integers(200, 300, 60), "frequency": rng.integers(1, 3, 60),
                             "monetary": rng.uniform(10, 40, 60)})
    rfm = pd.concat([regulars, sleepers], ignore_index=True)
    result = segment_customers(rfm)
    assert result.k == 2 and result.silhouette > 0.5
    regular_cluster = result.labels.iloc[0]
    assert (result.labels.iloc[:60] == regular_cluster).all() and (result.labels.iloc[60:] != regular_cluster).all()
    assert result.descriptions[regular_cluster] == "recent frequent big spenders"
    assert result.descriptions[result.labels.iloc[60]] == "dormant occasional small spenders"


@needs_cdnow
def test_model_clv_ranks_by_what_customers_will_buy(calibration):
    from crm.analytics.clv import model_clv

    clv = model_clv(calibration, months=12)
    assert (clv >= 0).all() and len(clv) == 2357
    best, one_timer = calibration["frequency"].idxmax(), calibration.index[calibration["frequency"] == 0][0]
    assert clv[best] > 10 * clv[one_timer]
    assert model_clv(calibration, months=24)[best] > clv[best]  # more months, more value


def test_an_order_later_on_the_last_day_counts():
    log = pd.DataFrame({"customer": ["a", "a"], "date": pd.to_datetime(["2026-03-01 09:00", "2026-03-08 17:30"]),
                        "amount": [10.0, 20.0]})
    summary = customer_summary(log, "2026-03-08")
    assert summary.loc["a", "frequency"] == 1 and summary.loc["a", "recency"] == 1.0 and summary.loc["a", "T"] == 1.0
