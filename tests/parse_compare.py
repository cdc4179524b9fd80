"""How a parse is compared with its label: the rules of the shared parse format (../shared/nlu/README.md,
applied there by score.py), kept here so that the corpus in the repository is checked without ../shared.

    python tests/parse_compare.py --write-known-misses   # after a change that fixes (or, knowingly, breaks) messages

The corpus test compares the messages the parser gets wrong with tests/known_misses_en.json: a new miss fails
it, and so does a listed one that is now right, so the list can only shrink (no percentage to hide behind).
"""
from __future__ import annotations

import json
import sys
import unicodedata
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bot" / "parsing" / "en" / "corpus"
KNOWN_MISSES = Path(__file__).with_name("known_misses_en.json")


def norm(value: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()


def same(field: str, want: Any, got: Any) -> bool:
    """One parsed value against one expected value, as the format defines it."""
    if want is None:
        return got in (None, "", [])
    if got is None:
        return False
    if field == "amount":
        try:
            return Decimal(str(got)) == Decimal(str(want))
        except InvalidOperation:
            return False
    if field in ("date", "due"):
        g = str(got).replace(" ", "T")
        return g[:16] == want if "T" in want else g[:10] == want
    if field == "tags":
        return {norm(t) for t in want} <= {norm(t) for t in (got or [])}
    if field == "score":
        try:
            return float(got) == float(want)
        except (TypeError, ValueError):
            return False
    if field == "phone":
        return "".join(ch for ch in str(got) if ch.isdigit() or ch == "+") == want
    if field == "birthday":
        return str(got)[-5:] == want
    return norm(got) == norm(want)


def matches(field: str, want: Any, got: Any) -> bool:
    wants = want if isinstance(want, list) and field != "tags" else [want]
    return any(same(field, w, got) for w in wants)


def _fits(expect: dict[str, Any], record: dict[str, Any]) -> bool:
    return all(matches(f, w, record.get(f)) for f, w in expect.items())


def _assign(expects: list[dict[str, Any]], records: list[dict[str, Any]]) -> bool:
    if not expects:
        return True
    first, rest = expects[0], expects[1:]
    return any(_fits(first, r) and _assign(rest, records[:i] + records[i + 1:]) for i, r in enumerate(records))


def right(case: dict[str, Any], got: dict[str, Any]) -> bool:
    """Whether a parse (`Parsed.to_json()`) is right for a labelled case: every expected field, and exactly as
    many records as facts."""
    records = got.get("records") or [got]
    if "expect_all" in case:
        return len(records) == len(case["expect_all"]) and _assign(case["expect_all"], records)
    return len(records) == 1 and _fits(case["expect"], got)


def cases(*paths: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_misses() -> list[str]:
    """The corpus messages the parser gets wrong, in the samples' reference settings."""
    from bot.parsing import ParseContext, parse

    ctx = ParseContext(now=datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")), tz="Europe/Berlin",
                       currency="EUR", region="DE")
    return sorted({case["text"] for case in cases(*sorted(CORPUS.glob("*.jsonl")))
                   if not right(case, parse(case["text"], ctx).to_json())})


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-known-misses"]:
        raise SystemExit(__doc__)
    sys.path.insert(0, str(ROOT))
    misses = corpus_misses()
    KNOWN_MISSES.write_text(json.dumps(misses, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(misses)} known misses written to {KNOWN_MISSES.relative_to(ROOT)}")
