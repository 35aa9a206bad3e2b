"""The chat page under generated content: seeded messages of every kind of markdown,
mention, emoji, timestamp and script a sender may put anywhere, checked against what
the sandbox holds; things done on the page checked against what the bot got. A
``window.__pwned`` trap proves nothing a message carries ever runs. One sandbox, one
discord.py bot and alice's page serve the module (one browser: conftest.py)."""

from __future__ import annotations

import asyncio
import datetime
import io
import random
import re
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord.ext import commands
from playwright.async_api import Browser, Page, Route, expect

from tidecord.models import UNSET, Emoji, Snowflake
from tidecord.sandbox import Sandbox

from .chatpage_bot import running
from .chatpage_driver import message, open_chat, say
from .generated_content import (
    CHECK,
    SCRIPTS,
    SHOWN_STATE,
    STICKING_OUT,
    TRAP,
    UNICODE,
    channel_of,
    count_redraws,
    embeds,
    enter,
    files,
    generate,
    generated_bot,
    layout,
    redraws,
    rich_view,
    sandbox_state,
    seen_since,
    when_styles,
)

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
    pytest.mark.tidecord_strict(threshold=1.0),
]


# A channel per scenario where the bot writes: each has its own rate-limit bucket, so
# no scenario waits out another's sends.
ROOMS = ("rich", "links", "acts", "live", "burst", "elsewhere")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def bot(shared_sandbox: Sandbox) -> AsyncIterator[commands.Bot]:
    sb = shared_sandbox
    for room in ROOMS:
        sb.state.create_channel(sb.guild.id, room)
    async with running(generated_bot(), sb.api_url, sb.gateway_url, sb.token) as client:
        yield client


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def alice(browser: Browser, shared_sandbox: Sandbox, bot: commands.Bot
                ) -> AsyncIterator[Page]:
    """alice's page, in English and UTC (timestamps are checked as words), trap set."""
    page, errors = await open_chat(browser, shared_sandbox, "alice", locale="en-US",
                                   timezone_id="UTC")
    await page.evaluate("() => { window.__pwned = 0; }")
    yield page
    assert await page.evaluate(TRAP) == 0, "something a message carried ran"
    await page.close()
    assert not errors, errors


# --- generated markdown --------------------------------------------------------------


async def test_generated_markdown_is_drawn_as_the_sandbox_holds_it(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    rng = random.Random(20261204)
    sprout = Emoji(id=Snowflake(sb.state.new_id()), name="sprout", animated=False)
    sb.state.set_emojis(sb.guild.id, [sprout])
    moment = int(sb.clock.time()) + 3 * 3600 + 30  # "in 3 hours", whatever the style
    sent = []
    for n in range(40):
        content, checks = generate(rng, n, sb, sprout, moment)
        said = await sb.send_message(rng.choice(["bob", "alice"]), "general", content)
        sent.append((said, checks))
    await expect(alice.locator(f'article[data-message-id="{sent[-1][0].id}"]')).to_be_visible()
    failures = []
    for said, checks in sent:
        assert sb.state.message(said.channel_id, said.id).content == said.content
        bad = await alice.evaluate(CHECK, [str(said.id), checks])
        failures += [(said.content, *b) for b in bad]
    assert failures == [], "\n".join(repr(f[1:]) for f in failures)
    assert await alice.evaluate(TRAP) == 0


async def test_timestamps_in_every_style(alice: Page,
                                                          shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    moment = 1_618_953_630  # Tuesday, April 20, 2021 21:20:30 UTC
    styles = when_styles(moment)
    said = await sb.send_message("bob", "general", " | ".join(
        f"<t:{moment}{':' + s if s else ''}>" for s in styles))
    shown = alice.locator(f'article[data-message-id="{said.id}"] time.md-timestamp')
    await expect(shown).to_have_count(len(styles))
    got = [re.sub(r"\s+", " ", t) for t in await shown.all_text_contents()]
    assert got == list(styles.values())


async def test_a_moment_no_date_holds_stays_text(alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    odd = await sb.send_message("bob", "general", "at <t:99999999999999:R> **still**")
    content = alice.locator(f'article[data-message-id="{odd.id}"] .message-content')
    await expect(content.locator("strong")).to_have_text("still")
    await expect(content).to_contain_text("<t:99999999999999:R>")


# --- what a bot sends: embeds, components, a poll, files ------------------------------


async def test_what_a_bot_sends_is_drawn_and_nothing_in_it_runs(
        alice: Page, shared_sandbox: Sandbox, bot: commands.Bot) -> None:
    sb = shared_sandbox
    general = channel_of(bot, sb, "rich")
    await enter(alice, sb, "rich")
    cards = await general.send("ten cards", embeds=embeds(), files=files("one.png", "two.png"))
    menu = await general.send("choose", view=rich_view())
    laid = await general.send(view=layout(), files=files("one.png", "two.png", "notes.txt"))
    named = "<img src=x onerror=window.__pwned=7>.txt"
    filed = await general.send("a file", file=discord.File(io.BytesIO(b"x"), filename=named))

    node = alice.locator(f'article[data-message-id="{cards.id}"]')
    shown = node.locator(".embed")
    await expect(shown).to_have_count(10)
    for i, embed in enumerate(embeds()):
        card = shown.nth(i)
        await expect(card.locator(".embed-title")).to_have_text(embed.title or "")
        await expect(card.locator(".embed-author")).to_have_text(embed.author.name or "")
        await expect(card.locator(".embed-field-name")).to_have_text(
            [field.name or "" for field in embed.fields])
        await expect(card.locator(".embed-field-value")).to_have_text(
            [(field.value or "").strip("`") for field in embed.fields])
        await expect(card.locator(".embed-footer")).to_contain_text(embed.footer.text or "")
        await expect(card.locator("img")).to_have_count(4)  # author, image, thumbnail, footer
    await expect(node.locator(".attachments")).to_have_count(0)  # shown in the embeds only

    buttons = alice.locator(f'article[data-message-id="{menu.id}"] button.button')
    await expect(buttons).to_have_text([s[:80] for s in SCRIPTS] + ["Open the form"])
    options = alice.locator(f'article[data-message-id="{menu.id}"] .select-option .select-label')
    await expect(options).to_have_text([s[:90] for s in SCRIPTS])

    v2 = alice.locator(f'article[data-message-id="{laid.id}"]')
    await expect(v2.locator(".component-text h4")).to_have_text(SCRIPTS[0])
    await expect(v2.locator(".component-text strong")).to_have_text("bold")
    await expect(v2.locator(".section-accessory button")).to_have_text(SCRIPTS[2][:80])
    await expect(v2.locator(".gallery-item img")).to_have_count(2)
    await expect(v2.locator(".component-file")).to_contain_text("notes.txt")
    await expect(v2.locator(".attachments")).to_have_count(0)

    stored = sb.state.message(general.id, filed.id).attachments[0].filename
    await expect(alice.locator(f'article[data-message-id="{filed.id}"] .file-name')).to_have_text(
        stored)
    # No link anywhere on the page may run script when followed.
    assert await alice.locator('a[href^="javascript:" i]').count() == 0
    assert await alice.evaluate(TRAP) == 0


async def test_a_link_button_to_script_is_refused(shared_sandbox: Sandbox,
                                                  bot: commands.Bot) -> None:
    general = channel_of(bot, shared_sandbox, "links")
    for url in ("javascript:window.__pwned=8", "data:text/html,<script>1</script>", "x"):
        view = discord.ui.View()
        view.add_item(discord.ui.Button(label="go", url=url))
        with pytest.raises(discord.HTTPException) as refused:
            await general.send("a link", view=view)
        assert refused.value.status == 400
        assert refused.value.code == 50035
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="go", url="discord://-/channels/@me"))
    await general.send("the app", view=view)  # Discord's own scheme is taken


# --- acting from the page -------------------------------------------------------------


async def test_what_alice_does_on_the_page_reaches_the_bot_exactly(
        alice: Page, shared_sandbox: Sandbox, bot: commands.Bot) -> None:
    sb = shared_sandbox
    general = channel_of(bot, sb, "acts")
    await enter(alice, sb, "acts")
    alice_id, where = sb.user("alice").id, general.id
    mark = len(bot.seen)  # type: ignore[attr-defined]

    typed = f"{UNICODE[0]} {UNICODE[3]} {SCRIPTS[0]} {UNICODE[2]}"
    await say(alice, typed)
    await expect(message(alice, typed, author="alice")).to_be_visible()
    assert seen_since(bot, mark, "message") == [("alice", where, typed)]
    assert sb.messages("acts")[-1].content == typed

    menu = await general.send("choose", view=rich_view())
    node = alice.locator(f'article[data-message-id="{menu.id}"]')
    await node.locator('button.button[data-custom-id="b1"]').click()
    await expect(message(alice, "got b1 None")).to_be_visible()
    await node.locator(".select-toggle").click()
    await node.get_by_role("option").nth(3).click()
    await expect(message(alice, "got pick ['v3<&>']")).to_be_visible()
    assert seen_since(bot, mark, "component") == [("alice", where, "b1", None),
                                                  ("alice", where, "pick", ["v3<&>"])]

    await node.get_by_role("button", name="Open the form").click()
    form = alice.get_by_role("dialog")
    await expect(form.locator(".modal-title")).to_have_text(f"{SCRIPTS[0]} form"[:45])
    await expect(form.locator(".modal-label")).to_contain_text(SCRIPTS[2][:45])
    answer = f"{UNICODE[1]} {SCRIPTS[1]}"
    await form.locator(".modal-input").fill(answer)
    await form.get_by_role("button", name="Submit").click()
    await expect(message(alice, "form received")).to_be_visible()
    assert seen_since(bot, mark, "modal") == [("alice", where, "the-form", [answer])]

    asked = await general.send(poll=discord.Poll(question=SCRIPTS[3],
                                                 duration=datetime.timedelta(hours=1))
                               .add_answer(text=SCRIPTS[0]).add_answer(text=UNICODE[3]))
    poll = alice.locator(f'article[data-message-id="{asked.id}"] .poll')
    await expect(poll.locator(".poll-question")).to_have_text(SCRIPTS[3])
    await poll.get_by_role("radio").nth(1).check()
    await poll.get_by_role("button", name="Vote").click()
    await expect(poll.locator(".poll-answer.mine")).to_contain_text(UNICODE[3])
    held = sb.state.message(where, asked.id).poll
    assert held is not None
    assert seen_since(bot, mark, "vote") == [(alice_id, where, 2)]

    await node.hover()
    await node.locator('button.quick-react[data-emoji="🎉"]').click()
    await expect(node.locator('button.reaction[data-emoji="🎉"] .reaction-count')).to_have_text("1")
    await node.locator('button.reaction[data-emoji="🎉"]').click()
    await expect(node.locator("button.reaction")).to_have_count(0)
    assert seen_since(bot, mark, "react") == [(alice_id, where, "🎉")]
    assert seen_since(bot, mark, "unreact") == [(alice_id, where, "🎉")]


# --- changes while the page is open ---------------------------------------------------


async def test_edits_deletes_reactions_and_threads_arrive_live(
        alice: Page, shared_sandbox: Sandbox, bot: commands.Bot) -> None:
    sb = shared_sandbox
    rng = random.Random(7)
    await enter(alice, sb, "live")
    said = [await sb.send_message("bob", "live", f"live {n}") for n in range(12)]
    await expect(alice.locator(f'article[data-message-id="{said[-1].id}"]')).to_be_visible()
    gone = set(rng.sample(range(12), 4))
    edited = rng.sample(sorted(set(range(12)) - gone), 4)
    for n in edited:
        await sb.edit_message("bob", said[n], f"live {n} then **{UNICODE[n % 7]}**")
    for n in gone:
        await sb.delete_message("bob", said[n])
    kept = [n for n in range(12) if n not in gone]
    for n in kept[:3]:
        await sb.react("bob", said[n], "🌿")
        await sb.react("alice", said[n], "🌿")
    await sb.react("alice", said[kept[0]], "🌿", remove=True)
    general = channel_of(bot, sb, "live")
    quoted = await general.fetch_message(said[kept[1]].id)
    answer = await quoted.reply(f"a reply {SCRIPTS[2]}")
    forwarded = await quoted.forward(general)
    thread = await sb.start_thread("bob", "live", "Live thread", message=said[kept[2]].id)
    for n in range(3):
        await sb.send_message("alice", thread.id, f"in thread {n}")

    ids = [str(said[n].id) for n in kept]
    for n in gone:
        await expect(alice.locator(f'article[data-message-id="{said[n].id}"]')).to_have_count(0)
    for n in edited:
        content = alice.locator(f'article[data-message-id="{said[n].id}"] .message-content')
        await expect(content.locator("strong")).to_have_text(UNICODE[n % 7])
        await expect(content.locator(".edited")).to_have_count(1)
    order = await alice.locator("#messages article[data-message-id]").evaluate_all(
        "nodes => nodes.map((n) => n.dataset.messageId)")
    assert [i for i in order if i in ids] == ids
    counts = {n: alice.locator(f'article[data-message-id="{said[n].id}"] .reaction-count')
              for n in kept[:3]}
    await expect(counts[kept[0]]).to_have_text("1")
    await expect(counts[kept[1]]).to_have_text("2")
    for n, who in ((kept[0], {"bob"}), (kept[1], {"bob", "alice"})):
        users = sb.state.reaction_users(said[n].id, Emoji(name="🌿"))
        assert {u.username for u in users} == who
    reply = alice.locator(f'article[data-message-id="{answer.id}"]')
    await expect(reply.locator(".reply-context")).to_contain_text(f"live {kept[1]}")
    await expect(reply.locator(".message-content")).to_have_text(f"a reply {SCRIPTS[2]}")
    await expect(alice.locator(f'article[data-message-id="{forwarded.id}"] .forwarded')
                 ).to_contain_text(f"live {kept[1]}")
    preview = alice.locator(f'article[data-message-id="{said[kept[2]].id}"] .thread-preview')
    await expect(preview).to_contain_text("Live thread")
    await expect(preview.locator(".thread-count")).to_have_text(re.compile(r"^3 Messages\b"))


async def test_a_burst_of_hundreds_keeps_its_order(alice: Page, shared_sandbox: Sandbox,
                                                  bot: commands.Bot) -> None:
    sb = shared_sandbox
    general = channel_of(bot, sb, "burst")
    await enter(alice, sb, "burst")
    rng = random.Random(99)
    long_text = "".join(rng.choice("abc def ghi ") for _ in range(1994))
    big = await general.send(f"long {long_text}z")  # Discord's most for a bot: 2000
    await count_redraws(alice, "message-list")
    # People are not rate limited. The bot's sends stay under its bucket's five (with
    # `big`): discord.py waits out a bucket it has emptied before its send returns.
    people = [await sb.send_message(rng.choice(["alice", "bob"]), "burst",
                                    f"burst {n} {rng.choice(UNICODE)}") for n in range(300)]
    bots = [await general.send(f"bot burst {n}") for n in range(3)]
    await expect(alice.locator(f'article[data-message-id="{bots[-1].id}"]')).to_be_visible()
    # Redrawn a few times a frame at most, not once a message (which took seconds).
    drawn = (await redraws(alice))["message-list"]
    assert drawn < len(people) // 2, f"{drawn} redraws for {len(people)} messages"
    held = [m for m in sb.messages("burst") if m.id >= big.id]
    order = await alice.locator("#messages article[data-message-id]").evaluate_all(
        "nodes => nodes.map((n) => [n.dataset.messageId, "
        "n.querySelector('.message-content')?.textContent ?? ''])")
    shown = [(int(i), text) for i, text in order if int(i) >= big.id]
    assert [i for i, _ in shown] == [m.id for m in held]
    assert [text for _, text in shown] == [m.content for m in held]
    assert len(held) == 1 + len(people) + len(bots)
    assert len(shown[0][1]) == 2000


async def test_a_burst_in_another_channel_is_counted_on_it(alice: Page,
                                                           shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "burst")
    elsewhere = sb.channel("elsewhere").id
    alice_id = sb.user("alice").id
    await count_redraws(alice, "channels")
    rng = random.Random(7)
    pings = 0
    for n in range(300):
        ping = rng.random() < 0.1
        pings += ping
        await sb.send_message("bob", "elsewhere",
                              f"<@{alice_id}> over here {n}" if ping else f"elsewhere {n}")
    item = alice.locator(f'#channels .channel[data-channel-id="{elsewhere}"]')
    # What the last message left: the channel unread, every ping counted.
    await expect(item.locator(".mention-badge")).to_have_text(str(pings))
    await expect(item).to_have_class(re.compile(r"\bunread\b"))
    # Drawn a few times a frame at most, not once a message.
    draws = (await redraws(alice))["channels"]
    assert draws < 300 // 2, f"{draws} redraws of the channel list for 300 messages"


async def test_a_burst_of_changes_to_people_is_drawn_a_few_times(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "burst")
    bob = sb.user("bob").id
    said = await sb.send_message("bob", "burst", "who am I now?")
    author = alice.locator(f'article[data-message-id="{said.id}"]')
    await expect(author).to_be_visible()
    await count_redraws(alice, "message-list", "members", "channels")
    changes = 120
    try:
        for n in range(changes):  # a bot renaming someone again and again
            sb.state.update_member(sb.guild.id, bob, nick=f"bob the {n}")
        for n in range(changes):
            await sb.set_presence("bob", ("online", "idle", "dnd")[n % 3])
        # What the last change left, on the message and in the member list.
        last = f"bob the {changes - 1}"
        await expect(author).to_contain_text(last)
        member = alice.locator(f'#members .member[data-user-id="{bob}"]')
        await expect(member).to_contain_text(last)
        await expect(member.locator(".status")).to_have_attribute("data-status", "dnd")
        draws = await redraws(alice)
        # A few redraws a frame at most, not one (of the whole page) a change.
        assert all(count < changes // 2 for count in draws.values()), draws
    finally:
        sb.state.update_member(sb.guild.id, bob, nick=None)
        await sb.set_presence("bob", "online")
        await expect(author).not_to_contain_text("bob the")


async def test_a_reply_shows_its_original_as_edited_then_deleted(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    original = await sb.send_message("bob", "live", "the first word")
    replies = [await sb.send_message(who, "live", f"answer {n}", reply_to=original)
               for n, who in enumerate(("alice", "bob"))]
    contexts = [alice.locator(f'article[data-message-id="{r.id}"] .reply-context')
                for r in replies]
    for context in contexts:
        await expect(context).to_contain_text("the first word")
    await sb.edit_message("bob", original, "the second word")
    for context in contexts:  # as Discord's client, the line above shows it as it is now
        await expect(context).to_contain_text("the second word")
    await sb.delete_message("bob", original)
    for context in contexts:
        await expect(context).to_have_text("Original message was deleted")


async def test_emoji_count_as_they_show_for_the_large_size(alice: Page,
                                                           shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    family, flag = "👩\u200d👩\u200d👧", "\U0001f1eb\U0001f1f7"
    shown = {}
    for text in (" ".join([family] * 12), flag, " ".join([flag, "👍🏽"] * 15), "🌱" * 31):
        said = await sb.send_message("bob", "live", text)
        node = alice.locator(f'article[data-message-id="{said.id}"] .message-content')
        await expect(node).to_have_count(1)
        shown[text] = await node.locator(".md-jumbo").count()
    # A family or a flag is one emoji, as on Discord: 30 of them still show large.
    assert list(shown.values()) == [1, 1, 1, 0]


async def test_a_threads_count_leaves_out_deleted_messages(alice: Page,
                                                           shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    start = await sb.send_message("bob", "live", "a thread to thin out")
    thread = await sb.start_thread("bob", "live", "Thinned", message=start.id)
    said = [await sb.send_message("bob", thread.id, f"thin {n}") for n in range(4)]
    count = alice.locator(f'article[data-message-id="{start.id}"] .thread-count')
    await expect(count).to_have_text(re.compile(r"^4 Messages"))
    await sb.delete_message("bob", said[0])
    await sb.delete_message("alice", said[2])  # a moderator's deletion counts the same
    held = sb.state.channel(thread.id).message_count
    await expect(count).to_have_text(re.compile(rf"^{held} Messages"))
    assert held == 2


async def test_inline_code_of_two_backticks_holds_one(alice: Page,
                                                      shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    said = await sb.send_message("bob", "live",
                                 "run ``say `hi` **now**`` then `` `x` `` and `a\nb`")
    codes = alice.locator(f'article[data-message-id="{said.id}"] code.md-code')
    await expect(codes).to_have_text(["say `hi` **now**", "`x`", "a b"])
    assert await codes.nth(1).text_content() == "`x`"


async def test_a_long_history_is_read_back_to_its_first_message(alice: Page,
                                                                shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    quiet = sb.state.create_channel(sb.guild.id, "quiet")
    said = [await sb.send_message(("alice", "bob")[n % 2], quiet.id, f"old {n}")
            for n in range(250)]
    await enter(alice, sb, "quiet")  # opened after all of it was said
    shown = alice.locator("#message-list article[data-message-id]")
    await expect(shown.last).to_have_attribute("data-message-id", str(said[-1].id))
    scroller = alice.locator("#messages")
    await scroller.hover()
    for _ in range(20):  # as a reader does: scroll up until the channel's first message
        if await alice.locator(f'article[data-message-id="{said[0].id}"]').count():
            break
        await alice.mouse.wheel(0, -20_000)
        await alice.wait_for_timeout(150)
    ids = await shown.evaluate_all("nodes => nodes.map((n) => n.dataset.messageId)")
    assert ids == [str(m.id) for m in sb.messages("quiet")]
    assert ids == [str(m.id) for m in said]
    # Reading back is not news: no "new messages" bar.
    await expect(alice.locator("#jump-bar")).not_to_contain_text("new message")


async def test_what_alice_says_in_a_thread_and_a_dm_reaches_the_bot_there(
        alice: Page, shared_sandbox: Sandbox, bot: commands.Bot) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "acts")
    start = await sb.send_message("bob", "acts", "a thread to talk in")
    thread = await sb.start_thread("bob", "acts", "Talk", message=start.id)
    await alice.locator(f'#channels .channel[data-channel-id="{thread.id}"]').click()
    await expect(alice.locator("#channel-name")).to_have_text("Talk")
    mark = len(bot.seen)  # type: ignore[attr-defined]
    await say(alice, "said in the thread")
    await expect(message(alice, "said in the thread")).to_be_visible()
    asked = await (await bot.fetch_channel(thread.id)).send("pick", view=rich_view())  # type: ignore[union-attr]
    await alice.locator(f'article[data-message-id="{asked.id}"] button[data-custom-id="b0"]'
                        ).click()
    await expect(message(alice, "got b0 None")).to_be_visible()
    await alice.locator(".channel.dm").click()
    # The DM is made on its first opening: said before it is open, it lands in the thread.
    await expect(alice.locator("#channel-name")).to_have_text(sb.bot_user.username)
    await say(alice, "said in the dm")
    await expect(message(alice, "said in the dm")).to_be_visible()
    dm = sb.state.dm_channel(sb.user("alice").id).id
    assert seen_since(bot, mark, "message") == [("alice", thread.id, "said in the thread"),
                                                ("alice", dm, "said in the dm")]
    assert seen_since(bot, mark, "component") == [("alice", thread.id, "b0", None)]


async def test_generated_reactions_are_counted_as_the_sandbox_counts_them(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    rng = random.Random(5)
    await enter(alice, sb, "live")
    for name in ("carol", "dave"):
        await sb.join(name)
    people = ["alice", "bob", "carol", "dave"]
    emoji = ["🌿", "🔥", "👩\u200d👩\u200d👧", "🇫🇷", "👍🏽"]
    said = [await sb.send_message("bob", "live", f"react to {n}") for n in range(5)]
    mine: set[tuple[int, str, str]] = set()
    for _ in range(120):
        target, who, face = rng.randrange(5), rng.choice(people), rng.choice(emoji)
        key = (target, who, face)
        await sb.react(who, said[target], face, remove=key in mine)
        mine ^= {key}
    # The feed keeps its order: once this shows, every reaction before it has too.
    last = await sb.send_message("bob", "live", "reactions done")
    await expect(alice.locator(f'article[data-message-id="{last.id}"]')).to_be_visible()
    for n, sent in enumerate(said):
        held = {face: len(sb.state.reaction_users(sent.id, Emoji(name=face))) for face in emoji}
        wanted = {face: str(count) for face, count in held.items() if count}
        assert wanted == {face: str(sum(1 for t, _, f in mine if (t, f) == (n, face)))
                          for face in emoji if any((t, f) == (n, face) for t, _, f in mine)}
        pills = alice.locator(f'article[data-message-id="{sent.id}"] button.reaction')
        await expect(pills).to_have_count(len(wanted))
        shown = await pills.evaluate_all(
            "nodes => nodes.map((n) => [n.dataset.emoji, n.querySelector('.reaction-count')"
            ".textContent, n.getAttribute('aria-pressed')])")
        assert {face: count for face, count, _ in shown} == wanted
        assert {face for face, _, pressed in shown if pressed == "true"} == {
            f for t, w, f in mine if t == n and w == "alice"}


async def test_the_longest_texts_stay_inside_their_boxes(
        alice: Page, shared_sandbox: Sandbox, bot: commands.Bot) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "rich")
    rich = channel_of(bot, sb, "rich")
    word = "w" * 250  # one unbroken word, as long as a title may be
    card = discord.Embed(title=word, description=word * 8, url="https://example.com/t")
    card.set_author(name=word).set_footer(text=word * 4)
    card.add_field(name=word, value=word * 4).add_field(name=word, value=word, inline=True)
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="L" * 80, custom_id="long"))
    view.add_item(discord.ui.Select(custom_id="long-pick", placeholder="P" * 150, options=[
        discord.SelectOption(label="o" * 100, value="1", description="d" * 100)]))
    said = await rich.send(embed=card, view=view)
    asked = discord.Poll(question="q" * 300, duration=datetime.timedelta(hours=1))
    await rich.send(poll=asked.add_answer(text="a" * 55).add_answer(text="b" * 55))
    laid = discord.ui.LayoutView()
    laid.add_item(discord.ui.Container(discord.ui.TextDisplay("t" * 1000), discord.ui.Section(
        discord.ui.TextDisplay("s" * 500),
        accessory=discord.ui.Button(label="B" * 80, custom_id="long-accessory"))))
    laid_out = await rich.send(view=laid)
    await (await rich.fetch_message(said.id)).create_thread(name="n" * 100)
    await expect(alice.locator(f'article[data-message-id="{laid_out.id}"]')).to_have_count(1)
    node = alice.locator(f'article[data-message-id="{said.id}"]')
    await expect(node.locator(".thread-preview")).to_have_count(1)
    await node.locator(".select-toggle").click()
    boxes = (".embed, .button, .select-toggle, .select-options, .poll, .component-container, "
             ".thread-preview, .channel, article.message")
    sticking = await alice.evaluate(STICKING_OUT, boxes)
    assert sticking == [], sticking
    # The whole label is still there to read (and hovered, shown: its title).
    await expect(node.locator(".button")).to_have_text("L" * 80)
    await alice.keyboard.press("Escape")

    # Names as long as Discord takes: a channel's (and its topic), a person's.
    named = sb.state.create_channel(sb.guild.id, "c" * 100, topic="T" * 1024)
    joined = await sb.join("u" * 32)
    await sb.send_message(joined.user.id, named.id, "hello")
    await alice.locator(f'#channels .channel[data-channel-id="{named.id}"]').click()
    await expect(alice.locator("#channel-name")).to_have_text("c" * 100)
    await expect(alice.locator(f'#person-switcher [data-username="{"u" * 32}"]')).to_be_visible()
    boxes = ".chat-header, .person-switcher, .member, .channel, article.message"
    sticking = await alice.evaluate(STICKING_OUT, boxes)
    assert sticking == [], sticking
    await expect(alice.get_by_role("button", name="Pinned Messages", exact=True)
                 ).to_be_in_viewport()


async def test_a_burst_while_reading_older_messages_is_counted_exactly(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    reading = sb.state.create_channel(sb.guild.id, "reading")
    for n in range(60):
        await sb.send_message("bob", reading.id, f"before {n}")
    await enter(alice, sb, "reading")
    await alice.locator("#messages").hover()
    await alice.mouse.wheel(0, -1500)
    await expect(alice.locator("#jump-bar")).to_contain_text("viewing older messages")
    arrived = [await sb.send_message(("alice", "bob")[n % 3 == 0], reading.id, f"after {n}")
               for n in range(137)]
    await expect(alice.locator("#jump-bar .jump-text")).to_have_text("137 new messages")
    await alice.get_by_role("button", name="Jump to present").click()
    shown = alice.locator("#message-list article[data-message-id]")
    await expect(shown.last).to_have_attribute("data-message-id", str(arrived[-1].id))
    ids = await shown.evaluate_all("nodes => nodes.map((n) => n.dataset.messageId)")
    assert ids == [str(m.id) for m in sb.messages("reading")]


async def test_a_reply_to_a_message_deleted_meanwhile_is_called_off(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    said = await sb.send_message("bob", "live", "reply to me, quick")
    node = alice.locator(f'article[data-message-id="{said.id}"]')
    await node.hover()
    await node.get_by_role("button", name="Reply").click()
    await expect(alice.locator("#reply-bar")).to_be_visible()
    await sb.delete_message("bob", said)
    await expect(alice.locator("#reply-bar")).to_be_hidden()
    await say(alice, "my answer anyway")
    await expect(message(alice, "my answer anyway", author="alice")).to_be_visible()
    sent = sb.messages("live")[-1]
    assert (sent.content, sent.message_reference) == ("my answer anyway", UNSET)


async def test_the_open_channel_or_thread_deleted_leaves_for_another(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    doomed = sb.state.create_channel(sb.guild.id, "doomed")
    await enter(alice, sb, "doomed")
    sb.state.delete_channel(doomed.id)  # CHANNEL_DELETE
    await expect(alice.locator("#channel-name")).to_have_text("general")
    await expect(alice.locator(f'#channels .channel[data-channel-id="{doomed.id}"]')
                 ).to_have_count(0)
    await say(alice, "still talking")  # where the page now is: no Unknown Channel
    await expect(message(alice, "still talking", author="alice")).to_be_visible()
    assert sb.messages("general")[-1].content == "still talking"

    await enter(alice, sb, "live")
    start = await sb.send_message("bob", "live", "a thread to lose")
    thread = await sb.start_thread("bob", "live", "Short-lived", message=start.id)
    await alice.locator(f'#channels .channel[data-channel-id="{thread.id}"]').click()
    await expect(alice.locator("#channel-name")).to_have_text("Short-lived")
    sb.state.delete_channel(thread.id)  # THREAD_DELETE: back to its channel
    await expect(alice.locator("#channel-name")).to_have_text("live")


async def test_a_new_nick_renames_messages_already_shown(alice: Page,
                                                         shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    bob = sb.user("bob").id
    await sb.send_message("alice", "live", "who are you?")  # bob's answer heads a group
    said = await sb.send_message("bob", "live", f"I am <@{bob}>")
    reply = await sb.send_message("alice", "live", "hello you", reply_to=said)
    node = alice.locator(f'article[data-message-id="{said.id}"]')
    await expect(node.locator(".message-author")).to_have_text("Bob")
    sb.state.update_member(sb.guild.id, bob, nick="Robert")  # GUILD_MEMBER_UPDATE
    await expect(node.locator(".message-author")).to_have_text("Robert")
    await expect(node.locator(".md-mention")).to_have_text("@Robert")
    await expect(alice.locator(f'article[data-message-id="{reply.id}"] .reply-author')
                 ).to_have_text("@Robert")
    sb.state.update_member(sb.guild.id, bob, nick=None)
    await expect(node.locator(".message-author")).to_have_text("Bob")


async def test_a_renamed_role_renames_its_mentions_and_recolours_its_members(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    helpers = sb.state.create_role(sb.guild.id, name="Helpers")  # GUILD_ROLE_CREATE
    moderator = next(r for r in sb.state.guild_roles(sb.guild.id) if r.name == "Moderator")
    await sb.send_message("bob", "live", "who can help?")  # alice's answer heads a group
    said = await sb.send_message("alice", "live", f"ask a <@&{helpers.id}>")
    node = alice.locator(f'article[data-message-id="{said.id}"]')
    await expect(node.locator(".md-mention")).to_have_text("@Helpers")
    sb.state.update_role(sb.guild.id, helpers.id, name="Gardeners", color=0x00FF00)
    await expect(node.locator(".md-mention")).to_have_text("@Gardeners")
    await expect(node.locator(".md-mention")).to_have_css("color", "rgb(0, 255, 0)")
    # alice is a Moderator: her name takes its new colour.
    sb.state.update_role(sb.guild.id, moderator.id, color=0xFF0000)
    await expect(node.locator(".message-author")).to_have_css("color", "rgb(255, 0, 0)")
    sb.state.update_role(sb.guild.id, moderator.id, color=moderator.color)
    sb.state.delete_role(sb.guild.id, helpers.id)  # GUILD_ROLE_DELETE
    await expect(node.locator(".md-mention")).to_have_text("@deleted-role")


async def test_a_renamed_channel_renames_its_mentions(alice: Page,
                                                      shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    patch = sb.state.create_channel(sb.guild.id, "patch")
    said = await sb.send_message("bob", "live", f"see <#{patch.id}>")
    mention = alice.locator(f'article[data-message-id="{said.id}"] .md-mention')
    await expect(mention).to_have_text("#patch")
    sb.state.update_channel(patch.id, name="vegetable-patch")  # CHANNEL_UPDATE
    await expect(mention).to_have_text("#vegetable-patch")


async def test_script_in_names_is_shown_as_text(alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "live")
    joined = await sb.join(SCRIPTS[0][:32])
    role = sb.state.create_role(sb.guild.id, name=SCRIPTS[2])
    room = sb.state.create_channel(sb.guild.id, SCRIPTS[1][:100])
    said = await sb.send_message(joined.user.id, "live",
                                 f"<@{joined.user.id}> <@&{role.id}> <#{room.id}>")
    start = await sb.send_message("bob", "live", "a thread with a name")
    thread = await sb.start_thread("bob", "live", SCRIPTS[3][:100], message=start.id)
    node = alice.locator(f'article[data-message-id="{said.id}"]')
    await expect(node.locator(".message-author")).to_have_text(SCRIPTS[0][:32])
    await expect(node.locator(".md-mention")).to_have_text(
        [f"@{SCRIPTS[0][:32]}", f"@{SCRIPTS[2]}", f"#{SCRIPTS[1][:100]}"])
    await expect(alice.locator(f'#channels .channel[data-channel-id="{thread.id}"]')
                 ).to_have_text(re.compile(re.escape(SCRIPTS[3][:100])))
    await expect(alice.locator("#members .member").filter(has_text=SCRIPTS[0][:32])
                 ).to_have_count(1)
    # No element anywhere came from a name's markup.
    assert await alice.locator("[onerror], [onload], script:not([src]), iframe").count() == 0
    assert await alice.evaluate(TRAP) == 0


async def test_an_edit_of_a_message_not_read_yet_leaves_no_gap(alice: Page,
                                                               shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    attic = sb.state.create_channel(sb.guild.id, "attic")
    said = [await sb.send_message("bob", attic.id, f"attic {n}") for n in range(130)]
    await enter(alice, sb, "attic")  # the newest 100 are read
    shown = alice.locator("#message-list article[data-message-id]")
    await expect(shown.last).to_have_attribute("data-message-id", str(said[-1].id))
    await sb.edit_message("bob", said[0], "attic 0, dusted")  # not read yet
    await sb.react("alice", said[1], "🧹")
    marker = await sb.send_message("bob", attic.id, "after the edit")
    await expect(shown.last).to_have_attribute("data-message-id", str(marker.id))
    await alice.locator("#messages").hover()
    for _ in range(10):  # scroll up to the channel's first message
        if await shown.count() == len(said) + 1:
            break
        await alice.mouse.wheel(0, -20_000)
        await alice.wait_for_timeout(150)
    ids = await shown.evaluate_all("nodes => nodes.map((n) => n.dataset.messageId)")
    assert ids == [str(m.id) for m in sb.messages("attic")]
    await expect(shown.first.locator(".message-content")).to_contain_text("attic 0, dusted")
    await expect(shown.nth(1).locator("button.reaction")).to_have_attribute("aria-pressed", "true")


async def test_generated_traffic_in_two_channels_matches_the_sandbox(
        alice: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    rng = random.Random(1234)
    for name in ("east", "west"):
        sb.state.create_channel(sb.guild.id, name)
    await enter(alice, sb, "east")
    said: dict[str, list[Any]] = {"east": [], "west": []}
    for step in range(160):
        room = rng.choice(["east", "east", "west"])
        live = said[room]
        roll = rng.random()
        who = rng.choice(["alice", "bob"])
        if roll < 0.45 or not live:
            reply_to = rng.choice(live) if live and rng.random() < 0.3 else None
            live.append(await sb.send_message(who, room, f"{room} {step} {rng.choice(UNICODE)}",
                                              reply_to=reply_to))
        elif roll < 0.6:
            target = rng.choice(live)
            await sb.edit_message(target.author.username, target, f"{room} {step} edited")
        elif roll < 0.7:
            target = live.pop(rng.randrange(len(live)))
            await sb.delete_message("alice", target)  # a moderator may
        else:
            target = rng.choice(live)
            face = rng.choice(["🌿", "🔥", "🇫🇷"])
            mine = who in {u.username for u in sb.state.reaction_users(target.id,
                                                                       Emoji(name=face))}
            await sb.react(who, target, face, remove=mine)
        if step == 80:
            await enter(alice, sb, "west")  # half the traffic seen live, half read in
    for room in ("west", "east"):
        await enter(alice, sb, room)
        last = await sb.send_message("bob", room, f"{room} done")
        await expect(alice.locator(f'article[data-message-id="{last.id}"]')).to_be_visible()
        assert await alice.evaluate(SHOWN_STATE) == sandbox_state(sb, room)


async def test_changes_made_while_a_channels_history_comes_stay_made(
        alice: Page, shared_sandbox: Sandbox) -> None:
    # The page reads a channel's history; before the answer reaches it, messages of the
    # channel are edited and reacted to. The page shows those changes, not the older
    # copy the history carries (a CI run once saw an edit undone so, on a loaded machine).
    sb = shared_sandbox
    for name in ("north", "south"):
        sb.state.create_channel(sb.guild.id, name)
    await enter(alice, sb, "north")
    first = await sb.send_message("bob", "south", "south one")
    second = await sb.send_message("bob", "south", "south two")
    await sb.react("bob", second, "🌿")
    south = sb.channel("south").id
    read, release = asyncio.Event(), asyncio.Event()

    async def held_back(route: Route) -> None:
        if read.is_set():  # the first read only
            await route.continue_()
            return
        answer = await route.fetch()  # the history, as it is now
        read.set()
        await release.wait()
        await route.fulfill(response=answer)

    history = f"**/channels/{south}/messages?limit=*"
    await alice.route(history, held_back)
    try:
        await alice.locator(f'#channels .channel[data-channel-id="{south}"]').click()
        await asyncio.wait_for(read.wait(), 10)
        await sb.edit_message("bob", first, "south one edited")
        await sb.react("alice", first, "🔥")
        await sb.react("bob", second, "🌿", remove=True)
        await sb.edit_message("bob", second, "south two edited")  # the feed's last change
        last = alice.locator(f'article[data-message-id="{second.id}"] .message-content')
        await expect(last).to_contain_text("south two edited")
        # The history names 🌿 on the second message: who reacted is read next, and the
        # history is stored once that answer is in.
        async with alice.expect_response(lambda r: "/reactions/" in r.url) as reactors:
            release.set()
        await (await reactors.value).finished()
    finally:
        release.set()
        await alice.unroute(history, held_back)
    # The page's own timer runs after what that answer set going.
    await alice.evaluate("() => new Promise((done) => setTimeout(done, 500))")
    expected = sandbox_state(sb, "south")
    assert [m[1:3] for m in expected] == [["south one edited", {"🔥": 1}],
                                          ["south two edited", {}]]
    assert await alice.evaluate(SHOWN_STATE) == expected


async def test_a_layouts_file_tells_its_size_as_an_attachment_does(
        alice: Page, shared_sandbox: Sandbox, bot: commands.Bot) -> None:
    sb = shared_sandbox
    await enter(alice, sb, "links")
    links = channel_of(bot, sb, "links")
    data = bytes(5000)
    view = discord.ui.LayoutView()
    view.add_item(discord.ui.Container(discord.ui.File("attachment://log.bin")))
    laid = await links.send(view=view, file=discord.File(io.BytesIO(data), filename="log.bin"))
    plain = await links.send("the same", file=discord.File(io.BytesIO(data), filename="log.bin"))
    sizes = [alice.locator(f'article[data-message-id="{m.id}"] .file-size') for m in (laid, plain)]
    await expect(sizes[1]).to_have_text("4.9 KB")
    await expect(sizes[0]).to_have_text("4.9 KB")
