"""The Redis client the cluster uses: every call bounded in time, no cancellation lost.

redis-py bounds each send with ``asyncio.wait_for`` when the client has a socket
timeout. On Python 3.11, ``wait_for`` returns the result instead of raising when its
task is cancelled just as the send completes: the cancellation is lost and a loop told
to stop goes on (a worker's close then waited for its lease ticker until the process
was killed). Python 3.12 rewrote ``wait_for``; 3.11 is what we run.

So the client has no socket timeout of its own: each command and each pipeline runs
inside ``asyncio.timeout``, which keeps every cancellation and still fails a call that
takes too long with :class:`TimeoutError` (an :class:`OSError`). A call cut short
this way leaves no half-read reply behind: redis-py drops a connection whose command
was interrupted.
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.client import Pipeline
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

__all__ = ["BoundedRedis"]


class BoundedPipeline(Pipeline):
    """A pipeline whose :meth:`execute` fails after the client's call timeout."""

    call_timeout = 5.0

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        async with asyncio.timeout(self.call_timeout):
            return await super().execute(raise_on_error)


class BoundedRedis(Redis):
    """A Redis client whose every call fails within ``call_timeout`` instead of hanging
    (a partition must be noticed in time), and which never retries by itself."""

    call_timeout = 5.0

    @classmethod
    def connect(cls, url: str, timeout: float) -> BoundedRedis:
        """A client for ``url`` whose calls (connecting included) take at most ``timeout``."""
        # socket_timeout=None: no wait_for around sends (redis-py's default is 5 s).
        pool = ConnectionPool.from_url(url, socket_timeout=None, socket_connect_timeout=timeout,
                                       retry=Retry(NoBackoff(), 0), health_check_interval=0)
        client = cls(connection_pool=pool)
        client.auto_close_connection_pool = True  # aclose() closes the pool with it
        client.call_timeout = timeout
        return client

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        async with asyncio.timeout(self.call_timeout):
            return await super().execute_command(*args, **options)  # type: ignore[no-untyped-call]

    def pipeline(self, transaction: bool = True, shard_hint: str | None = None) -> Pipeline:
        pipe = BoundedPipeline(self.connection_pool, self.response_callbacks, transaction,
                               shard_hint)
        pipe.call_timeout = self.call_timeout
        return pipe
