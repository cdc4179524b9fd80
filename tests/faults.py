"""Fault scenarios run against the real bot through the emulator: shared by tests/test_fault_telegram.py
(asserts) and benchmarks/crash.py (prints the figures)."""
from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from crm.db import make_engine, migrate, session_scope
from crm.services import customers
from crm.services.oplog import Recorder, Source
from crm.services.owners import get_or_create_owner
from crm.types import utcnow
from tests.conftest import BERLIN
from tests.emulator import Bot, tg_client

CRASH_TOKEN = "888888:CRASH-BOT"
CRASH_OWNER = 6006
_LOGGED = re.compile(r"^Logged order: Ines Moreau, EUR (\d+)\.00")


@dataclass
class CrashFigures:
    sent: int
    kills: int
    lost: int  # answered "Logged" but not stored
    doubled: int  # stored more than once
    unanswered: int  # neither stored nor answered
    seconds: float

    def row(self) -> str:
        return f"| {self.sent} | {self.kills} | {self.lost} | {self.doubled} | {self.unanswered} | {self.seconds:.0f} |"


def seeded_bot(url: str, workdir: Path) -> Bot:
    """A bot of its own (token and database) whose owner already has the customer the burst names."""
    bot = Bot(url, workdir, token=CRASH_TOKEN, owners=str(CRASH_OWNER))
    engine = make_engine(f"sqlite:///{bot.db}")
    migrate(engine)
    with session_scope(engine) as session:
        owner = get_or_create_owner(session, f"tg:{CRASH_OWNER}", BERLIN)
        rec = Recorder(session, owner.id, Source("seed"), "seed", now=utcnow())  # type: ignore[arg-type]
        customers.add_customer(session, owner.id, rec, name="Ines Moreau")  # type: ignore[arg-type]
        rec.commit("seed")
    engine.dispose()
    return bot


def burst_with_kills(url: str, workdir: Path, messages: int, kills: int, seed: int) -> CrashFigures:
    """Send `messages` orders at once (each with its own amount), then kill -9 the bot `kills` times at
    random moments while it works through them, restart it each time, and count what became of each."""
    started = time.monotonic()
    rng = random.Random(seed)
    client = tg_client.TgEmulatorClient(url, CRASH_TOKEN)
    bot = seeded_bot(url, workdir)
    for amount in range(1, messages + 1):
        client.send_text(CRASH_OWNER, CRASH_OWNER, f"Ines Moreau bought bread for {amount}")
    replies: list[dict] = []  # type: ignore[type-arg]
    try:
        for _ in range(kills):
            bot.start(client)
            time.sleep(rng.uniform(0.05, 1.0))
            bot.kill()
            replies += client.poll_replies(CRASH_OWNER)
        bot.start(client)
        answered: set[int] = set()
        deadline = time.monotonic() + 60 + messages * 0.2
        while time.monotonic() < deadline:
            replies += client.wait_for_replies(CRASH_OWNER, timeout=2, min_count=1, settle=0.5)
            answered = {int(m.group(1)) for r in replies if (m := _LOGGED.match(r["text"] or ""))}
            if len(answered) == messages:
                break
    finally:
        bot.stop()
    stored = Counter(minor // 100 for (minor,) in bot.rows("SELECT amount_minor FROM orders"))
    return CrashFigures(
        sent=messages,
        kills=kills,
        lost=len(answered - set(stored)),
        doubled=sum(n - 1 for n in stored.values() if n > 1),
        unanswered=len(set(range(1, messages + 1)) - answered - set(stored)),
        seconds=time.monotonic() - started,
    )
