"""Bot API calls are retried on flood control and network errors, not on refusals."""
from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram_retry import RetryingLimiter


def run(limiter: RetryingLimiter, failures: list[Exception]) -> tuple[object, int]:
    calls = 0

    async def callback(*args: object, **kwargs: object) -> dict[str, bool]:
        nonlocal calls
        calls += 1
        if failures:
            raise failures.pop(0)
        return {"ok": True}

    async def go() -> object:
        return await limiter.process_request(callback, ("sendMessage", {}), {}, "sendMessage", {}, None)

    return asyncio.run(go()), calls


def test_flood_control_waits_as_asked_and_network_errors_back_off(monkeypatch):
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    result, calls = run(RetryingLimiter(attempts=4, first_delay=0.5), [RetryAfter(3), NetworkError("reset"), TimedOut()])
    assert result == {"ok": True} and calls == 4
    assert slept == [3.0, 1.0, 2.0]  # retry_after honoured, then 0.5 * 2^(attempt-1)


@pytest.mark.parametrize("refusal", [BadRequest("message is too long"), Forbidden("bot was blocked by the user")])
def test_refusals_are_not_retried(refusal):
    with pytest.raises(type(refusal)):
        run(RetryingLimiter(), [refusal])


def test_gives_up_after_the_last_attempt(monkeypatch):
    async def no_sleep(seconds: float) -> None:
        return None

    monkeypatch.setattr(asyncio, "sleep", no_sleep)
    with pytest.raises(NetworkError):
        run(RetryingLimiter(attempts=2), [NetworkError("down"), NetworkError("still down")])


def test_a_bot_blocked_by_its_owner_tells_the_scheduler_to_pause():
    """Telegram answers 403 when the owner blocked the bot: the sender turns that into `Blocked` (the
    scheduler then pauses that owner's pushes; tests/test_scheduler.py) instead of failing each day."""
    from datetime import UTC, datetime

    from bot.telegram_app import TelegramSender
    from crm.models import FollowUp, Owner
    from crm.services.digests import Reminder
    from scheduler.sender import Blocked

    class BlockedBot:  # the one Bot method a reminder uses
        async def send_message(self, *args: object, **kwargs: object) -> None:
            raise Forbidden("Forbidden: bot was blocked by the user")

    due = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)
    reminder = Reminder(FollowUp(id=1, owner_id=1, customer_id=1, due_at=due, has_time=True, note="ping Sam"), "Sam Reed")
    with pytest.raises(Blocked):
        asyncio.run(TelegramSender(BlockedBot()).send(Owner(id=1, key="tg:5", timezone="Europe/Berlin"), reminder))  # type: ignore[arg-type]


@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=300), max_size=60), st.integers(min_value=50, max_value=4096))
def test_long_replies_are_cut_into_messages_telegram_accepts_and_lose_nothing(lines, limit):
    from bot.telegram_app import message_parts

    text = "\n".join(lines)
    parts = message_parts(text, limit)
    assert all(len(part) <= limit for part in parts) and "".join(parts) == text


def test_a_long_digest_is_cut_at_line_ends():
    from bot.telegram_app import message_parts

    lines = [f"{i}. " + "x" * 1500 for i in range(5)]
    assert message_parts("\n".join(lines)) == [lines[0] + "\n" + lines[1] + "\n", lines[2] + "\n" + lines[3] + "\n", lines[4]]
