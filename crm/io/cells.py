"""One CSV cell: as a date or time, in the formats spreadsheets and other CRMs write, and guarded
against formula injection.

Dates alone mean the owner's local day (stored at local noon, so the day survives any zone shift
of a few hours); full timestamps keep their time. Slash dates follow the owner's day/month order.

A spreadsheet runs a cell that starts with = + - @ as a formula (some also one that starts with a tab
or carriage return), so a customer named "=HYPERLINK(...)" could act for whoever opens the export.
OWASP's advice is a leading apostrophe, which spreadsheets read as "this is text". `guard` adds one
to every text cell that starts so, after any apostrophes it already has; `unguard` takes exactly one
off again. They are inverses, so "'=x" survives too, and so does "+4930...", an E.164 phone number,
which the guard also keeps from being read as a number.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from crm.errors import Invalid

NOON = time(12, 0)
_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d.%m.%Y", "%d.%m.%y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
MDY_REGIONS = {"US", "PH", "CA", "FM", "MH", "PW"}
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def guard(cell: str) -> str:
    """The text as exported: one more leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + cell if _FORMULA.match(cell) else cell


def unguard(cell: str) -> str:
    """The inverse of `guard`, as imported."""
    return cell[1:] if _GUARDED.match(cell) else cell


def date_order_of(region: str) -> str:
    """"MDY" where people write month first (US), else "DMY"."""
    return "MDY" if region.upper() in MDY_REGIONS else "DMY"


def parse_day(text: str, date_order: str = "DMY") -> date:
    text = text.strip().replace(",", "")
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)  # the common case, 30x faster than strptime
        except ValueError:
            pass
    slash = _SLASH.match(text)
    if slash:
        a, b, y = (int(g) for g in slash.groups())
        day_, month = (b, a) if date_order == "MDY" else (a, b)
        year = y + 2000 if y < 100 else y
        try:
            return date(year, month, day_)
        except ValueError:
            raise Invalid(f"“{text}” is not a real date.") from None
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise Invalid(f"“{text}” isn't a date I can read (use YYYY-MM-DD).")


def parse_when(text: str, tz: str, date_order: str = "DMY") -> datetime:
    """A cell as an aware moment: an ISO timestamp as given (local zone if it has none), a bare date
    at local noon."""
    text = text.strip()
    if not text:
        raise Invalid("the date is missing")
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", text):
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            raise Invalid(f"“{text}” isn't a timestamp I can read.") from None
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=ZoneInfo(tz))
    return datetime.combine(parse_day(text, date_order), NOON, tzinfo=ZoneInfo(tz))


def format_when(moment: datetime, tz: str) -> str:
    """The inverse of `parse_when`: a bare local date when the time is local noon, else ISO with offset."""
    local = moment.astimezone(ZoneInfo(tz))
    if local.time() == NOON:
        return local.date().isoformat()
    return local.isoformat()
