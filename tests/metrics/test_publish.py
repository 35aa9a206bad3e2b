"""A tidecord bot publishes its loop health to the sandbox, which keeps it for the chat page.

The bot (a real client on the real sandbox) stalls and fails a REST call; its
:class:`HealthPublisher` posts reports to ``/_sandbox/health``; what the control API
answers and what the page's feed carries is read back.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

import tidecord
from tidecord.metrics.publish import HealthPublisher
from tidecord.sandbox import Sandbox

from ..client.client_helpers import Connect

pytestmark = pytest.mark.timeout(60)

SEND = "POST /channels/{channel_id}/messages"


class CarelessBot(tidecord.Client):
    async def on_message(self, message: tidecord.Message) -> None:
        if message.content == "!slow":
            time.sleep(0.3)  # noqa: ASYNC251 - the stall the panel must show
        elif message.content == "!announce":  # 403: the bot may not post there
            channel = tidecord.utils.get(self.get_all_channels(), name="announcements")
            try:
                await channel.send("hello")
            except tidecord.Forbidden:
                pass


SLEEP_LINE = next(n for n, line in enumerate(open(__file__).read().splitlines(), 1)
                  if line.strip().startswith("time.sleep(0.3)"))


async def until(check: Callable[[], Any], limit: float = 10.0) -> Any:
    async with asyncio.timeout(limit):
        # Polled: the report lives in the sandbox, read through its control API.
        while not (found := await check()):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    return found


async def latest(http: aiohttp.ClientSession, sb: Sandbox) -> Any:
    async with http.get(sb.url + "/_sandbox/health") as response:
        assert response.status == 200
        return await response.json()


@pytest.mark.tidecord_strict(False)
async def test_the_sandbox_keeps_the_bots_report_and_pushes_it_to_the_page(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(CarelessBot)
    publisher = HealthPublisher(client, sandbox.url, sandbox.token, interval=0.1)
    async with aiohttp.ClientSession() as http, http.ws_connect(
            sandbox.url + "/_sandbox/feed") as feed:
        assert await latest(http, sandbox) is None  # nothing reported yet
        publisher.start()
        try:
            await sandbox.send_message("alice", "general", "!slow")
            await sandbox.send_message("alice", "general", "!announce")

            async def reported() -> Any:
                report = await latest(http, sandbox)
                ready = report and report["loop"]["recent"] and report["rest"]["failing"]
                return report if ready else None

            report = await until(reported)
            pushed = await _next_health_event(feed)
        finally:
            await publisher.stop()

    assert report["bot"] == str(client.user) and report["received_at"] > 0
    loop = report["loop"]
    assert loop["watching"] and loop["threshold_s"] == 0.1 and loop["stalls"] >= 1
    [stall] = [s for s in loop["recent"] if s["site"].endswith(f"test_publish.py:{SLEEP_LINE}")]
    assert stall["handler"] == "on_message" and stall["duration_s"] >= 0.25
    assert stall["line"].startswith("time.sleep(0.3)")
    assert stall["advice"]["call"] == "time.sleep"
    assert "await asyncio.sleep" in stall["advice"]["text"]
    assert {"route": SEND, "status": 403, "count": 1} in report["rest"]["failing"]
    assert report["gateway"][0]["state"] == "connected"
    # The page's feed carries the same reports as they arrive.
    assert pushed["bot"] == report["bot"] and "loop" in pushed and "received_at" in pushed
    assert publisher.published >= 1


async def _next_health_event(feed: aiohttp.ClientWebSocketResponse) -> Any:
    async with asyncio.timeout(10):
        async for frame in feed:
            event = json.loads(frame.data)
            if event["t"] == "SANDBOX_BOT_HEALTH":
                return event["d"]
    raise AssertionError("the feed closed")


async def test_only_the_bot_may_report_and_only_a_json_object(sandbox: Sandbox) -> None:
    url = sandbox.url + "/_sandbox/health"
    bot = {"Authorization": f"Bot {sandbox.token}"}
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"loop": {}}) as response:
            assert response.status == 401
            assert "only the bot may report" in (await response.json())["error"]
        async with http.post(url, json={"loop": {}},
                             headers={"Authorization": "Bot not-the-token"}) as response:
            assert response.status == 401
        async with http.post(url, data=b"[1, 2]", headers=bot) as response:
            assert response.status == 400
            assert (await response.json())["error"] == (
                "bad request: a health report is a JSON object")
        async with http.post(url, data=b"{not json", headers=bot) as response:
            assert response.status == 400
        async with http.post(url, data=b"{" + b" " * 70_000 + b"}", headers=bot) as response:
            assert response.status == 413
        assert await latest(http, sandbox) is None  # nothing bad was kept
        async with http.post(url, json={"loop": {"stalls": 2}}, headers=bot) as response:
            assert response.status == 204
        report = await latest(http, sandbox)
    assert report["loop"] == {"stalls": 2} and report["received_at"] > 0


async def test_a_server_that_is_not_a_sandbox_ends_the_publisher(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect()
    # Discord's API (here the sandbox's REST side) has no /_sandbox/health: 404, stop.
    publisher = HealthPublisher(client, sandbox.api_url, sandbox.token, interval=0.05)
    publisher.start()
    assert publisher.running
    async with asyncio.timeout(5):
        while publisher.running:  # noqa: ASYNC110 - its task ends by itself
            await asyncio.sleep(0.02)
    assert publisher.published == 0
    await publisher.stop()
