"""`tidecord run --metrics PORT`: the running bot's Prometheus metrics, scraped on loopback."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

if TYPE_CHECKING:
    from conftest import CLI


async def message_creates(url: str) -> float:
    """``tidecord_gateway_events_total{type="MESSAGE_CREATE"}`` in one scrape (0 if absent)."""
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        text = await response.text()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (sample.name == "tidecord_gateway_events_total"
                    and sample.labels == {"type": "MESSAGE_CREATE"}):
                return sample.value
    return 0.0


async def test_seven_messages_on_the_sandbox_read_back_as_seven_message_creates(cli: CLI) -> None:
    idea_bot = str(cli.examples / "idea_bot.py")
    async with cli.tidecord("run", idea_bot, "--metrics", "0") as running:
        url = (await running.wait_for_line(r"metrics at (http://127\.0\.0\.1:\d+/metrics)$"))[1]
        chat_url = (await running.wait_for_line(r"chat page:\s+(http://127\.0\.0\.1:\d+/)"))[1]
        await running.wait_for_line(r"logged in as")
        async with aiohttp.ClientSession() as http:
            for n in range(7):  # not commands: the idea bot stays quiet
                async with http.post(chat_url + "_sandbox/messages", json={
                        "as": "alice", "channel": "general", "content": f"hello {n}"}) as sent:
                    assert sent.status == 200
        async with asyncio.timeout(10):
            # Polled: the count lives in another process, read by scraping it.
            while (seen := await message_creates(url)) < 7:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
        code, _, err = await running.interrupt()
    assert seen == 7
    assert code == 0, err
    assert "Traceback" not in err, err


async def test_a_bad_metrics_address_is_one_line_and_exit_code_2(cli: CLI) -> None:
    code, _, err = await cli.run("run", str(cli.examples / "idea_bot.py"), "--metrics", "nine")
    assert code == 2
    assert err.strip() == ("tidecord: error: --metrics nine: expected PORT or HOST:PORT,"
                           " a port from 0 to 65535")
