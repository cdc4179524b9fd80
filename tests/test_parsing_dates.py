"""Relative dates resolve the same way for every "now" of a year, in every zone, around midnight and
on the days clocks change: "yesterday" is always the local date minus one, a follow-up "friday" is
always the coming Friday, an order's "last friday" always the previous one."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

from bot.parsing import ParseContext, parse

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "UTC"]
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23, 59), timezones=st.just(UTC))
DST_EDGES = [datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 0, 59, tzinfo=UTC),
             datetime(2026, 3, 8, 6, 59, tzinfo=UTC), datetime(2026, 11, 1, 5, 1, tzinfo=UTC),
             datetime(2026, 4, 4, 13, 59, tzinfo=UTC)]


def context(now: datetime, zone: str) -> tuple[ParseContext, date]:
    local = now.astimezone(ZoneInfo(zone))
    return ParseContext(now=local, tz=zone, currency="EUR", region="DE"), local.date()


def with_edges(**extra):  # type: ignore[no-untyped-def]
    """Always try the moments around DST changes and midnight, in every zone."""
    def add(test):  # type: ignore[no-untyped-def]
        for edge in DST_EDGES:
            for zone in ZONES:
                test = example(now=edge, zone=zone, **extra)(test)
        return test
    return add


@with_edges()
@given(moments, st.sampled_from(ZONES))
def test_yesterday_and_days_ago_count_back_local_days(now, zone):
    ctx, today = context(now, zone)
    assert parse("Anna bought bread for 5 yesterday", ctx).date == today - timedelta(days=1)
    assert parse("Anna bought bread for 5 4 days ago", ctx).date == today - timedelta(days=4)
    assert parse("Anna bought bread for 5", ctx).date == today


@with_edges()
@given(moments, st.sampled_from(ZONES))
def test_follow_up_days_count_forward(now, zone):
    ctx, today = context(now, zone)
    assert parse("remind me to call Tom tomorrow", ctx).due == today + timedelta(days=1)
    assert parse("follow up with Tom in 3 days", ctx).due == today + timedelta(days=3)


@with_edges(weekday="sunday")
@given(moments, st.sampled_from(ZONES), st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "sunday"]))
def test_weekdays_point_forward_for_reminders_and_back_for_orders(now, zone, weekday):
    ctx, today = context(now, zone)
    for phrase in (f"on {weekday}", f"next {weekday}", weekday):  # "next monday": the coming one, never today
        due = parse(f"remind me to call Tom {phrase}", ctx).due
        assert due.strftime("%A").lower() == weekday and today < due <= today + timedelta(days=7), phrase
    happened = parse(f"Anna bought bread for 5 last {weekday}", ctx).date
    assert happened.strftime("%A").lower() == weekday and today - timedelta(days=7) <= happened < today


@with_edges()
@given(moments, st.sampled_from(ZONES))
def test_a_time_is_kept_in_the_owners_zone(now, zone):
    ctx, today = context(now, zone)
    due = parse("ping Sam tomorrow at 3pm", ctx).due
    assert due.tzinfo is not None and due.date() == today + timedelta(days=1)
    assert (due.hour, due.minute) == (15, 0) and due.utcoffset() == due.astimezone(ZoneInfo(zone)).utcoffset()
