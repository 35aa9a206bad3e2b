"""Rate limiting before the request, so that we never earn a 429.

A :class:`Bucket` hands out the requests its last response said remain in the
window, counting those in flight; when none remain it sleeps until the window
resets (measured from when we received the response, which is never earlier than
the server's own reset). Until a bucket's limits are known it lets one request
through at a time, and one more each :data:`PROBE_PATIENCE` seconds while the
first is slow to answer, so one slow response cannot hold a whole new bucket.
:class:`GlobalLimiter` keeps the server from counting more than ``rate`` requests in
any second, whatever queues they wait in on the way.

Every wait is bounded by the call's :class:`WaitBudget`: a wait known to be too
long raises :class:`RateLimited` at once, instead of sleeping and then failing.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import math
import time
from typing import Protocol

from .errors import RateLimited

__all__ = ["LONG_WAIT", "PROBE_PATIENCE", "Bucket", "GlobalLimiter", "SharedLimits",
           "WaitBudget"]

log = logging.getLogger("tidecord.rest")

#: A wait for a bucket this long (seconds) is logged at INFO, once per window: a bot
#: that goes quiet for seconds should say why.
LONG_WAIT = 1.0

# While the first request to a new bucket is unanswered, let one more go this often.
PROBE_PATIENCE = 1.0
# A wait longer than this is not a rate limit but a broken answer (retry_after: 1e9).
MAX_BLOCK = 3600.0


class WaitBudget:
    """How long one call may still wait: for rate limits (``max_ratelimit``, counted over
    all its waits) and in all (its ``deadline``, a monotonic time)."""

    __slots__ = ("deadline", "ratelimit_left", "route")

    def __init__(self, route: str, timeout: float | None, max_ratelimit: float | None) -> None:
        self.route = route
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


class Bucket:
    """One rate-limit bucket (a route hash plus its major parameter)."""

    __slots__ = ("_probe_at", "_told", "_wake", "inflight", "known", "limit", "name",
                 "remaining", "reset_at")

    def __init__(self, name: str = "") -> None:
        self.name = name  # the route, for the log: never a formatted path (it may hold a token)
        self._told = False  # this window's wait was logged (reset with the window)
        self.limit = 1
        self.remaining = 1
        self.reset_at = 0.0  # monotonic time the window resets; 0 = unknown
        self.known = False
        self.inflight = 0
        self._probe_at = 0.0
        self._wake: asyncio.Event | None = None

    async def acquire(self, budget: WaitBudget) -> None:
        """Wait for room in the bucket and reserve it."""
        while True:
            now = time.monotonic()
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
                return
            slow_probe = not self.known and now - self._probe_at >= PROBE_PATIENCE
            if not self.reset_at and (self.inflight == 0 or slow_probe):
                # Nothing will tell us more (or the probe is slow): probe with one request.
                self._take(now)
                return
            if self.reset_at and self.inflight == 0:
                delay = self.reset_at - now
                budget.check(delay)
                self._tell(delay)
                await budget.sleep(delay)
                continue
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

    def update(self, limit: int, remaining: int, reset_after: float) -> None:
        """Learn from a response's X-RateLimit headers."""
        timed = bool(self.reset_at)  # else calls may be waiting with no end: tell them
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
        self._notify(force=not timed)

    def block(self, retry_after: float) -> None:
        """A 429 told us to wait: nothing goes out until then."""
        timed = bool(self.reset_at)
        self.remaining = 0
        self.reset_at = max(self.reset_at, time.monotonic() + min(retry_after, MAX_BLOCK))
        self._notify(force=not timed)

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
        return self.inflight == 0 and (not self.reset_at or self.reset_at <= time.monotonic())


class GlobalLimiter:
    """At most ``rate`` requests counted by the server in any ``period``; a 429 global
    pauses all.

    The server counts a request some time after we let it go (it may wait for a
    connection, then in the server's own queue), and never after its answer
    arrives. So each of the ``rate`` slots is held from the grant until the answer
    (or the failure) and then rests one ``period``: two requests that took turns
    on a slot were counted at least a ``period`` apart, however long either
    waited on the way, and no window of the server's can hold more than ``rate``.
    Stamping at the grant instead needs slack for those waits, and a burst that
    queues for connections outgrows any fixed slack.
    """

    __slots__ = ("_free_at", "_lock", "_released", "blocked_until", "held", "period", "rate")

    def __init__(self, rate: int = 50, period: float = 1.0) -> None:
        self.rate = rate
        self.period = period
        # Slots granted and not yet answered.
        self.held = 0
        # When each answered slot may be granted again, in order (answers come in time
        # order, so the deque stays sorted).
        self._free_at: collections.deque[float] = collections.deque()
        self._lock = asyncio.Lock()
        # Resolved by the next release, for a queue head that waits on slots in flight.
        self._released: asyncio.Future[None] | None = None
        self.blocked_until = 0.0

    def _busy(self, now: float) -> int:
        free_at = self._free_at
        while free_at and free_at[0] <= now:
            free_at.popleft()
        return self.held + len(free_at)

    async def acquire(self, budget: WaitBudget) -> None:
        """Wait for a slot (queueing behind other calls counts); :meth:`release` it once
        the request is answered or failed."""
        now = time.monotonic()
        if (self._busy(now) < self.rate and now >= self.blocked_until
                and not self._lock.locked()):
            self.held += 1
            return
        left = budget.left()
        if self.blocked_until - now > left:
            raise RateLimited(self.blocked_until - now, route=budget.route)
        started = now
        try:
            # Calls queue here in order; a call may not queue past its own budget.
            async with asyncio.timeout(left if math.isfinite(left) else None):
                async with self._lock:
                    await self._wait_for_slot()
                    self.held += 1
        except TimeoutError:
            raise RateLimited(time.monotonic() - started, route=budget.route) from None
        finally:
            budget.ratelimit_left -= time.monotonic() - started

    async def _wait_for_slot(self) -> None:
        while True:
            now = time.monotonic()
            delay = self.blocked_until - now
            if self._busy(now) >= self.rate:
                if not self._free_at:
                    # Every slot is in flight: the first answer starts a rest.
                    self._released = asyncio.get_running_loop().create_future()
                    try:
                        await self._released
                    finally:
                        self._released = None
                    continue
                delay = max(delay, self._free_at[0] - now)
            if delay <= 0:
                return
            await asyncio.sleep(delay)

    def release(self) -> None:
        """The request holding a slot was answered (or failed): the slot rests one period."""
        self.held = max(self.held - 1, 0)
        self._free_at.append(time.monotonic() + self.period)
        released = self._released
        if released is not None and not released.done():
            released.set_result(None)

    def block(self, retry_after: float) -> None:
        """A global 429: everyone waits ``retry_after``."""
        self.blocked_until = max(self.blocked_until,
                                 time.monotonic() + min(retry_after, MAX_BLOCK))


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
