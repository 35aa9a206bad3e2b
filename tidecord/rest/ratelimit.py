"""Rate limiting before the request, so that we never earn a 429.

A :class:`Bucket` hands out the requests its last response said remain in the
window, counting those in flight; when none remain it sleeps until the window
resets (measured from when we received the response, which is never earlier than
the server's own reset). Until a bucket's limits are known it lets one request
through at a time. :class:`GlobalLimiter` keeps at most ``rate`` requests in any
sliding second.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time

from .errors import RateLimited

__all__ = ["LONG_WAIT", "Bucket", "GlobalLimiter"]

log = logging.getLogger("tidecord.rest")

#: A wait for a bucket this long (seconds) is logged at INFO, once per window: a bot
#: that goes quiet for seconds should say why.
LONG_WAIT = 1.0


class Bucket:
    """One rate-limit bucket (a route hash plus its major parameter)."""

    __slots__ = ("_told", "_wake", "inflight", "known", "limit", "name", "remaining", "reset_at")

    def __init__(self, name: str = "") -> None:
        self.name = name  # the route, for the log: never a formatted path (it may hold a token)
        self._told = False  # this window's wait was logged (reset with the window)
        self.limit = 1
        self.remaining = 1
        self.reset_at = 0.0  # monotonic time the window resets; 0 = unknown
        self.known = False
        self.inflight = 0
        self._wake: asyncio.Event | None = None

    async def acquire(self, max_wait: float | None) -> None:
        """Wait for room in the bucket and reserve it."""
        while True:
            now = time.monotonic()
            if self.reset_at and now >= self.reset_at:
                self.remaining = self.limit
                self.reset_at = 0.0
                self._told = False
            if self.remaining > 0 and (self.known or self.inflight == 0):
                self.remaining -= 1
                self.inflight += 1
                return
            if self.inflight == 0 and not self.reset_at:
                # Nothing will tell us more: probe with one request.
                self.inflight += 1
                return
            if self.reset_at and self.inflight == 0:
                delay = self.reset_at - now
                if max_wait is not None and delay > max_wait:
                    raise RateLimited(delay)
                self._tell(delay)
                await asyncio.sleep(delay)
                continue
            if self._wake is None:
                self._wake = asyncio.Event()
            wake = self._wake
            if self.reset_at:
                delay = self.reset_at - now
                if max_wait is not None and delay > max_wait:
                    raise RateLimited(delay)
                self._tell(delay)
                try:
                    await asyncio.wait_for(wake.wait(), delay)
                except TimeoutError:
                    pass
            else:
                await wake.wait()

    def _tell(self, delay: float) -> None:
        """Log a long wait once per window, however many calls queue up behind it.

        Later responses may push the window's end further out while calls wait: that
        is still one wait, logged once.
        """
        if delay >= LONG_WAIT and not self._told:
            self._told = True
            log.info("%s: rate limited (%d per window), waiting %.1f s for the window to reset",
                     self.name or "a route", self.limit, delay)

    def update(self, limit: int, remaining: int, reset_after: float) -> None:
        """Learn from a response's X-RateLimit headers."""
        now = time.monotonic()
        new_reset = now + reset_after
        self.limit = limit
        if not self.known or not self.reset_at or new_reset > self.reset_at + 0.5 * reset_after:
            # First news of this window: trust the server, minus what is still in flight.
            self.remaining = max(0, remaining - max(0, self.inflight - 1))
        else:
            self.remaining = min(self.remaining, remaining)
        self.reset_at = max(self.reset_at, new_reset) if self.known else new_reset
        self.known = True

    def block(self, retry_after: float) -> None:
        """A 429 told us to wait: nothing goes out until then."""
        self.remaining = 0
        self.reset_at = max(self.reset_at, time.monotonic() + retry_after)

    def release(self) -> None:
        """The reserved request finished (whatever its outcome)."""
        self.inflight -= 1
        wake = self._wake
        if wake is not None:
            self._wake = None
            wake.set()

    @property
    def idle(self) -> bool:
        """Nothing in flight and no window pending: safe to forget."""
        return self.inflight == 0 and (not self.reset_at or self.reset_at <= time.monotonic())


class GlobalLimiter:
    """At most ``rate`` requests in any sliding ``period``; a 429 global pauses all."""

    __slots__ = ("_lock", "_sent", "blocked_until", "period", "rate")

    def __init__(self, rate: int = 50, period: float = 1.0) -> None:
        self.rate = rate
        # A little slack so that network jitter cannot squeeze rate+1 into the
        # server's own second.
        self.period = period * 1.05
        self._sent: collections.deque[float] = collections.deque(maxlen=rate)
        self._lock = asyncio.Lock()
        self.blocked_until = 0.0

    async def acquire(self, max_wait: float | None) -> None:
        """Wait for a slot in the global window."""
        sent = self._sent
        now = time.monotonic()
        if len(sent) < self.rate and now >= self.blocked_until:
            sent.append(now)
            return
        async with self._lock:
            while True:
                now = time.monotonic()
                delay = self.blocked_until - now
                if len(sent) == self.rate:
                    delay = max(delay, sent[0] + self.period - now)
                if delay <= 0:
                    sent.append(now)
                    return
                if max_wait is not None and delay > max_wait:
                    raise RateLimited(delay)
                await asyncio.sleep(delay)

    def block(self, retry_after: float) -> None:
        """A global 429: everyone waits ``retry_after``."""
        self.blocked_until = max(self.blocked_until, time.monotonic() + retry_after)
