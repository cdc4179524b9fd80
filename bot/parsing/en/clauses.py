"""English: where a fact of a message could end, and what makes a piece a fact of its own (see `bot.parsing.clauses`)."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.parsing.clauses import ClauseWords
from bot.parsing.cues import Cue
from bot.parsing.en.amounts import has_written_money
from bot.parsing.en.dates import find_day, find_time
from bot.parsing.en.names import find_name
from bot.parsing.model import ParseContext

SALE_VERB = r"(?:bought|paid|ordered|took|got|order|orders|buys|buy|booked|books|takes|take|pays|transferred)"  # also as second-language English writes it
# the word before is not capitalized (lookbehinds of a fixed width each: a capital, then 0 to 19 more letters)
_NO_NAME_BEFORE = "".join(rf"(?<!\b(?-i:[A-ZÀ-Ý])[\w'-]{{{n}}})" for n in range(20))
JOINING = r"(?:and|then|also)\s+(?:(?:she|he|they)\s+)?(?=\w)"  # "and", "then she", "also he": dropped with the cut
CUTS = (
    # not after a short word: "Mr. Okafor", "Dr. Weiß", "rem. Noah"
    Cue("sentence", r"(?<!\b\w\.)(?<!\b\w\w\.)(?<!\b\w\w\w\.)(?<=[.!?;])\s+", ("Met Greta at the fair. Follow up friday",)),
    # not "3,200"; a joining word after it goes with it: "..., and she wants a call on friday"
    Cue("comma", rf",(?:\s+{JOINING}|\s+|(?!\d))",
        ("Tom paid 120 for the repair, call him next tuesday", "Ivy Stone's new number is +44 7700 900456, and she wants a call on friday")),
    # not "&" or "+": "Keller & Söhne", "65 + 15 shipping"; nor "and" between two names: "follow up with Beatriz and Rui is
    # done" (but "1.2 lakh from Sunil Rao and Rs 8,500 from Priyanka": a currency and its number after it)
    Cue("joining word", rf"(?:{_NO_NAME_BEFORE}\s+{JOINING}|\s+(?!and\s+(?-i:[A-ZÀ-Ý])[\w'.-]*+(?!\s*\d)){JOINING})",
        ("Jonas paid 510 and wants a call next week", "Ines bought bread for 5 and Tom bought cake for 12")),
    # what is still to do starts a fact of its own even without a stop: "pd 240 Schmidt boiler fix f/u 2wks"
    # not inside the to-do itself: "remind me ring him monday", "kindly remind me to"
    Cue("to do", r"(?<!\bto)(?<!\bme)(?<!\bplease)(?<!\bpls)(?<!\bkindly)(?:\s+-+|\s*—)?(?:\s+so)?\s+(?=(?:(?:please|pls|kindly)\s+)?(?:follow up|remind me|set a reminder|schedule a call|try again|redo|let (?:him|her|them) know|"
                 r"(?:call|ring|text|ask|email|send|message|phone|check with|revert to|get back to) (?:him|her|them)\b|"
                 # a booking said with the sale: "next clean tuesday at 8", "next one thursday at 4", "she want again friday"
                 r"(?:(?:she|he|they) )?(?:next|first) (?:one|clean|cleaning|lesson|session|appointment|visit|class|cut|service)\b"
                 r"(?=[^,.;]*\b(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|\d))|"  # with its day: not "re the puppy's next appt"
                 r"(?:she|he|they) wants? (?:it |me |us )?again\b))",
        ("pd 240 Schmidt boiler fix f/u 2wks", "Mr Keller ordered a funeral wreath for 95 — remind me to check with him monday",
         "Ole paid 30 and wants more next month so follow up with him in 3 weeks",
         "Frau Nowak paid 120 for january and february, next clean tuesday at 8")),
    # a tag said after the fact it is about, with no stop: "River Banks sent the $950 retainer 🙌 tag her destination"
    Cue("before a tag", r"\s+(?=tag (?:him|her|them)\b)", ("Lena paid 40 tag her regular",)),
    # a sale after a new customer's phone or email: "new customer Bernd Ott +43 664 1234567 took a crate of apples for 15"
    Cue("after contact details", rf"(?:(?<=\d)|(?<=\.[a-z]{{2}}))\s+(?={SALE_VERB}\b)",
        ("new customer Bernd Ott +43 664 1234567 took a crate of apples for 15", "new client Ada Roy +1 415 555 0134 booked 2 walks at 20 each")),
)
BARE_SALE = re.compile(rf"\s*{SALE_VERB}\b", re.IGNORECASE)  # a sale with no one before it
# A follow-up of its own says when, or whom: "f/u tmrw re parts", "call him next tuesday"
PERIOD = r"(?:days?|d|weeks?|wks?|w|months?|mths?|years?|yrs?)"
WHEN_OR_WHO = re.compile(rf"\b(?:him|her|them|wants a call|needs a call|wants a call ?back|today|tomorrow|tonight|next|this|in (?:a|an|\w+) {PERIOD}|\d+ ?{PERIOD}|on \w+|"
                          r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                          r"end of|asap|later)\b", re.IGNORECASE)
OWN_REMINDER = re.compile(r"\s*(?:please )?remind me\b.*\bto\b", re.IGNORECASE)
REMINDER = re.compile(r"\b(?:remind\w*|follow|task|to-?do|chase)", re.IGNORECASE)  # "done this morning" closes nothing

PLAIN = re.compile(r"^\s*tag\b|\b\d{1,2}(?:[.,]5)?\s*(?:/|out of|from|over)\s*(?:10|5)\b", re.IGNORECASE)
PAYER_BEFORE = re.compile(r"\b(?:from|by)\s+$", re.IGNORECASE)
# "the mother paid 100 for march" after a lesson with Tomás, "today he transferred 300": who pays for a child or a partner is that customer's
SUBJECT = re.compile(r"^\s*(?:(?:today|yesterday|this morning|later|then)\s*,?\s+)?(?:she|he|they|(?:the|his|her|their) (?:mother|mum|mom|mam|father|dad|parents?|husband|wife|partner))\s+",
                     re.IGNORECASE)
# Only whether a piece names a day matters here, not which: any fixed "now" will do
_ANY_DAY = ParseContext(now=datetime(2026, 1, 7, 12, tzinfo=UTC))


def when_or_who(piece: str) -> bool:
    """A follow-up of its own says when or whom: the words above, or any day or time the date rules read ("day 1 of
    april", "at 9")."""
    return bool(WHEN_OR_WHO.search(piece)) or find_day(piece, _ANY_DAY, future=True) is not None \
        or find_time(piece, allow_bare_hour=True) is not None


# the last piece of a message is a price alone: "..., outdoor socket, 120" (not a phone: "089 555123")
_PRICE_LAST = re.compile(r"(?:^|,)\s*[€$£]?\s?\d{1,6}(?:[.,]\d{1,2})?\s*(?:€|£|eur|euros?|gbp|quid|pounds?)?\s*[.!]*$", re.IGNORECASE)


def priced(rest: str) -> bool:
    """The rest of a message holds a price: a money written with its currency, or a number alone at its end."""
    return has_written_money(rest) or bool(_PRICE_LAST.search(rest))


WORDS = ClauseWords(cuts=CUTS, bare_sale=BARE_SALE, when_or_who=when_or_who, reminder=REMINDER, own_reminder=OWN_REMINDER, find_name=find_name,
                    payer_before=PAYER_BEFORE, subject=SUBJECT, plain=PLAIN, priced=priced)
