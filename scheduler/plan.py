"""What is due for an owner at an instant, from their settings alone (no state: a restart, a second
process or a changed time zone all see the same answer; the deliveries table says what was done).

A push is due from its local wall-clock time until the end of that local day: a digest missed while
the process was down goes out when it comes back the same day, and is skipped after that.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from crm import localtime
from crm.models import Owner
from crm.services.owners import WEEKDAYS

HORIZON = timedelta(days=8)  # deliveries older than this can no longer be due again


@dataclass(frozen=True)
class Due:
    kind: str  # daily, weekly
    period: str  # the local day (daily) or ISO week (weekly): the exactly-once key


def digest_clock(owner: Owner) -> time:
    hours, minutes = owner.digest_time.split(":")
    return time(int(hours), int(minutes))


def _digest_at(owner: Owner, day: date) -> datetime:
    """When the owner's digest of a local day is due, aware UTC."""
    return localtime.at(owner.timezone, day, digest_clock(owner))


def due_soon(owner: Owner, now: datetime, within: timedelta) -> bool:
    """Whether the owner's digest of today is still ahead, by at most `within`."""
    return now < _digest_at(owner, localtime.local_day(owner.timezone, now)) <= now + within


def due(owner: Owner, now: datetime) -> list[Due]:
    """The digest (and, on the owner's weekly day, the summary) of the owner's current local day, if
    its time has come."""
    today = localtime.local_day(owner.timezone, now)
    if now < _digest_at(owner, today):
        return []
    found = [Due("daily", today.isoformat())]
    if WEEKDAYS[today.weekday()] == owner.weekly_day:
        year, week, _ = today.isocalendar()
        found.append(Due("weekly", f"{year}-W{week:02d}"))
    return found
