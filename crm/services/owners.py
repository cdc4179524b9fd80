"""Owners and their settings (time zone, currency, phone region, language, digest time)."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from crm.config import LOCAL_OWNER, LocalDefaults
from crm.errors import Invalid
from crm.models import Owner
from crm.money import tender_currencies
from crm.phones import is_region
from crm.services.customers import customer_count

SETTINGS = ("timezone", "currency", "phone_region", "language", "digest_time", "weekly_day", "quiet_digest", "display_name")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
YES, NO = ("on", "yes", "true", "1", "quiet"), ("off", "no", "false", "0")


def get_or_create_owner(session: Session, key: str, defaults: LocalDefaults, display_name: str = "Owner") -> Owner:
    """The owner known by `key` ("local", "tg:<id>"), created with `defaults` on first use."""
    owner = session.exec(select(Owner).where(Owner.key == key)).first()
    if owner is None:
        owner = Owner(
            key=key,
            display_name=display_name,
            timezone=defaults.timezone,
            currency=defaults.currency,
            phone_region=defaults.region,
            language=defaults.language,
        )
        session.add(owner)
        session.flush()  # its id, for the caller; the caller's unit of work commits it
    return owner


def _clean_setting(name: str, value: str) -> str | bool:
    value = value.strip()
    if name == "timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise Invalid(f"“{value}” isn't a time zone I know (try e.g. Europe/Berlin).") from None
        return value
    if name == "currency":
        code = value.upper()
        if code not in tender_currencies():
            raise Invalid(f"“{value}” isn't a currency code I know (try EUR, USD, GBP).")
        return code
    if name == "phone_region":
        if not is_region(value):
            raise Invalid(f"“{value}” isn't a country code I know (try DE, US, GB).")
        return value.upper()
    if name == "digest_time":
        match = re.fullmatch(r"([01]?\d|2[0-3])[:.h]?([0-5]\d)", value)
        if not match:
            raise Invalid(f"“{value}” isn't a time of day (use HH:MM, e.g. 08:00).")
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    if name == "weekly_day":
        day = value[:3].lower()
        if day not in WEEKDAYS:
            raise Invalid(f"“{value}” isn't a day of the week (mon … sun).")
        return day
    if name == "quiet_digest":
        if value.lower() not in YES + NO:
            raise Invalid(f"quiet_digest is on or off, not “{value}”.")
        return value.lower() in YES
    if name == "language":
        if not re.fullmatch(r"[a-zA-Z]{2}", value):
            raise Invalid(f"“{value}” isn't a two-letter language code (e.g. en).")
        return value.lower()
    if not value:
        raise Invalid("The name can't be empty.")
    return value


def update_settings(session: Session, owner_id: int, **values: Any) -> Owner:
    """Validate and store settings; nothing is changed if any value is invalid."""
    owner = session.get(Owner, owner_id)
    if owner is None:
        raise Invalid("Unknown owner.")
    clean = {}
    for name, value in values.items():
        if name not in SETTINGS:
            raise Invalid(f"There is no setting “{name}” (settings: {', '.join(SETTINGS)}).")
        clean[name] = _clean_setting(name, str(value))
    for name, value in clean.items():
        setattr(owner, name, value)
    session.add(owner)
    return owner


def pause_pushes(session: Session, owner: Owner, now: datetime) -> None:
    """The bot was blocked (Telegram 403): no pushes until the owner writes again (`resume_pushes`)."""
    owner.pushes_paused_at = now
    session.add(owner)


def resume_pushes(session: Session, owner: Owner) -> None:
    """Pushes were paused because the bot was blocked; the owner wrote again, so resume them."""
    owner.pushes_paused_at = None
    session.add(owner)


def business_of(session: Session, key: str | None, defaults: LocalDefaults) -> Owner:
    """The business a command acts on: the one named by `key`; else the only one in the database (the
    terminal's and a paired Telegram account's alike); else a new terminal business. Several and no
    key: Invalid, listing them, because guessing would show one owner another's data."""
    if key:
        owner = session.exec(select(Owner).where(Owner.key == key)).first()
        if owner is None:
            raise Invalid(f"There is no business “{key}” in this database. {_listing(session)}")
        return owner
    owners = session.exec(select(Owner).order_by(Owner.id).limit(2)).all()
    if len(owners) == 1:
        return owners[0]
    if not owners:
        return get_or_create_owner(session, LOCAL_OWNER, defaults)
    raise Invalid(f"This database holds several businesses; choose one with --owner KEY. {_listing(session)}")


def _listing(session: Session) -> str:
    rows = [f"{o.key} ({o.display_name}, {customer_count(session, o.id):,} customers)"  # type: ignore[arg-type]
            for o in session.exec(select(Owner).order_by(Owner.id))]
    return "Businesses: " + "; ".join(rows) + "."
