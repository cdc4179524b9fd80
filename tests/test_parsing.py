"""The parser against labelled messages, compared exactly as `shared/nlu/score.py` compares them."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.parsing import ParseContext, parse
from tests.conftest import SHARED
from tests.parse_compare import CORPUS, KNOWN_MISSES, cases, corpus_misses

SCORE_PY = SHARED / "nlu" / "score.py"
REFERENCE = ParseContext(now=datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")), tz="Europe/Berlin",
                         currency="EUR", region="DE")


def shared(name: str) -> Path:
    """A file of ../shared/nlu; the public samples are checked in CI, where ../shared is beside the checkout, and a
    checkout without it fails here saying so rather than skipping."""
    path = SHARED / "nlu" / name
    if not path.exists():
        pytest.fail(f"{path} is missing: the public samples live in ../shared, beside this checkout.")
    return path


@pytest.mark.parametrize("sample", ["sample_en.jsonl", "sample_en_compound.jsonl"])
def test_public_samples_through_the_cli_with_the_official_scorer(sample):
    cli = Path(sys.executable).parent / "solocrm"
    done = subprocess.run([sys.executable, str(shared("score.py")), str(shared(sample)), "--solocrm", str(cli), "--min", "1.0"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_corpus_misses_exactly_the_known_misses():
    """Every labelled message of the corpus (bot/parsing/en/corpus) is right except the listed ones. A new miss
    fails; so does a listed one that is now right (take it off: `python tests/parse_compare.py --write-known-misses`)."""
    known = set(json.loads(KNOWN_MISSES.read_text(encoding="utf-8")))
    misses = set(corpus_misses())
    assert not misses - known, f"new misses: {sorted(misses - known)}"
    assert not known - misses, f"now right, take them off the list: {sorted(known - misses)}"


def test_the_corpus_is_large_and_the_known_misses_few():
    total = len(cases(*sorted(CORPUS.glob("*.jsonl"))))
    assert total >= 6000 and len(json.loads(KNOWN_MISSES.read_text(encoding="utf-8"))) <= total // 100


def test_parse_never_touches_the_database_or_raises():
    for text in ["", "   ", "€€€", "1/1/1/1", "@@@", "remind me to", "new customer", "x" * 5000, "🎂🎂"]:
        assert parse(text, REFERENCE).intent in {"unknown", "add_followup", "add_customer", "log_order"}


def test_unknown_messages_carry_nothing_to_store():
    result = parse("hmm", REFERENCE)
    assert (result.intent, result.customer, result.amount) == ("unknown", None, None)


def test_low_confidence_for_a_bare_name_and_number():
    result = parse("Anna 45", REFERENCE)
    assert result.intent == "log_order" and result.confidence < 0.6


def test_future_order_date_is_flagged():
    assert parse("Anna bought candles for 20 tomorrow", REFERENCE).future_date
    assert not parse("Anna bought candles for 20 yesterday", REFERENCE).future_date


def test_json_output_of_the_cli_is_one_object_per_line():
    cli = Path(sys.executable).parent / "solocrm"
    done = subprocess.run([str(cli), "parse", "--jsonl", "--now", "2026-03-11T10:00", "--tz", "Europe/Berlin"],
                          input="Lena bought 3 scarves for 75 eur yesterday\nhmm\n", capture_output=True, text=True,
                          timeout=60)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["intent"] for line in lines] == ["log_order", "unknown"]
    assert lines[0]["amount"] == "75" and lines[0]["date"] == "2026-03-10" and lines[0]["quantity"] == 3


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
STYLES = {
    "plain": lambda a: f"{a:.2f}",
    "symbol first": lambda a: f"€{a:,.2f}",
    "code after": lambda a: f"{a:.2f} EUR",
    "decimal comma": lambda a: f"{a:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " €",
    "words": lambda a: f"{a:.2f} euros",
}


@given(amounts, st.sampled_from(sorted(STYLES)), st.sampled_from(["Anna paid {}", "Anna bought 2 candles for {}", "{} from Anna"]))
def test_any_amount_in_any_style_reads_back_exactly(amount, style, template):
    parsed = parse(template.format(STYLES[style](amount)), REFERENCE)
    assert (parsed.intent, parsed.customer, parsed.amount, parsed.currency) == ("log_order", "Anna", amount, "EUR")


def test_slash_dates_follow_the_owners_region():
    us = ParseContext(now=REFERENCE.now, tz="America/New_York", currency="USD", region="US")
    assert parse("Anna paid 20 on 2/3", REFERENCE).date.isoformat() == "2026-03-02"
    assert parse("Anna paid 20 on 2/3", us).date.isoformat() == "2026-02-03"


_WORDS = ["Anna", "paid", "bought", "sold", "to", "for", "at", "each", "x", "×", "=", "+", "minus", "deposit", "remind", "me",
          "call", "back", "tomorrow", "sat", "on", "the", "3rd", "2/3", "12.50", "1 200", "€", "$", "usd", "45", "3", "h", "pp",
          "/kg", "new", "customer", "tag", "vip", "-", "/", ":", ",", "'s", "d'Arcy", "Mark", "note", "review", "sales", "5e",
          "fiver", "forty", "five", "euros", "%", "off", "half", "past", "7.30pm", "16h", "ago", "will", "'ll", "collect"]


@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.text(max_size=20))
def test_any_message_parses_without_an_error(words, noise):
    """Bad input gets an answer, never a traceback: any mix of the words the rules look for, and any text at all."""
    for text in (" ".join(words), noise, " ".join(words) + noise):
        parsed = parse(text, REFERENCE)
        assert parsed.intent and (parsed.amount is None or parsed.amount == parsed.amount)  # a Decimal, never NaN


def test_the_owners_language_selects_its_package_and_one_without_a_package_is_read_as_english():
    from bot.parsing.languages import language

    assert language("en").code == "en" and (language("en").corpus / "orders.jsonl").exists()
    assert language("fr") is language("en")  # no French package yet: English rather than nothing
    at = datetime(2026, 3, 11, 9, tzinfo=ZoneInfo("UTC"))
    french_owner = parse("Jonas paid 510 and wants a call next week", ParseContext(now=at, tz="Europe/Berlin", language="fr"))
    assert [r.intent for r in french_owner.records] == ["log_order", "add_followup"]
