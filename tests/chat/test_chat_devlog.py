"""The developer console in the chat: the bot's failed and rate-limited REST calls show
as small system lines in the channel where they happened."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from tidecord.sandbox import Sandbox

from .chatpage_bot import IDEA
from .chatpage_driver import message, open_chat, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
]

ROUTE = "POST /channels/{channel_id}/messages"


@pytest.fixture
def page(alice_page: Page) -> Page:
    """alice's page in #general, the bot online (see conftest.py)."""
    return alice_page


async def test_a_forbidden_call_shows_in_its_channel(page: Page, shared_sandbox: Sandbox,
                                                     browser: Browser) -> None:
    sb = shared_sandbox
    await say(page, ".announce")  # the bot may not post in #announcements: 403

    # The channel where it happened is flagged; opening it shows the line.
    announcements = page.locator('.channel[data-channel-name="announcements"]')
    await expect(announcements).to_have_class(re.compile(r"\balert\b"))
    await announcements.click()
    line = page.locator('article.rest-log[data-status="403"]')
    await expect(line).to_have_text(re.compile(
        rf"{sb.bot_user.username}: 403 Missing Permissions \(50013\) on {re.escape(ROUTE)}"))
    await expect(line.locator(".rest-tag")).to_have_text("SANDBOX")
    await expect(announcements).not_to_have_class(re.compile(r"\balert\b"))

    # A page opened later finds it too (the sandbox keeps the log).
    bob, errors = await open_chat(browser, sb, "bob")
    await bob.locator('.channel[data-channel-name="announcements"]').click()
    await expect(bob.locator('article.rest-log[data-status="403"]')).to_be_visible()
    await bob.close()
    assert not errors, errors


async def test_a_rate_limited_call_shows_before_the_late_answer(page: Page,
                                                                shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    sb.fail_next_rest(1, status=429, retry_after=0.5)  # the bot's next call: its reply
    await say(page, ".idea")
    line = page.locator('article.rest-log[data-kind="rate_limited"]')
    await expect(line).to_have_text(re.compile(
        rf"{sb.bot_user.username}: rate limited on {re.escape(ROUTE)}, retry after 0\.5 s"))
    reply = message(page, IDEA, author=sb.bot_user.username).last
    await expect(reply).to_be_visible()
    # In time order: the 429 came before the answer that waited it out.
    order = await page.evaluate("""() => [...document.querySelectorAll(
        '#message-list > article')].map((node) => node.dataset.kind || node.dataset.author)""")
    assert order.index("rate_limited") < len(order) - 1 - order[::-1].index(
        sb.bot_user.username)


async def test_a_used_up_bucket_says_why_the_bot_goes_quiet(page: Page,
                                                            shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await page.locator('.channel[data-channel-name="ideas"]').click()
    await say(page, ".burst 5")  # five messages: the route's limit is 5 per 5 s
    await expect(message(page, "burst 5", author=sb.bot_user.username)).to_be_visible()
    line = page.locator('article.rest-log[data-kind="bucket_exhausted"]')
    await expect(line).to_have_text(re.compile(
        rf"{sb.bot_user.username}: used up its 5 requests per 5 s on {re.escape(ROUTE)}: "
        r"the next one waits \d(\.\d)? s"))
