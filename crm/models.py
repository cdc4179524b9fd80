"""The tables. Every row belongs to an owner; services scope every query by owner.

Money is stored as an integer count of the currency's minor units plus the ISO code, so sums are
exact in SQL on any backend. Times are aware UTC (see `crm.types`).
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from crm.money import Money, from_minor
from crm.types import DecimalText, UTCDateTime, utcnow

INTERACTION_KINDS = ("call", "meeting", "message", "email", "visit", "note")


def _utc(**kw: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kw)


class Owner(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64, description='who this is: "local", "tg:<user id>"')
    display_name: str = "Owner"
    timezone: str = "UTC"
    currency: str = Field(default="EUR", max_length=3)
    phone_region: str = Field(default="DE", max_length=2)
    language: str = Field(default="en", max_length=8)
    digest_time: str = Field(default="08:00", max_length=5)
    weekly_day: str = Field(default="mon", max_length=3, description="day of the weekly summary: mon..sun")
    quiet_digest: bool = Field(default=False, description="skip the daily digest on days with nothing in it")
    pushes_paused_at: datetime | None = _utc(default=None, description="the bot was blocked (403); resumed on their next message")
    created_at: datetime = _utc(default_factory=utcnow)


class Customer(SQLModel, table=True):
    __table_args__ = (
        Index("ix_customer_owner_name_key", "owner_id", "name_key"),
        Index("ix_customer_owner_phone", "owner_id", "phone"),
        Index("ix_customer_owner_email", "owner_id", "email"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id", index=True)
    name: str
    name_key: str = Field(description="normalized name for duplicate detection")
    phone: str | None = Field(default=None, description="E.164")
    email: str | None = None
    city: str | None = None
    company: str | None = Field(default=None, description="where the customer works or the business they buy for")
    birthday: str | None = Field(default=None, description="MM-DD or YYYY-MM-DD")
    tags: str = Field(default="", description="comma-separated, lower-case")
    notes: str | None = None
    created_at: datetime = _utc(default_factory=utcnow)
    deleted_at: datetime | None = _utc(default=None)

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_owner_occurred", "owner_id", "occurred_at"),
        Index("ix_orders_owner_customer", "owner_id", "customer_id", "occurred_at"),
        # covers "top customers": sums per customer read from the index alone
        Index("ix_orders_owner_currency_customer", "owner_id", "currency", "customer_id", "amount_minor"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id")
    customer_id: int = Field(foreign_key="customer.id", index=True)
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    description: str | None = None
    quantity: int | None = None
    occurred_at: datetime = _utc()
    created_at: datetime = _utc(default_factory=utcnow)

    @property
    def money(self) -> Money:
        return from_minor(self.amount_minor, self.currency)


class Interaction(SQLModel, table=True):
    __table_args__ = (Index("ix_interaction_owner_customer", "owner_id", "customer_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id")
    customer_id: int = Field(foreign_key="customer.id", index=True)
    kind: str = Field(max_length=16)
    summary: str | None = None
    occurred_at: datetime = _utc()
    created_at: datetime = _utc(default_factory=utcnow)


class FollowUp(SQLModel, table=True):
    __tablename__ = "followup"
    __table_args__ = (Index("ix_followup_owner_open_due", "owner_id", "done_at", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id", index=True)
    # None: the owner's own to-do ("remind me to order more brake pads"), about no customer
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    due_at: datetime = _utc()
    has_time: bool = Field(default=False, description="due at a minute, not just on a day")
    note: str | None = None
    done_at: datetime | None = _utc(default=None)
    created_at: datetime = _utc(default_factory=utcnow)


class Feedback(SQLModel, table=True):
    __table_args__ = (Index("ix_feedback_owner_customer", "owner_id", "customer_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id")
    customer_id: int = Field(foreign_key="customer.id", index=True)
    score: Decimal | None = Field(default=None, sa_type=DecimalText)
    scale: int | None = None
    comment: str | None = None
    sentiment: str | None = Field(default=None, max_length=8)
    occurred_at: datetime = _utc()
    created_at: datetime = _utc(default_factory=utcnow)


CUSTOMER_RECORDS: tuple[Any, ...] = (Order, Interaction, FollowUp, Feedback)
"""The tables whose every row is about one customer (`customer_id`): what a customer's history is made of."""


class Operation(SQLModel, table=True):
    """One user action and the rows it changed: makes redelivery idempotent and undo exact."""

    __table_args__ = (UniqueConstraint("owner_id", "channel", "source_id", name="uq_operation_source"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id", index=True)
    channel: str = Field(max_length=16)
    source_id: str | None = Field(default=None, max_length=64)
    intent: str = Field(max_length=32)
    summary: str
    changes: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _utc(default_factory=utcnow)
    undone_at: datetime | None = _utc(default=None)


class Pending(SQLModel, table=True):
    """A question the assistant asked and awaits an answer to; stored so it survives a restart."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id", index=True)
    kind: str = Field(max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _utc(default_factory=utcnow)


class PairingCode(SQLModel, table=True):
    """A one-time code that pairs a chat account with a new owner. Only its hash is stored."""

    __tablename__ = "pairing_code"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = _utc(default_factory=utcnow)
    expires_at: datetime = _utc()
    used_at: datetime | None = _utc(default=None)
    joins_owner_id: int | None = Field(default=None, description="the business the account joins; None: a new one")


class Counter(SQLModel, table=True):
    """Named counts that carry no personal data (e.g. messages refused from strangers)."""

    name: str = Field(primary_key=True, max_length=32)
    value: int = 0


class AllowedChat(SQLModel, table=True):
    """A group chat an owner added the assistant to; its owner's messages there are answered."""

    __tablename__ = "allowed_chat"

    chat_key: str = Field(primary_key=True, max_length=64, description='"tg:<chat id>"')
    owner_id: int = Field(foreign_key="owner.id", index=True)
    added_at: datetime = _utc(default_factory=utcnow)


class Delivery(SQLModel, table=True):
    """One push (digest, weekly summary, timed reminder) per owner, kind and period: the unique key is
    what makes a second process, a restart or a retry unable to send it twice."""

    __table_args__ = (UniqueConstraint("owner_id", "kind", "period", name="uq_delivery_period"),)
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="owner.id")
    kind: str = Field(max_length=16, description="daily, weekly, reminder")
    period: str = Field(max_length=64, description="local day, ISO week, or follow-up id and due time")
    status: str = Field(default="sending", max_length=16, description="sending, sent, empty, failed, blocked")
    attempts: int = 1
    claimed_at: datetime = _utc(default_factory=utcnow)
    sent_at: datetime | None = _utc(default=None)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
