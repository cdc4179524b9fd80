"""An outside yardstick for time and money: Duckling's English corpora, read by the real parser inside a message.

Run: .venv/bin/python benchmarks/outside_corpora.py [--misses] [--compare]

The corpora are tests/corpora/duckling_*_en*.jsonl (made by benchmarks/duckling_corpus.py from facebook/duckling,
BSD licence; see tests/corpora/README.md). Nothing here needs the network or ../shared.

How an item is read
  Time. Each expression goes at the end of an owner's message, in the owner's context at Duckling's reference time
  (2013-02-12 04:30, a Tuesday, in Etc/GMT+2, i.e. UTC-2; currency USD, region US, so 2/15 is February 15):
    * an expression whose whole span (its value and grain) ends at or before that moment ("yesterday", "last week",
      "3 days ago") is something that happened: "Tom bought a cake for 20 <expr>", compared on Parsed.date (and
      Parsed.time);
    * every other one is still to come: "remind me to call Tom <expr>", compared on Parsed.due.
  The answer is compared at Duckling's grain: the minute for second/minute/hour grains (Duckling's value for "3pm" is
  15:00), the day, or the week/month/quarter/year that holds the answer's day. A date without a clock time cannot
  match a finer grain, except when the expression itself names no clock time (no "3pm", "10:30", "noon", "hours",
  ...): Duckling keeps the hour of now in "in 7 days" or "7 days ago" (grain hour), a day is the right answer there.
  Money. "Tom paid <expr>" in the context currency EUR (region US), compared on Parsed.amount and Parsed.currency:
  a stated USD is told from the default; a stated EUR is not (the 8 euro items cannot tell a default from a read).
  Negatives (Duckling's negativeCorpus) are right when nothing is read: no due/date taken from the text (the date
  of a message with no date is today) and no amount.

Which items a shop owner could type: owner_time() and owner_money() below; their docstrings are the rule.

--compare runs maintained extractors on the same items (the table says which input each gets: the same embedded
message, or the bare expression) and prints extractor x corpus share on all items and on the owner subset, with the
median milliseconds per item. An extractor that is not installed gets a line saying so.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.parsing import ParseContext, parse  # noqa: E402

CORPORA = ROOT / "tests" / "corpora"
TZ = "Etc/GMT+2"  # UTC-2 all year (POSIX sign): Duckling's testContext offset
ZONE = ZoneInfo(TZ)
NOW = datetime(2013, 2, 12, 4, 30, tzinfo=ZONE)  # Tuesday; Duckling/Testing/Types.hs testContext
TIME_CTX = ParseContext(now=NOW, tz=TZ, currency="USD", region="US")
MONEY_CTX = ParseContext(now=NOW, tz=TZ, currency="EUR", region="US")
REMIND = "remind me to call Tom {}"
BOUGHT = "Tom bought a cake for 20 {}"
PAID = "Tom paid {}"

Item = dict[str, Any]
Answer = date | datetime | None


def load(name: str) -> list[Item]:
    """The items of tests/corpora/<name>.jsonl (the header line left out)."""
    lines = (CORPORA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, filter(None, lines)) if "_header" not in row]


# ---------------------------------------------------------------------------------------------------------------
# Expected values


def reference(item: Item) -> datetime:
    return datetime.fromisoformat(item["ref"]).astimezone(ZONE) if "ref" in item else NOW


def expected_start(item: Item) -> datetime:
    value = item["value"]
    if value.startswith("-") or len(value.split("-")[0]) != 4:
        return datetime.min.replace(tzinfo=ZONE)  # "in 2014 BC" is year -2013: out of range for Python
    return datetime.fromisoformat(value).replace(tzinfo=ZONE)


def _add_months(d: datetime, months: int) -> datetime:
    y, m = divmod(d.month - 1 + months, 12)
    return d.replace(year=d.year + y, month=m + 1)


def span_end(item: Item) -> datetime:
    """The end of the expected value's grain (3pm, grain hour: 16:00; "last week": the Monday after)."""
    start, grain = expected_start(item), item["grain"]
    if start.year == 1:
        return start
    steps = {"second": timedelta(seconds=1), "minute": timedelta(minutes=1), "hour": timedelta(hours=1),
             "day": timedelta(days=1), "week": timedelta(days=7)}
    if grain in steps:
        return start + steps[grain]
    return _add_months(start, {"month": 1, "quarter": 3, "year": 12}[grain])


def is_past(item: Item) -> bool:
    """Whether the expression names something over by the reference moment: read as a purchase's date, not a due."""
    return span_end(item) <= reference(item)


_CLOCK = re.compile(r"\d\s*(?:am|pm|a\.?m\.?|p\.?m\.?|a|p|h|ish|o'?clock)\b|\d[:h]\d|\d{3,4}\b(?!\s*(?:[/-]|$))|"
                    r"\b(?:at|@)\s*\w|\b(?:noon|midday|midnight|o'?clock|oclock|hours?|minutes?|mins?|sec|seconds?|"
                    r"quarter past|half past|tonight|morning|afternoon|evening|night)\b", re.IGNORECASE)


def names_clock(text: str) -> bool:
    """Whether the expression says a time of day or counts hours/minutes (so a date alone is not its answer)."""
    return bool(_CLOCK.search(text))


def right_time(item: Item, got: Answer) -> bool:
    """Whether an answer (a date, or a datetime in any zone) is Duckling's value at Duckling's grain."""
    if got is None:
        return False
    start, grain = expected_start(item), item["grain"]
    if start.year == 1:
        return False
    if isinstance(got, datetime):
        local = got.astimezone(ZONE) if got.tzinfo else got.replace(tzinfo=ZONE)
        day, hhmm = local.date(), (local.hour, local.minute)
    else:
        day, hhmm = got, None
    if grain in ("second", "minute", "hour"):
        if hhmm is None:
            return day == start.date() and not names_clock(item["text"])
        return day == start.date() and hhmm == (start.hour, start.minute)
    if grain == "day":
        return day == start.date()
    if grain == "week":
        return start.date() <= day < start.date() + timedelta(days=7)
    if grain == "month":
        return (day.year, day.month) == (start.year, start.month)
    if grain == "quarter":
        return (day.year, (day.month - 1) // 3) == (start.year, (start.month - 1) // 3)
    return day.year == start.year


# ---------------------------------------------------------------------------------------------------------------
# Which items a shop owner could type


_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_MONTHS = "january february march april may june july august september october november december"
CHAT_TIME_WORDS = frozenset((
    _WEEKDAYS + " " + " ".join(d + "s" for d in _WEEKDAYS.split()) +
    " mon tue tues wed thu thur thurs fri sat sun " + _MONTHS +
    " jan feb mar apr jun jul aug sep sept oct nov dec"
    " one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
    " eighteen nineteen twenty thirty forty fifty first second third fourth fifth sixth seventh eighth ninth tenth"
    " eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
    " thirtieth st nd rd th"
    " today tonight tomorrow yesterday now next last this coming following previous current after before from in"
    " at on the of a an by for around about approximately ish ago back more and day days week weeks fortnight"
    " month months year years hour hours h minute minutes min mins morning afternoon evening night noon midday"
    " midnight am pm m p o'clock oclock half quarter quarters past to couple few early late end during").split())
_TIME_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
_ALLOWED_LEFT = set(" ,./:-@")
_PART_OF_TODAY = {"this morning": (0, 12), "this afternoon": (12, 19), "this evening": (17, 24), "tonight": (17, 24)}


def owner_time(item: Item) -> bool:
    """Whether a shop owner could type this time expression in a chat about customers.

    Yes when all of these hold:
    1. Every word is a plain chat word for dates and times (CHAT_TIME_WORDS: weekdays, months, numbers, today,
       tomorrow, next, last, ago, in, at, parts of the day, am/pm, ...); digits are always allowed and the only other
       characters are spaces and , . / : - @. So holidays, time zones (GMT, PST, CET), quarters ("qtr", "2018Q4"),
       eras ("A.D."), "the ides", "hence", "upcoming", "closest", "ATM" and ' or " as minute/second marks fall out.
    2. It is not latent (Duckling itself reads "7", "May" or "the 24" as a time only when asked to guess) and no
       holiday (Duckling's datetimeHoliday).
    3. Its grain is finer than a quarter (no quarters, no whole years), its value has no seconds, it is not the
       moment itself ("now", "at the moment": nothing to note or remind), and it lies within 366 days of the
       reference moment (a shop's reminders and purchases are this year's, not 1974's or 2018's).
    4. It does not name a part of today ("this morning", "tonight") that Duckling's own value lies outside of
       ("this afternoon at 12" -> 00:00 tomorrow, "tonight at 2" -> 14:00): the text contradicts its value.
    """
    text = item["text"]
    low = text.lower()
    tokens = _TIME_TOKEN.findall(low)
    if not tokens or any(t not in CHAT_TIME_WORDS for t in tokens if not t.isdigit()):
        return False
    if set(_TIME_TOKEN.sub("", low)) - _ALLOWED_LEFT:
        return False
    if item.get("section") == "latent" or "holiday" in item:
        return False
    if item["grain"] in ("quarter", "year") or item["value"].count(":") > 1:
        return False
    start, ref = expected_start(item), reference(item)
    if start == ref or abs(start - ref) > timedelta(days=366):
        return False
    for part, (lo, hi) in _PART_OF_TODAY.items():
        if part in low and (start.date() != ref.date() or not lo <= start.hour < hi):
            return False
    return True


def _currency_words() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per ISO code: the words of its English names (CLDR, singular and plural) and the signs English locales write."""
    from babel import Locale, localedata
    from babel.numbers import get_currency_name

    names: dict[str, set[str]] = {}
    signs: dict[str, set[str]] = {}
    english = Locale("en")
    for code in english.currencies:
        words = set()
        for count in (1, 2):
            words |= set(re.findall(r"[a-z]+", get_currency_name(code, count=count, locale="en").lower()))
        names[code] = words
    for ident in localedata.locale_identifiers():
        if ident == "en" or ident.startswith("en_"):
            for code, sign in Locale.parse(ident).currency_symbols.items():
                signs.setdefault(code, set()).add(sign.lower())
    return names, signs


_CURRENCY_NAMES: dict[str, set[str]] | None = None
_CURRENCY_SIGNS: dict[str, set[str]] = {}
JOINERS = frozenset(("and", "point", "-"))  # between number words: "one hundred and five"
NUMBER_WORDS = frozenset(("a an one two three four five six seven eight nine ten eleven twelve thirteen "
                          "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty "
                          "seventy eighty ninety hundred thousand million billion k lakh lakhs crore crores").split())
SUBUNIT_WORDS = frozenset("c ¢ cent cents penny pence pennies sen sens kopiyka kopiykas paisa".split())
_NOUNS = frozenset("dollar dollars pound pounds rupee rupees riyal riyals dinar dinars yuan ringgit ringgits "
                   "shekel shekels tugrik tugriks hryvnia hryvnias franc francs euro euros".split())
_MONEY_TOKEN = re.compile(r"us\$|\d+(?:[.,]\d+)*|[a-z]+(?:\.[a-z]+)*\.?|[^\sa-z\d]", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def owner_money(item: Item) -> bool:
    """Whether a shop owner could type this amount in a chat about customers.

    Yes when all of these hold:
    1. The amount is under a million (a customer's payment, not "US$4.7 billion" or "four crore rupees").
    2. Every other token is a number (digits or number words, "k", "lakh"), a subunit word ("cents", "pence",
       "sen"), or names the item's own currency the way English writes it: a word of its CLDR English name, singular
       or plural ("malaysian ringgits", "rupees"), its ISO code, or a sign an English locale of CLDR writes for it
       ("$", "US$", "€", "£", "RM") or for a currency of the same name ("Rs", CLDR's sign of the Pakistani and
       Sri Lankan rupees, for the Indian rupee). So "42 egyptianpound", "42 Saudiriyal", "42 genihat masriya", "42 LE",
       "20 €ur" and "42 malaysia ringgit" fall out.
    3. No second number follows the currency without a subunit word: "$20 43", "20 Rupees 43", "US$3 and fourteen",
       "3 GBP and one" leave the reader to guess that the last number is cents.
    """
    global _CURRENCY_NAMES, _CURRENCY_SIGNS
    if _CURRENCY_NAMES is None:
        _CURRENCY_NAMES, _CURRENCY_SIGNS = _currency_words()
    if Decimal(item["amount"]) >= 1_000_000:
        return False
    code = item["currency"]
    names = _CURRENCY_NAMES.get(code, set())
    kin = [c for c, n in _CURRENCY_NAMES.items() if n & names & _NOUNS]  # "Rs" is a sign of the rupees: PKR, LKR
    own = names | {code.lower()} | {s for c in [code, *kin] for s in _CURRENCY_SIGNS.get(c, set())}
    tokens = [t.lower() for t in _MONEY_TOKEN.findall(item["text"])]
    runs: list[list[int]] = []  # runs of number tokens: "twenty", "one hundred and five", "10 k"
    for k, token in enumerate(tokens):
        if _NUMBER.fullmatch(token) or token in NUMBER_WORDS:
            joined = runs and ((runs[-1][-1] == k - 1 and not (token[0].isdigit() and tokens[k - 1][0].isdigit())) or (k >= 2 and runs[-1][-1] == k - 2 and tokens[k - 1] in JOINERS
                                                       and not tokens[k - 2][0].isdigit()))
            if joined:
                runs[-1].append(k)
            else:
                runs.append([k])
        elif token in JOINERS or token in SUBUNIT_WORDS:
            continue
        elif token not in own and token.rstrip(".") not in own:
            return False
    if len(runs) > 1 and not any(t in SUBUNIT_WORDS for t in tokens[runs[-1][-1] + 1:]):
        return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# The parser


def ask_time(item: Item) -> tuple[str, Answer]:
    """The message the parser is given for a time item, and what it answers."""
    ref = reference(item)
    ctx = TIME_CTX if ref == NOW else ParseContext(now=ref, tz=TZ, currency="USD", region="US")
    if is_past(item):
        text = BOUGHT.format(item["text"])
        p = parse(text, ctx)
        if p.date is None:
            return text, None
        return text, datetime.combine(p.date, p.time, ZONE) if p.time else p.date
    text = REMIND.format(item["text"])
    return text, parse(text, ctx).due


def ask_money(item: Item) -> tuple[str, tuple[Decimal | None, str | None]]:
    text = PAID.format(item["text"])
    p = parse(text, MONEY_CTX)
    return text, (p.amount, p.currency if p.amount is not None else None)


def right_money(item: Item, got: tuple[Decimal | None, str | None]) -> bool:
    amount, currency = got
    return amount is not None and amount == Decimal(item["amount"]) and (currency or MONEY_CTX.currency) == item["currency"]


def misses(items: list[Item], ask: Callable[[Item], tuple[str, Any]], right: Callable[[Item, Any], bool]) -> list[tuple[Item, str, Any]]:
    """(item, the message asked, the answer) of each item the parser gets wrong."""
    out = []
    for item in items:
        text, got = ask(item)
        if not right(item, got):
            out.append((item, text, got))
    return out


def time_misses(items: list[Item]) -> list[tuple[Item, str, Any]]:
    return misses(items, ask_time, right_time)


def money_misses(items: list[Item]) -> list[tuple[Item, str, Any]]:
    return misses(items, ask_money, right_money)


def negative_misses(kind: str, texts: list[str]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for text in texts:
        if kind == "time":
            due = parse(REMIND.format(text), TIME_CTX).due
            bought = parse(BOUGHT.format(text), TIME_CTX)
            took = due or (bought.date if bought.date != TIME_CTX.today or bought.time else None)
            if took:
                out.append((text, took))
        else:
            p = parse(PAID.format(text), MONEY_CTX)
            if p.amount is not None:
                out.append((text, (p.amount, p.currency)))
    return out


KNOWN_MISSES = CORPORA / "known_misses.json"


def item_key(corpus: str, item: Item) -> str:
    """How an item is named in known_misses.json: its text and the value wanted (a text can be in twice)."""
    if corpus == "time":
        return f"{item['text']} => {item['value']}"
    return f"{item['text']} => {item['amount']} {item['currency']}"


def owner_misses() -> dict[str, list[str]]:
    """The shop-owner items the parser gets wrong today, per corpus, as item_key()s (what known_misses.json holds)."""
    time_owner = [i for i in load("duckling_time_en") if owner_time(i)]
    money_owner = [i for i in load("duckling_money_en") if owner_money(i)]
    return {"time": sorted({item_key("time", m[0]) for m in time_misses(time_owner)}),
            "money": sorted({item_key("money", m[0]) for m in money_misses(money_owner)})}


def write_known_misses() -> None:
    misses = owner_misses()
    body = {"_about": "Shop-owner items of tests/corpora/duckling_*_en.jsonl that bot.parsing gets wrong today "
                      "(benchmarks/outside_corpora.py --write-known-misses). tests/test_outside_corpora.py fails on a "
                      "new miss and on a listed item that is now right: the list only shrinks.", **misses}
    KNOWN_MISSES.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {KNOWN_MISSES.relative_to(ROOT)}: time {len(misses['time'])}, money {len(misses['money'])}")


def _fmt(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(ZONE).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, tuple):
        return " ".join("-" if v is None else str(v) for v in value)
    return "-" if value is None else str(value)


def table(rows: list[tuple[str, ...]], head: tuple[str, ...]) -> None:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    print(line.format(*head))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line.format(*r))


def share(right: int, n: int) -> str:
    return f"{right / n:.1%}" if n else "-"


def score(show_misses: bool) -> None:
    time_items, money_items = load("duckling_time_en"), load("duckling_money_en")
    time_neg = [r["text"] for r in load("duckling_time_en_negative")]
    money_neg = [r["text"] for r in load("duckling_money_en_negative")]
    tm, mm = time_misses(time_items), money_misses(money_items)
    tmiss, mmiss = {id(m[0]) for m in tm}, {id(m[0]) for m in mm}
    rows = []
    for name, items, missed in (("time", time_items, tmiss), ("money", money_items, mmiss)):
        owner = [i for i in items if (owner_time if name == "time" else owner_money)(i)]
        for subset, group in (("all", items), ("shop owner", owner)):
            right = sum(id(i) not in missed for i in group)
            rows.append((f"duckling {name} en", subset, str(len(group)), str(right), share(right, len(group))))
        if name == "time":
            past = [i for i in owner if is_past(i)]
            right = sum(id(i) not in missed for i in past)
            rows.append(("  of which past (bought ...)", "shop owner", str(len(past)), str(right), share(right, len(past))))
    neg = {"time": negative_misses("time", time_neg), "money": negative_misses("money", money_neg)}
    for name, texts in (("time", time_neg), ("money", money_neg)):
        rows.append((f"duckling {name} en negative", "all", str(len(texts)), str(len(texts) - len(neg[name])),
                     share(len(texts) - len(neg[name]), len(texts))))
    print("Parser on Duckling's English corpora (time in 'remind me to call Tom <expr>' or, if past, 'Tom bought a "
          "cake for 20 <expr>'; money in 'Tom paid <expr>')\n")
    table(rows, ("corpus", "subset", "items", "right", "share"))
    if show_misses:
        for name, misses, pick in (("time", tm, owner_time), ("money", mm, owner_money)):
            print(f"\nMisses, {name} ({len(misses)}; * = shop-owner subset):")
            for item, text, got in misses:
                want = f"{item['value']} ({item['grain']})" if name == "time" else f"{item['amount']} {item['currency']}"
                print(f"  {'*' if pick(item) else ' '} {text!r}: want {want}, got {_fmt(got)}")
        for name, misses in neg.items():
            print(f"\nNegatives read as a {name} ({len(misses)}):")
            for text, got in misses:
                print(f"    {text!r}: got {_fmt(got)}")


# ---------------------------------------------------------------------------------------------------------------
# Other extractors (--compare)

NAIVE_NOW = NOW.replace(tzinfo=None)
DATEPARSER_SETTINGS = {"RELATIVE_BASE": NAIVE_NOW, "PREFER_DATES_FROM": "future"}


def _embedded(item: Item) -> str:
    return (BOUGHT if is_past(item) else REMIND).format(item["text"])


def _iso_currency() -> Callable[[str | None], str | None]:
    """A currency as written ("$", "US$", "euro", "Rupees", "EUR") -> ISO code; Dollar -> USD, Pound -> GBP."""
    names, signs = _currency_words()
    table_: dict[str, str] = {"$": "USD", "us$": "USD", "£": "GBP", "dollar": "USD", "dollars": "USD", "pound": "GBP",
                              "pounds": "GBP", "euro": "EUR", "euros": "EUR", "rupee": "INR", "rupees": "INR",
                              "rs": "INR", "rs.": "INR", "yuan": "CNY", "¥": "CNY", "€": "EUR"}
    for code, ss in signs.items():
        for s in ss:
            table_.setdefault(s, code)

    def iso(written: str | None) -> str | None:
        if not written:
            return None
        if re.fullmatch(r"[A-Z]{3}", written):
            return written
        return table_.get(written.strip().lower())

    return iso


def _dp_parse(item: Item) -> Answer:
    import dateparser

    return dateparser.parse(item["text"], languages=["en"], settings=DATEPARSER_SETTINGS)


def _dp_search(item: Item) -> Answer:
    from dateparser.search import search_dates

    found = search_dates(_embedded(item), languages=["en"], settings=DATEPARSER_SETTINGS)
    return found[0][1] if found else None


def _ctparse(item: Item) -> Answer:
    from ctparse import ctparse
    from ctparse.types import Interval, Time

    found = ctparse(_embedded(item), ts=NAIVE_NOW, timeout=1)
    res = found.resolution if found else None
    if isinstance(res, Interval):
        res = res.t_from
    if not isinstance(res, Time) or res.year is None or res.month is None or res.day is None:
        return None
    if res.hour is not None:
        return datetime(res.year, res.month, res.day, res.hour, res.minute or 0)
    return date(res.year, res.month, res.day)


def _recognizers_time(item: Item) -> Answer:
    from recognizers_suite import Culture, recognize_datetime

    for result in recognize_datetime(_embedded(item), Culture.English, reference=NAIVE_NOW):
        values = (result.resolution or {}).get("values") or []
        if not values:
            continue
        value = values[-1]  # of a past and a future reading, the future one comes last
        text = value.get("value") or value.get("start")
        if not text:
            continue
        if value.get("type") == "time":
            text = f"{NAIVE_NOW.date()} {text}"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            continue
        return parsed if " " in text or "T" in text else parsed.date()
    return None


def _datefinder(item: Item) -> Answer:
    import datefinder

    for found in datefinder.find_dates(_embedded(item), base_date=NAIVE_NOW):
        return found
    return None


def _parser_time(item: Item) -> Answer:
    return ask_time(item)[1]


Money = tuple[Decimal | None, str | None]


def _parser_money(item: Item) -> Money:
    return ask_money(item)[1]


def _price_parser(item: Item, iso: Callable[[str | None], str | None]) -> Money:
    from price_parser import Price

    p = Price.fromstring(item["text"])
    return p.amount, iso(p.currency)


def _recognizers_money(item: Item, iso: Callable[[str | None], str | None]) -> Money:
    from recognizers_suite import Culture, recognize_currency

    for result in recognize_currency(PAID.format(item["text"]), Culture.English):
        res = result.resolution or {}
        try:
            amount = Decimal(str(res.get("value")))
        except (InvalidOperation, TypeError):
            continue
        return amount, res.get("isoCurrency") or iso(res.get("unit"))
    return None, None


def _quantulum(item: Item, iso: Callable[[str | None], str | None]) -> Money:
    from quantulum3 import parser

    for q in parser.parse(PAID.format(item["text"])):
        if q.unit.entity.name == "currency":
            code = getattr(q.unit, "currency_code", None) or iso(q.unit.name)
            return Decimal(str(q.value)).normalize(), code
    return None, None


def _number_parser(item: Item, iso: Callable[[str | None], str | None]) -> Money:
    import number_parser

    found = re.search(r"\d+(?:\.\d+)?", number_parser.parse(PAID.format(item["text"])).replace(",", ""))
    return (Decimal(found.group()), None) if found else (None, None)


def _run(fn: Callable[[Item], Any], items: list[Item], check: Callable[[Item, Any], bool]) -> tuple[set[int], float]:
    right, times = set(), []
    for k, item in enumerate(items):
        start = clock.perf_counter()
        try:
            got = fn(item)
        except Exception:  # an extractor's crash on one item is a miss, not the end of the run
            got = None
        times.append((clock.perf_counter() - start) * 1000)
        if got is not None and check(item, got):
            right.add(k)
    return right, statistics.median(times) if times else 0.0


def _installed(module: str) -> bool:
    import importlib.util

    try:
        if importlib.util.find_spec(module) is None:
            return False
        __import__(module)
        return True
    except Exception:
        return False


def compare() -> None:
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    time_items, money_items = load("duckling_time_en"), load("duckling_money_en")
    owner_t = {k for k, i in enumerate(time_items) if owner_time(i)}
    owner_m = {k for k, i in enumerate(money_items) if owner_money(i)}
    iso = _iso_currency()
    timers = [("solo-crm parser", "bot", "embedded", _parser_time),
              ("dateparser.parse", "dateparser", "bare", _dp_parse),
              ("dateparser search_dates", "dateparser", "embedded", _dp_search),
              ("ctparse", "ctparse", "embedded", _ctparse),
              ("recognizers-text-suite", "recognizers_suite", "embedded", _recognizers_time),
              ("datefinder", "datefinder", "embedded", _datefinder)]
    moneys = [("solo-crm parser", "bot", "embedded", _parser_money),
              ("price-parser", "price_parser", "bare", lambda i: _price_parser(i, iso)),
              ("recognizers-text-suite", "recognizers_suite", "embedded", lambda i: _recognizers_money(i, iso)),
              ("quantulum3", "quantulum3", "embedded", lambda i: _quantulum(i, iso)),
              ("number-parser (amount only)", "number_parser", "embedded", lambda i: _number_parser(i, iso))]
    rows, absent = [], []
    for corpus, extractors, items, owner, check in (
            ("time", timers, time_items, owner_t, right_time), ("money", moneys, money_items, owner_m, right_money)):
        for name, module, given, fn in extractors:
            if not _installed(module):
                absent.append(f"{name}: not installed (pip install {module.replace('_', '-')})")
                continue
            fn(items[0])  # warm-up: imports, models, caches
            right, ms = _run(fn, items, check)
            rows.append((name, corpus, given, share(len(right), len(items)), share(len(right & owner), len(owner)),
                         f"{ms:.2f}"))
    print(f"\nExtractors on the same items (time {len(time_items)}, owner subset {len(owner_t)}; money "
          f"{len(money_items)}, owner subset {len(owner_m)}); 'embedded' = the parser's message, 'bare' = the expression\n")
    table(rows, ("extractor", "corpus", "input", "all", "shop owner", "median ms"))
    for line in absent:
        print(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="print each item the parser gets wrong")
    ap.add_argument("--compare", action="store_true", help="also run other extractors on the same corpora")
    ap.add_argument("--write-known-misses", action="store_true", help="rewrite tests/corpora/known_misses.json")
    args = ap.parse_args()
    if args.write_known_misses:
        write_known_misses()
        return
    score(args.misses)
    if args.compare:
        compare()


if __name__ == "__main__":
    main()
