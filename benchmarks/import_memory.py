"""Memory and speed of `solocrm import orders` on big files; prints a table.

Writes orders CSVs of about 20 MB and 200 MB (the larger about 3 million rows of 5,000 customers) into a
temporary directory, runs `solocrm import orders FILE` on each in a process of its own with a fresh
SQLite database, and reports that process's peak resident memory (the kernel's count, from os.wait4),
the wall time and rows per second. A tiny file gives the baseline every command pays (Python, SQLAlchemy)
and a second import of each file, all of it already stored, the cost of the repeat check.
Goal (issue #12): memory flat, under 300 MB on the 200 MB file.

Run: .venv/bin/python benchmarks/import_memory.py [--sizes 20,200]
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ITEMS = ["candles", "\"soy candle, large\"", "lamp", "beeswax wraps (set of 3)", "gift card", "soap", "diffuser oil",
         "matches", "candle holder (brass)", "workshop seat"]
HEADER = "customer,date,amount,currency,description,quantity,phone,email\n"


def write_orders(path: Path, megabytes: float, customers: int = 5_000) -> int:
    """An orders file of about `megabytes` MB; returns its rows."""
    rng, first, rows = random.Random(12), date(2023, 1, 1), 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        while out.tell() < megabytes * 1e6:
            out.writelines(
                f"Customer {rng.randrange(customers)},{first + timedelta(days=rng.randrange(1_000))},"
                f"{rng.randrange(100, 50_000) / 100:.2f},EUR,{rng.choice(ITEMS)},{rng.randint(1, 5)},,\n"
                for _ in range(10_000)
            )
            rows += 10_000
    return rows


def solocrm() -> list[str]:
    script = Path(sys.executable).parent / "solocrm"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def run_import(path: Path, database: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, first line of the report) of one `solocrm import orders`."""
    env = {**os.environ, "SOLOCRM_DB": str(database), "SOLOCRM_HOME": str(database.parent / "home")}
    out, err = database.with_suffix(".out"), database.with_suffix(".err")
    start = time.perf_counter()
    with out.open("w") as stdout, err.open("w") as stderr:
        child = subprocess.Popen([*solocrm(), "import", "orders", str(path)], env=env, cwd=ROOT, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)  # the child's own peak, which Popen.wait would not give
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"import of {path.name} failed: {err.read_text() or out.read_text()}")
    return seconds, usage.ru_maxrss / 1024, out.read_text().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,200", help="file sizes in MB, comma-separated")
    args = parser.parse_args()
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tiny = work / "tiny.csv"
        tiny.write_text(HEADER + "Anna,2026-01-05,12.50,EUR,candles,1,,\n")
        table.append(("baseline (1 row)", 1, tiny.stat().st_size, *run_import(tiny, work / "tiny.sqlite")))
        for megabytes in (float(size) for size in args.sizes.split(",")):
            path = work / f"orders_{megabytes:g}mb.csv"
            rows = write_orders(path, megabytes)
            database = work / f"{path.stem}.sqlite"
            table.append((f"{megabytes:g} MB, fresh database", rows, path.stat().st_size, *run_import(path, database)))
            table.append((f"{megabytes:g} MB again (all stored)", rows, path.stat().st_size, *run_import(path, database)))
            path.unlink()
    print(f"{'import orders':<28} {'rows':>10} {'file MB':>8} {'wall s':>8} {'rows/s':>9} {'peak RSS MB':>12}  report")
    print("-" * 120)
    for name, rows, size, seconds, peak, report in table:
        print(f"{name:<28} {rows:>10,} {size / 1e6:>8.1f} {seconds:>8.1f} {rows / seconds:>9,.0f} {peak:>12.0f}  {report}")


if __name__ == "__main__":
    main()
