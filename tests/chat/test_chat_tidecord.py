"""The chat page with a bot written with tidecord's own Client (what `tidecord run` runs)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from tidecord.sandbox import Sandbox

from .chatpage_driver import message, open_chat, say
from .tidecord_bot import IDEA, running_tidecord

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    # Strict mode stays on (blocking calls fail), but waiting on the browser on a busy
    # machine can pause the loop past 100 ms with nothing blocking: allow 1 s.
    pytest.mark.tidecord_strict(threshold=1.0),
]


async def test_tidecord_bot_on_the_page(browser: Browser, sandbox: Sandbox) -> None:
    async with running_tidecord(sandbox.api_url, sandbox.token):
        page, errors = await open_chat(browser, sandbox, "bob")
        await say(page, ".idea")

        reply = message(page, IDEA, author=sandbox.bot_user.username)
        await expect(reply).to_be_visible()
        await expect(reply.locator(".reply-context")).to_contain_text(re.compile("@bob", re.I))

        reaction = reply.locator("button.reaction").first
        await expect(reaction.locator(".reaction-count")).to_have_text("1")
        await reaction.click()
        await expect(reaction.locator(".reaction-count")).to_have_text("2")

        await reply.locator("button.button", has_text="Water it").click()
        await expect(message(page, "bob watered the tidecord idea")).to_be_visible()
        await page.close()
    assert not errors, errors
