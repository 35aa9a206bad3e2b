"""How many invocations of one command may run at once, per bucket.

``await limit.acquire(message)`` (a context, interaction or message) takes a slot in
its bucket: it returns ``True``, or ``False`` when the bucket is full and ``wait`` is
off (the front-end raises its ``MaxConcurrencyReached``); with ``wait`` on it queues,
first come first served. ``await limit.release(message)`` gives the slot back. Idle
buckets are dropped.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Hashable
from typing import Any, Self

from .cooldowns import BucketType

__all__ = ["MaxConcurrency"]


class _Slots:
    """A counting semaphore whose waiters are served in order."""

    __slots__ = ("free", "waiters")

    def __init__(self, number: int) -> None:
        self.free = number
        self.waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def take(self, wait: bool) -> bool:
        if self.free > 0 and not self.waiters:
            self.free -= 1
            return True
        if not wait:
            return False
        future = asyncio.get_running_loop().create_future()
        self.waiters.append(future)
        try:
            await future  # resolved by give(), which hands its slot over
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.give()  # the slot came just as we were cancelled: pass it on
            else:
                self.waiters.remove(future)
            raise
        return True

    def give(self) -> None:
        while self.waiters:
            future = self.waiters.popleft()
            if not future.done():
                future.set_result(None)
                return
        self.free += 1


class MaxConcurrency:
    """At most ``number`` runs at once per ``per`` bucket; ``wait`` queues the rest."""

    __slots__ = ("_buckets", "number", "per", "wait")

    def __init__(self, number: int, *, per: BucketType, wait: bool) -> None:
        if number <= 0:
            raise ValueError("max_concurrency 'number' cannot be less than 1")
        if not isinstance(per, BucketType):
            raise TypeError(f"max_concurrency 'per' must be of type BucketType not {type(per)!r}")
        self.number = number
        self.per = per
        self.wait = wait
        self._buckets: dict[Hashable, _Slots] = {}

    def copy(self) -> Self:
        """The same limit with no one running."""
        return type(self)(self.number, per=self.per, wait=self.wait)

    # ``message`` as discord.py names it (calls by keyword work); a context, an
    # interaction or a message.
    def get_key(self, message: Any) -> Hashable:
        """The bucket of ``message``."""
        return self.per.get_key(message)

    async def acquire(self, message: Any) -> bool:
        """Take a slot: ``True``, or ``False`` if the bucket is full and ``wait`` is off."""
        key = self.get_key(message)
        slots = self._buckets.get(key)
        if slots is None:
            slots = self._buckets[key] = _Slots(self.number)
        return await slots.take(self.wait)

    async def release(self, message: Any) -> None:
        """Give ``message``'s slot back (a coroutine, as in discord.py)."""
        key = self.get_key(message)
        slots = self._buckets.get(key)
        if slots is None:
            return
        slots.give()
        if slots.free >= self.number and not slots.waiters:
            del self._buckets[key]

    def running(self, subject: Any) -> int:
        """How many runs hold a slot in ``subject``'s bucket now."""
        slots = self._buckets.get(self.get_key(subject))
        return 0 if slots is None else self.number - slots.free

    def __repr__(self) -> str:
        return f"<MaxConcurrency per={self.per!r} number={self.number} wait={self.wait}>"
