"""Faults on Telegram, end to end through the emulator: kills during a burst of messages, and every kind
of button pressed twice."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from crm import localtime
from crm.db import make_engine, migrate, session_scope
from crm.money import Money
from crm.services import customers, records
from crm.services.oplog import Recorder, Source
from crm.services.owners import get_or_create_owner, update_settings
from crm.types import utcnow
from scheduler.plan import WEEKDAYS
from tests.conftest import BERLIN
from tests.emulator import Bot, buttons, tg_client
from tests.faults import burst_with_kills


def test_kills_during_a_burst_lose_nothing_and_double_nothing(emulator, tmp_path):
    figures = burst_with_kills(emulator.base_url, tmp_path, messages=120, kills=5, seed=utcnow().microsecond)
    assert (figures.lost, figures.doubled, figures.unanswered) == (0, 0, 0), figures


@pytest.mark.slow
def test_many_kills_during_a_long_burst(emulator, tmp_path):
    figures = burst_with_kills(emulator.base_url, tmp_path, messages=300, kills=8, seed=utcnow().microsecond)
    assert (figures.lost, figures.doubled, figures.unanswered) == (0, 0, 0), figures


def _press_twice(client: tg_client.TgEmulatorClient, user: int, label: str, message_id: int) -> list[dict]:  # type: ignore[type-arg]
    """Two taps as fast as a thumb can: the second is sent before the first is answered."""
    client.press_button(user, user, text=label, message_id=message_id)
    client.press_button(user, user, text=label, message_id=message_id)
    return client.wait_for_replies(user, timeout=10, min_count=2, settle=0.5)


def test_every_button_applies_once_however_often_it_is_pressed(emulator, tmp_path):
    user, token = 3113, "787878:TAP-BOT"
    client = tg_client.TgEmulatorClient(emulator.base_url, token)
    bot = Bot(emulator.base_url, tmp_path, token=token, owners="")
    engine = make_engine(f"sqlite:///{bot.db}")
    migrate(engine)
    today = localtime.local_day("Europe/Berlin", utcnow())
    with session_scope(engine) as session:
        owner = get_or_create_owner(session, f"tg:{user}", BERLIN)
        update_settings(session, owner.id, digest_time="00:00", weekly_day=WEEKDAYS[(today.weekday() + 1) % 7])
        rec = Recorder(session, owner.id, Source("seed"), "seed", now=utcnow())
        for name in ("Pia Lund", "Anna Lee", "Anna Berg"):
            customer = customers.add_customer(session, owner.id, rec, name=name)
            records.log_order(session, owner.id, rec, customer_id=customer.id, money=Money(Decimal("10"), "EUR"),
                              occurred_at=utcnow())
        for note in ("send the samples", "ask about the fair"):
            records.add_followup(session, owner.id, rec, customer_id=1, due_at=localtime.start_of("Europe/Berlin", today),
                                 has_time=False, note=note)
        rec.commit("seed")
    engine.dispose()
    bot.env.update(SOLOCRM_PUSHES="on")
    bot.start(client)
    try:
        [digest] = client.wait_for_replies(user, timeout=20, min_count=1, settle=1.0)
        assert buttons(digest).count("+1 day") == 2, digest
        due_before = {fid: due for fid, due in bot.rows("SELECT id, due_at FROM followup")}

        snoozed = _press_twice(client, user, "+1 day", digest["message_id"])
        assert len({r["text"] for r in snoozed}) == 1 and snoozed[0]["text"].startswith("Snoozed: follow-up with Pia Lund")
        moved = {fid: (datetime.fromisoformat(due) - datetime.fromisoformat(due_before[fid])).days
                 for fid, due in bot.rows("SELECT id, due_at FROM followup")}
        assert sorted(moved.values()) == [0, 1], moved

        calls = _press_twice(client, user, "Log call", digest["message_id"])
        assert len({r["text"] for r in calls}) == 1
        assert bot.rows("SELECT count(*) FROM interaction WHERE kind = 'call'") == [(1,)]

        done = _press_twice(client, user, "✓ Pia Lund", digest["message_id"])
        assert len({r["text"] for r in done}) == 1

        client.send_text(user, user, "Anna bought jam for 4")
        [question] = client.wait_for_replies(user, timeout=10, min_count=1, settle=0.3)
        assert question["text"] == "Which Anna?"
        answered = _press_twice(client, user, "Anna Lee", question["message_id"])
        assert answered[0]["text"].startswith("Logged order: Anna Lee, EUR 4.00")
        assert bot.rows("SELECT count(*) FROM orders WHERE amount_minor = 400") == [(1,)]

        undone = _press_twice(client, user, "Undo", answered[0]["message_id"])
        assert undone[0]["text"].startswith("Undone: Logged order: Anna Lee, EUR 4.00")
        assert bot.rows("SELECT count(*) FROM orders WHERE amount_minor = 400") == [(0,)]
        assert bot.rows("SELECT count(*) FROM orders") == [(3,)]  # the second tap undid nothing else
        assert bot.rows("SELECT count(*) FROM operation WHERE intent = 'undo'") == [(1,)]
    finally:
        bot.stop()
    assert "Traceback" not in bot.log.read_text(), bot.log.read_text()[-3000:]
