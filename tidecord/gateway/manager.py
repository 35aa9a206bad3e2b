"""Several shards in one process, identifying by ``max_concurrency`` bucket."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from .shard import Shard

__all__ = ["IdentifyGate", "ShardManager"]

log = logging.getLogger("tidecord.gateway")

IDENTIFY_WINDOW = 5.0


class IdentifyGate:
    """At most ``max_concurrency`` identifies per 5 s: one per bucket
    (``shard_id % max_concurrency``) per window, buckets served in shard order."""

    def __init__(self, max_concurrency: int = 1, window: float = IDENTIFY_WINDOW) -> None:
        self.max_concurrency = max(1, max_concurrency)
        self.window = window
        self._locks: dict[int, asyncio.Lock] = {}
        self._last: dict[int, float] = {}

    async def __call__(self, shard_id: int) -> None:
        """Wait for ``shard_id``'s turn to identify."""
        key = shard_id % self.max_concurrency
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            last = self._last.get(key)
            if last is not None:
                delay = last + self.window - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            self._last[key] = time.monotonic()

    async def sent(self, shard_id: int) -> None:
        """The IDENTIFY went out: the next one of its bucket waits a window from now."""
        self._last[shard_id % self.max_concurrency] = time.monotonic()


class ShardManager:
    """Owns the shards' tasks: starts them, and stops them all when one fails fatally.

    The set may change while it runs (:meth:`add`, :meth:`remove`): a cluster worker
    starts the shards it wins and stops those it hands over.
    """

    def __init__(self, shards: Sequence[Shard]) -> None:
        self.shards: dict[int, Shard] = {s.id: s for s in shards}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._failed: asyncio.Future[None] | None = None

    @classmethod
    def build(
        cls,
        shard_ids: Sequence[int],
        shard_count: int,
        *,
        max_concurrency: int,
        factory: Callable[..., Shard],
        **options: Any,
    ) -> ShardManager:
        """Shards ``shard_ids`` of ``shard_count``, sharing one identify gate."""
        gate = IdentifyGate(max_concurrency)
        return cls([
            factory(shard_id, shard_count, identify_gate=gate, **options)
            for shard_id in sorted(shard_ids)
        ])

    async def run(self) -> None:
        """Run every shard until :meth:`close`; a fatal error in one stops all and is raised."""
        self._failed = asyncio.get_running_loop().create_future()
        for shard in self.shards.values():
            self._start(shard)
        try:
            await self._failed
        finally:
            await self._stop()

    @property
    def stopping(self) -> bool:
        """Whether every shard is being stopped because one failed fatally (or has been)."""
        return self._failed is not None and self._failed.done()

    def _start(self, shard: Shard) -> None:
        task = asyncio.create_task(shard.run(), name=f"tidecord:shard-{shard.id}")
        self._tasks[shard.id] = task
        task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task[None]) -> None:
        failed = self._failed
        if task.cancelled() or failed is None or failed.done():
            return
        exc = task.exception()
        if exc is not None:
            failed.set_exception(exc)

    def add(self, shard: Shard) -> None:
        """Start ``shard`` now (the manager must be running)."""
        if self._failed is None or self._failed.done():
            raise RuntimeError("the shard manager is not running")
        self.shards[shard.id] = shard
        self._start(shard)

    async def remove(self, shard_id: int, *, resumable: bool = False) -> Shard | None:
        """Stop one shard and wait for its task; ``resumable`` keeps its session alive
        on Discord's side (closed with 4000), so another process can RESUME it."""
        shard = self.shards.pop(shard_id, None)
        task = self._tasks.pop(shard_id, None)
        if shard is not None:
            try:
                await shard.close(resumable=resumable)
            except Exception:  # a close must not stop the caller
                log.exception("shard %d: error while closing", shard_id)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        return shard

    def abort(self, shard_id: int) -> Shard | None:
        """Drop one shard's connection at once, without a close frame, and forget it.

        For a shard whose lease may be lost: it must stop before another process can
        start it, so nothing here waits on the network.
        """
        shard = self.shards.pop(shard_id, None)
        if shard is not None:
            shard.abort()
        task = self._tasks.pop(shard_id, None)
        if task is not None:
            task.cancel()
        return shard

    async def _stop(self, *, resumable: bool = False) -> None:
        for shard in list(self.shards.values()):
            try:
                await shard.close(resumable=resumable)
            except Exception:  # a close must not stop the others closing
                log.exception("shard %d: error while closing", shard.id)
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks = {}
        if self._failed is not None and not self._failed.done():
            self._failed.set_result(None)

    async def close(self, *, resumable: bool = False) -> None:
        """Close every shard's session and wait for their tasks to end."""
        await self._stop(resumable=resumable)
