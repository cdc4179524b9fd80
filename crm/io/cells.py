"""One CSV cell: as a date or time, in the formats spreadsheets and other CRMs write, and guarded
against formula injection.

Dates alone mean the owner's local day (stored at local noon, so the day survives any zone shift
of a few hours); full timestamps keep their time. Slash dates follow the owner's day/month order,
unless the year comes first ("2026/12/3", as in China and Japan). Also read: "03.12.2026",
"2026年12月3日", and timestamps as exports write them ("2026-03-10 14:22:05 +0100", Shopify's).

A spreadsheet runs a cell that starts with = + - @ as a formula (some also one that starts with a tab
or carriage return), so a customer named "=HYPERLINK(...)" could act for whoever opens the export.
OWASP's advice is a leading apostrophe, which spreadsheets read as "this is text". `guard` adds one
to every text cell that starts so, after any apostrophes it already has; `unguard` takes exactly one
off again. They are inverses, so "'=x" survives too, and so does "+4930...", an E.164 phone number,
which the guard also keeps from being read as a number.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from crm.errors import Invalid

NOON = time(12, 0)
_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%d.%m.%y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_CJK = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_STAMP = re.compile(r"^(?P<day>\S+)[T ](?P<clock>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?P<zone>Z|UTC|[+-]\d{2}:?\d{2})?$")
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
    cjk = _CJK.match(text)
    if cjk:
        text = "-".join(cjk.groups())
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise Invalid(f"“{text}” isn't a date I can read (use YYYY-MM-DD).")


def parse_when(text: str, tz: str, date_order: str = "DMY", clock: str = "") -> datetime:
    """A cell as an aware moment: a timestamp as given (local zone if it has none), a bare date at
    local noon; `clock` is the time of day when a file has it in a column of its own (Square's)."""
    text = text.strip()
    if not text:
        raise Invalid("the date is missing")
    if clock.strip():
        text = f"{text} {clock.strip()}"
    if re.match(r"^\d{4}-\d{2}-\d{2}T\d", text):
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            raise Invalid(f"“{text}” isn't a timestamp I can read.") from None
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=ZoneInfo(tz))
    stamp = _STAMP.match(text)
    if not stamp:
        return datetime.combine(parse_day(text, date_order), NOON, tzinfo=ZoneInfo(tz))
    hhmm = stamp["clock"] if stamp["clock"].index(":") == 2 else "0" + stamp["clock"]  # "9:05" as "09:05"
    try:
        moment = time.fromisoformat(hhmm)
    except ValueError:
        raise Invalid(f"“{text}” isn't a timestamp I can read.") from None
    return datetime.combine(parse_day(stamp["day"], date_order), moment, tzinfo=_zone(stamp["zone"], tz))


def _zone(offset: str | None, tz: str) -> timezone | ZoneInfo:
    """"+0100", "+01:00", "Z" or "UTC" as a zone; the owner's zone when there is none."""
    if not offset:
        return ZoneInfo(tz)
    if offset in ("Z", "UTC"):
        return UTC
    hours, minutes = int(offset[1:3]), int(offset[-2:])
    sign = -1 if offset[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def format_when(moment: datetime, tz: str) -> str:
    """The inverse of `parse_when`: a bare local date when the time is local noon, else ISO with offset."""
    local = moment.astimezone(ZoneInfo(tz))
    if local.time() == NOON:
        return local.date().isoformat()
    return local.isoformat()
