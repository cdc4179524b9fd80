"""Each parsing step on its own, so that a failure points at the module that broke rather than at a whole message."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.parsing import ParseContext, parse
from bot.parsing.amounts import find_amount
from bot.parsing.contacts import find_birthday, find_city, find_email, find_phone, find_score, find_tags, sentiment
from bot.parsing.dates import fallback_day, find_day, find_period, find_time
from bot.parsing.intent import classify, interaction_kind
from bot.parsing.names import find_name
from bot.parsing.normalize import normalize

NOW = datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Wednesday
CTX = ParseContext(now=NOW, tz="Europe/Berlin", currency="EUR", region="DE")


# normalize --------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, clean", [
    ("call Tom tmrw", "call Tom tomorrow"),
    ("Anna bougth  bread", "Anna bought bread"),
    ("coffee w/ Felix", "coffee with Felix"),
    ("Irene\u2019s kitchen", "Irene's kitchen"),
    ("Sunny payed 20", "Sunny paid 20"),
])
def test_normalize_spells_shorthand_and_typos_out(typed, clean):
    assert normalize(typed) == clean


def test_normalize_leaves_names_and_emails_alone():
    assert normalize("Emailed Fridy at fridy@web.de") == "Emailed Fridy at fridy@web.de"


# intent -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, intent", [
    ("Anna bought bread for 5", "log_order"),
    ("remind me to call Anna", "add_followup"),
    ("called Anna back", "complete_followup"),
    ("called Anna", "log_interaction"),
    ("new customer Anna Berg", "add_customer"),
    ("Anna's email is a@b.de", "update_customer"),
    ("Greg prefers oat milk", "update_customer"),
    ("Anna gave us 9/10", "add_feedback"),
    ("who's at risk?", "query_at_risk"),
    ("how is Anna doing?", "query_customer"),
    ("best customers", "query_top"),
    ("revenue this week", "query_sales"),
    ("any reminders for tomorrow?", "query_followups"),
    ("oops undo that", "undo"),
    ("what should I write here?", "help"),
    ("?", "help"),
    ("coffee time", "unknown"),
])
def test_classify_picks_the_intent(text, intent):
    assert classify(normalize(text))[0] == intent


def test_a_bare_name_and_number_is_an_order_with_low_confidence():
    intent, confidence = classify("Anna 45")
    assert intent == "log_order" and confidence < 0.6


@pytest.mark.parametrize("text, kind", [
    ("rang Irene", "call"), ("left a voicemail for Rose", "call"), ("emailed Jo the quote", "email"),
    ("texted Yuki", "message"), ("sent Rosa the new schedule", "message"), ("Bea dropped by", "visit"),
    ("coffee with Marcus", "meeting"), ("video call with Ivan", "meeting"), ("note on Vera", "note"),
])
def test_interaction_kind_by_medium(text, kind):
    assert interaction_kind(text) == kind


# amounts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, total, currency, quantity", [
    ("Fatima took 2 rugs at 150 each", "300", None, 2),
    ("Sam bought 2x 12.50", "25.00", None, 2),
    ("Rose ordered 12 cupcakes @ 3.50", "42.00", None, 12),
    ("Lukas paid 38,90 €", "38.90", "EUR", None),
    ("Yusuf bought 3 rugs for 2 400 €", "2400", "EUR", 3),
    ("Carlos ordered a logo design, 1.5k", "1500", None, None),
    ("Irene paid 2,300 for the plans", "2300", None, None),
    ("Dominik paid 1.250,00", "1250.00", None, None),
    ("Ravi paid $1,200", "1200", "USD", None),
    ("Sara bought 1 print for 60 a week ago", "60", None, 1),
    ("Anna returned a lamp, -45", "-45", None, None),
])
def test_find_amount_reads_the_total(text, total, currency, quantity):
    amount = find_amount(text, [])
    assert amount is not None
    assert (amount.total, amount.currency, amount.quantity) == (Decimal(total), currency, quantity)


def test_no_price_means_no_amount():
    assert find_amount("Oskar bought 3 candles", []) is None


def test_the_description_is_what_was_bought():
    assert find_amount("Lena bought 3 scarves for 75", []).description == "scarves"  # type: ignore[union-attr]


# dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, future, day", [
    ("yesterday", False, date(2026, 3, 10)),
    ("the day before yesterday", False, date(2026, 3, 9)),
    ("4 days ago", False, date(2026, 3, 7)),
    ("last thursday", False, date(2026, 3, 5)),
    ("on friday", False, date(2026, 3, 6)),
    ("on friday", True, date(2026, 3, 13)),
    ("in 5 days", True, date(2026, 3, 16)),
    ("in 2 weeks", True, date(2026, 3, 25)),
    ("end of month", True, date(2026, 3, 31)),
    ("on the 1st", False, date(2026, 3, 1)),
    ("on the 1st", True, date(2026, 4, 1)),
    ("on the 31st", False, date(2026, 1, 31)),
    ("17 feb", False, date(2026, 2, 17)),
    ("jan 9", False, date(2026, 1, 9)),
    ("april 10", True, date(2026, 4, 10)),
    ("on 2/4", True, date(2026, 4, 2)),
])
def test_find_day_points_the_right_way(text, future, day):
    found = find_day(text, CTX, future)
    assert found is not None and found.day == day


def test_slash_dates_follow_the_date_order():
    us = ParseContext(now=NOW, tz="America/New_York", region="US")
    assert find_day("on 2/4", us, True).day == date(2027, 2, 4)  # type: ignore[union-attr]


def test_month_names_are_not_names_of_dates_without_a_number():
    assert find_day("May bought bread", CTX, False) is None and fallback_day("May bought bread", CTX, False) is None


@pytest.mark.parametrize("text, bare, clock", [
    ("at 3pm", False, time(15, 0)), ("9:30", False, time(9, 30)), ("noon", False, time(12, 0)),
    ("at 3", True, time(15, 0)), ("at 3", False, None), ("at 6 each", True, None),
])
def test_find_time(text, bare, clock):
    found = find_time(text, allow_bare_hour=bare)
    assert (found.clock if found else None) == clock


@pytest.mark.parametrize("text, start, end", [
    ("sales this month", date(2026, 3, 1), date(2026, 4, 1)),
    ("revenue this week", date(2026, 3, 9), date(2026, 3, 16)),
    ("sales last month", date(2026, 2, 1), date(2026, 3, 1)),
    ("sales today", date(2026, 3, 11), date(2026, 3, 12)),
    ("sales in february", date(2026, 2, 1), date(2026, 3, 1)),
])
def test_find_period_is_half_open(text, start, end):
    assert find_period(text, CTX)[:2] == (start, end)


def test_a_due_time_is_in_the_owners_zone():
    due = parse("remind me to send Fatima the invoice tomorrow at 3pm", CTX).due
    assert due == datetime(2026, 3, 12, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_an_errand_date_is_not_when_the_sale_happened():
    assert parse("Will paid 45 for the flowers, pickup tmrw", CTX).date == date(2026, 3, 11)


# names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("masked, intent, name", [
    ("sold a guitar to Marcus Hill for \u27c2", "log_order", "Marcus Hill"),
    ("Invoice paid by Nordwind AG: \u27c2", "log_order", "Nordwind AG"),
    ("Smith & Co ordered catering", "log_order", "Smith & Co"),
    ("May ordered a cake", "log_order", "May"),
    ("texted will about pickup time", "log_interaction", "will"),
    ("Eva emailed asking for the price list", "log_interaction", "Eva"),
    ("had a chat with Anneke van der Berg at the market", "log_interaction", "Anneke van der Berg"),
    ("\u27c2    : Ivan paid \u27c2 for the logo", "log_order", "Ivan"),
    ("what's Carlos's lifetime value?", "query_customer", "Carlos"),
    ("check on Irene's kitchen", "add_followup", "Irene"),
    ("reminder: visit Frau Becker \u27c2", "add_followup", "Frau Becker"),
    ("tag jade regular", "update_customer", "jade"),
    ("got a \u27c2 from Ravi", "add_feedback", "Ravi"),
    ("sold 4 plants for \u27c2", "log_order", None),
    ("emailed the floor plan", "log_interaction", None),
])
def test_find_name(masked, intent, name):
    assert find_name(masked, intent) == name


# contacts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, region, e164", [
    ("add client Bäckerei Huber, 089 123456", "DE", "+4989123456"),
    ("Greta Olsen, +47 912 34 567", "DE", "+4791234567"),
    ("Ben's phone is 0151 23456789", "DE", "+4915123456789"),
    ("Jo, (415) 555-0134", "US", "+14155550134"),
])
def test_find_phone_gives_e164_in_the_default_region(text, region, e164):
    found = find_phone(text, region)
    assert found is not None and found.value == e164


def test_find_email():
    found = find_email("new customer Greta Olsen, greta@olsen.no, +47 912 34 567")
    assert found is not None and found.value == "greta@olsen.no"


@pytest.mark.parametrize("text, birthday", [
    ("Marcus Hill's birthday is 12 august", "08-12"), ("Tom's birthday 3/4", "04-03"),
    ("Olga's birthday is april 22nd", "04-22"), ("Ravi was born on 9 september 1988", "1988-09-09"),
])
def test_find_birthday(text, birthday):
    found = find_birthday(normalize(text), CTX)
    assert found is not None and found.value == birthday


def test_find_city_and_tags():
    assert find_city("Anna moved to Hamburg") == "Hamburg"
    assert find_tags("tag Anna as wholesale, vip", "Anna") == ["wholesale", "vip"]
    assert find_tags("tag Jonas wholesale", "Jonas") == ["wholesale"]


@pytest.mark.parametrize("text, score, scale", [
    ("Anna gave us 9/10", "9", 10), ("Yuki gave us 10 out of 10", "10", 10), ("Tom rated 4 stars", "4", 5),
    ("Sunny gave us a 4 star review", "4", 5), ("Bea gave us an 8", "8", 10),
])
def test_find_score_with_its_scale(text, score, scale):
    found = find_score(text)
    assert found is not None and found[:2] == (Decimal(score), scale)


def test_text_only_feedback_has_a_sentiment_and_no_score():
    parsed = parse("Greta complained the bread was stale", CTX)
    assert (parsed.intent, parsed.score, parsed.sentiment) == ("add_feedback", None, "negative")
    assert sentiment("Chloé loved the ring") == "positive"
