"""Who may use the assistant: owners paired by a one-time code or listed in the configuration.

A code is shown once on the console (`solocrm pair`), stored only as a hash, expires, and works once.
Strangers are never stored: the only trace of them is a count of refused messages.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from crm.config import LocalDefaults
from crm.errors import Invalid
from crm.models import AllowedChat, Counter, Owner, PairingCode
from crm.services.owners import get_or_create_owner

CODE_LIFETIME = timedelta(hours=24)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed from a console


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def joinable_business(session: Session) -> Owner | None:
    """The business a new chat account joins by default: the only one in the database, if it has no
    chat account yet (a terminal business). Anything else gets a business of its own."""
    owners = session.exec(select(Owner).limit(2)).all()
    return owners[0] if len(owners) == 1 and not owners[0].key.startswith("tg:") else None


def new_code(session: Session, now: datetime, new_business: bool = False) -> tuple[str, Owner | None]:
    """A one-time code, and the business it joins (None: it makes a new one)."""
    joins = None if new_business else joinable_business(session)
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    session.add(PairingCode(code_hash=_hash(code), created_at=now, expires_at=now + CODE_LIFETIME,
                            joins_owner_id=joins.id if joins else None))
    return code, joins


class PairingGuard:
    """Limits wrong pairing codes: a few per account an hour, and a few dozen an hour in all (so many
    fresh accounts cannot share one guess budget). Kept in memory only: strangers are never stored,
    and a restart that forgets the counts still leaves 32^8 codes to guess."""

    PER_ACCOUNT, IN_ALL, WINDOW = 5, 30, timedelta(hours=1)

    def __init__(self) -> None:
        self.failures: dict[str, list[datetime]] = {}

    def _recent(self, key: str, now: datetime) -> list[datetime]:
        kept = [t for t in self.failures.pop(key, []) if now - t < self.WINDOW]
        if kept:  # an account whose failures have all aged out is forgotten, not kept as an empty list
            self.failures[key] = kept
        return kept

    def check(self, key: str, now: datetime) -> None:
        """Invalid when `key` (or everyone together) had too many wrong codes in the last hour."""
        if len(self._recent(key, now)) >= self.PER_ACCOUNT or len(self._recent("*", now)) >= self.IN_ALL:
            raise Invalid("Too many wrong pairing codes. Try again in an hour.")

    def failed(self, key: str, now: datetime) -> None:
        for who in (key, "*"):
            self.failures.setdefault(who, []).append(now)


def redeem(session: Session, code: str, key: str, defaults: LocalDefaults, display_name: str, now: datetime) -> Owner:
    """Pair `key` ("tg:<id>") as an owner with a valid code; Invalid says why not. The code is used up
    and the owner made in the caller's one transaction: both or neither."""
    found = session.exec(select(PairingCode).where(PairingCode.code_hash == _hash(code))).first()
    if found is None:
        raise Invalid("That pairing code is not valid.")
    if found.used_at is not None:
        raise Invalid("That pairing code was already used.")
    if found.expires_at < now:
        raise Invalid("That pairing code has expired; make a new one with `solocrm pair`.")
    # mark used with a conditional update, so two simultaneous redemptions cannot both succeed
    claimed = session.exec(  # type: ignore[call-overload]
        update(PairingCode).where(col(PairingCode.id) == found.id, col(PairingCode.used_at).is_(None)).values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise Invalid("That pairing code was already used.")
    joins = session.get(Owner, found.joins_owner_id) if found.joins_owner_id else None
    return pair_account(session, key, defaults, display_name, joins)


def pair_account(session: Session, key: str, defaults: LocalDefaults, display_name: str, joins: Owner | None) -> Owner:
    """The business of chat account `key`: `joins` (a terminal business, which the account takes over:
    the CLI and the terminal chat find it as the only business) or a new one."""
    if joins is not None and not joins.key.startswith("tg:") and owner_by_key(session, key) is None:
        joins.key = key
        session.add(joins)
        return joins
    return get_or_create_owner(session, key, defaults, display_name)


def owner_by_key(session: Session, key: str) -> Owner | None:
    return session.exec(select(Owner).where(Owner.key == key)).first()


def has_owners(session: Session, prefix: str) -> bool:
    return session.exec(select(Owner.id).where(col(Owner.key).startswith(prefix))).first() is not None


def count_refusal(session: Session) -> None:
    counter = session.get(Counter, "refused_messages") or Counter(name="refused_messages")
    counter.value += 1
    session.add(counter)


def allow_chat(session: Session, chat_key: str, owner_id: int) -> None:
    """Remember that an owner added the assistant to a group chat."""
    if session.get(AllowedChat, chat_key) is None:
        session.add(AllowedChat(chat_key=chat_key, owner_id=owner_id))


def chat_allowed(session: Session, chat_key: str) -> bool:
    return session.get(AllowedChat, chat_key) is not None
