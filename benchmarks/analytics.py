"""Analytics on the whole CDNOW log, calibration to 1997-09-30 and hold-out to 1998-06-30; prints tables.

Quality next to the reference figures the issue quotes for lifetimes 0.11.3 on the same split, and
timings (median of several runs) of each step. Run: .venv/bin/python benchmarks/analytics.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crm.analytics.bgnbd import BetaGeoFitter  # noqa: E402
from crm.analytics.churn import fit_risk, learning_set, score  # noqa: E402
from crm.analytics.clv import model_clv  # noqa: E402
from crm.analytics.gamma_gamma import GammaGammaFitter  # noqa: E402
from crm.analytics.rfm import rfm_table  # noqa: E402
from crm.analytics.summary import customer_summary, purchase_days  # noqa: E402

MASTER = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_master.txt"
CAL, HOLD = pd.Timestamp("1997-09-30"), pd.Timestamp("1998-06-30")


def load() -> pd.DataFrame:
    raw = pd.read_csv(MASTER, sep=r"\s+").rename(columns={"customer_id": "customer", "dollar_value": "amount"})
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    return raw


def timed(step, runs: int = 5) -> tuple[object, float]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def main() -> None:
    raw = load()
    summary, t_summary = timed(lambda: customer_summary(raw, CAL))
    x, t_x, big_t, m = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
    bg, t_bg = timed(lambda: BetaGeoFitter().fit(x, t_x, big_t))
    gg, t_gg = timed(lambda: GammaGammaFitter().fit(x, m))
    clv, t_clv = timed(lambda: model_clv(summary, months=12), runs=3)
    scored, t_risk = timed(lambda: score(raw, CAL), runs=3)
    days = purchase_days(raw, HOLD)
    later = days[days["day"] > CAL].groupby("customer").agg(n=("day", "size"), spend=("amount", "sum"))
    table = summary.join(later, how="left").fillna({"n": 0, "spend": 0.0})
    lost = (table["n"] == 0).to_numpy(int)
    expected = bg.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, big_t)  # type: ignore[union-attr]
    alive = bg.conditional_probability_alive(x, t_x, big_t)  # type: ignore[union-attr]
    rfm = rfm_table(raw, CAL)
    rfm_score = (rfm["r"] + rfm["f"] + rfm["m"]).reindex(table.index)
    risk = scored.table["risk"].reindex(table.index)  # type: ignore[union-attr]
    ours_clv = scored.table["value"].reindex(table.index)  # type: ignore[union-attr]
    learning, model = learning_set(raw, CAL), fit_risk(raw, CAL)
    sk = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(learning.x, learning.lost)  # type: ignore[union-attr]
    sk_risk = pd.Series(sk.predict_proba(model.features(summary))[:, 1], index=summary.index).reindex(table.index)  # type: ignore[union-attr]
    rows = [
        ("customers / share with no hold-out purchase", f"{len(table):,} / {lost.mean():.1%}", "23,570 / 70%"),
        ("AUC no purchase: at-risk score (ours)", f"{roc_auc_score(lost, risk):.3f}", "must beat 0.763 (#13: keep >= 0.770)"),
        ("AUC: same features, scikit-learn LogisticRegression (no sign limits)", f"{roc_auc_score(lost, sk_risk):.3f}", "(predictive check)"),
        ("AUC no purchase: -BG/NBD expected purchases", f"{roc_auc_score(lost, -expected):.3f}", "0.763"),
        ("AUC no purchase: recency (days silent)", f"{roc_auc_score(lost, table['T'] - table['recency']):.3f}", "0.759"),
        ("AUC no purchase: -RFM score", f"{roc_auc_score(lost, -rfm_score):.3f}", "0.756"),
        ("AUC no purchase: 1 - P(alive)", f"{roc_auc_score(lost, 1 - alive):.3f}", "0.320"),
        ("Spearman: 12-month CLV (ours: learned activity) vs hold-out spend", f"{spearmanr(ours_clv, table['spend']).statistic:.3f}", "bar: > 0.44 (#13: keep >= 0.446)"),
        ("Spearman: 12-month BG/NBD x Gamma-Gamma CLV vs hold-out spend", f"{spearmanr(clv, table['spend']).statistic:.3f}", "0.420"),
        ("Spearman: RFM score vs hold-out spend", f"{spearmanr(rfm_score, table['spend']).statistic:.3f}", "0.439"),
        ("hold-out repeat purchases: MAE per customer", f"{np.abs(expected - table['n']).mean():.3f}", "0.819"),
        ("hold-out repeat purchases: predicted / actual", f"{expected.sum():,.0f} / {table['n'].sum():,.0f}", "16,874 / 19,684"),
    ]
    timings = [("summary", t_summary), ("BG/NBD fit", t_bg), ("Gamma-Gamma fit", t_gg), ("12-month CLV for all", t_clv),
               ("at-risk score and CLV for all (2 BG/NBD fits + classifier)", t_risk)]
    width = max(len(r[0]) for r in rows)
    print(f"{'CDNOW, calibration to 1997-09-30':<{width}}  {'ours':>18}  lifetimes 0.11.3 (issue)")
    for name, ours, ref in rows:
        print(f"{name:<{width}}  {ours:>18}  {ref}")
    print(f"\n{'step (median)':<{width}}  {'seconds':>18}")
    for name, seconds in timings:
        print(f"{name:<{width}}  {seconds:>18.3f}")
    core = t_summary + t_bg + t_gg + t_clv
    print(f"{'summary + fits + CLV (lifetimes on this machine: about 0.6 s)':<{width}}  {core:>18.3f}")


if __name__ == "__main__":
    main()
