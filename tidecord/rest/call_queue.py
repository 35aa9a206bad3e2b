"""The calls waiting for one limit (a :class:`~tidecord.rest.ratelimit.Bucket` or the
global limit), in the order they were made: only the oldest watches the limit."""

from __future__ import annotations

import asyncio
import heapq
import math
import time

from .budget import WaitBudget
from .errors import RateLimited


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
