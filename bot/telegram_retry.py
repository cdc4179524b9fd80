"""Retries for every Bot API call the bot makes, plugged in as PTB's rate limiter hook.

Flood control (HTTP 429) is waited out for exactly the `retry_after` Telegram asks for; network
errors and timeouts are retried with exponential backoff. Requests Telegram refused on their merits
(BadRequest, Forbidden: e.g. the owner blocked the bot) are not retried: repeating them changes nothing.
"""
from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)
Result = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingLimiter(BaseRateLimiter[None]):
    def __init__(self, attempts: int = 4, first_delay: float = 0.5) -> None:
        self.attempts = attempts
        self.first_delay = first_delay

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        for attempt in range(1, self.attempts + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == self.attempts:
                    raise
                with warnings.catch_warnings():  # int today, timedelta in PTB 23: both are handled here
                    warnings.simplefilter("ignore", PTBDeprecationWarning)
                    wait = error.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                log.warning("%s: flood control, waiting %.1f s (attempt %d)", endpoint, seconds, attempt)
                await asyncio.sleep(seconds)
            except BadRequest:
                raise
            except NetworkError as error:
                if attempt == self.attempts:
                    raise
                delay = self.first_delay * 2 ** (attempt - 1)
                log.warning("%s: %s, retrying in %.1f s (attempt %d)", endpoint, error, delay, attempt)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover
