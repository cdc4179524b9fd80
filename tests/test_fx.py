"""Conversion at the ECB reference rate of the day, exact to the minor unit, refusing what it cannot."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from crm.fx import convert
from crm.money import Money


def test_a_known_day_uses_that_days_reference_rate():
    # ECB reference rate of 2 Jan 2024: 1 EUR = 1.0956 USD
    assert convert(Money(Decimal("100"), "EUR"), "USD", date(2024, 1, 2)) == Money(Decimal("109.56"), "USD")


def test_a_weekend_takes_the_days_around_it_and_the_result_has_the_targets_precision():
    weekend = convert(Money(Decimal("100"), "EUR"), "JPY", date(2024, 1, 6))
    assert weekend is not None and weekend.currency == "JPY" and weekend.amount == weekend.amount.to_integral_value()


def test_a_currency_the_ecb_does_not_quote_is_not_converted():
    assert convert(Money(Decimal("10"), "KWD"), "EUR", date(2024, 1, 2)) is None
    assert convert(Money(Decimal("10"), "EUR"), "EUR", date(1900, 1, 1)) == Money(Decimal("10"), "EUR")


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.dates(date(1999, 1, 4), date(2026, 12, 31)),
       st.sampled_from(["USD", "GBP", "CHF", "JPY", "SEK", "CNY"]))
def test_conversion_is_monotone_in_the_amount(amount, day, currency):
    small = convert(Money(amount, "EUR"), currency, day)
    large = convert(Money(amount + 1, "EUR"), currency, day)
    assert small is not None and large is not None and small.amount <= large.amount
