"""Shared fixtures: a real SQLite file per test, built through the migrations, and owners in it."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from crm.config import LocalDefaults
from crm.db import make_engine, migrate, session_scope
from crm.services.owners import get_or_create_owner

BERLIN = LocalDefaults(timezone="Europe/Berlin", region="DE", currency="EUR", language="en")
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "crm.sqlite"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{db_path}")
    migrate(eng)
    yield eng
    eng.dispose()


def make_owner(engine: Engine, key: str, defaults: LocalDefaults = BERLIN) -> int:
    with session_scope(engine) as session:
        owner = get_or_create_owner(session, key, defaults)
        assert owner.id is not None
        return owner.id


@pytest.fixture
def owner_id(engine: Engine) -> int:
    return make_owner(engine, "local")


@pytest.fixture
def other_owner_id(engine: Engine) -> int:
    return make_owner(engine, "tg:2")


@pytest.fixture(scope="session")
def emulator() -> Iterator[object]:
    """The Telegram Bot API emulator, one for the whole run (tests/emulator.py); bots keep apart by token."""
    from tests.emulator import running_emulator

    with running_emulator() as client:
        yield client


@pytest.fixture
def dialogue(engine: Engine) -> object:
    """The dialogue core at the fixed test clock (tests/talk.py)."""
    from bot.dialogue import Dialogue
    from tests.talk import NOW

    return Dialogue(engine, clock=lambda: NOW)


@pytest.fixture
def chat(dialogue: object, owner_id: int) -> object:
    from tests.talk import Chat

    return Chat(dialogue, owner_id)  # type: ignore[arg-type]
