"""The parser against an outside yardstick: the shop-owner subset of Duckling's English time and money corpora.

The corpora and the list of today's misses are in tests/corpora/ (no network, no ../shared). A miss that is not on
the list fails (the parser got worse); a listed miss that is now right fails too, so that the list shrinks as the
parser improves: rewrite it with `.venv/bin/python benchmarks/outside_corpora.py --write-known-misses`.
"""
from __future__ import annotations

import json

import pytest

from benchmarks.outside_corpora import CORPORA, KNOWN_MISSES, load, owner_misses, owner_money, owner_time


@pytest.fixture(scope="module")
def misses() -> dict[str, list[str]]:
    return owner_misses()


@pytest.fixture(scope="module")
def known() -> dict[str, list[str]]:
    return json.loads(KNOWN_MISSES.read_text(encoding="utf-8"))


def test_corpora_are_in_the_repository() -> None:
    for name in ("duckling_time_en", "duckling_money_en", "duckling_time_en_negative", "duckling_money_en_negative"):
        header = json.loads((CORPORA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[0])["_header"]
        assert "Facebook" in header["licence"] and len(header["commit"]) == 40
    assert sum(map(owner_time, load("duckling_time_en"))) > 250
    assert sum(map(owner_money, load("duckling_money_en"))) > 60


@pytest.mark.parametrize("corpus", ["time", "money"])
def test_no_new_misses(corpus: str, misses: dict[str, list[str]], known: dict[str, list[str]]) -> None:
    new = sorted(set(misses[corpus]) - set(known[corpus]))
    assert not new, f"{corpus}: the parser now gets these wrong (text => wanted): {new}"


@pytest.mark.parametrize("corpus", ["time", "money"])
def test_known_misses_still_missed(corpus: str, misses: dict[str, list[str]], known: dict[str, list[str]]) -> None:
    fixed = sorted(set(known[corpus]) - set(misses[corpus]))
    assert not fixed, (f"{corpus}: now right, take them off tests/corpora/known_misses.json "
                       f"(benchmarks/outside_corpora.py --write-known-misses): {fixed}")
