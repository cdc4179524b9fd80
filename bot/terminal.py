"""The terminal chat: the same dialogue core as Telegram, with buttons shown as numbered choices.

A choice is answered with its number or its label; anything else is a new message. When standard
input is not a terminal, lines are read one by one and each reply is printed, which makes the chat
scriptable (`printf 'Anna bought 2 candles for 45\\n1\\n' | solocrm chat`).
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Engine

from bot.dialogue import Dialogue, Reply
from bot.dialogue.core import FAILED
from bot.dialogue.pushes import push_reply
from crm.config import data_dir
from crm.db import session_scope
from crm.models import Owner
from crm.services.digests import Push
from crm.services.oplog import Source
from crm.types import utcnow
from scheduler.runner import PushScheduler

log = logging.getLogger(__name__)
QUIT = {"quit", "exit", "/quit", "/exit", "bye"}


def render(reply: Reply) -> str:
    """The reply with its choices numbered; an action such as Undo is named by its word instead."""
    lines = [reply.text]
    lines += [f"  {i}) {b.label}" for i, b in enumerate(reply.choices, 1)]
    lines += [f"  (type “{b.label.lower()}” to take it back)" for b in reply.buttons if not b.numbered]
    return "\n".join(lines)


def _interactive_lines(prompt: str) -> Iterable[str]:
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:  # pragma: no cover - not on every platform
        pass
    while True:
        try:
            yield input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return


class TerminalChat:
    """The conversation loop; pushes (digests, reminders) print into it and their buttons can be
    answered like any reply's."""

    def __init__(self, dialogue: Dialogue, owner_id: int, stdout: TextIO) -> None:
        self.dialogue, self.owner_id, self.stdout = dialogue, owner_id, stdout
        self.last: Reply | None = None
        self.lock = threading.Lock()

    def show(self, reply: Reply) -> None:
        with self.lock:
            self.last = reply
            print(render(reply), file=self.stdout, flush=True)
            for name, content in reply.files:  # an export or a backup: into the data folder
                path = data_dir() / name
                path.write_bytes(content)
                print(f"  (saved: {path})", file=self.stdout, flush=True)

    def run(self, stdin: TextIO, interactive: bool) -> None:
        """Run the conversation until end of input or "quit"."""
        session_tag = f"t{time.time_ns()}"  # message ids stay unique across runs of the chat
        if interactive:
            print("Solo CRM. Tell me what happened, ask a question, or type “help”. “quit” leaves.", file=self.stdout)
        lines = _interactive_lines("> ") if interactive else (line.rstrip("\n") for line in stdin)
        for number, line in enumerate(lines):
            if line.strip().lower() in QUIT:
                break
            if not line.strip():
                continue
            self.show(self._answer(line, Source("terminal", f"{session_tag}-{number}")))

    def _answer(self, line: str, source: Source) -> Reply:
        """The reply to one line; the chat goes on whatever the line was (the core already turns its own
        failures into plain answers; this guards the adapter's part, choosing a button)."""
        try:
            button = self.last.button_for(line) if self.last else None
            if button:
                return self.dialogue.choose(self.owner_id, button.data, source)
            return self.dialogue.handle(self.owner_id, line, source)
        except Exception:
            log.exception("terminal turn failed")
            return Reply(FAILED)


class TerminalSender:
    """Pushes for the chat's business, printed into the chat (a chart is saved as a PNG file). Each push
    is claimed once per business (scheduler/), so a bot running beside the chat never sends it twice."""

    def __init__(self, chat: TerminalChat, charts: Path, engine: Engine) -> None:
        self.chat, self.charts = chat, charts
        with session_scope(engine) as session:
            owner = session.get(Owner, chat.owner_id)
            self.key = owner.key if owner else ""

    def reaches(self, owner_key: str) -> bool:
        return owner_key == self.key

    async def send(self, owner: Owner, push: Push) -> None:
        reply = await asyncio.to_thread(push_reply, push, owner, utcnow())
        if reply.photo is not None:
            path = self.charts / f"solocrm-week-{utcnow():%Y%m%d-%H%M}.png"
            path.write_bytes(reply.photo)
            reply = Reply(f"{reply.text}\n(chart: {path})", reply.buttons)
        self.chat.show(reply)


def run_pushes(scheduler: PushScheduler) -> threading.Thread:
    """The push scheduler on its own event loop in a daemon thread (the chat blocks on input)."""

    async def forever() -> None:
        scheduler.start()
        await asyncio.Event().wait()

    thread = threading.Thread(target=asyncio.run, args=(forever(),), name="pushes", daemon=True)
    thread.start()
    return thread
