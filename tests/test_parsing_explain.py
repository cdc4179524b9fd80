"""`solocrm parse --explain` says which rules read a message: the cuts between facts, each fact's intent rule and
the learned reading, a correction's cue."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def explained(*texts: str) -> list[list[str]]:
    cli = Path(sys.executable).parent / "solocrm"
    done = subprocess.run([str(cli), "parse", "--jsonl", "--explain", "--now", "2026-03-11T10:00", "--tz", "Europe/Berlin"],
                          input="".join(t + "\n" for t in texts), capture_output=True, text=True, timeout=60, check=True)
    return [json.loads(line)["explain"] for line in done.stdout.splitlines()]


def test_explain_names_the_rules_that_read_each_fact():
    two, correction = explained("Jonas paid 510 and wants a call next week", "no, it was 45 not 54")
    assert two[0] == "2 facts (cuts that could apply: joining word)"
    assert two[1].startswith("“Jonas paid 510”: intent rule") and "on “paid”; learned: log_order; read as log_order" in two[1]
    assert "read as add_followup" in two[2]
    assert correction == ["correction, cue: denial"]


def test_without_explain_the_parse_format_is_unchanged():
    cli = Path(sys.executable).parent / "solocrm"
    done = subprocess.run([str(cli), "parse", "--jsonl"], input="Anna bought 2 candles for 45\n", capture_output=True,
                          text=True, timeout=60, check=True)
    assert "explain" not in json.loads(done.stdout)
