"""Money, quantity and what was bought, found in an order message.

Rules, because money must be exact: every number with its neighbours is classified as a price
("45", "€12.50", "1.2k", "38,90 €"), a unit price ("at 6 each", "2x 12.50", "22pp", "14/kg"), or a
quantity ("3 scarves", "3.5h"). The total is a sum the owner stated ("= 120"), else quantity x unit
price when both are given, else the best price (one with a currency beats one after "for"/"paid"
beats a bare number; a deposit, a first instalment or an asking price is only part of it). Items
joined by "and"/"plus"/"+" add up, a discount is taken off, a time ("in at 2") or a share ("10%")
is no money.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal

from bot.parsing.en.money_words import (
    MAGNITUDE_PATTERN,
    SUBUNIT,
    counted_in,
    currency_of,
    currency_pattern,
    is_name,
    magnitude,
    unit_pattern,
)
from crm.line_items import Item, describe
from crm.money import minor_units, parse_money

# A money is a number with a currency before or after it (a CLDR sign, an ISO code, an English name: money_words),
# and a magnitude ("1.2k", "5 lakh"). The currency alternation is one prefix tree: over a thousand words.
_CUR = currency_pattern()
_END = r"(?:(?<=[^\W\d_])(?![^\W\d_])|(?<![^\W\d_]))"  # a word that ends in a letter ends there: "42 MYR", not "42 myriad"
_PRE = rf"(?P<pre>(?:{_CUR}){_END}\s?)"
_POST = rf"(?P<post>\s?(?:{_CUR}){_END})"
_TIGHT = r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:[,.']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"  # "1,20,000": lakh grouping
_SPACED = r"\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?"
_K = rf"(?P<k>\s?(?:{MAGNITUDE_PATTERN})(?![^\W\d_]))?"
_SHAPE = r"(?:(?<![\w.,])|(?<=[0-9][x×]))(?P<sign>(?<![\w-])-(?=[\d€$£¥]))?{pre}?(?P<num>{num}){k}{post}?(?!(?!h\b|hrs?\b|pp\b)\w|[.,]\d|-[A-Za-z])"  # "8-lesson pack"; "3.5h" are hours
TIGHT_MONEY = re.compile(_SHAPE.format(pre=_PRE, num=_TIGHT, k=_K, post=_POST), re.IGNORECASE)
SPACED_MONEY = re.compile(_SHAPE.format(pre=_PRE, num=_SPACED, k=_K, post=_POST), re.IGNORECASE)
# After a money, its cents: "$20 and 43c", "3 GBP 1 pence", "20 ringgit and 43 sen"; after a currency's name, two
# bare digits are its cents too ("14 euro 90", "20 rupees 43") unless a noun follows ("20 euros 10 minutes late").
_SUBUNITS_AFTER = re.compile(rf"\s*(?:and\s+)?(?P<minor>\d{{1,2}})\s?{SUBUNIT.pattern}", re.IGNORECASE)
_MINOR_AFTER_NAME = re.compile(r"\s+(?P<minor>\d\d)(?![\w.,/:%])")
# "a dollar", "one euro": a currency's name after "a"/"one" is one of it; "a pound of cheese" is a weight.
_ONE = re.compile(rf"(?<![\w.,])(?:a|an|one)\s+(?P<post>(?:{_CUR}){_END})(?!\s+of\b)", re.IGNORECASE)
QUANTITY_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "eight": 8, "nine": 9, "ten": 10, "a dozen": 12, "dozen": 12, "half a dozen": 6, "a couple of": 2,
                  "a pair of": 2}
_CENT_WORDS = r"(?:cents?|ct|pence)"
_HOUR_WORDS = r"(?:h|hrs?|hours?)"
_CENTS = re.compile(rf"\s?{_CENT_WORDS}\b", re.IGNORECASE)
_HOURS = re.compile(rf"\s?{_HOUR_WORDS}\b", re.IGNORECASE)
# the price of one: "each", "a pop", "22pp", "per head", "14/kg", "9 cents a word"
_EACH = re.compile(rf"^\s*(?:{_CENT_WORDS}\s+)?(?:each|apiece|a piece|the piece|a unit|the unit|a pop|a head|a go|a time|a session|a class|an hour|a day|"
                   r"a night|a word|a page|a line|a minute|a cover|pp|p\.p\.|per (?:piece|item|unit|one|\w+)|ea\.?|"
                   r"/(?:kg|g|m|m2|l|night|day|week|month|word|page|person|head|piece|pc|each|h|hr|hour))\b", re.IGNORECASE)
_TIMES = re.compile(rf"(?<![\w.,])(?P<q>\d{{1,3}}) ?{_HOUR_WORDS}? ?[x×](?=\s|\d|$)|"
                    r"(?<![\w.])[x×] ?(?P<q2>\d{1,3})(?![\w.,])", re.IGNORECASE)
NOT_NOUNS = {"a", "an", "for", "on", "at", "from", "to", "by", "in", "of", "and", "with", "yesterday", "today", "tomorrow",
             "last", "this", "next", "each", "apiece", "total", "paid", "was", "were", "ago", "stars", "star", "out",
             "points", "the", "via", "cash", "card", "per", "x", "am", "pm", "o'clock", "percent", "%", "off", "so",
             "or", "but", "received", "delivered", "collected", "transferred", "deposited", "due", "owed", "owing",
             "outstanding", "plus", "minus", "including", "incl", "excluding", "excl", "instead", "now", "later", "tonight",
             "upfront", "only", "flat", "net", "gross", "discount", "discounted", "usd", "eur", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday", "sat", "sun", "morning", "afternoon", "evening", "night"}
PRICE_CUES = re.compile(r"(?:\bfor|\bpaid|\bpay|\bspent|\breceived|\bgot|\bcollected|\btotal(?: of)?|\bworth|\bcost|\bcosts|\bat|:|=|,|-|\bof)\s*$",
                        re.IGNORECASE)


_CLOCK_AT = re.compile(r"\b(?:in|came|arrived|booked|appt|appointment|here|started|starts|from|until|till)\s+at\s*$",
                       re.IGNORECASE)
_UNIT_BEFORE = re.compile(r"(?:@|\bat|(?<!\w)à|(?<=\s)[x×])\s*$")
_AGREED_AT = re.compile(r"\b(?:settled|agreed|sold it|closed|ended|landed|priced|valued)\s+(?:at|on)\s*$", re.IGNORECASE)
_PART_BEFORE = re.compile(r"\b(?:deposit(?: of)?|instal+ment(?: of)?|down payment(?: of)?|up ?front|first|asking(?: price)?"
                          r"(?: was| of)?|asked(?: for)?|started at|originally|instead of|down from)\W*$", re.IGNORECASE)
_PART_AFTER = re.compile(r"\s*(?:deposit|down(?: payment)?|up ?front|so far|as (?:a )?deposit|on (?:pick ?up|collection|delivery)|later)\b",
                         re.IGNORECASE)
# After a number that is not what was paid: one taken back at once ("paid 30, sorry 35", "50 no 55"), or one still owed
# ("balance Rs 6,000 pending", "300 still due").
_NOT_PAID_AFTER = re.compile(r"\s*[,(]?\s*(?:sorry|i mean|i meant|no|correction|make (?:that|it))\b[,:]?\s*(?=[^\W\d_]{0,3}\s?\d|[€$£¥₹₦])"
                             r"|\s*(?:is\s+)?(?:still\s+)?(?:pending|outstanding|owed|owing|unpaid|to be paid|left to pay|due\b(?!\s+to\b))",
                             re.IGNORECASE)
_EVERY = re.compile(r"\bevery\s*$", re.IGNORECASE)
_SCORE_AFTER = re.compile(r"\s*(?:/|out of|from|over)\s*(?:10|5|ten|five)\b(?![.,]\d)", re.IGNORECASE)
_SCORE_BEFORE = re.compile(r"(?<![\d.,])(?:10|\d(?:[.,]5)?)\s*(?:/|out of|from|over)\s*$", re.IGNORECASE)
_DISCOUNT_BEFORE = re.compile(r"\b(?:minus|less)\s*$", re.IGNORECASE)
_STATED_BEFORE = re.compile(r"=\s*$")
_LONE_PRICE_BEFORE = re.compile(r"\b(?:a|the|paid|for|of|amount|total|sum)\s*$")
_DISCOUNT_AFTER = re.compile(r"\s?(?:€|\$|£|eur|euros?)?\s*(?:[\w-]+\s+)?discount\b", re.IGNORECASE)
_JOIN = re.compile(r"\s+(?:and|plus|&|/)\s+|\s*\+\s*|,\s*(?=\d{1,3}\s?[x×]\s)", re.IGNORECASE)  # "2x tea set @ 34, 1x teapot 28"
_OWED = re.compile(r"\b(?:owes?|owing|outstanding|remaining|still|left to pay)\b", re.IGNORECASE)
FEES = {"shipping", "delivery", "postage", "p&p", "tip", "tips", "vat", "tax", "fee", "fees", "service", "installation",
        "setup", "travel", "mileage", "extras", "extra", "parts", "materials", "labour", "labor", "callout", "call-out"}

# A cue before a number (PRICE_CUES, _CLOCK_AT, _AGREED_AT, the ..._BEFORE patterns) is a word or two that ends where
# the number starts ("deposit of", "appointment at": under 20 characters). It is looked for in this many characters
# before the number only: searching all the text before every number made a long message quadratic.
_CUE_REACH = 24


def _before(cue: re.Pattern[str], text: str, end: int) -> bool:
    """The cue (a pattern anchored with `$`) ends at `end`. \\b and look-behinds still see the text before the window."""
    return bool(cue.search(text, max(0, end - _CUE_REACH), end))


@dataclass(frozen=True)
class Amount:
    total: Decimal
    currency: str | None  # None when the message names no currency
    quantity: int | None
    description: str | None
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Number:
    value: Decimal
    currency: str | None
    start: int
    end: int
    role: str  # "price" | "unit" | "quantity"
    cue: int  # how sure we are that this is the price: 2 currency, 1 cue word, 0 bare


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s*([A-Za-zÀ-ÿ'%]+)", text[end:])
    return m.group(1).lower() if m else ""


def _matches(text: str) -> list[re.Match[str]]:
    """Number matches; "2 400" counts as one number only with a currency next to it or after "paid", "for"."""
    spaced = [m for m in SPACED_MONEY.finditer(text) if m["pre"] or m["post"] or _before(PRICE_CUES, text, m.start())]
    taken = _covered([m.span() for m in spaced])
    tight = [m for m in TIGHT_MONEY.finditer(text) if m.start() not in taken]
    return sorted(spaced + tight, key=lambda m: m.start())


@dataclass(frozen=True)
class _Read:
    """One number as money: its value (magnitude and cents in), the currency written with it, where it is."""
    value: Decimal
    currency: str | None
    start: int
    end: int
    magnified: bool  # "1.2k", "5 lakh": a magnitude word was read


_LAKH = re.compile(r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d{1,2})?")


def _read(text: str, m: re.Match[str], region: str | None) -> _Read | None:
    """The number of a match with the currency around it, each part checked: a word the pattern took for a currency
    may be none ("try 2 candles", "6 ft"), a magnitude may need a currency ("3 m" is metres)."""
    pre = currency_of(m["pre"], region) if m["pre"] else None
    post = currency_of(m["post"], region) if m["post"] else None
    start = m.start() if pre else m.start("num")
    if m["sign"] and start == m.start("num"):
        start = m.start()
    factor = magnitude(m["k"], bool(pre or post))
    if factor is None:  # "3 m": no magnitude, and so no currency after it either
        factor, post, end = Decimal(1), None, m.end("num")
    elif post:
        end = m.end()
    else:
        end = m.end("k") if m["k"] else m.end("num")
    digits = m["num"].replace(",", "") if _LAKH.fullmatch(m["num"]) else m["num"]
    try:
        value = parse_money(digits, "XXX").amount
    except ValueError:
        return None
    if m["k"] and factor != 1:
        value = (value * factor).normalize()
        value = value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]
    currency = pre or post or counted_in(m["k"], region)
    if value == value.to_integral_value():  # "$20 and 43c", "14 euro 90": the cents after the money
        minor = _SUBUNITS_AFTER.match(text, end)
        if minor is None and m["post"] and post and is_name(m["post"].strip()):
            minor = _MINOR_AFTER_NAME.match(text, end)
            if minor and _is_noun(_next_word(text, minor.end())):
                minor = None
        if minor is not None and (currency or re.match(r"\s*and\b", text[end:])):
            places = minor_units(currency) if currency else 2
            value, end = value + Decimal(minor["minor"]).scaleb(-places), minor.end()
    return _Read(-value if m["sign"] else value, currency, start, end, bool(m["k"]) and factor != 1)


def _numbers(text: str, region: str | None = None) -> list[_Number]:
    found = []
    read_to = 0
    for m in _matches(text):
        if m.start() < read_to:
            continue  # the cents of the money before: "$20 and 43c"
        if re.fullmatch(r"\d{1,2}(?::\d\d)?", m.group(0).strip()) and _before(_CLOCK_AT, text, m.start()):
            continue  # "Fionnuala in at 2, cut and colour 130": a time of day, no price
        read = _read(text, m, region)
        if read is None:
            continue
        digits = m["num"]
        if re.match(r"\s?%", text[read.end:]):
            continue  # "10% off" is a share, not money
        read_to = read.end
        value, currency, start, end = read.value, read.currency, read.start, read.end
        after = text[end:]
        if _NOT_PAID_AFTER.match(after):
            continue  # "30, sorry 35": said instead; "balance Rs 6,000 pending": still to come
        if currency is None and _before(_EVERY, text, start):
            continue  # "wants me every 2 weeks": how often, no count and no money
        if currency is None and (value <= 10 and _SCORE_AFTER.match(after) or _before(_SCORE_BEFORE, text, start) and value in (5, 10)):
            continue  # "10 from 10", "9/10": a score, no money
        measure = currency is None and not read.magnified and unit_pattern().match(text, end)
        if currency is None and _CENTS.match(after):  # "9 cents a word"
            value = value / 100
        if measure:
            role, cue = "quantity", 0  # "6 ft folding table", "1.5 kg": a measure, no money
        elif currency is None and _HOURS.match(after) and not _EACH.match(after):
            role, cue = "quantity", 0  # "3.5h interpreting @ £70/h": hours worked count like pieces
        elif _EACH.match(after) or (_before(_UNIT_BEFORE, text, start) and not _before(_AGREED_AT, text, start)):
            role, cue = "unit", 2
        elif currency is None and not read.magnified and "." not in digits and "," not in digits and _is_noun(_next_word(text, end)) \
                and not _priced_service(value, text, end):
            role, cue, value = "quantity", 0, value * _unit_size(text, end)
        else:
            cued = currency is None and (_before(PRICE_CUES, text, start) or _before(_AGREED_AT, text, start))
            role, cue = "price", 2 if currency else (1 if cued else 0)
        if _before(_PART_BEFORE, text, start) or _PART_AFTER.match(after):
            cue = -1  # "for £1,450, she's paid £300 deposit": the deposit is part of the price, not the price
        found.append(_Number(value, currency, start, end, role, cue))
    return found + _ones(text, region, found)


def has_written_money(text: str) -> bool:
    """A number read with its currency ("30 CAD", "KSh 500", "2 lakh"; not "try 2 candles"): the message says money."""
    return any(n.currency for n in _numbers(text))


def _ones(text: str, region: str | None, found: list[_Number]) -> list[_Number]:
    """"paid a dollar", "one euro each": one of a currency named in words, where no number is."""
    if found and any(n.role != "quantity" for n in found):
        return []
    out = []
    for m in _ONE.finditer(text):
        code = currency_of(m["post"], region) if is_name(m["post"]) else None
        if code:
            role = "unit" if _EACH.match(text[m.end():]) else "price"
            out.append(_Number(Decimal(1), code, m.start(), m.end(), role, 2))
    return out


def _priced_service(value: Decimal, text: str, end: int) -> bool:
    """"Daan 120 service", "Anna 45 haircut": twenty or more of a thing said in the singular is its price, not a count
    ("24 cupcakes", "20 soap bars" count)."""
    words = re.findall(r"[A-Za-zÀ-ÿ'%]+", text[end: end + 40])[:2]
    return value >= 20 and bool(words) and not any(w.lower().endswith("s") or w.lower() in ("dozen", "x") for w in words)


def _unit_size(text: str, end: int) -> int:
    """How many one counted unit holds: "2 dozen rolls", "two dozen eggs" count dozens."""
    return 12 if _next_word(text, end) == "dozen" else 1


def _is_noun(word: str) -> bool:
    return bool(word) and word not in NOT_NOUNS and currency_of(word, None) is None and not word.isdigit()


def _word_quantity(text: str) -> tuple[int, int, int] | None:
    """"two candles", "a dozen rolls": (quantity, start, end) of a spelled-out count before a noun."""
    pattern = r"\b(" + "|".join(sorted(QUANTITY_WORDS, key=len, reverse=True)) + r")\b(?=\s+[a-zA-Z])"
    for m in re.finditer(pattern, text, re.IGNORECASE):
        word = m.group(1).lower()
        if _is_noun(_next_word(text, m.end())) and word not in ("a", "an"):
            count = QUANTITY_WORDS[word]
            return (count if "dozen" in word else count * _unit_size(text, m.end())), m.start(), m.end()
    return None


_COUNTED_AFTER = re.compile(r"([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*(?: [A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*)?) ?[x×] ?\d{1,3}(?![\w.,])")
_SALE_VERBS = {"bought", "sold", "ordered", "purchased", "took", "got", "paid", "buys", "orders", "sells"}


def purchase_description(text: str, numbers: list[_Number]) -> str | None:
    """What was bought: the noun after a quantity, else "for (the) X", else "bought a X"."""
    stop = r"(?=\s+(?:for|at|on|from|to|by|yesterday|today|last|this|in|with|and|x|×)\b|[,.;:!?]|\s*-\s|\s+\d|$)"
    for n in numbers:
        if n.role == "quantity":
            m = re.match(rf"\s+([A-Za-zÀ-ÿ'-]+(?: [A-Za-zÀ-ÿ'-]+){{0,2}}?){stop}", text[n.end:])
            if m:
                return _clean_description(m.group(1))
    m = re.search(rf"(?<![\w.,])\d{{1,3}} ?[x×] ?([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*(?: [A-Za-zÀ-ÿ'-]+){{0,2}}?)(?:{stop}|(?=\s*@))", text)
    if m and _is_noun(m.group(1).split()[0].lower()):  # "4x soap @ 3.50": the words right after the count
        return _clean_description(m.group(1))
    counted = _COUNTED_AFTER.search(text)
    if counted:  # "soap x4 @ 3.50": the words right before the count, without the verb or the name before them
        words = counted.group(1).split()
        while len(words) > 1 and (words[0][0].isupper() or words[0].lower() in _SALE_VERBS or words[0].lower() in NOT_NOUNS):
            words.pop(0)
        if _is_noun(words[-1].lower()) and words[0].lower() not in _SALE_VERBS:
            return _clean_description(" ".join(words))
    m = re.search(rf"\b(?:for|of) (?:the |a |an |some |his |her |their )?([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]{{1,40}}?){stop}", text)
    if m and not re.match(r"(?:him|her|them|me|us)\b", m.group(1)):
        return _clean_description(m.group(1))
    m = re.search(rf"\b(?:bought|ordered|purchased|took|picked up|got|sold) (?:a |an |the |some |two |three )?([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]{{1,40}}?){stop}", text)
    if m:
        return _clean_description(m.group(1))
    return None


def _clean_description(words: str) -> str | None:
    words = words.strip(" -'")
    return "hours" if _HOURS.fullmatch(words) else words or None  # "4h x 25": hours worked


def find_amount(text: str, masked: list[tuple[int, int]], region: str | None = None) -> Amount | None:
    """The order's total, currency, quantity and description; None when no price is given.

    Items joined by "and", "plus" or "+" ("4 boutonnieres at 12.50 and a corsage 22", "2 x 65 + 15 shipping")
    add up when each has its own price; a part that is still owed is no money received."""
    hidden = _covered(masked)
    numbers = sorted((n for n in _numbers(text, region) if n.start not in hidden), key=lambda n: n.start)
    discounts = [n for n in numbers if _before(_DISCOUNT_BEFORE, text, n.start) or _DISCOUNT_AFTER.match(text[n.end:])]
    if discounts and len(discounts) < len(numbers):  # "25 each, minus 10€ bundle discount"
        amount = find_amount(text, masked + [(n.start, n.end) for n in discounts], region)
        if amount is not None:
            currency = amount.currency or _first_currency(discounts)
            return Amount(amount.total - sum(n.value for n in discounts), currency, amount.quantity, amount.description,
                          amount.spans + tuple((n.start, n.end) for n in discounts))
    parts = [(a, b) for a, b in _parts(text) if not _OWED.search(text[a:b])]
    priced = [(a, b, inside) for (a, b), inside in zip(parts, _in_parts(numbers, parts), strict=True)
              if any(_is_price(text, n) for n in inside)]
    if len(priced) < 2:
        return _amount(text, numbers)
    amounts = [(a, _part_amount(text, a, b, [_as_price(n) if _is_fee(text, n) else n for n in inside]))
               for a, b, inside in priced]
    found = [(a, x) for a, x in amounts if x is not None]
    if not found:
        return _amount(text, numbers)
    items = [Item(_label(text, a, x), x.total) for a, x in found]
    return Amount(sum((x.total for _, x in found), Decimal(0)), _first_currency([x for _, x in found]), None,
                  describe(items) if len(items) > 1 else found[0][1].description, tuple(span for _, x in found for span in x.spans))


_NOUNS_BEFORE = re.compile(r"(?:^|\s)(?:(?:a|an|the|some|one)\s+)?(?P<what>[a-zà-ÿ][a-zà-ÿ'-]*(?:\s+[a-zà-ÿ][a-zà-ÿ'-]*){0,2})\s*$")


def _label(text: str, start: int, amount: Amount) -> str:
    """What one part of a sum was: its description, else the words right before its price ("and a lock 35"),
    with its count ("4 × boutonnieres")."""
    what = amount.description
    first, last = min(s for s, _ in amount.spans), max(e for _, e in amount.spans)
    if what is None and _next_word(text, last) in FEES:  # "and 10 tip"
        what = _next_word(text, last)
    if what is None:  # "and candles for 20", "a lock 35"
        before = _NOUNS_BEFORE.search(re.sub(r"\s*(?:\bfor|\bat|@|[x×]|:|-)\s*$", "", text[start:first]))
        words = before["what"].split() if before else []
        while words and (not _is_noun(words[0]) or words[0] in _SALE_VERBS):
            words.pop(0)
        what = " ".join(words) if words and all(_is_noun(w) for w in words) else "item"
    return f"{amount.quantity} × {what}" if amount.quantity and amount.quantity > 1 else what


def _first_currency(items: list[_Number] | list[Amount]) -> str | None:
    return next((x.currency for x in items if x.currency), None)


def _parts(text: str) -> list[tuple[int, int]]:
    """[start, end) of the parts of a message between "and", "plus" and "+"; a part ends with its sentence
    ("cleaning + ironing yesterday. remind me 17.03": the 17.03 is no part of the sum)."""
    cuts = [0] + [i for m in _JOIN.finditer(text) for i in m.span()] + [len(text)]
    parts = list(zip(cuts[0::2], cuts[1::2], strict=True))
    return [(a, end.start() + 1 if (end := _SENTENCE_END.search(text, a, b)) else b) for a, b in parts]


_SENTENCE_END = re.compile(r"(?:(?<=[^\W\d_]{4})|(?<=\d))[.!?](?=\s+[^\W\d_])")  # not "Mr. Tom", "Dr. Ng"


def _covered(spans: list[tuple[int, int]]) -> set[int]:
    """The positions inside the spans: one look-up per number, not one per number and span."""
    return {i for start, end in spans for i in range(start, end)}


def _in_parts(numbers: list[_Number], parts: list[tuple[int, int]]) -> list[list[_Number]]:
    """The numbers in each part (both in the order of the text)."""
    starts = [n.start for n in numbers]
    return [numbers[bisect_left(starts, a): bisect_left(starts, b)] for a, b in parts]


# One part of a sum is read as if the rest of the message were blank, with this much blank around it: more than the
# rules read past a part (a cue of _CUE_REACH characters, a description of 40). Blanking all the rest of a long
# message and reading it again for every part was quadratic.
_PART_MARGIN = 64


def _part_amount(text: str, start: int, end: int, numbers: list[_Number]) -> Amount | None:
    """_amount of the part [start, end) of the message alone; its spans are positions in the message."""
    left = max(0, start - _PART_MARGIN)
    part = " " * (start - left) + text[start:end] + " " * min(len(text) - end, _PART_MARGIN)
    amount = _amount(part, [replace(n, start=n.start - left, end=n.end - left) for n in numbers])
    return amount and replace(amount, spans=tuple((s + left, e + left) for s, e in amount.spans))


def _is_fee(text: str, n: _Number) -> bool:
    """"15 shipping": a count of a fee is its price."""
    return n.role == "quantity" and _next_word(text, n.end) in FEES


def _is_price(text: str, n: _Number) -> bool:
    """A price of its own: not a count, not a deposit or an asking price."""
    return (n.role != "quantity" or _is_fee(text, n)) and n.cue >= 0


def _amount(text: str, numbers: list[_Number]) -> Amount | None:
    """The total of the numbers: one stated after "=", line items, quantity x unit price, or the most price-like number."""
    times = next((t for t in _TIMES.finditer(text) if not _is_size(text, t, numbers)), None)
    stated = next((n for n in numbers if _before(_STATED_BEFORE, text, n.start)), None)
    if stated is not None:  # "2x 60 = 120", "5 days x 2 meals at 12 = 120": the owner did the sum
        counted = int(times["q"] or times["q2"]) if times else next((int(n.value) for n in numbers if n.role == "quantity"), None)
        return Amount(stated.value, stated.currency or _first_currency(numbers), counted,
                      purchase_description(text, numbers), tuple((n.start, n.end) for n in numbers))
    items = None if times else _line_items(numbers)
    if items is not None:
        return Amount(items, _first_currency(numbers), None,
                      purchase_description(text, numbers), tuple((n.start, n.end) for n in numbers))
    quantity: Decimal | int | None = None  # hours may be fractional: "3.5h"
    spans: list[tuple[int, int]] = []
    counted_before = times and times["q2"] and [n for n in numbers if n.role == "quantity" and n.end <= times.start()]
    if counted_before:  # "3 lessons × 45", "5 coaching hrs x 220 chf": the count first, the price of one after "×"
        price = next((n for n in numbers if times.start() <= n.start < times.end() + 1), None)
        value, currency = (price.value, price.currency) if price else (Decimal(times["q2"]), None)
        return Amount(value * counted_before[0].value, currency, int(counted_before[0].value), purchase_description(text, numbers),
                      (times.span(), *((n.start, n.end) for n in numbers)))
    if times:
        quantity = int(times["q"] or times["q2"])
        spans.append(times.span())
        numbers = [n for n in numbers if not (times.start() <= n.start < times.end())]
        numbers = [n if n.role != "quantity" else _as_price(n) for n in numbers]
    counted = [n for n in numbers if n.role == "quantity"]
    if quantity is None and counted:
        quantity = counted[0].value
    if quantity is None:
        spelled = _word_quantity(text)
        quantity = spelled[0] if spelled else None
    prices = [n for n in numbers if n.role in ("price", "unit")]
    lone_price = len(counted) == 1 and _before(_LONE_PRICE_BEFORE, text, counted[0].start)
    if not prices and lone_price:  # "paid a 50 deposit": the only number is the price
        prices, quantity = [_as_price(counted[0])], None
    if not prices:
        return None
    unit_at = next((n for n in prices if n.role == "unit"), None)
    adjacent = unit_at and next((n for n in prices if n.end <= unit_at.start and n.currency is None and n.value == int(n.value)
                                 and re.fullmatch(r"\s*(?:at|@|à)\s*", text[n.end: unit_at.start])), None)
    if adjacent is not None:  # "4 candles, 2 at 12 and 2 at 15": the count right at the price is the one that counts
        quantity, prices = int(adjacent.value), [n for n in prices if n is not adjacent]
    if unit_at is not None and quantity is None:  # "bought 3 at 4.50": the count right before the unit price
        before = [n for n in prices if n.end <= unit_at.start and n.value == n.value.to_integral_value() and n.currency is None
                  and len(text[n.end: unit_at.start]) <= 30 and "," not in text[n.end: unit_at.start]]
        if before:
            quantity = int(before[-1].value)
            prices = [n for n in prices if n is not before[-1]]
    unit = next((n for n in prices if n.role == "unit"), None)
    if unit is not None or (times and prices and _times_price(text, times.end(), prices)):
        chosen = unit or max(prices, key=lambda n: (n.cue, n.start))
        total = chosen.value * (quantity or 1)
    else:
        chosen = max(prices, key=lambda n: (n.cue, n.start))
        total = chosen.value
    currency = chosen.currency or _first_currency(prices)
    spans += [(n.start, n.end) for n in numbers]
    whole = int(quantity) if quantity is not None and quantity == int(quantity) else None
    return Amount(total, currency, whole, purchase_description(text, numbers), tuple(spans))


def _is_size(text: str, times: re.Match[str], numbers: list[_Number]) -> bool:
    """"a canvas 60x90 for 180", "4 prints 13x18 for 48": two numbers glued by an x, with a price after them, are a size."""
    glued = re.match(r"\d+[x×]\d+", text[times.start():])
    return bool(glued) and any(n.start >= times.start() + glued.end() for n in numbers)


def _times_price(text: str, end: int, prices: list[_Number]) -> bool:
    """"2x 12.50", "2 x 65 € prints": a price right after "2x" is per piece; in "pack 5x for Mark, 200 euros"
    the 200 is what the pack cost."""
    after = [n for n in prices if n.start >= end]
    if not after:
        return False
    between = text[end: min(n.start for n in after)]
    return len(between) <= 12 and not re.search(r",|\bfor\b", between)


def _line_items(numbers: list[_Number]) -> Decimal | None:
    """"3 shirts 25 each 1 tie 15": two or more counts, each followed by its price, add up (a unit price
    times its count, a plain price as it stands); None when the numbers do not pair up like that."""
    counts, prices = numbers[0::2], numbers[1::2]
    if len(numbers) < 4 or len(counts) != len(prices):
        return None
    if any(c.role != "quantity" for c in counts) or any(p.role == "quantity" for p in prices):
        return None
    return sum((p.value * c.value if p.role == "unit" else p.value for c, p in zip(counts, prices, strict=True)), Decimal(0))


def _as_price(n: _Number) -> _Number:
    return _Number(n.value, n.currency, n.start, n.end, "price", n.cue)
