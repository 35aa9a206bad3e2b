"""``Client(cluster=Cluster(url))`` from code: two clients share the shards, a clean close
hands its shards over at once (no waiting for the lease), and the status reads right."""

from __future__ import annotations

import asyncio
import time

import pytest
from redis.asyncio import Redis

import tidecord
from tidecord.cluster.status import format_status, read_status

from .conftest import wait_until
from .redis_server import RedisServer
from .scenario import IDENTIFY_WINDOW, LEASE, sandbox

pytestmark = pytest.mark.timeout(60)


def _client(url: str, api_url: str) -> tidecord.Client:
    cluster = tidecord.Cluster(url, lease=LEASE, identify_window=IDENTIFY_WINDOW,
                               expected_workers=2)
    return tidecord.Client(api_url=api_url, cluster=cluster, loop_watchdog=False)


async def test_two_clients_share_the_shards_and_hand_them_over_on_close(
        redis: Redis, redis_server: RedisServer) -> None:
    async with sandbox(4, max_concurrency=2) as sb:
        first, second = _client(redis_server.url, sb.api_url), _client(redis_server.url,
                                                                        sb.api_url)
        tasks = [asyncio.create_task(c.start(sb.token)) for c in (first, second)]
        try:
            await asyncio.wait_for(asyncio.gather(first.wait_until_ready(),
                                                  second.wait_until_ready()), 30)
            assert len(first.shards) == len(second.shards) == 2
            assert set(first.shards).isdisjoint(second.shards)
            assert len(first.guilds) + len(second.guilds) == len(sb.state.guilds)

            async def states_written() -> bool:  # at most a sync interval behind
                [bot] = await read_status(redis)
                return {s.state for s in bot.shards} == {"ready"}

            await wait_until(states_written, 5, "every shard's state written as ready")
            [bot] = await read_status(redis)
            assert bot.shard_count == 4 and len(bot.workers) == 2
            assert bot.identifies_used == 4 and bot.identifies_left == 996
            text = format_status([bot])
            assert f"bot {sb.bot_user.id}: 4 shards (4 ready)" in text
            assert "identifies: 4 used, 996 left of 1000" in text

            closed_at = time.monotonic()
            await first.close()
            await wait_until(lambda: len(second.shards) == 4 and all(
                s.connected.is_set() for s in second.shards.values()), 10,
                "the second client running every shard")
            # Released at once: taken on the next tick, long before the lease could expire.
            assert time.monotonic() - closed_at < LEASE
            report = sb.gateway_report()
            assert report["identifies"] == 4 and report["resumes"] == 2
            assert report["shards_held_twice"] == []
        finally:
            for client in (first, second):
                await client.close()
            await asyncio.gather(*tasks, return_exceptions=True)
        assert await read_status(redis) and not (await read_status(redis))[0].workers


async def test_a_cluster_url_must_be_redis() -> None:
    with pytest.raises(ValueError, match="redis://"):
        tidecord.Cluster("http://127.0.0.1:6379")
    assert "secret" not in repr(tidecord.Cluster("redis://:secret@127.0.0.1:6379/0"))


async def test_identifies_wait_for_the_session_start_limit_to_reset(
        redis: Redis, redis_server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    # Two identifies per 3 s for four shards: two start, two wait for the reset.
    async with sandbox(4, max_concurrency=4, session_start_limit=(2, 3.0)) as sb:
        client = _client(redis_server.url, sb.api_url)
        client.cluster.expected_workers = 1  # type: ignore[union-attr]
        task = asyncio.create_task(client.start(sb.token))
        try:
            started = time.monotonic()
            await asyncio.wait_for(client.wait_until_ready(), 30)
            waited = time.monotonic() - started
        finally:
            await client.close()
            await asyncio.gather(task, return_exceptions=True)
        report = sb.gateway_report()
        assert report["identifies"] == 4 and report["refused_identifies"] == 0
        assert waited >= 2.0  # the last two identified only after the reset
        assert "session_start_limit used up: no identify for" in caplog.text


async def test_a_worker_that_joins_gets_an_even_share_by_resume(
        redis: Redis, redis_server: RedisServer) -> None:
    async with sandbox(4, max_concurrency=4) as sb:
        first = _client(redis_server.url, sb.api_url)
        first.cluster.expected_workers = 1  # type: ignore[union-attr]
        tasks = [asyncio.create_task(first.start(sb.token))]
        second = _client(redis_server.url, sb.api_url)
        second.cluster.expected_workers = 1  # type: ignore[union-attr]
        try:
            await asyncio.wait_for(first.wait_until_ready(), 30)
            assert len(first.shards) == 4
            tasks.append(asyncio.create_task(second.start(sb.token)))
            await wait_until(lambda: len(first.shards) == len(second.shards) == 2 and all(
                s.connected.is_set() for s in second.shards.values()), 20,
                "two shards each")
            report = sb.gateway_report()
            assert report["identifies"] == 4 and report["resumes"] == 2
            assert report["shards_held_twice"] == []
        finally:
            for client in (first, second):
                await client.close()
            await asyncio.gather(*tasks, return_exceptions=True)
