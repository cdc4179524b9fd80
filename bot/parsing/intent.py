"""Step 2: what the owner wants, from the words that carry it.

Ordered rules, most specific first: a question word before an action verb, "remind me to call" before
"call", "called Tom back" (a follow-up done) before "called Tom" (a call). Each rule has a confidence;
a message that only looks like an order because it holds a name and a number gets a low one, so the
dialogue asks before storing it.
"""
from __future__ import annotations

import re

KIND_WORDS: list[tuple[str, str]] = [
    ("meeting", r"\b(?:met|meet|meeting|met up|coffee|lunch|dinner|breakfast|zoom|video ?call|teams call|sat down|catch-?up|appointment)\b"),
    ("call", r"\b(?:call(?:ed|s)?|rang|ring|phoned?|phone call|spoke|talked|on the phone|facetimed?|voice ?mail)\b"),
    ("email", r"\b(?:e-?mail(?:ed|s)?|mailed|sent (?:an |the )?e-?mail|wrote (?:to|an email)|an e-?mail)\b"),
    ("message", r"\b(?:text(?:ed|s)?|messaged?|sms(?:ed)?|whats-?app(?:ed|'d)?|wa'd|dm(?:'d|ed)?|pinged|sent (?:a |her |him |them )?(?:text|message|note)|signal(?:led)?|telegram(?:med)?)\b"),
    ("visit", r"\b(?:visit(?:ed)?|dropped by|stopped by|came by|came in|popped in|popped by|swung by|dropped in|went to see|saw)\b"),
    ("note", r"^note\b|\bnote (?:on|about|for|re)\b|\bjust a note\b"),
]
KINDS = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in KIND_WORDS]

_RULES: list[tuple[str, float, str]] = [
    ("undo", 0.95, r"^(?:please )?(?:undo|oops|revert|take (?:that|it) back|scratch that|cancel (?:that|the last|last)|remove (?:the )?last|delete (?:the )?last)\b|\bundo\b"),
    ("help", 0.95, r"^(?:help|\?|/help|menu|commands)\b|\bhow (?:does|do) (?:this|you|i use)\b|\bwhat can (?:you|i) (?:do|type|say|ask)\b|\bhow do i\b|\bwhat do you do\b|\bhelp me\b"),
    ("query_at_risk", 0.9, r"\bat[- ]risk\b|\bchurn|\bslipping|\bdrifting|\blapsed\b|\bgone quiet\b|\bwho (?:hasn't|haven't|has not|have not|stopped|didn't) (?:ordered|bought|come|been)|\b(?:losing|might lose|about to lose)\b|\bnot (?:been )?back\b|\bwho should i (?:call|contact|reach out)|\bheard from\b|\bhaven't (?:seen|heard)\b|\bin a while\b|\bwho'?s? (?:gone|went) missing\b"),
    ("query_top", 0.9, r"\b(?:top|best|biggest|largest|most valuable|highest[- ]value|vip) (?:\d+ )?(?:customers|clients|buyers|spenders)\b|\bwho (?:spends|spent|buys|bought) the most\b|^top(?: \d+)?$|\btop customers\b|\bbest customers\b|\bleaderboard\b"),
    ("query_sales", 0.9, r"\b(?:sales|revenue|turnover|takings|income|earnings)\b(?!.*\b(?:from|by) [A-Z])|\bhow much (?:did|have) (?:i|we) (?:make|made|sell|sold|earn|earned|take|taken)\b|\bhow (?:are|were) sales\b|\bwhat did (?:i|we) (?:make|sell|earn)\b"),
    ("query_followups", 0.9, r"\b(?:what(?:'s| is)|anything|anyone|who(?:'s| is)|what do i have) (?:due|on (?:my|the) (?:list|agenda|plate)|to (?:do|call))\b|\bdue today\b|\b(?:my |open |pending |upcoming )?(?:follow ?ups|reminders|to-?dos?|tasks)\b\??$|^(?:agenda|today|schedule|what's on)\b|\bwho (?:do|should) i (?:need to )?(?:call|contact|follow up with) today\b|\bwhat'?s (?:on )?(?:for )?today\b|\bshow (?:my )?(?:follow ?ups|reminders)\b"),
    ("query_customer", 0.9, r"\bhow(?:'s| is| are| was) (?!this|that|it\b|sales|business|revenue).+? (?:doing|going|getting on)\b|\btell me about\b|\b(?:info|information|details|history|profile|summary|stats) (?:on|for|about|of)\b|\b(?:lifetime value|clv|ltv)\b|\bwhat do (?:i|we) know about\b|\bshow me\b(?! (?:the |my )?(?:top|best|sales|revenue|at))|\bwho is [A-Z]|\blook ?up\b|^(?:about|check) [A-Z]\w*\??$|\bhow much (?:has|did) .+ (?:spent|spend|bought|buy|ordered|paid)\b|\bwhat (?:has|did|does) .+ (?:buy|bought|order|ordered|usually)\b"),
    ("complete_followup", 0.9, r"\b(?:reminder|follow ?up|task|to-?do)(?: for [\w' ]+)? (?:is )?(?:done|complete|completed|finished|sorted|handled)\b|\b(?:done|finished|completed) (?:with|the) .*(?:follow ?up|reminder)\b|\b(?:mark|tick|check) (?:off )?.+(?:as )?(?:done|complete)\b|\b(?:called|rang|phoned|texted|emailed|messaged|got) .+ back\b|\bfollowed up (?:with|on)\b|\b(?:done|finished|completed) (?:with )?[A-Z]\w*(?:'s)? (?:follow ?up|reminder)|\bclose (?:the )?(?:follow ?up|reminder)\b"),
    ("add_followup", 0.9, r"\bremind(?: me)?\b|\breminder\b|\bfollow ?up\b|\bcheck (?:in|back|up) (?:on|with)\b|\bcheck on\b|\bcheck back\b|\bping\b(?!ed)|\bdon't forget\b|\bneed to (?:call|text|email|ping|contact|see|visit|send|chase|follow)\b|\bhave to (?:call|text|email|contact|send)\b|\bmust (?:call|text|email|contact)\b|\bschedule (?:a )?(?:call|meeting)\b|\bchase\b|^(?:call|text|email|message|contact|visit|see|ring) [\w'& .-]+ (?:on|next|tomorrow|in|at|this|end|by)\b"),
    ("add_customer", 0.95, r"\b(?:new|add(?:ed)?|create|save) (?:a )?(?:new )?(?:customer|client|contact|buyer|lead)\b|^(?:new|add) [A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*,? (?:\+|\d|[\w.-]+@)|\bnew (?:customer|client)\b|\bis a new (?:customer|client)\b"),
    ("update_customer", 0.9, r"'s (?:birthday|bday|b-day|email|e-mail|phone|number|mobile|cell|address|city|notes?)\b|\bbirthday (?:is|on|was|=|:)|\bborn\b|\btag(?:ged)? \w|\btags?:|\b(?:add(?:ed)?|put) (?:the )?(?:tag|label)\b|\bmoved to\b|\blives in\b|\bis (?:now )?(?:based|living) in\b|\b(?:new|updated?|change(?:d)?) (?:phone|number|email|address|city)\b|\bupdate [A-Z]|\bnote (?:on|for) |\b(?:email|e-mail|phone|number|mobile) (?:for|of) [A-Z]\w* is\b|\bis (?:a )?(?:vip|wholesale|regular)\b"),
    ("add_feedback", 0.9, r"\b(?:rated|rates|rating|gave (?:us )?(?:a )?\d+|gave (?:us )?(?:a |an )?(?:\d+|ten|nine|eight|seven|six|five|four|three|two|one|zero)(?:/| out of| stars?)|\d+ ?stars?\b|\d+ ?/ ?(?:10|5)\b|\d+ out of (?:10|5|ten|five)|nps|csat|review(?:ed)?|complain(?:ed|s|t)?|unhappy|disappointed|loved|loves (?:the|our|it)|praised|was (?:happy|unhappy|thrilled|upset|annoyed)|thanked us|feedback)\b"
     r"|\b(?:said|says|thought|found|told (?:us|me))\b.*\b(?:amazing|excellent|fantastic|perfect|delicious|great|awesome|"
     r"brilliant|wonderful|lovely|beautiful|best|stale|bad|terrible|awful|late|cold|disappointing|too \w+)\b"),
    ("log_order", 0.9, r"\b(?:bought|buys|purchased|ordered|paid|pays|sold|took|picked up|grabbed|spent|got (?:a|an|\d)|sale|deposit)\b|\d\s*each\b|@\s*\d|\b(?:received|got|collected)\b[^.]*?\d[^.]*?\bfrom\b|[€$£¥]\s?\d|\d\s?(?:€|eur|euros?|usd|dollars?|bucks|quid|pounds?|gbp|chf|yen)\b"),
    ("log_interaction", 0.85, "|".join(p for _, p in KIND_WORDS)),
    ("log_order", 0.85, r"\b(?:order|payment|invoice)\b.*\d|\d.*\b(?:order|payment|invoice)\b"),
    ("log_order", 0.7, r"\bfrom \w+.*\d|\d.*\bfrom \w+"),
]
RULES = [(intent, conf, re.compile(p, re.IGNORECASE)) for intent, conf, p in _RULES]
_HAS_NUMBER = re.compile(r"\d")


def classify(text: str) -> tuple[str, float]:
    """(intent, confidence) for a normalized message."""
    for intent, confidence, pattern in RULES:
        if pattern.search(text):
            return intent, confidence
    if _HAS_NUMBER.search(text) and re.search(r"[A-Za-z]{2,}", text):
        return "log_order", 0.45  # "Anna 45": probably a sale, but ask first
    return "unknown", 0.0


def interaction_kind(text: str) -> str:
    for kind, pattern in KINDS:
        if pattern.search(text):
            return kind
    return "note"
