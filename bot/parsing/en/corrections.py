"""A correction of what was just stored: "no, it was 45 not 54", "actually the wreath was 56", "make that 3",
"wrong customer, it was Anna Lee", "it was yesterday actually", "make it friday instead".

Read as one whole message, before it is cut into facts: its new value is what it says (`amount` holds a
number whatever it counts, `instead_of` the value said to be wrong), and which record it amends and what the
number means there (a total, a count, a score) is the dialogue's to settle against what was stored.
A message is a correction only when it opens like one (CUES) or says what it is not ("..., not 1250"):
"Tom bought a cake for 12" after an order of Ines is a new order.
"""
from __future__ import annotations

import re
from decimal import Decimal

from bot.parsing.contact_details import find_email, find_phone
from bot.parsing.cues import Cue
from bot.parsing.en.contacts import SCALED_SCORE
from bot.parsing.en.dates import find_day, find_time
from bot.parsing.en.intents import interaction_kind
from bot.parsing.en.names import find_name
from bot.parsing.intent import read_intent
from bot.parsing.model import ParseContext, Parsed
from crm.money import CURRENCY_WORDS

CUES = (
    # not "no show from Tom": "no" then a pause, a number or a day
    Cue("denial", r"^(?:no+|nope|nah)(?:\s+(?:wait|sorry))?\s*(?:[,:!.-]|(?=\d|€|\$|(?:mon|tue|wed|thu|fri|sat|sun))"
                  r"|(?=(?:it|that|she|he|they)(?:'s| was| were| is)\b))"
                  r"|^(?:sorry|oops|whoops|my bad|typo|correction|wait)\b",
        ("no, it was 45 not 54", "oops, 54", "typo, 5,90", "correction: 1.5k", "sorry 1,150 not 1,250", "no tue",
         "no wait, it was Carla, not Karl", "no wait it was 48, she tipped 3", "no sorry 5/5")),
    Cue("i meant", r"^i meant\b", ("I meant Sabrina",)),
    Cue("make the", r"^make the (?:call|follow ?up|reminder|appointment|appt|meeting)\b", ("make the call monday instead",)),
    Cue("actually", r"^actually\b|\bactually[.!]?$", ("actually the wreath was 56", "Ines's was 45 actually")),
    Cue("make that", r"^make (?:that|it)\b|^make (?-i:[A-ZÀ-Ý])[\w-]*(?:'s)? (?=€?\d)", ("make that 3", "make it friday instead", "make Dani 40")),
    Cue("it was", r"^(?:it|that|this|she|he|they)(?:'s| was| were| is)\b", ("it was 210", "that was dollars, not euros")),
    Cue("wrong", r"^wrong (?:customer|person|name|client|date|day|amount|price)\b", ("wrong customer, it was Anna Lee",)),
    Cue("not this but that", r"^not (?-i:[A-ZÀ-Ý])[\w'-]*\s*,", ("not Tom, Tim",)),
)
_OPENS = re.compile("|".join(f"(?:{cue.pattern})" for cue in CUES), re.IGNORECASE)
# A cue that opens many messages besides corrections: "sorry, Tom cancelled, rebook him friday" is a new fact
_WEAK = re.compile(r"^(?:sorry|oops|whoops|my bad|wait)\b", re.IGNORECASE)
_MOVES = re.compile(r"^(?:make (?:that|it|the)|(?:it|that|this) was|no+\b|nope|actually)|\bactually[.!]?$", re.IGNORECASE)
_INTERJECTION = re.compile(r"^(?:oh|ah+|hm+|ugh|argh|ok so)\b[\s,.!]*", re.IGNORECASE)  # "oh that was two days ago"
_NUMBER = r"[€$£]?\s?\d[\d.,' ]*(?:\s?k\b)?"
_NOT = re.compile(rf"\b(?:not|instead of|rather than)\s+(?P<old>{_NUMBER})", re.IGNORECASE)
# said of a whole message without a cue, only "..., not 1250" at its end corrects: "for 30 instead of 36" is a discount
_NOT_AT_END = re.compile(rf",?\s+not\s+{_NUMBER}\s*[.!]*$", re.IGNORECASE)
_VALUE = re.compile(rf"(?<![\w.,:])(?P<value>{_NUMBER})(?!\d)(?!\s?(?:am|pm|h\b|:\d|o'?clock|days?|weeks?|hours?|minutes?)\b)"
                    r"(?:\s?(?:€|eur|euros?|usd|dollars?|gbp|pounds?))?", re.IGNORECASE)  # not "2pm", "two days ago"
# "no, it was 3 tubes": a small number before a plural that is no span of time (nor a currency, `_counted`) is how many
_COUNTED = re.compile(r"(?<![\w.,])(\d{1,3})\s+(?!(?:days|weeks|hours|minutes|months)\b)(?=(?P<what>[a-z]{3,}s)\b)", re.IGNORECASE)
_WHO = re.compile(r"(?:\b(?:it|that|this) was|^i meant|^(?:actually )?make(?=\s+(?-i:[A-ZÀ-Ý])[\w-]*(?:'s)?\s+€?\d)|\bnot (?-i:[A-ZÀ-Ý])[\w'-]*\s*,)\s+(?P<who>(?-i:[A-ZÀ-Ý])[\w'-]*(?:\s+(?-i:[A-ZÀ-Ý])[\w'-]*)?)", re.IGNORECASE)
# "actually the lock was 39", "make that 34 for the bag": the thing of the order whose price it was
_ITEM = re.compile(r"\b(?:the|that|this|her|his|their)\s+(?P<item>[a-z][a-z' -]{1,30}?)\s+(?:was|were|is|cost|came to)\b"
                   r"|\bfor (?:the|that|this|her|his|their) (?P<after>[a-z][a-z' -]{1,30}?)\s*[.!]*$", re.IGNORECASE)
_WHOLE = {"order", "total", "amount", "price", "sale", "payment", "sum", "bill", "invoice", "one", "last one", "call",
          "date", "day", "score", "rating", "customer", "person", "name", "follow up", "followup", "reminder", "meeting"}
# "Ines's was 45 actually", "Jan de Vries's helmet was 54.95 actually"
_OWNER_OF = re.compile(r"^(?P<who>(?-i:[A-ZÀ-Ý])[\w-]*(?:\s+(?:de|van|der|von|le|la|(?-i:[A-ZÀ-Ý])[\w-]*))*)'s\b")


_SAID_BEFORE = re.compile(r"\b(?:was|were|is|make (?:that|it|[\w'-]+))\s*$", re.IGNORECASE)


def _counted(text: str) -> re.Match[str] | None:
    m = _COUNTED.search(text)
    return m if m and m["what"].lower() not in CURRENCY_WORDS else None  # "actually 3 euros" is an amount


def _new_fact(rest: str) -> bool:
    intent, confidence = read_intent(rest.strip(), "en")
    return confidence >= 0.85 and intent not in ("unknown", "undo") and find_name(rest, intent) is not None


def _number(text: str) -> Decimal | None:
    digits = text.strip(" €$£").replace(" ", "").replace("'", "")
    thousands = digits.lower().endswith("k")
    digits = digits.rstrip("kK")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)  # "1,150", "1.250"
    digits = digits.replace(",", ".")
    try:
        value = Decimal(digits)
    except ArithmeticError:
        return None
    value = value * 1000 if thousands else value
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def find_correction(text: str, ctx: ParseContext) -> Parsed | None:
    """The correction the message makes, or None when it is no correction."""
    text = _INTERJECTION.sub("", text)
    if find_email(text) or find_phone(text, ctx.region):
        return None  # "actually her email is ines@web.de, not the gmail one": the new address, an update of the customer
    old = _NOT.search(text)
    opens = _OPENS.search(text)
    if opens is None and not _NOT_AT_END.search(text):
        return None
    if old is None and _WEAK.match(text) and not re.search(r"\b(?:not|instead)\b", text, re.IGNORECASE) \
            and _new_fact(text[: opens.start()] + text[opens.end():]):
        return None  # "sorry, Tom cancelled, rebook him for friday": a fact of its own, not a change to the last one
    result = Parsed(intent="correct")
    rest = text[: old.start()] + text[old.end():] if old else text
    result.instead_of = _number(old["old"]) if old else None
    score = SCALED_SCORE.search(rest)
    if score and score["s1"]:  # "no sorry 5/5, the 4 was last time": the score, of a feedback
        result.amount, result.scale = _number(score["s1"]), int(score["of"]) if score["of"].isdigit() else None
        rest = rest[: score.start()] + " " * (score.end() - score.start()) + rest[score.end():]
    counted = _counted(rest)
    values = [m for m in _VALUE.finditer(rest) if _number(m["value"]) is not None]
    uncounted = [m for m in values if counted is None or not m.start() <= counted.start(1) < m.end()]
    if uncounted and not (score and score["s1"]):  # "actually make Dani 40, forgot the nail art on 2 fingers": 40, the 2 counts fingers
        said_so = [m for m in uncounted if _SAID_BEFORE.search(rest, 0, m.start())]  # "it was 48, she tipped 3": 48
        result.amount = _number((said_so or uncounted)[-1 if not said_so else 0]["value"])
    count = re.match(r"^make (?:that|it) (\d{1,3})\s*[.!]*$", text, re.IGNORECASE) or (counted if not uncounted else None)
    if count:  # "make that 3", "no, it was 3 tubes": a count (the dialogue keeps the price of one), unless the record has none
        result.quantity, result.amount = int(count[1]), None
    before_not = re.split(r"\bnot\b", text, maxsplit=1, flags=re.IGNORECASE)[0]
    said = re.findall(r"[\w$€£]+", before_not.lower())
    result.currency = next((CURRENCY_WORDS[w] for w in said  # a name or a symbol: "that was dollars, not euros", not "Ines's"
                            if w in CURRENCY_WORDS and (len(w) >= 3 and w.isalpha() or w in "€$£")), None)
    item = _ITEM.search(before_not)
    named = item and (item["item"] or item["after"]).lower()
    result.description = named if named and named not in _WHOLE and named not in CURRENCY_WORDS else None
    who = _WHO.search(text) or _OWNER_OF.search(text)
    if who and who["who"].lower() not in {"a", "an", "the", "yesterday", "today", "on", "monday"}:
        result.customer = who["who"]
    past, future = find_day(text, ctx, future=False), find_day(text, ctx, future=True)
    result.date = past.day if past else None
    result.due = future.day if future else None
    clock = find_time(text, allow_bare_hour=False)
    result.time = clock.clock if clock else None  # "make it 2pm": a follow-up's time
    said_kind = re.search(r"\b(?:call|e-?mail|text|message|visit|meeting)\w*\b", before_not, re.IGNORECASE)
    result.kind = interaction_kind(before_not) if said_kind and before_not != text else None  # "it was an email, not a call"
    if result.amount is None and result.quantity is None and result.customer is None and result.date is None \
            and result.due is None and result.time is None and result.kind is None and result.currency is None:
        return None  # "no no, delete the last one", "sorry": nothing to amend with (an undo, or nothing)
    only_a_day = result.amount is None and result.quantity is None and result.customer is None and result.kind is None \
        and result.currency is None
    if only_a_day and not _MOVES.search(text):
        return None  # "sorry Tom cancelled, rebook him friday": a day alone moves the last record only when said so
    return result
