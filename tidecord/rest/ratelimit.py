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
"""

from __future__ import annotations

import asyncio
import collections
import heapq
import itertools
import logging
import math
import time
from typing import Protocol

from .errors import RateLimited

__all__ = ["LONG_WAIT", "PROBE_PATIENCE", "Bucket", "GlobalLimiter", "ServerClock",
           "SharedLimits", "WaitBudget"]

log = logging.getLogger("tidecord.rest")

#: A wait for a bucket this long (seconds) is logged at INFO, once per window: a bot
#: that goes quiet for seconds should say why.
LONG_WAIT = 1.0

# While the first request to a new bucket is unanswered, let one more go this often.
PROBE_PATIENCE = 1.0
# A wait longer than this is not a rate limit but a broken answer (retry_after: 1e9).
MAX_BLOCK = 3600.0

_CALL_ORDER = itertools.count()

# How fast two clocks may drift apart (s per s), and how far apart the clocks of
# the server's machines may be, beyond what ``ServerClock`` learned.
CLOCK_DRIFT = 1e-4
CLOCK_SKEW = 0.005
# Reset and Reset-After come in milliseconds: the time they give is this far off.
HEADER_PRECISION = 0.001


class ServerClock:
    """Where the server's clock stands against ours, learned from its answers.

    An answer's ``X-RateLimit-Reset`` less its ``-Reset-After`` is the server's time
    when it handled (and counted) the request. That moment lies between our sending
    the request and our reading the answer, so each answer bounds the offset between
    the clocks from both sides, and the bounds close in with every quick answer.
    :meth:`latest` turns a server time into the latest local time it can be: when a
    request was counted, or when a window resets, no later than that. Reading an
    answer late (the loop busy with a burst) no longer moves a window's end.
    """

    __slots__ = ("_at", "_high", "_low")

    def __init__(self) -> None:
        # Bounds of (server time - time.monotonic()), as of monotonic time ``_at``.
        self._low = -math.inf
        self._high = math.inf
        self._at = 0.0

    def learn(self, server_now: float, sent: float, received: float) -> bool:
        """Fold in one answer handled at ``server_now`` (server time), sent and read at
        ``sent`` and ``received`` (ours). False when it contradicts the answers before
        (a clock was stepped, or a header lies): the estimate then starts again from it."""
        low = server_now - received - HEADER_PRECISION
        high = server_now - sent + HEADER_PRECISION
        drift = CLOCK_DRIFT * (received - self._at)
        was_low, was_high = self._low - drift, self._high + drift
        self._at = received
        if low > was_high or high < was_low:
            self._low, self._high = low, high
            return False
        self._low, self._high = max(low, was_low), min(high, was_high)
        return True

    def latest(self, server_time: float, now: float) -> float:
        """The latest monotonic time ``server_time`` (the server's clock) can be."""
        return server_time - (self._low - CLOCK_DRIFT * (now - self._at)) + CLOCK_SKEW


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


class _Waiter:
    """A call queued for a limit; queues hold ``(order, waiter)``, so the heap compares
    the calls' order numbers (unique) in C."""

    __slots__ = ("turn",)

    def __init__(self) -> None:
        self.turn: asyncio.Event | None = None  # set when it heads the queue


_Queue = list[tuple[int, _Waiter]]


def _join(queue: _Queue, order: int) -> _Waiter:
    me = _Waiter()
    heapq.heappush(queue, (order, me))
    return me


def _leave(queue: _Queue, me: _Waiter) -> None:
    """Take ``me`` out of ``queue`` (let go, or given up) and tell the next head: it may
    go at once, in the same window."""
    if queue and queue[0][1] is me:
        heapq.heappop(queue)
    else:  # gave up (timeout, cancelled) behind others
        for i, (_, waiter) in enumerate(queue):
            if waiter is me:
                queue[i] = queue[-1]
                queue.pop()
                heapq.heapify(queue)
                break
    if queue:
        turn = queue[0][1].turn
        if turn is not None:
            turn.set()


class Bucket:
    """One rate-limit bucket (a route hash plus its major parameter).

    Calls waiting for it go in the order they were made (:attr:`WaitBudget.order`):
    only the oldest watches the window, and each call let go hands the watch to the
    next, so a channel's queued messages leave in the order they were sent.
    """

    __slots__ = ("_probe_at", "_queue", "_told", "_wake", "inflight", "known", "limit",
                 "name", "remaining", "reset_at")

    def __init__(self, name: str = "") -> None:
        self.name = name  # the route, for the log: never a formatted path (it may hold a token)
        self._told = False  # this window's wait was logged (reset with the window)
        self.limit = 1
        self.remaining = 1
        self.reset_at = 0.0  # monotonic time the window resets; 0 = unknown
        self.known = False
        self.inflight = 0
        self._probe_at = 0.0
        self._wake: asyncio.Event | None = None  # the queue's head waits on it
        self._queue: _Queue = []  # a heap: the head is the oldest call waiting

    async def acquire(self, budget: WaitBudget) -> None:
        """Wait for room in the bucket (behind older calls) and reserve it."""
        queue = self._queue
        if not queue and self._try_take(time.monotonic()):
            return
        me = _join(queue, budget.order)
        if queue[0][1] is me:
            self._notify(force=True)  # an older head steps back for this call
        try:
            while True:
                if queue[0][1] is not me:
                    me.turn = asyncio.Event()
                    await budget.wait(me.turn)
                    continue
                now = time.monotonic()
                if self._try_take(now):
                    return
                await self._wait_as_head(budget, now)
        finally:
            _leave(queue, me)

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
        return (self.inflight == 0 and not self._queue
                and (not self.reset_at or self.reset_at <= time.monotonic()))




class GlobalLimiter:
    """At most ``rate`` requests in any window the server counts; a 429 global pauses all.

    Discord's windows are fixed: one opens with the first request counted after the
    last one closed, and lasts ``period``. We never see when the server counts a
    request, only that it is after we let it go and no later than its answer. So our
    own windows follow the server's from outside:

    - A window of ours opens with the first grant once the last is over, and lets up
      to ``rate`` requests go at once. Requests still in flight when it opens take
      places in it: they may yet be counted in the server's window beside it.
    - Call ``floor`` the earlier of its opening and the oldest grant still in flight
      then. Every request of the window is counted at or after ``floor``, and only one
      server window can start in ``[floor, floor + period)``: every request of ours
      answered before ``floor + period`` was counted in that one.
    - That server window started no later than any of our requests counted in it, so
      it is over one ``period`` after the first answer of the window. Ours is over then
      too, unless a request was answered after ``floor + period``: that one may have
      been counted after the server's window closed and opened one of its own, over by
      a ``period`` after its answer, and ours waits for that as well.

    A window that fills with a burst is thus over about a round trip plus ``period``
    after it opened, however long its other answers took: the bound the limit allows.
    A slow request (an upload) costs only its place while it is in flight; once it is
    answered late, the window it belonged to waits a ``period`` more.

    Calls that wait go in the order they were made (:attr:`WaitBudget.order`), not in
    the order they got here: sends to many channels made round-robin leave round-robin,
    so each window carries a share of every channel and no channel's route limit is
    left holding the last of the work.
    """

    __slots__ = ("_first_answer", "_floor", "_granted", "_late_until", "_members", "_open",
                 "_queue", "_wake", "blocked_until", "period", "rate")

    def __init__(self, rate: int = 50, period: float = 1.0) -> None:
        self.rate = rate
        self.period = period
        # Grant times of the requests in flight, oldest first. Answers do not say which
        # request they end, so each drops the newest: the oldest kept is never younger
        # than the oldest truly in flight, which keeps ``floor`` on the safe side.
        self._granted: collections.deque[float] = collections.deque()
        self._open = False  # a window is open (the first grant opens one)
        self._members = 0  # requests of the open window: granted in it or carried in
        self._floor = 0.0
        self._first_answer = math.inf
        self._late_until = 0.0
        self._queue: _Queue = []  # a heap: the head is the oldest call waiting
        # Resolved to make the queue's head look again: an answer that may end the
        # window, a 429, or an older call taking its place.
        self._wake: asyncio.Future[None] | None = None
        self.blocked_until = 0.0

    @property
    def held(self) -> int:
        """Requests let go and not answered yet."""
        return len(self._granted)

    def _over_at(self) -> float:
        """When the open window is over (``inf``: not known until an answer)."""
        return max(self._first_answer + self.period, self._late_until)

    def _try_grant(self, now: float) -> bool:
        if now < self.blocked_until:
            return False
        if not self._open or now >= self._over_at():
            granted = self._granted
            self._open = True
            self._members = len(granted)
            self._floor = min(now, granted[0]) if granted else now
            self._first_answer = math.inf
            self._late_until = 0.0
        if self._members >= self.rate:
            return False
        self._members += 1
        self._granted.append(now)
        return True

    async def acquire(self, budget: WaitBudget) -> None:
        """Wait for a place (behind older calls); :meth:`release` it once the request is
        answered or failed."""
        now = time.monotonic()
        queue = self._queue
        if not queue and self._try_grant(now):
            return
        left = budget.left()
        if self.blocked_until - now > left:
            raise RateLimited(self.blocked_until - now, route=budget.route)
        me = _join(queue, budget.order)
        if queue[0][1] is me:
            self._poke()  # an older head steps back for this call
        started = now
        try:
            # A call may not queue past its own budget.
            async with asyncio.timeout(left if math.isfinite(left) else None):
                while queue[0][1] is not me or not self._try_grant(time.monotonic()):
                    if queue[0][1] is me:
                        await self._wait_as_head()
                    else:
                        me.turn = asyncio.Event()
                        await me.turn.wait()
        except TimeoutError:
            raise RateLimited(time.monotonic() - started, route=budget.route) from None
        finally:
            budget.ratelimit_left -= time.monotonic() - started
            _leave(queue, me)

    async def _wait_as_head(self) -> None:
        """Sleep until the window is over or something changed that may end it sooner."""
        loop = asyncio.get_running_loop()
        wake = self._wake = loop.create_future()
        until = max(self.blocked_until, self._over_at() if self._open else 0.0)
        timer = (loop.call_later(max(until - time.monotonic(), 0.0), _resolve, wake)
                 if math.isfinite(until) else None)
        try:
            await wake
        finally:
            if self._wake is wake:  # else a newer head waits on its own
                self._wake = None
            if timer is not None:
                timer.cancel()

    def _poke(self) -> None:
        wake = self._wake
        if wake is not None:
            _resolve(wake)

    def release(self, counted_by: float = math.inf) -> None:
        """A request let go was answered (or failed): the server has counted it, if ever,
        and no later than ``counted_by`` when its answer said so (:class:`ServerClock`)."""
        if self._granted:
            self._granted.pop()
        counted = min(time.monotonic(), counted_by)
        if counted < self._first_answer:
            self._first_answer = counted
            self._poke()  # the window's end is known now
        if counted >= self._floor + self.period:
            self._late_until = max(self._late_until, counted + self.period)

    def block(self, retry_after: float) -> None:
        """A 429 global: everyone waits ``retry_after``."""
        self.blocked_until = max(self.blocked_until,
                                 time.monotonic() + min(retry_after, MAX_BLOCK))
        self._poke()


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


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
