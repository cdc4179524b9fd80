"""Phones and e-mail addresses: the same in every language (phonenumbers reads a number in the owner's region)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

import phonenumbers

EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")  # from the start of a run of such characters only


@dataclass(frozen=True)
class Span:
    value: object
    start: int
    end: int


# Groups of digits looked at for a phone number (found or not): a message names a few, and phonenumbers takes about
# a tenth of a millisecond for each, so that a long message of numbers took tens of milliseconds.
_PHONE_CANDIDATES = 20


def find_phone(text: str, region: str) -> Span | None:
    """The first phone number, E.164; numbers without a country code are read in `region`."""
    for leniency in (phonenumbers.Leniency.VALID, phonenumbers.Leniency.POSSIBLE):
        matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency, max_tries=_PHONE_CANDIDATES)
        for match in islice(matcher, _PHONE_CANDIDATES):
            if len(str(match.number.national_number)) >= 6:
                return Span(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
                            match.start, match.end)
    return None


def find_email(text: str) -> Span | None:
    m = EMAIL.search(text)
    return Span(m.group(0), m.start(), m.end()) if m else None
