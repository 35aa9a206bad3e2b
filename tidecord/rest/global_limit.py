"""The global rate limit: at most ``rate`` requests in any window the server counts
(:class:`GlobalLimiter`), whatever route queues they wait in on the way."""

from __future__ import annotations

import asyncio
import math
import time

from .budget import MAX_BLOCK, WaitBudget
from .call_queue import _CallQueue, _resolve
from .errors import RateLimited

__all__ = ["GlobalLimiter"]


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
        # The window's end matters only to a full window: after a 429 global that
        # left it room, its wait is the one Discord asked for.
        full = self._open and self._members >= self.rate
        until = max(self.blocked_until, self._over_at() if full else 0.0)
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
