"""Redis restarted, or away for longer than a lease's margin: no crash, no double session."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from redis.asyncio import Redis

from .conftest import ClusterRun, Records, wait_until
from .redis_server import RedisServer
from .scenario import LEASE, channel_per_shard, cluster_args, sandbox, status

pytestmark = pytest.mark.timeout(150)

SHARDS = 16


async def _every_shard_answers(sb: object, records: Records, round_: str) -> None:
    """A message on every shard reaches some worker."""
    sent = set()
    for channel, author in channel_per_shard(sb).values():  # type: ignore[arg-type]
        sent.add((await sb.send_message(author, channel, round_)).id)  # type: ignore[attr-defined]
    await wait_until(lambda: sent <= set(records.messages()), 30,
                     f"a message on every shard handled ({round_})")


async def test_redis_restarted_then_away_longer_than_a_lease(
        redis: Redis, redis_server: RedisServer, clusters: list[ClusterRun],
        tmp_path: Path) -> None:
    async with sandbox(SHARDS, max_concurrency=4) as sb:
        run = ClusterRun(sb, redis_server.url, tmp_path, *cluster_args(2))
        clusters.append(run)
        records = Records(tmp_path)
        await run.start()
        await wait_until(lambda: records.guilds() >= set(sb.state.guilds), 60, "ready")
        identifies = sb.gateway_report()["identifies"]

        # 1. A quick restart (every key lost): the shards keep running on their leases,
        # their holders take the leases again, sessions are written anew.
        await asyncio.to_thread(redis_server.restart)
        restarted = time.monotonic()

        async def leases_back() -> bool:
            [bot] = await status(redis_server.url) or [None]
            return bot is not None and all(
                s["worker"] and s["seq"] is not None for s in bot["shards"])

        await wait_until(leases_back, 20, "every lease and session back in Redis")
        print(f"leases and sessions back {time.monotonic() - restarted:.1f} s after the restart")
        report = sb.gateway_report()
        assert report["identifies"] == identifies, "a running shard was started again"
        assert report["shards_held_twice"] == []
        await _every_shard_answers(sb, records, "after the restart")

        # 2. Away for longer than the margin: every shard stops before its lease could
        # expire (the log says why), and all come back once Redis is.
        redis_server.stop()
        await asyncio.sleep(LEASE * 0.6 + 1.0)
        assert run.process is not None and run.process.returncode is None, run.log()
        assert sb.gateway_report()["shards"]["0"]["sessions_now"] == 0
        redis_server.start()
        back = time.monotonic()
        await wait_until(leases_back, 30, "every shard running again")
        await _every_shard_answers(sb, records, "after the outage")
        print(f"every shard running again {time.monotonic() - back:.1f} s after Redis was back")
        report = sb.gateway_report()
        assert report["shards_held_twice"] == []
        assert report["identify_violations"] == []
        assert await run.stop() == 0, run.log()
    log = run.log(200_000)
    assert "Redis unreachable for shard leases" in log
    assert "stopping it before the lease can expire" in log
    assert "Redis is back for shard leases" in log
