"""What the parser takes (the owner's context) and gives (one structured message)."""
from __future__ import annotations

import datetime as dt  # the fields below are named date and time, so their types are spelled dt.date, dt.time
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from crm.io.cells import date_order_of

MAX_MESSAGE_CHARS = 2_000
"""The longest message `parse` reads (in characters, as sent); a longer one is not read at all.

What an owner types to the assistant is a line or a few: the 6,162 labelled messages of the corpus have at most
126 characters. 2,000 is a page of text, fifteen times that, and half Telegram's own limit of 4,096, so no real
message needs more; a longer one is pasted text (an e-mail, a price list) or an accident. Parsing time grows
linearly with the length, so the limit bounds the work for any one message (a few tens of milliseconds at worst).
The dialogue checks the limit first and tells the owner that the message is too long."""


@dataclass(frozen=True)
class ParseContext:
    now: datetime  # aware; its date in `tz` is "today"
    tz: str = "UTC"
    currency: str = "EUR"
    region: str = "DE"
    date_order: str = ""  # "DMY" or "MDY" for "2/3"; empty: from the region
    customers: tuple[str, ...] = ()  # the owner's customers' names: the first dictionary of names (`known_names`)
    language: str = "en"  # the owner's language setting: which package reads the message (`languages`)

    @property
    def order(self) -> str:
        return self.date_order or date_order_of(self.region)

    @property
    def today(self) -> date:
        from zoneinfo import ZoneInfo

        return self.now.astimezone(ZoneInfo(self.tz)).date()


@dataclass
class Parsed:
    intent: str
    customer: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    quantity: int | None = None
    description: str | None = None
    date: dt.date | None = None
    time: dt.time | None = None
    due: dt.date | dt.datetime | None = None
    kind: str | None = None
    summary: str | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    company: str | None = None
    birthday: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    new_name: str | None = None  # a customer renamed: "Mrs Patel's first name is Anjali"
    score: Decimal | None = None
    scale: int | None = None
    comment: str | None = None
    sentiment: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    period_label: str | None = None
    by_clv: bool = False  # "top customers by lifetime value"
    for_owner: bool = False  # a to-do of the owner's own, about no customer: "remind me to order more brake pads"
    future_date: bool = False
    confidence: float = 1.0
    instead_of: Decimal | None = None  # a correction: the value said to be wrong ("45, not 54")
    records: list[Parsed] = field(default_factory=list)  # a message of several facts: each one; this is the first


    def to_json(self) -> dict[str, Any]:
        """JSON-ready: Decimals as strings, dates ISO, a due time as YYYY-MM-DDTHH:MM (owner's zone)."""
        out: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if name == "records":
                if value:
                    out["records"] = [record.to_json() for record in value]
                continue
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, datetime):
                value = value.strftime("%Y-%m-%dT%H:%M")
            elif isinstance(value, (date, time)):
                value = value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
            elif isinstance(value, tuple):
                value = [d.isoformat() for d in value]
            out[name] = value
        return out
