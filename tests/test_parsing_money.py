"""Money as shop owners write it, read inside a message: currencies from CLDR read for the owner's region, numbers
with either decimal convention, magnitudes, cents, and units of measure that are no money."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parsing import ParseContext, parse
from bot.parsing.en.amounts import find_amount
from bot.parsing.en.money_words import MAGNITUDES, currency_of, unit_words
from bot.parsing.en.normalize import normalize
from crm.money import CURRENCY_WORDS, resolve_currency

NOW = datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
DE = ParseContext(now=NOW, tz="Europe/Berlin", currency="EUR", region="DE")
US = ParseContext(now=NOW, tz="America/New_York", currency="USD", region="US")
AU = ParseContext(now=NOW, tz="Australia/Sydney", currency="AUD", region="AU")
NO = ParseContext(now=NOW, tz="Europe/Oslo", currency="NOK", region="NO")


@pytest.mark.parametrize("text, amount, currency", [
    ("Piet gave me 20 and 50 cents for the aged cheddar", "20.50", "EUR"),
    ("half a kilo of manchego for Carmen, 14 euro 90", "14.90", "EUR"),
    ("Karl bought my old 6 ft folding table for 80", "80", "EUR"),
    ("Rs 1,20,000 received from Mr. Iyer", "120000", "INR"),
    ("Tom paid 1.2k", "1200", "EUR"),
    ("Tom paid $20 and 43c", "20.43", "USD"),
    ("Tom paid US$4.7 billion", "4700000000", "USD"),
    ("Tom paid twelve hundred", "1200", "EUR"),
    ("Tom paid forty-five euros", "45", "EUR"),
    ("Tom paid Rs 20", "20", "INR"),
    ("Tom paid 42 KWD", "42", "KWD"),
    ("Tom paid a dollar", "1", "USD"),
    ("Tom paid 20 ringgit and 43 sen", "20.43", "MYR"),
    ("Tom paid 5 lakh rupees", "500000", "INR"),
    ("Tom paid five lakhs rupees", "500000", "INR"),
    ("Tom paid RM42", "42", "MYR"),
    ("Tom paid 3 GBP 1 pence", "3.01", "GBP"),
    ("Tom paid ten shekels", "10", "ILS"),
    ("Tom paid 3m usd", "3000000", "USD"),
    ("Tom paid 20 quid", "20", "GBP"),
])
def test_money_as_owners_write_it(text, amount, currency):
    p = parse(text, DE)
    assert (p.amount, p.currency) == (Decimal(amount), currency), text


@pytest.mark.parametrize("text", ["try 2 candles", "Tom bought 2 kg of apples", "Tom paid 4h", "Ron bought 3 m of linen"])
def test_no_money(text):
    assert parse(text, DE).amount is None, text


@pytest.mark.parametrize("word, region, code", [
    ("$", "US", "USD"), ("$", "AU", "AUD"), ("$", "DE", "USD"), ("$", "CA", "CAD"), ("dollars", "AU", "AUD"),
    ("bucks", "NZ", "NZD"), ("kr", "NO", "NOK"), ("kr", "DK", "DKK"), ("kr", "SE", "SEK"), ("kr", "DE", "SEK"),
    ("£", "DE", "GBP"), ("pounds", "EG", "EGP"), ("pounds", "DE", "GBP"), ("rupees", "PK", "PKR"), ("rupees", "DE", "INR"),
    ("rs", "DE", "INR"), ("rs.", "DE", "INR"), ("francs", "DE", "CHF"), ("¥", "DE", "JPY"), ("zł", "DE", "PLN"),
])
def test_a_currency_word_means_the_owners_currency_where_it_can(word, region, code):
    assert resolve_currency(word, region) == code


def test_the_symbol_is_read_for_the_owners_region():
    assert (parse("Tom paid $45", AU).currency, parse("Tom paid $45", US).currency) == ("AUD", "USD")
    assert parse("Tom paid 200 kr", NO).currency == "NOK"


@pytest.mark.parametrize("word, region, code", [
    ("try", None, None), ("TRY", None, "TRY"), ("Ron", None, None), ("ron", None, "RON"), ("ft", None, None),
    ("ft", "HU", "HUF"), ("Usd", None, None), ("usd", None, "USD"),
])
def test_codes_that_are_words_count_in_capitals_and_units_are_no_currency(word, region, code):
    assert currency_of(word, region) == code


def test_magnitudes_are_named_data_with_examples_that_read():
    for magnitude in MAGNITUDES:
        for example in magnitude.examples:
            p = parse(f"Tom paid {example}", DE)
            assert p.amount is not None and p.amount >= magnitude.factor, example


def test_crm_currency_words_keep_what_other_callers_read():
    old = {"€": "EUR", "eur": "EUR", "euros": "EUR", "$": "USD", "us$": "USD", "bucks": "USD", "£": "GBP", "quid": "GBP",
           "¥": "JPY", "yen": "JPY", "rmb": "CNY", "元": "CNY", "块": "CNY", "chf": "CHF", "fr.": "CHF", "francs": "CHF",
           "kr": "SEK", "zł": "PLN", "kč": "CZK", "kc": "CZK", "c$": "CAD", "a$": "AUD", "₹": "INR", "r$": "BRL", "₺": "TRY",
           "₩": "KRW", "ft": "HUF", "lei": "RON", "ron": "RON", "try": "TRY"}
    assert {w: CURRENCY_WORDS.get(w) for w in old} == old


# properties ----------------------------------------------------------------------------------------------------

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2, allow_nan=False, allow_infinity=False)
MARKS = [("€", "EUR"), ("$", "USD"), ("£", "GBP"), ("EUR", "EUR"), ("USD", "USD"), ("CHF", "CHF"), ("GBP", "GBP"),
         ("MYR", "MYR"), ("KWD", "KWD"), ("RM", "MYR"), ("₹", "INR"), ("zł", "PLN")]


def written(amount: Decimal, comma_decimal: bool, grouped: bool) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    if grouped and len(whole) > 3:
        whole = f"{int(whole):,}".replace(",", "." if comma_decimal else ",")
    return f"{whole}{',' if comma_decimal else '.'}{cents}"


@settings(max_examples=300, deadline=None)
@given(AMOUNTS, st.booleans(), st.booleans(), st.sampled_from(MARKS), st.booleans(), st.booleans())
def test_any_amount_with_a_sign_or_code_reads_back_exactly(amount, comma_decimal, grouped, mark, before, spaced):
    sign, code = mark
    number = written(amount, comma_decimal, grouped)
    gap = " " if spaced or sign.isalpha() else ""
    text = f"Tom paid {sign}{gap}{number}" if before else f"Tom paid {number}{gap}{sign}"
    # read by amounts itself: the clause cut at every comma (bot/parsing/clauses.py) splits "1,000.00 EUR" today
    found = find_amount(normalize(text), [], "DE")
    assert found is not None and (found.total, found.currency) == (amount, code), text


UNITS = sorted(w for w in unit_words() if w.isascii() and w.isalpha())


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.sampled_from(UNITS), st.booleans())
def test_a_number_followed_by_a_unit_is_never_money(number, unit, spaced):
    text = f"Tom bought {number}{' ' if spaced else ''}{unit} of linen"
    assert parse(text, DE).amount is None, text


@pytest.mark.parametrize("text, amount, currency", [
    ("Ola paid 40, sorry 45, for the vase", "45", "EUR"),  # taken back at once: the second is what was paid
    ("Bram paid 30 no 35 for the tyre", "35", "EUR"),
    ("Devi paid ₹8k today, balance Rs 6,000 pending", "8000", "INR"),  # still owed: not this payment
    ("Jo paid 120, 80 still due", "120", "EUR"),
    ("received 2 lakh from Mr Rao", "200000", "INR"),  # lakh is South Asian numbering: rupees when none is written
])
def test_what_was_paid_is_not_what_was_taken_back_or_is_still_owed(text, amount, currency):
    result = parse(text, DE)
    assert (result.amount, result.currency) == (Decimal(amount), currency)


def test_a_lakh_is_the_owners_own_south_asian_currency_where_it_is_one():
    dhaka = ParseContext(now=NOW, tz="Asia/Dhaka", currency="BDT", region="BD")
    assert parse("received 3 lakh from Karim", dhaka).currency == "BDT"
