"""``Cluster``: what a client needs to run as one worker of a bot spread over processes.

>>> import tidecord
>>> bot = tidecord.Client(cluster=tidecord.Cluster("redis://127.0.0.1:6379/0"))

Every worker of one bot (same token) pointed at the same Redis shares the shards
(leases), the identify buckets, the sessions (for RESUME across processes) and the
REST limits. The ``redis`` package is imported only when the client connects, so
``tidecord`` imports without it (``pip install "tidecord[cluster]"``).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..gateway import Shard, ShardManager
from ..gateway.manager import IDENTIFY_WINDOW
from ..models import GatewayBot, SessionStartLimit, decoder
from ..rest.secret import hide
from .keys import PREFIX, Keys
from .leases import LeaseTimings

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from ..rest import HTTPClient
    from .identify import ClusterIdentifyGate
    from .ratelimit import SharedLimiter
    from .worker import Worker

__all__ = ["Cluster", "ClusterError", "connect_redis", "redis_where"]

log = logging.getLogger("tidecord.cluster")


class ClusterError(Exception):
    """The cluster cannot start as asked (no ``redis`` package, shard count mismatch)."""


class Cluster:
    """One bot over many processes and machines, coordinated through Redis at ``url``.

    ``shard_count``: how many shards the bot runs (default: what the cluster already
    runs, else ``Client(shard_count=)``, else Discord's recommendation); every worker
    must agree, so the first worker's count is kept in Redis. ``lease`` (s): how
    long a shard's lease lasts without renewal (see :mod:`tidecord.cluster.leases`):
    a dead worker's shards are taken over within ``lease`` plus a tick.
    ``expected_workers``: how many workers are starting together (their even share
    is known before they have all registered). ``global_rate``: the token's REST
    limit per second (50 on Discord). ``identify_window`` (s, 5 on Discord) and
    ``identify_margin`` (s, default the window or 0.5, the smaller): a bucket's
    identify lock holds for the window plus the margin.
    ``sync_interval`` (s): how often each shard's session and seq go to Redis.
    """

    def __init__(
        self,
        url: str,
        *,
        shard_count: int | None = None,
        lease: float = 10.0,
        expected_workers: int = 1,
        global_rate: int = 50,
        identify_window: float = IDENTIFY_WINDOW,
        identify_margin: float | None = None,
        sync_interval: float = 0.5,
        prefix: str = PREFIX,
        worker_id: str | None = None,
    ) -> None:
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"url must be a redis://, rediss:// or unix:// URL, not {url!r}")
        for name, value in (("lease", lease), ("identify_window", identify_window),
                            ("sync_interval", sync_interval)):
            if not value > 0:
                raise ValueError(f"{name} must be a number of seconds > 0, not {value!r}")
        if shard_count is not None and shard_count < 1:
            raise ValueError(f"shard_count must be at least 1, not {shard_count!r}")
        # It may carry a password: its repr is '<hidden>' (vars(), a traceback's locals).
        self.url = hide(url)
        self.shard_count = shard_count
        self.timings = LeaseTimings(lease)
        self.expected_workers = expected_workers
        self.global_rate = global_rate
        self.identify_window = identify_window
        # The margin covers a late identify; never more than the window itself.
        self.identify_margin = (min(0.5, identify_window) if identify_margin is None
                                else identify_margin)
        self.sync_interval = sync_interval
        self.prefix = prefix
        self.worker_id = worker_id or (
            f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}")
        self.keys: Keys | None = None
        self.worker: Worker | None = None
        self.gate: ClusterIdentifyGate | None = None
        self.limiter: SharedLimiter | None = None
        self._redis: Redis | None = None
        self._http: HTTPClient | None = None

    def __repr__(self) -> str:
        return f"<Cluster redis={redis_where(self.url)!r} worker={self.worker_id!r}>"

    async def open(self, http: HTTPClient, bot_id: int, info: GatewayBot,
                   requested: int | None = None) -> int:
        """Connect to Redis and agree on the shard count; returns it.

        Also shares the REST limits of ``http`` with the other workers from now on.
        """
        from .identify import ClusterIdentifyGate, store_limit
        from .ratelimit import SharedLimiter

        redis = self._redis = connect_redis(self.url, self.timings.tick)
        keys = self.keys = Keys(bot_id, self.prefix)
        limit = info.session_start_limit
        count = await self._agree_on_count(redis, keys, requested or info.shards or 1, limit)
        await store_limit(redis, keys, limit)

        async def fetch_limit() -> SessionStartLimit:
            raw = await http.get_gateway_bot()  # type: ignore[attr-defined]
            return decoder(GatewayBot).decode(raw).session_start_limit

        self.gate = ClusterIdentifyGate(
            redis, keys, self.worker_id, max_concurrency=limit.max_concurrency,
            window=self.identify_window, margin=self.identify_margin, fetch_limit=fetch_limit)
        self.limiter = SharedLimiter(redis, keys, self.worker_id, rate=self.global_rate,
                                     workers=self.expected_workers)
        http.shared = self.limiter
        self._http = http
        log.info("cluster worker %s: %d shards, Redis %s", self.worker_id, count, self.keys)
        return count

    async def _agree_on_count(self, redis: Redis, keys: Keys, fallback: int,
                              limit: SessionStartLimit) -> int:
        wanted = self.shard_count
        await redis.hsetnx(keys.meta, "shard_count", wanted or fallback)
        await redis.hsetnx(keys.meta, "max_concurrency", limit.max_concurrency)
        await redis.hset(keys.meta, "lease_ms", int(self.timings.lease * 1000))
        count = int(await redis.hget(keys.meta, "shard_count") or 0)
        if wanted is not None and wanted != count:
            raise ClusterError(
                f"this cluster runs {count} shards, not {wanted}: stop every worker and "
                f"clear it (`tidecord cluster reset --redis URL`) to change the count")
        return count

    async def run(self, manager: ShardManager, make_shard: Callable[[int], Shard]) -> None:
        """Claim, run and hand over shards until :meth:`close` (or a fatal shard error)."""
        import asyncio

        from .worker import Worker

        if self._redis is None or self.keys is None or self.gate is None:
            raise RuntimeError("call open() before run()")
        count = int(await self._redis.hget(self.keys.meta, "shard_count") or 0)
        self.worker = Worker(
            self._redis, self.keys, self.worker_id, shard_count=count, timings=self.timings,
            manager=manager, make_shard=make_shard, expected_workers=self.expected_workers,
            max_concurrency=self.gate.max_concurrency,
            sync_interval=self.sync_interval, waiting=self.gate.is_waiting)
        running = asyncio.create_task(manager.run(), name="tidecord:cluster:shards")
        await asyncio.sleep(0)  # the manager is running before any shard is added
        await self.worker.start()
        await running

    def shard_options(self) -> dict[str, Any]:
        """What every shard of this worker is built with (its identify gate)."""
        if self.gate is None:
            raise RuntimeError("call open() first")
        return {"identify_gate": self.gate}

    async def close(self) -> None:
        """Hand every shard over, stop sharing REST limits, disconnect from Redis."""
        if self.worker is not None:
            await self.worker.close()
            self.worker = None
        if self._http is not None:
            self._http.shared = None
            self._http = None
        if self.limiter is not None:
            await self.limiter.close()
        if self._redis is not None:
            redis, self._redis = self._redis, None
            await redis.aclose()


def redis_where(url: str) -> str:
    """Where a Redis URL points (``host:port/db``), without its user and password."""
    return url.rsplit("@", 1)[-1].split("://", 1)[-1]


def connect_redis(url: str, timeout: float) -> Redis:
    """A Redis client whose every call fails within ``timeout`` instead of hanging
    (a partition must be noticed in time), and never retries by itself."""
    try:
        from .redis_client import BoundedRedis
    except ImportError:
        raise ClusterError('the cluster needs the redis package: pip install '
                           '"tidecord[cluster]"') from None
    return BoundedRedis.connect(url, timeout)
