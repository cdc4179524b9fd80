"""Step 1: one spelling for what people type many ways on a phone keyboard.

Curly quotes and apostrophes become straight, runs of spaces one space, and chat shorthand the
long form ("tmrw" -> "tomorrow", "w/" -> "with"). Case is kept: capitals help to find names.
"""
from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'", "`": "'",
                         "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " "})
SHORTHAND = {
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "tomorow": "tomorrow", "2moro": "tomorrow",
    "2morrow": "tomorrow", "tommorow": "tomorrow", "tomorro": "tomorrow", "ystd": "yesterday",
    "yday": "yesterday", "yest": "yesterday", "yesterdy": "yesterday", "tdy": "today", "2day": "today",
    "w/": "with", "wk": "week", "wks": "weeks", "hrs": "hours",
    "pls": "please", "plz": "please", "abt": "about", "thx": "thanks", "eom": "end of month",
    "eow": "end of week", "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "f/u": "follow up", "fu": "follow up", "followup": "follow up", "follow-up": "follow up",
    "b-day": "birthday", "bday": "birthday", "b'day": "birthday", "bdy": "birthday", "ph": "phone",
    "tel": "phone", "mob": "mobile", "msg": "message", "msgd": "messaged", "txt": "text", "txtd": "texted",
}
_WORD = re.compile(r"(?<![\w@./+])(" + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True)) + r")(?![\w@])",
                   re.IGNORECASE)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = _WORD.sub(lambda m: SHORTHAND[m.group(1).lower()], text)
    return " ".join(text.split())
