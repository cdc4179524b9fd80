"""Turn Duckling's English test corpora (time, money) into JSON lines kept in tests/corpora/.

Run: .venv/bin/python benchmarks/duckling_corpus.py [--repo /work/.mirror/facebook+duckling/repo]

Reads, from the git directory of facebook/duckling (bare is fine, read with `git show`):
  Duckling/Time/EN/Corpus.hs          -> tests/corpora/duckling_time_en.jsonl, duckling_time_en_negative.jsonl
  Duckling/AmountOfMoney/EN/Corpus.hs -> tests/corpora/duckling_money_en.jsonl, duckling_money_en_negative.jsonl

The first line of each file is a header ({"_header": ...}: source, commit, licence notice); every other line is one
item. The files are checked in: the scorer and the test read them without network and without ../shared.

Time: only instants are kept, `datetime (y, m, d, h, mi, s) Grain` and `datetimeHoliday (...) Grain "name"`; intervals
(datetimeInterval, datetimeIntervalHoliday, datetimeOpenInterval) are counted and dropped. An item is
  {"text", "value", "grain", "section", "holiday"?, "ref"?}
with value "YYYY-MM-DD" for a grain of a day or coarser (the first day of the week, month, quarter or year) and
"YYYY-MM-DDTHH:MM" for hour, minute and second (":SS" is appended when Duckling's seconds are not 0). Duckling's
tuples are wall-clock times in the reference zone (UTC-2, see Duckling/Testing/Types.hs: 2013-02-12 04:30, a
Tuesday). `section` is where the example sits: "corpus" (allExamples), "default" (defaultCorpus's extra examples,
US month/day order), "latent" (only read with withLatent = True) or "diff" (another reference time, given as "ref").

Money: only `simple <Currency> <amount>` (one amount); between/under/above are dropped. Duckling's currency types map
to ISO 4217 codes: the code itself when the type is one (USD, EUR, GBP, INR, ...); Dollar ("$", "dollars") -> USD and
Pound ("£", "pounds") -> GBP, as a US/UK English reader takes them. Types that name no one currency are dropped and
listed in the header: Unnamed ("42 bucks": Duckling will not say whose), Cent ("10 cents": a hundredth of no named
currency), Dinar, Riyal and Rial (each the name of several countries' currencies).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "corpora"
DEFAULT_REPO = Path("/work/.mirror/facebook+duckling/repo")
TIME_PATH = "Duckling/Time/EN/Corpus.hs"
MONEY_PATH = "Duckling/AmountOfMoney/EN/Corpus.hs"
REFERENCE = "2013-02-12T04:30:00-02:00"  # testContext in Duckling/Testing/Types.hs: Tuesday, UTC-2
LICENCE = ("Duckling, Copyright (c) 2016-present, Facebook, Inc. All rights reserved. BSD License: redistributions "
           "must retain this copyright notice, the list of conditions and the disclaimer in Duckling's LICENSE "
           "(tests/corpora/README.md has it in full).")

CURRENCY = {"Dollar": "USD", "Pound": "GBP"}  # ambiguous names read the way US/UK English does
NO_CURRENCY = {
    "Unnamed": "Duckling names no currency (\"42 bucks\")",
    "Cent": "a hundredth of no named currency (\"10 cents\", \"10¢\")",
    "Dinar": "several countries' currency (Kuwait, Iraq, Jordan, Serbia, ...)",
    "Riyal": "several countries' currency (Saudi Arabia, Qatar, Oman, ...)",
    "Rial": "several countries' currency (Iran, Oman, Yemen)",
}


def git_show(repo: Path, path: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{path}"], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def git_commit(repo: Path) -> str:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


def haskell_string(body: str) -> str:
    """The text of a Haskell string literal's body: \\xHHHH, \\DDD, \\& (an empty separator), \\" and the like."""
    out, i = [], 0
    simple = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "'": "'"}
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "x":
            m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
            assert m, body
            out.append(chr(int(m.group(), 16)))
            i += 2 + m.end()
        elif nxt.isdigit():
            m = re.match(r"\d+", body[i + 1:])
            assert m
            out.append(chr(int(m.group())))
            i += 1 + m.end()
        elif nxt == "&":
            i += 2
        else:
            out.append(simple[nxt])
            i += 2
    return "".join(out)


_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)


def strip_comments(source: str) -> str:
    """Haskell line comments (`-- ...`) outside string literals."""
    lines = []
    for line in source.splitlines():
        out, in_string, i = [], False, 0
        while i < len(line):
            ch = line[i]
            if in_string:
                out.append(ch)
                if ch == "\\":
                    out.append(line[i + 1])
                    i += 1
                elif ch == '"':
                    in_string = False
            elif ch == '"':
                in_string = True
                out.append(ch)
            elif line.startswith("--", i):
                break
            else:
                out.append(ch)
            i += 1
        lines.append("".join(out))
    return "\n".join(lines)


def balanced(source: str, start: int, open_: str, close: str) -> int:
    """The index just past the bracket that closes the one at `start`, skipping string literals."""
    depth, i = 0, start
    while i < len(source):
        ch = source[i]
        if ch == '"':
            m = _STRING.match(source, i)
            assert m
            i = m.end()
            continue
        if ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced from {start}")


def sections(source: str) -> dict[str, tuple[int, int]]:
    """Where each top-level definition starts and ends (by its `name :: ` line)."""
    marks = [(m.group(1), m.start()) for m in re.finditer(r"^([a-zA-Z]\w*) ::", source, re.MULTILINE)]
    return {name: (start, marks[k + 1][1] if k + 1 < len(marks) else len(source)) for k, (name, start) in enumerate(marks)}


def example_groups(source: str) -> list[tuple[int, str, list[str]]]:
    """Each `examples (<expression>) [<strings>]`: its offset, the expression and the texts."""
    groups = []
    for m in re.finditer(r"\bexamples\s*\(", source):
        end = balanced(source, m.end() - 1, "(", ")")
        expr = " ".join(source[m.end(): end - 1].split())
        bracket = source.index("[", end)
        assert not source[end:bracket].strip(), source[end:bracket]
        close = balanced(source, bracket, "[", "]")
        texts = [haskell_string(s.group(1)) for s in _STRING.finditer(source, bracket, close)]
        groups.append((m.start(), expr, texts))
    return groups


def negatives(source: str, name: str = "negativeCorpus") -> list[str]:
    start, end = sections(source)[name]
    body = source[start:end]
    bracket = body.index("[", body.index("examples ="))
    return [haskell_string(s.group(1)) for s in _STRING.finditer(body, bracket, balanced(body, bracket, "[", "]"))]


_TUPLE = r"\(\s*(-?\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*([\d.]+)\s*\)"
_INSTANT = re.compile(rf"^(datetime|datetimeHoliday)\s+{_TUPLE}\s+(\w+)(?:\s+\"([^\"]*)\")?$")
GRAINS = {"Second": "second", "Minute": "minute", "Hour": "hour", "Day": "day", "Week": "week", "Month": "month",
          "Quarter": "quarter", "Year": "year"}


def time_value(parts: tuple[str, ...], grain: str) -> str:
    y, mo, d, h, mi = (int(p) for p in parts[:5])
    s = Decimal(parts[5])
    day = f"{y:04d}-{mo:02d}-{d:02d}"
    if grain in ("second", "minute", "hour"):
        value = f"{day}T{h:02d}:{mi:02d}"
        return value + (f":{int(s):02d}" if s else "")
    return day


def convert_time(source: str) -> tuple[list[dict], list[str], dict[str, int]]:  # type: ignore[type-arg]
    source = strip_comments(source)
    where = sections(source)
    section_of = {"allExamples": "corpus", "defaultCorpus": "default", "latentCorpus": "latent", "diffCorpus": "diff"}
    diff_ref = re.search(r"diffContext = Context.*?refTime " + _TUPLE + r" \((-?\d+)\)", source, re.DOTALL)
    assert diff_ref
    y, mo, d, h, mi, _s, off = diff_ref.groups()
    diff = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}T{int(h):02d}:{int(mi):02d}:00{int(off):+03d}:00"
    items, dropped = [], {}
    for offset, expr, texts in example_groups(source):
        name = next(n for n, (a, b) in where.items() if a <= offset < b)
        section = section_of[name]
        m = _INSTANT.match(expr)
        if not m:
            kind = expr.split()[0]
            dropped[kind] = dropped.get(kind, 0) + len(texts)
            continue
        grain = GRAINS[m.group(8)]
        for text in texts:
            item = {"text": text, "value": time_value(m.groups()[1:7], grain), "grain": grain, "section": section}
            if m.group(1) == "datetimeHoliday":
                item["holiday"] = m.group(9)
            if section == "diff":
                item["ref"] = diff
            items.append(item)
    return items, negatives(source), dropped


_SIMPLE = re.compile(r"^simple\s+(\w+)\s+([\d.e]+)$")


def convert_money(source: str) -> tuple[list[dict], list[str], dict[str, int]]:  # type: ignore[type-arg]
    source = strip_comments(source)
    start, end = sections(source)["allExamples"]
    items, dropped = [], {}
    for offset, expr, texts in example_groups(source):
        if not start <= offset < end:
            continue  # latentCorpus: bare numbers ("5", "7.2"), no currency at all
        m = _SIMPLE.match(expr)
        kind = m.group(1) if m else expr.split()[0]
        if not m or kind in NO_CURRENCY:
            dropped[kind] = dropped.get(kind, 0) + len(texts)
            continue
        amount = Decimal(m.group(2))
        amount = amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
        currency = CURRENCY.get(kind, kind)
        assert re.fullmatch(r"[A-Z]{3}", currency), kind
        for text in texts:
            items.append({"text": text, "amount": str(amount), "currency": currency, "duckling": kind})
    return items, negatives(source), dropped


def write(path: Path, header: dict, rows: list[dict]) -> None:  # type: ignore[type-arg]
    lines = [json.dumps({"_header": header}, ensure_ascii=False)] + [json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, default=DEFAULT_REPO, help="facebook/duckling git directory")
    args = ap.parse_args()
    commit = git_commit(args.repo)
    OUT.mkdir(parents=True, exist_ok=True)
    base = {"source": "https://github.com/facebook/duckling", "commit": commit, "licence": LICENCE,
            "reference_time": REFERENCE, "converter": "benchmarks/duckling_corpus.py"}

    time_items, time_neg, time_dropped = convert_time(git_show(args.repo, TIME_PATH))
    write(OUT / "duckling_time_en.jsonl", {**base, "file": TIME_PATH, "kept": "instants (datetime, datetimeHoliday)",
                                           "dropped": time_dropped}, time_items)
    write(OUT / "duckling_time_en_negative.jsonl", {**base, "file": TIME_PATH, "kept": "negativeCorpus"},
          [{"text": t} for t in time_neg])

    money_items, money_neg, money_dropped = convert_money(git_show(args.repo, MONEY_PATH))
    write(OUT / "duckling_money_en.jsonl", {**base, "file": MONEY_PATH, "kept": "simple amounts with one currency",
                                            "mapped": CURRENCY, "dropped": money_dropped,
                                            "dropped_why": NO_CURRENCY}, money_items)
    write(OUT / "duckling_money_en_negative.jsonl", {**base, "file": MONEY_PATH, "kept": "negativeCorpus"},
          [{"text": t} for t in money_neg])

    print(f"time:  {len(time_items)} instants, {len(time_neg)} negatives; dropped {time_dropped}")
    print(f"money: {len(money_items)} amounts, {len(money_neg)} negatives; dropped {money_dropped}")


if __name__ == "__main__":
    main()
