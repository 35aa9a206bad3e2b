"""Rate limiting before the request, so that we never earn a 429.

A :class:`Bucket` hands out the requests its last response said remain in the
window, counting those in flight; when none remain it sleeps until the window
resets (measured from when we received the response, which is never earlier than
the server's own reset). Until a bucket's limits are known it lets one request
through at a time, and one more each :data:`PROBE_PATIENCE` seconds while the
first is slow to answer, so one slow response cannot hold a whole new bucket.
:class:`GlobalLimiter` keeps the server from counting more than ``rate`` requests in
any of its windows, whatever queues they wait in on the way.

Every wait is bounded by the call's :class:`WaitBudget`: a wait known to be too
long raises :class:`RateLimited` at once, instead of sleeping and then failing.

This module holds the per-route :class:`Bucket` and the :class:`SharedLimits` hook;
the other pieces have modules of their own, below it (and are re-exported here):
``clock.py`` (:class:`ServerClock`), ``budget.py`` (:class:`WaitBudget`),
``call_queue.py`` (the calls waiting for a limit, oldest first) and
``global_limit.py`` (:class:`GlobalLimiter`).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import Protocol

from .budget import MAX_BLOCK, WaitBudget
from .call_queue import _CallQueue
from .clock import ServerClock
from .global_limit import GlobalLimiter

__all__ = ["LONG_WAIT", "PROBE_PATIENCE", "Bucket", "GlobalLimiter", "ServerClock",
           "SharedLimits", "WaitBudget"]

log = logging.getLogger("tidecord.rest")

#: A wait for a bucket this long (seconds) is logged at INFO, once per window: a bot
#: that goes quiet for seconds should say why.
LONG_WAIT = 1.0

# While the first request to a new bucket is unanswered, let one more go this often.
PROBE_PATIENCE = 1.0


class Bucket:
    """One rate-limit bucket (a route hash plus its major parameter).

    Calls waiting for it go in the order they were made (:attr:`WaitBudget.order`):
    only the oldest watches the window, and each call let go hands the watch to the
    next, so a channel's queued messages leave in the order they were sent.
    """

    __slots__ = ("_blocked", "_probe_at", "_queue", "_told", "_wake", "inflight", "known",
                 "limit", "name", "remaining", "reset_at")

    def __init__(self, name: str = "") -> None:
        self.name = name  # the route, for the log: never a formatted path (it may hold a token)
        self._told = False  # this window's wait was logged (reset with the window)
        self.limit = 1
        self.remaining = 1
        self.reset_at = 0.0  # monotonic time the window resets; 0 = unknown
        self._blocked = 0.0  # the latest end of a wait a 429 asked for
        self.known = False
        self.inflight = 0
        self._probe_at = 0.0
        self._wake: asyncio.Event | None = None  # the queue's head waits on it
        self._queue = _CallQueue()

    async def acquire(self, budget: WaitBudget) -> None:
        """Wait for room in the bucket (behind older calls) and reserve it."""
        queue = self._queue
        if not queue and self._try_take(time.monotonic()):
            return
        me = queue.join(budget)
        if queue.heads(me):
            self._notify(force=True)  # an older head steps back for this call
        try:
            while True:
                if not queue.heads(me):
                    await queue.wait_turn(me, budget)
                    continue
                now = time.monotonic()
                if self._try_take(now):
                    return
                await self._wait_as_head(budget, now)
        finally:
            queue.leave(me)

    def _try_take(self, now: float) -> bool:
        """Reserve a place if one is free now."""
        if self.reset_at and now >= self.reset_at:
            # Calls let go before the window ended and not answered yet may reach
            # the server in the new one (queued behind the global limit, or sent
            # as the window closed): they count in it until answers tell more.
            self.remaining = max(0, self.limit - self.inflight)
            self.reset_at = 0.0
            self._told = False
        if self.remaining > 0 and (self.known or self.inflight == 0):
            self.remaining -= 1
            self._take(now)
            return True
        slow_probe = not self.known and now - self._probe_at >= PROBE_PATIENCE
        if not self.reset_at and (self.inflight == 0 or slow_probe):
            # Nothing will tell us more (or the probe is slow): probe with one request.
            self._take(now)
            return True
        return False

    async def _wait_as_head(self, budget: WaitBudget, now: float) -> None:
        if self.reset_at and self.inflight == 0:
            delay = self.reset_at - now
            budget.check(delay)
            self._tell(delay)
            await budget.sleep(delay)
            return
        if self._wake is None:
            self._wake = asyncio.Event()
        if self.reset_at:
            delay = self.reset_at - now
            budget.check(delay)
            self._tell(delay)
        elif not self.known:
            delay = self._probe_at + PROBE_PATIENCE - now
        else:
            delay = math.inf
        await budget.wait(self._wake, delay)

    def _take(self, now: float) -> None:
        self.inflight += 1
        self._probe_at = now

    def _tell(self, delay: float) -> None:
        """Log a long wait once per window, however many calls queue up behind it.

        Later responses may push the window's end further out while calls wait: that
        is still one wait, logged once.
        """
        if delay >= LONG_WAIT and not self._told:
            self._told = True
            log.info("%s: rate limited (%d per window), waiting %.1f s for the window to reset",
                     self.name or "a route", self.limit, delay)

    def update(self, limit: int, remaining: int, reset_after: float,
               reset_by: float = math.inf) -> None:
        """Learn from a response's X-RateLimit headers (``reset_by``: the latest local
        time the window's reset can be, from the server's clock, if known)."""
        timed = bool(self.reset_at)  # else calls may be waiting with no end: tell them
        now = time.monotonic()
        new_reset = min(now + reset_after, max(reset_by, now))
        self.limit = limit
        if not self.known or not self.reset_at or new_reset > self.reset_at + 0.5 * reset_after:
            # First news of this window: trust the server, minus what is still in flight.
            self.remaining = max(0, remaining - max(0, self.inflight - 1))
        else:
            self.remaining = min(self.remaining, remaining)
        self.reset_at = max(self.reset_at, new_reset) if self.known else new_reset
        self.known = True
        self._notify(force=not timed)

    def block(self, retry_after: float) -> None:
        """A 429 told us to wait: nothing goes out until then, and calls may go then.

        Discord's ``retry_after`` is when to try again, also when a window an earlier
        answer told of ends later (a 429 of another limit than the route's, such as a
        shared one): that window is not waited for. The longest of several 429s' waits
        holds."""
        self._blocked = max(self._blocked, time.monotonic() + min(retry_after, MAX_BLOCK))
        self.remaining = 0
        self.reset_at = self._blocked
        self._notify(force=True)  # a call waiting for the window's end waits for this now

    def release(self) -> None:
        """The reserved request finished (whatever its outcome)."""
        self.inflight -= 1
        self._notify()

    def _notify(self, *, force: bool = False) -> None:
        # Waking the queue when nobody can go would make every waiting call check and
        # wait again for each answer of the window (a channel with 100 sends queued did
        # that 100 times a window); the window's end wakes them by their own timers.
        # ``force``: the window's end just became known, and calls that queued before
        # it (waiting with no end) must learn it.
        wake = self._wake
        if wake is not None and (force or self._may_go()):
            self._wake = None
            wake.set()

    def _may_go(self) -> bool:
        """Whether a waiting call could go now: room left, limits not known yet (a
        probe), no window, or the window over."""
        return (self.remaining > 0 or not self.known or not self.reset_at
                or time.monotonic() >= self.reset_at)

    @property
    def idle(self) -> bool:
        """Nothing in flight and no window pending: safe to forget."""
        return (self.inflight == 0 and not self._queue
                and (not self.reset_at or self.reset_at <= time.monotonic()))


class SharedLimits(Protocol):
    """Rate-limit state shared with other processes of one bot (a cluster's Redis).

    When an :class:`~tidecord.rest.HTTPClient` has one (``http.shared``), every call
    asks it after the call's own :class:`Bucket` (which still orders calls inside the
    process) and instead of the process's :class:`GlobalLimiter`; ``key`` names the
    route and major parameter. ``learn``, ``block`` and ``release`` must not wait.
    """

    async def acquire(self, key: str, exempt: bool, budget: WaitBudget) -> None:
        """Wait for room in ``key``'s bucket and (unless ``exempt``) the global limit."""

    def learn(self, key: str, limit: int, remaining: int, reset_after: float) -> None:
        """A response's X-RateLimit headers for ``key``."""

    def block(self, key: str, retry_after: float, is_global: bool) -> None:
        """A 429: nothing goes out on ``key`` (or at all) for ``retry_after`` s."""

    def release(self, key: str) -> None:
        """The call that acquired ``key`` finished."""
