"""Message understanding: normalize -> intent -> entities -> one `Parsed`.

    parse("Lena bought 3 scarves for 75 eur yesterday", ctx)
    -> Parsed(intent="log_order", customer="Lena", amount=Decimal("75"), currency="EUR", quantity=3, ...)

Never raises and never touches the database: `solocrm parse` and the dialogue both call it.
"""
from __future__ import annotations

from bot.parsing.model import ParseContext, Parsed
from bot.parsing.pipeline import parse

__all__ = ["ParseContext", "Parsed", "parse"]
