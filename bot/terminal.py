"""The terminal chat: the same dialogue core as Telegram, with buttons shown as numbered choices.

A choice is answered with its number or its label; anything else is a new message. When standard
input is not a terminal, lines are read one by one and each reply is printed, which makes the chat
scriptable (`printf 'Anna bought 2 candles for 45\\n1\\n' | solocrm chat`).
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TextIO

from bot.dialogue import Dialogue, Reply
from crm.services.oplog import Source

QUIT = {"quit", "exit", "/quit", "/exit", "bye"}


def render(reply: Reply) -> str:
    lines = [reply.text]
    lines += [f"  {i}) {b.label}" for i, b in enumerate(reply.buttons, 1)]
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


def chat(dialogue: Dialogue, owner_id: int, stdin: TextIO, stdout: TextIO, interactive: bool) -> None:
    """Run the conversation until end of input or "quit"."""
    session_tag = f"t{time.time_ns()}"  # message ids stay unique across runs of the chat
    if interactive:
        print("Solo CRM. Tell me what happened, ask a question, or type “help”. “quit” leaves.", file=stdout)
    lines = _interactive_lines("> ") if interactive else (line.rstrip("\n") for line in stdin)
    last: Reply | None = None
    for number, line in enumerate(lines):
        if line.strip().lower() in QUIT:
            break
        if not line.strip():
            continue
        source = Source("terminal", f"{session_tag}-{number}")
        button = last.button_for(line) if last else None
        last = dialogue.choose(owner_id, button.data, source) if button else dialogue.handle(owner_id, line, source)
        print(render(last), file=stdout, flush=True)
