"""What a discord.py bot does beyond buttons and embeds, shown and answered on the page
as Discord's client would: a poll voted in by two people in two tabs (and its closing
notice), direct messages
with the bot (one's own only), threads the bot or a person starts, forum posts, and the
choices a
bot offers as a slash command's option is typed, a subcommand's options and a file
option; a forwarded message, a layout whose files show only through it, and a guild's
custom emoji and stickers drawn as images."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from discord.ext import commands
from playwright.async_api import Browser, Page, Route, expect

from tidecord.models import Emoji, GuildSticker, Snowflake
from tidecord.sandbox import Sandbox

from .chatpage_bot import running
from .chatpage_driver import image_width, message, message_id, picture, say, upload
from .conftest import checked_chat
from .features_bot import features_bot

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    pytest.mark.tidecord_strict(threshold=1.0),
]


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def bot(shared_sandbox: Sandbox) -> AsyncIterator[commands.Bot]:
    sb = shared_sandbox
    async with running(features_bot(), sb.api_url, sb.gateway_url, sb.token) as client:
        yield client


@pytest_asyncio.fixture(loop_scope="session")
async def alice(browser: Browser, shared_sandbox: Sandbox, bot: commands.Bot
                ) -> AsyncIterator[Page]:
    async with checked_chat(browser, shared_sandbox, "alice") as page:
        yield page


async def test_a_poll_voted_in_by_two_people(alice: Page, browser: Browser,
                                             shared_sandbox: Sandbox) -> None:
    await say(alice, "!poll")
    asked = message(alice, "Best fruit?")
    await expect(asked.get_by_text("Select one answer")).to_be_visible()
    await asked.get_by_role("radio", name="Pear").check()
    await asked.get_by_role("button", name="Vote").click()
    await expect(message(alice, "a vote for answer 2")).to_be_visible()
    await expect(asked.locator(".poll-answer.mine")).to_contain_text("Pear")
    await expect(asked.locator(".poll-total")).to_contain_text("1 vote")

    async with checked_chat(browser, shared_sandbox, "bob") as bob:
        theirs = message(bob, "Best fruit?")
        await expect(theirs.locator(".poll-total")).to_contain_text("1 vote")
        await theirs.get_by_role("radio", name="🍎 Apple").check()
        await theirs.get_by_role("button", name="Vote").click()
        await expect(theirs.locator(".poll-answer.mine")).to_contain_text("Apple")
        await expect(theirs.locator(".poll-share").first).to_have_text("50%")
    await expect(asked.locator(".poll-total")).to_contain_text("2 votes")
    await asked.get_by_role("button", name="Remove Vote").click()
    await expect(asked.get_by_role("radio", name="Pear")).to_be_visible()
    bob_id = shared_sandbox.state.user("bob").id
    assert shared_sandbox.state.poll_votes[await message_id(asked)] == {1: [bob_id], 2: []}

    shared_sandbox.clock.advance(2 * 3600)  # past its hour: closed, with Discord's notice
    await expect(asked.locator(".poll-total")).to_contain_text("Poll closed")
    notice = alice.locator("article.message.system").filter(has_text="has closed")
    await expect(notice).to_contain_text("poll Best fruit? has closed. 🍎 Apple won with 1 of 1")


async def test_direct_messages_with_the_bot(alice: Page, browser: Browser,
                                            shared_sandbox: Sandbox) -> None:
    await say(alice, "!dm")
    dm = alice.locator(".channel.dm")
    await expect(dm).to_have_class(re.compile(r"\bunread\b"))  # the bot wrote first
    await dm.click()
    await expect(alice.locator("#channel-name")).to_have_text(shared_sandbox.bot_user.username)
    await expect(message(alice, "A secret, just for you")).to_be_visible()
    await say(alice, "hello")
    await expect(message(alice, "You said hello to me alone")).to_be_visible()

    async with checked_chat(browser, shared_sandbox, "bob") as bob:
        await bob.locator(".channel.dm").click()
        await expect(bob.get_by_text("beginning of your direct message history")).to_be_visible()
        await expect(message(bob, "A secret")).to_have_count(0)


async def test_threads_the_bot_and_a_person_start(alice: Page) -> None:
    await say(alice, "!thread")
    starter = message(alice, "!thread")
    preview = starter.locator(".thread-preview")
    await expect(preview).to_contain_text("Plant talk")
    await expect(preview).to_contain_text("1 Message")
    listed = alice.locator('#channels .channel.thread[data-channel-name="Plant talk"]')
    await expect(listed).to_be_visible()
    await preview.click()
    await expect(alice.locator("#channel-name")).to_have_text("Plant talk")
    await expect(message(alice, "Welcome to the thread")).to_be_visible()

    await alice.locator('#channels .channel[data-channel-name="general"]').click()
    await say(alice, "ferns like shade")
    said = message(alice, "ferns like shade")
    await said.hover()
    await said.get_by_role("button", name="Create Thread").click()
    form = alice.get_by_role("dialog", name="Create Thread")
    await expect(form.get_by_label("Thread Name")).to_have_value("ferns like shade")
    await form.get_by_label("Thread Name").fill("Ferns")
    await form.get_by_role("button", name="Submit").click()
    await expect(alice.locator("#channel-name")).to_have_text("Ferns")
    await say(alice, "which ones?")
    await expect(message(alice, "Heard which ones? in Ferns")).to_be_visible()



async def test_a_forum_post(alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    forum = sb.state.create_channel(sb.guild.id, "help", type=15)
    await alice.locator(f'#channels .channel[data-channel-id="{forum.id}"]').click()
    await expect(alice.get_by_text("No posts yet")).to_be_visible()
    await say(alice, "my fern is yellow")  # a forum takes posts: the title is asked for
    form = alice.get_by_role("dialog", name="New Post")
    await expect(form.get_by_label("Message")).to_have_value("my fern is yellow")
    await form.get_by_label("Title").fill("Yellow fern")
    await form.get_by_role("button", name="Submit").click()
    await expect(alice.locator("#channel-name")).to_have_text("Yellow fern")
    await expect(message(alice, "Thanks for posting Yellow fern")).to_be_visible()
    await alice.locator(f'#channels .channel[data-channel-id="{forum.id}"]').click()
    await expect(alice.locator(".forum-post")).to_contain_text("Yellow fern")


async def test_a_message_that_comes_while_a_channel_loads_stays(
        alice: Page, shared_sandbox: Sandbox) -> None:
    # The history of a channel just opened is read, and a message arrives (a bot's answer
    # to a post just made) before that history reaches the page: it was lost under it.
    sb = shared_sandbox
    channel = sb.state.create_channel(sb.guild.id, "slow-history")
    # Stored without a dispatch: the page learns of it only from the history.
    sb.state.create_message(channel.id, sb.user("bob").id, content="from before",
                            dispatch=False)

    async def late_history(route: Route) -> None:
        history = await route.fetch()  # as it is now: without the message below
        await sb.send_message("bob", channel.id, "said meanwhile")
        await expect(message(alice, "said meanwhile")).to_be_visible()  # the feed's
        await route.fulfill(response=history)

    await alice.route(re.compile(rf"/channels/{channel.id}/messages\?"), late_history)
    await alice.locator(f'#channels .channel[data-channel-id="{channel.id}"]').click()
    await expect(message(alice, "from before")).to_be_visible()  # the history came
    await expect(message(alice, "said meanwhile")).to_be_visible()


async def test_autocomplete_a_subcommand_and_a_file_option(alice: Page) -> None:
    composer = alice.locator("#composer-input")
    popup = alice.locator("#command-popup")
    await composer.press_sequentially("/fruit a")
    await expect(popup.get_by_role("option", name="Apricot")).to_be_visible()
    await expect(popup.get_by_role("option", name="Banana")).to_have_count(0)
    await composer.press("ArrowDown")
    await composer.press("Enter")  # picks the highlighted choice
    await expect(composer).to_have_value("/fruit apricot ")
    await composer.press("Enter")
    await expect(message(alice, "You picked apricot")).to_be_visible()

    await composer.press_sequentially("/garden plant ")
    await expect(popup.locator(".command-option")).to_have_text(["what: text",
                                                                 "count: integer"])
    await composer.press_sequentially("roses count:3")
    await composer.press("Enter")
    await expect(message(alice, "Planted 3 roses")).to_be_visible()

    await composer.fill("/photo")
    await composer.press("Enter")  # no file attached yet: the page says what is missing
    await expect(alice.get_by_role("alert")).to_contain_text("Attach a file for image")
    await alice.locator("#file-input").set_input_files(upload("fern.png", picture()))
    await composer.fill("/photo")
    await composer.press("Enter")
    await expect(message(alice, f"Got fern.png, {len(picture())} bytes")).to_be_visible()


async def test_a_forward_and_a_layouts_files(alice: Page) -> None:
    await say(alice, "!forward")
    forwarded = alice.locator("article.message .forwarded")
    await expect(forwarded).to_contain_text("Forwarded")
    await expect(forwarded).to_contain_text("Words worth repeating")

    await say(alice, "!layout")
    card = message(alice, "A card")
    await expect(card.locator(".component-file")).to_contain_text("notes.txt")
    await expect(card.locator(".component-thumbnail img")).to_have_count(1)
    await expect(card.locator(".attachments")).to_have_count(0)  # not shown twice


async def test_a_guilds_custom_emoji_and_sticker_are_drawn(alice: Page,
                                                            shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    sprout = Emoji(id=Snowflake(sb.state.new_id()), name="sprout", animated=False)
    sb.state.set_emojis(sb.guild.id, [sprout])
    said = await sb.send_message("bob", "general", f"look <:sprout:{sprout.id}> here")
    await sb.react("bob", said, f"sprout:{sprout.id}")
    node = message(alice, "look")
    await expect(node.locator(".message-content img.custom-emoji")).to_have_attribute(
        "alt", ":sprout:")
    assert await image_width(node.locator(".message-content img.custom-emoji")) > 0
    await expect(node.locator("button.reaction img.custom-emoji")).to_have_count(1)

    wave = GuildSticker(id=sb.state.new_id(), name="wave", guild_id=sb.guild.id)
    sb.state.set_stickers(sb.guild.id, [wave])
    await sb.send_message("bob", "general", stickers=[wave])
    sticker = alice.locator('article.message img.sticker[alt="wave"]')
    await expect(sticker).to_have_count(1)
    assert await image_width(sticker) > 0
