"""The push loop: every minute, claim what is due, build it, send it, record how it went.

APScheduler runs `tick` at second 0 of every minute (one run at a time; a late run is coalesced).
Nothing about the schedule lives in memory: what is due comes from the owners' settings (`plan`),
what was done from the deliveries table, so a restart, a second process or a changed setting needs no
bookkeeping. Database and pandas work runs in worker threads; only sending awaits on the loop.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from crm.db import session_scope
from crm.models import Delivery, Owner
from crm.services import insights
from crm.services.digests import due_reminders, todays_digest, weekly_summary
from crm.services.owners import pause_pushes
from crm.types import utcnow
from scheduler import claims, plan
from scheduler.sender import Blocked, Push, Sender

log = logging.getLogger(__name__)
PREPARE = timedelta(minutes=15)  # fit the owners' risk models this long before their digest is due
PREPARE_BUDGET = 40.0  # seconds of preparing per tick, so the next minute's tick is not held up


@dataclass(frozen=True)
class Claimed:
    owner: Owner
    delivery: Delivery
    push: Push | None  # None: nothing to say (a quiet owner's empty digest)


class PushScheduler:
    def __init__(self, engine: Engine, sender: Sender, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.sender = sender
        self.clock = clock

    async def tick(self) -> int:
        """Send everything due now, then prepare the digests due soon; returns how many pushes went out."""
        now = self.clock()
        sent = 0
        for job in await asyncio.to_thread(self._due, now):
            claimed = await asyncio.to_thread(self._claim, job, now)
            if claimed is not None:
                sent += await self._deliver(claimed, now)
        await asyncio.to_thread(self._prepare, now)
        return sent

    def _prepare(self, now: datetime) -> None:
        """Fit the risk models of owners whose digest is due within `PREPARE` (cached until their orders
        change), so that at the digest's minute only the cheap part is left (benchmarks/digest.py)."""
        started = time.monotonic()
        with session_scope(self.engine) as session:
            for owner in self._reachable_owners(session):
                if time.monotonic() - started > PREPARE_BUDGET:
                    return
                if plan.due_soon(owner, now, PREPARE):
                    insights.risk_scores(session, owner.id, now)  # type: ignore[arg-type]

    def _due(self, now: datetime) -> list[tuple[Any, ...]]:
        """(owner id, kind, period, reminder or None) for every push due now and not yet done."""
        with session_scope(self.engine) as session:
            owners = {o.id: o for o in self._reachable_owners(session)}
            done = set(session.exec(
                select(Delivery.owner_id, Delivery.kind, Delivery.period).where(col(Delivery.status).in_(claims.DONE),
                                                                               Delivery.claimed_at > now - plan.HORIZON)
            ).all())
            jobs: list[tuple[Any, ...]] = [(o.id, d.kind, d.period, None) for o in owners.values() for d in plan.due(o, now)]
            jobs += [(owner_id, "reminder", r.period, r) for owner_id, r in due_reminders(session, now) if owner_id in owners]
            return [job for job in jobs if job[:3] not in done]

    def _reachable_owners(self, session: Session) -> list[Owner]:
        """Owners this sender delivers to whose pushes are not paused."""
        owners = session.exec(select(Owner).where(col(Owner.pushes_paused_at).is_(None)))
        return [o for o in owners if self.sender.reaches(o.key)]

    def _claim(self, job: tuple[Any, ...], now: datetime) -> Claimed | None:
        owner_id, kind, period, reminder = job
        with session_scope(self.engine) as session:
            delivery = claims.claim(session, owner_id, kind, period, now)
            if delivery is None:
                return None
            owner = session.get(Owner, owner_id)
            assert owner is not None
            try:
                push = reminder if kind == "reminder" else self._build(session, owner, kind, now)
            except Exception:
                log.exception("building the %s push for owner %s failed", kind, owner_id)
                claims.finish(session, delivery, "failed", now)
                return None
            if push is None:
                claims.finish(session, delivery, "empty", now, self._payload(kind, None))
            return Claimed(owner, delivery, push)

    @staticmethod
    def _build(session: Session, owner: Owner, kind: str, now: datetime) -> Push | None:
        assert owner.id is not None
        if kind == "weekly":
            return weekly_summary(session, owner.id, now)
        digest = todays_digest(session, owner.id, now, count_missed=True, wait=True)
        return None if digest.empty and owner.quiet_digest else digest

    @staticmethod
    def _payload(kind: str, push: Push | None) -> dict[str, Any]:
        """What the next push needs to know of this one: the daily digest's at-risk customers."""
        return {"at_risk": getattr(push, "flagged", [])} if kind == "daily" else {}

    async def _deliver(self, claimed: Claimed, now: datetime) -> int:
        if claimed.push is None:
            return 0
        status = "sent"
        try:
            await self.sender.send(claimed.owner, claimed.push)
        except Blocked:
            status = "blocked"
        except Exception:
            log.exception("sending the %s push to owner %s failed; it will be retried", claimed.delivery.kind, claimed.owner.id)
            status = "failed"
        await asyncio.to_thread(self._finish, claimed, status, now)
        return int(status == "sent")

    def _finish(self, claimed: Claimed, status: str, now: datetime) -> None:
        with session_scope(self.engine) as session:
            delivery = session.get(Delivery, claimed.delivery.id)
            assert delivery is not None
            claims.finish(session, delivery, status, now, self._payload(delivery.kind, claimed.push))
            if status == "blocked":
                owner = session.get(Owner, claimed.owner.id)
                assert owner is not None
                pause_pushes(session, owner, now)
                log.warning("owner %s blocked the bot: pushes paused until they write again", owner.id)

    def start(self) -> AsyncIOScheduler:
        """Run `tick` now (what was missed while the process was down goes out at once) and then at
        second 0 of every minute, on the running event loop (call from inside it)."""
        runner = AsyncIOScheduler(timezone="UTC")
        runner.add_job(self.tick, "cron", second=0, id="pushes", coalesce=True, max_instances=1, misfire_grace_time=50,
                       next_run_time=datetime.now(UTC))
        runner.start()
        return runner
