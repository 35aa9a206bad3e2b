"""REST limits shared by every worker: one global window and the route buckets, in Redis.

Before a call: one script run (one round trip) takes room in the call's bucket and
in the token's global window together, or says how long to wait. The calls of a
process that wait at the same moment share that run (one script run answers them
all), so a full window has one poller per process, not one per waiting call. After
a call: what its response said and that it is done are queued and sent in batches
by one owned task, off the call's path.

When Redis cannot be reached, calls fall back to a limiter of this process alone,
at the global rate divided by the workers last seen, and the log says so.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import os
import random
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from ..rest.budget import WaitBudget
from ..rest.global_limit import GlobalLimiter
from ..rest.ratelimit import PROBE_PATIENCE
from . import scripts
from .keys import Keys
from .trouble import Trouble

__all__ = ["SharedLimiter"]

log = logging.getLogger("tidecord.cluster")

# Slack on the window, as the process's own limiter has (5% there): jitter on the way
# to Discord must not squeeze rate + 1 requests into its second. Twice as much here:
# between the grant in Redis and the request reaching Discord lie more processes (and
# machines) that the scheduler may hold back, each by a different amount.
WINDOW_SLACK = 1.1


class SharedLimiter:
    """:class:`~tidecord.rest.ratelimit.SharedLimits` on Redis, for one worker."""

    def __init__(self, redis: Redis, keys: Keys, worker_id: str, *, rate: int = 50,
                 period: float = 1.0, workers: int = 1) -> None:
        self._redis = redis
        self._keys = keys
        self.rate = rate
        self._window_ms = int(period * WINDOW_SLACK * 1000)
        self._acquire = redis.register_script(scripts.ACQUIRE_RATE)
        self._settle = redis.register_script(scripts.SETTLE_RATE)
        self._block = redis.register_script(scripts.BLOCK_RATE)
        self._ids = (f"{worker_id}:{os.getpid()}:{n}" for n in itertools.count())
        self._queued: list[tuple[str, bool, asyncio.Future[float]]] = []
        self._poller: asyncio.Task[None] | None = None
        self._pending: list[tuple[Any, list[Any]]] = []
        self._wake = asyncio.Event()
        self._flusher: asyncio.Task[None] | None = None
        self._fallback = GlobalLimiter(max(1, rate // max(1, workers)), period)
        # Fallback slots held per key (calls on one key are alike to the limiter).
        self._fallback_held: collections.Counter[str] = collections.Counter()
        self._trouble = Trouble("REST limits", "calls use this process's share of the "
                                "global limit until it is back")
        self.grants = 0  # calls let through by Redis (for tests and status)

    def workers_seen(self, workers: int) -> None:
        """How many workers share the token (the fallback's share of the rate)."""
        self._fallback = GlobalLimiter(max(1, self.rate // max(1, workers)),
                                       self._fallback.period)

    # -- before a call ---------------------------------------------------------------
    async def acquire(self, key: str, exempt: bool, budget: WaitBudget) -> None:
        """Wait for room in ``key``'s shared bucket and the shared global window."""
        loop = asyncio.get_running_loop()
        while True:
            answer: asyncio.Future[float] = loop.create_future()
            self._queued.append((key, exempt, answer))
            if self._poller is None or self._poller.done():
                self._poller = asyncio.create_task(self._poll(),
                                                   name="tidecord:cluster:rest-acquire")
            wait = await answer
            if wait == _FALLBACK:
                if not exempt:
                    await self._fallback.acquire(budget)
                    self._fallback_held[key] += 1
                return
            if wait <= 0:
                return
            await budget.sleep(wait)

    async def _poll(self) -> None:
        """Ask Redis for every queued call in one script run, until none is queued.

        Calls that queue while a run is on its way go in the next one: however many
        wait, a process has one request to Redis in flight, and a window that frees
        up is shared out in one round trip rather than fought over.
        """
        keys = self._keys
        while self._queued:
            batch, self._queued = self._queued, []
            try:
                raw = await self._acquire(
                    keys=[keys.global_window, keys.global_block,
                          *(keys.bucket(key) for key, _, _ in batch)],
                    args=[self.rate, self._window_ms, int(PROBE_PATIENCE * 1000),
                          next(self._ids), *(int(exempt) for _, exempt, _ in batch)])
            except (RedisError, OSError) as exc:
                self._trouble.failed(exc)
                for _, _, answer in batch:
                    if not answer.done():
                        answer.set_result(_FALLBACK)
                continue
            except BaseException:
                for _, _, answer in batch:
                    answer.cancel()
                raise
            self._trouble.ok()
            for i, (_, _, answer) in enumerate(batch):
                ms = int(raw[2 * i])
                if ms <= 0:
                    self.grants += 1
                if not answer.done():  # its caller may have given up meanwhile
                    # A few ms of jitter: the pollers of several processes must not
                    # wake as one.
                    answer.set_result(ms / 1000 + random.uniform(0.0, 0.003) if ms > 0 else 0.0)

    # -- after a call ------------------------------------------------------------------
    def learn(self, key: str, limit: int, remaining: int, reset_after: float) -> None:
        """Queue what a response's headers said about ``key``."""
        self._queue(self._settle, [self._keys.bucket(key)],
                    [0, limit, remaining, int(reset_after * 1000)])

    def release(self, key: str) -> None:
        """Queue: the call on ``key`` is done (and free a slot of the fallback limiter
        if a call on ``key`` took one)."""
        if self._fallback_held.get(key):
            self._fallback_held[key] -= 1
            self._fallback.release()
        self._queue(self._settle, [self._keys.bucket(key)], [1])

    def block(self, key: str, retry_after: float, is_global: bool) -> None:
        """Queue a 429's wait for every worker."""
        self._queue(self._block, [self._keys.bucket(key), self._keys.global_block],
                    [int(retry_after * 1000), int(is_global)])

    def _queue(self, script: Any, keys: list[str], args: list[Any]) -> None:
        self._pending.append((script, [keys, args]))
        self._wake.set()
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush_loop(),
                                                name="tidecord:cluster:rest-limits")

    async def _flush_loop(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            batch, self._pending = self._pending, []
            if not batch:
                continue
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    for script, (keys, args) in batch:
                        await script(keys=keys, args=args, client=pipe)
                    await pipe.execute()
            except (RedisError, OSError) as exc:
                # Lost news only makes the shared state more cautious (calls counted
                # in flight until the probe patience passes), never less.
                self._trouble.failed(exc)

    async def close(self) -> None:
        """Stop the tasks (what is still queued is dropped)."""
        tasks = [t for t in (self._flusher, self._poller) if t is not None]
        self._flusher = self._poller = None
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


_FALLBACK = -1.0
