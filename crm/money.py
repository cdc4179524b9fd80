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



# What CLDR does not hold: slang and written forms of one currency (or of a currency name, resolved like the name).
COLLOQUIAL: dict[str, str] = {
    "quid": "pound",  # "20 quid"
    "buck": "dollar", "bucks": "dollar",  # "85 bucks": the owner's dollar
    "rmb": "CNY", "元": "CNY", "块": "CNY",  # "RMB 200", "200块"
    "fr.": "CHF", "kc": "CZK",  # "Fr. 40", "300 Kc" typed without the háček
}
# A sign or name several currencies share, where the owner's region does not decide and CLDR's ranking (below) would
# pick another than the one this app has always read: "kr" -> SEK, "francs" -> CHF (the CFA franc has more territories).
NO_REGION_DEFAULT: dict[str, str] = {"kr": "SEK", "franc": "CHF", "francs": "CHF", "lei": "RON"}
# The last word of a CLDR name that is also a common English word reads as money only with the rest of the name
# ("20 South African rand", not "won 2 prizes", "3 real roses").
NAME_WORDS_THAT_ARE_WORDS = frozenset({"real", "reals", "won", "rand", "mark", "marks", "kip", "kips", "dram", "drams",
                                       "sol", "soles", "inti", "unit", "units", "value", "gold", "silver", "rights",
                                       "platinum", "palladium", "dong", "kina", "dobra"})


@lru_cache(maxsize=1)
def _home_locales() -> tuple[str, ...]:
    """Locales that write tender currencies: every English one, and each territory's official languages there."""
    from babel import localedata
    from babel.core import get_global

    known = set(localedata.locale_identifiers())
    chosen = {i for i in known if i == "en" or i.startswith("en_")}
    for territory, languages in get_global("territory_languages").items():
        for language, info in languages.items():
            if info.get("official_status") in ("official", "de_facto_official") and f"{language}_{territory}" in known:
                chosen.add(f"{language}_{territory}")
                chosen.add(language) if language in known else None  # "hu_HU" inherits its signs from "hu"
    return tuple(sorted(chosen))


@lru_cache(maxsize=1)
def currency_signs() -> dict[str, frozenset[str]]:
    """Sign (lower case) -> the tender currencies CLDR writes with it in the locales that use them ("$", "rm", "ft")."""
    from babel import localedata

    tender, home = tender_currencies(), set(_home_locales())
    out: dict[str, set[str]] = {}
    # A dollar named by its country's letters ("S$", "NZ$") is written so in some locale or other, not always at home
    # (Singapore's English writes "$"): such a sign of a tender currency counts from the first locale that has it,
    # where no home locale writes it.
    lettered: dict[str, str] = {}
    for ident in localedata.locale_identifiers():
        for code, sign in localedata.load(ident, merge_inherited=False).get("currency_symbols", {}).items():
            if code not in tender:
                continue
            if ident in home and not re.fullmatch(r"[A-Z]{3}|[A-Za-z]|[\s\u200b]*", sign):  # "K", "R": one letter is no sign
                out.setdefault(sign.lower(), set()).add(code)
            elif re.fullmatch(r"[A-Za-z]{1,3}\$", sign):
                lettered.setdefault(sign.lower(), code)
    for sign, code in lettered.items():
        out.setdefault(sign, {code})
    return {sign: frozenset(codes) for sign, codes in out.items()}


@lru_cache(maxsize=1)
def currency_names() -> dict[str, frozenset[str]]:
    """English name (lower case, singular and plural; the whole name and its last word) -> tender currencies:
    "malaysian ringgits", "ringgit", "us dollar", "dollars"."""
    from babel.numbers import get_currency_name

    out: dict[str, set[str]] = {}
    for code in tender_currencies():
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale="en").lower()
            if "(" in name:
                continue
            out.setdefault(name, set()).add(code)
            last = name.split()[-1]
            if last not in NAME_WORDS_THAT_ARE_WORDS:
                out.setdefault(last, set()).add(code)
    return {name: frozenset(codes) for name, codes in out.items()}


@lru_cache(maxsize=1)
def _territories() -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    """Per currency: how many English-writing territories and how many territories use it; per territory its currency."""
    from babel import localedata
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    english = {ident.split("_")[-1] for ident in localedata.locale_identifiers() if ident.startswith("en_")}
    in_english: dict[str, int] = {}
    anywhere: dict[str, int] = {}
    own: dict[str, str] = {}
    for territory in get_global("territory_currencies"):
        codes = get_territory_currencies(territory, start_date=date.today(), tender=True)
        if codes:
            own[territory] = codes[0]
        for code in codes:
            anywhere[code] = anywhere.get(code, 0) + 1
            in_english[code] = in_english.get(code, 0) + (territory in english)
    return in_english, anywhere, own


def region_currency(region: str | None) -> str | None:
    """The currency a territory pays in today (CLDR): "AU" -> AUD, "IN" -> INR."""
    return _territories()[2].get((region or "").upper())


def currency_candidates(word: str) -> frozenset[str]:
    """Every tender currency a sign, code, name or slang word can stand for ("$" -> USD, AUD, CAD, ...)."""
    word = word.lower()
    if word in COLLOQUIAL:
        meant = COLLOQUIAL[word]
        return frozenset({meant}) if meant.isupper() else currency_names().get(meant, frozenset())
    if len(word) == 3 and word.upper() in recent_currencies():
        return frozenset({word.upper()})
    found = set(currency_signs().get(word, ())) | set(currency_names().get(word, ()))
    if word.endswith(".") and word[:-1] in currency_signs():  # "Rs." is "Rs" with an abbreviation's dot
        found |= currency_signs()[word[:-1]]
    return frozenset(found)


@lru_cache(maxsize=4096)
def resolve_currency(word: str, region: str | None = None) -> str | None:
    """The ISO code a currency word means to an owner in `region`: the region's own currency when the word can
    stand for it ("$" in AU -> AUD, "kr" in NO -> NOK), else the one the English locale writes so ("$" -> USD,
    "£" -> GBP), else NO_REGION_DEFAULT, else the one used by the most English-writing, then the most territories
    ("rupees" -> INR, "pounds" -> GBP)."""
    candidates = currency_candidates(word)
    if not candidates:
        return None
    if len(candidates) == 1:
        return next(iter(candidates))
    own = region_currency(region)
    if own in candidates:
        return own
    from babel import Locale

    english = [code for code, sign in Locale("en").currency_symbols.items() if sign.lower() == word.lower() and code in candidates]
    if english:
        return english[0]
    if NO_REGION_DEFAULT.get(word.lower()) in candidates:
        return NO_REGION_DEFAULT[word.lower()]
    in_english, anywhere, _ = _territories()
    return max(sorted(candidates), key=lambda c: (in_english.get(c, 0), anywhere.get(c, 0)))


@lru_cache(maxsize=64)
def currency_words(region: str | None = None) -> dict[str, str]:
    """Every currency word (lower case) -> the ISO code it means in `region`: CLDR signs, ISO codes, English names
    and COLLOQUIAL. The one source of currency words for the parser and for parse_money."""
    words = set(currency_signs()) | set(currency_names()) | set(COLLOQUIAL) | {c.lower() for c in recent_currencies()}
    out = {w: code for w in words if (code := resolve_currency(w, region))}
    return out


def trie_pattern(words: object) -> str:
    """A regex alternation of the words as a prefix tree (escaped): one branch per first letter, so that a failing
    position costs a few comparisons, not one per word (the currency words are over a thousand)."""
    tree: dict = {}
    for word in words:  # type: ignore[attr-defined]
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return emit(tree)


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


@lru_cache(maxsize=1)
def recent_currencies() -> frozenset[str]:
    """ISO codes that were legal tender somewhere in the last five years (CLDR): a code still on invoices and
    price tags after a change of currency ("42 BGN", Bulgaria's lev until the euro in 2026)."""
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    today = date.today()
    since = today.replace(year=today.year - 5)
    return tender_currencies() | frozenset(code for territory in get_global("territory_currencies")
                                           for code in get_territory_currencies(territory, start_date=since, end_date=today,
                                                                                tender=True))


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


@lru_cache(maxsize=1)
def _edges() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = trie_pattern(currency_words(None))
    return (re.compile(rf"^({words})(?![a-z])\s*", re.IGNORECASE),
            re.compile(rf"(?<![a-z])\s*({words})$", re.IGNORECASE))


def _split_currency(text: str) -> tuple[str, str | None]:
    """Remove a currency symbol, word or code from either end of `text`."""
    words = currency_words(None)
    for pattern in _edges():
        found = pattern.search(text)
        if found and found.group(1).lower() in words:
            return (text[: found.start()] + text[found.end():]).strip(), words[found.group(1).lower()]
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


# Every currency word for no region. Read from CLDR once, at import (0.3 s), not inside the first message or cell read;
# here at the end, as it needs the functions above.
CURRENCY_WORDS: dict[str, str] = currency_words(None)
