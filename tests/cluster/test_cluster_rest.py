"""REST limits shared by the workers: together they stay under the token's limits."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tidecord.sandbox import RateLimits

from .conftest import ClusterRun, Records, wait_until
from .redis_server import RedisServer
from .scenario import IDENTIFY_WINDOW, LEASE, sandbox

pytestmark = pytest.mark.timeout(120)

SEND = "POST /channels/{channel_id}/messages"


async def _blast(sb: object, redis_server: RedisServer, clusters: list[ClusterRun],
                 folder: Path, workers: int, per_worker: int, channels: list[int],
                 global_rate: int) -> tuple[float, list[int]]:
    """Every worker sends ``per_worker`` messages at once; returns (seconds, 429s seen)."""
    go = folder / "go"
    run = ClusterRun(sb, redis_server.url, folder, "--processes", str(workers),  # type: ignore[arg-type]
                     "--lease", str(LEASE), "--identify-window", str(IDENTIFY_WINDOW),
                     "--global-rate", str(global_rate),
                     env={"CLUSTER_BLAST": str(per_worker), "CLUSTER_GO": str(go),
                          "CLUSTER_CHANNELS": ",".join(map(str, channels))})
    clusters.append(run)
    records = Records(folder)
    await run.start()
    await wait_until(lambda: len({w[1] for w in records.lines() if w[0] == "ready"}) == workers,
                     60, "every worker ready")
    go.touch()
    await wait_until(lambda: sum(w[0] == "blast" for w in records.lines()) == workers, 60,
                     "every worker done sending")
    assert await run.stop() == 0, run.log()
    blasts = [w for w in records.lines() if w[0] == "blast"]
    return max(float(w[2]) for w in blasts), [int(w[3]) for w in blasts]


def _created(sb: object, channels: list[int]) -> list[float]:
    """When the sandbox created each message of ``channels`` (from the snowflakes), in s."""
    stamps = [((m.id >> 22) + 1420070400000) / 1000
              for c in channels for m in sb.messages(c)]  # type: ignore[attr-defined]
    return sorted(stamps)


async def test_4_workers_send_2000_messages_within_the_global_limit(
        redis: Redis, redis_server: RedisServer, clusters: list[ClusterRun],
        tmp_path: Path) -> None:
    rate, total = 250, 2000
    limits = RateLimits(global_limit=rate, global_per=1.0, default=(1000, 1.0),
                        routes={SEND: (1000, 1.0)})
    # The windows are shared in Redis with 10% slack for the way from the grant to the
    # sandbox. On a machine with more runnable processes than cores (four workers, Redis
    # and the sandbox on two cores, CI's own load besides), a granted burst can reach the
    # sandbox spread over more than that slack, and a handful of calls land in the next
    # window: seen 12 to 42 of 2000 that way, the most with three CPU hogs besides, and
    # once 109 (96 of them one worker's: a worker descheduled between its grants and its
    # sends), so a run over the bound is run once more. Each is retried, none is lost
    # (the count below). Unshared, each worker would send at the full rate and about
    # three calls in four would be refused, every run.
    few = total // 20
    for attempt in (1, 2):
        async with sandbox(4, max_concurrency=4, rate_limits=limits) as sb:
            channels = [next(c.id for c in sb.state.guild_channels[g].values()
                             if c.type == 0) for g in list(sb.state.guilds)[:8]]
            folder = tmp_path / f"run{attempt}"
            folder.mkdir()
            _, bot_429s = await _blast(sb, redis_server, clusters, folder, 4,
                                       total // 4, channels, rate)
            stamps = _created(sb, channels)
            limited = [r for r in sb.rest_log.records if r.kind == "rate_limited"]
        if (len(limited) <= few and sum(bot_429s) <= few) or attempt == 2:
            break
        await redis.flushdb()  # the next run starts from no shared window or lease
    assert len(stamps) == total
    assert len(limited) <= few and sum(bot_429s) <= few, (len(limited), bot_429s)
    # Fixed windows of `rate`: the last message cannot be created before
    # (ceil(total / rate) - 1) windows have passed since the first, so on average
    # this count may go a little over `rate` per second, never more than `allowed`.
    allowed = total / ((math.ceil(total / rate) - 1) * 1.0)
    measured = total / (stamps[-1] - stamps[0])
    print(f"{total} messages by 4 workers in {stamps[-1] - stamps[0]:.2f} s: "
          f"{measured:.0f}/s for a limit of {rate}/s (fixed windows allow at most "
          f"{allowed:.0f}/s for {total})")
    # Never faster than fixed windows allow (for 2000 at 250/s that is 286/s: a
    # first and a last window only partly used), and not far below the limit: the
    # windows are not wasted. Four workers, Redis and the sandbox share two cores
    # here, so a loaded machine slows the senders themselves: 221/s was seen with
    # three CPU hogs besides.
    assert measured >= 0.75 * rate
    assert measured <= allowed


async def test_workers_share_a_route_bucket(
        redis: Redis, redis_server: RedisServer, clusters: list[ClusterRun],
        tmp_path: Path) -> None:
    limits = RateLimits(global_limit=1000, default=(1000, 1.0), routes={SEND: (30, 0.5)})
    async with sandbox(2, max_concurrency=2, rate_limits=limits) as sb:
        channel = next(c.id for c in sb.state.guild_channels[next(iter(sb.state.guilds))]
                       .values() if c.type == 0)
        started = time.monotonic()
        _, bot_429s = await _blast(sb, redis_server, clusters, tmp_path, 2, 90, [channel], 1000)
        assert len(sb.messages(channel)) == 180
        assert [r for r in sb.rest_log.records if r.kind == "rate_limited"] == []
        assert bot_429s == [0, 0]
        print(f"180 messages into one channel's bucket (30 per 0.5 s) by 2 workers, "
              f"{time.monotonic() - started:.1f} s in all")
