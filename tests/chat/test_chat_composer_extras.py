"""The composer's helpers: where slash commands come from when a bot has none, typing
indicators both ways, ":smile:" shortcodes and the emoji picker."""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import Browser, Page, Route, expect

from tidecord.sandbox import Sandbox

from .chatpage_driver import message, open_chat, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
]


@pytest.fixture
def page(alice_page: Page) -> Page:
    """alice's page in #general, the bot online (see conftest.py)."""
    return alice_page


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


async def test_shortcodes_turn_into_emoji(page: Page, shared_sandbox: Sandbox) -> None:
    composer = page.locator("#composer-input")
    # The closing colon of a known name turns it into the emoji at once.
    await composer.press_sequentially("ship it :tada:")
    await expect(composer).to_have_value("ship it 🎉")

    # ":thu" offers matching emoji; Enter takes the highlighted one.
    await composer.press_sequentially(" :thu")
    suggestion = page.locator('#emoji-popup .emoji-item[data-name="thumbsup"]')
    await expect(suggestion).to_have_class(re.compile(r"\bhighlighted\b"))
    await expect(suggestion).to_contain_text(":thumbsup:")
    await composer.press("Enter")
    await expect(composer).to_have_value("ship it 🎉 👍")
    await expect(page.locator("#emoji-popup")).to_be_hidden()

    # Pasted shortcodes are turned on sending; unknown ones stay as typed.
    await composer.press_sequentially(" :smile: :not_an_emoji:", delay=0)
    await composer.evaluate("el => { el.value += ' :heart:'; }")  # no input event: as pasted
    posted = shared_sandbox.messages("general")
    before = posted[-1].id if posted else 0  # this module's other tests may have run elsewhere
    await composer.press("Enter")
    # The page posts it over REST: wait for it to arrive rather than read too soon.
    sent = await shared_sandbox.wait_for_message("general", "alice", timeout=10, after=before)
    await expect(page.locator(f'article.message[data-message-id="{sent.id}"]')).to_be_visible()
    assert sent.content == "ship it 🎉 👍 😄 :not_an_emoji: ❤️"


async def test_emoji_picker_in_the_composer(page: Page) -> None:
    composer = page.locator("#composer-input")
    await composer.fill("plants ")
    await page.locator("#emoji-button").click()
    picker = page.get_by_role("dialog", name="Emoji")
    await expect(picker.locator(".picker-category").first).to_contain_text("Smileys")
    await picker.get_by_role("searchbox").fill("seedling")
    await picker.locator('.picker-emoji[data-emoji="🌱"]').click()
    await expect(picker).to_have_count(0)
    await expect(composer).to_have_value("plants 🌱")


async def test_typing_on_while_a_message_is_on_its_way(page: Page,
                                                       shared_sandbox: Sandbox) -> None:
    # The first message is held on its way until the next one is being typed.
    release = asyncio.Event()

    async def slow_send(route: Route) -> None:
        await release.wait()
        await route.continue_()

    await page.route("**/_sandbox/messages", slow_send)
    composer = page.locator("#composer-input")
    await say(page, "one :seedling:")
    await expect(composer).to_have_value("")  # emptied at once, as Discord does
    await composer.fill("two")
    release.set()
    await expect(message(page, "one 🌱", author="alice")).to_be_visible()
    await expect(composer).to_have_value("two")  # what was typed meanwhile is kept
    await page.unroute("**/_sandbox/messages")
    await composer.press("Enter")
    await expect(message(page, "two", author="alice")).to_be_visible()
    assert [m.content for m in shared_sandbox.messages("general")[-2:]] == ["one 🌱", "two"]
