"""64 shards over 4 worker processes: ready, a worker killed, the whole cluster restarted.

One cluster goes through the three proofs in turn (starting 64 shards is the costly
part), each phase asserting what the issue asks of it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest
from redis.asyncio import Redis

from .conftest import ClusterRun, Records, wait_until
from .redis_server import RedisServer
from .scenario import IDENTIFY_WINDOW, LEASE, Stream, cluster_args, sandbox, status

pytestmark = pytest.mark.timeout(150)

SHARDS = 64


async def test_64_shards_over_4_workers_ready_killed_and_restarted(
        redis: Redis, redis_server: RedisServer, clusters: list[ClusterRun],
        tmp_path: Path) -> None:
    async with sandbox(SHARDS, max_concurrency=4) as sb:
        every_guild = set(sb.state.guilds)
        run = ClusterRun(sb, redis_server.url, tmp_path / "first", *cluster_args(4))
        clusters.append(run)
        records = Records(tmp_path / "first")
        await run.start()

        # 1. Every guild ready, identifies paced by bucket, never two sessions at once.
        started = time.monotonic()
        # Every shard's READY too: this world leaves some shards without a guild,
        # and one of those can still be waiting for its identify turn when the last
        # guild arrives.
        await wait_until(lambda: records.guilds() >= every_guild
                         and len(records.ready_shards()) == SHARDS, 90,
                         "every guild on some worker, every shard ready")
        print(f"64 shards ready in {time.monotonic() - started:.1f} s")
        report = sb.gateway_report()
        assert report["identify_violations"] == []
        assert report["shards_held_twice"] == []
        assert report["identifies"] == SHARDS and report["closes_4008"] == 0
        [bot] = await status(redis_server.url)
        assert len(bot["workers"]) == 4
        assert sorted(len(w["shards"]) for w in bot["workers"]) == [16, 16, 16, 16]
        assert bot["identifies_used"] == SHARDS

        # 2. Under a steady stream on every shard, kill -9 one worker.
        stream = Stream(sb)
        stream.start()
        await asyncio.sleep(1.0)
        victim = bot["workers"][0]
        orphans = {str(s) for s in victim["shards"]}
        resumes_before = {s: report["shards"][s]["resumes"] for s in orphans}
        os.kill(victim["pid"], signal.SIGKILL)
        killed_at = time.monotonic()

        def taken_over() -> bool:
            shards = sb.gateway_report()["shards"]
            return all(shards[s]["resumes"] > resumes_before[s] and shards[s]["sessions_now"]
                       for s in orphans)

        await wait_until(taken_over, 30, "the killed worker's shards resumed elsewhere",
                         every=0.05)
        took = time.monotonic() - killed_at
        # The lease runs out at most LEASE after the kill; the next tick (LEASE / 6)
        # claims it; a RESUME needs no identify turn. One window and 1 s of slack more.
        assert took <= LEASE + LEASE / 6 + IDENTIFY_WINDOW + 1.0, took
        await asyncio.sleep(1.0)
        await stream.stop()
        await wait_until(lambda: set(stream.sent) <= set(records.messages()), 20,
                         "every streamed message handled by some worker")
        handled = records.messages()
        duplicates = sum(n - 1 for n in handled.values() if n > 1)
        print(f"takeover in {took:.2f} s; {len(stream.sent)} messages, 0 lost, "
              f"{duplicates} handled twice (at least once by design)")
        report = sb.gateway_report()
        assert report["lost"] == 0
        assert report["identifies"] == SHARDS  # taken over by RESUME, not identify
        assert report["shards_held_twice"] == []

        # 3. Stop the whole cluster and start it again: every shard resumes.
        # The launcher's exit code is its worst worker's: the one killed (-9 -> 247).
        assert await run.stop() == 256 - signal.SIGKILL, run.log()
        resumes = {s: v["resumes"] for s, v in sb.gateway_report()["shards"].items()}
        again = ClusterRun(sb, redis_server.url, tmp_path / "again", *cluster_args(4))
        clusters.append(again)
        await again.start()

        def all_resumed() -> bool:
            shards = sb.gateway_report()["shards"]
            return all(shards[s]["resumes"] > resumes[s] and shards[s]["sessions_now"]
                       for s in shards)

        await wait_until(all_resumed, 60, "every shard resumed after the restart")
        report = sb.gateway_report()
        assert report["identifies"] == SHARDS, "a shard identified instead of resuming"
        assert report["shards_held_twice"] == []
        assert report["identify_violations"] == []
        assert await again.stop() == 0, again.log()
