"""Narrow windows: the channel list and the member list open as drawers from the chat
header (as in Discord's phone app), and nothing spills out of the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tidecord.sandbox import Sandbox

from .chatpage_bot import ChatBot
from .chatpage_driver import message, open_chat, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1000}


async def fits_the_width(page: Page) -> None:
    """No horizontal scrolling: everything fits in the window's width."""
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] if page.viewport_size else True


async def test_phone_opens_channels_and_members_as_drawers(
        browser: Browser, shared_sandbox: Sandbox, shared_bot: ChatBot, artifacts: Path) -> None:
    sb = shared_sandbox
    # A phone: touch, no hover.
    page, errors = await open_chat(browser, sb, "alice", viewport=PHONE, is_mobile=True,
                                   has_touch=True)
    channels = page.locator("#channels")
    members = page.locator("#members")
    await expect(channels).to_be_hidden()
    await expect(members).to_be_hidden()
    await say(page, ".idea")
    await expect(message(page, "Okay, so how about this")).to_be_visible()
    await fits_the_width(page)
    await page.screenshot(path=str(artifacts / "phone.png"))

    # Nothing hovers on a phone: a tap on a message shows its actions.
    answer = message(page, "Okay, so how about this")
    await expect(answer.locator(".message-actions")).to_be_hidden()
    await answer.locator(".message-content").tap()
    await expect(answer.locator(".message-actions")).to_be_visible()
    await answer.get_by_role("button", name="Add Reaction").tap()
    picker = page.get_by_role("dialog", name="Add Reaction")
    await picker.get_by_role("searchbox").fill("seedling")
    await fits_the_width(page)
    await page.screenshot(path=str(artifacts / "phone-picker.png"))
    await picker.locator('.picker-emoji[data-emoji="🌱"]').tap()
    await expect(answer.locator('button.reaction[data-emoji="🌱"]')).to_have_attribute(
        "aria-pressed", "true")

    # The channel drawer: pick #ideas, and it closes.
    await page.get_by_role("button", name="Channels").tap()
    await expect(channels).to_be_visible()
    await expect(page.locator("#person-switcher")).to_be_visible()
    await page.screenshot(path=str(artifacts / "phone-channels.png"))
    await channels.locator('.channel[data-channel-name="ideas"]').tap()
    await expect(channels).to_be_hidden()
    await expect(page.locator("#channel-name")).to_have_text("ideas")

    # The member drawer: a member's profile card opens over it; Escape closes both.
    await page.get_by_role("button", name="Members").tap()
    await expect(members).to_be_visible()
    await members.locator('.member[data-username="bob"]').tap()
    card = page.locator(".profile-card")
    await expect(card).to_be_visible()
    await fits_the_width(page)
    await page.screenshot(path=str(artifacts / "phone-members.png"))
    await page.keyboard.press("Escape")
    await expect(card).to_have_count(0)
    await page.keyboard.press("Escape")
    await expect(members).to_be_hidden()

    # Tapping beside a drawer closes it too.
    await page.get_by_role("button", name="Channels").tap()
    await expect(channels).to_be_visible()
    await page.touchscreen.tap(PHONE["width"] - 10, PHONE["height"] // 2)
    await expect(channels).to_be_hidden()
    await page.close()
    assert not errors, errors


async def test_tablet_keeps_channels_and_opens_members(browser: Browser,
                                                       shared_sandbox: Sandbox) -> None:
    page, errors = await open_chat(browser, shared_sandbox, "bob")
    await page.set_viewport_size(TABLET)
    await expect(page.locator("#channels")).to_be_visible()
    await expect(page.get_by_role("button", name="Channels")).to_be_hidden()
    await expect(page.locator("#members")).to_be_hidden()
    await page.get_by_role("button", name="Members").click()
    await expect(page.locator('#members .member[data-username="alice"]')).to_be_visible()
    await fits_the_width(page)
    await page.close()
    assert not errors, errors
