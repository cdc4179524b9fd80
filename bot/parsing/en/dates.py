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

from bot.parsing.en.clock import find_clock
from bot.parsing.en.normalize import SMALL_NUMBERS
from bot.parsing.en.public_holidays import find_holiday
from bot.parsing.model import ParseContext

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
_HOUR_NUMBERS = {w: n for w, n in SMALL_NUMBERS.items() if n} | {"twenty": 20, "thirty": 30, "forty": 40, "forty five": 45,
                                                                  "fifty": 50, "sixty": 60, "an": 1, "a": 1}
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_ORD = r"(?:st|nd|rd|th)?"
_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
                  "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
ORDINALS = {w: i for i, w in enumerate(_ORDINAL_WORDS, start=1)}
ORDINALS |= {f"twenty{sep}{w}": 20 + i for sep in (" ", "-") for w, i in ORDINALS.copy().items() if i <= 9}
ORDINALS |= {"thirtieth": 30, "thirty first": 31, "thirty-first": 31}
_ORD_WORD = "(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")"
# a day of a month: "20", "20th", "twentieth", "the first"
_DAY = rf"(?P<day>\d{{1,2}}{_ORD}|{_ORD_WORD})"
_ANY_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_NTH = r"(?P<nth>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)"
_MONTH_REL = {"next": 1, "following": 1, "coming": 1, "this": 0, "current": 0, "the": 0, "last": -1, "previous": -1}
_REL_MONTH = r"(?:the )?(?P<rel>next|following|coming|this|current|the|last|previous) month"


@dataclass(frozen=True)
class Found:
    """A date and/or time found in a message, with the text span it came from."""

    day: date | None
    clock: time | None
    start: int
    end: int


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def _day_number(text: str) -> int:
    """ "20", "20th", "twentieth", "twenty-first" -> the day of the month."""
    low = text.lower()
    return ORDINALS[low] if low in ORDINALS else int(low.rstrip("stndrh"))


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
    step = 1 if m["mod"].lower() in ("next", "following", "coming") else -1
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
    day, step = _day_number(m["day"]), 1 if future else -1
    for months in range(3):
        first = _add_months(today.replace(day=1), months * step)
        candidate = _safe_date(first.year, first.month, day)
        if candidate and (candidate >= today if future else candidate <= today):
            return candidate
    return None


def _day_month(m, today, future, ctx):  # type: ignore[no-untyped-def]
    year = int(m["year"]) if m.groupdict().get("year") else None
    return _month_day(today, MONTHS[m["month"].lower()], _day_number(m["day"]), year, future)


def _day_of_relative_month(m, today, future, ctx):  # type: ignore[no-untyped-def]
    """"the 20th of next month", "20 of this month", "20th of the previous month"."""
    first = _add_months(today.replace(day=1), _MONTH_REL[m["rel"].lower()])
    return _safe_date(first.year, first.month, _day_number(m["day"]))


def _month_of(m, today, future, ctx) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(year, month) a rule names: "of next month", "of the month", "in october" (the next or the last one)."""
    if m.groupdict().get("rel"):
        first = _add_months(today.replace(day=1), _MONTH_REL[m["rel"].lower()])
        return first.year, first.month
    month = MONTHS[m["month"].lower()]
    if m.groupdict().get("year"):
        return int(m["year"]), month
    year = today.year + (1 if future and month < today.month else -1 if not future and month > today.month else 0)
    return year, month


def _nth_weekday(m, today, future, ctx):  # type: ignore[no-untyped-def]
    """"first tuesday of october", "the last monday of march", "second monday of last month"."""
    year, month = _month_of(m, today, future, ctx)
    weekday = WEEKDAYS[m["weekday"].lower()]
    nth = m["nth"].lower()
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    n = len(days) if nth == "last" else ORDINALS.get(nth) or int(nth[0])
    found = date(year, month, days[n - 1]) if n <= len(days) else None
    if found and future and found < today and not (m.groupdict().get("rel") or m.groupdict().get("year")):
        return _nth_weekday(m, date(today.year + 1, 1, 1), future, ctx)  # "first monday of march", said on the 11th
    return found


def _month_start(m, today, future, ctx):  # type: ignore[no-untyped-def]
    """"in march", "next march", "during october": the first of that month, in the message's direction ("in may" in
    a note is no date: "her exam is in May")."""
    mod = (m["mod"] or "").lower()
    if mod in ("in", "during") and not future:
        return None
    month = MONTHS[m["month"].lower()]
    year = today.year
    if mod == "next" or (mod != "last" and future):
        year += 1 if month < today.month or (mod == "next" and month == today.month) else 0
    else:
        year -= 1 if month > today.month or (mod == "last" and month == today.month) else 0
    return date(year, month, 1)


def _weekday_of_week(m, today, future, ctx):  # type: ignore[no-untyped-def]
    """"wednesday next week", "tuesday of this week", "friday after next": a day of a named week."""
    weekday = WEEKDAYS[m["weekday"].lower()]
    if m.groupdict().get("after_next"):
        return today + timedelta(days=((weekday - today.weekday()) % 7 or 7) + 7)
    step = {"next": 1, "following": 1, "coming": 1, "this": 0, "last": -1, "previous": -1}[m["rel"].lower()]
    return today - timedelta(days=today.weekday()) + timedelta(weeks=step, days=weekday)


def _weekdays_counted(m, today, future, ctx):  # type: ignore[no-untyped-def]
    """"3 fridays from now", "2 thursdays ago"."""
    n, weekday = _count(m["count"]), WEEKDAYS[m["weekday"].lower()]
    if m["dir"].lower() in ("ago", "back"):
        return today - timedelta(days=((today.weekday() - weekday) % 7 or 7) + 7 * (n - 1))
    return today + timedelta(days=((weekday - today.weekday()) % 7 or 7) + 7 * (n - 1))


def _this_week(m, today, future, ctx):  # type: ignore[no-untyped-def]
    return today


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


@dataclass(frozen=True)
class Rule:
    """One way to say a day: a name, a pattern built from the parts above, what it resolves to, and examples that the
    tests read at Wednesday 2026-03-11 (`ahead` in a reminder, `back` in an order: "friday" is the 13th ahead, the 6th
    back)."""

    name: str
    pattern: str
    resolve: Callable[..., date | None]
    ahead: tuple[tuple[str, str], ...] = ()
    back: tuple[tuple[str, str], ...] = ()


_NOT_A_COUNT_AFTER = r"(?!\s+(?!(?:at|in|on|for|by|and|from|to|until|till|or|then|re|about|regarding)\b)[a-z])"
RULES = [
    Rule("day before yesterday", r"\b(?:the )?day before yesterday\b", _relative_days(-2), back=(("the day before yesterday", "2026-03-09"),)),
    Rule("day after tomorrow", r"\b(?:the )?day after tomorrow\b", _relative_days(2), ahead=(("day after tomorrow", "2026-03-13"),)),
    Rule("yesterday", r"\byesterday\b|\blast night\b", _relative_days(-1), back=(("yesterday", "2026-03-10"), ("last night", "2026-03-10"))),
    Rule("today", r"\btoday\b|\btonight\b|\b(?:by )?(?:the )?end of (?:the )?day\b|\bthis (?:morning|afternoon|evening)\b|\bearlier\b|\bjust now\b",
         _relative_days(0), ahead=(("by end of day", "2026-03-11"),), back=(("this morning", "2026-03-11"),)),
    Rule("tomorrow", r"\btomorrow\b", _relative_days(1), ahead=(("tomorrow", "2026-03-12"),)),
    Rule("n weekdays from now or ago", rf"\b{_COUNT} {_ANY_WEEKDAY}s (?P<dir>from now|from today|ago|back)\b", _weekdays_counted,
         ahead=(("3 fridays from now", "2026-03-27"), ("two sundays from now", "2026-03-22")), back=(("2 thursdays ago", "2026-02-26"),)),
    Rule("n units ago", rf"\b{_COUNT} (?P<unit>day|week|fortnight|month)s? ago\b", _ago, back=(("3 days ago", "2026-03-08"), ("a month ago", "2026-02-11"))),
    Rule("in n units", rf"\b(?:in|within) {_COUNT} (?P<unit>day|week|fortnight|month)s?\b", _in,
         ahead=(("in 3 days", "2026-03-14"), ("in a fortnight", "2026-03-25"), ("in two weeks", "2026-03-25"))),
    Rule("n units from now", rf"\b{_COUNT} (?P<unit>day|week|fortnight|month)s? from (?:now|today)\b", _in, ahead=(("2 weeks from now", "2026-03-25"),)),
    Rule("bare n units", r"(?<!\bin )(?<!\bwithin )\b(?P<count>\d+) (?P<unit>day|week|fortnight|month)s?\b(?! ago| from)", _bare_in,
         ahead=(("3 days", "2026-03-14"),)),
    Rule("nth weekday of a month", rf"\b(?:the )?{_NTH} {_ANY_WEEKDAY} (?:of|in) (?:{_REL_MONTH}|{_MONTH}(?:,? (?P<year>\d{{4}}))?)\b",
         _nth_weekday, ahead=(("first tuesday of october", "2026-10-06"), ("the last monday of march", "2026-03-30"),
),
         back=(("second monday of last month", "2026-02-09"), ("first monday in the month", "2026-03-02"))),
    Rule("weekday of a named week", rf"\b(?:on )?{_ANY_WEEKDAY} (?:(?P<after_next>after next)|(?:of )?(?:the )?(?P<rel>next|following|coming|this|last|previous) week)\b",
         _weekday_of_week, ahead=(("friday after next", "2026-03-20"), ("wednesday next week", "2026-03-18"),
                                  ("on monday of next week", "2026-03-16")),
         back=(("tuesday of this week", "2026-03-10"), ("friday last week", "2026-03-06"))),
    Rule("named week then its weekday", rf"\b(?:the )?(?P<rel>next|following|coming|this|last|previous) week(?:,? on|,)? {_ANY_WEEKDAY}\b",
         _weekday_of_week, ahead=(("next week tuesday", "2026-03-17"), ("the following week on monday", "2026-03-16")),
         back=(("last week thursday", "2026-03-05"), ("last week, on friday", "2026-03-06"))),
    Rule("weekday", rf"\b(?:(?P<mod>last|next|this|coming|on|this coming) )?{_WEEKDAY}\b", _named_weekday,  # "no calls on fridays" is a habit
         ahead=(("friday", "2026-03-13"), ("next monday", "2026-03-16"), ("on wednesday", "2026-03-18")),
         back=(("friday", "2026-03-06"), ("last monday", "2026-03-09"))),
    Rule("sat and sun", _SHORT_WEEKEND, _named_weekday, ahead=(("on sat", "2026-03-14"), ("next sun", "2026-03-15"))),
    Rule("this week", r"\b(?:the )?(?:this|current) week\b(?!')", _this_week, ahead=(("this week", "2026-03-11"),)),
    Rule("next or last week or month", r"\b(?:the )?(?P<mod>next|last|following|coming|past|previous) (?P<unit>week|month)\b", _week_or_month,
         ahead=(("next week", "2026-03-16"), ("the following week", "2026-03-16"), ("next month", "2026-04-01")),
         back=(("last month", "2026-02-11"), ("previous week", "2026-03-04"))),
    Rule("end of next week or month", r"\b(?:by |at )?(?:the )?end of next (?P<unit>month|week)\b", _end_of_next,
         ahead=(("end of next month", "2026-04-30"), ("by the end of next week", "2026-03-20"))),
    Rule("end of this week, month or year", r"\b(?:by |at )?(?:the )?end of (?:the |this )?(?P<unit>month|week|year)\b", _end_of,
         ahead=(("end of the month", "2026-03-31"), ("end of week", "2026-03-13"))),
    Rule("start of next month", r"\b(?:the )?(?:beginning|start) of next month\b", _start_of_next_month, ahead=(("start of next month", "2026-04-01"),)),
    Rule("day of a relative month", rf"\b(?:the )?{_DAY}(?: day)? of {_REL_MONTH}\b", _day_of_relative_month,
         ahead=(("the 20th of next month", "2026-04-20"), ("20 of this month", "2026-03-20"), ("20th day of the next month", "2026-04-20")),
         back=(("20th of the previous month", "2026-02-20"),)),
    Rule("day month", rf"\b(?P<day>\d{{1,2}}){_ORD}(?: day)? (?:of )?{_MONTH}(?:,? (?P<year>\d{{4}}))?\b", _day_month,
         ahead=(("3rd of april", "2026-04-03"), ("20 april 2026", "2026-04-20")), back=(("3 march", "2026-03-03"),)),
    Rule("day of month in words", rf"\b(?:the )?(?P<day>{_ORD_WORD})(?: day)? of {_MONTH}(?:,? (?P<year>\d{{4}}))?\b", _day_month,
         ahead=(("first of april", "2026-04-01"), ("the third day of october", "2026-10-03"), ("twenty-first of june", "2026-06-21"))),
    Rule("month day", rf"\b{_MONTH} (?:the )?(?P<day>\d{{1,2}}){_ORD}(?:,? (?P<year>\d{{4}}))?\b", _day_month,
         ahead=(("april 3rd", "2026-04-03"), ("sep 20", "2026-09-20"))),
    Rule("month day in words", rf"\b(?!may\b){_MONTH} (?:the )?(?P<day>{_ORD_WORD})\b", _day_month,  # "may first" is a verb
         ahead=(("april first", "2026-04-01"), ("march the second", "2027-03-02"))),
    Rule("a month", rf"\b(?P<mod>in|during|next|last|this|coming) {_MONTH}\b(?!\.?\s*(?:the\s+)?(?:\d|{_ORD_WORD}\b))", _month_start,
         ahead=(("in april", "2026-04-01"), ("next march", "2027-03-01"), ("during june", "2026-06-01")),
         back=(("last april", "2025-04-01"),)),
    Rule("iso date", r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b", _iso, ahead=(("2026-04-01", "2026-04-01"),)),
    # "2/3", "2/3/26"; with dots only "2.3." or "2.3.2026", since "1.5" is an amount
    Rule("day/month", r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>/)(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/\w]|[.,]\d)", _numeric,
         ahead=(("2/4", "2026-04-02"), ("3/20", "2026-03-20"))),
    Rule("day.month.", r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>\.)(?P<b>\d{1,2})(?:\.(?P<y>\d{4}|\d{2})|\.)(?![\d\w]|[.,]\d)", _numeric,
         ahead=(("3.4.", "2026-04-03"),)),
    # "remind me 17.03 take his shirts back": after a to-do's words a day.month is a day (elsewhere "17.03" may be money)
    Rule("day.month of a to-do", r"(?:(?<=\bremind me )|(?<=\bfollow up )|(?<=\bdue )|(?<=\bby )|(?<=\buntil )|(?<=\btill )|(?<=\bbefore ))"
                                 r"(?P<a>\d{1,2})(?P<sep>\.)(?P<b>\d{1,2})(?:\.(?P<y>\d{4}))?\b(?![.,]?\d|\s?(?:€|eur|euros?)\b)", _numeric,
         ahead=(("remind me 17.03 take the shirts back", "2026-03-17"), ("due 2.4", "2026-04-02"))),
    Rule("on day.month", r"\bon (?P<a>\d{1,2})(?P<sep>\.)(?P<b>\d{1,2})(?:\.(?P<y>\d{4}))?\b(?![.,]?\d)", _numeric,  # "paid 430 on 28.02"
         back=(("on 28.02", "2026-02-28"),)),
    # "on the 1st", "the 3rd"; "the 8 school chairs" and "the 8-lesson pack" are counts
    # "dia 20", "el día 3 de mayo" said in English: "remind me day 20", "her birthday is day 3 of may"
    Rule("day n of a month", rf"(?<!\bthe )(?<!\ba )\bday (?P<day>\d{{1,2}}) of {_MONTH}\b", _day_month, ahead=(("day 1 of april", "2026-04-01"),)),
    Rule("day n", r"(?<!\bthe )(?<!\ba )(?<!\bper )(?<!\bevery )\bday (?P<day>\d{1,2})\b(?!\s*(?:of|out|[-/.,:x×]\s?\d|%|days?\b|weeks?\b|times?\b|hours?\b))",
         _day_of_month, ahead=(("remind me day 20", "2026-03-20"), ("on day 2", "2026-04-02"))),
    Rule("on the nth", r"\bon the (?P<day>\d{1,2})(?:st|nd|rd|th)\b(?! of)", _day_of_month, ahead=(("on the 20th", "2026-03-20"),)),
    Rule("on the n", r"\bon the (?P<day>\d{1,2})\b(?! of|[.,]\d|-| [a-z])", _day_of_month, ahead=(("on the 2", "2026-04-02"),)),  # "paid the 12.50" is money
    Rule("on the nth in words", rf"\bon the (?P<day>{_ORD_WORD})\b(?! of| day| time){_NOT_A_COUNT_AFTER}", _day_of_month,
         ahead=(("on the first", "2026-04-01"),)),
    # ... but "the 2nd instalment" is a count of things
    Rule("the nth", rf"\bthe (?P<day>\d{{1,2}})(?:st|nd|rd|th)\b(?! of){_NOT_A_COUNT_AFTER}", _day_of_month, ahead=(("the 3rd", "2026-04-03"),)),
    Rule("on nth", r"\bon (?P<day>\d{1,2})(?:st|nd|rd|th)\b", _day_of_month, ahead=(("on 20th", "2026-03-20"),)),
    Rule("bare nth", r"(?<![\w/.])(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?! of)(?!\s+[a-z])", _bare_ordinal, ahead=(("20th", "2026-03-20"),)),
]
COMPILED = [(re.compile(rule.pattern, re.IGNORECASE), rule.resolve) for rule in RULES]

# "in an hour", "in 20 minutes", "in 1/4 h", "in a couple of hours", "in 2 and a half hours", "45 minutes from now"
_SPAN_COUNT = (r"(?P<count>\d+(?:[.,]\d+)?|[13]/[24]|(?:a |one )?half an?|(?:a |one )?quarter of an?|(?:three|3)[- ]quarters? of an?"
               r"|(?:a )?couple(?: of)?|(?:a )?few|" + "|".join(sorted(_HOUR_NUMBERS, key=len, reverse=True)) + r")"
               r"(?P<and_half> and an? half)?")
_SOON = re.compile(r"\b(?:(?:in|within) (?:about |around |approximately |roughly )?" + _SPAN_COUNT
                   + r" ?(?:more )?(?P<unit>hours?|hrs?|h|minutes?|mins?)\b(?! ago)"
                   + r"|" + _SPAN_COUNT.replace("(?P<count>", "(?P<count2>").replace("(?P<and_half>", "(?P<and_half2>")
                   + r" ?(?P<unit2>hours?|hrs?|h|minutes?|mins?) from now\b)", re.IGNORECASE)
_FRACTIONS = {"1/4": 0.25, "1/2": 0.5, "3/4": 0.75, "couple": 2, "couple of": 2, "few": 3}


def _span_count(text: str) -> float:
    """How many of a unit "in N units" says: "2.5", "1/4", "half an", "a quarter of an", "a couple of", "twenty"."""
    word = text.lower().replace(",", ".").replace("-", " ")
    word = word.removeprefix("a ").removeprefix("one ") if not word.startswith(("a half", "one half")) else word[2:]
    if word in _FRACTIONS:
        return _FRACTIONS[word]
    if word.startswith("half"):
        return 0.5
    if word.startswith("quarter"):
        return 0.25
    if word.startswith(("three quarter", "3 quarter")):
        return 0.75
    if word in _HOUR_NUMBERS:
        return _HOUR_NUMBERS[word]
    return float(word)


def find_soon(text: str, ctx: ParseContext) -> Found | None:
    """"in an hour", "in 20 minutes": a moment later today (or tomorrow), in the owner's zone."""
    m = _SOON.search(text)
    if not m:
        return None
    count, unit = m["count"] or m["count2"], (m["unit"] or m["unit2"]).lower()
    amount = _span_count(count) + (0.5 if m["and_half"] or m["and_half2"] else 0)
    minutes = amount * (60 if unit.startswith("h") else 1)
    from zoneinfo import ZoneInfo

    try:
        moment = ctx.now.astimezone(ZoneInfo(ctx.tz)) + timedelta(minutes=minutes)
    except OverflowError:  # "in 99999999999 hours" is no moment
        return None
    return Found(moment.date(), moment.time().replace(second=0, microsecond=0), m.start(), m.end())


def find_time(text: str, allow_bare_hour: bool) -> Found | None:
    """A time of day (the grammar of `clock`); "at 3" alone only where a time is expected: in reminders, or right
    after a part of the day ("paid 20 last night at 9", where it is no unit price); read as business hours. An hour
    without am/pm in a message about the evening is in the evening."""
    found = find_clock(text, allow_bare_hour)
    return Found(None, found.clock, found.start, found.end) if found else None


# between a date and one that says which day it is ("Wed 4/3", "Fri, Sep 20")
_DATE_GAP = re.compile(r"[ ,]+(?=\d|(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b)", re.IGNORECASE)


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
    """The earliest date the rules read (on a tie, the first rule's; a public holiday of the region after them)."""
    best: Found | None = None
    holiday = find_holiday(text, ctx.region, ctx.today, future)
    if holiday:
        best = Found(holiday[0], None, holiday[1], holiday[2])
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


def due_period(text: str, ctx: ParseContext) -> tuple[date, date, str] | None:
    """[start, end) of the days a question about what is due names: "whats due tmrw", "what is due this week",
    "anything for next week"; None for today (the digest's own day)."""
    today, low = ctx.today, text.lower()
    week_start = today - timedelta(days=today.weekday())
    if re.search(r"\btomorrow\b", low):
        return today + timedelta(days=1), today + timedelta(days=2), "tomorrow"
    if re.search(r"\bnext week\b", low):
        return week_start + timedelta(weeks=1), week_start + timedelta(weeks=2), "next week"
    if re.search(r"\b(?:this|the|current|rest of the) week\b|\bnext (?:7|seven) days\b|\bweek ahead\b", low):
        return today, week_start + timedelta(weeks=1), "this week"
    return None


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
