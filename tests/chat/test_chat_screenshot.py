"""A screenshot of a lively conversation on the chat page, for review: artifacts/chat.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tidecord.sandbox import Sandbox

from .chatpage_bot import IDEA
from .chatpage_driver import message, picture, say, upload

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    # Strict mode stays on (blocking calls fail), but waiting on the browser on a busy
    # machine can pause the loop past 100 ms with nothing blocking: allow 1 s.
    pytest.mark.tidecord_strict(threshold=1.0),
]


async def test_screenshot_of_a_conversation(page: Page, sandbox: Sandbox,
                                            artifacts: Path) -> None:
    sb = sandbox
    bot_name = sb.bot_user.username
    await page.set_viewport_size({"width": 1440, "height": 1080})  # room for the whole story

    # bob opens the conversation (through the person switcher)...
    await page.locator('#person-switcher [data-username="bob"]').click()
    await expect(page.locator("#person-current")).to_contain_text("bob")
    await say(page, "hi! does anyone have a **project idea** for the weekend?")
    await expect(message(page, "project idea", author="bob")).to_be_visible()

    # ...alice asks the bot, likes the answer and waters it.
    await page.locator('#person-switcher [data-username="alice"]').click()
    await say(page, ".idea")
    reply = message(page, IDEA, author=bot_name)
    await expect(reply).to_be_visible()
    await reply.locator("button.reaction").first.click()
    await expect(reply.locator("button.reaction .reaction-count").first).to_have_text("2")
    await reply.locator("button.button", has_text="Water it").click()
    await expect(message(page, "watered the idea", author=bot_name)).to_be_visible()

    # A picture, and a slash command with an embed in its answer.
    await page.locator("#file-input").set_input_files(
        files=[upload("plant.png", picture(320, 180))])
    await say(page, "here is my plant")
    await expect(message(page, "Got plant.png", author=bot_name)).to_be_visible()
    await say(page, "/idea topic:robots")
    await expect(message(page, "robots", author=bot_name).locator(".embed")).to_be_visible()

    await page.mouse.move(0, 0)  # no hover toolbar in the picture
    path = artifacts / "chat.png"
    png = await page.screenshot(path=str(path))
    assert len(png) > 20_000  # a real rendering, not a blank page
