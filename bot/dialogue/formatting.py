"""Show stored values the owner's way: times in their zone, money with its currency."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from crm.money import Money, format_money


def local(dt: datetime, tz: str) -> datetime:
    return dt.astimezone(ZoneInfo(tz))


def day(d: date, today: date) -> str:
    """"10 Mar", with the year when it is not this year's."""
    return f"{d.day} {d:%b}" + ("" if d.year == today.year else f" {d.year}")


def local_day(dt: datetime, tz: str, now: datetime) -> str:
    return day(local(dt, tz).date(), local(now, tz).date())


def local_day_time(dt: datetime, tz: str, now: datetime) -> str:
    return f"{local_day(dt, tz, now)} {local(dt, tz):%H:%M}"


def money_list(totals: list[Money]) -> str:
    return " + ".join(format_money(m) for m in totals) if totals else "nothing"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
