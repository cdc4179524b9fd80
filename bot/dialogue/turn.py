"""One turn of the conversation: the session, the owner, the time, and where the message came from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.parsing import ParseContext
from crm import localtime
from crm.models import Owner
from crm.services.customers import customer_names
from crm.services.oplog import Source


@dataclass
class Turn:
    session: Session
    owner: Owner
    now: datetime  # aware UTC
    source: Source
    replaces: int | None = None  # an edited message: the operation its earlier version stored

    @property
    def owner_id(self) -> int:
        assert self.owner.id is not None
        return self.owner.id

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.owner.timezone)

    @property
    def today(self) -> date:
        return localtime.local_day(self.owner.timezone, self.now)

    def at(self, day: date, clock: time) -> datetime:
        """A wall-clock time on a local day, as an aware datetime (DST handled by zoneinfo)."""
        return localtime.at(self.owner.timezone, day, clock)

    def start_of(self, day: date) -> datetime:
        return localtime.start_of(self.owner.timezone, day)

    def end_of_today(self) -> datetime:
        return self.start_of(self.today + timedelta(days=1))

    def parse_context(self) -> ParseContext:
        return ParseContext(
            now=self.now.astimezone(self.zone),
            tz=self.owner.timezone,
            currency=self.owner.currency,
            region=self.owner.phone_region,
            customers=customer_names(self.session, self.owner_id),
            language=self.owner.language,
        )
