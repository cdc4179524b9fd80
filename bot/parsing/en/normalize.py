"""Step 1: one spelling for what people type many ways on a phone keyboard.

Curly quotes and apostrophes become straight, runs of spaces one space, chat shorthand the long form
("tmrw" -> "tomorrow", "w/" -> "with"), and a mistyped key word its spelling ("bougth" -> "bought",
one edit or swap away, lower-case words only so that names are left alone). Case is kept: capitals
help to find names.
"""
from __future__ import annotations

import re
import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.parsing.en.money_words import MAGNITUDE_PATTERN, currency_of, currency_pattern

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'", "`": "'",
                         "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " "})
SHORTHAND = {
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "tomorow": "tomorrow", "2moro": "tomorrow",
    "2morrow": "tomorrow", "tommorow": "tomorrow", "tomorro": "tomorrow", "ystd": "yesterday", "ystrday": "yesterday", "ystday": "yesterday",
    "yestrday": "yesterday", "ysterday": "yesterday", "yestday": "yesterday", "yesteday": "yesterday", "rmd": "remind",
    "rmdr": "reminder", "rmnd": "remind", "rem.": "remind", "chk": "check", "callback": "call back",
    "yday": "yesterday", "yest": "yesterday", "yesterdy": "yesterday", "tdy": "today", "2day": "today",
    "w/": "with", "wk": "week", "wks": "weeks", "hrs": "hours",
    "pls": "please", "plz": "please", "abt": "about", "thx": "thanks", "eom": "end of month",
    "eow": "end of week", "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "f/u": "follow up", "fu": "follow up", "followup": "follow up", "follow-up": "follow up",
    "followups": "follow ups", "follow-ups": "follow ups",
    "b-day": "birthday", "bday": "birthday", "b'day": "birthday", "bdy": "birthday", "ph": "phone",
    "tel": "phone", "mob": "mobile", "msg": "message", "msgd": "messaged", "txt": "text", "txtd": "texted",
    "msged": "messaged", "cust": "customer", "custs": "customers", "w": "with", "u": "you", "dont": "don't",
    "rcvd": "received", "recd": "received", "rec'd": "received", "pymt": "payment", "pmt": "payment", "amt": "amount",
    "inv": "invoice", "inv.": "invoice", "eod": "end of day", "mtg": "meeting", "appt": "appointment", "convo": "conversation", "vm": "voicemail",
    "mgr": "manager", "thru": "through", "arvo": "afternoon", "outta": "out of", "ty": "thank you", "ta": "thanks",
    "acct": "account", "accts": "accounts",
    "bght": "bought", "bgt": "bought", "sld": "sold", "pd": "paid", "cld": "called", "rsk": "risk",
    "nxt": "next", "remnd": "remind", "bout": "about",
    "ordrd": "ordered", "answr": "answer", "doin": "doing", "nite": "night", "bathrm": "bathroom",
    "hows": "how's", "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "didnt": "didn't",
    "doesnt": "doesn't", "isnt": "isn't", "wasnt": "wasn't", "werent": "weren't", "arent": "aren't", "whos": "who's", "whats": "what's",
    "shes": "she's", "hes": "he's", "theyre": "they're", "thats": "that's", "wont": "won't",
    "transfered": "transferred", "transfred": "transferred",
}
_WORD = re.compile(r"(?<![\w@./+])(" + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True)) + r")(?![\w@])",
                   re.IGNORECASE)


KEY_WORDS = ("bought", "ordered", "purchased", "received", "called", "texted", "emailed", "messaged", "visited",
             "remind", "reminder", "follow", "tomorrow", "yesterday", "customer", "client", "birthday", "complained",
             "meeting", "phoned", "invoice", "picked", "delivered", "whatsapped", "booked", "monday", "tuesday",
             "wednesday", "thursday", "friday", "saturday", "sunday")
MISSPELT = {"payed": "paid", "paied": "paid", "payd": "paid", "pd": "paid", "sould": "sold", "selled": "sold", "buyed": "bought"}
REAL_WORDS = {"mailed", "tested", "folded", "remained", "cooked", "looked", "bouquet", "texture"}
_LOWER_WORD = re.compile(r"(?<![\w'@.])([a-z]{2,})(?![\w'@])")


def _spell(match: re.Match[str]) -> str:
    word = match.group(1)
    if word in MISSPELT:
        return MISSPELT[word]
    if len(word) < 5 or word in KEY_WORDS or word in REAL_WORDS:
        return word
    best = process.extractOne(word, KEY_WORDS, scorer=OSA.distance, score_cutoff=1)
    if best is None or best[0][0] != word[0] or best[0].startswith(word) or word.startswith(best[0]):
        return word  # a different first letter is another word; a longer or shorter ending is grammar
    return str(best[0])


SMALL_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                                      "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALES = {"hundred": 100, "thousand": 1000, "grand": 1000}
_NUMBER_WORD = "|".join(sorted([*SMALL_NUMBERS, *_TENS, *_SCALES, "a"], key=len, reverse=True))
# The currency words are crm.money's one Babel-backed lexicon (money_words); a magnitude may come between: "five lakh rupees".
_MONEY_WORD = rf"(?:(?:{MAGNITUDE_PATTERN})\s+)?(?P<cur>{currency_pattern()})"
# "forty five euros", "a hundred and twenty quid", "two grand": a spelled-out amount next to its currency. A run of
# number words is matched whole (possessive) and then read: tried from every word of a long run, the search read the
# rest of the run each time.
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})\b(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD})\b)*+", re.IGNORECASE)
_MONEY_NEXT = re.compile(rf"\s+(?:{_MONEY_WORD}(?!\w)|each\b|apiece\b)", re.IGNORECASE)
# "paid twelve hundred", "for two thousand": a spelled-out amount with a scale word right after a price word
_PRICE_BEFORE = re.compile(r"\b(?:paid|pay|for|cost|costs|received|got|spent|total(?: of)?)\s+$", re.IGNORECASE)
# "paid fifty for the groom", "she paid twenty five": a spelled number right after "paid" with no thing counted after it
_PAID_BEFORE = re.compile(r"\b(?:paid|pays?|cost|costs|spent|received|transferred|gave me)\s+(?:already\s+|just\s+|me\s+|finally\s+)?$",
                          re.IGNORECASE)
_NOTHING_COUNTED = re.compile(r"\s*(?:$|[,.;!?)]|(?:for|on|at|in|yesterday|today|cash|by|and|to|from|last|this|up ?front|so far)\b)",
                              re.IGNORECASE)
_UP_TO_GRAND = re.compile(r".*(?<=\w)(?<!\band)\s+grand\b", re.IGNORECASE | re.DOTALL)  # to a run's last "x grand"


def _spelled_amount(run: re.Match[str]) -> str:
    """The run of number words as digits where it is an amount: all of it before a currency, else up to its last
    "grand"; unchanged otherwise."""
    words = run.group(0)
    money = _MONEY_NEXT.match(run.string, run.end())
    if money and (money["cur"] is None or currency_of(money["cur"], None)):
        return _spelled_number(words)
    if re.search(r"\b(?:hundred|thousand)\b", words, re.IGNORECASE) and _PRICE_BEFORE.search(run.string, 0, run.start()):
        return _spelled_number(words)
    if _PAID_BEFORE.search(run.string, 0, run.start()) and _NOTHING_COUNTED.match(run.string, run.end()):
        return _spelled_number(words)
    grand = _UP_TO_GRAND.match(words)
    return _spelled_number(grand.group(0)) + words[grand.end():] if grand else words


def _spelled_number(spelled: str) -> str:
    """The digits of a spelled-out number; the words unchanged when they are no number ("a euro" stays)."""
    words = [w for w in re.split(r"[\s-]+", spelled.lower()) if w != "and"]
    total = current = 0
    for i, word in enumerate(words):
        if word == "a":
            if i + 1 == len(words) or words[i + 1] not in _SCALES:
                return spelled
            current = 1
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            current += SMALL_NUMBERS.get(word, 0) + _TENS.get(word, 0)
    return str(total + current)


_A_FEW = r"((?:\d+|a|an|one|two|three|four|five|six) (?:days?|weeks?|months?))"
# Second-language phrasings of the same words: "remember me to call her" (Greek, Portuguese, Spanish "recordar"),
# "I call to Ana" ("ligar para", "llamar a"): the English the rules read.
_PHRASINGS = ((re.compile(r"\bremember me(?= to\b| about\b|,|:| that\b)", re.IGNORECASE), "remind me"),
              (re.compile(r"(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bmy )(?<!\bher )(?<!\bhis )"  # not "sent a text to Tom"
                          r"\b(call(?:ed)?|phoned?|text(?:ed)?|e-?mail(?:ed)?)\s+to\s+(?=(?-i:[A-ZÀ-Ý]))", re.IGNORECASE), r"\1 "),
              # "before 2 days" (Indian, Greek English), "2 days back": ago
              (re.compile(rf"\bbefore {_A_FEW}\b", re.IGNORECASE), r"\1 ago"),
              (re.compile(rf"\b{_A_FEW} back\b", re.IGNORECASE), r"\1 ago"))
# "pd 35 n said lovely trim", "siobhan pd 35 n mairead pd 45": "n" is "and", but not inside a name ("Tom n Jerry's")
_AND = re.compile(r"(\S+) n (?=\w)")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = re.sub(r"(?<=\d)e\b", "€", text)  # "500e": euros typed without the symbol
    text = re.sub(r"\b(?:a )?(fiver|tenner)\b", lambda m: "5" if m.group(1).lower() == "fiver" else "10", text, flags=re.IGNORECASE)
    text = _WORD.sub(lambda m: m.group(1) if m.group(1) in ("U", "W") else SHORTHAND[m.group(1).lower()], text)  # "Hotel U Zlaté"
    for pattern, replacement in _PHRASINGS:
        text = pattern.sub(replacement, text)
    text = _AND.sub(lambda m: m[0] if m[1][:1].isupper() else f"{m[1]} and ", text)
    text = _NUMBER_RUN.sub(_spelled_amount, text)
    text = _LOWER_WORD.sub(_spell, text)
    return " ".join(text.split())
