"""Identify turns for the whole cluster: one lock per ``max_concurrency`` bucket in Redis.

A shard identifies only after it won its bucket's lock (``SET NX PX``), held for
the identify window plus a margin: the next identify of the bucket, from any
worker, comes at least a window later even if this one reached Discord a little
late. The same script spends one of ``session_start_limit``'s identifies; when
none is left, the gate waits for the reset (and says so). Without Redis there is
no identify at all: a shard waits, heartbeating on its open connection.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from ..models import SessionStartLimit
from . import scripts
from .keys import Keys
from .trouble import Trouble

__all__ = ["ClusterIdentifyGate"]

log = logging.getLogger("tidecord.cluster")

# How long to wait before asking Redis again while it is unreachable (s).
RETRY_AFTER = 1.0


class ClusterIdentifyGate:
    """The ``identify_gate`` of every shard of one worker (``await gate(shard_id)``)."""

    def __init__(
        self,
        redis: Redis,
        keys: Keys,
        worker_id: str,
        *,
        max_concurrency: int,
        window: float,
        margin: float,
        fetch_limit: Callable[[], Awaitable[SessionStartLimit]],
    ) -> None:
        self._redis = redis
        self._keys = keys
        self._worker_id = worker_id
        self.max_concurrency = max(1, max_concurrency)
        self.window = window
        self.margin = margin
        self._fetch_limit = fetch_limit
        self._script = redis.register_script(scripts.IDENTIFY)
        self._sent_script = redis.register_script(scripts.IDENTIFY_SENT)
        self._trouble = Trouble("identify", "no shard identifies until it is back")
        self.identified = 0  # identifies this worker was allowed
        self._waiting: set[int] = set()

    @property
    def _hold_ms(self) -> int:
        """How long a bucket's lock is held: the window and the margin, in ms."""
        return int((self.window + self.margin) * 1000)

    def is_waiting(self, shard_id: int) -> bool:
        """Whether ``shard_id`` is waiting for its identify turn."""
        return shard_id in self._waiting

    async def __call__(self, shard_id: int) -> None:
        """Return once ``shard_id`` may identify (its bucket's lock is ours)."""
        bucket = shard_id % self.max_concurrency
        keys = [self._keys.identify(bucket), self._keys.starts]
        self._waiting.add(shard_id)
        try:
            await self._turn(shard_id, keys, self._hold_ms)
        finally:
            self._waiting.discard(shard_id)

    async def sent(self, shard_id: int) -> None:
        """The IDENTIFY went out: hold the bucket's lock a whole window (and margin) from now.

        The lock was taken before: a busy loop can write the IDENTIFY a good part of
        a window later, and the next worker's turn must count from the write.
        """
        key = self._keys.identify(shard_id % self.max_concurrency)
        try:
            await self._sent_script(keys=[key], args=[self._worker_id, self._hold_ms])
        except (RedisError, OSError) as exc:
            # The lock still expires on its own; the margin is all that is left.
            self._trouble.failed(exc)

    async def _turn(self, shard_id: int, keys: list[str], hold: int) -> None:
        while True:
            try:
                status, value = await self._script(keys=keys, args=[self._worker_id, hold])
                status, value = int(status), int(value)
                if status == 2:
                    await self._refresh_limit()
                    continue
            except (RedisError, OSError) as exc:
                self._trouble.failed(exc)
                await asyncio.sleep(RETRY_AFTER)
                continue
            self._trouble.ok()
            if status == 0:
                self.identified += 1
                return
            if status == 3:
                wait = max(value, 1000) / 1000
                log.warning("session_start_limit used up: no identify for %.0f s, until it "
                            "resets (shard %d waits)", wait, shard_id)
                await asyncio.sleep(wait)
                await self._refresh_limit(force=True)
                continue
            # The bucket is busy: wait out its lock, with jitter so waiters spread.
            await asyncio.sleep(value / 1000 + random.uniform(0.0, 0.02))

    async def _refresh_limit(self, *, force: bool = False) -> None:
        """Learn identifies left and their reset from GET /gateway/bot."""
        limit = await self._fetch_limit()
        await store_limit(self._redis, self._keys, limit, force=force)


async def store_limit(redis: Redis, keys: Keys, limit: SessionStartLimit, *,
                      force: bool = False) -> None:
    """Keep ``session_start_limit`` in Redis (unless another worker already did)."""
    reset_ms = max(int(limit.reset_after), 1000)
    await redis.set(keys.starts, limit.remaining, px=reset_ms, nx=not force)
    await redis.set(keys.starts_total, limit.total)
