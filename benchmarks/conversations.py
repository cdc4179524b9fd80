"""What the dialogue stores, scored: conversations replayed through the real dialogue core on a fresh
SQLite file, and what ends up stored compared with what should be.

    python benchmarks/conversations.py FILE.jsonl [--misses] [--score ../shared/nlu/score.py]

A line is either a conversation, {"turns": [...], "expect_after": [records]}, or a labelled message in
the parse format ({"text": ..., "expect": {...}} or "expect_all"), which is a conversation of one turn
whose records of a write intent must be stored. Records are compared field by field as the shared
scorer compares a parse (its `same`), on what was stored: an order's amount, currency and day, a
contact's kind and day, a follow-up's due, a feedback's score. The customers that the expected records
name exist before the first turn (the conversations are written for a shop that knows them); asked
whether to add a name it does not know, the owner presses "Add", as one would.

Each conversation ends one of three ways: right (exactly the expected records are stored), asked (the
assistant asked a question and the records are not yet right: a sensible stop, not a wrong store),
or wrong (something else is stored, or nothing where something should be).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from bot.dialogue import Dialogue  # noqa: E402
from crm.config import LocalDefaults  # noqa: E402
from crm.db import make_engine, migrate, session_scope  # noqa: E402
from crm.models import Customer, Feedback, FollowUp, Interaction, Order  # noqa: E402
from crm.services import customers  # noqa: E402
from crm.services.oplog import Recorder, Source  # noqa: E402
from crm.services.owners import get_or_create_owner  # noqa: E402

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)  # the samples' reference: Wednesday 10:00 in Berlin
BERLIN = LocalDefaults(timezone="Europe/Berlin", region="DE", currency="EUR", language="en")
WRITES = {"log_order", "log_interaction", "add_followup", "add_feedback"}


def _scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def conversation(case: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    if "turns" in case:
        return case["turns"], case["expect_after"]
    expected = case.get("expect_all") or [case["expect"]]
    return [case["text"]], [r for r in expected if r.get("intent") in WRITES]


def stored(engine: Any, tz: str = "Europe/Berlin") -> list[dict[str, Any]]:
    """What the shop holds now, as records in the parse format."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)

    def day(moment: datetime) -> str:
        return moment.astimezone(zone).date().isoformat()

    with session_scope(engine) as s:
        name = {c.id: c.name for c in s.exec(select(Customer))}
        out = [{"intent": "log_order", "customer": name[o.customer_id], "amount": str(o.money.amount), "currency": o.currency,
                "date": day(o.occurred_at)} for o in s.exec(select(Order))]
        out += [{"intent": "log_interaction", "customer": name[i.customer_id], "kind": i.kind, "date": day(i.occurred_at)}
                for i in s.exec(select(Interaction))]
        out += [{"intent": "add_followup", "customer": name[f.customer_id],
                 "due": f.due_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if f.has_time else day(f.due_at)}
                for f in s.exec(select(FollowUp)) if f.done_at is None]
        out += [{"intent": "add_feedback", "customer": name[f.customer_id], "score": str(f.score) if f.score is not None else None,
                 "date": day(f.occurred_at)} for f in s.exec(select(Feedback))]
    return out


def _matches(scorer: Any, want: dict[str, Any], got: dict[str, Any]) -> bool:
    for field, value in want.items():
        if field not in got and field not in ("intent",):
            continue  # a field the store does not keep in this form (phone of an order's customer, ...)
        options = value if isinstance(value, list) and field != "tags" else [value]
        if field == "customer":  # the stored name may be the full one the shop knows
            if not any(scorer.norm(got["customer"]).startswith(scorer.norm(o)) for o in options if o):
                return False
            continue
        if not any(scorer.same(field, o, got.get(field)) for o in options):
            return False
    return True


def all_match(scorer: Any, expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> bool:
    """Every expected record matched by a different stored one, and nothing else stored."""
    if len(expected) != len(got):
        return False
    left = list(got)
    for want in expected:
        hit = next((g for g in left if _matches(scorer, want, g)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def replay(turns: list[str], expected: list[dict[str, Any]], scorer: Any) -> tuple[str, list[str], list[dict[str, Any]]]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/crm.sqlite")
        migrate(engine)
        with session_scope(engine) as s:
            owner = get_or_create_owner(s, "local", BERLIN)
            rec = Recorder(s, owner.id, Source("seed"), "seed", now=NOW)
            for who in sorted({r["customer"] if isinstance(r["customer"], str) else r["customer"][0]
                               for r in expected if r.get("customer")}):
                customers.add_customer(s, owner.id, rec, name=who)
            rec.commit("seed")
            owner_id = owner.id
        dialogue = Dialogue(engine, clock=lambda: NOW)
        said, asked = [], False
        for i, text in enumerate(turns):
            reply = dialogue.handle(owner_id, text, Source("bench", str(i)))
            said.append(reply.text)
            add = next((b for b in reply.buttons if b.label.startswith("Add ")), None)
            if add is not None and reply.text.startswith("I don't know"):  # a new name: the owner adds them, as one would
                reply = dialogue.choose(owner_id, add.data, Source("bench", f"press{i}"))
                said.append(reply.text)
            asked = bool(reply.buttons) and any(b.data.startswith("p") for b in reply.buttons)
        got = stored(engine)
        engine.dispose()
    if all_match(scorer, expected, got):
        return "right", said, got
    return ("asked" if asked else "wrong"), said, got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--misses", action="store_true", help="print each conversation that is not right")
    ap.add_argument("--score", type=Path, default=ROOT.parent / "shared" / "nlu" / "score.py")
    args = ap.parse_args()
    scorer = _scorer(args.score)
    counts: Counter[str] = Counter()
    for line in args.file.read_text().splitlines():
        if not line.strip():
            continue
        turns, expected = conversation(json.loads(line))
        outcome, said, got = replay(turns, expected, scorer)
        counts[outcome] += 1
        if args.misses and outcome != "right":
            print(f"{outcome.upper()}: {turns}\n  said: {said}\n  stored: {got}\n  want: {expected}")
    total = sum(counts.values())
    print(f"{args.file.name}: {total} conversations | right {counts['right']} ({counts['right'] / total:.0%}) | "
          f"asked {counts['asked']} | wrong {counts['wrong']} ({counts['wrong'] / total:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
