"""vCard files (.vcf), as phones and mail programs export contacts: versions 2.1, 3.0 and 4.0, several
cards in one file.

Why vobject, and only its line reader: vobject (the maintained py-vobject project) reads the lexical
layer hand-written parsing gets wrong, folded lines, vCard 2.1's quoted-printable with its soft line
breaks and CHARSET, parameters with and without names, and it refuses a line that is no property
with its line number, so a broken file stops the import there, as a broken CSV quote does. Its value
layer is not used: it reads every text as 3.0's comma list and keeps the first item, so a 2.1 card's
"FN:Smith, John" became "Smith" and a note lost all after its first comma (2.1 escapes no commas, and
many 3.0 writers don't either). Values are unescaped here, by the card's version.

A card gives its FN, else its N; its first TEL and EMAIL; the first part of ORG (the company, not the
department); BDAY (Apple's 1604 stands for no year); NOTE; the city of its first ADR; CATEGORIES as
tags. The file's encoding is found as a CSV file's is (`crm.io.csv_file.detect_encoding`).
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crm.errors import CrmError
from crm.io.csv_file import clip, detect_encoding
from crm.io.records import Format, Record, Records

MAX_BYTES = 50 << 20  # a few thousand contacts with photos; a file is read whole
FORMAT = Format(label="a vCard file", kind="customers", signature=frozenset(), fields={})
FIELDS = {"name", "phone", "email", "company", "birthday", "notes", "city", "tags"}


def is_vcard(path: Path) -> bool:
    return path.suffix.lower() in (".vcf", ".vcard")


@contextmanager
def open_vcards(path: Path) -> Iterator[Records]:
    with path.open("rb") as binary:
        if binary.seek(0, io.SEEK_END) > MAX_BYTES:
            raise CrmError(f"{path.name} is over {MAX_BYTES >> 20} MB, more than a book of contacts.")
        binary.seek(0)
        codec, label, note = detect_encoding(binary, path.name)
        data = binary.read()
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise CrmError(f"{path.name} is not all {label}: it holds bytes that are not (does it mix encodings?). "
                       "Export the contacts again and import that.") from None
    if "BEGIN:VCARD" not in text.upper():
        raise CrmError(f"{path.name} holds no contacts (no BEGIN:VCARD).")
    yield Records(path.name, FORMAT, note, [], _cards(path.name, text), set(FIELDS))


def _cards(name: str, text: str) -> Iterator[Record]:
    from vobject.base import ParseError, getLogicalLines, textLineToContentLine  # only for vCard files

    card: dict[str, list[Any]] | None = None
    start = 1
    try:
        for logical, number in getLogicalLines(io.StringIO(text), allowQP=True):
            line = textLineToContentLine(logical, number)
            what, value = line.name.upper(), line.value
            if what == "BEGIN" and value.upper() == "VCARD" and card is None:
                card, start = {}, max(number, 1)
            elif what == "END" and value.upper() == "VCARD" and card is not None:
                yield Record(_line(card, start), _cells(card))
                card = None
            elif card is None:
                raise ParseError(f"“{clip(logical, 40)}” is outside any card", number)
            else:
                card.setdefault(what, []).append(line)
    except (ParseError, ValueError, LookupError) as error:  # a QP value in an unknown CHARSET, too
        line_number = getattr(error, "lineNumber", None)
        where = f", line {line_number}" if line_number else ""
        raise CrmError(f"{name}{where} can't be read as a vCard ({getattr(error, 'msg', error)}). "
                       "Fix it, or export the contacts again, and import the file again.") from None
    if card is not None:
        raise CrmError(f"{name}: the card that starts at line {start} never ends (no END:VCARD). "
                       "Export the contacts again and import that.")


def _line(card: dict[str, list[Any]], start: int) -> int:
    """The card's BEGIN line: the line before its first property (vobject counts a line after a blank
    one from the blank one)."""
    numbers = [line.lineNumber for lines in card.values() for line in lines if line.lineNumber]
    return max(min(numbers, default=start + 1) - 1, 1)


def _cells(card: dict[str, list[Any]]) -> dict[str, str]:
    version = card["VERSION"][0].value.strip() if "VERSION" in card else "3.0"

    def first(what: str) -> list[str]:
        """The first such property's parts (split at unescaped semicolons), unescaped."""
        if what not in card:
            return []
        return [_unescape(part, version) for part in re.split(r"(?<!\\);", card[what][0].value)]

    cells = {
        "name": " ".join(first("FN")) or _full_name(first("N")),
        "phone": " ".join(first("TEL")).removeprefix("tel:"),
        "email": " ".join(first("EMAIL")),
        "company": (first("ORG") or [""])[0],
        "birthday": _birthday(card["BDAY"][0]) if "BDAY" in card else "",
        "notes": ";".join(first("NOTE")),
        "city": (first("ADR") + [""] * 4)[3],
        "tags": ",".join(re.split(r"(?<!\\),", ";".join(first("CATEGORIES")))),
    }
    return {key: value.strip() for key, value in cells.items() if value and value.strip()}


def _full_name(n: list[str]) -> str:
    """N is family;given;additional;prefix;suffix: given, additional and family, in that order."""
    family, given, additional = (n + ["", "", ""])[:3]
    return " ".join(part for part in (given, additional, family) if part)


def _unescape(value: str, version: str) -> str:
    """3.0 and 4.0 escape newlines, commas, semicolons and backslashes; 2.1 only semicolons."""
    if version.startswith("2"):
        return value.replace("\\;", ";")
    return re.sub(r"\\(.)", lambda found: "\n" if found[1] in "nN" else found[1], value)


def _birthday(line: Any) -> str:
    """As written, or MM-DD when the card has no year (Apple writes the year 1604 for that)."""
    value = line.value.strip()
    if "1604" in line.params.get("X-APPLE-OMIT-YEAR", []) or value.startswith("1604"):
        found = re.search(r"(\d{2})-?(\d{2})$", value)
        return f"{found[1]}-{found[2]}" if found else value
    return value
