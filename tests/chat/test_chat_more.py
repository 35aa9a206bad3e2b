"""The chat page used as a person uses Discord's client, beyond test_chat_features.py:
a thread shows the message it was started from, the header's pins list, a DM's member
list, who sees a private thread, and what a message's text is drawn as. One sandbox,
one bot and alice's page serve the module."""

from __future__ import annotations

import io
import re
import time
from collections.abc import AsyncIterator

import discord
import pytest
import pytest_asyncio
from discord.ext import commands
from playwright.async_api import Browser, Locator, Page, expect

from tidecord.sandbox import Sandbox

from .chatpage_bot import running
from .chatpage_driver import image_width, message, open_chat, picture, say
from .conftest import checked_chat

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    pytest.mark.tidecord_strict(threshold=1.0),
]


def pinning_bot() -> commands.Bot:
    """``!pin <text>`` says the text and pins what it said; ``!spoil`` sends a picture
    as a spoiler; ``/whisper`` answers only the person who used it."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, guild_ready_timeout=0.1)

    @bot.command()
    async def pin(ctx: commands.Context[commands.Bot], *, text: str) -> None:
        said = await ctx.send(text)
        await said.pin()

    @bot.command()
    async def spoil(ctx: commands.Context[commands.Bot]) -> None:
        await ctx.send("guess", file=discord.File(io.BytesIO(picture()), "fern.png",
                                                  spoiler=True))

    @bot.tree.command(description="Say something only you see")
    async def whisper(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("just between us", ephemeral=True)

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def bot(shared_sandbox: Sandbox) -> AsyncIterator[commands.Bot]:
    sb = shared_sandbox
    async with running(pinning_bot(), sb.api_url, sb.gateway_url, sb.token) as client:
        yield client


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def alice_tab(browser: Browser, shared_sandbox: Sandbox, bot: commands.Bot
                    ) -> AsyncIterator[Page]:
    """One page for the module (opening one costs more as #general's history grows)."""
    async with checked_chat(browser, shared_sandbox, "alice") as page:
        yield page


@pytest_asyncio.fixture(loop_scope="session")
async def alice(alice_tab: Page) -> Page:
    """alice's page, back in #general with nothing open."""
    await alice_tab.keyboard.press("Escape")
    await alice_tab.locator('#channels .channel[data-channel-name="general"]').click()
    await expect(alice_tab.locator("#channel-name")).to_have_text("general")
    return alice_tab


def channel_item(page: Page, channel_id: object) -> Locator:
    return page.locator(f'#channels .channel[data-channel-id="{channel_id}"]')


async def test_a_thread_shows_the_message_it_was_started_from(alice: Page,
                                                               shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    garden = sb.state.create_channel(sb.guild.id, "garden")  # its history is never opened
    said = await sb.send_message("bob", garden.id, "who waters the ferns?")
    await sb.react("alice", said, "🌿")
    thread = await sb.start_thread("bob", garden.id, "Fern duty", message=said.id)
    await sb.send_message("bob", thread.id, "I can on Mondays")
    await alice.reload()  # all of it from before: the page saw none of it happen
    await alice.wait_for_selector("#app[data-ready=true]")
    await alice.locator(f'#channels .channel[data-channel-id="{thread.id}"]').click()
    await expect(alice.locator("#channel-name")).to_have_text("Fern duty")
    shown = alice.locator("article.message")
    await expect(shown.first).to_contain_text("who waters the ferns?")
    await expect(shown.first.locator(".thread-preview")).to_have_count(0)  # it is open
    await expect(shown.nth(1)).to_contain_text("I can on Mondays")
    await expect(shown.nth(1)).to_have_class(re.compile(r"\bfirst\b"))  # not grouped under
    await shown.first.hover()  # answered in its channel, not here
    await expect(shown.first.get_by_role("button", name="Reply")).to_have_count(0)
    # alice's reaction, made before, is hers here too: a click takes it back.
    await shown.first.locator("button.reaction").click()
    await expect(shown.first.locator("button.reaction")).to_have_count(0)
    # An edit of the starter, in the parent, shows in the thread too.
    await sb.edit_message("bob", said, "who waters the ferns on Sundays?")
    await expect(shown.first).to_contain_text("on Sundays")


async def test_pins_list_newest_first(alice: Page, browser: Browser,
                                      shared_sandbox: Sandbox) -> None:
    pins = alice.get_by_role("button", name="Pinned Messages", exact=True)
    await pins.click()
    panel = alice.get_by_role("dialog", name="Pinned Messages")
    await expect(panel).to_contain_text("doesn't have any pinned messages")
    await pins.click()
    await say(alice, "!pin Water on Sundays")
    await say(alice, "!pin Repot in spring")
    notices = alice.locator("article.message.system").filter(has_text="pinned a message")
    await expect(notices).to_have_count(2)
    await pins.click()
    await expect(panel.locator(".pin .message-content")).to_have_text(
        ["Repot in spring", "Water on Sundays"])
    await panel.locator(".pin").filter(has_text="Water on Sundays").get_by_role(
        "button", name="Jump").click()
    said = message(alice, "Water on Sundays", author=shared_sandbox.bot_user.username)
    await expect(said).to_have_class(re.compile(r"\bhighlight\b"))

    # A person pins from a message's toolbar, and unpins from the list.
    mine = message(alice, "!pin Repot in spring", author="alice")
    await mine.hover()
    await mine.get_by_role("button", name="Pin Message").click()
    mine_notice = notices.filter(has_text="Alice pinned")
    await expect(mine_notice).to_have_count(1)
    await mine_notice.get_by_role("button", name="See all pinned messages").click()
    await expect(panel.locator(".pin .message-content")).to_have_text(
        ["!pin Repot in spring", "Repot in spring", "Water on Sundays"])
    await panel.locator(".pin").filter(has_text="Water on Sundays").get_by_role(
        "button", name="Unpin Message").click()
    await expect(panel.locator(".pin .message-content")).to_have_text(
        ["!pin Repot in spring", "Repot in spring"])  # CHANNEL_PINS_UPDATE: it reloads
    # bob may not pin in #general (no Manage or Pin Messages): the page says so.
    bob, errors = await open_chat(browser, shared_sandbox, "bob")
    theirs = message(bob, "Water on Sundays", author=shared_sandbox.bot_user.username)
    await theirs.hover()
    await theirs.get_by_role("button", name="Pin Message").click()
    await expect(bob.get_by_role("alert")).to_contain_text("Missing Permissions")
    await bob.close()
    assert [e for e in errors if "403" not in e] == []


async def test_a_dm_lists_only_its_two_people(alice: Page, shared_sandbox: Sandbox) -> None:
    members = alice.locator("#members .member")
    await expect(members.filter(has_text="Bob")).to_have_count(1)  # the guild's list
    await alice.locator(".channel.dm").click()
    await expect(alice.locator("#channel-name")).to_have_text(shared_sandbox.bot_user.username)
    await expect(members).to_have_count(2)
    await expect(alice.locator('#members .member[data-username="alice"]')).to_have_count(1)
    await expect(alice.locator(
        f'#members .member[data-username="{shared_sandbox.bot_user.username}"]')
    ).to_have_count(1)


async def test_a_private_thread_shows_to_its_members_and_moderators(
        browser: Browser, shared_sandbox: Sandbox, bot: commands.Bot) -> None:
    sb = shared_sandbox
    general = bot.get_channel(sb.channel("general").id)
    assert isinstance(general, discord.TextChannel)
    secret = await general.create_thread(name="Bot's secret",
                                         type=discord.ChannelType.private_thread)
    bob = discord.Object(sb.user("bob").id)
    async with checked_chat(browser, sb, "bob") as page:
        # alice, not a member, sees it: she may Manage Threads; bob, once added.
        await page.locator('#person-switcher [data-username="alice"]').click()
        await expect(channel_item(page, secret.id)).to_be_visible()
        await page.locator('#person-switcher [data-username="bob"]').click()
        await expect(channel_item(page, secret.id)).to_have_count(0)
        await secret.add_user(bob)
        await expect(channel_item(page, secret.id)).to_be_visible()
        await page.locator(f'#channels .channel[data-channel-id="{secret.id}"]').click()
        await expect(page.locator("#channel-name")).to_have_text("Bot's secret")
        # Its member list is its members: the bot and bob, not alice.
        members = page.locator("#members .member")
        await expect(members).to_have_count(2)
        await expect(members.filter(has_text="Bob")).to_have_count(1)
        await expect(members.filter(has_text="Alice")).to_have_count(0)
        await secret.add_user(discord.Object(sb.user("alice").id))  # THREAD_MEMBERS_UPDATE
        await expect(members.filter(has_text="Alice")).to_have_count(1)
        await secret.remove_user(bob)  # taken off: the thread is left for #general
        await expect(channel_item(page, secret.id)).to_have_count(0)
        await expect(page.locator("#channel-name")).to_have_text("general")


async def test_mentions_offered_as_one_types(alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    composer, popup = alice.locator("#composer-input"), alice.locator("#mention-popup")
    await composer.press_sequentially("hi @bo")
    await expect(popup.get_by_role("option", name="Bob")).to_be_visible()
    await expect(popup.get_by_role("option", name="Alice")).to_have_count(0)
    await composer.press("Enter")  # takes the highlighted one; Enter again sends
    await expect(composer).to_have_value("hi @bob ")
    await composer.press_sequentially("see #ide")
    await expect(popup.get_by_role("option", name="#ideas")).to_be_visible()
    await composer.press("Tab")
    await composer.press_sequentially("thanks @alice, not `@bob`")
    await composer.press("Enter")
    said = message(alice, "thanks", author="alice")
    await expect(said.locator(".md-mention")).to_have_text(["@Bob", "#ideas", "@Alice"])
    bob, alice_id, ideas = sb.user("bob").id, sb.user("alice").id, sb.channel("ideas").id
    sent = sb.messages("general")[-1]
    assert sent.content == (f"hi <@{bob}> see <#{ideas}> thanks <@{alice_id}>, "
                            "not `@bob`")


async def test_markdown_as_discord_draws_it(alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    soon = int(sb.clock.time()) + 2 * 3600
    said = await sb.send_message("bob", "general", (
        "-# small print\n- fern\n  - maidenhair\n- moss\n3. water\n4. wait\n"
        "> ### quoted heading\n> - quoted item\n"
        f"||hidden|| <https://example.com/care> due <t:{soon}:R>\n```\ncode\n```\nafter"))
    content = alice.locator(f'article.message[data-message-id="{said.id}"] .message-content')
    await expect(content.locator("small.md-subtext")).to_have_text("small print")
    await expect(content.locator("ul > li > ul > li")).to_have_text("maidenhair")
    await expect(content.locator("ol")).to_have_attribute("start", "3")
    await expect(content.locator("ol > li")).to_have_text(["water", "wait"])
    await expect(content.locator("blockquote h5")).to_have_text("quoted heading")
    await expect(content.locator("blockquote li")).to_have_text("quoted item")
    await expect(content.locator("a.md-link")).to_have_attribute(
        "href", "https://example.com/care")
    await expect(content.locator("a.md-link")).to_have_text("https://example.com/care")
    await expect(content.locator("time.md-timestamp")).to_have_text("in 2 hours")
    await expect(content.locator("time.md-timestamp")).to_have_attribute("title", re.compile("."))
    spoiler = content.locator(".md-spoiler")
    await spoiler.click()
    await expect(spoiler).to_have_class(re.compile(r"\brevealed\b"))
    # No empty line between a code block and what follows it.
    assert await content.evaluate(
        "node => node.querySelector('pre').nextSibling.textContent") == "after"


async def test_everyone_and_a_role_of_mine_highlight_a_message(
        browser: Browser, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    moderator = next(r for r in sb.state.guild_roles(sb.guild.id) if r.name == "Moderator")
    async with checked_chat(browser, sb, "bob") as bob:
        everyone = await sb.send_message("alice", "general", "@everyone the ferns need water")
        role = await sb.send_message("alice", "general", f"<@&{moderator.id}> look")
        mentioned = re.compile(r"\bmentioned\b")
        await expect(bob.locator(f'[data-message-id="{everyone.id}"]')).to_have_class(mentioned)
        await expect(bob.locator(f'[data-message-id="{role.id}"]')).not_to_have_class(mentioned)
        await bob.locator('#person-switcher [data-username="alice"]').click()  # a Moderator
        await expect(bob.locator(f'[data-message-id="{role.id}"]')).to_have_class(mentioned)


async def test_a_reply_pings_its_author_unless_turned_off(alice: Page,
                                                          shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    bob = sb.user("bob").id
    asked = await sb.send_message("bob", "general", "who has the watering can?")
    node = alice.locator(f'article.message[data-message-id="{asked.id}"]')
    for text, ping in (("I do", True), ("in the shed", False)):
        await node.hover()
        await node.get_by_role("button", name="Reply").click()
        toggle = alice.locator("#reply-bar .reply-ping")
        await expect(toggle).to_have_text("@ ON")
        if not ping:
            await toggle.click()
            await expect(toggle).to_have_text("@ OFF")
        await say(alice, text)
        # The line above the reply marks a ping with "@", as Discord's does.
        await expect(message(alice, text, author="alice").locator(".reply-author")
                     ).to_have_text("@Bob" if ping else "Bob")
        sent = sb.messages("general")[-1]
        assert (sent.content, [int(u.id) for u in sent.mentions]) == (
            text, [bob] if ping else [])


async def test_editing_a_message_with_mentions_shows_their_names(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    bob, ideas = sb.user("bob").id, sb.channel("ideas").id
    await say(alice, "ask @bob in #ideas now")
    mine = message(alice, "ask @Bob in #ideas now", author="alice")
    await mine.hover()
    await mine.get_by_role("button", name="Edit").click()
    box = mine.get_by_role("textbox", name="Edit message")
    await expect(box).to_have_value("ask @bob in #ideas now")
    await box.fill("ask @bob in #ideas now or today")
    await box.press("Enter")
    await expect(mine.locator(".message-content")).to_contain_text("today (edited)")
    assert sb.messages("general")[-1].content == f"ask <@{bob}> in <#{ideas}> now or today"
    await expect(mine.locator(".md-mention")).to_have_text(["@Bob", "#ideas"])


async def test_a_countdown_counts_and_an_ephemeral_answer_is_dismissed(
        alice: Page, shared_sandbox: Sandbox) -> None:
    said = await shared_sandbox.send_message("bob", "general",
                                             f"ready <t:{int(time.time()) + 2}:R>")
    countdown = alice.locator(f'[data-message-id="{said.id}"] time.md-timestamp')
    await expect(countdown).to_have_text(re.compile(r"^in \d seconds?$"))
    await expect(countdown).to_have_text(re.compile(r"ago$"))  # time passed: it says so

    composer = alice.locator("#composer-input")
    await composer.fill("/whisper")
    await composer.press("Enter")
    whispered = message(alice, "just between us")
    await expect(whispered).to_be_visible()
    await whispered.get_by_role("button", name="Dismiss message").click()
    await expect(whispered).to_have_count(0)


async def test_pings_elsewhere_are_counted_on_their_channel(
        alice: Page, shared_sandbox: Sandbox, bot: commands.Bot) -> None:
    sb = shared_sandbox
    alice_id, ideas = sb.user("alice").id, sb.channel("ideas").id
    await sb.send_message("bob", "ideas", f"<@{alice_id}> look at this")
    await sb.send_message("bob", "ideas", "no ping here")
    await sb.send_message("bob", "ideas", f"and this, <@{alice_id}>")
    badge = channel_item(alice, ideas).locator(".mention-badge")
    await expect(badge).to_have_text("2")
    await (await bot.fetch_user(alice_id)).send("psst")  # a DM counts, as Discord's
    await expect(alice.locator(".channel.dm .mention-badge")).to_have_text("1")
    await channel_item(alice, ideas).click()
    await expect(badge).to_have_count(0)


async def test_a_spoiler_picture_is_covered_until_clicked(alice: Page) -> None:
    await say(alice, "!spoil")
    sent = message(alice, "guess")
    cover = sent.get_by_role("button", name="SPOILER")
    await expect(cover).to_be_visible()
    covered = sent.locator(".attachment-spoiler .attachment-image")
    filtered = "node => getComputedStyle(node).filter"
    assert "blur" in await covered.evaluate(filtered)
    assert await image_width(covered.locator("img")) > 0
    await cover.click()
    await expect(cover).to_have_count(0)
    assert await covered.evaluate(filtered) == "none"


async def test_a_reaction_says_who_reacted(alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    said = await sb.send_message("bob", "general", "first sprout!")
    await sb.react("bob", said, "🌱")
    sprout = alice.locator(f'[data-message-id="{said.id}"] button.reaction')
    await expect(sprout).to_have_attribute("title", "Bob reacted with 🌱")
    await sprout.click()
    await expect(sprout).to_have_attribute("title", "Bob and Alice reacted with 🌱")
    await sprout.click()  # taken back
    await expect(sprout).to_have_attribute("title", "Bob reacted with 🌱")


async def test_emoji_alone_show_large_and_a_command_mention_fills_the_composer(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    whisper = next(c for c in sb.state.commands.values() if c.name == "whisper")
    alone = await sb.send_message("bob", "general", "🌱 🌿")
    among = await sb.send_message("bob", "general", "nice 🌱 and 42")
    hint = await sb.send_message("bob", "general", (
        f"try </whisper:{whisper.id}> or [the guide](<https://example.com/guide>)"))
    content = 'article.message[data-message-id="{}"] .message-content'
    await expect(alice.locator(content.format(alone.id)).locator(".md-jumbo")).to_have_count(1)
    await expect(alice.locator(content.format(among.id)).locator(".md-jumbo")).to_have_count(0)
    hinted = alice.locator(content.format(hint.id))
    await expect(hinted.locator("a.md-link")).to_have_attribute(
        "href", "https://example.com/guide")
    await hinted.get_by_role("button", name="/whisper").click()
    await expect(alice.locator("#composer-input")).to_have_value("/whisper ")
