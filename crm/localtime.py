"""The owner's wall clock: local days and times from aware UTC instants, and back.

Stored times are aware UTC; days, digests and "this week" are the owner's local ones. zoneinfo does
the DST arithmetic: a wall-clock time that does not exist on the day clocks go forward is taken
as the same time in the offset before the change (i.e. an hour later in local terms).
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_day(tz: str, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def at(tz: str, day: date, clock: time) -> datetime:
    """A wall-clock time on a local day, as an aware UTC datetime."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def start_of(tz: str, day: date) -> datetime:
    return at(tz, day, time(0, 0))


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())
