"""An owner's CSV file opened for import: its encoding, delimiter and header, then its rows, streamed.

Why each rule:
- Encoding. UTF-8 (with or without a BOM) is read strictly. Anything else is named by chardet from the
  first megabyte and then read strictly too, and the report says which encoding it was and quotes a
  line as read, so a wrong guess shows at once (and `undo` takes it back). chardet 7 rather than
  charset-normalizer: on 250 short CSV-like files in ten encodings it decoded 235 right against 165,
  which mostly confused one Windows code page for another (German cp1252 read as mac_latin2). Only the
  encodings of this century's spreadsheets are candidates (Windows code pages, CJK, UTF-16/32), and a
  guess whose text holds characters that only a misreading yields is refused (see `_odd`).
  Bytes that do not decode further into the file stop the import, since a file that mixes encodings
  would otherwise be stored half as mojibake.
- Quotes. csv's strict mode and a bounded cell (MAX_CELL) make a quote that is never closed an error
  at the line where it opened, instead of one cell that swallows every row after it. Any such error
  refuses the whole file: after a broken quote, which text belongs to which row can't be told.
- Memory. The file is read line by line (a line is at most MAX_LINE characters), never whole.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from crm.errors import CrmError

Progress = Callable[[int, int], None]  # (bytes read, bytes in the file)

MAX_CELL = 100_000  # characters: 20 times a long note; an unclosed quote that meets no other gives up within ~1,500 rows
MAX_LINE = 10 * MAX_CELL
SAMPLE = 1 << 20  # bytes the encoding is judged on
PROGRESS_EVERY = 2_000  # rows
_LINE_END = re.compile(r"\r\n|\r|\n")  # as csv counts lines
NEAR_TIE = 0.8  # Windows-1252 wins against another single-byte code page scoring at most 1/0.8 times its score
LABELS = {"cp932": "Shift-JIS", "shift_jis": "Shift-JIS", "cp949": "EUC-KR", "euc_kr": "EUC-KR"}


def clip(text: str, limit: int = 120) -> str:
    """`text` short enough to quote in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class CsvFile:
    name: str
    note: str | None  # what the report should say about the encoding; None for UTF-8
    header: list[str]
    _reader: Any
    _binary: BinaryIO
    _size: int
    _progress: Progress | None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line the row starts on, its cells) for each row after the header; CrmError when the file
        stops being readable, which leaves nothing of it to trust."""
        for count in itertools.count(1):
            record = self._next()
            if record is None:
                break
            if self._progress and count % PROGRESS_EVERY == 0:
                self._progress(self._binary.tell(), self._size)
            yield record
        if self._progress:
            self._progress(self._size, self._size)

    def _next(self) -> tuple[int, list[str]] | None:
        start = self._reader.line_num + 1
        try:
            return start, next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            raise CrmError(_broken(self.name, str(error), start, self._reader.line_num)) from None


@contextmanager
def open_csv(path: Path, progress: Progress | None = None) -> Iterator[CsvFile]:
    """The file opened, its encoding named and its header read; CrmError if it is not a readable CSV file."""
    with path.open("rb") as binary:
        codec, label, note = detect_encoding(binary, path.name)
        with io.TextIOWrapper(binary, encoding=codec, newline="") as text:
            lines = _lines(text, path.name, label)
            first = next(lines, None)
            if first is None:
                raise CrmError(f"{path.name} is empty.")
            csv.field_size_limit(MAX_CELL)  # process-wide in csv; set here, so nothing else has raised it
            reader = csv.reader(itertools.chain([first], lines), delimiter=max(",;\t", key=first.count), strict=True)
            csv_file = CsvFile(path.name, note, [], reader, binary, os.fstat(binary.fileno()).st_size, progress)
            header = csv_file._next()
            csv_file.header = header[1] if header else []
            yield csv_file


def detect_encoding(binary: BinaryIO, name: str) -> tuple[str, str, str | None]:
    """(codec, its name for people, the note for the report) from the first SAMPLE bytes."""
    sample = binary.read(SAMPLE)
    binary.seek(0)
    if _decodes(sample, "utf-8-sig") is not None:  # with or without the BOM
        return "utf-8-sig", "UTF-8", None
    if sample.startswith(codecs.BOM_UTF8):
        raise CrmError(f"{name} starts as UTF-8 but holds bytes that are not. Save it again as “CSV UTF-8” and import that.")
    found = _guess(sample)
    text = _decodes(sample, found) if found else None
    if text is None or any(_odd(ch) for ch in text):
        raise CrmError(f"{name} is not UTF-8, and it doesn't read as text in any other encoding I know. "
                       "Save it as “CSV UTF-8” and import that.")
    codec = codecs.lookup(found).name
    label = LABELS.get(codec, found)
    example = next((line for line in text.splitlines() if not line.isascii()), None)
    shown = f": for example “{clip(example, 60)}”." if example else "."
    return codec, label, f"Read as {label}, as the file is not UTF-8{shown}"


def _guess(sample: bytes) -> str | None:
    """chardet's encoding for the sample, except that Windows-1252 wins a near tie with another
    single-byte code page. On a short file chardet can hardly tell them apart (a Spanish "Muñoz" scored
    0.022 as Windows-1250, which reads it "Muńoz", against 0.021 as Windows-1252), and Windows-1252 is
    what a spreadsheet on a Western-European or American computer writes; a Polish file still wins
    clearly as Windows-1250 (0.065 against 0.022)."""
    import chardet  # only for files that are not UTF-8

    found = chardet.detect_all(sample, encoding_era=chardet.EncodingEra.MODERN_WEB, prefer_superset=True)
    if not found or not found[0]["encoding"]:
        return None
    best = found[0]
    western = next((f for f in found if f["encoding"] == "Windows-1252"), None)
    if western and _single_byte(best["encoding"]) and western["confidence"] >= NEAR_TIE * best["confidence"]:
        return "Windows-1252"
    return best["encoding"]


def _single_byte(encoding: str) -> bool:
    return codecs.lookup(encoding).name.startswith(("cp12", "iso8859", "latin"))


def _decodes(sample: bytes, codec: str) -> str | None:
    """The sample as text in `codec`, allowing a character cut off at its end; None if it isn't."""
    try:
        return codecs.getincrementaldecoder(codec)().decode(sample, final=len(sample) < SAMPLE)
    except UnicodeDecodeError:
        return None


def _odd(ch: str) -> bool:
    """A character that shows the guess wrong: one Unicode leaves unassigned or private (a multi-byte
    encoding misread) or a C1 control (Latin-1 read where Windows-1252 was meant). C0 controls read the
    same in every candidate, so they tell nothing."""
    return "\x80" <= ch <= "\x9f" or unicodedata.category(ch) in ("Cn", "Co")


def _lines(text: io.TextIOWrapper, name: str, label: str) -> Iterator[str]:
    number = 0
    try:
        while line := text.readline(MAX_LINE):
            number += 1
            if len(line) == MAX_LINE and not line.endswith(("\n", "\r")):
                raise CrmError(f"{name}, line {number} is over {MAX_LINE:,} characters long, longer than any row of "
                               "customers or orders: it may not be a CSV file.")
            yield line
    except UnicodeDecodeError:
        raise CrmError(f"{name} is not all {label}: line {_bad_line(text)} holds bytes that are not (does it mix "
                       "encodings?). Save it as “CSV UTF-8” and import that.") from None


def _bad_line(text: io.TextIOWrapper) -> int:
    """The line with the first bytes that don't decode. The text layer decodes 8 KB ahead of the line it
    hands out, so its error can't tell; this reads again from the start, one line of bytes at a time."""
    binary, decoder, line = text.buffer, codecs.getincrementaldecoder(text.encoding)(), 1
    binary.seek(0)
    for piece in iter(lambda: binary.readline(MAX_LINE), b""):
        try:
            line += len(_LINE_END.findall(decoder.decode(piece)))
        except UnicodeDecodeError:
            break
    return line


def _broken(name: str, error: str, start: int, end: int) -> str:
    """csv's error as a sentence naming the line where the broken row starts."""
    spans = end > start
    if "unexpected end of data" in error or ("expected after" in error and spans):
        return (f"{name}, line {start}: a quote opened here is never closed, so the rows after it can't be told "
                "apart. Close it (a quote inside a cell is written twice: \"\") and import the file again.")
    if "field larger than field limit" in error:
        cause = "perhaps a quote opened here is never closed" if spans else "more than any customer or order detail"
        return f"{name}, line {start}: a cell is longer than {MAX_CELL:,} characters ({cause}). Fix it and import the file again."
    if "expected after" in error:
        return (f"{name}, line {start}: a quoted cell goes on after its closing quote. Put the whole cell in quotes, "
                "write each quote inside it twice (\"\"), and import the file again.")
    return f"{name}, line {start} can't be read as CSV ({error}). Fix it and import the file again."
