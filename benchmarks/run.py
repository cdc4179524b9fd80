"""Benchmarks for Solo CRM; prints a table. Run: .venv/bin/python benchmarks/run.py [--quick]

- dialogue turn latency (p50/p95) with 10,000 customers and 100,000 orders in the database,
  by kind of message (goal: p95 <= 50 ms);
- import of the whole CDNOW transaction log (69,659 orders of 23,570 customers) as CSV
  (goal: <= 10 s), and its re-import (nothing new).
Each figure is the median over several runs; the machines are noisy.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import (  # noqa: E402
    BERLIN,  # noqa: E402
    customer_name,
    fill_owner,
)
from bot.dialogue import Dialogue  # noqa: E402
from crm.db import make_engine, migrate, session_scope  # noqa: E402
from crm.io.csv_import import import_orders  # noqa: E402
from crm.services.oplog import Source  # noqa: E402
from crm.services.owners import get_or_create_owner  # noqa: E402
from crm.types import utcnow  # noqa: E402

CDNOW = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_master.txt"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def fresh_engine(directory: Path, name: str):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{directory / name}")
    migrate(engine)
    return engine


def messages(i: int) -> dict[str, tuple[str, str | tuple[str, ...]]]:
    """Each kind of turn: (message, how the reply must begin). A benchmark of wrong answers measures nothing."""
    who = customer_name((i * 7919) % 10_000)
    return {
        "log order": (f"{who} bought 2 loaves for 12.50", f"Logged order: {who}"),
        "log call": (f"called {who} about the delivery", f"Logged call with {who}"),
        "customer summary": (f"how is {who} doing?", who),
        "sales this month": ("sales this month", "Sales this month"),
        "top customers": ("top customers", "Top customers"),
        "due today": ("what's due today?", ("Nothing due today", "Your day")),
    }


def bench_dialogue(workdir: Path, rounds: int) -> list[tuple[str, str, str]]:
    engine = fresh_engine(workdir, "dialogue.sqlite")
    owner_id = fill_owner(engine, "bench", customers=10_000, orders=100_000)
    dialogue = Dialogue(engine)
    timings: dict[str, list[float]] = {}
    for i in range(rounds):
        for kind, (text, expected) in messages(i).items():
            start = time.perf_counter()
            reply = dialogue.handle(owner_id, text, Source("bench", f"{i}-{kind}"))
            timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
            assert reply.text.startswith(expected), reply.text
    start = time.perf_counter()
    dialogue.handle(owner_id, "who's at risk?", Source("bench", "risk"))
    risk_ms = (time.perf_counter() - start) * 1000
    rows = [(f"turn: {k}", f"{percentile(v, 0.5):.1f} ms", f"{percentile(v, 0.95):.1f} ms") for k, v in timings.items()]
    every = [t for v in timings.values() for t in v]
    rows.append(("turn: all of the above", f"{percentile(every, 0.5):.1f} ms", f"{percentile(every, 0.95):.1f} ms  (goal <= 50)"))
    rows.append(("turn: who's at risk? (once)", f"{risk_ms:.0f} ms", ""))
    return rows


def cdnow_csv(directory: Path) -> Path:
    path = directory / "cdnow_orders.csv"
    lines = ["customer,date,amount,quantity,currency"]
    for raw in CDNOW.read_text().splitlines()[1:]:
        cid, day, qty, value = raw.split()
        lines.append(f"Customer {cid},{day[:4]}-{day[4:6]}-{day[6:]},{value},{qty},USD")
    path.write_text("\n".join(lines) + "\n")
    return path


def bench_import(workdir: Path, runs: int) -> list[tuple[str, str, str]]:
    csv_path = cdnow_csv(workdir)
    first, again = [], []
    for run in range(runs):
        engine = fresh_engine(workdir, f"import{run}.sqlite")
        with session_scope(engine) as session:
            owner = get_or_create_owner(session, "bench", BERLIN)
        for bucket in (first, again):
            with session_scope(engine) as session:
                start = time.perf_counter()
                report = import_orders(session, owner.id, csv_path, now=utcnow())  # type: ignore[arg-type]
                bucket.append(time.perf_counter() - start)
        assert report.imported == 0 and report.skipped == 69_659, report.describe()
        engine.dispose()
    return [
        ("import CDNOW (69,659 orders, 23,570 customers)", f"{statistics.median(first):.2f} s", "goal <= 10 s"),
        ("re-import CDNOW (all skipped)", f"{statistics.median(again):.2f} s", ""),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_dialogue(Path(tmp), rounds=20 if args.quick else 100)
        rows += bench_import(Path(tmp), runs=1 if args.quick else 3)
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'median/p50':>12}  p95 / note")
    print("-" * (width + 40))
    for name, a, b in rows:
        print(f"{name:<{width}}  {a:>12}  {b}")


if __name__ == "__main__":
    main()
