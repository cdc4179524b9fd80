"""English intent rules: what the owner wants, from the words that carry it (`bot.parsing.intent` combines them
with the learned reading).

Ordered rules, most specific first: a question before an action, "remind me to call" before "call",
"called Tom back" (a follow-up done) before "called Tom" (a call), a sale before a contact (a sale
mentioned during a call is what matters). Each rule lists its phrasings and has a confidence; a
message that only looks like an order because it holds a name and a number gets a low one, so the
dialogue asks before storing it.
"""
from __future__ import annotations

import re

from bot.parsing.en.amounts import has_written_money

# Interaction kinds, most telling first: "chat ... on the phone" is a call, "came by for a chat" a visit,
# "video call" a meeting. "spoke" and "talked" name no medium, so they make a call only when nothing else
# does: "met up with Zoë, talked about a second project" was a meeting.
_MEAL = r"\b(?:coffee|lunch|dinner|breakfast|brunch|drinks?|brew|cuppa|tea|pints?|beers?)\b"  # a meeting only with someone: "coffee time" is small talk
KIND_WORDS: list[tuple[str, list[str]]] = [
    ("note", [r"^note\b"]),  # "note on May: no calls on fridays" is a note, whatever it mentions
    ("call", [r"(?<!video )(?<!zoom )(?<!teams )(?<!\bis )(?<!\bactually )(?<!\breally )\bcall(?:ed|s)?\b(?! (?:round|in to|in on|over to|out to)\b)(?![ -]?out\b)", r"\brang\b", r"\bring\b", r"\bphoned?\b", r"\bphone call\b",
              r"\bon the phone\b", r"\bfacetimed?\b", r"\bvoice ?mail\b", r"\bskyped?\b"]),
    ("email", [r"\be-?mail(?:ed|s)?\b", r"\bmailed\b", r"\bforwarded\b", r"\bwrote (?:to|an email)\b",
               r"\bsent (?:\w+ )?(?:a |an |the |our |my )?(?:quote|offer|proposal|price list|invoice|contract|link)\b",
               r"\bmail(?:ed)? (?:to|from)\b"]),
    ("message", [r"\btext(?:ed|s)?\b", r"\bmessaged?\b", r"\bsms(?:ed)?\b", r"\bwhats-?app(?:ed|'d)?\b", r"\bwa'd\b",
                 r"\bdm(?:'d|ed)?\b", r"\bpinged\b", r"\bsent (?:a |her |him |them )?(?:the )?(?:text|message|note|photos?|pictures?|pics|gallery|link|video|voice note)\b",
                 r"\bsignal(?:led)?\b", r"\btelegram(?:med)?\b", r"\bsent (?-i:[A-Z])[\w'-]* (?:the|a|an|some|his|her|their|our|my)\b"]),
    ("visit", [r"\bvisit(?:ed)?\b", r"\bcame over\b", r"\bdropped by\b", r"\bstopped by\b", r"\bcame by\b", r"\bcame in\b", r"\bcame for (?:a |the |her |his |their )?(?:tasting|fitting|consultation|measurement|trial|viewing)s?\b", r"\bpopped in\b",
               r"\bpopped by\b", r"\bswung by\b", r"\bdropped in\b", r"\bwent to see\b", r"\bsaw\b",
               r"\b(?:popped|came|went|dropped|swung|nipped|called) round\b", r"\bhome visit\b", r"\bhouse call\b",
               r"\bwent (?:over |out |round )?to (?-i:[A-Z])[\w-]*(?: (?-i:[A-Z])[\w-]*)?'s\b",
               # "came to the atelier", "Wen Hui come studio on monday": to the place of the work
               r"\b(?:came|come|comes|went|go|goes)(?: out| over| back)? (?:to |into |in )?(?:the |my |our |his |her |their )?"
               r"(?:shop|studio|atelier|salon|office|workshop|store|stall|garage|clinic|gym|bakery|cafe|café|farm|ranch|"
               r"site|venue|flat|apartment|yard|surgery|kitchen)\b",
               r"\bdrove (?:over |out |up |down |round )?to\b", r"\bcalled (?:in to|in on|over to|out to)\b", r"\bpaid (?:\w+ )?a visit\b",
               r"\bwent (?:at|to) the (?:house|home|place|flat|shop|office) of\b",
               r"\b(?:was|went|been|stopped) (?:at|to) (?-i:[A-Z])[\w.-]*(?: (?-i:[A-Z])[\w-]*)?(?:'s)? (?:house|place|office|home|flat|shop|studio|apartment)\b", r"\b(?:popped|came|dropped|walked) into\b"]),
    ("meeting", [r"\bmet\b", r"\bmeet\b", r"\bgoogle meet\b", r"\bmeeting\b", r"\bmet up\b", _MEAL + r"[^.,;]{0,30}?\bwith\b",
                 r"\b(?:had|grabbed|over|for|at)\s+(?:a\s+)?(?:quick\s+)?" + _MEAL, r"\bzoom(?:ed)?\b", r"\bvideo ?(?:call|chat)\b",
                 r"\bteams call\b", r"\bsat down\b", r"\bcatch-?up\b", r"\bappointment\b", r"\bchat(?:ted)?\b",
                 r"\bconversation\b", r"\b(?:lesson|class|session|tutoring|rehearsal)s? with\b"]),
    ("call", [r"\bspoke\b", r"\btalked\b"]),
    ("note", [r"\bnote (?:on|about|for|re)\b", r"\bjust a note\b", r"\bnoting (?:that|this|it|down)\b",
              r"\bfor the record\b"]),
]
KINDS = [(kind, re.compile("|".join(ps), re.IGNORECASE)) for kind, ps in KIND_WORDS]
# "her birthday cake" is an order, not a birthday
_NOT_A_PARTY = r"(?!\s+(?:cake|cupcakes|party|present|gift|card|flowers|bouquet|dinner|balloons|hamper|box|order|voucher))"
_MONTH_DAY = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
# "called Bill back, no answer" was a try, not the follow-up done
_NO_ANSWER = r"\b(?:no answer|no reply|no response|didn't (?:pick up|answer)|not available|unavailable|went to voice ?mail|left a (?:voice ?mail|message))\b"
SAID = r"(?:(?:she|he|they)\s+)?(?:said|says|say|told (?:me|us))"  # what a customer said opens so: "she say ..."
_CURRENCY_AFTER = r"\d\s?(?:€|\$|£|¥)|\d\s?(?:eur|euros?|usd|dollars?|bucks|quid|pounds?|gbp|chf|yen)\b"


def _first(first: str, rest: str, lead: str = "^") -> str:
    """`first` and then `rest` ("a digit, and later 'order'"), tried at the first `first` (after `lead`) only.

    Written as `first.*later`, a search starts over at every `first` and reads on to the end each time: quadratic in
    a long message that repeats `first` without `later`. But where the first `first` has no `later` after it, no other
    has; so the rule is anchored and the skip to the first `first` is atomic, and the message is read once.
    (A normalized message is one line, so "." is any character.)"""
    return rf"{lead}(?>.*?(?={first})){first}{rest}"


def _first_in_sentence(first: str, rest: str) -> str:
    """`_first` for a rule that stays in one sentence (`rest` is "[^.]*..."): tried at the first `first` of each."""
    return rf"(?:^|(?<=\.))(?>[^.]*?(?={first})){first}{rest}"


# Where the words of a rule may run on between two cues, the run is bounded: {1,200} is a long sentence, {1,64} the
# local part of an e-mail address (its most, RFC 5321). Unbounded, the rule read on to the end of a long message
# from each of its starts. A number is read from its first digit only ((?<!\d)): where a rule fails there, it fails
# from every later digit too.
_RULES: list[tuple[str, float, list[str]]] = [
    # trying the bot out ("testing 123") is no record, even though a word and a number look like "Anna 45"
    ("unknown", 0.0, [r"^(?:just |only |this is )?(?:a )?test(?:ing)?(?:[\s,.!?]+(?:test(?:ing)?|message|msg|the bot|this|\d+))*[\s,.!?]*$",
                      r"^(?:(?:blah|bla|asdf|qwerty|lol|haha|hmm+|test(?:ing)?)\b[\s,.!?]*)+(?:\d+)?[\s,.!?]*$"]),
    # a reminder asked for is never a question, whatever it mentions ("remind me to send Kenji the info on the 15th")
    ("add_followup", 0.9, [r"^(?:please |pls |hey |kindly )?(?:remind me|set a reminder|reminder to)\b",
                           # a fact of its own after a sale: "Jonas paid 510 and wants a call next week" (`clauses`)
                           r"^(?:(?:she|he|they)\s+)?(?:wants|needs|asked for|would like|expects)\s+(?:a\s+)?(?:call|callback|call back|ring)\b",
                           # a booking after a sale: "next clean tuesday at 8", "she want again friday 10 o clock"
                           r"^(?:(?:she|he|they) )?(?:next|first) (?:one|clean|cleaning|lesson|session|appointment|visit|class|cut|service)\b"
                           r"(?=[^,.;]*\b(?:mon|tue|wed|thu|fri|sat|sun|tomorrow|\d))",
                           r"^(?:she|he|they) wants? (?:it |me |us )?again\b"]),
    ("undo", 0.95, [r"^(?:please )?(?:undo|oops|revert(?! (?:back )?to\b)|take (?:that|it) back|scratch that|cancel (?:that|the last|last)"
                    r"|remove (?:the )?last|delete (?:the )?last)\b", r"\b(?:undo|revert(?! (?:back )?to\b)|roll (?:that |it )?back)\b",
                    r"^(?:(?:no|nope|oops|wait)[,!]? )?(?:that|this|it)(?: was|'s| is) (?:wrong|a mistake|a typo|incorrect|not right)\b",
                    r"\b(?:delete|remove) (?:that|it)(?: entry| one)?[.!]*$",
                    r"^(?:scrap|bin|drop|kill|delete|remove|cancel) (?:that|this|the last(?: one| entry| thing)?|my last(?: entry)?)(?:[.!]*$|,)",
                    r"\b(?:delete|remove|undo|scrap|cancel) (?:what|whatever|the thing) i (?:just )?(?:added|entered|typed|logged|wrote|said)\b"]),
    ("help", 0.95, [r"^(?:help|/help|menu|commands)\b", r"^\?+$", r"^(?:need|i need|show(?: me)?(?: the)?) (?:help|commands)\b",
                    r"\bwhat (?:do|should|shall|can) i (?:type|write|say|send)\b", r"\bhow (?:does|do) (?:this|you|i use)\b",
                    r"\bwhat can (?:you|i) (?:do|type|say|ask)\b", r"\bhow do i\b", r"\bwhat do you do\b", r"\bhelp me\b"]),
    ("query_at_risk", 0.9, [r"\bat[- ]risk\b", r"\bchurn", r"^(?:who|which|any)\b.*\bslipping", r"\bdrifting", r"\b(?-i:lapsed)\b", r"\b(?:gone|going|gotten|getting|went) (?:quiet|silent)\b",
                            r"\bwho (?:hasn't|haven't|has not|have not|stopped|stop|didn't|did not|don't|doesn't) "
                            r"(?:ordered|order|ordering|bought|buy|buying|come|coming|been|booked|book|booking)",
                            r"^(?:who|which|any)\b.*\b(?:(?:in|for|since) (?:a )?long time|since long)\b",
                            _first(r"(?:\bnot\b|n't\b|\bnever\b)", r".*\b(?:lately|recently|(?:in|for) a while)\b", lead=r"^(?:who|which|any\w*)\b"),
                            r"\b(?:losing|(?:might|could|may|about to|going to)(?: i| we)? lose)\b", r"\bnot (?:been )?back\b",
                            r"\bwho should i (?:call|contact|reach out)(?! today)", r"\bwho needs a call\b", r"\bheard from\b",
                            r"\bstopped (?:buying|ordering|coming)\b", r"\b(?:gone|going|gotten|getting|went) cold\b", r"^(?:who|which|any)\b.*\b(?:in|for) ages\b", _first(r"\b(?:in|for) ages\b", r".*\?"),
                            _first(r"\b(?:which|who|what|any)\b", r".*\b(?:might|could|may|about to|likely to|going to|are|is) (?:(?:drop|dropping|fall|falling) (?:off|away|out)|(?:drop|leave|ditch|quit) (?:me|us))\b"),
                            r"\bhaven't (?:seen|heard)\b", r"\bin a while\b", r"\bwho'?s? (?:gone|went) missing\b",
                            r"\bwin (?:\w+ )?back\b", r"\bwho used to (?:buy|order|come)\b"]),
    ("query_segments", 0.9, [r"\bsegments?\b", r"\bsegment(?:ation)? of\b", r"\bgroups of (?:customers|clients)\b",
                             r"\bcustomer groups\b", r"\brfm\b"]),
    ("query_top", 0.9, [r"\b(?:top|best|biggest|largest|most valuable|highest[- ]value|vip) (?:\d+ )?(?:[\w-]+ )?(?:customers?|clients?|buyers?|spenders?|accounts?)\b",
                        r"\bwho (?:spends|spent|buys|bought|pays|paid|orders)(?: me| us)? (?:the )?most\b",
                        r"\b(?:bring|brings|bringing|make|makes|spend|spends) (?:in |me |us )?(?:the )?most\b", r"^top(?: \d+)?$", r"\btop \d+\b", r"\bleaderboard\b",
                        _first(r"\b(?:rank|sort|order|list)\w* (?:of )?(?:my |the |all )?(?:customers|clients|buyers)\b", r".*\bby\b"),
                        r"\b(?:customers|clients) (?:ranked|sorted|ordered) by\b", r"\b(?:customer|client) ranking\b"]),
    # "sales" asks for a total unless the message itself records money ("sales: Polaris AG 15 000 CHF", "paid for the sales audit")
    ("query_sales", 0.9, [r"^(?!.*(?:\b(?:paid|bought|ordered|sold|invoiced)\b|[€$£¥]\s?\d|\d\s?(?:€|\$|£|eur\b|euros?\b|usd\b|gbp\b|chf\b|quid\b|bucks\b)"
                          r"|\b(?!(?:19|20)\d\d\b)\d{2,}(?:[.,]\d\d)?\s*$))"  # "cash sales at the stall today 140" records them
                          r".*\b(?:sales|revenue|turnover|takings|income|earnings)\b(?!.*\b(?:from|by) [A-Z])",
                          r"\bhow much (?:money )?(?:did |do |have )?(?:i|we) (?:make|made|sell|sold|earn|earned|take|taken|invoice|invoiced|bill|billed)\b",
                          r"\bhow (?:are|were) sales\b", r"\bwhat did (?:i|we) (?:make|sell|earn|take in|bring in|take)\b",
                          r"\bhow(?:'s| is| was) business\b", r"^(?:total|takings|turnover|income)(?: so far)?(?: (?:this|last) (?:week|month|year)| today| yesterday)\b", r"^how much (?:(?:this|last) (?:week|month|year)|today|yesterday|so far)\b", r"\bmoney (?:came|comes|coming) in\b",
                          r"\bhow much (?:money |cash )?(?:came|has come|come|did (?:i|we) (?:take|bring)|have (?:i|we) (?:taken|brought)) in\b"]),
    ("query_followups", 0.9, [r"\b(?:what(?:'s| is)|anything|anyone|who(?:'s| is)|what do i have) (?:due|on (?:my|the) (?:list|agenda|plate)|to (?:do|call))\b",
                              r"\bdue today\b", r"\b(?:what|which|show|list|any) (?:are |is )?(?:my |the |open |pending )?(?:follow ?ups|reminders|tasks|to-?dos)\b",
                              r"^(?:(?:what|any|anything|anyone|who|which|show|list|my|all)\b.*)?\boverdue\b(?!\s+(?:invoice|bill|payment))", r"\bwhat (?:reminders|follow ?ups|tasks|to-?dos)\b",
                              r"\b(?:reminders|follow ?ups|tasks|to-?dos) (?:have i|do i have|are (?:there|open|due|left))\b", r"\bcoming up\b", r"\bupcoming\b",
                              r"^(?:my |open |pending |all |any )?(?:follow ?ups|reminders|to-?dos?|tasks)(?: (?:for |due |on )?(?:today|tomorrow|this week|next week|due|list))?\??$",
                              r"^(?:my )?(?:agenda|schedule)(?: for (?:today|tomorrow|this week))?\s*\??$", r"^(?:today|what's on)(?:\s+(?:then|please|for me))?\s*[?!.]*$|^what's on\b", r"\bwho (?:do|should) i (?:need to )?(?:call|contact|follow up with) today\b",
                              r"\bwhat'?s (?:on )?(?:for )?today\b", r"\bshow (?:my )?(?:follow ?ups|reminders)\b",
                              r"\bwho should i (?:call|contact) today\b", r"\bwho do i owe\b", r"\bwho(?:'s| is) waiting (?:on|for) me\b",
                              r"\b(?:what|anything) (?:do )?i (?:have|need|got) to do\b",
                              r"\bwho (?:(?:do|should|must|am) )?i (?:need to |have to |supposed to |meant to |due to |must |should )?"
                              r"(?:call|ring|phone|visit|write to|contact|see|get back to|follow up with|reply to|answer|ping|text|email|chase|reach out to)\b"]),
    ("query_customer", 0.9, [_first(r"\bhow much (?:money )?(?!(?:did |do |have )?(?:i|we)\b)(?:has |did )?(?-i:[A-Z])", r".*\b(?:spent|paid|spend|bought|ordered)\b"),
                             _first(r"\bhow(?:'s| is| are| was) (?!this|that|it\b|sales|business|revenue)", r".+? (?:doing|going|getting on)\b"),
                             r"^how(?:'s| is| are) [A-Z][\w'-]*(?: [A-Z][\w'-]*)*\??$",
                             r"\btell me (?:\w+ )?about\b", r"\b(?:info|information|details|history|profile|summary|stats) (?:on|for|about|of)\b",
                             r"'s (?:history|orders|summary|profile|stats|details|total|spend|spending|purchases)\b",
                             r"\b(?:lifetime value|clv|ltv)\b", r"\bwhat do (?:i|we) know about\b",
                             r"\bshow me\b(?! (?:the |my )?(?:top|best|sales|revenue|at))", r"^show [A-Z]", r"\bwho is [A-Z]",
                             r"\blook ?up\b", r"^(?:about|check) [A-Z]\w*\??$", _first(r"\bhow much (?:money )?(?:has|did) ", r".+ (?:spent|spend|bought|buy|ordered|paid)\b"),
                             _first(r"\bwhat (?:has|did|does) ", r".+ (?:buy|bought|order|ordered|usually)\b"), r"\b(?:pull|bring) up\b",
                             _first(r"\bwhat(?:'s| has| did| does) (?!i\b|we\b|you\b)", r".+ (?:spent|spend|paid|pay|bought|ordered)\b"),
                             r"^[A-Z][\w'&. -]* (?:summary|details|history|profile|stats)(?: please)?\??$", r"^last order (?:from|of|by) ",
                             r"\b(?:history|story|status|relationship) (?:with|on)\b", r"\bwhere (?:are|am) (?:we|i)(?: at)? with\b",
                             r"\bwhat(?:'s| is) the (?:story|deal|latest|news|status|situation) (?:with|on)\b",
                             r"\bwhat(?:'s| is) (?:new|up|happening|going on) with (?-i:[A-Z])",  # "... with the printer" is no customer
                             r"\bwhen did (?:i|we|(?-i:[A-ZÀ-ÖØ-Þ])[\w'-]*(?: (?-i:[A-Z])[\w'-]*)*) last\b", r"\b(?:the )?last time (?:i|we) (?:talk|spoke|heard|saw|call|met|contact)"]),
    ("log_interaction", 0.9, [r"^(?:(?:a |an )?(?:missed )?(?:phone )?call|(?:a )?text|(?:an )?e-?mail|(?:a )?message|(?:a )?voice ?mail) from (?-i:[A-ZÀ-Ý])"]),  # "call from Mrs Patel"
    # "go round tomorrow at 9": a visit still to make, with its day
    ("add_followup", 0.9, [r"^(?:go|pop|head|swing|drop) (?:round|over|by|in)\b(?=.*\b(?:tomorrow|today|tonight|next|on \w+day|mon|tue|wed|thu|fri|sat|sun)\w*\b)"]),
    ("log_interaction", 0.85, [_first(r"\b(?:called|rang|phoned|tried)\b", ".*" + _NO_ANSWER, lead=r"^(?!.*\bremind)"),
                               r"^(?:(?:quick|small|short|little|side) )?note\b(?!.*(?:[€$£]|\d[.,]\d\d|\b(?:eur|euros?|usd|gbp)\b))",  # "note on May: she pay always late"
                               # "called Sunny back re rescheduling": a call about something (the dialogue still closes her follow-up)
                               r"^(?:called|rang|phoned) [\w'&.-]+(?: [\w'&.-]+){0,3} back (?:re|about|regarding|to (?:discuss|talk|sort|confirm))\b",
                               # "replied to Noor's email": an answer, not her address
                               r"^(?:i )?(?:replied|responded|answered|wrote back)\b(?!.*\d)"]),
    ("complete_followup", 0.9, [r"\b(?:reminder|follow ?up|task|to-?do)(?: (?:for|with|of) [\w'&. -]{1,200})?(?:'s|\s*[-:,]|\s+is)?\s*"
                                r"(?:(?:done|complete|completed|finished|sorted|handled)\b|✅|✔|✓|☑)",
                                r"\b(?:tick|cross|check)(?:ed)? (?:[\w'&.-]+ ){0,4}off\b", r"^(?:done|finished|completed)\b(?!.*\b(?:bought|paid|ordered)\b)",
                                _first(r"\b(?:done|finished|completed) (?:with|the) ", r".*(?:follow ?up|reminder)\b"),
                                _first(r"\b(?:mark|tick|check)(?:ed)? ", r"(?:off )?.+(?:as )?(?:done|complete)\b"),
                                r"\b(?:called|rang|phoned|texted|emailed|messaged|got) (?!me\b|us\b)[\w'&.-]+(?: [\w'&.-]+){0,3} back\b", r"\bgot back to\b",
                                r"\bfollowed up (?:with|on)\b", r"\b(?:done|finished|completed) (?:with )?[A-Z]\w*(?:'s)? (?:follow ?up|reminder)",
                                r"\b(?:clear|close|dismiss|resolve|remove|delete|complete|finish) (?:that |the |this |my |[\w'-]+'s )?(?:follow ?up|reminder|task)\b"]),
    # a follow-up session sold is an order: "Elif Kaya 175 eur coaching follow-up session"
    ("log_order", 0.9, [r"^(?=.*\d)(?!.*\bremind).*\bfollow ?up (?:session|consultation|treatment|lesson|class|appointment|visit)\b"]),
    # "she wants the brakes checked in 3 weeks": what a customer wants done by a day to come is a follow-up
    ("add_followup", 0.9, [r"^(?:(?:she|he|they)\s+)?(?:wants?|needs?|would like)\b(?!.*\d\s*(?:€|eur|euros?)\b)"
                           r".*\b(?:in (?:a|an|\d+|one|two|three|four|a few) (?:days?|weeks?|months?)"
                           r"|next (?:week|month|mon|tue|wed|thu|fri|sat|sun)\w*|tomorrow|on (?:mon|tue|wed|thu|fri|sat|sun)\w*)\b"]),
    ("add_followup", 0.9, [r"^(?:to-?do|note to self)\b\s*[:,-]",
                           r"^(?:ask|request)\b(?=.*\b(?:in (?:a|an|\d+|one|two|three) (?:days?|weeks?|months?)|tomorrow|next (?:week|\w+day)|on \w+day)\b)", r"\bremind(?: me)?\b", r"\breminder\b", r"\bfollow ?up\b", r"\bcheck (?:in|back|up) (?:on|with)\b",
                           r"\bcheck with\b",  # a to-do that starts with when: "in 10 days ask Praxis Weiß for feedback"
                           r"^(?:in (?:\d+|a|an|one|two|three) (?:days?|weeks?|months?)|tomorrow|next (?:week|month|\w+day)|(?:on )?\w+day)\b"
                           r"(?:\s+(?:at\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|h)?)?[ ,:-]*(?:please )?"
                           r"(?:ask|call|text|email|check|remind|send|visit|ping|contact|ring|phone|chase|follow|pick up|drop off|deliver|collect|bring)\b",
                           r"\bcheck on\b", r"\bcheck back\b", r"\bping\b(?!ed)", r"\bnudge\b", r"\bdon't forget\b", r"\b(?:don't|do not) let me forget\b",
                           r"\brevert (?:back )?to (?:him|her|them|(?-i:[A-Z]))",  # "revert to him by monday": reply (Indian English)
                           r"\bneed to (?:call|text|email|ping|contact|see|visit|send|chase|follow)\b",
                           r"\b(?:need|have|has|got|gotta|must|should) to (?:call|text|email|ping|contact|see|visit|send|chase|follow|ring|phone|"
                           r"message|whatsapp|meet|confirm|ask|book|remind|invoice|quote|check|get back|reach out|drop off|deliver|"
                           r"collect|order|pick up|arrange|schedule|thank)\b",
                           r"\bmust (?:call|text|email|contact)\b",
                           r"\bschedule (?:a )?(?:call|meeting)\b", r"(?-i:\b(?:chase|CHASE)\b|\bChase\b(?! [A-Z]))",  # not "Chase Wood paid 180"
                           r"^(?:call|text|email|message|contact|visit|see|ring|phone|whatsapp|dm|write to|drop by|stop by|send) (?!you\b|u\b|ya\b|with\b|from\b|message\b|mail\b|call\b)(?!.*\b(?:ago|just now)\b)"
                           r"[\w'& .-]+ (?:on|next|tomorrow|in|at|this|end|by|today|tonight|later|asap|first thing|sat|sun|"
                           r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d+)\b", r"^(?:please )?(?:get back to|reach out to)\b"]),
    ("add_customer", 0.95, [r"\b(?:new|add(?:ed)?|create|save) (?:a )?(?:new )?(?:[\w-]+ )?(?:customer|client|contact|buyer|lead)\b",
                            r"^(?:please |pls )?(?:new|add)\s*:?\s*(?-i:[A-ZÀ-ÖØ-Þ])[\w'.-]*(?: (?-i:[A-ZÀ-ÖØ-Þ])[\w'.-]*)*\s*[,/-]?\s*"
                            r"(?:(?:phone|mobile|email|e-mail)\s*:?\s*)?(?:\+|\d|[\w.-]{1,64}@)",
                            r"\bnew (?:[\w-]+ )?(?:customer|client|regular|member|patient|student|collector|buyer|guest|subscriber|couple|family|parent|pupil|tenant|household)s?\b", r"\bsigned up a new\b", r"\bis a new (?:customer|client)\b",
                            r"^add\s+.+?\s+as (?:a |an )?(?:new )?(?:customer|client|contact|regular)\b",
                            r"^(?:please |pls )?add\s+(?-i:[A-ZÀ-ÖØ-Þ])[\w'.-]*(?:\s+(?:&\s+)?(?-i:[A-ZÀ-ÖØ-Þ])[\w'.-]*)*"
                            r"(?:\s+(?:from|in)\s+(?-i:[A-ZÀ-ÖØ-Þ])[\w'.-]*)?\s*(?:,|\(|-\s)"]),
    # "dinner for Sunny's birthday, 12 ppl 48 per head": an occasion sold, not her birthday
    ("log_order", 0.9, [_first(r"\bfor (?:\w+ )?[\w-]+'s (?:birthday|bday|wedding|party|anniversary|hen|stag)\b", r".*\d")]),
    ("update_customer", 0.9, [r"^(?:please )?(?:rename|change the name of)\b", r"'s (?:full |first |real |last |sur|correct )?name is (?-i:[A-ZÀ-Ý])",
                              r"^\S+(?: \S+){0,3} is (?:actually |really )?called (?-i:[A-ZÀ-Ý])",
                              r"\bnew (?:phone|number|mobile|cell|#|no\.?|e-?mail|email address|address)(?!\w)(?!.*\b(?:customer|client)\b)",
                              r"'s (?:(?:birthday|bday|b-day)" + _NOT_A_PARTY + r"|email|e-mail|phone|number|mobile|cell|address|city|notes?)\b",
                              r"\bbirthday (?:is|on|was|=|:)", r"\bbirthday\s+(?:the\s+)?(?:\d|" + _MONTH_DAY + ")",
                              r"\b(?:e-?mail|phone|number|mobile|cell|address|city)\s+(?:is\s+)?(?:now|changed|updated)\b",
                              r"\b(?:is|are) now\s+(?:[\w.+-]{1,64}@|\+?\d)",
                              r"\b(?:e-?mail|phone|number|mobile|cell)(?:\s+(?:id|address|no\.?))?\s+(?:is|:|=)\s*(?:[\w.+-]{1,64}@|\+?\d)", r"\bbirthday (?:of|for)\b", r"\bborn\b", r"\btag(?:ged)? \w", r"\btags?:",
                              r"\b(?:add(?:ed)?|put) (?:the )?(?:tags?|labels?)\b", r"(?<!appt )(?<!appointment )(?<!booking )(?<!is )\bmoved to (?!\d)(?!(?:next|another|tomorrow|today|\w+day)\b)", r"\b(?:is after moving|moved|moving) (?:out |over )?to (?-i:[A-ZÀ-Ý])",
                              r"\b(?:lives|live|living)(?: now)? in\b", r"\bmoved in (?-i:[A-ZÀ-Ý])", r"^(?:[\w'-]+\s+){1,3}(?:works|is working|now works) (?:at|for)\s+(?-i:[A-ZÀ-Ý0-9])",
                              r"'s (?:company|firm|employer|business) is\b", r"\b(?:company|employer)\s*:\s*\S",
                              r"\bis (?:now )?(?:based|living) in\b",
                              r"\b(?:new|updated?|changed?|switched) (?:(?:his|her|their|the) )?(?:phone|number|email|e-mail|mobile|address|city)\b",
                              r"\bupdate (?-i:[A-ZÀ-ÖØ-Þ])", r"\b(?:phone|mobile|cell|number|e-?mail)\s*(?::|=|is)?\s*(?:\+\d|0\d|[\w.+-]{1,64}@)", r"\b(?:email|e-mail|phone|number|mobile) (?:for|of) [A-Z][\w.'& -]{0,200}? is\b",
                              _first(r"\b(?:change|update|set)\b", r".*\b(?:phone|number|email|e-mail|mobile|address|city)\s+(?:to|is|:)"),
                              r"\b(?:change|update|set)\s+(?:the\s+)?(?:phone|number|email|e-mail|mobile|address|city|birthday)\s+(?:for|of)\b",
                              r"\bis (?:now )?in (?-i:[A-Z])[\w-]+(?: now)?(?:[.!]*$|,)",
                              r"\bis (?:a )?(?:vip|wholesale|regular)\b",
                              # headed "note:", a preference is a note the owner takes (an interaction)
                              r"^(?!note\b).*\b(?:prefers|is allergic|allergic to|is (?:vegan|vegetarian|gluten-free))\b"]),
    # "review" is feedback only as one given: "left us a review", "a 5-star review"; "strategy review" is a service sold
    # what a customer said of the work, as a fact of its own after a sale: "..., and she say the style is very fine"
    ("add_feedback", 0.85, [rf"^{SAID}\b(?=.*\b(?:good|great|fine|best|love[sd]?|lovely|"
                            r"happy|amazing|excellent|perfect|beautiful|brilliant|fantastic|wonderful|bad|terrible|awful|unhappy|"
                            r"poor|worst|disappointed|rubbish)\b)",
                            r"^(?:(?:she|he|they)\s+)?rated?\s+(?:me|us|it)\b"]),
    ("add_feedback", 0.9, [r"\breviewed (?:us|me|it|the)\b|\b(?:left|wrote|posted|gave)(?: us| me)? (?:a|an|her|his|their) (?:[\w-]+ )?review\b",
                           r"\b(?:good|great|bad|nice|lovely|glowing|negative|positive|\d[- ]?star|google|yelp|five[- ]star) review\b",
                           r"\brates (?:us|me|it|the \w+|\d)", r"\b(?:rated|rating|nps|csat|complain(?:ed|s|t)?|unhappy|disappointed|loved|praised"
                           r"|thanked us|feedback)\b", r"^[\w' .-]+:\s*['\"].+['\"]",  # "Dusty: 'best stall in Leipzig'"
                           r"\bthank[- ]you (?:card|note|message|email|text|gift)\b", r"\bgave (?:us )?(?:a |an )?(?:\d+|ten|nine|eight|seven|six|five|four|three|two|one|zero)"
                           r"(?:/| out of| stars?|\b(?! ?(?:€|\$|£|eur|euros?|for)))",
                           r"\bgave us an? (?:10|[0-9])\b(?! ?(?:€|\$|£|eur|euros?|quid|bucks))",  # "a 10 for the course"
                           r"\b(?:\d|one|two|three|four|five) ?stars?\b",
                           r"(?<!\bon )(?<!\bfrom )(?<!\buntil )(?<!\bby )(?<![\d./])(?:10|\d(?:[.,]5)?) ?/ ?(?:10|5)\b(?!/)", r"(?<!\d)\d+ (?:out of|of|from) (?:10|5|ten|five)\b", r"\bloves (?:the|our|it)\b",
                           r"\b(?:was|is|were|are)(?:n't| not)?\s+(?:\w+\s+)?(?:happy|unhappy|thrilled|pleased|delighted|upset|annoyed|disappointed)\b",
                           r"\b(?:unhappy|raved|raves)\b",
                           r"\b(?:very|so|super|really|not|totally) (?:happy|unhappy|pleased|satisfied|disappointed|upset|angry)\b", r"\b(?:would|will|'d|likely to|definitely)\s+(?:\w+\s+)?recommend\b",
                           r"\brecommend(?:s|ed)? us\b", r"\bscored (?:us|me|it|the)\b", r"\bscore (?:of )?\d",
                           _first(r"\b(?:said|says|thought|found|told (?:us|me))\b", r".*\b(?:amazing|excellent|fantastic|perfect|delicious|great"
                           r"|awesome|brilliant|wonderful|lovely|beautiful|best|stale|bad|terrible|awful|late|cold|disappointing|too \w+"
                           r"|stunning|gorgeous|great|horrible|ugly|broke|broken|damaged|faded|leaked|ripped|fell apart)\b"), _first(r"\bthinks?\b", r".*\b(?:look|looks|is|are)\s+(?:\w+\s+)?(?:awful|great|amazing|"
                           r"terrible|ugly|stunning|perfect|bad)\b")]),
    ("log_order", 0.9, [r"\b(?:bought|buys|purchased|ordered|(?<!will be )(?<!to be )(?<!should be )(?<!gonna be )paid(?! (?:\w+ )?a visit\b)|pays|sold|took|"
                        r"picked up|grabbed|spent|sale)\b",
                        r"\bgot (?:a|an|\d)\b(?! (?:message|text|call|email|e-mail|voice ?mail|note|whatsapp|dm|reply|review)\b)",
                        _first_in_sentence(r"\bdeposit\b", r"[^.]*\d"), _first_in_sentence(r"\d", r"[^.]*\bdeposit\b"),
                        _first_in_sentence(r"\b(?:booked|renewed|signed up)\b", r"[^.]*\d"),
                        _first(r"\b(?:balance|deposit|payment|money|transfer)\b", r".*\b(?:came in|arrived|cleared|landed)\b"),
                        _first_in_sentence(r"\b(?:gave me|transferred|wired|e-?transferred)\b", r"[^.]*\d"), r"\d\s*each\b", _first_in_sentence(r"\b(?:pay|buy)\b", r"[^.]*\d"),
                        r"@\s*\d",
                        # "got 55 quid off Dave": the first number after the verb is the one to try
                        _first_in_sentence(r"\b(?:received|got|collected|taken|took|had)\b", r"[^.\d]*\d[^.]*?\b(?:from|off)\b"),
                        r"\b\d+ ?[x×] ?\d",
                        r"[€$£¥]\s?\d", _CURRENCY_AFTER]),
    # a service done for a price is a sale: "fixed his gears for 25", "cut and colour for 85"
    ("log_order", 0.85, [r"\b(?:fixed|repaired|serviced|replaced|installed|cleaned|trimmed|groomed|tuned|fitted|painted|"
                         r"stitched|altered|delivered|did|done)\b[^.]{0,60}?\bfor\s+(?:[€$£]\s?)?\d"]),
    ("log_interaction", 0.85, [p for _, ps in KIND_WORDS for p in ps]),
    # "mark Helga as vip" tags a customer; late, because "Mark came by as usual" is a visit, and a capitalized
    # "Mark" must be followed by a name: "Mark wants the same as before" is about Mark
    ("update_customer", 0.8, [r"^(?:mark|flag)\s+.+\s+(?:vip|wholesale|regular|trade)$", _first(r"\b(?:(?-i:mark|flag|label)|(?-i:Mark|Flag|Label)(?=\s+(?-i:[A-Z])))\s+", r".+?\s+as\s+(?:an?\s+)?\w")]),
    ("log_order", 0.85, [_first(r"\b(?:order|payment|invoice)\b", r".*\d"), _first(r"\d", r".*\b(?:order|payment|invoice)\b")]),
    ("log_order", 0.7, [_first(r"\bfrom \w", r".*\d"), _first(r"\d", r".*\bfrom \w")]),
]
RULES = [(intent, conf, re.compile("|".join(ps), re.IGNORECASE)) for intent, conf, ps in _RULES]
_HAS_NUMBER = re.compile(r"(?<![A-Za-z])\d")
_CLOCK = re.compile(r"\b(?:at|by|around|until|till) \d{1,2}(?::\d\d)?\b|\b\d{1,2}(?::\d\d)? ?[ap]m\b|\b\d{1,2}:\d\d\b", re.IGNORECASE)


def classify(text: str) -> tuple[str, float]:
    """(intent, confidence) for a normalized message."""
    for intent, confidence, pattern in RULES:
        if pattern.search(text):
            return intent, confidence
    if _HAS_NUMBER.search(_CLOCK.sub(" ", text)) and re.search(r"[A-Za-z]{2,}", text):
        if has_written_money(text):
            return "log_order", 0.85  # "walked Rocky for Mr Okafor today 30 CAD": money said in so many words
        return "log_order", 0.45  # "Anna 45": probably a sale, but ask first; "dentist at 4" is a time, not a price
    return "unknown", 0.0


def interaction_kind(text: str) -> str:
    for kind, pattern in KINDS:
        if pattern.search(text):
            return kind
    return "note"
