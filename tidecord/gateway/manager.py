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


class ShardManager:
    """Owns the shards' tasks: starts them, and stops them all when one fails fatally."""

    def __init__(self, shards: Sequence[Shard]) -> None:
        self.shards: dict[int, Shard] = {s.id: s for s in shards}
        self._tasks: list[asyncio.Task[None]] = []

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
        self._tasks = [
            asyncio.create_task(shard.run(), name=f"tidecord:shard-{shard.id}")
            for shard in self.shards.values()
        ]
        try:
            done, _ = await asyncio.wait(self._tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                if not task.cancelled() and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
        finally:
            await self._stop()

    async def _stop(self) -> None:
        for shard in self.shards.values():
            try:
                await shard.close()
            except Exception:  # a close must not stop the others closing
                log.exception("shard %d: error while closing", shard.id)
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def close(self) -> None:
        """Close every shard's session and wait for their tasks to end."""
        await self._stop()
