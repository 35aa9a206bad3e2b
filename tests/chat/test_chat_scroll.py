"""Where the message list is scrolled: it follows new messages while the reader is at the
bottom (also while images load), always shows a message the reader sends, and offers
"jump to present" when the reader is reading older messages, as Discord does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, Route, expect

from tidecord.sandbox import Sandbox

from .chatpage_bot import ChatBot
from .chatpage_driver import (
    distance_from_bottom,
    image_width,
    message,
    open_chat,
    say,
    scroll_to_top,
    wait_at_bottom,
)

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
]


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser, shared_sandbox: Sandbox, shared_bot: ChatBot
               ) -> AsyncIterator[Page]:
    """alice's page on a #general long enough to scroll, viewed at its newest message."""
    sb = shared_sandbox
    if len(sb.messages("general")) < 40:
        for n in range(40):
            await sb.send_message("bob", "general", f"old message {n}")
    page, errors = await open_chat(browser, sb, "alice")
    await expect(message(page, "old message 39")).to_be_visible()
    await wait_at_bottom(page)
    yield page
    await page.close()
    assert not errors, errors


async def test_view_stays_pinned_while_an_image_loads(page: Page) -> None:
    # The card image arrives only when the test lets it: after its message is shown.
    release = asyncio.Event()

    async def slow_image(route: Route) -> None:
        await release.wait()
        await route.continue_()

    await page.route("**/attachments/**", slow_image)
    await say(page, ".card")
    card = message(page, "Idea card").locator("img.embed-image")
    await expect(card).to_be_attached()
    await wait_at_bottom(page)

    release.set()
    assert await image_width(card) == 400
    await wait_at_bottom(page)  # the taller message did not push the view up
    await page.unroute("**/attachments/**")


async def test_a_message_you_send_is_always_shown(page: Page) -> None:
    await scroll_to_top(page)
    await say(page, "back to the present, please")
    sent = message(page, "back to the present, please", author="alice")
    await expect(sent).to_be_in_viewport()
    await wait_at_bottom(page)


async def test_jump_to_present_when_reading_older_messages(page: Page,
                                                           shared_sandbox: Sandbox) -> None:
    bar = page.locator("#jump-bar")
    await expect(bar).to_be_hidden()
    await scroll_to_top(page)
    await expect(bar).to_be_visible()
    await expect(bar).to_contain_text("viewing older messages")

    # Someone talks: the reader stays where they were reading, and is told.
    await shared_sandbox.send_message("bob", "general", "news while you read")
    await expect(bar).to_contain_text("1 new message")
    assert await page.evaluate("document.getElementById('messages').scrollTop") == 0
    assert await distance_from_bottom(page) > 100

    await bar.get_by_role("button", name="Jump to present").click()
    await wait_at_bottom(page)
    await expect(message(page, "news while you read")).to_be_in_viewport()
    await expect(bar).to_be_hidden()
