"""The parts money is written with, as named data: currency words (from CLDR, through crm.money), magnitudes,
subunit words and units of measure (from CLDR). bot/parsing/en/amounts.py composes them into a money:
a number with a currency before or after it ("RM42", "42 malaysian ringgits"), a magnitude ("1.2k", "5 lakh
rupees"), its cents ("$20 and 43c", "14 euro 90"); a number with a unit after it ("6 ft", "2 kg") is no money.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from crm.money import (
    COLLOQUIAL,
    currency_names,
    currency_signs,
    currency_words,
    region_currency,
    resolve_currency,
    trie_pattern,
)

# ISO codes that are English words (or read as one in a chat): a code only in capitals, "TRY 50", not "try 2 candles".
CODES_THAT_ARE_WORDS = frozenset({"ALL", "BAM", "BOB", "CUP", "GEL", "MAD", "MOP", "PEN", "SOS", "TOP", "TRY"})


@dataclass(frozen=True)
class Magnitude:
    words: tuple[str, ...]
    factor: int
    needs_currency: bool  # "3 m" is three metres; "$3m" three million
    examples: tuple[str, ...]
    counted_in: tuple[str, ...] = ()  # the currencies that count in it: with no currency written, the owner's if it is one, else the first


# Lakh and crore are South Asian numbering: "received 2 lakh" with no currency is rupees (taka, ...)
SOUTH_ASIAN = ("INR", "PKR", "BDT", "NPR", "LKR")
MAGNITUDES = (
    Magnitude(("k", "thousand", "grand"), 1_000, False, ("1.2k", "10k$", "5 thousand euros", "paid 2 grand")),
    Magnitude(("m", "mn", "mil"), 1_000_000, True, ("$3m", "EUR 1.5mn")),
    Magnitude(("million", "millions"), 1_000_000, False, ("2 million rupees",)),
    Magnitude(("bn", "b"), 1_000_000_000, True, ("US$4.7bn",)),
    Magnitude(("billion", "billions"), 1_000_000_000, False, ("US$4.7 billion",)),
    Magnitude(("lakh", "lakhs", "lac", "lacs"), 100_000, False, ("5 lakh rupees", "Rs 2 lakh"), SOUTH_ASIAN),
    Magnitude(("crore", "crores", "cr"), 10_000_000, False, ("4 crores rupees",), SOUTH_ASIAN),
)
MAGNITUDE = {w: m for m in MAGNITUDES for w in m.words}
MAGNITUDE_PATTERN = "|".join(sorted(MAGNITUDE, key=len, reverse=True))

# The hundredth of a currency, as English writes it: CLDR names no subunits. "$20 and 43c", "3 GBP 1 pence",
# "20 ringgit and 43 sen", "3 UAH 4 kopiykas", "9 cents a word".
SUBUNIT_WORDS = ("cents", "cent", "ct", "c", "¢", "pence", "penny", "pennies", "p", "sen", "sens", "kopiykas", "kopiyka",
                 "kopeks", "kopek", "paise", "paisa", "centavos", "centavo", "centimes", "centime", "öre", "øre", "rappen", "grosze")
SUBUNIT = re.compile(r"(?:" + "|".join(re.escape(w) for w in sorted(SUBUNIT_WORDS, key=len, reverse=True)) + r")(?![^\W\d_])",
                     re.IGNORECASE)

# Units of measure CLDR abbreviates (English, short form): a number right before one is a measure, no money. Only
# lengths, masses, volumes, areas, temperatures and speeds: durations ("3.5h") are hours worked, counted by amounts.py.
UNIT_KINDS = ("length", "mass", "volume", "area", "temperature", "speed")
# Abbreviations that English also writes for something else: "20 in cash", "43c" (cents), "3 st" (street), "2 t".
NOT_UNITS = frozenset({"in", "c", "pt", "st", "t", "dr", "bu", "ch", "rd", "mc", "mil", "pc", "au", "ly", "fur", "B", "K",
                       "dram", "drams", "jigger", "jiggers", "pn", "slug", "light", "dunam", "CD", "Da", "mpt", "fth", "tn",
                       "pm", "gr", "kn", "smi", "dsp", "mi"})


@lru_cache(maxsize=1)
def unit_words() -> frozenset[str]:
    """"ft", "kg", "m", "cm", "L", "lb", "oz", "°C", "km/h" ... (CLDR's English short unit patterns)."""
    from babel import Locale

    found = set()
    for unit, forms in Locale("en")._data["unit_patterns"].items():
        if unit.split("-")[0] not in UNIT_KINDS:
            continue
        try:
            short = forms["short"]
        except KeyError:
            continue
        for pattern in short.values():
            if isinstance(pattern, str) and "{0}" in pattern:
                word = pattern.replace("{0}", "").strip()
                if word and " " not in word and not word.startswith("/") and word not in NOT_UNITS:
                    found.add(word)
    found |= {"kgs", "lbs", "ltr", "sqm", "sq ft", "kilo", "kilos"}  # plurals and shop spellings CLDR does not write
    return frozenset(found)


@lru_cache(maxsize=1)
def unit_pattern() -> re.Pattern[str]:
    """A unit right after a number (its end: no letter follows): "6 ft", "2kg", "1.5 L", "3 m"."""
    return re.compile(r"\s?(?:" + trie_pattern(unit_words()) + r")(?![^\W\d_])")


@lru_cache(maxsize=1)
def currency_pattern() -> str:
    """Every currency word (signs, ISO codes, names, slang) as one prefix-tree alternation."""
    return trie_pattern(currency_words(None))


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(currency_names()) | frozenset(w for w, meant in COLLOQUIAL.items() if not meant.isupper())


def is_name(word: str) -> bool:
    """A currency's name or slang ("euro", "malaysian ringgits", "bucks"), not a sign or a code."""
    return word.lower() in _names()


def currency_of(word: str, region: str | None) -> str | None:
    """The ISO code the written currency word means to an owner in `region`; None when it is no currency as written:
    a code in Title case ("Ron", "Try" are words or names), a code that is an English word in lower case ("try"),
    a unit of measure where the region does not pay with that sign ("6 ft" is feet, except in Hungary)."""
    word = word.strip()
    low = word.lower()
    if low not in currency_words(None):
        return None
    code = resolve_currency(low, region)
    if len(word) == 3 and word.isalpha() and word.upper() == code and low not in currency_signs() and not is_name(low):
        if word.istitle() or (word.upper() in CODES_THAT_ARE_WORDS and not word.isupper()):
            return None
    if word in unit_words() or low in unit_words():
        if region_currency(region) != code:
            return None
    return code


def counted_in(word: str | None, region: str | None) -> str | None:
    """The currency a magnitude word implies when none is written: "2 lakh" is rupees, or a Bangladeshi owner's taka."""
    m = MAGNITUDE.get(word.strip().lower()) if word else None
    if m is None or not m.counted_in:
        return None
    own = region_currency(region)
    return own if own in m.counted_in else m.counted_in[0]


def magnitude(word: str | None, has_currency: bool) -> Decimal | None:
    """The factor of a magnitude word after a number ("k", "lakh", "bn"); None if it is none here."""
    if not word:
        return Decimal(1)
    m = MAGNITUDE.get(word.strip().lower())
    if m is None or (m.needs_currency and not has_currency):
        return None
    return Decimal(m.factor)
