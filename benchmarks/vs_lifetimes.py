"""Solo CRM's analytics against lifetimes 0.11.3, same steps, same data, same run; prints a table.

lifetimes runs in its own virtual environment with its old pins (numpy<1.24, pandas<2), made here on
first use (benchmarks/.lifetimes-venv). Each side runs in a fresh process so peak memory (ru_maxrss)
is its own. Steps: summary from the transaction log, BG/NBD fit, Gamma-Gamma fit, 12-month CLV for all.
Data: the CDNOW log, and CDNOW repeated to 1,000,000 orders of about 338,000 customers.
Run: .venv/bin/python benchmarks/vs_lifetimes.py [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LIFETIMES_VENV = ROOT / "benchmarks" / ".lifetimes-venv"
MASTER = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_master.txt"

COMMON = """
import json, resource, statistics, sys, time
import pandas as pd
path, end, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
log = pd.read_csv(path, parse_dates=["date"])
def timed(step):
    times = []
    for _ in range(runs):
        start = time.perf_counter(); result = step(); times.append(time.perf_counter() - start)
    return result, statistics.median(times)
"""
LIFETIMES = COMMON + """
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
def summarize():
    s = summary_data_from_transaction_data(log, "customer", "date", monetary_value_col="amount", observation_period_end=end, freq="D")
    s["recency"] /= 7.0; s["T"] /= 7.0
    return s
s, t1 = timed(summarize)
bg, t2 = timed(lambda: BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"]))
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
gg, t3 = timed(lambda: GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"]))
clv, t4 = timed(lambda: gg.customer_lifetime_value(bg, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=12, freq="W", discount_rate=0.0079741404289038))
print(json.dumps({"times": [t1, t2, t3, t4], "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "customers": len(s),
                  "params": {k: float(v) for k, v in bg.params_.items()}}))
"""
OURS = COMMON + """
sys.path.insert(0, sys.argv[4])
from crm.analytics.bgnbd import BetaGeoFitter
from crm.analytics.clv import clv_from_models
from crm.analytics.gamma_gamma import GammaGammaFitter
from crm.analytics.summary import customer_summary
s, t1 = timed(lambda: customer_summary(log, end))
x, t_x, T, m = (s[c].to_numpy(float) for c in ("frequency", "recency", "T", "monetary_value"))
bg, t2 = timed(lambda: BetaGeoFitter().fit(x, t_x, T))
gg, t3 = timed(lambda: GammaGammaFitter().fit(x, m))
clv, t4 = timed(lambda: clv_from_models(bg, gg.conditional_expected_average_profit(x, m), s, months=12))
print(json.dumps({"times": [t1, t2, t3, t4], "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "customers": len(s),
                  "params": bg.params_}))
"""


def lifetimes_python() -> Path:
    python = LIFETIMES_VENV / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(LIFETIMES_VENV)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "lifetimes==0.11.3", "numpy<1.24", "pandas<2", "scipy<1.11"],
                       check=True)
    return python


def cdnow_csv(directory: Path) -> Path:
    raw = pd.read_csv(MASTER, sep=r"\s+")
    log = pd.DataFrame({"customer": raw["customer_id"], "date": pd.to_datetime(raw["date"].astype(str), format="%Y%m%d"),
                        "amount": raw["dollar_value"]})
    path = directory / "cdnow.csv"
    log.to_csv(path, index=False)
    return path


def synthetic_csv(directory: Path, orders: int = 1_000_000) -> Path:
    """CDNOW repeated with new customer ids until 1,000,000 orders (about 338,000 customers): the same
    buying patterns at 14 times the size."""
    base = pd.read_csv(cdnow_csv(directory), parse_dates=["date"])
    copies = -(-orders // len(base))
    big = pd.concat([base.assign(customer=base["customer"] + i * 100_000) for i in range(copies)], ignore_index=True)
    path = directory / "synthetic.csv"
    big.head(orders).to_csv(path, index=False)
    return path


def run(python: Path, script: str, data: Path, end: str, runs: int) -> dict:  # type: ignore[type-arg]
    done = subprocess.run([str(python), "-c", script, str(data), end, str(runs), str(ROOT)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    python = lifetimes_python()
    steps = ["summary", "BG/NBD fit", "Gamma-Gamma fit", "12-month CLV", "total"]
    with tempfile.TemporaryDirectory() as tmp:
        datasets = [("CDNOW (69,659 orders)", cdnow_csv(Path(tmp)), "1997-09-30"),
                    ("CDNOW x 14 (1,000,000 orders)", synthetic_csv(Path(tmp)), "1997-09-30")]
        for name, path, end in datasets:
            theirs = run(python, LIFETIMES, path, end, runs)
            ours = run(Path(sys.executable), OURS, path, end, runs)
            print(f"\n{name}: {ours['customers']:,} customers; medians of {runs} runs")
            print(f"{'step':<18}{'lifetimes':>12}{'solo crm':>12}{'speed-up':>10}")
            for i, step in enumerate(steps):
                a = sum(theirs["times"]) if step == "total" else theirs["times"][i]
                b = sum(ours["times"]) if step == "total" else ours["times"][i]
                print(f"{step:<18}{a:>11.3f}s{b:>11.3f}s{a / b:>9.1f}x")
            print(f"{'peak memory':<18}{theirs['maxrss_mb']:>10.0f}MB{ours['maxrss_mb']:>10.0f}MB")
            print("BG/NBD params  lifetimes", {k: round(v, 4) for k, v in theirs["params"].items()},
                  " ours", {k: round(v, 4) for k, v in ours["params"].items()})


if __name__ == "__main__":
    main()
