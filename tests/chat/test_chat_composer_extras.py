"""The composer's helpers: where slash commands come from when a bot has none, typing
indicators both ways, ":smile:" shortcodes and the emoji picker."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, expect

from tidecord.sandbox import Sandbox

from .chatpage_bot import ChatBot
from .chatpage_driver import open_chat, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
]


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser, shared_sandbox: Sandbox, shared_bot: ChatBot
               ) -> AsyncIterator[Page]:
    """alice's page in #general, the bot online."""
    page, errors = await open_chat(browser, shared_sandbox, "alice")
    yield page
    await page.close()
    assert not errors, errors


async def test_no_slash_commands_says_how_to_add_one(browser: Browser) -> None:
    async with Sandbox() as sb:  # no bot, so no commands
        page, errors = await open_chat(browser, sb, "alice")
        await page.locator("#composer-input").fill("/")
        popup = page.locator("#command-popup")
        await expect(popup).to_contain_text(f"{sb.bot_user.username} has no slash commands yet")
        await expect(popup.locator(".command-help")).to_contain_text("README.md#slash-commands")
        await expect(popup.locator("pre")).to_contain_text("@tree.command(")
        await page.locator("#composer-input").press("Escape")
        await expect(popup).to_be_hidden()
        await page.close()
        assert not errors, errors


async def test_typing_shows_both_ways(page: Page, browser: Browser,
                                      shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    bot = sb.bot_user.username
    typing = page.locator("#typing")

    # The bot's POST /channels/{id}/typing, and bob typing through the control API.
    await say(page, ".typing")
    await expect(typing).to_have_text(f"{bot} is typing…")
    await sb.typing("bob", "general")
    await expect(typing).to_have_text(re.compile(
        rf"^({bot} and Bob|Bob and {bot}) are typing…$"))

    # alice typing in her composer shows on bob's page.
    bob, errors = await open_chat(browser, sb, "bob")
    await page.locator("#composer-input").press_sequentially("hel")
    await expect(bob.locator("#typing")).to_have_text("Alice is typing…")
    await bob.close()
    assert not errors, errors
