"""English: one fact of a message read whole. Each step adds to one `Parsed`; spans already read are masked for the
next."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.parsing import contact_details
from bot.parsing.en import companies, contacts
from bot.parsing.en.amounts import find_amount, purchase_description
from bot.parsing.en.dates import Found, due_period, fallback_day, find_day, find_period, find_soon, find_time
from bot.parsing.en.intents import SAID, interaction_kind
from bot.parsing.en.names import MASK, find_name, very_frequent
from bot.parsing.intent import read_intent
from bot.parsing.known_names import is_known, known_customer
from bot.parsing.model import ParseContext, Parsed

_HAPPENED = re.compile(r"\b(?:called|rang|phoned|spoke|talked|met|emailed|texted|messaged|visited|saw|chatted|had|left|"
                       r"sent|wrote|replied|popped|came|dropped|stopped)\b", re.IGNORECASE)
DATED = {"log_order", "log_interaction", "add_feedback"}
PROFILE = {"add_customer", "update_customer"}
_TODO_PREFIX = re.compile(r"^.*?\b(?:remind me to|reminder to|remind me about|need to|have to|don't forget to|"
                          r"remember to|must|reminder:?)\s+", re.IGNORECASE)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
        if start < end:
            chars[start] = MASK
    return "".join(chars)


def _rest(masked: str, name: str | None) -> str | None:
    """Free text after the name (an interaction's "about the delivery"), without masked parts."""
    if not name:
        return None
    at = masked.lower().find(name.lower())
    if at < 0:
        return None
    tail = masked[at + len(name):]
    tail = re.sub(r"^'s\b", "", tail)
    tail = " ".join(tail.replace(MASK, " ").split()).strip(" ,.;:-")
    return tail or None


# What is left of "rated us 7 out of 10, slow feedback loop" once the score is masked: the verb that gave it goes,
# and so do words that only say it was a score ("gave us a 5 star review" has no comment).
_SCORE_VERB = re.compile(r"^(?:(?:rated|rates|gave|gives|scored|left|says|said|wrote)\b\s*(?:(?:us|me|it|the \w+)\b)?\s*(?:an?\b)?)?[\s,.:;-]*",
                         re.IGNORECASE)
_SCORE_VERB_AFTER = re.compile(r"[\s,;:-]*(?:\b(?:and\s+)?(?:(?:she|he|they)\s+)?(?:gave|rated|scored|score|says|said)\b(?:\s+(?:us|me|it)\b)?"
                               r"(?:\s+an?\b)?|\bfrom (?:her|him|them)\b)\s*$", re.IGNORECASE)
_SCORE_WORDS = {"review", "rating", "score", "nps", "csat", "stars", "star", "feedback", "a", "an", "the", "of", "on", "google"}


def _comment(masked: str, name: str | None) -> str | None:
    """The words that came with a score: "Ines 7 out of 10, slow feedback loop" -> "slow feedback loop"."""
    rest = _rest(masked, name)
    comment = re.sub(r"\s+,", ",", _SCORE_VERB_AFTER.sub("", _SCORE_VERB.sub("", rest))).strip(" ,.;:-") if rest else ""
    words = set(re.findall(r"\w+", comment.lower()))
    return comment if words and not words <= _SCORE_WORDS else None


_SAID = re.compile(rf"^\s*{SAID}\s+(?:that\s+)?", re.IGNORECASE)


def _words_said(masked: str) -> str | None:
    """What a customer said, in a fact that names no one (it is about the customer before): "..., and said best trim ever"."""
    m = _SAID.match(masked)
    words = " ".join(masked[m.end():].replace(MASK, " ").split()).strip(" ,.;:-") if m else ""
    return words or None


_LINK = re.compile(r"on|at|by|in|for|the|this|next", re.IGNORECASE)


def _todo(masked: str) -> str | None:
    """What is to be done ("call Lena", "send Fatima the invoice"), without the "remind me to" and the date, nor the
    words that led to the date ("on", "by the"). Those are taken off word by word from the end: a pattern for a run
    of them at the end, tried at each of a long run, was quadratic."""
    words = _TODO_PREFIX.sub("", " ".join(masked.replace(MASK, " ").split())).split(" ")
    while len(words) > 1 and _LINK.fullmatch(words[-1]):
        words.pop()
    return " ".join(words).strip(" ,.;:-") or None


def read_fact(clean: str, ctx: ParseContext) -> Parsed:
    """One fact of a message (see `bot.parsing.clauses`; already normalized), read on its own."""
    intent, confidence = read_intent(clean, "en") if clean else ("unknown", 0.0)
    if intent == "log_interaction" and _paid_visit(clean, ctx):
        intent = "log_order"  # "went round to Mrs Patel's, replaced the RCD, 95 + 20 call out": the job, paid
    result = Parsed(intent=intent, confidence=confidence)
    if intent == "unknown":
        return result
    spans: list[tuple[int, int]] = []
    _contacts(result, clean, ctx, spans)
    if intent == "add_feedback":
        score = contacts.find_score(clean)
        if score:
            result.score, result.scale = score[0], score[1]
            spans.append((score[2], score[3]))
    if intent in DATED or intent == "add_followup":
        _when(result, clean, ctx, spans)
    if intent == "log_interaction" and result.future_date:
        if _HAPPENED.search(clean):  # "spoke to Will, he'll come tomorrow": the call was today, the date is his
            result.date, result.time, result.future_date = ctx.today, None, False
        else:  # "meeting with Jo next tuesday" is a plan, not a log
            result.intent, result.date, result.time, result.future_date = "add_followup", None, None, False
            spans.clear()
            _when(result, clean, ctx, spans)
    if intent == "log_order":
        _order(result, clean, ctx, spans)
    if intent == "query_top":
        result.by_clv = bool(re.search(r"\b(?:clv|ltv|lifetime value|future value|value)\b", clean, re.IGNORECASE))
    if intent == "query_sales":
        start, end, label = find_period(clean, ctx)
        result.period, result.period_label = (start, end), label
    if intent == "query_followups":
        due = due_period(clean, ctx)
        if due is not None:
            result.period, result.period_label = (due[0], due[1]), due[2]
    masked = _mask(clean, spans)
    result.customer = _customer(masked, intent, ctx)
    _details(result, clean, masked, ctx)
    return result


_QUOTED = re.compile(r"\b(?:quot\w*|estimate\w*|offer\w*|budget|asked|wants?|would like|price list)\b", re.IGNORECASE)


def _paid_visit(clean: str, ctx: ParseContext) -> bool:
    """A visit told with a price of its own ("..., 95 + 20 call out", "..., £120 cash") is the job sold, as the rules
    read "Bill came by for his usual, 2x 4.80"; a price quoted or wanted is not."""
    if interaction_kind(clean) != "visit" or _QUOTED.search(clean):
        return False
    amount = find_amount(clean, [], ctx.region)
    return amount is not None and (amount.currency is not None or "+" in clean or bool(re.search(r",\s*\d[\d.,]*\s*\S*\s*$", clean)))


ABOUT_A_CUSTOMER = frozenset({"log_order", "log_interaction", "add_followup", "complete_followup", "update_customer",
                              "add_feedback", "query_customer"})


def _customer(masked: str, intent: str, ctx: ParseContext) -> str | None:
    """The name the rules read, unless the message names a customer the owner has that they missed ("dave") or
    read only in part ("Priyanka" of "Priyanka Das")."""
    named = find_name(masked, intent)
    if intent not in ABOUT_A_CUSTOMER or not ctx.customers:
        return named
    known = known_customer(masked, ctx.customers)
    if known and (not named or not is_known(named, ctx.customers) or named.casefold() in known.casefold().split()):
        return known
    return named


def _contacts(result: Parsed, clean: str, ctx: ParseContext, spans: list[tuple[int, int]]) -> None:
    email = contact_details.find_email(clean)
    if email:
        spans.append((email.start, email.end))
        result.email = str(email.value) if result.intent in PROFILE else None
    if result.intent not in PROFILE and "+" in clean:  # "Mrs Kariuki +254 722 111 222 paid ksh 3000": a number
        phone = contact_details.find_phone(_mask(clean, spans), ctx.region)  # with its country code is no amount
        if phone and clean[phone.start] == "+":
            spans.append((phone.start, phone.end))
    if result.intent in PROFILE:
        phone = contact_details.find_phone(_mask(clean, spans), ctx.region)
        if phone:
            result.phone = str(phone.value)
            spans.append((phone.start, phone.end))
        company = companies.find_company(_mask(clean, spans))
        if company:  # before the city: "Lena Fischer, Bäckerei Fischer" is where she works, not where she lives
            result.company = str(company.value)
            spans.append((company.start, company.end))
        birthday = contacts.find_birthday(clean, ctx)
        if birthday:
            result.birthday = str(birthday.value)
            spans.append((birthday.start, birthday.end))
        city = contacts.find_city(_mask(clean, spans))
        if city:  # masked, so that "new customer anna schmidt from Munich" is not about Munich
            result.city = str(city.value)
            spans.append((city.start, city.end))


# A date after these words in the same clause is when something is still to come ("paid 45, pickup tmrw", "she'll
# collect saturday", "delivering to Hove on monday"), not when it happened. Searched in that clause only
# (_errand_before), where an errand word anywhere will do and a move counts from its first word: tried from every
# errand word of a long clause and read to its end each time, the rule was quadratic.
_ERRAND_BEFORE = re.compile(r"\b(?:ready|ships|shipping)\s+(?:is\s+|on\s+|by\s+)*$"
                            r"|(?:\b(?:pick(?:s|ing)? (?:it |them )?up|pickup|collect(?:ion|ing|s)?|deliver(?:y|ing|s)?|due|freight|courier|"
                            r"booked for|arriving|coming|balance|rest|remainder)|(?<=\s)(?-i:will)|'ll|\bgoing to|\bgonna)\b"
                            # and a date something is moved to: "moving her lesson to thursday"
                            r"|^(?>.*?(?=\b(?:mov|reschedul|push|postpon|shift|chang|swap)))\w*\b.*?\b(?:to|till|until)\s+(?:next\s+|this\s+)?$",
                            re.IGNORECASE)


# "tmrw is delivery for Erik but he paid today": a date that names an errand
# and a day of the event a sale is for: "paid $750 retainer for their Oct 10 wedding"
_ERRAND_AFTER = re.compile(r"\s*(?:is\s+)?(?:the\s+)?(?:delivery|pick ?up|pickup|collection|shipping|install\w*|wedding|party|event|shoot|"
                           r"ceremony|celebration|concert|recital|gig|show|opening|trip|anniversary)\b", re.IGNORECASE)
# A date right before these is an appointment's ("cancel his thurs appt", "confirm her sat 11am"), not the contact's.
_APPOINTMENT_AFTER = re.compile(r"^\s*(?:(?:at\s+)?\d{1,2}(?::\d\d)?\s*(?:am|pm|h)?\s*)?(?:\u27c2\s*)?"
                                r"(?:appt|appointment|booking|session|slot|class|lesson|$|[,.;!?])", re.IGNORECASE)


# Dates of errands skipped before the date of what happened: a message names a few, and each one skipped means
# reading the message for dates again.
_MAX_ERRANDS = 3


def _day(masked: str, ctx: ParseContext, future: bool) -> Found | None:
    """The first date in the message; for things that happened, skipping dates of errands still to come (up to
    _MAX_ERRANDS). dateparser, slow, is asked once: when the rules read no date, or none is left."""
    for _ in range(_MAX_ERRANDS + 1):
        found = find_day(masked, ctx, future)
        if found is None:
            found = fallback_day(masked, ctx, future)
            return found if found is None or future or not _errand(masked, found) else None
        if future or not _errand(masked, found):
            return found
        masked = _mask(masked, [(found.start, found.end)])
    return None


def _errand(masked: str, found: Found) -> bool:
    """A date of an errand still to come or of an appointment told about, unless it says it is past ("3 days ago")."""
    if re.search(r"\b(?:ago|yesterday|last|earlier)\b", masked[found.start: found.end], re.IGNORECASE):
        return False
    return _errand_before(masked, found.start) or bool(_ERRAND_AFTER.match(masked[found.end:])) or _appointment(masked, found)


def _errand_before(masked: str, start: int) -> bool:
    """An errand named in the clause before `start` (the text since the last ",", "." or ";")."""
    clause_start = max(masked.rfind(stop, 0, start) for stop in ",.;") + 1
    return bool(_ERRAND_BEFORE.search(masked[clause_start: start]))


def _appointment(masked: str, found: Found) -> bool:
    """"rang Siobhán to confirm her sat 11am": a day told about in a contact, with its hour or after "her"/"his"."""
    before = masked[: found.start]
    return bool(re.search(r"\b(?:her|his|their|your|the)\s+$", before)) and bool(_APPOINTMENT_AFTER.match(masked[found.end:]))


def _when(result: Parsed, clean: str, ctx: ParseContext, spans: list[tuple[int, int]]) -> None:
    future = result.intent == "add_followup"
    masked = _mask(clean, spans)
    soon = find_soon(masked, ctx) if future else None
    found = soon or _day(masked, ctx, future)
    clock = soon or find_time(masked, allow_bare_hour=future)
    if found:
        spans.append((found.start, found.end))
    if clock:
        spans.append((clock.start, clock.end))
    day = found.day if found else None
    if future:
        if clock and day is None:
            now_local = ctx.now.astimezone(ZoneInfo(ctx.tz))
            day = ctx.today if clock.clock and clock.clock > now_local.time() else None
            day = day or ctx.today.fromordinal(ctx.today.toordinal() + 1)
        if day is not None:
            result.due = datetime.combine(day, clock.clock, ZoneInfo(ctx.tz)) if clock and clock.clock else day
        return
    result.date = day or ctx.today
    result.time = clock.clock if clock else None
    result.future_date = result.date > ctx.today


def _order(result: Parsed, clean: str, ctx: ParseContext, spans: list[tuple[int, int]]) -> None:
    amount = find_amount(clean, spans + _other_days(clean, spans, ctx), ctx.region)
    result.currency = ctx.currency
    if amount is None:
        result.description = purchase_description(clean, [])
        return
    result.amount = amount.total
    result.currency = amount.currency or ctx.currency
    result.quantity = amount.quantity
    result.description = amount.description
    spans.extend(amount.spans)


def _other_days(clean: str, spans: list[tuple[int, int]], ctx: ParseContext) -> list[tuple[int, int]]:
    """The dates a sale's message names besides its own ("for their May 2 wedding"): their numbers are no count or price."""
    found: list[tuple[int, int]] = []
    for _ in range(_MAX_ERRANDS):
        day = find_day(_mask(clean, spans + found), ctx, future=False)
        if day is None:
            return found
        found.append((day.start, day.end))
    return found


def _details(result: Parsed, clean: str, masked: str, ctx: ParseContext) -> None:
    intent = result.intent
    if intent == "log_interaction":
        result.kind = interaction_kind(clean)
        result.summary = _rest(masked, result.customer)
    elif intent == "complete_followup":  # "called Tom back, all sorted": a call, logged even where nothing was open
        kind = interaction_kind(clean)
        result.kind = kind if kind != "note" else None
    elif intent == "add_followup":
        result.summary = _todo(masked)
        supplier = result.customer is not None and re.search(rf"\b(?:from|at) {re.escape(result.customer)}\b", clean)
        result.for_owner = (result.customer is None or bool(supplier)) and bool(OWN_TODO.search(clean))
        if result.for_owner:
            result.customer = None  # "remind me to pick up cable from Screwfix": where to get it, not whom to serve
    elif intent in PROFILE:
        if intent == "add_customer" and result.company is None:  # "Lena Fischer, Fischer & Söhne": her surname
            company = companies.find_company(masked, result.customer)
            if company:
                result.company = str(company.value)
                masked = _mask(masked, [(company.start, company.end)])
        if intent == "add_customer" and result.city is None:
            result.city = contacts.listed_city(masked, result.customer)
        result.tags = contacts.find_tags(clean, result.customer)
        if intent == "update_customer":
            result.notes = contacts.find_note(clean)
            renamed = contacts.find_new_name(clean)
            if renamed:
                result.customer, result.new_name = renamed
    elif intent == "add_feedback":
        result.comment = _comment(masked, result.customer) if result.score is not None else (
            _rest(masked, result.customer) or _words_said(masked))
        if result.score is None:
            result.sentiment = contacts.sentiment(clean)


# "remind me to order more brake pads", "to-do: renew the van insurance": a to-do whose verb reaches no one (not
# "remind me to call her", "remind me to ask about the deposit"), in a message that points at no one
OWN_TODO = re.compile(r"^(?!.*\b(?:him|her|them|his|their|he|she|they)\b)(?:please )?(?:(?:remind me|reminder)(?:\s+\w+){0,3}?\s+to|"
                      r"(?:to-?do|note to self)\s*[:,-])\s+(?:order|buy|restock|renew|pay|book|clean|fix|service|pick up|get|file|"
                      r"do|update|print|post|check the|sort|tidy|count|prepare|bake|make|finish|submit|charge|grab|bring|take)\b", re.IGNORECASE)


_ABOUT_THE_ONE_BEFORE = re.compile(rf"^\s*(?:(?:she|he|they)\b|{SAID}\b)", re.IGNORECASE)


def verb_as_name(name: str, fact: str) -> bool:
    """Whether the name read in a fact after the first is none of a customer's, so the fact is about the customer
    before. A fact whose subject is "she" or what was said is about the one before, whatever names it holds: "...,
    she says she is very happy with Kevin's progress", "and said Biscuit loves me". And "Ring him again this day next
    week", "..., and she say the style is very fine": the first word, read as a name, is the verb where the fact
    speaks of "him", or where it is a lower-case word among the most frequent."""
    if _ABOUT_THE_ONE_BEFORE.match(fact):
        return True
    if not fact.lstrip().startswith(name) or " " in name:
        return False
    return bool(re.search(r"\b(?:him|her|them)\b", fact, re.IGNORECASE)) or (name.islower() and very_frequent(name))
