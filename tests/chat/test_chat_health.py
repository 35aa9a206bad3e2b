"""The health panel: the bot's event loop and REST calls, as a tidecord bot reports them.

A tidecord bot publishes its health to the sandbox (what ``tidecord run`` does on its
embedded sandbox); the page shows its loop lag in the chat header and, in the panel,
the stalls with their file:line and what to write instead, and the REST calls that
failed. A bot that does not report (discord.py) leaves the chip hidden.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, expect

import tidecord
from tidecord.metrics.publish import HealthPublisher
from tidecord.sandbox import Sandbox

from .chatpage_bot import ChatBot, until_closed
from .chatpage_driver import open_chat, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    # The bot blocks the loop on purpose: the panel is about that stall.
    pytest.mark.tidecord_strict(False),
]

ROUTE = "POST /channels/{channel_id}/messages"


class CarelessBot(tidecord.Client):
    """Blocks its loop on ".slow"; tries to post where it may not on ".announce"."""

    async def on_message(self, message: tidecord.Message) -> None:
        if message.content == ".slow":
            time.sleep(0.3)  # noqa: ASYNC251 - the stall the panel shows
            await message.reply("done, slowly")
        elif message.content == ".announce":
            channel = tidecord.utils.get(self.get_all_channels(), name="announcements")
            with contextlib.suppress(tidecord.Forbidden):
                await channel.send("hello")


SLEEP_LINE = next(n for n, line in enumerate(open(__file__).read().splitlines(), 1)
                  if line.strip().startswith("time.sleep(0.3)"))


@contextlib.asynccontextmanager
async def reporting_bot(sandbox: Sandbox) -> AsyncIterator[CarelessBot]:
    """The bot, ready, publishing its health every 0.2 s."""
    bot = CarelessBot(api_url=sandbox.api_url)
    async with until_closed(bot, sandbox.token):
        publisher = HealthPublisher(bot, sandbox.url, sandbox.token, interval=0.2)
        publisher.start()
        try:
            yield bot
        finally:
            await publisher.stop()


async def test_the_panel_shows_the_stall_with_its_line_and_advice_and_failing_calls(
    browser: Browser, sandbox: Sandbox
) -> None:
    async with reporting_bot(sandbox):
        page, errors = await open_chat(browser, sandbox, "alice")
        chip = page.locator("#health-chip")
        await expect(chip).to_be_visible()
        await expect(chip).to_have_text(re.compile(r"^loop \d+ ms"))

        await say(page, ".slow")
        # A new stall is announced on the chip until the panel is opened (a busy machine
        # may add stalls of its own: everything here shares one event loop).
        await expect(chip.locator(".health-badge")).to_have_text(re.compile(r"^\d+ stalls?$"))
        await say(page, ".announce")
        await chip.click()
        panel = page.locator("#health-panel")
        await expect(panel).to_be_visible()
        await expect(chip.locator(".health-badge")).to_have_count(0)

        site = re.compile(rf"test_chat_health\.py:{SLEEP_LINE}$")
        stall = panel.locator(".health-stall").filter(
            has=page.locator(".health-site", has_text=site)).first
        await expect(stall.locator(".health-site")).to_have_text(site)
        await expect(stall).to_contain_text("in on_message")
        await expect(stall.locator(".health-line")).to_have_text(
            re.compile(r"^time\.sleep\(0\.3\)"))
        advice = stall.locator(".health-advice")
        await expect(advice).to_have_text(
            "time.sleep blocks the event loop. Instead: await asyncio.sleep(seconds)")
        await expect(advice.locator("code")).to_have_text("await asyncio.sleep(seconds)")
        await expect(panel.locator('dd[data-figure="stalls"]')).to_have_text(
            re.compile(r"^[1-9]\d* \(over 100 ms\)$"))
        failing = panel.locator('.health-failing li[data-status="403"]')
        await expect(failing).to_have_text(f"{ROUTE} 403 \N{MULTIPLICATION SIGN}1")

        # A page opened later finds the latest report at once (GET /_sandbox/health).
        bob, bob_errors = await open_chat(browser, sandbox, "bob")
        await expect(bob.locator("#health-chip")).to_be_visible()
        await bob.locator("#health-chip").click()
        await expect(bob.locator("#health-panel .health-site").filter(has_text=site)
                     ).to_be_visible()
        await bob.close()

        await panel.locator(".health-close").click()
        await expect(panel).to_be_hidden()
    # Once the bot stops reporting, the chip says so instead of showing an old lag.
    await expect(chip).to_have_text("no health report", timeout=15_000)
    await page.close()
    assert not errors + bob_errors, errors + bob_errors


async def test_a_bot_that_does_not_report_leaves_no_chip(page: Page, bot: ChatBot) -> None:
    await say(page, ".idea")  # the discord.py bot answers: it runs, it just does not report
    await expect(page.locator("article.message").filter(has_text="Okay, so how about this")
                 ).to_be_visible()
    await expect(page.locator("#health-chip")).to_be_hidden()
