"""Where the data lives and what the local owner's defaults are.

The database location is an interface that outside checks rely on: `SOLOCRM_DB=PATH` selects a SQLite
file, `DATABASE_URL` any SQLAlchemy URL; otherwise a SQLite file in the user's data directory.
"""
from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "solocrm"


LOCAL_OWNER = "local"  # the owner of the terminal chat and the CLI


def data_dir() -> Path:
    """The per-user directory for the database, backups and demo data (created on demand)."""
    path = Path(os.environ.get("SOLOCRM_HOME") or user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def database_url(*, demo: bool = False) -> str:
    """The SQLAlchemy URL to use: the demo file, `SOLOCRM_DB`, `DATABASE_URL`, or the default file."""
    if demo:
        return sqlite_url(data_dir() / "demo.sqlite")
    if os.environ.get("SOLOCRM_DB"):
        return sqlite_url(os.environ["SOLOCRM_DB"])
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    return sqlite_url(data_dir() / "solocrm.sqlite")


@dataclass(frozen=True)
class LocalDefaults:
    """Settings a new local owner starts with, read from the machine so nobody has to configure them."""

    timezone: str
    region: str
    currency: str
    language: str


def _machine_timezone() -> str:
    """TZ when it names a zone (read every time: tzlocal caches its first answer), else the system's."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    declared = os.environ.get("TZ", "").lstrip(":")
    if declared:
        try:
            ZoneInfo(declared)
            return declared
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises several kinds on odd systems; UTC is a safe answer
        name = None
    return name or "UTC"


def _region_of_timezone(zone: str) -> str | None:
    """The country of an IANA zone, from tzdata's zone table (Europe/Berlin -> DE)."""
    try:
        from importlib.resources import files

        table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    for line in table.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#") and parts[2] == zone:
            return parts[0]
    return None


def local_defaults() -> LocalDefaults:
    """Time zone from the machine; region from the locale (or the zone); currency from the region."""
    from babel.numbers import get_territory_currencies

    zone = _machine_timezone()
    lang_code = (os.environ.get("LC_ALL") or os.environ.get("LANG") or locale.getlocale()[0] or "en")
    lang_code = lang_code.split(".")[0]
    language, _, territory = lang_code.partition("_")
    region = territory.upper() if len(territory) == 2 else (_region_of_timezone(zone) or "US")
    currencies = get_territory_currencies(region)
    return LocalDefaults(
        timezone=zone,
        region=region,
        currency=currencies[0] if currencies else "EUR",
        language=language.lower() if language.isalpha() and len(language) == 2 else "en",
    )
