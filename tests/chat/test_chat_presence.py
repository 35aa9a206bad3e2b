"""The page tells the truth about the connections behind it: the bot is online only
while it has a live gateway connection (on every open page), and when the bot or the
sandbox itself stops, the page says so in plain words, never as a raw "Failed to fetch"."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import discord
import pytest
import pytest_asyncio
from playwright.async_api import Browser, expect

from tidecord.sandbox import Sandbox

from .chatpage_bot import ChatBot, running
from .chatpage_driver import open_chat, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    # Strict mode stays on (blocking calls fail), but waiting on the browser on a busy
    # machine can pause the loop past 100 ms with nothing blocking: allow 1 s.
    pytest.mark.tidecord_strict(threshold=1.0),
]


@pytest.fixture
def bots() -> tuple[ChatBot, ChatBot]:
    """Two runs of the test bot, made before the test (discord.py's constructor logs to
    stderr, which strict mode counts as blocking when done inside a test)."""
    return ChatBot(), ChatBot()


@pytest_asyncio.fixture(loop_scope="session")
async def sandbox() -> AsyncIterator[Sandbox]:
    """A sandbox that lets a bot identify again at once (the bot here starts twice)."""
    async with Sandbox(heartbeat_interval=1000, identify_interval=0) as sb:
        yield sb


async def test_bot_presence_follows_its_gateway_connection(
        browser: Browser, sandbox: Sandbox, bots: tuple[ChatBot, ChatBot]) -> None:
    sb = sandbox
    alice, alice_errors = await open_chat(browser, sb, "alice")
    bob, bob_errors = await open_chat(browser, sb, "bob")
    dot = f'#members .member[data-username="{sb.bot_user.username}"] .status'

    # No bot yet: offline on every page, and the page says why nothing will answer.
    for page in (alice, bob):
        await expect(page.locator(dot)).to_have_attribute("data-status", "offline")
        banner = page.locator("#status-banner")
        await expect(banner).to_have_attribute("data-state", "bot-offline")
        await expect(banner).to_contain_text(f"{sb.bot_user.username} is not connected")

    async with running(bots[0], sb.api_url, sb.gateway_url, sb.token) as bot:
        for page in (alice, bob):
            await expect(page.locator(dot)).to_have_attribute("data-status", "online")
            await expect(page.locator("#status-banner")).to_be_hidden()

        # What the bot sets with op 3 shows too.
        await bot.change_presence(status=discord.Status.dnd, activity=discord.Game("chess"))
        member = alice.locator(f'#members .member[data-username="{sb.bot_user.username}"]')
        await expect(member.locator(".status")).to_have_attribute("data-status", "dnd")
        await expect(member.locator(".member-activity")).to_have_text("Playing chess")

    # The bot stopped: offline, said plainly, on both pages.
    for page in (alice, bob):
        await expect(page.locator(dot)).to_have_attribute("data-status", "offline")
        await expect(page.locator("#status-banner")).to_contain_text(
            f"{sb.bot_user.username} is not connected")
    await expect(alice.locator('#members .member-group-title').last).to_contain_text("Offline")

    # A command used meanwhile (its registration outlives the bot): the page says why
    # nothing answered, not that the bot was slow.
    late = await browser.new_page()
    await late.clock.install()  # the page's 3 s answer window, without waiting 3 s
    await late.goto(f"{sb.url}/?as=bob")
    await late.wait_for_selector("#app[data-ready=true]")
    await say(late, "/shrug")
    await expect(late.locator("#composer-input")).to_have_value("")
    await late.clock.run_for(3500)
    await expect(late.locator(".toast")).to_have_text(
        f"{sb.bot_user.username} is not connected, so nothing answered")
    await late.close()

    # And back online when it returns.
    async with running(bots[1], sb.api_url, sb.gateway_url, sb.token):
        await expect(bob.locator(dot)).to_have_attribute("data-status", "online")
        await expect(bob.locator("#status-banner")).to_be_hidden()
    for page in (alice, bob):
        await page.close()
    assert not alice_errors + bob_errors, alice_errors + bob_errors


async def test_a_stopped_sandbox_is_said_plainly(browser: Browser) -> None:
    sb = await Sandbox().start()
    try:
        page, _ = await open_chat(browser, sb, "alice")
    finally:
        await sb.stop()

    banner = page.locator("#status-banner")
    await expect(banner).to_have_attribute("data-state", "sandbox-stopped")
    await expect(banner).to_contain_text(re.compile("sandbox has stopped", re.I))

    # Trying to talk anyway: a plain explanation, what was typed is kept.
    await say(page, "is anyone there?")
    toast = page.locator(".toast")
    await expect(toast).to_contain_text(re.compile("sandbox is not running", re.I))
    await expect(page.locator("#composer-input")).to_have_value("is anyone there?")
    assert "Failed to fetch" not in await page.locator("body").inner_text()
    await page.close()
