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
    """One call in a :class:`_CallQueue`."""

    __slots__ = ("deadline", "expired", "turn")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline  # monotonic; inf: none
        self.expired = False  # its budget ran out while it waited for its turn
        self.turn: asyncio.Future[None] | None = None  # done when it heads the queue


def _resolve(future: asyncio.Future[None] | None) -> None:
    """Wake whoever awaits ``future`` (if there is one, and it is not woken already)."""
    if future is not None and not future.done():
        future.set_result(None)


class _CallQueue:
    """Calls waiting for one limit, the oldest call first (:attr:`WaitBudget.order`).

    Only the head watches the limit; the others wait for their turn. Their deadlines
    share one loop timer (the earliest), not one each: a burst of thousands of calls
    would otherwise push thousands of timers through the loop's heap. The heaps hold
    tuples, so they compare numbers in C.
    """

    __slots__ = ("_calls", "_due", "_timer")

    def __init__(self) -> None:
        self._calls: list[tuple[int, _Waiter]] = []  # by call order
        # By deadline; a call that left stays until its deadline passes (or all leave).
        self._due: list[tuple[float, int, _Waiter]] = []
        self._timer: asyncio.TimerHandle | None = None

    def __bool__(self) -> bool:
        return bool(self._calls)

    def heads(self, me: _Waiter) -> bool:
        """Whether ``me`` is the oldest call waiting."""
        return self._calls[0][1] is me

    def join(self, budget: WaitBudget) -> _Waiter:
        """Queue a call; it may wait no longer than its budget allows."""
        now = time.monotonic()
        me = _Waiter(now + budget.left())
        heapq.heappush(self._calls, (budget.order, me))
        if math.isfinite(me.deadline):
            heapq.heappush(self._due, (me.deadline, budget.order, me))
            timer = self._timer
            if timer is None or self._due[0][2] is me:
                if timer is not None:
                    timer.cancel()
                self._timer = asyncio.get_running_loop().call_later(
                    max(me.deadline - now, 0.0), self._expire)
        return me

    async def wait_turn(self, me: _Waiter, budget: WaitBudget) -> None:
        """Wait until ``me`` heads the queue (:class:`RateLimited` once its budget is spent)."""
        started = time.monotonic()
        # A bare future, not an Event: thousands of calls may queue at once, and an
        # Event costs three objects more each (its deque and its wait coroutine).
        me.turn = turn = asyncio.get_running_loop().create_future()
        try:
            await turn
        finally:
            budget.ratelimit_left -= time.monotonic() - started
        if me.expired:
            raise RateLimited(time.monotonic() - started, route=budget.route)

    def _expire(self) -> None:
        self._timer = None
        now = time.monotonic()
        due = self._due
        while due and due[0][0] <= now:
            waiter = heapq.heappop(due)[2]
            waiter.expired = True
            _resolve(waiter.turn)
        if due:
            self._timer = asyncio.get_running_loop().call_later(due[0][0] - now, self._expire)

    def leave(self, me: _Waiter) -> None:
        """Take ``me`` out (let go, or given up) and tell the next head: it may go at
        once, in the same window."""
        calls = self._calls
        if calls and calls[0][1] is me:
            heapq.heappop(calls)
        else:  # gave up (budget spent, cancelled) behind others
            for i, (_, waiter) in enumerate(calls):
                if waiter is me:
                    calls[i] = calls[-1]
                    calls.pop()
                    heapq.heapify(calls)
                    break
        if calls:
            _resolve(calls[0][1].turn)
        else:
            self._due.clear()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None


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
      to ``rate`` requests go at once.
    - Call ``floor`` the earliest time any of its requests can have been counted in a
      server window that holds none of the last window's: its opening, or a
      ``period`` after the last window's floor when requests of that window come with
      it (see below). Only one server window can start in ``[floor, floor + period)``:
      every request of ours answered before ``floor + period`` was counted in that one.
    - That server window started no later than any of our requests counted in it, so
      it is over one ``period`` after the first answer of the window, and so is ours.
    - A request answered after ``floor + period`` may have been counted after that
      server window closed, and opened one of its own. It is late: it takes a place in
      the next window (if its server window may still be open), and the next window
      is over no later than a ``period`` after its answer. Requests still in flight
      when a window opens take places in it too, until an answer shows one was counted
      before the floor: in the last window's server window, over before this opened.

    A window that fills with a burst is thus over about a round trip plus ``period``
    after it opened, however long its other answers took: the bound the limit allows.
    A slow request (an upload) costs only its place while it is in flight, and one in
    the next window if it is answered late. Requests at a steady pace below the rate
    never wait: each window ends a ``period`` after its first answer, and the request
    or two answered across its end take places in the next.

    Calls that wait go in the order they were made (:attr:`WaitBudget.order`), not in
    the order they got here: sends to many channels made round-robin leave round-robin,
    so each window carries a share of every channel and no channel's route limit is
    left holding the last of the work.
    """

    __slots__ = ("_first_answer", "_floor", "_inflight", "_late", "_members", "_open",
                 "_queue", "_wake", "blocked_until", "period", "rate")

    def __init__(self, rate: int = 50, period: float = 1.0) -> None:
        self.rate = rate
        self.period = period
        self._inflight = 0  # requests let go and not answered yet
        self._open = False  # a window is open (the first grant opens one)
        self._members = 0  # requests of the open window: granted in it or carried in
        self._floor = 0.0
        self._first_answer = math.inf
        # When the requests of the open window answered late were counted, at the
        # latest: each may have opened a server window of its own.
        self._late: list[float] = []
        self._queue = _CallQueue()
        # Resolved to make the queue's head look again: an answer that may end the
        # window, a 429, or an older call taking its place.
        self._wake: asyncio.Future[None] | None = None
        self.blocked_until = 0.0

    def _over_at(self) -> float:
        """When the open window is over (``inf``: not known until an answer)."""
        return self._first_answer + self.period

    def _try_grant(self, now: float) -> bool:
        if now < self.blocked_until:
            return False
        if not self._open or now >= self._over_at():
            # The last window's requests still in flight, and those answered late whose
            # server window may still be open, take places in this one. Counted in a
            # server window of their own, they were counted after the last window's
            # had closed: not before its floor + period.
            carried = [at for at in self._late if at + self.period > now]
            self._members = self._inflight + len(carried)
            if self._open and self._members:
                self._floor = min(now, self._floor + self.period)
            else:
                self._floor = now
            self._open = True
            self._first_answer = min(carried, default=math.inf)
            self._late = []
        if self._members >= self.rate:
            return False
        self._members += 1
        self._inflight += 1
        return True

    async def acquire(self, budget: WaitBudget) -> None:
        """Wait for a place (behind older calls); :meth:`release` it once the request is
        answered or failed."""
        now = time.monotonic()
        queue = self._queue
        if not queue and self._try_grant(now):
            return
        if self.blocked_until - now > budget.left():
            raise RateLimited(self.blocked_until - now, route=budget.route)
        me = queue.join(budget)
        if queue.heads(me):
            self._poke()  # an older head steps back for this call
        try:
            while not (queue.heads(me) and self._try_grant(time.monotonic())):
                if queue.heads(me):
                    await self._wait_as_head(budget)
                else:
                    await queue.wait_turn(me, budget)
        finally:
            queue.leave(me)

    async def _wait_as_head(self, budget: WaitBudget) -> None:
        """Sleep until the window is over or something changed that may end it sooner;
        :class:`RateLimited` at once if the window outlasts the call's budget."""
        loop = asyncio.get_running_loop()
        now = time.monotonic()
        until = max(self.blocked_until, self._over_at() if self._open else 0.0)
        left = budget.left()
        if math.isfinite(until) and until - now > left:
            raise RateLimited(until - now, route=budget.route)
        wake = self._wake = loop.create_future()
        delay = min(until - now, left)
        timer = loop.call_later(max(delay, 0.0), _resolve, wake) if math.isfinite(delay) else None
        try:
            await wake
        finally:
            budget.ratelimit_left -= time.monotonic() - now
            if self._wake is wake:  # else a newer head waits on its own
                self._wake = None
            if timer is not None:
                timer.cancel()
        if budget.left() <= 0 and time.monotonic() < until:
            raise RateLimited(time.monotonic() - now, route=budget.route)

    def _poke(self) -> None:
        _resolve(self._wake)

    def release(self, counted_by: float = math.inf) -> None:
        """A request let go was answered (or failed): the server has counted it, if ever,
        and no later than ``counted_by`` when its answer said so (:class:`ServerClock`)."""
        self._inflight = max(self._inflight - 1, 0)
        counted = min(time.monotonic(), counted_by)
        if counted < self._floor:
            # Carried in flight from the last window, and counted in its server window,
            # which was over before this one opened: the request shares no server
            # window with this one's, so it neither ends this window nor keeps a place.
            self._members = max(self._members - 1, 0)
            self._poke()
            return
        if counted < self._first_answer:
            self._first_answer = counted
            self._poke()  # the window's end is known now
        if counted >= self._floor + self.period:
            self._late.append(counted)

    def block(self, retry_after: float) -> None:
        """A 429 global: everyone waits ``retry_after``."""
        self.blocked_until = max(self.blocked_until,
                                 time.monotonic() + min(retry_after, MAX_BLOCK))
        self._poke()


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
