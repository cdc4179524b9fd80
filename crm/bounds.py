"""Bounds on what is stored, so junk never is: every service checks its fields against these.

Two kinds. Hard bounds refuse with a plain sentence: what no business could mean and what storage
cannot hold (a 20-digit amount overflowed SQLite's integer and ended in "something went wrong"; a
10,000-character name or a year 0001 was stored as it came). Plausibility bounds are the dialogue's
to ask about (crm.bounds.implausible_*): a very large order or a date years away may be right, so the
owner confirms it with a button.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from crm.errors import Invalid
from crm.money import Money, format_money, minor_units

MAX_NAME_CHARS = 120  # longer than any person's or company's name the owner would type
MAX_TEXT_CHARS = 2000  # notes, summaries, descriptions, comments: a chat message's worth
MAX_QUANTITY = 10**9  # items in one order
MAX_AMOUNT = Decimal(10) ** 12  # a trillion: beyond any one-person business, well inside a 64-bit count of cents
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)  # nothing a living customer did happened earlier
LATEST_AHEAD = timedelta(days=366 * 10)  # a follow-up further ahead than ten years is a typo
PLAUSIBLE_PAST = timedelta(days=300)  # older than this: ask ("on 5 dec" typed on 2 Dec read as last year's)
PLAUSIBLE_AHEAD = timedelta(days=366 * 2)  # a follow-up further ahead than this: ask
PLAUSIBLE_MAJOR_UNITS = Decimal(100_000)  # an order above this many euros, dollars ...: ask

# C0 and C1 control characters and DEL; a tab or newline is kept only where text may have lines
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_AND_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def strip_controls(text: str, multiline: bool = False) -> str:
    """Text without control characters (escape sequences, bells, NULs); line breaks only if `multiline`."""
    return _CONTROL.sub("", text) if multiline else _CONTROL_AND_BREAKS.sub(" ", text)


def clean_name(name: str) -> str:
    """A name as stored: no control characters, single spaces, at most MAX_NAME_CHARS."""
    clean = " ".join(strip_controls(name).split())
    if len(clean) > MAX_NAME_CHARS:
        raise Invalid(f"A name can have at most {MAX_NAME_CHARS} characters; that one has {len(clean):,}.")
    return clean


def clean_text(text: str, what: str = "text") -> str:
    """Free text as stored (notes, a summary): control characters gone, at most MAX_TEXT_CHARS."""
    clean = strip_controls(text, multiline=True).strip()
    if len(clean) > MAX_TEXT_CHARS:
        raise Invalid(f"The {what} can have at most {MAX_TEXT_CHARS:,} characters; that one has {len(clean):,}.")
    return clean


def check_amount(money: Money) -> Money:
    if not money.amount.is_finite() or abs(money.amount) >= MAX_AMOUNT:
        raise Invalid(f"{money.amount:,.0f} {money.currency} is more than any order I can store.")
    return money


def check_moment(when: datetime, now: datetime, what: str) -> datetime:
    """Refuse a moment before 1900 or more than ten years ahead of `now`."""
    if when < EARLIEST:
        raise Invalid(f"The {what} is dated {when.year:04d}, before 1900; that can't be right.")
    if when > now + LATEST_AHEAD:
        raise Invalid(f"The {what} is dated {when.year}, more than ten years ahead; that can't be right.")
    return when


def implausible_amount(money: Money) -> str | None:
    """Why this amount is worth a question, or None. Currencies without cents (yen, forint ...) count
    a hundred of their units as one."""
    major = money.amount if minor_units(money.currency) else money.amount / 100
    if major > PLAUSIBLE_MAJOR_UNITS:
        return f"{format_money(money)} is a very large amount."
    return None


def impossible_day(day: date, today: date) -> bool:
    """A day no record can have (the hard bounds of `check_moment`, by local day)."""
    return day < EARLIEST.date() or day > today + LATEST_AHEAD


def implausible_day(day: date, today: date) -> str | None:
    """Why a date this far from today is worth a question, or None."""
    if day < today - PLAUSIBLE_PAST:
        return "is more than ten months ago."
    if day > today + PLAUSIBLE_AHEAD:
        return "is more than two years ahead."
    return None
