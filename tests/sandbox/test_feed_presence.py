"""The bot's presence on the chat page's feed: online only while it has a live gateway
connection, with what it set by op 3; and the feed says when the sandbox stops."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

import tidecord
from tidecord.sandbox import Sandbox

pytestmark = pytest.mark.timeout(30)


async def next_presence(feed: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    """The next PRESENCE_UPDATE on the feed (other events are skipped)."""
    while True:
        frame = json.loads((await feed.receive(timeout=5)).data)
        if frame["t"] == "PRESENCE_UPDATE":
            return dict(frame["d"])


async def test_presence_follows_the_connection(
        sandbox: Sandbox, run_bot: Callable[..., Awaitable[Any]]) -> None:
    sb = sandbox
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{sb.url}/_sandbox/state") as resp:
            state = await resp.json()
        assert state["presences"] == [
            {"user": {"id": str(sb.bot_user.id)}, "status": "offline", "activities": []}]

        async with session.ws_connect(f"{sb.url}/_sandbox/feed") as feed:
            bot = tidecord.Client(api_url=sb.api_url)
            await run_bot(bot.start(sb.token), close=bot.close)
            online = await next_presence(feed)
            assert online["user"] == {"id": str(sb.bot_user.id)}
            assert online["guild_id"] == str(sb.guild.id)
            assert online["status"] == "online"

            await bot.change_presence(status=tidecord.Status.idle,
                                      activity=tidecord.Game("chess"))
            idle = await next_presence(feed)
            assert idle["status"] == "idle"
            assert idle["activities"] == [{"name": "chess", "type": 0}]
            # Invisible looks offline to everyone else.
            await bot.change_presence(status=tidecord.Status.invisible)
            assert (await next_presence(feed))["status"] == "offline"
            await bot.change_presence(status=tidecord.Status.online)
            assert (await next_presence(feed))["status"] == "online"

            # A dropped connection: offline until the bot resumes, then online again.
            await sb.drop_connections()
            assert (await next_presence(feed))["status"] == "offline"
            assert (await next_presence(feed))["status"] == "online"

            await bot.close()
            offline = await next_presence(feed)
            assert offline["status"] == "offline" and offline["activities"] == []
        async with session.get(f"{sb.url}/_sandbox/state") as resp:
            assert (await resp.json())["presences"][0]["status"] == "offline"


async def test_the_feed_says_the_sandbox_stopped() -> None:
    sb = await Sandbox().start()
    try:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{sb.url}/_sandbox/feed") as feed:
                assert sb.feed.drop() == 1
                dropped = await feed.receive(timeout=5)
                assert dropped.type == aiohttp.WSMsgType.CLOSE
                assert dropped.data == aiohttp.WSCloseCode.OK
            async with session.ws_connect(f"{sb.url}/_sandbox/feed") as feed:
                await sb.stop()
                stopped = await feed.receive(timeout=5)
                assert stopped.type == aiohttp.WSMsgType.CLOSE
                assert stopped.data == aiohttp.WSCloseCode.GOING_AWAY
    finally:
        await sb.stop()
