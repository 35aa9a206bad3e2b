"""The cluster's identify lock counts a bucket's window from the IDENTIFY's write."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from tidecord.cluster.identify import ClusterIdentifyGate
from tidecord.cluster.keys import Keys
from tidecord.models import SessionStartLimit


async def _limit() -> SessionStartLimit:
    return SessionStartLimit(total=1000, remaining=1000, reset_after=86_400_000,
                             max_concurrency=1)


def _gate(redis: Redis, worker: str) -> ClusterIdentifyGate:
    return ClusterIdentifyGate(redis, Keys(1), worker, max_concurrency=1, window=0.3,
                               margin=0.1, fetch_limit=_limit)


async def test_a_late_identify_holds_its_bucket_a_whole_window_from_its_write(
        redis: Redis) -> None:
    # Seen once in the Redis-restart proof on a loaded machine: two identifies of
    # one bucket 0.234 s apart against a 0.25 s window, the first written late.
    first, second = _gate(redis, "worker-a"), _gate(redis, "worker-b")
    lock = Keys(1).identify(0)
    await first(0)
    await asyncio.sleep(0.3)  # the loop was busy: the write comes late
    await first.sent(0)
    assert await redis.pttl(lock) > 300  # a whole window and its margin again
    # Another worker's turn still waits for it.
    turn = asyncio.create_task(second(1))
    await asyncio.sleep(0.2)
    assert not turn.done()
    await asyncio.wait_for(turn, 5)
    # Word from a worker whose lock has gone (taken over) does not stretch another's.
    await asyncio.sleep(0.2)
    await first.sent(0)
    assert await redis.get(lock) == b"worker-b" and await redis.pttl(lock) <= 200
