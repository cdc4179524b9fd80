"""Clock times as owners say them: a small grammar of parts, not a list of phrasings.

A clock time is an hour (digits, "1030", a word: "three", "noon"), maybe minutes (":30", "h30", " fifty nine"),
maybe minutes before it that count from or to the hour ("20 minutes to 2pm", "a quarter past nine", "half past 3",
British "half 2"), and what says which half of the day: am/pm ("3p", "a.m.", "a m"), "o'clock", "ish", or a part of
the day before or after it ("at 3 in the morning", "8 tonight", "in the evening at eight"). Each part is one named
piece of the pattern below; `CLOCK_RULES` names the ways they combine, each with examples that the tests read.

Without am/pm or a part of the day an hour is read as business hours (1 to 7 is the afternoon: "call Rose at 4:30").
A time said weakly ("at 3", "at three twenty", "half past three" with nothing else) is read only where a time is
expected: in reminders, or right after a part of the day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.parsing.en.normalize import SMALL_NUMBERS

HOUR_WORDS = {w: n for w, n in SMALL_NUMBERS.items() if 1 <= n <= 12}
_UNITS = {w: n for w, n in SMALL_NUMBERS.items() if 1 <= n <= 9}
_TEENS = {w: n for w, n in SMALL_NUMBERS.items() if 10 <= n <= 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _alt(words: object) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


# minutes in words: "oh five", "fifteen", "twenty", "fifty nine", "forty-five"
_MINUTE_WORDS = rf"(?:oh[ -](?:{_alt(_UNITS)})|(?:{_alt(_TENS)})(?:[ -](?:{_alt(_UNITS)}))?|{_alt(_TEENS)})"
# how many minutes before "past"/"to": "20", "20 minutes", "twenty", "a quarter", "half"
_BEFORE = rf"(?P<before>(?:a )?quarter|half|\d{{1,2}}|{_MINUTE_WORDS}|{_alt(_UNITS)})(?P<mins> (?:minutes?|mins?))?"
_LEAD = r"(?P<lead>\b(?:at|around|about|approximately|approx|by|for|from|until|till)\s+|@\s*)?"
_HOUR = (r"(?:(?<![\d.,:])(?P<h>\d{1,2})(?:(?P<sep>[:.h])(?P<m>\d{2})|(?P<hsuffix>h)|(?P<space> )(?P<m_sp>\d{2}))?(?![\d:/-]|[.,]\d)"
         r"|(?<![\d.,/])(?P<hhmm>\d{3,4})(?![\d:/-]|[.,]\d)"
         rf"|(?P<hw>{_alt(HOUR_WORDS)})(?:[ -](?P<mw>{_MINUTE_WORDS}))?"
         r"|(?P<noon>noon|midday|midnight))")
_AMPM = r"(?P<ampm>(?:(?<=\d)|(?<=\d )|(?<=[a-z] ))[ap]\.? ?m\b\.?|(?<=\d)[ap]\b\.?)"
PARTS = {"morning": "am", "afternoon": "pm", "evening": "pm", "night": "pm", "tonight": "pm", "am": "am"}
_PART_AFTER = (r"(?P<part> (?:in the |this |tomorrow |today |at )?(?P<partword>morning|afternoon|evening|night|tonight|am)\b"
               r"| (?:tomorrow|today|yesterday|tonight)\b(?: (?P<partword2>morning|afternoon|evening|night)\b)?)")
CLOCK = re.compile(  # (the lookarounds first skip, cheaply, the places where no part can start)
    r"(?<![^\W\d_])(?=[\d@abefhmnoqstu])" + rf"{_LEAD}(?:(?P<brit>\bhalf )|{_BEFORE} (?P<rel>past|after|to|till|before|from|of) )?\b{_HOUR}"
    r"(?P<oclock> ?o'? ?clock|oclock)?(?P<ish> ?ish)?(?: ?" + _AMPM + r")?" + _PART_AFTER + r"?",
    re.IGNORECASE)
_PART_BEFORE = re.compile(r"\b(?P<partword>morning|afternoon|evening|night|tonight)\s*(?:at\s*|@\s*)?$", re.IGNORECASE)
_NOT_A_TIME_AFTER = re.compile(r" ?(?:each|apiece|per|a piece|x|×|€|\$|£|eur|usd|gbp|%|people|of|items?|pcs|boxes)\b|\s*[€$£%x×*]",
                               re.IGNORECASE)
_WORDY_END = re.compile(r"\s*(?:$|[,.;!?)]|(?:on|tomorrow|today|tonight|this|next|to|with|for|and|then|or|if|please|re|about)\b)",
                        re.IGNORECASE)
_DAY_BEFORE = re.compile(r"\b(?:tomorrow|today|tonight|mon|tues?|wed|thu(?:rs)?|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+$",
                         re.IGNORECASE)
_DAY_AFTER = re.compile(r"\s*(?:tomorrow|today|tonight|on\b|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
                        re.IGNORECASE)


@dataclass(frozen=True)
class ClockRule:
    """One way the parts combine: a name, what says it is this way, and examples (text -> HH:MM, read in a
    reminder at 10:00)."""

    name: str
    examples: tuple[tuple[str, str], ...]


CLOCK_RULES = (
    ClockRule("hour with am/pm", (("three pm", "15:00"), ("at 3p", "15:00"), ("tomorrow 10a", "10:00"), ("at 3 in the morning", "03:00"),
                                  ("3 oclock am", "03:00"), ("nine fifty nine a m", "09:59"), ("8 tonight", "20:00"))),
    ClockRule("hour and minutes", (("15:30", "15:30"), ("at 19h30", "19:30"), ("at 3 15", "15:15"),
                                   ("at three twenty", "15:20"), ("ten thirty am", "10:30"))),
    ClockRule("hhmm run of digits", (("330 p.m.", "15:30"), ("at 1030", "10:30"), ("1030 tomorrow", "10:30"))),
    ClockRule("minutes past or to the hour", (("20 minutes to 2pm", "13:40"), ("half past 3", "15:30"),
                                              ("quarter past nine", "09:15"), ("a quarter to noon", "11:45"),
                                              ("twenty after 3pm", "15:20"), ("15 minutes from 1pm", "13:15"),
                                              ("half 2", "14:30"))),
    ClockRule("o'clock", (("11 o clock", "11:00"), ("3 o'clock in the afternoon", "15:00"), ("3ish pm", "15:00"))),
    ClockRule("part of the day before", (("in the evening at eight", "20:00"), ("early morning @ 3", "03:00"))),
    ClockRule("noon and midnight", (("at noon", "12:00"), ("15 minutes past noon", "12:15"), ("midnight", "00:00"))),
)


@dataclass(frozen=True)
class Clock:
    clock: time
    start: int
    end: int


def _number(word: str) -> int:
    """ "20", "twenty", "fifty nine", "oh five", "a quarter", "half" -> minutes."""
    word = word.lower().replace("-", " ")
    if word.isdigit():
        return int(word)
    if word.endswith("quarter"):
        return 15
    if word == "half":
        return 30
    total = 0
    for part in word.split():
        total += _TENS.get(part, 0) + SMALL_NUMBERS.get(part, 0)
    return total


def _read(m: re.Match[str], text: str, allow_bare_hour: bool, evening: bool) -> time | None:
    """The clock time a match of CLOCK says, or None when the match is too weak here or no time of day."""
    ampm = {"a": "am", "p": "pm"}.get((m["ampm"] or " ")[0].lower(), "")
    partword = (m["partword"] or m["partword2"] or "").lower()
    prior = _PART_BEFORE.search(text[max(0, m.start() - 20): m.start()]) if not partword else None
    if prior:
        partword = prior["partword"].lower()
    half = ampm or PARTS.get(partword, "")
    lead = (m["lead"] or "").strip().lower()
    at = lead in ("at", "@", "around", "about", "approximately", "approx")
    strong = bool(ampm or m["oclock"] or m["sep"] in (":", "h") or m["hsuffix"] or m["noon"])
    cue = bool(at or m["before"] or m["brit"] or partword)  # what makes a weak number a time where one is expected
    if m["ampm"] and not m["ampm"].lower().rstrip(".").endswith("m") and not (m["sep"] or at or _DAY_BEFORE.search(text, 0, m.start())):
        return None  # "4a" is a flat, "3:18a", "at 3p" and "tomorrow 10a" are times
    if m["hsuffix"] and _WORKED.match(text, m.end()):
        return None  # "4h x 25", "2h cleaning": hours worked
    if m["noon"]:
        hour, minute = (0 if m["noon"].lower() == "midnight" else 12), 0
    elif m["hhmm"]:
        hour, minute = int(m["hhmm"][:-2]), int(m["hhmm"][-2:])
        strong = strong or bool(m["ish"])
        cue = cue or bool(_DAY_AFTER.match(text, m.end("hhmm")))
    elif m["hw"]:
        hour, minute = HOUR_WORDS[m["hw"].lower()], _number(m["mw"]) if m["mw"] else 0
        if not (ampm or m["oclock"] or partword) and not _WORDY_END.match(text, m.end()):
            return None  # "at one of the shops"
    else:
        hour, minute = int(m["h"]), int(m["m"] or m["m_sp"] or 0)
        if m["sep"] == "." and not ampm:
            return None  # "3.30" is an amount
        if m["m_sp"] and not at:
            return None  # "2 15 roses"
    if not strong and not (cue and (allow_bare_hour or prior or (at and partword))):
        return None  # in what happened, "paid 16 this morning" is an amount; "at 9 this morning" a time
    if half == "am" and not ampm and hour > 12:
        return None  # "16 this morning"
    if not (ampm or m["oclock"] or m["sep"] == ":") and _NOT_A_TIME_AFTER.match(text, m.end()):
        return None  # "at 3 each", "at 5 €"
    if m["before"] and m["before"].lower() not in ("quarter", "a quarter", "half") and not (m["mins"] or strong or at or half):
        return None  # "paid 20 to 3 people"
    if m["noon"]:
        total = hour * 60
    elif ampm == "pm":
        total = (hour % 12 + 12) * 60
    elif ampm == "am":
        total = (hour % 12) * 60
    else:
        total = _half(hour, half, evening, allow_bare_hour or bool(m["before"] or m["brit"])) * 60
    if hour > 23 or minute > 59 or (ampm and not 1 <= hour <= 12):
        return None
    total += minute + (30 if m["brit"] else 0)
    if m["before"]:
        offset = _number(m["before"])
        if offset > 59:
            return None
        total += -offset if m["rel"].lower() in ("to", "till", "before", "of") else offset
    total %= 24 * 60
    return time(total // 60, total % 60)


def _half(hour: int, half: str, evening: bool, business: bool) -> int:
    """An hour without am/pm: as the part of the day says; else in the evening when the message is about it
    ("tonight at 8"); else business hours (1 to 7 is the afternoon)."""
    if hour >= 12 or half == "am":
        return hour
    if half == "pm":
        return hour + 12
    return hour + 12 if evening or (business and 1 <= hour <= 7) else hour


_WORKED = re.compile(r"\s*[x×*@]|\s+\w+ing\b", re.IGNORECASE)
_EVENING = re.compile(r"\b(?:tonight|evening|night)\b", re.IGNORECASE)  # "tonight at 8" is 20:00


def find_clock(text: str, allow_bare_hour: bool) -> Clock | None:
    """The first clock time in the text (see the module's doc)."""
    evening = bool(_EVENING.search(text))
    at = 0
    while (m := CLOCK.search(text, at)) is not None:
        at = m.start() + 1  # a number read as no time may still start one: "for 20 at 3pm"
        found = _read(m, text, allow_bare_hour, evening)
        if found is not None:
            end = m.end() if not m["part"] or m["partword"] else m.start("part")  # "9 tomorrow" leaves the day
            return Clock(found, m.start(), end)
    return None
