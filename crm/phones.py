"""Phone numbers in E.164, through Google's libphonenumber port (`phonenumbers`).

Written-down numbers come in every local style ("089 123456", "+47 912 34 567", "(0160) 555-0123");
storing E.164 is what makes duplicate detection on phone numbers work.
"""
from __future__ import annotations

import phonenumbers

from crm.errors import Invalid

MIN_DIGITS = 6  # libphonenumber calls some 2-4 digit service numbers "possible"; no customer has one


def normalize_phone(text: str, region: str) -> str:
    """`text` as E.164, reading numbers without a country code in `region`; Invalid if not a number."""
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException:
        raise Invalid(f"“{text}” doesn't look like a phone number.") from None
    if not phonenumbers.is_possible_number(number) or len(str(number.national_number)) < MIN_DIGITS:
        raise Invalid(f"“{text}” doesn't look like a complete phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_region(code: str) -> bool:
    return code.upper() in phonenumbers.SUPPORTED_REGIONS


def import_phone(text: str, region: str) -> str | None:
    """A phone number from an imported file as E.164, or None when it can't be told faithfully, for the
    importer to keep as written (and say so).

    Why not `normalize_phone`: an owner's book holds numbers from abroad written as at home there. A
    French mobile "06 12 34 56 78" read in GB is no number at all, and "0151 23456789" (German) is
    too long for one; made E.164 anyway they would become numbers nobody has, and refused they would
    lose the row. So a number without a country code becomes E.164 only when it is a valid number of
    `region`. A number with one, "+49 ..." or "0049 ...", is E.164 when it is a possible number: it
    names its country, nothing is guessed. A leading 00 is read as "+" in every region, though
    libphonenumber takes it so only where 00 is the exit code (not in the US, where it is 011)."""
    written = text.strip()
    international = written.startswith("+") or written.startswith("00")
    try:
        number = phonenumbers.parse("+" + written[2:] if written.startswith("00") else written, region.upper())
    except phonenumbers.NumberParseException:
        return None
    if len(str(number.national_number)) < MIN_DIGITS:
        return None
    fits = phonenumbers.is_possible_number(number) if international else phonenumbers.is_valid_number(number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if fits else None
