"""Step 0: the facts of one message. "Jonas paid 510 and wants a call next week" is an order today and a
follow-up next week; read as one fact, the order took the follow-up's date.

A message is cut where a fact could end (its language's cuts, in English a sentence's end, a comma, a joining word; not a dash, which
lists the details of one fact: "Lena Vogt - Brompton - $1,950"), and a
piece becomes a fact of its own only when it clearly is one (`_own_fact`): what it wants is read with
confidence, the piece before it is a fact too, and it says something that one does not (another intent,
or the same one about someone else or with its own amount). Anything else belongs to the piece before:
"Met Greta at the fair, she wants a quote for 40 mugs" is a meeting and what it was about, "Tom bought
bread and cake for 12" one order. Each fact is then read on its own (dates too), and one that names no
customer ("call him next tuesday") is about the customer of the fact before it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bot.parsing.contact_details import find_email, find_phone
from bot.parsing.cues import Cue
from bot.parsing.intent import read_intent
from bot.parsing.languages import DEFAULT, language
from crm.money import CURRENCY_WORDS


@dataclass(frozen=True)
class ClauseWords:
    """A language's words for the cutting: where a fact could end, and the cues `_own_fact` weighs."""
    cuts: tuple[Cue, ...]  # where a fact could end (each example holds such a cut between two facts)
    bare_sale: re.Pattern[str]  # a piece that starts with a sale's verb and no one before it: "bought 3 more"
    when_or_who: Callable[[str], bool]  # a follow-up of its own says when, or whom: "f/u tmrw re parts", "call him"
    reminder: re.Pattern[str]  # a follow-up done only where it names one: "done this morning" closes nothing
    own_reminder: re.Pattern[str]  # a reminder asked for, with what to do: "remind me at 9 to grab the top coat"
    find_name: Callable[[str, str], str | None]
    payer_before: re.Pattern[str]  # a name after its number is a fact's own where this ends before it: "and Rs 6,500 from Kavya"
    subject: re.Pattern[str]  # a piece that opens so is about the customer before: "she bought 2 vases", "he moved to Patras"
    priced: Callable[[str], bool]  # the rest of a message holds a price: "..., outdoor socket, 120", "..., £850"
    plain: re.Pattern[str]  # what makes a piece plainly a fact of its own after one read with doubt: "tag him repeat", "10 from 10"


@cache
def _cut(code: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{cut.pattern})" for cut in language(code).clause_words.cuts), re.IGNORECASE)


WRITES = frozenset({"log_order", "log_interaction", "add_followup", "complete_followup", "add_customer",
                    "update_customer", "add_feedback"})
QUESTIONS = frozenset({"query_at_risk", "query_top", "query_sales", "query_followups"})  # about the whole business
# What reads as a fact of its own but only adds to the one before: a new customer's details ("new customer Rose
# Hartmann, born 12 May, rose.h@web.de"), and "reminder done" after a contact, which closes the follow-up anyway.
# A sale told with a visit is the sale ("Bill came by for his usual, 2x 4.80"), as the rules read it whole.
DETAILS = {"add_customer": ("update_customer",), "update_customer": ("update_customer",),
           "log_interaction": ("complete_followup", "log_order"), "complete_followup": ("log_interaction",)}
SURE = 0.85  # a piece read with less confidence than this is part of the fact before it
UNSURE = 0.45  # a fact read with this much doubt is still one ("Anna 45"): the dialogue asks about it
MAX_PIECES = 8  # the held-out messages of several facts have at most six pieces


def pieces(text: str, code: str = DEFAULT) -> list[str]:
    """The message cut at every place a fact could end (the cuts themselves dropped)."""
    out, start = [], 0
    for m in _cut(code).finditer(text):
        if m.start() > start:
            out.append(text[start:m.start()])
            start = m.end()
    out.append(text[start:])
    return [p for p in out if p.strip()]


def facts(text: str, code: str = DEFAULT) -> list[str]:
    """A normalized message as one text per fact ("f/u" is "follow up", "pd" "paid": the cuts read the long forms).
    A message of more than MAX_PIECES pieces is a list (of items, of details), read as one fact: that also bounds
    the work."""
    parts = pieces(text, code)
    if not 1 < len(parts) <= MAX_PIECES:
        return [text]
    found, heads = [parts[0]], [parts[0]]
    spans = [_span(text, parts[0], 0)]
    for part in parts[1:]:
        at = _span(text, part, spans[-1][1])
        if _own_fact(found[-1], heads[-1], part, code) or _sold_to_new_customer(found[-1], heads[-1], part, text[at[0]:], code):
            found.append(part)
            heads.append(part)
            spans.append(at)
        else:
            spans[-1] = (spans[-1][0], at[1])
            found[-1] = text[spans[-1][0]:spans[-1][1]]
    return found


def _sold_to_new_customer(before: str, head: str, piece: str, rest: str, code: str) -> bool:
    """"new customer Gary Holt 07700 900123, rewired his kitchen, £850": after a new customer named with details, a
    piece that is no detail, where the rest of the message holds a price, starts the sale (the price was lost with the
    details). Not the name itself: "Could you add a new parent, Sinéad Doyle, +353 ..."."""
    words = language(code).clause_words
    if read_intent(head, code)[0] != "add_customer" or find_email(piece) or find_phone(piece, "ZZ"):
        return False
    if words.find_name(before, "add_customer") is None or words.find_name(piece, "add_customer") is not None:
        return False
    return read_intent(piece, code)[0] not in ("update_customer", "add_customer") and words.priced(rest)


def _span(text: str, part: str, after: int) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _own_fact(before: str, head: str, piece: str, code: str) -> bool:
    """Whether `piece` is a fact of its own after `before`, the fact so far, which `head` began (all cut from the
    normalized message). The fact is what its head says where that is clear: "texted Rusty the quote, $650" is the
    message, though with its amount the whole reads like a sale."""
    words = language(code).clause_words
    intent, confidence = read_intent(piece, code)
    earlier, earlier_confidence = read_intent(head, code)
    if earlier_confidence < SURE or earlier not in WRITES:
        earlier, earlier_confidence = read_intent(before, code)
    if intent == "log_order" and confidence < SURE and earlier == "log_order" \
            and re.search(r"\d", before) and _own_subject(before, piece, intent, words):  # "Jan paid 45 ... and Bram Visser 62,50 ..."
        return True
    if intent in QUESTIONS and earlier in QUESTIONS and intent != earlier and min(confidence, earlier_confidence) >= SURE:
        return True  # "who are my best students and who am I losing?": two questions, both answered
    if confidence < SURE or intent not in WRITES or len(piece.split()) < 2 or len(before.split()) < 2:
        return False  # one word is no fact, before or after: "schedule, follow up call with Ines monday"
    if intent == "complete_followup" and not words.reminder.search(piece):
        return False
    if earlier not in WRITES or earlier_confidence < (UNSURE if _plainly_own(intent, piece, words) else SURE):
        return False
    if intent in DETAILS.get(earlier, ()):  # a sale told with a visit stays with it where the whole reads as the sale,
        # unless it is told as a fact of its own: "Anna came to the atelier today, she bought 2 vases 40 each"
        return intent == "log_order" and (read_intent(f"{before}, {piece}", code)[0] != "log_order"
                                          or bool(words.bare_sale.match(words.subject.sub("", piece, count=1))))
    if intent == "log_order" and not re.search(r"\d", piece):  # "..., laptop picked up": no sale without an amount
        return False
    # "Invoice #1043, paid by Nordwind AG": one sale; but "Dawn gave me 10/10 and paid the $60 she owed" is two facts
    if words.bare_sale.match(piece) and earlier not in ("add_customer", "add_feedback", "update_customer"):
        return False
    if intent == earlier == "add_followup" and words.own_reminder.match(piece) and words.when_or_who(piece) \
            and words.when_or_who(before) and len(before.split()) >= 4:
        return True  # "first appt Lena 9:30 ..., and remind me at 9 to grab the top coat": a reminder of its own
    if intent == "add_followup" and not words.when_or_who(piece):  # "175 eur coaching follow-up session" is one sale
        return False
    return intent != earlier or _own_subject(before, piece, intent, words)


def _plainly_own(intent: str, piece: str, words: ClauseWords) -> bool:
    """What is still to do, a new phone or e-mail address, a tag or a score is a fact of its own even after one read
    with doubt: "Dimitra sent me message ..., remind me to answer her tomorrow", "..., her new email meiling@gmail.com",
    "..., tag him repeat", "he very satisfied, 10 from 10"."""
    if intent == "add_followup":
        return bool(words.reminder.search(piece))
    if intent in ("update_customer", "add_feedback") and words.plain.search(piece):
        return True
    # no owner's region here: region "ZZ" reads only a number written with its country code
    return intent == "update_customer" and bool(find_email(piece) or find_phone(piece, "ZZ"))


def _own_subject(before: str, piece: str, intent: str, words: ClauseWords) -> bool:
    """"Tom bought cake for 12" after "Ines bought bread for 5", "today Paul got a bouquet for 25", "Rs 8,500 from
    Kavya Nair" after "received 2 lakh from Arjun Mehta": a fact of the same kind stands alone when it names a
    customer of its own (before its number, or after it as the one who paid) and has its own number."""
    own = words.find_name(piece, intent)
    said = own.casefold().strip(".") if own else ""
    if said in CURRENCY_WORDS or f"{said}." in CURRENCY_WORDS:  # "EUR 1,250.00 for server setup", "Fr. 12'400" name no one
        return False
    number = re.search(r"(?<![#\w])\d", piece)  # not "invoice #1043"
    if not (own and number) or own == words.find_name(before, intent):
        return False
    at = piece.find(own)
    return at < number.start() or bool(words.payer_before.search(piece[:at]))  # type: ignore[union-attr]
