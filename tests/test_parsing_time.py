"""The grammar of time: every named rule's examples (bot.parsing.en.dates.RULES, bot.parsing.en.clock.CLOCK_RULES,
bot.parsing.en.public_holidays.EXAMPLES), phrasings from new writers, and properties of relative times."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.parsing import ParseContext, parse
from bot.parsing.en.clock import CLOCK_RULES, find_clock
from bot.parsing.en.dates import RULES, find_day
from bot.parsing.en.public_holidays import EXAMPLES as HOLIDAYS

BERLIN = ZoneInfo("Europe/Berlin")
CTX = ParseContext(now=datetime(2026, 3, 11, 10, 0, tzinfo=BERLIN), tz="Europe/Berlin", currency="EUR", region="DE")


def test_every_rule_has_examples():
    assert all(rule.ahead or rule.back for rule in RULES)
    assert all(rule.examples for rule in CLOCK_RULES)


@pytest.mark.parametrize(("rule", "future", "text", "want"), [
    (rule.name, future, text, want) for rule in RULES for future, examples in ((True, rule.ahead), (False, rule.back))
    for text, want in examples])
def test_day_rule_examples(rule, future, text, want):
    found = find_day(text, CTX, future)
    assert found is not None and found.day.isoformat() == want, rule


@pytest.mark.parametrize(("rule", "text", "want"), [(r.name, t, w) for r in CLOCK_RULES for t, w in r.examples])
def test_clock_rule_examples(rule, text, want):
    found = find_clock(f"remind me to call Tom {text}", allow_bare_hour=True)
    assert found is not None and found.clock.strftime("%H:%M") == want, rule


@pytest.mark.parametrize(("text", "want"), HOLIDAYS)
def test_holidays_of_the_region(text, want):
    assert parse(f"remind me to call Tom {text}", CTX).due == date.fromisoformat(want)


def test_holidays_only_as_days():
    assert parse("sent Anna the easter price list", CTX).date == CTX.today  # a word for a thing, no date
    us = ParseContext(now=CTX.now, tz=CTX.tz, region="US")
    assert parse("remind me to call Tom on thanksgiving day", us).due == date(2026, 11, 26)


# Wednesday 2026-03-11 10:00 in Berlin; a due with a time is "YYYY-MM-DDTHH:MM"
NEW_WRITERS = [
    ("20 minutes to 2pm on friday", "2026-03-13T13:40"), ("half past 3 tomorrow", "2026-03-12T15:30"),
    ("quarter past nine on monday", "2026-03-16T09:15"), ("first of april", "2026-04-01"),
    ("the 20th of next month", "2026-04-20"), ("friday after next", "2026-03-20"), ("1030 tmrw", "2026-03-12T10:30"),
    ("tomorrow 11 o clock", "2026-03-12T11:00"), ("wednesday next week", "2026-03-18"),
    ("in half an hour", "2026-03-11T10:30"), ("in 1h", "2026-03-11T11:00"), ("three pm", "2026-03-11T15:00"),
    ("at 3 in the morning", "2026-03-12T03:00"), ("in 1/4 h", "2026-03-11T10:15"),
    ("first tuesday of october", "2026-10-06"), ("the last monday of march", "2026-03-30"),
    ("on christmas eve", "2026-12-24"), ("after easter monday", "2026-04-07"),
]


@pytest.mark.parametrize(("text", "want"), NEW_WRITERS)
def test_new_writers(text, want):
    due = parse(f"remind me to call Tom {text}", CTX).due
    got = due.strftime("%Y-%m-%dT%H:%M") if isinstance(due, datetime) else due.isoformat() if due else None
    assert got == want


@pytest.mark.parametrize("text", ["paid 20 to 3 people", "Yara paid 16 this morning", "flat 4a", "worked 4h x 25",
                                  "sold 5 at 1200 each", "Tom ordered one at one of the shops", "paid 3.30"])
def test_numbers_that_are_no_time(text):
    assert find_clock(text, allow_bare_hour=False) is None


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23, 59), timezones=st.just(UTC))
zones = st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "UTC"])
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _ctx(now: datetime, zone: str) -> ParseContext:
    return ParseContext(now=now.astimezone(ZoneInfo(zone)), tz=zone, currency="EUR", region="DE")


@given(moments, zones, st.integers(min_value=1, max_value=400))
def test_in_n_days_is_today_plus_n(now, zone, n):
    ctx = _ctx(now, zone)
    assert parse(f"remind me to call Tom in {n} days", ctx).due == ctx.today + timedelta(days=n)


@given(moments, zones, st.sampled_from(WEEKDAYS), st.sampled_from(["next {}", "{} after next", "{} next week", "on {}"]))
def test_a_weekday_ahead_is_within_two_weeks(now, zone, weekday, form):
    ctx = _ctx(now, zone)
    due = parse(f"remind me to call Tom {form.format(weekday)}", ctx).due
    assert due.strftime("%A").lower() == weekday and 1 <= (due - ctx.today).days <= 14


@given(moments, zones, st.sampled_from(WEEKDAYS))
def test_a_weekday_that_happened_is_in_the_past(now, zone, weekday):
    ctx = _ctx(now, zone)
    for form in ("last {}", "{} last week", "2 {}s ago"):
        happened = parse(f"Anna bought bread for 5 {form.format(weekday)}", ctx).date
        assert happened.strftime("%A").lower() == weekday and happened < ctx.today, form


@given(moments, zones, st.integers(min_value=1, max_value=11), st.integers(min_value=0, max_value=59),
       st.sampled_from(["{h}:{m:02d}pm", "{h}:{m:02d} p.m.", "{m} minutes past {h}pm", "{h}:{m:02d} in the afternoon"]))
def test_pm_is_in_the_afternoon(now, zone, hour, minute, form):
    ctx = _ctx(now, zone)
    if "past" in form and minute == 0:
        minute = 5
    due = parse(f"remind me to call Tom tomorrow at {form.format(h=hour, m=minute)}", ctx).due
    assert isinstance(due, datetime) and due.hour == hour + 12 and due.minute == minute
    assert due.date() == ctx.today + timedelta(days=1)


@given(moments, zones, st.integers(min_value=1, max_value=300), st.sampled_from(["minutes", "hours"]))
def test_in_n_minutes_or_hours_is_later(now, zone, n, unit):
    ctx = _ctx(now, zone)
    due = parse(f"remind me to call Tom in {n} {unit}", ctx).due
    want = ctx.now + timedelta(minutes=n * (60 if unit == "hours" else 1))
    assert isinstance(due, datetime) and abs(due - want) < timedelta(minutes=1)


@given(moments, zones, st.sampled_from(["first", "second", "third", "last"]), st.sampled_from(WEEKDAYS),
       st.sampled_from(["january", "april", "july", "october"]))
def test_nth_weekday_of_a_month(now, zone, nth, weekday, month):
    ctx = _ctx(now, zone)
    due = parse(f"remind me to call Tom the {nth} {weekday} of {month}", ctx).due
    assert due.strftime("%A %B").lower() == f"{weekday} {month}" and due >= ctx.today
    assert (due.day - 1) // 7 == {"first": 0, "second": 1, "third": 2}.get(nth, (due.day - 1) // 7)
    assert nth != "last" or (due + timedelta(days=7)).month != due.month
