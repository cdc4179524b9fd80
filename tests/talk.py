"""Talking to the dialogue core in tests: one owner's chat on a real SQLite file, at a fixed clock.

The clock is the NLU reference time (Wednesday 2026-03-11 10:00 in Berlin) so that dates are exact.
"""
from __future__ import annotations

import itertools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.dialogue import Dialogue, Reply
from crm.db import session_scope
from crm.services.oplog import Source

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
BERLIN_ZONE = ZoneInfo("Europe/Berlin")


class Chat:
    """One owner talking to the core; message ids are unique like Telegram's."""

    ids = itertools.count(1)

    def __init__(self, dialogue: Dialogue, owner_id: int) -> None:
        self.dialogue, self.owner_id = dialogue, owner_id
        self.last: Reply | None = None

    def say(self, text: str, message_id: str | None = None) -> Reply:
        source = Source("test", message_id or str(next(self.ids)))
        self.last = self.dialogue.handle(self.owner_id, text, source)
        return self.last

    def press(self, label: str, reply: Reply | None = None) -> Reply:
        reply = reply or self.last
        assert reply is not None
        button = reply.button_for(label)
        assert button is not None, f"no button {label!r} in {[b.label for b in reply.buttons]}"
        self.last = self.dialogue.choose(self.owner_id, button.data, Source("test", f"cb{next(self.ids)}"))
        return self.last


def rows(engine, model):
    with session_scope(engine) as s:
        return list(s.exec(select(model)).all())
