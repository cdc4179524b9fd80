"""Dates and times in messages, resolved against the owner's "now" and zone.

Direction matters: things that happened point to the past ("friday" in an order is the last one),
reminders to the future ("friday" in a follow-up is the coming one). The common forms are fast
rules here; dateparser is the fallback for the rest (imported lazily: it takes a second to load).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.parsing.model import ParseContext
from bot.parsing.normalize import SMALL_NUMBERS

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)} | {"sat": 5, "sun": 6}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a couple": 2, "a few": 3, "couple of": 2}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(d for d in WEEKDAYS if len(d) > 3) + r")"
# "sat" and "sun" are words too: a day only after "on"/"last"/"next"/"this", or "sat" where no one sat down
_SHORT_WEEKEND = (r"\b(?:(?P<mod>last|next|this|coming|on) (?P<weekday>sat|sun)\b"
                  r"|(?<!\bi )(?<!\bwe )(?<!\bhe )(?<!\bshe )(?<!\bthey )(?<!\bwho )\b(?P<weekday2>sat)\b"
                  r"(?!\s+(?:down|with|in|on|there|around|at|through|back|up|next|beside|outside|inside|by|together)\b))")
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_ORD = r"(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class Found:
    """A date and/or time found in a message, with the text span it came from."""

    day: date | None
    clock: time | None
    start: int
    end: int


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(today: date, month: int, day: int, year: int | None, future: bool) -> date | None:
    """A day of a month without a year: the last one for the past, the next one for the future."""
    if year is not None:
        return _safe_date(year + (2000 if year < 100 else 0), month, day)
    candidate = _safe_date(today.year, month, day)
    if candidate is None:
        return None
    if future and candidate < today:
        return _safe_date(today.year + 1, month, day)
    if not future and candidate > today:
        return _safe_date(today.year - 1, month, day)
    return candidate


def _weekday(today: date, weekday: int, modifier: str, future: bool) -> date:
    ahead = (weekday - today.weekday()) % 7
    if modifier == "last" or (not future and modifier not in ("next", "coming", "this coming")):
        back = (today.weekday() - weekday) % 7
        if modifier == "last" and back == 0:
            back = 7
        return today - timedelta(days=back)
    return today + timedelta(days=ahead or 7)


# Each rule: a pattern and a function (match, today, future, ctx) -> date | None.
def _relative_days(offset: int):  # type: ignore[no-untyped-def]
    return lambda m, today, future, ctx: today + timedelta(days=offset)


_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}


def _ago(m, today, future, ctx):  # type: ignore[no-untyped-def]
    n, unit = _count(m["count"]), m["unit"].lower()
    return _add_months(today, -n) if unit == "month" else today - timedelta(days=n * _UNIT_DAYS[unit])


def _in(m, today, future, ctx):  # type: ignore[no-untyped-def]
    n, unit = _count(m["count"]), m["unit"].lower()
    return _add_months(today, n) if unit == "month" else today + timedelta(days=n * _UNIT_DAYS[unit])


def _bare_in(m, today, future, ctx):  # type: ignore[no-untyped-def]
    """"follow-up: Sunny, 3 days": a bare span in a reminder counts from today; in a log it is no date."""
    return _in(m, today, future, ctx) if future else None


def _bare_ordinal(m, today, future, ctx):  # type: ignore[no-untyped-def]
    """"set a reminder for Ezra - healing check 20th": a bare ordinal day is a date only in a reminder."""
    return _day_of_month(m, today, future, ctx) if future else None


def _named_weekday(m, today, future, ctx):  # type: ignore[no-untyped-def]
    name = m["weekday"] or m.groupdict().get("weekday2")
    return _weekday(today, WEEKDAYS[name.lower()], (m["mod"] or "").lower(), future)


def _week_or_month(m, today, future, ctx):  # type: ignore[no-untyped-def]
    step = 1 if m["mod"].lower() == "next" else -1
    if m["unit"].lower() == "week":
        return today - timedelta(days=today.weekday()) + timedelta(weeks=step) if step > 0 else today - timedelta(weeks=1)
    return _add_months(today.replace(day=1), step) if step > 0 else _add_months(today, -1)


def _end_of(m, today, future, ctx):  # type: ignore[no-untyped-def]
    if m["unit"].lower() == "month":
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if m["unit"].lower() == "year":
        return date(today.year, 12, 31)
    return today + timedelta(days=(4 - today.weekday()) % 7)  # Friday


def _end_of_next(m, today, future, ctx):  # type: ignore[no-untyped-def]
    if m["unit"].lower() == "month":
        first = _add_months(today.replace(day=1), 1)
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return today + timedelta(days=(4 - today.weekday()) % 7 + 7)  # Friday of next week


def _start_of_next_month(m, today, future, ctx):  # type: ignore[no-untyped-def]
    return _add_months(today.replace(day=1), 1)


def _day_of_month(m, today, future, ctx):  # type: ignore[no-untyped-def]
    """"on the 31st": this month's if it lies in the right direction, else the nearest month that has that day."""
    day, step = int(m["day"]), 1 if future else -1
    for months in range(3):
        first = _add_months(today.replace(day=1), months * step)
        candidate = _safe_date(first.year, first.month, day)
        if candidate and (candidate >= today if future else candidate <= today):
            return candidate
    return None


def _day_month(m, today, future, ctx):  # type: ignore[no-untyped-def]
    year = int(m["year"]) if m["year"] else None
    return _month_day(today, MONTHS[m["month"].lower()], int(m["day"]), year, future)


def _iso(m, today, future, ctx):  # type: ignore[no-untyped-def]
    return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))


def day_and_month(a: int, b: int, month_first: bool) -> tuple[int, int]:
    """(day, month) of "a/b": month first where the locale says so, but "3/20" is March 20 anywhere."""
    day, month = (b, a) if month_first else (a, b)
    return (month, day) if month > 12 >= day else (day, month)


def _numeric(m, today, future, ctx):  # type: ignore[no-untyped-def]
    day, month = day_and_month(int(m["a"]), int(m["b"]), ctx.order == "MDY" and m["sep"] == "/")
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _month_day(today, month, day, int(m["y"]) if m["y"] else None, future)


RULES = [
    (r"\b(?:the )?day before yesterday\b", _relative_days(-2)),
    (r"\b(?:the )?day after tomorrow\b", _relative_days(2)),
    (r"\byesterday\b|\blast night\b", _relative_days(-1)),
    (r"\btoday\b|\btonight\b|\b(?:by )?(?:the )?end of (?:the )?day\b|\bthis (?:morning|afternoon|evening)\b|\bearlier\b|\bjust now\b", _relative_days(0)),
    (r"\btomorrow\b", _relative_days(1)),
    (rf"\b{_COUNT} (?P<unit>day|week|fortnight|month)s? ago\b", _ago),
    (rf"\b(?:in|within) {_COUNT} (?P<unit>day|week|fortnight|month)s?\b", _in),
    (rf"\b{_COUNT} (?P<unit>day|week|fortnight|month)s? from (?:now|today)\b", _in),
    (r"(?<!\bin )(?<!\bwithin )\b(?P<count>\d+) (?P<unit>day|week|fortnight|month)s?\b(?! ago| from)", _bare_in),
    (rf"\b(?:(?P<mod>last|next|this|coming|on|this coming) )?{_WEEKDAY}\b", _named_weekday),  # "no calls on fridays" is a habit
    (_SHORT_WEEKEND, _named_weekday),
    (r"\b(?P<mod>next|last) (?P<unit>week|month)\b", _week_or_month),
    (r"\b(?:by |at )?(?:the )?end of next (?P<unit>month|week)\b", _end_of_next),
    (r"\b(?:by |at )?(?:the )?end of (?:the |this )?(?P<unit>month|week|year)\b", _end_of),
    (r"\b(?:the )?(?:beginning|start) of next month\b", _start_of_next_month),
    (rf"\b(?P<day>\d{{1,2}}){_ORD} (?:of )?{_MONTH}(?:,? (?P<year>\d{{4}}))?\b", _day_month),
    (rf"\b{_MONTH} (?:the )?(?P<day>\d{{1,2}}){_ORD}(?:,? (?P<year>\d{{4}}))?\b", _day_month),
    (r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b", _iso),
    # "2/3", "2/3/26"; with dots only "2.3." or "2.3.2026", since "1.5" is an amount
    (r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>/)(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/\w]|[.,]\d)", _numeric),
    (r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>\.)(?P<b>\d{1,2})(?:\.(?P<y>\d{4}|\d{2})|\.)(?![\d\w]|[.,]\d)", _numeric),
    (r"\bon (?P<a>\d{1,2})(?P<sep>\.)(?P<b>\d{1,2})(?:\.(?P<y>\d{4}))?\b(?![.,]?\d)", _numeric),  # "paid 430 on 28.02"
    # "on the 1st", "the 3rd"; "the 8 school chairs" and "the 8-lesson pack" are counts
    (r"\bon the (?P<day>\d{1,2})(?:st|nd|rd|th)\b(?! of)", _day_of_month),
    (r"\bon the (?P<day>\d{1,2})\b(?! of|[.,]\d|-| [a-z])", _day_of_month),  # "paid the 12.50" is money
    # ... but "the 2nd instalment" is a count of things
    (r"\bthe (?P<day>\d{1,2})(?:st|nd|rd|th)\b(?! of)(?!\s+(?!(?:at|in|on|for|by|and|from|to|until|till|or|then|re|about|regarding)\b)[a-z])",
     _day_of_month),
    (r"\bon (?P<day>\d{1,2})(?:st|nd|rd|th)\b", _day_of_month),
    (r"(?<![\w/.])(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?! of)(?!\s+[a-z])", _bare_ordinal),
]
COMPILED = [(re.compile(p, re.IGNORECASE), f) for p, f in RULES]

_TIME = re.compile(
    r"\b(?:at |@ ?|around |by )?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))? ?(?P<ampm>am|pm|a\.m\.|p\.m\.)(?!\w)"
    r"|\b(?:at |@ ?|around |by )(?P<h2>\d{1,2}):(?P<m2>\d{2})\b"
    r"|(?<![\d.,:])(?P<h3>\d{1,2}):(?P<m3>\d{2})(?![\d:]|[.,]\d)"
    r"|\b(?:at |@ ?|around |by )?(?<![\d.,])(?P<h4>\d{1,2})h(?P<m4>\d{2})?\b(?!\s*[x×*@]|\s+\w+ing\b)"  # "4h x 25" are hours worked
    r"|\b(?:at )?(?P<noon>noon|midday|midnight)\b",
    re.IGNORECASE,
)
_EVENING = re.compile(r"\b(?:tonight|evening|night)\b", re.IGNORECASE)  # "tonight at 8" is 20:00
_BARE_HOUR = re.compile(r"\bat (?P<h>\d{1,2})(?![\d:]|[.,]\d| ?(?:each|apiece|per|a piece|€|\$|£|eur|usd|%))\b", re.IGNORECASE)
# British "half 2" is 2:30; "quarter to 4" 3:45; "half past three" 3:30
_HOUR_WORDS = {w: n for w, n in SMALL_NUMBERS.items() if 1 <= n <= 12}
_SPOKEN_HOUR = re.compile(r"\b(?:at )?(?P<part>half|quarter)(?: (?P<rel>past|to))? (?P<h>\d{1,2}|" + "|".join(_HOUR_WORDS)
                          + r")\b(?![.,]\d| ?(?:€|\$|£|eur|usd))", re.IGNORECASE)


def _hour(text: str) -> int:
    return int(text) if text.isdigit() else _HOUR_WORDS[text.lower()]


def _afternoon(hour: int, evening: bool, business: bool) -> int:
    """An hour said without am/pm: in the evening when the message says so ("tonight at 8"); in business
    hours, 1 to 7 is the afternoon ("call back Rose at 4:30")."""
    return hour + 12 if hour < 12 and (evening or (business and 1 <= hour <= 7)) else hour


_PART_OF_DAY_BEFORE = re.compile(r"\b(?:tonight|night|morning|afternoon|evening)\s+$", re.IGNORECASE)


_SOON = re.compile(r"\b(?:in|within) (?P<count>\d+|an|a|one|two|three|half an) (?P<unit>hour|hr|minute|min)s?\b",
                   re.IGNORECASE)


def find_soon(text: str, ctx: ParseContext) -> Found | None:
    """"in an hour", "in 20 minutes": a moment later today (or tomorrow), in the owner's zone."""
    m = _SOON.search(text)
    if not m:
        return None
    count = m["count"].lower()
    minutes = 30 if count == "half an" else _count(count) * (60 if m["unit"].lower().startswith("h") else 1)
    from zoneinfo import ZoneInfo

    try:
        moment = ctx.now.astimezone(ZoneInfo(ctx.tz)) + timedelta(minutes=minutes)
    except OverflowError:  # "in 99999999999 hours" is no moment
        return None
    return Found(moment.date(), moment.time().replace(second=0, microsecond=0), m.start(), m.end())


def find_time(text: str, allow_bare_hour: bool) -> Found | None:
    """A time of day; "at 3" alone only where a time is expected: in reminders, or right after a part of the
    day ("paid 20 last night at 9", where it is no unit price); read as business hours. An hour without
    am/pm in a message about the evening is in the evening."""
    evening = bool(_EVENING.search(text))
    m = _TIME.search(text)
    if m:
        if m["noon"]:
            clock = time(0, 0) if m["noon"].lower() == "midnight" else time(12, 0)
        else:
            hour = int(m["h"] or m["h2"] or m["h3"] or m["h4"])
            minute = int(m["m"] or m["m2"] or m["m3"] or m["m4"] or 0)
            ampm = (m["ampm"] or "").lower().replace(".", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            elif not ampm:
                hour = _afternoon(hour, evening, business=allow_bare_hour)  # a reminder keeps business hours
            if hour > 23 or minute > 59:
                return None
            clock = time(hour, minute)
        return Found(None, clock, m.start(), m.end())
    b = _SPOKEN_HOUR.search(text) or _BARE_HOUR.search(text)
    if b and 1 <= _hour(b["h"]) <= 23 and (allow_bare_hour or _PART_OF_DAY_BEFORE.search(text[: b.start()])):
        hour, minute = _hour(b["h"]), 0
        if "part" in b.groupdict():
            minute = 30 if b["part"].lower() == "half" else 45 if (b["rel"] or "").lower() == "to" else 15
            hour -= 1 if minute == 45 else 0
        return Found(None, time(_afternoon(hour, evening, business=True) % 24, minute), b.start(), b.end())
    return None


_DATE_GAP = re.compile(r"[ ,]+(?=\d)")  # between a date and one that says which day it is


def find_day(text: str, ctx: ParseContext, future: bool) -> Found | None:
    """The first date expression the rules know, resolved in the given direction. Dates right after it say which day
    it is: "Wed 4/3" is the 4th, and in "Wed 4/3, 5/3" the last one counts."""
    found = _first_day(text, ctx, future)
    while found:
        rest = text[found.end:]  # read on its own, as the first date was: "4/3" is read at the start of "4/3, 5/3"
        gap = _DATE_GAP.match(rest)
        following = _day_at(rest, gap.end(), ctx, future) if gap else None
        if following is None:
            return found
        found = Found(following.day, None, found.start, found.end + following.end)
    return None


def _first_day(text: str, ctx: ParseContext, future: bool) -> Found | None:
    """The earliest date the rules read (on a tie, the first rule's)."""
    best: Found | None = None
    for pattern, resolve in COMPILED:
        for m in pattern.finditer(text):
            if best is not None and m.start() >= best.start:
                break  # none of this rule's later matches comes first
            day = _resolved(resolve, m, ctx, future)
            if day is not None:
                best = Found(day, None, m.start(), m.end())
                break
    return best


def _resolved(resolve: Callable[..., date | None], m: re.Match[str], ctx: ParseContext, future: bool) -> date | None:
    """The rule's date; none for a count beyond the calendar ("in 99999999 days")."""
    try:
        return resolve(m, ctx.today, future, ctx)
    except (OverflowError, ValueError):
        return None


def _day_at(text: str, at: int, ctx: ParseContext, future: bool) -> Found | None:
    """The date that starts at `at` (the first rule's that reads one there). Looked for there only: searching all
    the rest of the message for each date of a long list of them was quadratic."""
    for pattern, resolve in COMPILED:
        m = pattern.match(text, at)
        day = _resolved(resolve, m, ctx, future) if m else None
        if day is not None:
            return Found(day, None, m.start(), m.end())
    return None


# Periods for sales questions ------------------------------------------------------------------


def find_period(text: str, ctx: ParseContext) -> tuple[date, date, str]:
    """[start, end) of the period a sales question names; this month when none."""
    today, low = ctx.today, text.lower()
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    if (m := re.search(r"\b(?:last|past) (?P<n>\d+) days\b", low)) and int(m["n"]) <= today.toordinal():  # to the year 1
        n = int(m["n"])
        return today - timedelta(days=n - 1), today + timedelta(days=1), f"in the last {n} days"
    if "yesterday" in low:
        return today - timedelta(days=1), today, "yesterday"
    if "today" in low:
        return today, today + timedelta(days=1), "today"
    if re.search(r"\blast week\b", low):
        return week_start - timedelta(weeks=1), week_start, "last week"
    if re.search(r"\b(this|current) week\b|\bweekly\b|\bso far this week\b", low):
        return week_start, week_start + timedelta(weeks=1), "this week"
    if re.search(r"\blast month\b", low):
        return _add_months(month_start, -1), month_start, "last month"
    if re.search(r"\blast year\b", low):
        return date(today.year - 1, 1, 1), date(today.year, 1, 1), "last year"
    if re.search(r"\b(this|current) year\b|\bytd\b|\byear to date\b|\bso far this year\b", low):
        return date(today.year, 1, 1), date(today.year + 1, 1, 1), "this year"
    if m := re.search(rf"\b{_MONTH}(?: (?P<year>\d{{4}}))?\b", low):
        month = MONTHS[m["month"]]
        year = int(m["year"]) if m["year"] else (today.year if month <= today.month else today.year - 1)
        start = date(year, month, 1)
        return start, _add_months(start, 1), f"in {calendar.month_name[month]} {year}"
    return month_start, _add_months(month_start, 1), "this month"


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# (a number read from its first digit only: where the hint fails there, it fails from every later digit too)
_HINT = re.compile(rf"\b(?:{_MONTH_NAMES})\b\.?\s+(?:the\s+)?(?:[12]?\d|3[01])(?:st|nd|rd|th)?\b(?!\s?[€$£%]|[.,]\d)|(?<!\d)\d+(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?:{_MONTH_NAMES})\b",
                   re.IGNORECASE)


# dateparser takes about a quarter of a millisecond a character: it reads the words this close to the hint only
_FALLBACK_REACH = 30


def fallback_day(text: str, ctx: ParseContext, future: bool) -> Found | None:
    """dateparser for the rare date the rules above do not read (only when a month name stands next
    to a number, so that ordinary words and names like May are never taken for dates): the words
    around the first such hint, not all of a long message."""
    hint = _HINT.search(text)
    if not hint:
        return None
    from dateparser.search import search_dates  # type: ignore[import-untyped]  # slow to import; rarely needed

    settings = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "RELATIVE_BASE": ctx.now.replace(tzinfo=None),
        "DATE_ORDER": ctx.order,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    around, end = _around(text, hint)
    found = search_dates(text[around:end], languages=["en"], settings=settings)  # type: ignore[arg-type]
    if not found:
        return None
    phrase, stamp = found[0]
    start = text.find(phrase, around)
    return Found(stamp.date(), None, start, start + len(phrase))


def _around(text: str, hint: re.Match[str]) -> tuple[int, int]:
    """[start, end) of the hint and the whole words within _FALLBACK_REACH characters of it ("mon" cut from
    "lemon" would be a Monday)."""
    start, end = max(0, hint.start() - _FALLBACK_REACH), min(len(text), hint.end() + _FALLBACK_REACH)
    if start > 0 and text[start - 1] != " ":
        start = text.find(" ", start, hint.start()) + 1 or hint.start()
    if end < len(text) and text[end] != " ":
        end = max(text.rfind(" ", hint.end(), end), hint.end())
    return start, end
