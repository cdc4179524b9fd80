"""The delivery side of pushes, implemented by the Telegram and terminal adapters in `bot/`."""
from __future__ import annotations

from typing import Protocol

from crm.models import Owner
from crm.services.digests import Push


class Blocked(Exception):
    """The owner blocked the bot (Telegram answers 403): pushes pause until they write again."""


class Sender(Protocol):
    def reaches(self, owner_key: str) -> bool:
        """Whether this channel delivers to that owner ("tg:…" on Telegram, "local" in the terminal)."""

    async def send(self, owner: Owner, push: Push) -> None:
        """Deliver one push; raise `Blocked` when the owner cannot be reached at all, anything else
        when it failed this time (it is retried with backoff)."""
