"""The daily digest at scale; prints tables.

1. One owner with 10,000 customers and 100,000 orders (plus due follow-ups and birthdays): the time to
   build the digest, cold (the first of the day: the risk model is fitted) and warm (cached).
2. 1,000 owners of 1,000 customers each: one scheduler tick when all digests are due that builds and "sends" all
   1,000 digests through a sender that only counts, with the total time and how late a 10 ms timer on
   the same event loop ran meanwhile (the loop must stay free: the work runs in worker threads).

Run: .venv/bin/python benchmarks/digest.py [--owners 1000]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, update  # noqa: E402

from benchmarks.synthetic import fill_owner  # noqa: E402
from crm.db import make_engine, migrate, session_scope  # noqa: E402
from crm.models import Customer, FollowUp, Owner  # noqa: E402
from crm.services import insights  # noqa: E402
from crm.services.digests import daily_digest  # noqa: E402
from scheduler.runner import PushScheduler  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def add_due_items(engine, owner_id: int, followups: int, birthdays: int, now: datetime) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(owner_id)
    with session_scope(engine) as session:
        ids = session.exec(select(Customer.id).where(Customer.owner_id == owner_id)).scalars().all()  # type: ignore[call-overload]
        session.execute(insert(FollowUp), [
            {"owner_id": owner_id, "customer_id": rng.choice(ids), "due_at": now - timedelta(hours=rng.randint(0, 24 * 14)),
             "has_time": False, "created_at": now} for _ in range(followups)])
        for cid in rng.sample(ids, min(birthdays, len(ids))):
            session.execute(update(Customer).where(Customer.id == cid).values(birthday=f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
        session.commit()


def bench_one_owner(workdir: Path, runs: int) -> list[tuple[str, str]]:
    engine = make_engine(f"sqlite:///{workdir / 'one.sqlite'}")
    migrate(engine)
    owner_id = fill_owner(engine, "tg:1", 10_000, 100_000)
    now = datetime.now(UTC)
    add_due_items(engine, owner_id, followups=300, birthdays=2_000, now=now)
    cold, warm = [], []
    for _ in range(runs):
        insights._cache.clear()  # the first digest of a day fits the model afresh, unless the scheduler prepared it
        for times in (cold, warm, warm, warm):
            start = time.perf_counter()
            with session_scope(engine) as session:
                daily_digest(session, owner_id, now, flagged_before=set())
            times.append(time.perf_counter() - start)
    return [
        ("cold (model fitted while building), median / p95", f"{statistics.median(cold) * 1000:.0f} / {percentile(cold, 0.95) * 1000:.0f} ms"),
        ("prepared (the scheduler fitted it 15 min ahead), median / p95", f"{statistics.median(warm) * 1000:.0f} / {percentile(warm, 0.95) * 1000:.0f} ms"),
    ]


class CountingSender:
    def __init__(self) -> None:
        self.count = 0

    def reaches(self, owner_key: str) -> bool:
        return True

    async def send(self, owner: Owner, push: object) -> None:
        self.count += 1


def bench_many_owners(workdir: Path, owners: int) -> list[tuple[str, str]]:
    engine = make_engine(f"sqlite:///{workdir / 'many.sqlite'}")
    migrate(engine)
    start = time.perf_counter()
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    for i in range(owners):
        owner_id = fill_owner(engine, f"tg:{i + 1}", 1_000, 3_000, seed=i)
        add_due_items(engine, owner_id, followups=5, birthdays=20, now=now)
    filled = time.perf_counter() - start
    due = now + timedelta(minutes=15)
    with session_scope(engine) as session:  # everyone's digest at the same minute, 15 minutes from now
        session.execute(update(Owner).values(timezone="UTC", digest_time=f"{due:%H:%M}"))
        session.commit()
    insights._cache.clear()
    sender = CountingSender()
    lags: list[float] = []
    minute = [now]
    scheduler = PushScheduler(engine, sender, clock=lambda: minute[0])

    async def heartbeat(done: asyncio.Event) -> None:
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - before - 0.01)

    async def ticks() -> tuple[float, float]:
        """The ticks of the quarter hour before the digests (preparing), then the one at their minute."""
        done = asyncio.Event()
        beat = asyncio.create_task(heartbeat(done))
        began = time.perf_counter()
        while minute[0] < due:
            await scheduler.tick()
            minute[0] += timedelta(minutes=1)
        prepared = time.perf_counter() - began
        began = time.perf_counter()
        await scheduler.tick()
        sent = time.perf_counter() - began
        done.set()
        await beat
        return prepared, sent

    prepared, sent = asyncio.run(ticks()) if due.date() == now.date() else (float("nan"), float("nan"))
    return [
        (f"{owners:,} owners x 1,000 customers x 3,000 orders: data built in", f"{filled:.0f} s"),
        ("digests built and sent at their minute", f"{sender.count:,}"),
        ("the 15 ticks before: risk models fitted for all owners in", f"{prepared:.1f} s"),
        ("the tick at the digest minute: all digests built and sent in", f"{sent:.1f} s"),
        ("event loop meanwhile: 10 ms timer late by, median / max", f"{statistics.median(lags) * 1000:.1f} / {max(lags) * 1000:.1f} ms"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--owners", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [("daily digest, 1 owner, 10,000 customers, 100,000 orders", "")]
        rows += bench_one_owner(Path(tmp), args.runs)
        rows += [("", ""), ("daily digest for many owners (one scheduler tick)", "")]
        rows += bench_many_owners(Path(tmp), args.owners)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
