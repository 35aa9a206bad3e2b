"""The sandbox chat page in a real browser: a person talks, the bot answers, live.

Each scenario: a fresh sandbox, the discord.py test bot connected to it, and the page
open in headless Chromium as alice in #general.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from tidecord import Emoji, MessageReference
from tidecord.sandbox import Sandbox

from .chatpage_bot import IDEA, ChatBot
from .chatpage_driver import (
    image_width,
    message,
    message_id,
    open_chat,
    picture,
    say,
    upload,
)

THUMBS_UP = "👍"

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    # Strict mode stays on (blocking calls fail), but waiting on the browser on a busy
    # machine can pause the loop past 100 ms with nothing blocking: allow 1 s.
    pytest.mark.tidecord_strict(threshold=1.0),
]


async def bot_reply(sb: Sandbox, page: Page) -> tuple[int, int]:
    """Say ".idea" and wait for the bot's reply; returns (channel id, reply id)."""
    await say(page, ".idea")
    reply = message(page, IDEA, author=sb.bot_user.username)
    await expect(reply).to_be_visible()
    return int(sb.channel("general").id), await message_id(reply)


async def test_idea_reply_appears_live(page: Page, sandbox: Sandbox) -> None:
    sb = sandbox
    await say(page, ".idea")

    # alice's message, then the bot's answer shown as a reply quoting it.
    asked = message(page, ".idea", author="alice")
    await expect(asked).to_be_visible()
    reply = message(page, IDEA, author=sb.bot_user.username)
    await expect(reply).to_be_visible()
    await expect(reply.locator(".reply-context")).to_contain_text(re.compile("@alice", re.I))
    await expect(reply.locator(".reply-context")).to_contain_text(".idea")
    await expect(reply.locator(".bot-tag")).to_have_text("BOT")
    await expect(page.locator("#composer-input")).to_have_value("")

    # The sandbox holds the same conversation: the reply references alice's message.
    asked_id = await message_id(asked)
    stored = sb.state.message(sb.channel("general").id, await message_id(reply))
    assert stored.content == IDEA
    assert isinstance(stored.message_reference, MessageReference)
    assert stored.message_reference.message_id == asked_id


async def test_reaction_click_toggles_count(page: Page, sandbox: Sandbox) -> None:
    sb = sandbox
    channel_id, reply_id = await bot_reply(sb, page)
    reaction = message(page, IDEA).locator(f'button.reaction[data-emoji="{THUMBS_UP}"]')
    await expect(reaction.locator(".reaction-count")).to_have_text("1")  # the bot's own
    await expect(reaction).to_have_attribute("aria-pressed", "false")

    await reaction.click()
    await expect(reaction.locator(".reaction-count")).to_have_text("2")
    await expect(reaction).to_have_attribute("aria-pressed", "true")
    users = {u.username for u in sb.state.reaction_users(reply_id, Emoji(name=THUMBS_UP))}
    assert users == {sb.bot_user.username, "alice"}

    # A second click takes alice's reaction back.
    await reaction.click()
    await expect(reaction.locator(".reaction-count")).to_have_text("1")
    users = {u.username for u in sb.state.reaction_users(reply_id, Emoji(name=THUMBS_UP))}
    assert users == {sb.bot_user.username}
    assert channel_id == sb.channel("general").id


async def test_upload_through_composer(page: Page, sandbox: Sandbox, bot: ChatBot) -> None:
    sb = sandbox
    png = picture()
    await page.locator("#file-input").set_input_files(
        files=[upload("plant.png", png)])
    await expect(page.locator('#upload-list .upload[data-filename="plant.png"]')).to_be_visible()
    await say(page, "my plant")

    sent = message(page, "my plant", author="alice")
    image = sent.locator('.attachment-image[data-filename="plant.png"] img')
    await expect(image).to_be_visible()
    # The browser could decode the bytes the sandbox serves for it.
    assert await image_width(image) == 96
    await expect(page.locator("#upload-list")).to_be_hidden()

    # In the sandbox's state, and the bot read the very same bytes.
    stored = sb.state.message(sb.channel("general").id, await message_id(sent))
    assert [a.filename for a in stored.attachments] == ["plant.png"]
    assert stored.attachments[0].size == len(png)
    await expect(message(page, f"Got plant.png ({len(png)} bytes)")).to_be_visible()
    assert bot.files == [("plant.png", png)]


async def test_button_click_reaches_the_bot(page: Page, sandbox: Sandbox) -> None:
    sb = sandbox
    await bot_reply(sb, page)
    button = message(page, IDEA).locator("button.button", has_text="Water it")
    await expect(button).to_have_class("button button-success")

    await button.click()
    answer = message(page, "alice watered the idea", author=sb.bot_user.username)
    await expect(answer).to_be_visible()


async def test_slash_command_from_the_composer(page: Page, sandbox: Sandbox) -> None:
    sb = sandbox
    composer = page.locator("#composer-input")
    await composer.fill("/")
    entry = page.locator('#command-popup .command-item[data-command="idea"]')
    await expect(entry).to_be_visible()
    await expect(entry).to_contain_text("Get a project idea")

    await composer.press("Enter")  # picks the highlighted command
    await expect(composer).to_have_value("/idea ")
    await composer.press_sequentially("topic:robots")
    await composer.press("Enter")  # invokes it

    answer = message(page, "How about a bot about robots?", author=sb.bot_user.username)
    await expect(answer).to_be_visible()
    await expect(answer.locator(".reply-context")).to_contain_text("/idea")
    await expect(answer.locator(".embed .embed-title")).to_have_text("An idea")
    # The thumbnail is the file uploaded with the answer (attachment://card.png)...
    assert await image_width(answer.locator(".embed img.embed-thumbnail")) == 160
    # ...shown in the embed only, not again as an attachment.
    await expect(answer.locator(".attachments")).to_have_count(0)


async def test_modal_opened_by_the_bot_is_submitted(page: Page, sandbox: Sandbox) -> None:
    await bot_reply(sandbox, page)
    await message(page, IDEA).locator("button.button", has_text="Suggest").click()
    modal = page.get_by_role("dialog", name="Suggest an idea")
    await expect(modal).to_be_visible()
    await modal.get_by_label("Your idea").fill("a bot that names boats")
    await modal.get_by_role("button", name="Submit").click()
    await expect(modal).to_have_count(0)
    await expect(message(page, "alice suggested: a bot that names boats")).to_be_visible()


async def test_select_menu_choice_reaches_the_bot(page: Page, sandbox: Sandbox) -> None:
    await say(page, ".vote")
    menu = message(page, "Which idea wins?").locator('.select-menu[data-custom-id="vote"]')
    await expect(menu).to_be_visible()
    await menu.get_by_role("button", name="Pick the best idea").click()
    await menu.get_by_role("option", name="Tide clock").click()
    await expect(message(page, "alice voted for tides")).to_be_visible()


async def test_ephemeral_answer_only_for_the_clicker(page: Page, sandbox: Sandbox,
                                                     browser: Browser) -> None:
    sb = sandbox
    await bot_reply(sb, page)
    bob_page, bob_errors = await open_chat(browser, sb, "bob")
    await expect(message(bob_page, IDEA)).to_be_visible()

    await message(page, IDEA).locator("button.button", has_text="Peek").click()
    secret = message(page, "nobody else sees this", author=sb.bot_user.username)
    await expect(secret).to_be_visible()
    await expect(secret.locator(".ephemeral-note")).to_have_text("Only you can see this message")
    # bob's page got the same feed but does not show alice's ephemeral answer.
    await say(bob_page, "anything new?")
    await expect(message(bob_page, "anything new?")).to_be_visible()
    await expect(message(bob_page, "nobody else sees this")).to_have_count(0)
    await bob_page.close()
    assert not bob_errors, bob_errors


async def test_deferred_answer_thinks_then_answers(page: Page, sandbox: Sandbox,
                                                   bot: ChatBot) -> None:
    sb = sandbox
    await say(page, "/ponder")
    answer = page.locator(f'article.message[data-author="{sb.bot_user.username}"]')
    await expect(answer.locator(".thinking")).to_contain_text("is thinking")
    bot.pondered.set()
    await expect(answer.locator(".message-content")).to_contain_text("Pondered: plant more trees")
    await expect(answer.locator(".reply-context")).to_contain_text("/ponder")


async def test_unanswered_interaction_is_reported(browser: Browser, sandbox: Sandbox,
                                                  bot: ChatBot) -> None:
    page = await browser.new_page()
    await page.clock.install()  # the page's 3 s answer window, without waiting 3 s
    await page.goto(f"{sandbox.url}/?as=alice")
    await page.wait_for_selector("#app[data-ready=true]")
    await say(page, "/shrug")
    await expect(page.locator("#composer-input")).to_have_value("")  # invoked
    await page.clock.run_for(2500)
    await expect(page.locator(".toast")).to_have_count(0)  # still within the window
    await page.clock.run_for(1000)
    await expect(page.locator(".toast")).to_have_text(
        f"{sandbox.bot_user.username} did not respond in time")
    await page.close()
