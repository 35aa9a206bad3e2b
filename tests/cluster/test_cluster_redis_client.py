"""The cluster's Redis client: a task cancelled mid-call stops, a slow call times out."""

from __future__ import annotations

import asyncio
import random
import time

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from tidecord.cluster.cluster import connect_redis

from .redis_server import RedisServer

pytestmark = pytest.mark.timeout(60)


async def test_a_task_cancelled_during_redis_calls_stops(
        redis: Redis, redis_server: RedisServer) -> None:
    """The worker's loops (leases, sessions, REST windows) call Redis over and over
    and are stopped by cancelling them. redis-py's own send timeout lost such a
    cancellation on Python 3.11 now and then (the loop went on; a worker's close hung
    until it was killed). Cancelled at random moments 300 times, every loop stops."""
    client = connect_redis(redis_server.url, 2.0)
    script = client.register_script("return ARGV[1]")
    calls, stop = 0, False

    async def calling() -> None:
        nonlocal calls
        while not stop:  # so that a loop that lost its cancellation still ends the test
            await script(args=["x"])
            async with client.pipeline(transaction=False) as pipe:
                pipe.incr("calls")
                pipe.get("calls")
                await pipe.execute()
            calls += 1

    rng = random.Random(7)
    try:
        for round_ in range(300):
            tasks = [asyncio.create_task(calling()) for _ in range(3)]
            await asyncio.sleep(rng.random() * 0.01)
            for task in tasks:
                task.cancel()
            _, pending = await asyncio.wait(tasks, timeout=2.0)
            assert not pending, f"round {round_}: {len(pending)} of 3 loops ignored cancel()"
        assert calls > 300  # the loops did call Redis between the cancellations
        pool = client.connection_pool
        assert not pool._in_use_connections, "a cancelled call kept its connection"  # type: ignore[attr-defined]
    finally:
        stop = True
        await asyncio.sleep(0.1)
        await client.aclose()


async def test_a_call_to_a_stalled_redis_fails_within_the_timeout(
        redis: Redis, redis_server: RedisServer) -> None:
    """A Redis that accepts the call and never answers (here: busy in a script for
    3 s) fails the call at the client's timeout, as an error the worker handles."""
    client = connect_redis(redis_server.url, 0.3)
    busy = asyncio.create_task(redis.eval(
        "local t = redis.call('TIME') local stop = t[1] * 1e6 + t[2] + 3000000 "
        "while true do local n = redis.call('TIME') "
        "if n[1] * 1e6 + n[2] > stop then return 1 end end", 0))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    try:
        with pytest.raises((RedisError, OSError)):
            await client.get("anything")
        # At the 0.3 s timeout, not when Redis is free again (2.9 s on); the room is for
        # a loaded machine's stalls of 0.4-0.5 s.
        assert time.monotonic() - started < 2.0
    finally:
        await busy
        await client.aclose()
