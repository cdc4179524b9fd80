"""The parse pipeline: the owner's language package normalizes the message, sees a correction, cuts it into
facts and reads each; a fact that names no one is about the customer of the fact before it."""
from __future__ import annotations

from dataclasses import replace

from bot.parsing.clauses import facts
from bot.parsing.languages import language
from bot.parsing.model import MAX_MESSAGE_CHARS, ParseContext, Parsed


def parse(text: str, ctx: ParseContext) -> Parsed:
    """What the owner's message says, read in the owner's context and language.

    A message longer than MAX_MESSAGE_CHARS is not read: it comes back at once as intent "unknown" with confidence 0,
    like one that says nothing the rules know (the dialogue checks the length first, to say why)."""
    if len(text) > MAX_MESSAGE_CHARS:
        return Parsed(intent="unknown", confidence=0.0)
    lang = language(ctx.language)
    clean = lang.normalize(text)  # once: the correction, the cuts and each fact read the same normalized words
    correction = lang.find_correction(clean, ctx)
    if correction is not None:
        return correction
    pieces_of = facts(clean, lang.code)
    found = [lang.read_fact(fact, ctx) for fact in pieces_of]
    for before, record, text_of in zip(found, found[1:], pieces_of[1:], strict=False):
        if record.for_owner:
            continue  # "Tom paid 40, remind me to order more pads": the owner's own to-do, not Tom's
        if not record.customer or lang.names_no_one(record.customer, text_of) or _first_name_of(record.customer, before.customer) \
                or _lower_after_capitals(record.customer, before, text_of.lstrip(), ctx):
            record.customer = before.customer  # "..., call him next tuesday", "Ring him again", "cathal page ..., cathal's
            # new mobile": the same customer
    if len(found) == 1:
        return found[0]
    return replace(found[0], records=found)


def _lower_after_capitals(name: str, before: Parsed, fact: str, ctx: ParseContext) -> bool:
    """"met Ivy Stone ..., follow up 3/19 w mood board": where the message wrote a name with capitals, a lower-case
    "name" inside a later fact is none, unless it is one of the owner's customers ("..., and anna paid 30" opens
    with hers)."""
    if not (name.islower() and before.customer and before.customer[:1].isupper()):
        return False
    opens_own_sale = language(ctx.language).clause_words.bare_sale.match(fact, len(name))
    if fact.casefold().startswith(name.casefold()) and (before.intent != "add_customer" or opens_own_sale):
        return False  # "Tom paid 40, and anna paid 30"; but "new customer Lisa Ward ..., outdoor socket, 120" is Lisa's
    return name.casefold() not in {c.casefold() for c in ctx.customers}


def _first_name_of(name: str, full: str | None) -> bool:
    """"cathal" of "cathal page": a later fact of the message calls the customer of the fact before by first name."""
    words = (full or "").split()
    return len(words) > 1 and name.casefold() == words[0].casefold()
