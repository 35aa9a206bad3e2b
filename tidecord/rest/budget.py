"""How long one call may wait for rate limits (:class:`WaitBudget`), and the longest
wait an answer can impose (:data:`MAX_BLOCK`)."""

from __future__ import annotations

import asyncio
import itertools
import math
import time

from .errors import RateLimited

__all__ = ["MAX_BLOCK", "WaitBudget"]

# A wait longer than this is not a rate limit but a broken answer (retry_after: 1e9).
MAX_BLOCK = 3600.0

_CALL_ORDER = itertools.count()


class WaitBudget:
    """How long one call may still wait: for rate limits (``max_ratelimit``, counted over
    all its waits) and in all (its ``deadline``, a monotonic time)."""

    __slots__ = ("deadline", "order", "ratelimit_left", "route")

    def __init__(self, route: str, timeout: float | None, max_ratelimit: float | None) -> None:
        self.route = route
        # When the call was made, among all calls: the global limit lets them go in
        # this order (a retry keeps its call's place).
        self.order = next(_CALL_ORDER)
        self.deadline = time.monotonic() + timeout if timeout is not None else math.inf
        self.ratelimit_left = max_ratelimit if max_ratelimit is not None else math.inf

    def left(self) -> float:
        """Seconds this call may still spend waiting for a rate limit."""
        return min(self.ratelimit_left, self.deadline - time.monotonic())

    def check(self, delay: float) -> None:
        """Raise :class:`RateLimited` unless a wait of ``delay`` fits."""
        if delay > self.left():
            raise RateLimited(delay, route=self.route)

    async def sleep(self, delay: float) -> None:
        """Wait ``delay`` for a rate limit, if it fits (else :class:`RateLimited` at once)."""
        self.check(delay)
        await asyncio.sleep(delay)
        self.ratelimit_left -= delay

    async def wait(self, event: asyncio.Event, delay: float = math.inf) -> None:
        """Wait for ``event`` at most ``delay``; :class:`RateLimited` when the budget ends first."""
        left = self.left()
        if left <= 0:
            raise RateLimited(delay if math.isfinite(delay) else 0.0, route=self.route)
        started = time.monotonic()
        limit = min(delay, left)
        try:
            async with asyncio.timeout(limit if math.isfinite(limit) else None):
                await event.wait()
        except TimeoutError:
            if delay > left:
                raise RateLimited(delay if math.isfinite(delay) else left,
                                  route=self.route) from None
        finally:
            self.ratelimit_left -= time.monotonic() - started
