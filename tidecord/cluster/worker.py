"""One worker of a cluster: claims shards, runs them, hands them over, stops them in time.

Three owned tasks: the ticker (leases, see :mod:`.leases`), the watchdog (stops a
shard whose lease was not confirmed in time) and the syncer (writes each shard's
session to Redis for whoever runs it next). Hand-overs run as tasks of their own
so that a slow close never delays a renewal.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Callable, Coroutine
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from ..gateway import Shard, ShardManager
from . import scripts
from .keys import Keys
from .leases import LeaseTimings, TickResult, monotonic
from .trouble import Trouble

__all__ = ["Worker"]

log = logging.getLogger("tidecord.cluster")

# How long a session record outlives its last write (ms): longer than Discord keeps
# a session resumable, so a takeover finds what there is to find.
SESSION_TTL_MS = 15 * 60 * 1000
WATCH_EVERY = 0.05
# How long a clean stop waits for its hand-overs (close, save, release) in all.
HANDOVER_TIMEOUT = 5.0


class Worker:
    """Runs a changing set of shards of one bot, coordinated with the others in Redis."""

    def __init__(
        self,
        redis: Redis,
        keys: Keys,
        worker_id: str,
        *,
        shard_count: int,
        timings: LeaseTimings,
        manager: ShardManager,
        make_shard: Callable[[int], Shard],
        expected_workers: int = 1,
        max_concurrency: int = 1,
        sync_interval: float = 0.5,
        waiting: Callable[[int], bool] = lambda shard_id: False,
    ) -> None:
        self._redis = redis
        self.keys = keys
        self.id = worker_id
        self.shard_count = shard_count
        self.timings = timings
        self.manager = manager
        self._make_shard = make_shard
        self.expected_workers = max(1, expected_workers)
        self.max_concurrency = max_concurrency
        self.sync_interval = sync_interval
        self._waiting = waiting
        self.workers = 1
        self.confirmed: dict[int, float] = {}  # running shard -> when its lease was confirmed
        self._leaving: set[int] = set()
        self._snapshots: dict[int, tuple[str | None, int | None]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._handovers: set[asyncio.Task[None]] = set()
        self._closing = False
        self._tick = redis.register_script(scripts.TICK)
        self._write = redis.register_script(scripts.WRITE_SESSIONS)
        self._release = redis.register_script(scripts.RELEASE)
        self._trouble = Trouble("shard leases", "shards keep running on their leases, and "
                                "stop if a lease cannot be confirmed in time")
        self._sync_trouble = Trouble("shard sessions", "a takeover would resume from an "
                                     "older seq (more duplicates, no loss)")
        self.stopped_in_time = 0  # shards dropped because their lease was not confirmed
        self._expect_until = monotonic() + 2 * timings.settle
        self._info = (socket.gethostname(), os.getpid(), int(time.time() * 1000))

    # -- lifecycle -----------------------------------------------------------------
    async def start(self) -> None:
        """Start ticking (the first tick only registers this worker)."""
        for name, loop in (("ticker", self._tick_loop), ("watchdog", self._watch_loop),
                           ("syncer", self._sync_loop)):
            self._tasks.append(asyncio.create_task(loop(), name=f"tidecord:cluster:{name}"))

    async def close(self) -> None:
        """Hand every shard over (session saved, lease released), then stop."""
        if self._closing:
            return
        self._closing = True
        for shard_id in list(self.confirmed):
            self._hand_over(shard_id)
        if self._handovers:
            _, late = await asyncio.wait(list(self._handovers), timeout=HANDOVER_TIMEOUT)
            if late:
                # A close that hangs must not keep the process from stopping: drop the
                # connections; their leases expire and the sessions stay resumable.
                stuck = sorted(self._leaving)
                log.warning("shards %s: not handed over within %.0f s; dropping them",
                            stuck, HANDOVER_TIMEOUT)
                for shard_id in stuck:
                    self._drop(shard_id)
                for task in late:
                    task.cancel()
                await asyncio.gather(*late, return_exceptions=True)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        try:
            await self._redis.zrem(self.keys.workers, self.id)
            await self._redis.delete(self.keys.worker(self.id))
        except (RedisError, OSError) as exc:
            log.warning("could not deregister worker %s from Redis (%s); it expires by "
                        "itself", self.id, exc)

    # -- leases --------------------------------------------------------------------
    async def _tick_loop(self) -> None:
        first = True
        while True:
            sent_at = monotonic()
            await self._tick_once(register_only=first)
            first = False
            await asyncio.sleep(max(0.0, self.timings.tick - (monotonic() - sent_at)))

    def share(self) -> int:
        """How many shards this worker aims to run.

        Until every worker expected to start together has registered (or the settle
        time has passed), they count as there: the first one to tick must not take all.
        """
        if self.workers >= self.expected_workers or monotonic() > self._expect_until:
            self.expected_workers = 1
        return self.timings.share(self.shard_count, max(self.workers, self.expected_workers))

    async def _tick_once(self, *, register_only: bool = False) -> None:
        held = [s for s in self.confirmed]
        want = 0 if register_only or self._closing else self.share() - len(self.running())
        t = self.timings
        sent_at = monotonic()
        try:
            raw = await self._tick(args=[
                self.keys.prefix, self.id, int(t.lease * 1000), int(t.worker_ttl * 1000),
                self.shard_count, int(t.settle * 1000), max(want, 0), self.max_concurrency,
                *self._info, *held])
        except (RedisError, OSError) as exc:
            self._trouble.failed(exc)
            return
        self._trouble.ok()
        result = TickResult.parse(sent_at, raw)
        self.workers = result.workers
        self._apply(result)

    def _apply(self, result: TickResult) -> None:
        for shard_id in result.lost:
            if shard_id in self.confirmed:
                log.error("shard %d: its lease is held by another worker; stopping it",
                          shard_id)
                self._drop(shard_id)
        for shard_id in result.kept:
            if shard_id in self.confirmed:
                self.confirmed[shard_id] = result.sent_at
            else:
                # Stopped by the watchdog while this tick was on its way: let it go.
                self._spawn(self._release_lease(shard_id), f"release-{shard_id}")
        for shard_id, (session_id, resume_url, seq) in result.claimed.items():
            self._start_shard(shard_id, session_id, resume_url, seq, result.sent_at)
        extra = len(self.running()) - self.share()
        if extra > 0 and not self._closing:
            for shard_id in sorted(self.running(), reverse=True)[:extra]:
                log.info("shard %d: handing over to even the spread (%d workers)",
                         shard_id, self.workers)
                self._hand_over(shard_id)

    def running(self) -> list[int]:
        """Shards this worker runs and keeps (not being handed over)."""
        return [s for s in self.confirmed if s not in self._leaving]

    def _start_shard(self, shard_id: int, session_id: str, resume_url: str, seq: str,
                     confirmed_at: float) -> None:
        shard = self._make_shard(shard_id)
        if session_id:
            shard.session_id = session_id
            shard.resume_url = resume_url or shard.gateway_url
            shard.seq = int(seq) if seq else None
            log.info("shard %d: taken, resuming its session from seq %s", shard_id, seq or 0)
        else:
            log.info("shard %d: taken, no session to resume: it identifies", shard_id)
        self.confirmed[shard_id] = confirmed_at
        self.manager.add(shard)

    def _drop(self, shard_id: int) -> None:
        self.confirmed.pop(shard_id, None)
        self._snapshots.pop(shard_id, None)
        self._leaving.discard(shard_id)
        self.manager.abort(shard_id)

    async def _watch_loop(self) -> None:
        limit = self.timings.stop_after
        while True:
            now = monotonic()
            for shard_id, confirmed in list(self.confirmed.items()):
                if now - confirmed >= limit:
                    log.error("shard %d: lease not confirmed for %.1f s (Redis unreachable?): "
                              "stopping it before the lease can expire and another worker "
                              "take it", shard_id, now - confirmed)
                    self.stopped_in_time += 1
                    self._drop(shard_id)
            await asyncio.sleep(WATCH_EVERY)

    # -- hand-overs ----------------------------------------------------------------
    def _hand_over(self, shard_id: int) -> None:
        if shard_id in self._leaving:
            return
        self._leaving.add(shard_id)
        self._spawn(self._hand_over_now(shard_id), f"handover-{shard_id}")

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(coro, name=f"tidecord:cluster:{name}")
        self._handovers.add(task)
        task.add_done_callback(self._handovers.discard)

    async def _hand_over_now(self, shard_id: int) -> None:
        """Close with 4000 (the session stays resumable), save it, release the lease."""
        shard = await self.manager.remove(shard_id, resumable=True)
        if shard_id not in self.confirmed:
            return  # dropped meanwhile: its lease is not ours to release
        if shard is not None:
            fields: list[Any] = [shard_id, shard.session_id or "", shard.resume_url or "",
                      shard.seq if shard.seq is not None else "", "handed over"]
            try:
                await self._write(args=[self.keys.prefix, self.id, SESSION_TTL_MS, *fields])
            except (RedisError, OSError) as exc:
                self._sync_trouble.failed(exc)
        await self._release_lease(shard_id)
        self.confirmed.pop(shard_id, None)
        self._snapshots.pop(shard_id, None)
        self._leaving.discard(shard_id)

    async def _release_lease(self, shard_id: int) -> None:
        try:
            await self._release(args=[self.keys.prefix, self.id, shard_id])
        except (RedisError, OSError) as exc:
            log.warning("shard %d: could not release its lease (%s); it expires by itself",
                        shard_id, exc)

    # -- sessions ------------------------------------------------------------------
    async def _sync_loop(self) -> None:
        last = monotonic()
        while True:
            await asyncio.sleep(WATCH_EVERY)
            # A new session goes to Redis at once (a takeover right after READY must
            # find it); the rest every sync_interval.
            if monotonic() - last < self.sync_interval and not self._new_session():
                continue
            last = monotonic()
            fields = self._session_fields()
            if not fields:
                continue
            try:
                await self._write(args=[self.keys.prefix, self.id, SESSION_TTL_MS, *fields])
            except (RedisError, OSError) as exc:
                self._sync_trouble.failed(exc)
            else:
                self._sync_trouble.ok()

    def _new_session(self) -> bool:
        shards = self.manager.shards
        for shard_id in self.running():
            shard = shards.get(shard_id)
            before = self._snapshots.get(shard_id)
            if shard is not None and shard.session_id is not None and (
                    before is None or before[0] != shard.session_id):
                return True
        return False

    def _session_fields(self) -> list[Any]:
        """Each running shard's session, one write behind.

        The seq written is the one seen at the previous write: whatever came after it
        may not have reached its handlers yet, so a takeover replays it (at least
        once) rather than skip it.
        """
        fields: list[Any] = []
        for shard_id in self.running():
            shard = self.manager.shards.get(shard_id)
            if shard is None:
                continue
            now = (shard.session_id, shard.seq)
            before = self._snapshots.get(shard_id)
            self._snapshots[shard_id] = now
            session_id, seq = now[0], 0
            if before is not None and before[0] == now[0] and before[1] is not None:
                seq = before[1]
            fields += [shard_id, session_id or "", shard.resume_url or "",
                       seq if session_id else "", self._state(shard)]
        return fields

    def _state(self, shard: Shard) -> str:
        if shard.connected.is_set():
            return "ready"
        if self._waiting(shard.id):
            return "waiting to identify"
        return "resuming" if shard.session_id is not None else "connecting"
