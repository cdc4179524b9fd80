"""Money: an exact Decimal with an ISO 4217 currency. No float ever touches an amount.

`parse_money` reads one amount as people write it ("€3,180.00", "38,90 €", "1.2k", "2 400", "20 quid");
`format_money` writes it back unambiguously ("EUR 3,180.00"). Storage uses integer minor units.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple


class Money(NamedTuple):
    amount: Decimal
    currency: str



CURRENCY_WORDS: dict[str, str] = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "buck": "USD", "bucks": "USD",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP",
    "¥": "JPY", "yen": "JPY", "jpy": "JPY",
    "cny": "CNY", "rmb": "CNY", "元": "CNY", "yuan": "CNY", "块": "CNY",
    "chf": "CHF", "fr.": "CHF", "francs": "CHF", "franc": "CHF",
    "sek": "SEK", "nok": "NOK", "dkk": "DKK", "kr": "SEK", "pln": "PLN", "zł": "PLN", "czk": "CZK", "kč": "CZK", "kc": "CZK",
    "cad": "CAD", "c$": "CAD", "aud": "AUD", "a$": "AUD", "nzd": "NZD", "inr": "INR", "₹": "INR",
    "brl": "BRL", "r$": "BRL", "mxn": "MXN", "try": "TRY", "₺": "TRY", "krw": "KRW", "₩": "KRW",
    "huf": "HUF", "ft": "HUF", "lei": "RON", "ron": "RON", "zar": "ZAR", "hkd": "HKD", "sgd": "SGD",
}

_SUFFIX = {"k": Decimal(1000), "m": Decimal(1_000_000)}
MAX_AMOUNT_CHARS = 64  # "EUR 1.234.567.890,00" is 20; a 20 KB cell of spaces took 75 s
_NUMBER = re.compile(
    r"^([+-]?)(\d{1,3}(?:([.,' \u00a0\u202f])\d{3})(?:\3\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?:\s*([kKmM]))?$"
)


@lru_cache(maxsize=1)
def tender_currencies() -> frozenset[str]:
    """ISO 4217 codes that are legal tender somewhere today, from Babel's CLDR data (154 codes). ISO's
    own list also holds codes that are no money: XXX ("no currency"), XTS (testing), gold, SDRs."""
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    today = date.today()
    return frozenset(code for territory in get_global("territory_currencies")
                     for code in get_territory_currencies(territory, start_date=today, tender=True))


@lru_cache(maxsize=512)
def minor_units(currency: str) -> int:
    """Decimal places of the currency's minor unit, from Babel's CLDR data: KWD 1.250 is one and a
    quarter dinar, JPY has none (a hand-kept list had both wrong; migration 0007 moved stored amounts)."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency.upper()))


def quantize(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)))


def to_minor(money: Money) -> int:
    """The amount as an integer count of minor units (cents); refuses sub-cent amounts."""
    scaled = money.amount.scaleb(minor_units(money.currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{money.amount} has more decimals than {money.currency} allows")
    return int(scaled)


def from_minor(minor: int, currency: str) -> Money:
    return Money(Decimal(minor).scaleb(-minor_units(currency)), currency)


def estimate(value: float | Decimal, currency: str) -> Money:
    """A model's float estimate (CLV, an average) as money to show, rounded to cents; never stored."""
    return Money(Decimal(str(round(float(value), 2))), currency)


_WORDS = "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True))
_LEADING = re.compile(rf"^({_WORDS})(?![a-z])\s*", re.IGNORECASE)
_TRAILING = re.compile(rf"(?<![a-z])\s*({_WORDS})$", re.IGNORECASE)


def _split_currency(text: str) -> tuple[str, str | None]:
    """Remove a currency symbol, word or code from either end of `text`."""
    for pattern in (_LEADING, _TRAILING):
        found = pattern.search(text)
        if found:
            return (text[: found.start()] + text[found.end():]).strip(), CURRENCY_WORDS[found.group(1).lower()]
    return text, None


def _digits_to_decimal(digits: str) -> Decimal:
    """Read separators the way the writer meant: the last "," or "." is the decimal mark when both
    marks occur ("1.250,00") or when it is not followed by exactly three digits ("12,5"); otherwise
    every mark groups thousands ("1,250", "2.400")."""
    digits = re.sub(r"[ '\u00a0\u202f]", "", digits)
    marks = [i for i, ch in enumerate(digits) if ch in ".,"]
    if not marks:
        return Decimal(digits)
    last = marks[-1]
    tail = digits[last + 1:]
    kinds = {digits[i] for i in marks}
    if len(kinds) == 2 or len(tail) != 3:
        integer, fraction = digits[:last], tail
    else:  # "1,250" / "1.250" / "1.250.000": grouping only
        integer, fraction = digits, ""
    integer = re.sub(r"[.,]", "", integer)
    if fraction and not integer:
        integer = "0"
    return Decimal(f"{integer}.{fraction}" if fraction else integer)


def parse_money(text: str, default_currency: str) -> Money:
    """One amount as written ("€3,180.00", "38,90 €", "1.2k", "USD 12", "20 quid"); ValueError if not."""
    if len(text) > MAX_AMOUNT_CHARS:  # the currency patterns scan from every position: bounded input, bounded work
        raise ValueError(f"That isn't an amount I can read (over {MAX_AMOUNT_CHARS} characters).")
    body = text.strip().replace("\u2212", "-")
    lead, body = ("-", body[1:]) if body.startswith("-") else ("", body.removeprefix("+"))  # "-€5" as well as "€-5"
    rest, currency = _split_currency(body.strip())
    match = _NUMBER.match(lead + rest.strip())
    if not match:
        raise ValueError(f"“{text}” isn't an amount I can read.")
    sign, digits, _, suffix = match.groups()
    try:
        amount = _digits_to_decimal(digits)
        if suffix:  # "1.2k" is 1200, not 1200.0 (nor 1.2E+3)
            amount = (amount * _SUFFIX[suffix.lower()]).normalize()
            amount = amount.quantize(Decimal(1)) if amount.as_tuple().exponent > 0 else amount  # type: ignore[operator]
    except InvalidOperation:  # more digits than a Decimal holds
        raise ValueError(f"“{text}” isn't an amount I can read.") from None
    if sign == "-":
        amount = -amount
    return Money(amount, currency or default_currency.upper())


def format_money(money: Money) -> str:
    """"EUR 1,250.00": the code, a space, grouped digits, the currency's minor units."""
    return f"{money.currency} {quantize(money.amount, money.currency):,}"
