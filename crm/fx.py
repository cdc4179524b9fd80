"""Money in another currency, at the European Central Bank's reference rate of the day it was spent.

Why currencyconverter: it ships the ECB's daily reference rates since 1999 inside the package (no
network at run time, which this assistant must never need), reads them as Decimal, and fills weekends
and holidays from the days around them. Its 42 currencies are the ECB's; money in any other currency
cannot be converted, and the callers say which orders they left out for that. A day after the newest
rate the package holds takes that newest rate. Loading the table costs about 0.8 s, so it happens on
the first conversion only, never for an owner whose orders are all in their own currency.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from crm.money import Money, quantize


@lru_cache(maxsize=1)
def _rates() -> Any:
    from currency_converter import CurrencyConverter

    return CurrencyConverter(decimal=True, fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def convertible(currency: str) -> bool:
    return currency.upper() in _rates().currencies


@lru_cache(maxsize=65536)
def rate(frm: str, to: str, on: date) -> Decimal | None:
    """How many `to` one `frm` bought on day `on`; None when the ECB has no rate for either currency."""
    if frm == to:
        return Decimal(1)
    if not (convertible(frm) and convertible(to)):
        return None
    return _rates().convert(Decimal(1), frm, to, date=on)  # type: ignore[no-any-return]


def convert(money: Money, to: str, on: date) -> Money | None:
    """`money` in currency `to` at the rate of day `on`, to the cent (or the currency's minor unit);
    None when the ECB has no rate for either currency."""
    if money.currency == to:
        return money
    factor = rate(money.currency, to, on)
    return None if factor is None else Money(quantize(money.amount * factor, to), to)
