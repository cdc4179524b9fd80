"""Message understanding: normalize -> intent -> entities -> one `Parsed`.

    parse("Lena bought 3 scarves for 75 eur yesterday", ctx)
    -> Parsed(intent="log_order", customer="Lena", amount=Decimal("75"), currency="EUR", quantity=3, ...)

Never raises and never touches the database: `solocrm parse` and the dialogue both call it. A message longer
than MAX_MESSAGE_CHARS is not read (intent "unknown"); the dialogue checks the length first to tell the owner.
"""
from __future__ import annotations

from bot.parsing.model import MAX_MESSAGE_CHARS, ParseContext, Parsed
from bot.parsing.pipeline import parse

__all__ = ["MAX_MESSAGE_CHARS", "ParseContext", "Parsed", "parse"]
