"""`tidecord run --metrics PORT`: the running bot's Prometheus metrics, scraped on loopback."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

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


async def health_report(chat_url: str) -> dict[str, Any] | None:
    """The sandbox's latest health report from the bot (None until the first)."""
    async with aiohttp.ClientSession() as http, http.get(chat_url + "_sandbox/health") as answer:
        assert answer.status == 200
        report: dict[str, Any] | None = await answer.json()
        return report


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
            # On its embedded sandbox, tidecord run publishes the bot's loop health too
            # (from the start: the reports name the bot once it has logged in).
            while not ((report := await health_report(chat_url))  # noqa: ASYNC110
                       and report["bot"]):
                await asyncio.sleep(0.1)
        code, _, err = await running.interrupt()
    assert seen == 7
    assert report["bot"].startswith("SandboxBot") and report["loop"]["watching"]
    assert code == 0, err
    assert "Traceback" not in err, err


async def test_a_bad_metrics_address_is_one_line_and_exit_code_2(cli: CLI) -> None:
    code, _, err = await cli.run("run", str(cli.examples / "idea_bot.py"), "--metrics", "nine")
    assert code == 2
    assert err.strip() == ("tidecord: error: --metrics nine: expected PORT or HOST:PORT,"
                           " a port from 0 to 65535")
