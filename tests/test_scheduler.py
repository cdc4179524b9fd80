"""The push scheduler on a real SQLite file, with time-machine as the clock: weeks of schedule run in
seconds through DST changes, restarts, a second process, a changed time zone and a blocked bot."""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlmodel import select

from crm.config import LocalDefaults
from crm.db import make_engine, session_scope
from crm.models import Delivery, FollowUp, Owner
from crm.services import customers, records
from crm.services.oplog import Recorder, Source
from crm.services.owners import update_settings
from crm.types import utcnow
from scheduler import claims
from scheduler.runner import PushScheduler
from scheduler.sender import Blocked
from tests.conftest import make_owner

NEW_YORK = LocalDefaults(timezone="America/New_York", region="US", currency="USD", language="en")


class RecordingSender:
    """Keeps what it was asked to deliver, and when; can fail the next sends on purpose."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, datetime, object]] = []
        self.failures: list[Exception] = []

    def reaches(self, owner_key: str) -> bool:
        return True

    async def send(self, owner: Owner, push: object) -> None:
        if self.failures:
            raise self.failures.pop(0)
        kind = type(push).__name__
        self.sent.append((owner.id, kind, datetime.now(UTC), push))  # type: ignore[arg-type]

    def kinds(self, owner_id: int, kind: str) -> list[datetime]:
        return [at for oid, k, at, _ in self.sent if oid == owner_id and k == kind]


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def run(schedulers: list[PushScheduler], clock: time_machine.Coordinates, start: datetime, end: datetime,
        step: timedelta = timedelta(minutes=30)) -> None:
    """Tick every scheduler at each step from `start` to `end` (all of them at the same instant)."""

    async def loop() -> None:
        clock.move_to(start)
        while datetime.now(UTC) < end:
            await asyncio.gather(*(s.tick() for s in schedulers))
            clock.shift(step)

    asyncio.run(loop())


def local(at: datetime, zone: str) -> datetime:
    return at.astimezone(ZoneInfo(zone))


@pytest.mark.parametrize("zone, first_day", [
    ("Europe/Berlin", date(2026, 3, 24)),  # clocks go forward on 29 March
    ("Europe/Berlin", date(2026, 10, 20)),  # and back on 25 October
    ("America/New_York", date(2026, 3, 3)),  # forward on 8 March
    ("America/New_York", date(2026, 10, 27)),  # back on 1 November
])
def test_digests_come_at_0800_local_every_day_across_dst(engine, clock, zone, first_day):
    owner = make_owner(engine, "tg:1", LocalDefaults(zone, "DE", "EUR", "en"))
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=ZoneInfo(zone)).astimezone(UTC)
    sender = RecordingSender()
    run([PushScheduler(engine, sender)], clock, start, start + timedelta(days=14))
    daily = sender.kinds(owner, "DailyDigest")
    assert len(daily) == 14 and len({local(t, zone).date() for t in daily}) == 14
    assert {local(t, zone).strftime("%H:%M") for t in daily} == {"08:00"}
    weekly = sender.kinds(owner, "WeeklySummary")
    assert len(weekly) == 2 and all(local(t, zone).strftime("%a %H:%M") == "Mon 08:00" for t in weekly)
    offsets = {local(t, zone).utcoffset() for t in daily}
    assert len(offsets) == 2  # the fortnight really crossed a change


def test_a_digest_missed_while_down_is_sent_on_return_that_day_else_skipped_and_mentioned(engine, clock):
    owner = make_owner(engine, "tg:1")  # Berlin, 08:00 = 07:00 UTC in March
    sender = RecordingSender()
    day1 = datetime(2026, 3, 10, tzinfo=UTC)
    run([PushScheduler(engine, sender)], clock, day1, day1 + timedelta(hours=6))  # down from 06:00 UTC
    assert sender.kinds(owner, "DailyDigest") == []
    run([PushScheduler(engine, sender)], clock, day1 + timedelta(hours=10), day1 + timedelta(hours=12))  # back at 11:00
    assert [local(t, "Europe/Berlin").strftime("%d %H:%M") for t in sender.kinds(owner, "DailyDigest")] == ["10 11:00"]
    run([PushScheduler(engine, sender)], clock, day1 + timedelta(days=3, hours=8), day1 + timedelta(days=3, hours=9))
    digests = [push for oid, kind, _, push in sender.sent if kind == "DailyDigest"]
    assert len(digests) == 2 and digests[-1].day == date(2026, 3, 13) and digests[-1].missed == 2  # 11 and 12 March


def test_a_restart_between_claim_and_send_sends_once(engine, clock):
    """A process claimed the digest and died before sending: the claim is taken over after the lease,
    never while it may still be sending."""
    owner = make_owner(engine, "tg:1")
    due = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    with session_scope(engine) as session:
        assert claims.claim(session, owner, "daily", "2026-03-10", due) is not None
    sender = RecordingSender()
    run([PushScheduler(engine, sender)], clock, due, due + claims.LEASE, step=timedelta(minutes=1))
    assert sender.sent == []
    run([PushScheduler(engine, sender)], clock, due + claims.LEASE, due + timedelta(hours=3), step=timedelta(minutes=1))
    assert len(sender.kinds(owner, "DailyDigest")) == 1
    with session_scope(engine) as session:
        [row] = session.exec(select(Delivery)).all()
        assert (row.status, row.attempts) == ("sent", 2)


def test_two_processes_on_one_database_send_each_push_once(engine, db_path, clock):
    berlin, new_york = make_owner(engine, "tg:1"), make_owner(engine, "tg:2", NEW_YORK)
    second_engine = make_engine(f"sqlite:///{db_path}")  # its own connections, as another process has
    first, second = RecordingSender(), RecordingSender()
    start = datetime(2026, 3, 9, tzinfo=UTC)
    run([PushScheduler(engine, first), PushScheduler(second_engine, second)], clock, start, start + timedelta(days=8),
        step=timedelta(minutes=20))
    for owner, zone in ((berlin, "Europe/Berlin"), (new_york, "America/New_York")):
        daily = first.kinds(owner, "DailyDigest") + second.kinds(owner, "DailyDigest")
        days = sorted(local(t, zone).date() for t in daily)
        assert days == sorted(set(days)) and len(days) >= 8  # every day once (New York's 8 March came at start)
        assert len(first.kinds(owner, "WeeklySummary") + second.kinds(owner, "WeeklySummary")) == 2
    assert first.sent and second.sent  # both really competed
    second_engine.dispose()


def test_an_owner_who_changes_time_zone_gets_one_digest_a_day_at_the_new_local_time(engine, clock):
    owner = make_owner(engine, "tg:1")
    sender = RecordingSender()
    day1 = datetime(2026, 3, 10, tzinfo=UTC)
    run([PushScheduler(engine, sender)], clock, day1, day1 + timedelta(hours=9))  # Berlin digest at 07:00 UTC
    with session_scope(engine) as session:
        update_settings(session, owner, timezone="America/New_York")  # 05:00 in New York, same date
    run([PushScheduler(engine, sender)], clock, day1 + timedelta(hours=9), day1 + timedelta(days=2))
    daily = sender.kinds(owner, "DailyDigest")
    assert [t.strftime("%d %H:%M") for t in daily] == ["10 07:00", "11 12:00"]  # then 08:00 in New York (EDT)


def _timed_followup(engine, owner: int, due: datetime) -> int:
    with session_scope(engine) as session:
        rec = Recorder(session, owner, Source("test", f"f{due}"), "add_followup", now=utcnow())
        customer = customers.add_customer(session, owner, rec, name="Sam Reed")
        followup = records.add_followup(session, owner, rec, customer_id=customer.id, due_at=due, has_time=True, note="ping Sam")
        rec.commit("seed")
        return followup.id  # type: ignore[return-value]


def test_a_timed_reminder_arrives_at_its_minute_and_again_after_a_snooze(engine, clock):
    owner = make_owner(engine, "tg:1")
    due = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)  # 15:00 in Berlin
    followup_id = _timed_followup(engine, owner, due)
    sender = RecordingSender()
    run([PushScheduler(engine, sender)], clock, due - timedelta(minutes=5), due + timedelta(minutes=30), step=timedelta(minutes=1))
    assert sender.kinds(owner, "Reminder") == [due]
    with session_scope(engine) as session:
        rec = Recorder(session, owner, Source("test", "snooze"), "snooze_followup", now=utcnow())
        records.snooze_followup(session, owner, rec, followup_id, 1, "Europe/Berlin", due + timedelta(minutes=30))
        rec.commit("snoozed")
    run([PushScheduler(engine, sender)], clock, due + timedelta(days=1, minutes=-2), due + timedelta(days=1, minutes=5),
        step=timedelta(minutes=1))
    assert sender.kinds(owner, "Reminder") == [due, due + timedelta(days=1)]


def test_a_blocked_bot_pauses_pushes_until_the_owner_writes_again(engine, clock):
    from bot.dialogue import Dialogue

    owner = make_owner(engine, "tg:1")
    sender = RecordingSender()
    sender.failures = [Blocked("Forbidden: bot was blocked by the user")]
    start = datetime(2026, 3, 10, tzinfo=UTC)
    run([PushScheduler(engine, sender)], clock, start, start + timedelta(days=3))
    assert sender.sent == []
    with session_scope(engine) as session:
        assert session.get(Owner, owner).pushes_paused_at is not None  # type: ignore[union-attr]
        assert [d.status for d in session.exec(select(Delivery))] == ["blocked"]  # tried once, not every day
    clock.move_to(start + timedelta(days=3, hours=6))
    Dialogue(engine).handle(owner, "help", Source("telegram", "1:1"))
    run([PushScheduler(engine, sender)], clock, start + timedelta(days=3, hours=6), start + timedelta(days=4))
    assert [t.date() for t in sender.kinds(owner, "DailyDigest")] == [date(2026, 3, 13)]


def test_a_failed_send_is_retried_with_backoff_and_sent_once(engine, clock):
    owner = make_owner(engine, "tg:1")
    sender = RecordingSender()
    sender.failures = [ConnectionError("network down"), ConnectionError("still down")]
    due = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    run([PushScheduler(engine, sender)], clock, due, due + timedelta(hours=1), step=timedelta(minutes=1))
    assert sender.kinds(owner, "DailyDigest") == [due + timedelta(minutes=3)]  # after waits of 1 and 2 minutes


def test_a_quiet_owner_hears_nothing_on_an_empty_day(engine, clock):
    quiet, chatty = make_owner(engine, "tg:1"), make_owner(engine, "tg:2")
    with session_scope(engine) as session:
        update_settings(session, quiet, quiet_digest="on")
    sender = RecordingSender()
    start = datetime(2026, 3, 10, tzinfo=UTC)
    run([PushScheduler(engine, sender)], clock, start, start + timedelta(days=1))
    assert sender.kinds(quiet, "DailyDigest") == [] and len(sender.kinds(chatty, "DailyDigest")) == 1
    with session_scope(engine) as session:
        assert sorted(d.status for d in session.exec(select(Delivery))) == ["empty", "sent"]


def test_the_real_apscheduler_ticks_at_the_minute(engine):
    """APScheduler itself, on an event loop, with the clock set just before 08:00 Berlin."""
    owner = make_owner(engine, "tg:1")
    sender = RecordingSender()

    async def main() -> None:
        runner = PushScheduler(engine, sender).start()
        try:
            for _ in range(60):
                if sender.sent:
                    break
                await asyncio.sleep(0.1)
        finally:
            runner.shutdown(wait=False)

    with time_machine.travel(datetime(2026, 3, 10, 6, 59, 58, tzinfo=UTC), tick=True):
        asyncio.run(main())
    [(who, kind, at, _)] = sender.sent
    assert (who, kind) == (owner, "DailyDigest") and at >= datetime(2026, 3, 10, 7, 0, tzinfo=UTC)


def test_followups_can_be_snoozed_across_dst_keeping_the_local_time(engine, owner_id):
    due = datetime(2026, 3, 28, 14, 0, tzinfo=UTC)  # Saturday 15:00 in Berlin (CET)
    followup_id = _timed_followup(engine, owner_id, due)
    with session_scope(engine) as session:
        rec = Recorder(session, owner_id, Source("test", "s"), "snooze_followup", now=utcnow())
        records.snooze_followup(session, owner_id, rec, followup_id, 1, "Europe/Berlin", due - timedelta(hours=3))
        rec.commit("snoozed")
        followup = session.get(FollowUp, followup_id)
        assert local(followup.due_at, "Europe/Berlin").strftime("%d %H:%M") == "29 15:00"  # type: ignore[union-attr]


def test_risk_models_are_fitted_in_the_quarter_hour_before_the_digest(engine, clock):
    """So that at 08:00 the digest only reads cached scores (benchmarks/digest.py measures the gain)."""
    from crm.money import Money
    from crm.services import insights

    owner = make_owner(engine, "tg:1")
    with session_scope(engine) as session:
        rec = Recorder(session, owner, Source("seed"), "seed", now=utcnow())
        customer = customers.add_customer(session, owner, rec, name="Ann")
        records.log_order(session, owner, rec, customer_id=customer.id, money=Money(Decimal("10"), "EUR"),
                          occurred_at=datetime(2026, 3, 1, tzinfo=UTC))
        rec.commit("seed")
    key = (str(engine.url), owner)
    insights._cache.pop(key, None)
    run([PushScheduler(engine, RecordingSender())], clock, datetime(2026, 3, 10, 6, 30, tzinfo=UTC),
        datetime(2026, 3, 10, 6, 44, tzinfo=UTC), step=timedelta(minutes=1))
    assert key not in insights._cache  # 07:43 local: too early
    run([PushScheduler(engine, RecordingSender())], clock, datetime(2026, 3, 10, 6, 45, tzinfo=UTC),
        datetime(2026, 3, 10, 6, 46, tzinfo=UTC), step=timedelta(minutes=1))
    assert key in insights._cache
