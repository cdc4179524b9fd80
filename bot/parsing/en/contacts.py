"""English profile fields (city, birthday, tags, notes, feedback score and sentiment); phones and e-mail addresses are
`bot.parsing.contact_details`, the same in every language."""
from __future__ import annotations

import re
from decimal import Decimal

from bot.parsing.contact_details import Span
from bot.parsing.en.dates import MONTHS, _month_day, day_and_month
from bot.parsing.en.names import STOP
from bot.parsing.en.normalize import SMALL_NUMBERS
from bot.parsing.model import ParseContext

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Runs between two cues are bounded ({1,200}: a long sentence): unbounded, a rule read on to the end of a long
# message from each of its starts ("born for born for ...").
BIRTHDAY = re.compile(
    rf"\b(?:birthday|born|b'?day)\b(?: (?:of|for) [\w'. -]{{1,200}}?)?(?:\s*(?:is|on|was|:|the|=|to))*\s+(?:"
    rf"(?:day )?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<m1>{_MONTH})\.?(?:,? (?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y2>\d{{4}}))?"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})"
    rf"|(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})(?:[/.](?P<y4>\d{{4}}))?)",
    re.IGNORECASE,
)
# The words of a place are possessive: "-" is both in a word and between words, so that a place that does not
# fit ("Ab-Cd-...-Yz x" where a list item must end) was tried split in each of 2^n ways.
_PLACE = r"[A-ZÀ-Ý][\w'-]++(?:[ -](?:am|an|der|upon|on|de|del)?[ -]?[A-ZÀ-Ý][\w'-]++)*"
_MOVED = r"moved (?:out |over )?to|moving (?:out |over )?to|relocated to|moved in|(?:lives|live|living)(?: now)? in|based in"  # "moved in Patras", "they live now in"
CITY = re.compile(rf"\b(?:{_MOVED}|is (?:now )?(?:based )?in|"
                  rf"city(?: is(?: now)?| to| now|:)?|from|in)\s+(?P<city>{_PLACE})")
# "add May Chen ⟂ london", "Élodie Petit, ⟂, paris": one lower-case word after the phone, email or a comma, at the end
LAST_LOWER_CITY = re.compile(r"(?:\u27c2|,|\s-)\s*(?P<city>[a-zà-ÿ][\w'-]+)\s*$")
NOT_PLACES = {"vip", "wholesale", "regular", "trade", "private", "business", "student", "retail", "instagram", "facebook",
              "google", "etsy", "website", "market", "referral", "work", "school", "church", "tiktok", "whatsapp"}
NO_CITY = STOP | NOT_PLACES
# "set city for Lin Wei to Rotterdam"
CITY_SET = re.compile(rf"\bcity (?:for|of) [^,]{{1,200}}? to\s+(?P<city>{_PLACE})")
# typed all in lower case, a place after a clear cue: "fiona weber moved to lüneburg"
CITY_LOWER = re.compile(rf"\b(?:{_MOVED}|from)\s+(?P<city>[a-zà-ÿ][\w'-]+)\s*(?:$|[,;.]|\u27c2)")
# "new customer Mark Evans, ⟂, Leipzig": a detail of its own in a list (commas, semicolons or " - "),
# nothing but a capitalized place; or last, after the phone or email ("Siobhán O'Reilly ⟂ Munich")
LISTED_CITY = re.compile(rf"(?:[,;]|\s-|\u27c2)\s*(?P<city>{_PLACE})\s*(?=[,;]|\s-\s|\u27c2|[.!]?$)")
TAGS = re.compile(r"\b(?:tag(?:ged)?\s+.{1,200}?\s+(?:as|with)|(?:mark(?:ed)?|flag(?:ged)?|label(?:led)?)\s+.{1,200}?\s+as)\s+(?P<list>.+)$|"
                  r"\btags?:\s*(?P<list2>.+)$|"
                  r"\b(?:add|put)\s+(?:the\s+)?(?:tags?|labels?)\s+(?P<list3>.+?)\s+(?:to|on)\b|"
                  r"\b(?:add|put)\s+(?:the\s+)?(?:tags?|labels?)\s+(?P<list4>.+)$|"
                  r"\bis (?:now )?(?:a |an )?(?P<list5>vip|wholesale|regular|trade)\b|"
                  r"^(?:mark|flag)\s+.+?\s+(?P<list7>vip|wholesale|regular|trade)$|"
                  r"\b(?:add|put)\s+(?:a\s+|the\s+)?(?P<list6>[\w-]+(?:\s*,\s*[\w-]+)*)\s+(?:tags?|labels?)\s+(?:to|on)\b", re.IGNORECASE)
TAG_AFTER_NAME = re.compile(r"\btag(?:ged)?\s+(?P<rest>.+)$", re.IGNORECASE)
NOTE = re.compile(r"\bnote(?:s)?\s*(?:on|for|about)?\s*[^:]*:\s*(?P<note>.+)$|\b(?:prefers|likes|loves|wants|is allergic to)\b.+$",
                  re.IGNORECASE)
# A score with its scale ("9/10", "4 stars") wins over a bare number after a verb ("gave us a 4 star review"); read
# from the first digit of a number only (where it fails, it fails from every later digit too).
SCALED_SCORE = re.compile(r"(?<!\d)(?P<s1>\d+(?:[.,]\d)?)\s*(?:/|out of|of|from|over)\s*(?P<of>10|5|ten|five)\b|"
                          r"(?P<s2>\d(?:[.,]\d)?|one|two|three|four|five)[\s-]*stars?\b", re.IGNORECASE)
# "would recommend us - 9": a number after "recommend" is the likelihood to recommend (the NPS question).
BARE_SCORE = re.compile(r"\b(?:(?:gave|gives|give|rated|scored) (?:us |me )?(?:an? )?|score (?:of )?|nps (?:of )?)(?P<s3>\d+(?:[.,]\d)?)\b|"
                        r"\b(?:nps|score|rating|rated|feedback|recommend\w*)\b[^0-9]{0,40}?(?P<s4>\d+(?:[.,]\d)?)\b", re.IGNORECASE)
NEGATIVE = re.compile(r"\b(?:complain\w*|unhappy|disappointed|upset|annoyed|angry|hated|didn't like|did not like|"
                      r"stale|cold|late|broke|broken|damaged|faded|leaked|ripped|rude|bad|terrible|awful|wrong|poor)\b", re.IGNORECASE)


def find_birthday(text: str, ctx: ParseContext) -> Span | None:
    m = BIRTHDAY.search(text)
    if not m:
        return None
    if m["a"]:
        day, month = day_and_month(int(m["a"]), int(m["b"]), ctx.order == "MDY" and "/" in m.group(0))
        year = m["y4"]
    else:
        day = int(m["d1"] or m["d2"] or m["d3"])
        month = MONTHS[m["m1"].lower()] if m["m1"] else MONTHS[m["m2"].lower()] if m["m2"] else int(m["m3"])
        year = m["y1"] or m["y2"] or m["y3"]
    when = _month_day(ctx.today.replace(year=2000), month, day, 2000, future=False)  # 2000: leap year, any day ok
    if when is None:
        return None
    value = f"{int(year):04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"
    first = min(m.start(g) for g in ("d1", "m2", "y3", "a") if m[g])
    return Span(value, first, m.end())  # the keyword stays readable for the name rules


def find_city(text: str) -> Span | None:
    """A city after its cue ("moved to Hamburg", "from Munich"); the span is masked so that it is no name."""
    m = CITY_SET.search(text) or CITY.search(text)
    if m is None:  # a place typed in lower case after a clear cue: "from munich", "fiona weber moved to lüneburg"
        m = CITY_LOWER.search(text)
        m = m if m and m["city"] not in NO_CITY else None
    return Span(m["city"], m.start("city"), m.end("city")) if m else None


def listed_city(text: str, name: str | None) -> str | None:
    """A city alone in the list of a new customer's details: not the name itself, nor a tag after "tags:"."""
    for m in LISTED_CITY.finditer(text):
        if (not name or m["city"].casefold() != name.casefold()) and "tag" not in text[: m.start()].lower():
            return m["city"]
    last = LAST_LOWER_CITY.search(text)
    return last["city"] if last and last["city"] not in NO_CITY else None


def find_tags(text: str, name: str | None) -> list[str]:
    m = TAGS.search(text)
    raw = (m["list"] or m["list2"] or m["list3"] or m["list4"] or m["list5"] or m["list6"] or m["list7"]) if m else None
    after = TAG_AFTER_NAME.search(text) if raw is None else None
    if after and re.match(r"(?:him|her|them)\s+\w", after["rest"], re.IGNORECASE):
        raw = after["rest"].split(None, 1)[1]  # "..., tag him repeat": the customer before
    elif after and name:
        if after["rest"].lower().startswith(name.lower()):
            raw = after["rest"][len(name):]
        elif name.lower() in text[: after.start()].lower():  # "Müller GmbH - tag vip, fleet"
            raw = after["rest"]
    if not raw:
        return []
    parts = re.split(r",|\band\b|\s+", raw.strip().rstrip(".!"))
    return [p.strip().lower().strip("#") for p in parts if p.strip() and p.strip().lower() not in ("as", "with", "a", "an")]


_NAME = r"(?-i:[A-ZÀ-Ý])[\w'-]*(?:\s+(?:de|van|der|von|da|dos|das|(?-i:[A-ZÀ-Ý])[\w'-]*))*"
# "rename pat to Pat Kelly", "Mrs Patel's first name is Anjali", "Jo is actually called Johanna Berg"
RENAME = re.compile(rf"^(?:please )?(?:rename|change the name of)\s+(?P<old>.+?)\s+(?:to|as|into)\s+(?P<new>{_NAME})\s*[.!]*$"
                    rf"|^(?P<old2>.+?)'s\s+(?P<part>full |first |real |last |sur|correct )?name is\s+(?P<new2>{_NAME})\s*[.!]*$"
                    rf"|^(?P<old3>.+?)\s+is (?:actually |really )?called\s+(?P<new3>{_NAME})\s*[.!]*$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:mrs|mr|ms|miss|dr|frau|herr|pani|pan)\.?\s+", re.IGNORECASE)


def find_new_name(text: str) -> tuple[str, str] | None:
    """(the name the customer goes by now, their new name): a first or last name said alone keeps the rest
    ("Mrs Patel's first name is Anjali": Anjali Patel)."""
    m = RENAME.search(text.strip())
    if not m:
        return None
    old = (m["old"] or m["old2"] or m["old3"]).strip()
    new = (m["new"] or m["new2"] or m["new3"]).strip()
    part = (m["part"] or "").strip().lower()
    words = _TITLE.sub("", old).split()
    if part == "first" and words:
        new = " ".join([new, *words[1:]]) if len(words) > 1 else f"{new} {words[0]}" if _TITLE.match(old) else new
    elif part in ("last", "sur") and words:
        new = f"{words[0]} {new}"
    return old, new


def find_note(text: str) -> str | None:
    m = NOTE.search(text)
    if not m:
        return None
    return (m["note"] or m.group(0)).strip()


def find_score(text: str) -> tuple[Decimal, int | None, int, int] | None:
    """(score, scale, start, end): "9/10", "10 out of 10", "4 stars" (scale 5), "gave us 8"."""
    m = SCALED_SCORE.search(text)
    if m and m["s1"]:
        scale = {"ten": 10, "five": 5}.get(m["of"].lower(), None) or int(m["of"])
        return Decimal(m["s1"].replace(",", ".")), scale, m.start(), m.end()
    if m:
        stars = m["s2"].lower()  # "4 stars", "4,5 stars", "five stars"
        score = Decimal(SMALL_NUMBERS[stars]) if stars in SMALL_NUMBERS else Decimal(stars.replace(",", "."))
        return score, 5, m.start(), m.end()
    m = BARE_SCORE.search(text)
    if not m:
        return None
    group = "s3" if m["s3"] else "s4"
    score = Decimal(m[group].replace(",", "."))  # "gave us 8": only the number is masked, the verb stays
    return score, 10 if score <= 10 else None, m.start(group), m.end()


def sentiment(text: str) -> str:
    return "negative" if NEGATIVE.search(text) else "positive"
