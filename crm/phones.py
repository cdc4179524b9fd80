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
