"""What a cluster keeps in Redis names no token: not the bot's, not a webhook's (the
REST buckets it shares are keyed by route and major parameter), and ``tidecord
cluster status`` shows none either."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

import tidecord
from tidecord.cluster.status import format_status, read_status

from .redis_server import RedisServer
from .scenario import IDENTIFY_WINDOW, LEASE, sandbox

pytestmark = pytest.mark.timeout(60)


async def _everything(redis: Redis) -> str:
    """Every key of the Redis and every value in it, as text."""
    texts = []
    async for key in redis.scan_iter(count=1000):
        texts.append(repr(key))
        kind = (await redis.type(key)).decode()
        if kind == "string":
            texts.append(repr(await redis.get(key)))
        elif kind == "hash":
            texts.append(repr(await redis.hgetall(key)))
        elif kind == "zset":
            texts.append(repr(await redis.zrange(key, 0, -1, withscores=True)))
        else:
            texts.append(f"{kind}: not read")
    return "\n".join(texts)


async def test_redis_holds_no_bot_or_webhook_token(
        redis: Redis, redis_server: RedisServer) -> None:
    async with sandbox(1, max_concurrency=1) as sb:
        cluster = tidecord.Cluster(redis_server.url, lease=LEASE,
                                   identify_window=IDENTIFY_WINDOW)
        client = tidecord.Client(api_url=sb.api_url, cluster=cluster, loop_watchdog=False)
        task = asyncio.create_task(client.start(sb.token))
        try:
            await asyncio.wait_for(client.wait_until_ready(), 30)
            channel = next(iter(sb.state.guild_channels[sb.guild.id].values()))
            hook = sb.state.create_webhook(channel.id, "Relay", None,
                                           next(iter(sb.state.members[sb.guild.id])))
            webhook = tidecord.Webhook.from_url(f"{sb.api_url}/webhooks/{hook.id}/{hook.token}",
                                                client=client)
            for n in range(3):
                await webhook.send(f"relayed {n}", wait=True)
            stored = await _everything(redis)
            status = format_status(await read_status(redis))
        finally:
            await client.close()
            await asyncio.gather(task, return_exceptions=True)
    assert ":rl:" in stored and "webhooks" in stored  # the webhook's bucket is there
    for secret in (sb.token, sb.token.split(".")[2], hook.token, hook.token[10:40]):
        assert secret not in stored and secret not in status
