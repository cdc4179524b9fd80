"""Step 3b: who the message is about, as the owner wrote the name.

Each intent has slots where a name stands: after a trigger ("sold ... to X", "called X", "remind me to
call X") or before a verb ("X bought", "X gave us"). From a slot the name is read token by token:
capitalized words, connectors inside names ("van der", "&"), company suffixes ("GmbH", "Ltd"),
apostrophes and accents; it ends at a stop word, a masked amount or date, or punctuation (a company
name runs on to its legal form: "Hotel U Zlaté studně s.r.o."). A message typed all in lower case gets
lower-case names, at most three words, none of them common English. Before the slots, a message in
parts split by dashes or slashes ("Lena Vogt - Brompton - $1,950") takes the part that is only a name;
after them, the first capitalized word that is no common word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

MASK = "\u27c2"  # stands in for amounts, dates, phones and emails so that they end a name
TOKEN = re.compile(r"[^\s,;:!?()\"\u27c2]+|[,;:!?()\"\u27c2]")
CONNECTORS = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le", "bin", "al", "&", "and", "y", "of",
              "am", "im", "zum", "zur", "des", "dos", "das", "el", "e", "do", "n", "'n'", "n'"}
SUFFIXES = {"gmbh", "ag", "ltd", "ltd.", "inc", "inc.", "llc", "co", "co.", "kg", "ohg", "ug", "sa", "srl", "bv", "plc",
            "corp", "corp.", "gbr", "e.k.", "o.o.", "ggmbh", "mbh", "kgaa", "se", "eg", "e.g.", "s.r.o.", "s.r.o", "a.s.", "a.s", "s.a.", "b.v.", "n.v.", "spol.", "k.s.", "v.o.s.", "pvt", "pvt.", "lda", "lda.", "sarl", "sas", "sl", "oy", "ab", "aps", "spa", "ev", "e.v.", "sons", "partners", "group", "studio", "bakery", "cafe", "café"}
STOP = set("""
a an the this that these those for about on at in to from with by of re regarding via over through yesterday today tomorrow tonight
morning afternoon evening last next again back and or but so then also too just really very please pls kindly thanks i me my
we us our you your he him his she her they them their it its who what when where why how is was were be been being
has have had do did does will would should could can may might must shall bought paid ordered purchased took sold
sells gave rated complained called rang texted emailed messaged met visited said says asked wants wanted needs needed
new customer client contact order orders sale payment invoice delivery price prices list quote cake bread coffee lunch
dinner meeting call text email message note follow up remind reminder done finished check ping week weeks day days
month months monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec noon now soon later earlier
ago end beginning start some all any each every one two three four five six seven eight nine ten about tracking
number phone mobile birthday bday born tag tags tagged as moved lives city email-address info details history
lifetime value clv doing going stars star out feedback review he's she's they're it's there here not no yes ok okay
happy good great nice new old big small little more less much many first second other same own only well best
photo photos picture pictures address time date day pickup delivery shop store office studio house home
today's again still even too also already yet soon quick quickly twice once thing things stuff item items
came come comes coming went popped stopped dropped picked swung nipped returned booked collected grabbed got left
brought sent wrote replied loved liked hated enjoyed thought felt satisfied dissatisfied pleased disappointed
reckons reckon signed renewed booked wedding party deposit balance package weekly monthly member walk-in walkin
bank transfer paypal cheque venmo revolut sepa card cash
fixed repaired serviced replaced installed cleaned trimmed groomed tuned fitted painted stitched altered
hr ceo cfo cto pa pr ppl people pax guests sales
total hates loves likes prefers super totally absolutely extremely quite wasn't isn't aren't weren't didn't doesn't
actually correction sorry oops update updated remove removed delete deleted mother mum mom mam father dad parents parent husband wife
""".split())
SURNAME_CONNECTORS = CONNECTORS - {"&", "and", "of", "y", "e", "n", "'n'", "n'", "am", "im", "zum", "zur"}
LEGAL_FORMS = SUFFIXES - {"studio", "bakery", "cafe", "café", "group", "partners", "sons", "co", "co."}
CAPITALIZED_STOP = {"i", "the", "on", "at", "in", "for", "about", "from", "to", "with", "by", "re", "this", "last", "next",
                    "yesterday", "today", "tomorrow", "tonight", "and", "but", "or", "so", "then", "also", "he", "she",
                    "they", "we", "it", "his", "her", "their", "our", "my", "who", "what", "note", "order", "invoice",
                    "payment", "reminder", "customer", "client", "new", "please", "thanks", "ok", "okay", "is", "was",
                    "hr", "ceo", "cfo", "cto", "pa", "pr"}  # "the HR lady from Nordvik AB" is about Nordvik AB
COMMON = STOP | CAPITALIZED_STOP  # built once: the name rules ask about every token
ENDS_NAME = STOP - CONNECTORS
LEADING_FILLER = {"from", "so", "ok", "okay", "today", "yesterday", "just", "customer", "client", "regular", "my", "our", "the",
                  "also", "and", "then", "oh", "btw", "fyi", "well", "note", "hey", "hi", "update", "earlier", "change",
                  "set", "fix", "correct", "paid", "sale", "order", "payment", "invoice", "received", "cash", "card", "add",
                  "haircut", "done", "finished"}
ARTICLES = {"the", "a", "an", "his", "her", "their", "my", "our", "some"}
NOT_IN_NAMES = {"i", "we", "you", "he", "she", "they", "it", "the", "a", "an", "my", "our", "someone", "somebody",
                "customer", "client", "me", "us", "sold", "sale", "paid", "bought", "ordered", "order", "payment",
                "invoice", "cash", "card", "total", "received", "got", "took", "spent", "taken",
                "from", "in", "at", "for", "with", "to", "by", "on", "about", "walk-in", "walkin"}  # "anna schmidt from ⟂": a place follows
# Names that are also common words and so sit in STOP; alone after a verb ("called may") they are names.
NAME_WORDS = {"will", "may", "jan", "june", "april", "august", "mark", "bill", "rose", "sunny", "pat", "grace", "hope", "joy"}
GERUND = re.compile(r"^[a-z]{3,}ing$")
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "mr.", "mrs.", "ms.", "dr.", "prof.", "sir", "madam", "lady", "lord"}


def lower_style(text: str) -> bool:
    """True when the owner types without capitals, so names can't be told by their case."""
    words = re.findall(r"[A-Za-zÀ-ÿ]+", text)
    return not any(w[0].isupper() for w in words[1:])


def _is_capital(token: str) -> bool:
    """Capitalized, counting particles glued to a capital: "d'Arcy", "O'Neill", "l'Orange"."""
    return token[:1].isupper() or bool(re.match(r"(?:d|l|dell|dall)'[A-ZÀ-Ý]", token))


def _capital_after_connectors(tokens: list[str], i: int) -> bool:
    """A connector belongs to a name when a capitalized word follows it, maybe after more connectors."""
    rest = tokens[i + 1:]
    while rest and rest[0].lower() in CONNECTORS:
        rest = rest[1:]
    return bool(rest) and _is_capital(rest[0])


def _names_a_business(tokens: list[str], i: int) -> bool:
    """After "Tom's": a capitalized word that is no common word ("Café", not "Birthday") makes a business name."""
    return i < len(tokens) and _is_capital(tokens[i]) and tokens[i].lower() not in STOP and tokens[i].lower() not in CAPITALIZED_STOP


def _runs_to_legal_form(tokens: list[str], i: int, taken: list[str], lower: bool) -> bool:
    """"Hotel U Zlaté studně s.r.o.": inside a company name a lower-case word is part of it when its legal form follows."""
    return bool(taken) and not lower and tokens[i].lower() not in STOP and any(t.lower() in LEGAL_FORMS for t in tokens[i + 1: i + 3])


def _capitalized_later(tokens: list[str], i: int) -> bool:
    """A capitalized word that is no common word follows: "deliver e-bike to Will Brandt" names Will Brandt."""
    return any(_is_capital(t) and t.lower() not in COMMON for t in tokens[i + 1:])


def _ends_slot(tokens: list[str], i: int) -> bool:
    """Nothing name-like follows position i: the end, punctuation, a masked part or a common word."""
    return i >= len(tokens) or not re.search(r"[\w&]", tokens[i]) or tokens[i].lower() in ENDS_NAME


def read_name(slot: str, lower: bool, whole: bool = False) -> str | None:
    """The name at the start of `slot`. `whole`: the slot is a prefix before a verb, all of it a name."""
    tokens = TOKEN.findall(slot)
    if ":" in tokens and not lower:  # "paid in full: Keller & Söhne": the name follows the label
        after = tokens[tokens.index(":") + 1:]
        if tokens[0][:1].islower() and after and _is_capital(after[0]):
            tokens = after
    if tokens and tokens[0] == MASK and not whole:
        return None  # "called ⟂, VPN issue": a date right after the verb, so no name there
    article = bool(tokens) and tokens[0].lower() in ARTICLES and not whole
    while len(tokens) > 1 and (tokens[0].lower() in LEADING_FILLER or not re.search(r"\w", tokens[0])) and not (
            tokens[0] == "The" and not whole and _is_capital(tokens[1])):  # "to The Nook Ltd": the article is in the name
        tokens.pop(0)
    if article and tokens and not _is_capital(tokens[0]):
        return None  # "emailed the floor plan": what follows an article is a thing, unless it has a capital
    if whole and not lower:  # "haircut Nico": lower-case words before a capitalized name are not the name
        while len(tokens) > 1 and not _is_capital(tokens[0]) and any(_is_capital(t) for t in tokens[1:]):
            tokens.pop(0)
    taken: list[str] = []
    surname_last = False
    for i, token in enumerate(tokens):
        low = token.lower()
        possessive = low.endswith("'s") and len(token) > 2
        bare = token[:-2] if possessive else token
        if not re.search(r"[A-Za-zÀ-ÿ0-9&]", bare) or bare.isdigit() and (lower or not taken):
            break  # "send tom 2 samples": in lower case a count ends a name, and none starts with one ("for 18 each")
        if not taken and not whole and GERUND.match(token):
            break  # "Eva emailed asking for ...": a verb's -ing form, not a name
        if not taken and not whole and not _is_capital(token) and low not in TITLES and very_frequent(low):
            break  # "texted to say he is late": one of the commonest words after the verb is no name
        if not taken and not whole and low in NAME_WORDS and _ends_slot(tokens, i + 1):
            taken.append(bare)  # "texted will about pickup": a word that is also a name, alone in its slot
            break
        if taken and [t.lower() for t in tokens[i: i + 3]] == ["sp.", "z", "o.o."]:
            taken.extend(tokens[i: i + 3])  # the Polish "sp. z o.o." is one legal form
            break
        if taken and (low in SUFFIXES or bare.lower() in SUFFIXES):
            taken.append(bare)
            if lower and low not in ("co", "co.", "&"):
                break  # "nordlicht gmbh weekly order": a company's name ends at its suffix
        elif not taken and not whole and token == "The" and i + 1 < len(tokens) and _is_capital(tokens[i + 1]):
            taken.append(token)  # "sold 12 prints to The Nook Ltd"
        elif low in TITLES and not taken and i + 1 < len(tokens) and _is_capital(tokens[i + 1]):
            taken.append(token)  # "Mrs. Peters", "dr Weber"
        elif low in CONNECTORS and taken and not lower and _capital_after_connectors(tokens, i):
            taken.append(token)  # "Anneke van der Berg", "Smith & Co"
        elif low in SURNAME_CONNECTORS and taken and not lower and _is_capital(token) and _ends_slot(tokens, i + 1):
            taken.append(bare)  # "Devi Das paid", "Anna Le": capitalized and last, a connector is the surname
            surname_last = True
            break
        elif whole and lower and taken and _is_capital(taken[0]) and not _is_capital(token) and low not in CONNECTORS | SUFFIXES:
            break  # "Deirdre blow dry ⟂": after a capitalized first name, lower-case words are what was done
        elif whole and lower:  # a short prefix before the verb is the name, even "may" or "will"
            if low in NOT_IN_NAMES or len(taken) >= 3 or (low in ENDS_NAME and (taken or low not in NAME_WORDS)):
                break  # "will came back and bought": the name ends where the sentence goes on
            taken.append(bare)
        elif lower or whole:
            if low in STOP and not (whole and _is_capital(token)) or (lower and len(taken) >= 3):
                break
            if taken and not lower and not _is_capital(token) and not _runs_to_legal_form(tokens, i, taken, lower):
                break  # "Anna returned a lamp": in a capitalized message a lower-case word ends the name
            taken.append(bare)
        elif _is_capital(token) and low not in CAPITALIZED_STOP:
            taken.append(bare)
        elif _runs_to_legal_form(tokens, i, taken, lower):
            taken.append(bare)
        elif not taken and low not in COMMON and not _capitalized_later(tokens, i):
            taken.append(bare)  # "called anna" inside a capitalized message, unless a capitalized name follows
            if not _is_capital(token):
                break
        else:
            break
        if possessive:
            if taken[0].lower() in ("st.", "st", "saint"):
                taken[-1] = token  # "St. Mary's parish": the saint's possessive is the name
                break
            if lower or not _names_a_business(tokens, i + 1):
                break
            taken[-1] = token  # "Tom's Café": the possessive is part of the name
    while taken and taken[-1].lower() in CONNECTORS and not surname_last:
        taken.pop()
    name = " ".join(taken).strip(" -'")
    keep_dot = re.search(r"\b[A-Z]\.$", name) or (taken and taken[-1].lower() in SUFFIXES and taken[-1].endswith("."))
    name = name if keep_dot else name.rstrip(".")  # "Jonas K." keeps its initial's dot, "Taylor & Co." its suffix's
    if whole and len(name.split()) > 5:
        return None
    return name or None


_NAME = r"(?P<slot>.+)"
# after a leading date and time ("jan 9: Ivan paid 400") or a label with one ("market sat: May bought ..."). Each of
# them is read one way only (atomic): the spaces and colons around a masked part could be split between two of them
# in many ways, and a message of many ("x 5 : x 5 : ...") took exponential time to fail. Likewise below, spaces and
# separators are possessive (`*+`) where nothing after them could start with one: a masked part is followed by as
# many spaces as it had characters, and reading those back one by one made a long masked e-mail quadratic or worse.
_PREFIX = r"^(?:(?>\u27c2[\s:,;-]*)|(?>[^\u27c2:]{1,20}?\s*\u27c2\s*:\s*))*(?P<slot>[^\u27c2]+?)"


def _either(phrases: str) -> str:
    """A regex alternation of "|"-separated phrases, longest first: "met up with Zoë" must not stop at "met"."""
    return "(?:" + "|".join(sorted(phrases.split("|"), key=len, reverse=True)) + ")"


V_ORDER = (r"(?:bought|buys|purchased|ordered|paid|pays|pay|buy|took|picked up|grabbed|spent|got|has paid|just paid|owes|gave me|"
           r"booked|renewed|signed up|"
           r"(?:came|popped|stopped|dropped) (?:in|back|by|over|round) and (?:bought|ordered|paid|got|picked up|took))")
V_CONTACT = _either("called|call|rang|ring|phoned|texted|messaged|emailed|e-mailed|mailed|visited|met|saw|pinged|whatsapp'd|"
                    "whatsapped|whatsapp|dm'd|dmed|facetimed|skyped|zoomed|spoke to|spoke with|talked to|talked with|sent a text to|"
                    "sent an email to|sent an e-mail to|sent a message to|sent a whatsapp to|wrote to|wrote|met up with|met with|"
                    "caught up with|chased|went to see|replied to|answered|emailing|calling|texting|messaging|chatted with|had a chat with|"
                    "had a call with|sat down with")
# "send" takes a thing: "send samples" names no one, "send Maria the invoice" and "send maria 2 samples" do
_SEND_SOMEONE = r"send(?=\s+(?:(?-i:[A-ZÀ-Ý])|[^\s,]+\s+(?:the|a|an|some|his|her|their|my|our|this|these|those|\d)))"
V_TODO = ("(?:" + _SEND_SOMEONE + "|" + _either(
    "call back|ring back|phone back|text back|email back|call|text|email|e-mail|ping|message|contact|phone|ring|see|visit|meet|chase|"
    "follow up with|follow up on|wish|congratulate|quote|book|deliver to|collect from|pay|check in with|check in on|check up on|check on|"
    "get back to|write to|write|invoice|thank|ask|remind|reach out to|drop by|stop by|whatsapp|dm") + ")")
# "tag" with the customer after it; not "put tag destination": after "put" or "add", what follows "tag" is the tag
_TAG_SOMEONE = r"(?<!\bput )(?<!\badd )(?<!\bthe )\btag(?:ged)?\s+"
SLOTS: dict[str, list[tuple[str, bool]]] = {
    # (pattern, whole): whole=True for a prefix before a verb
    "log_order": [
        (rf"\b(?:paid|bought|ordered|purchased) by {_NAME}", False),
        (rf"\bsold\b.*?\bto {_NAME}", False),
        (rf"{_PREFIX}\s+(?:has |just |also )?{V_ORDER}\b", True),  # before "from": "Fabienne from Zurich paid"
        (rf"\b(?:from|by|off) {_NAME}", False),  # "got 55 quid off Dave"
        (r"\bsold\s+(?P<slot>[A-Za-zÀ-ÿ][^\s\u27c2]*(?:\s+(?-i:[A-ZÀ-Ý])[^\s\u27c2]*){0,3}?)\s+(?:(?:a|an|the|some|his|her|their|two|three|four|five)\b|\u27c2)",
         False),  # "sold Mark a donut bed"
        (rf"^(?:order|sale|invoice|payment)s?\b\s*(?::|-|for|from|to)?\s*{_NAME}", False),  # not "ordered 1 vase": "ed"
        (rf"\bwith {_NAME}", False),
        (r"\bfor (?P<slot>(?-i:[A-Z]).+)", False),
        (r"\bto (?P<slot>(?-i:[A-Z]).+)", False),  # "3 bottles of cleaning fluid at ⟂ each to Will"
        (r"^(?:(?:payment|pymt|invoice)\s+(?:received|paid|in)|received)\s*[:-]\s*(?P<slot>[^,\u27c2]+)", False),
        (r"(?:^|,)\s*(?P<slot>(?-i:[A-Z])[\w'.&-]+(?:\s+(?-i:[A-Z])[\w'.&-]+)+)\s*(?:,|$)", False),  # "repair, Klaus Richter, ⟂"
        (rf"^(?:\u27c2[\s:,;-]*)*+(?!{V_ORDER}\b)(?P<slot>[^\u27c2,]+?)\s*+[:,-]?\s*+\u27c2", True),  # not "buy trial pack ⟂"
    ],
    "log_interaction": [
        (rf"\bsent\s+{_NAME}\s+(?:an? |the |her |his |their )?(?:e-?mail|text|message|whatsapp|dm|sms|invoice|quote|photos?|link)",
         False),
        (rf"\b{V_CONTACT}\s+(?:with\s+)?{_NAME}", False),
        (rf"\b(?:dropped by|stopped by|popped by|swung by|spoke on the phone with|google meet with|meet with|was at|"
         rf"drove (?:over |out |up |down |round )?to|"
         rf"(?:popped|came|went|dropped|swung|nipped|called) (?:round|over) to|went to|(?:popped|came|dropped|walked) into)"
         rf"\s+(?:see\s+)?{_NAME}", False),
        (rf"\b(?:call|meeting|coffee|lunch|dinner|breakfast|brunch|brew|cuppa|tea|pint|drinks?|chat|video call|zoom|zoom call|skype|skype call|facetime|teams call|"
         rf"catch-up|catch up|appointment|visit|conversation|email|mail|text|message|whatsapp|note|sms|dm)\s+"
         rf"(?:(?:on|over|via|by) (?:the )?(?:phone|zoom|skype|teams|video)\s+)?"
         rf"(?:with|from|to|for)\s+{_NAME}", False),  # "chat on the phone with Ahmed"
        (rf"\bleft\s+{_NAME}\s+(?:an? )?(?:voice ?mail|voice message|message|note|vm)\b", False),  # "left Tobi a voicemail"
        (rf"{_PREFIX}\s+(?:called|rang|phoned|texted|messaged|emailed|e-mailed|visited|came by|came in|came over|dropped by|"
         rf"popped into|came into|dropped into|walked into|popped round|came round|called round|"
         rf"dropped in|stopped by|popped in|popped by|replied|wrote|stopped in|swung by|sent|whatsapped|whatsapp'd|dm'd)\b", True),
        (rf"\bnote:?\s+{_NAME}", False),
        (rf"\b(?:voice ?mail|message|note)\s+(?:for|to|on|about|re)\s+{_NAME}", False),
        (rf"\b(?:sent|emailed|e-mailed|mailed|texted|messaged|whatsapped|forwarded|passed|handed|gave)\b.*?\bto\s+{_NAME}", False),
        (rf"\bsent\s+{_NAME}", False),  # "sent Rosa the new class schedule"
    ],
    "add_followup": [
        (rf"\b(?:remind me(?: to)?|reminder to|need to|have to|must|don't forget to|remember to|gotta|should|let me forget to)\s+"
         rf"{V_TODO}\s+{_NAME}", False),
        (rf"\bremind me\b[^.]*?\bto\s+{V_TODO}\s+{_NAME}", False),  # "remind me on 20.03. to ask Meyer"
        (rf"\bremind(?:er)?(?: me)?\s*[:-]\s*(?:(?:to\s+)?{V_TODO}\s+)?{_NAME}", False),  # "reminder: visit Frau Becker"
        (rf"\bnudge\s+{_NAME}", False),
        (rf"\b(?:send|deliver|give|pass|forward|mail|post|bring|take|drop off|return)\b.*?\bto\s+{_NAME}", False),
        (rf"\b(?:follow up|check in|check back|check up|catch up)\s+(?:with|on)\s+{_NAME}", False),
        (rf"\bfollow up\s+{_NAME}", False),
        (rf"\bremind me (?:about|of)\s+{_NAME}", False),
        (rf"\breminder (?:for|about|re)\s+{_NAME}", False),
        (rf"\bcheck on\s+{_NAME}", False),
        (rf"^(?:please\s+)?{V_TODO}\s+{_NAME}", False),  # the to-do itself: "get back to Lukas in a fortnight"
        (rf"\b(?:ping|call|text|email|ring|contact|chase|visit|message)\s+{_NAME}", False),
        (rf"\b(?:with|from|for)\s+{_NAME}", False),  # "confirm the delivery time with Elbblick Hotel AG"
    ],
    "complete_followup": [
        (r"^(?:(?-i:mark|tick|close|complete|finish)\s+(?:off\s+)?)?(?P<slot>[^,\u27c2]+?)(?:'s)?\s+(?:reminder|follow up)\s*(?:is\s+|was\s+|[-:,]\s*)?(?:done|complete|completed|finished|sorted|handled|✅|✔)",
         True),  # "Grace reminder done, laptop picked up"
        (rf"\b(?:reminder|follow up|task)\s+(?:is\s+)?(?:done|complete|completed|finished|sorted)\s+(?:for|with)\s+{_NAME}", False),
        (rf"\b(?:reminder|follow up) (?:for|with)\s+{_NAME}", False),  # before "done": "reminder for Sunny done, ta"
        (rf"\b(?:done|finished|completed)\s*[:-]?\s*(?:with\s+)?(?:the\s+)?(?:(?:follow up|reminder|task)\s+(?:for\s+|with\s+)?)?"
         rf"(?:{V_TODO}\s+)?{_NAME}", False),  # "completed: chase Acme"
        (rf"\b(?:called|rang|phoned|texted|emailed|messaged|got)\s+{_NAME}\s+back\b", False),
        (rf"\bfollowed up (?:with|on)\s+{_NAME}", False),
        (rf"\bgot back to\s+{_NAME}", False),
        # lower-case "mark" is the verb; "Mark Fenwick" is one only before "as done"
        (rf"(?:\b(?-i:mark(?:ed)?)|^(?-i:Mark)(?=.*\bas (?:done|complete|finished)\b)|\b(?:tick(?:ed)?|check(?:ed)? off|closed?|"
         rf"cross(?:ed)? off))\s+(?:off\s+)?(?:the\s+)?{_NAME}", False),
        (rf"\b(?:tick|cross|check)(?:ed)?\s+{_NAME}\s+off\b", False),  # "cross Lady Ashdown off my reminders"
        (rf"\b{V_CONTACT}\s+(?:with\s+)?{_NAME}", False),  # "I pinged Sam, clear that reminder"
        (rf"\b(?:sent|gave|delivered|brought)\b.*?\bto\s+{_NAME}", False),  # "sent the invoice to Kowalski, tick it off"
    ],
    "add_customer": [
        (rf"\bas (?:a |an )?(?:new )?(?:customer|client|contact)\s*:\s*{_NAME}", False),  # "add the lady next door as a customer: Rosa"
        (r"^add\s+(?P<slot>.+?)\s+as (?:a |an )?(?:new )?(?:customer|client|contact|regular)\b", True),
        (rf"\bnew (?:one|member|patient|student|couple|family|client|customer)\s*:\s*{_NAME}", False),  # "signed up a new one: Jade Müller"
        (r"\b(?:nicknamed|called|named)\s+['\"]?(?P<slot>[^'\"(,\u27c2]+)", True),  # "new collector nicknamed 'Doc Groove'"
        (rf"\b(?:new|add(?:ed)?|create|save)\s+(?:a\s+)?(?:new\s+)?(?:customer|client|contact|buyer|lead|regular|member|patient|student)(?!\s*,)\s*(?::|-)?\s*{_NAME}", True),  # the name runs to the comma or the contact
        (rf"{_PREFIX}(?:\s*+\u27c2)*\s*+,?\s*+(?:is |as )?(?:a )?new (?:customer|client|contact)", True),
        (rf"^(?:new|add)\s*:?\s*{_NAME}", False),
    ],
    "update_customer": [
        (r"^(?!(?:tag|add|put)\b)(?P<slot>[^,:\u27c2]+?)\s+(?:tag|tags|tagged)\s+(?!as\b)", True),  # "Fenwick Ltd tag wholesale, b2b"
        (rf"\b(?:add|put)\s+(?:a\s+|the\s+)?[\w, -]+?\s+(?:tags?|labels?)\s+(?:to|on)\s+{_NAME}", False),  # "add vip tag to X"
        (r"^(?!(?:tag|update|add|set|change|new|note|put)\b)(?P<slot>[^:\u27c2-]+?)(?:\s*:|\s+-)\s+", True),  # "Ravi Shankar - add tag vip"
        (rf"\b(?:add|put)\s+(?:the\s+)?(?:tags?|labels?)\s+.+?\s+(?:to|on)\s+{_NAME}", False),
        # "tag jade regular": without "as", the last word before a comma or the end is the tag
        (rf"{_TAG_SOMEONE}(?P<slot>(?:(?!\b(?:as|with)\b)[^,:\u27c2])+?)\s+#?[\w-]+\s*(?:,|\band\b|$)", True),
        (rf"{_TAG_SOMEONE}{_NAME}", False),
        (rf"\b(?:mark(?:ed)?|flag(?:ged)?|label(?:led)?)\s+{_NAME}\s+as\b", False),  # "mark Helga as vip"
        (r"^(?:mark|flag)\s+(?P<slot>.+?)\s+(?:vip|wholesale|regular|trade)$", True),  # "mark Grace Lee vip"
        (rf"\bnote (?:on|for|about)\s+{_NAME}", False),
        (rf"\b(?:email|e-mail|phone|number|mobile|birthday|city|address) (?:for|of) {_NAME}", False),
        (rf"\b(?:update|change|set)\s+{_NAME}", False),
        (rf"{_PREFIX}\s+new\s+(?:e-?mail|phone|number|mobile|address)\b", True),
        (rf"{_PREFIX}'s\s+(?:new\s+)?(?:birthday|email|e-mail|phone|number|mobile|cell|address|city|notes?)\b", True),
        (rf"{_PREFIX}\s+(?:has moved|moved|lives|is now|is based|is living|was born|born|is (?:a |an )?(?:vip|wholesale|regular)|"
         rf"has a new|got a new|changed|updated|switched|prefers|likes|loves|wants|is allergic|is in)\b", True),
        (rf"{_PREFIX}\s+(?:e-?mail|phone|number|mobile|cell|address|city|birthday)\b", True),  # "Priya Chaudhry email is now"
    ],
    "add_feedback": [
        (rf"\b(?:feedback|review|rating|score|complaint|nps)\s+(?:from|by|for)\s+{_NAME}", False),
        (rf"{_PREFIX}\s+(?:gave|rated|rates|complained|loved|loves|praised|said|was|left|wrote|reviewed|thanked|is|hated|"
         rf"didn't|did not|liked|likes|says|scored|gives|nps|unhappy|happy|raved|thinks|thought|would|recommends|recommended|not|"
         rf"satisfied|dissatisfied|pleased|disappointed|thrilled|delighted|upset|annoyed|complains|hates|enjoyed|adored|adores|"
         rf"feedback|score|rating|review|reckons|reckon)\b",
         True),
        (rf"\bnps\s+(?:from\s+|for\s+)?{_NAME}", False),
        (r"^(?P<slot>[^:\u27c2]+?)\s*:", True),
        (rf"\b(?:from|by)\s+{_NAME}", False),  # "got a 10/10 from Ravi"
    ],
    "query_customer": [
        (rf"\bhow(?:'s| is| are| was)\s+{_NAME}\s+(?:doing|going|getting on)", False),
        (rf"^how(?:'s| is| are)\s+{_NAME}", False),
        (rf"{_PREFIX}'s\s+(?:history|orders|summary|profile|stats|details|total|spend|spending|purchases)\b", True),
        (rf"^show\s+(?:me\s+)?{_NAME}", False),
        (rf"\bhow much (?:money )?(?:has|did)\s+{_NAME}\s+(?:spent|spend|bought|buy|ordered|paid)", False),
        (rf"\b(?:tell me about|what do (?:i|we) know about|show me|who is|look ?up|about|check|info on|information on|"
         rf"details (?:on|for|of)|history (?:of|for)|profile (?:of|for)|summary (?:of|for)|stats (?:on|for)|"
         rf"(?:lifetime value|clv|ltv) (?:of|for))\s+{_NAME}", False),
        (rf"\bwhat(?:'s| is| are)\s+{_NAME}", False),
        (rf"\bwhat (?:has|did|does)\s+{_NAME}\s+(?:buy|bought|order|ordered|usually)", False),
        (rf"^last order (?:from|of|by)\s+{_NAME}", False),
        (rf"\b(?:history|story|status|relationship|deal|latest|news|situation|new|up|happening|going on|where (?:are|am) (?:we|i)(?: at)?)"
         rf"\s+(?:with|on)\s+{_NAME}", False),  # "what's the story with Kaffee Kontor GmbH"
        (rf"\blast (?:time (?:i|we) )?(?:talk(?:ed)?|spoke|speak|heard|hear|called|call|saw|see|met|meet|contacted|contact|"
         rf"emailed|email|texted|text|visited|visit)(?:\s+(?:to|with|from))?\s+{_NAME}", False),  # "when did I last talk to Greta"
        (rf"\bwhen did\s+{_NAME}\s+last\b", False),  # "when did Anna last order?"
    ],
}
COMPILED = {intent: [(re.compile(p, re.IGNORECASE), whole) for p, whole in slots] for intent, slots in SLOTS.items()}
# Slots closed on both sides ("how is will doing"): the words between are the name, common words included.
_BOUNDED = r"(?P<slot>[^,?!.\u27c2]+?)"
EXACT = [re.compile(p, re.IGNORECASE) for p in (
    rf"^how(?:'s| is| are| was)\s+{_BOUNDED}\s+(?:doing|going|getting on)\b",
    rf"\b(?:tell me about|what do (?:i|we) know about|(?:info|information|details|history|profile|summary|stats|story) "
    rf"(?:on|for|about|of|with))\s+{_BOUNDED}\s*[?!.]*$",
    rf"^(?:(?:pull|bring|look) up |show (?:me )?|open |get |find )?{_BOUNDED}'s\s+"
    rf"(?:history|orders|summary|profile|stats|details|total|spend|spending|purchases)\b",
    rf"^{_BOUNDED}\s+(?:summary|details|history|profile|stats)(?: please)?\s*\??$",
    rf"^how(?:'s| is| are)\s+{_BOUNDED}\s*\??$",
    rf"\bwhat(?:'s| has| did| does)\s+{_BOUNDED}\s+(?:buy|bought|order|ordered|usually|spent|spend|paid|pay)\b",
    rf"\bhow much (?:money )?(?:(?:has|did)\s+)?{_BOUNDED}\s+(?:spent|spend|bought|buy|ordered|paid)\b",
)]


_ANONYMOUS = re.compile(r"\b(?:nobody|no ?one|anonymous|no names?|a (?:guy|man|woman|lady|bloke|girl|couple|tourist) from|walk[- ]?ins?\b(?! (?:the|a|an|to|with)\b)|passer-?by|a tourist|a stranger|random (?:customer|guy|lady|person))\b", re.IGNORECASE)
_SOLD_TO_NOBODY = re.compile(r"^(?!.*\bto\b)[A-Za-z][a-z]*(?: [a-z]+)* sold\b")  # "leftover soup sold at market today"
_ARTICLES = frozenset({"a", "an", "the", "my", "our", "his", "her", "their", "new"})
_ARTICLE_BEFORE = re.compile(rf"\b(?:{'|'.join(_ARTICLES)})\s+$", re.IGNORECASE)
_THE_OWNER = frozenset({"i", "me", "we", "us", "myself", "i'm", "i've"})  # "I was cleaning at Schmidt": the owner is no customer
_SEPARATOR = re.compile(r"(?<!\s)\s+[-/|]\s+")  # from the start of a run of spaces only


def find_name(masked: str, intent: str) -> str | None:
    """The customer named in a (masked) message for this intent, or None."""
    lower = lower_style(masked)
    if intent == "query_customer":
        for pattern in EXACT:
            m = pattern.search(masked)
            if m and 1 <= len(m["slot"].split()) <= 4:
                return m["slot"].strip()
    if intent == "log_order" and (_ANONYMOUS.search(masked) or _SOLD_TO_NOBODY.search(masked)):
        return None  # "flat fix walk-in 15", "soup sold at market today": a sale to nobody in particular
    parts = [] if lower or not _SEPARATOR.search(masked) else [p for p in _SEPARATOR.split(masked) if _all_name(p)]
    if parts and masked.startswith(parts[0]):
        return _joined(parts[0])  # "Lena Vogt - Brompton - $1,950 - she's from Boston"
    for pattern, whole in COMPILED.get(intent, []):
        m = pattern.search(masked)
        if not m:
            continue
        name = read_name(m["slot"], lower, whole)
        if name and (len(name) == 1 or name.isupper() and _ARTICLE_BEFORE.search(masked, 0, m.start("slot"))):  # "0.07 C curl"
            continue  # "a CO alarm", "my NICEIC registration": an acronym of a thing
        if name and name != MASK and name.lower() not in _THE_OWNER and (whole or name[0].isupper() or name.lower() not in STOP or name.lower() in NAME_WORDS):
            return _joined(parts[0]) if parts and name.islower() else name  # "3 mugs 54 eur - Pieter"
    if parts:
        return _joined(parts[0])  # "tune-up / Bob / 89"
    return _first_capitalized(masked) if intent in COMPILED else None


@lru_cache(maxsize=8192)
def very_frequent(low: str) -> bool:
    """Among the commonest words (wordfreq's Zipf 5.5, about once in 3,000 words: "say", "the"; "bob" is 4.6), and not
    one that is also a name ("will", "may")."""
    return low not in NAME_WORDS and zipf_frequency(low, "en") >= 5.5


def _uncommon(low: str) -> bool:
    """No common word, or one that is also a name ("May", "Will")."""
    return low in NAME_WORDS or low not in COMMON


def _is_name_word(token: str) -> bool:
    low = token.lower()
    return (_is_capital(token) or low in CONNECTORS or low in SUFFIXES) and (low in SUFFIXES or _uncommon(low))


def _joined(part: str) -> str:
    return " ".join(part.replace(MASK, " ").split())


def _all_name(part: str) -> bool:
    """A part of a message split by dashes or slashes that is nothing but a capitalized name ("Lena Vogt")."""
    tokens = _joined(part).split()
    return 1 <= len(tokens) <= 5 and _is_capital(tokens[0]) and all(_is_name_word(t) for t in tokens) and not re.search(r"\d", part)


def _first_capitalized(masked: str) -> str | None:
    """The last resort in a capitalized message: the first capitalized word that is no common word starts the name
    ("follow up quote Veloblitz Kurier GmbH fri")."""
    tokens = TOKEN.findall(masked)
    for i, token in enumerate(tokens):
        acronym_of_a_thing = token.isupper() and i > 0 and tokens[i - 1].lower() in _ARTICLES  # "a CO alarm"
        if _is_capital(token) and _uncommon(token.lower()) and not acronym_of_a_thing:
            return read_name(" ".join(tokens[i:]), lower=False)
    return None
