"""interactions.py bots using more of what it offers, driven by people on the sandbox.

A sweep past ``test_interactionspy``: every option type (choices, autocomplete, bounds,
channel types), a subcommand group, every select kind, followups and their edits,
deferred component answers, Tasks on other triggers, listeners for channels, threads,
roles and members, and the asyncio lessons of interactions.py's guide (gather,
timeouts, to_thread, locks and semaphores in handlers). Each test fails on anything
interactions.py logs at WARNING or above (``interactionspy_peer``).
"""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import interactions as ipy
import pytest
from interactions import events
from interactions.ext import hybrid_commands as hybrid
from interactions.ext import prefixed_commands as prefixed
from interactions.ext.paginators import Paginator

from tidecord.models.poll import PollAnswer, PollCreate, PollMedia
from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .interactionspy_peer import interactions_bot, quiet, until  # noqa: F401 - quiet: the fixture

pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False)]


@pytest.fixture
async def shed(sandbox: Sandbox) -> AsyncIterator[ipy.Client]:
    """A tool-shed bot: options of every type, a group, selects of every kind."""
    scopes: list[ipy.Snowflake_Type] = [sandbox.guild.id]

    def setup(bot: ipy.Client) -> None:
        @ipy.slash_command(name="measure", description="Measure things", scopes=scopes)
        @ipy.slash_option(name="tool", description="Which tool", required=True,
                          opt_type=ipy.OptionType.STRING, min_length=2, max_length=10,
                          choices=[ipy.SlashCommandChoice("Spade", "spade"),
                                   ipy.SlashCommandChoice("Rake", "rake")])
        @ipy.slash_option(name="count", description="How many", required=True,
                          opt_type=ipy.OptionType.INTEGER,
                          choices=[ipy.SlashCommandChoice("one", 1),
                                   ipy.SlashCommandChoice("two", 2)])
        @ipy.slash_option(name="length", description="Metres", opt_type=ipy.OptionType.NUMBER,
                          min_value=0.5, max_value=9.5)
        @ipy.slash_option(name="sharp", description="Sharp?", opt_type=ipy.OptionType.BOOLEAN)
        @ipy.slash_option(name="owner", description="Whose", opt_type=ipy.OptionType.MENTIONABLE)
        @ipy.slash_option(name="photo", description="A photo",
                          opt_type=ipy.OptionType.ATTACHMENT)
        @ipy.slash_option(name="shelf", description="Where", opt_type=ipy.OptionType.CHANNEL,
                          channel_types=[ipy.ChannelType.GUILD_TEXT])
        async def measure(ctx: ipy.SlashContext, tool: str, count: int, length: float = 0.0,
                          sharp: bool = False, owner: Any = None, photo: Any = None,
                          shelf: Any = None) -> None:
            whose = getattr(owner, "name", None) or getattr(owner, "username", None)
            await ctx.send(f"{count} {tool} {length:g}m sharp={sharp} owner={whose} "
                           f"photo={photo.filename if photo else None}/"
                           f"{photo.size if photo else 0} shelf={shelf.name if shelf else None}")

        @ipy.slash_command(name="shed", description="The shed", scopes=scopes,
                           group_name="door", group_description="The door",
                           sub_cmd_name="lock", sub_cmd_description="Lock it")
        @ipy.slash_option(name="code", description="The code", opt_type=ipy.OptionType.INTEGER,
                          required=True, min_value=1000, max_value=9999)
        async def lock(ctx: ipy.SlashContext, code: int) -> None:
            await ctx.send(f"Locked with {code}", ephemeral=True)
            await ctx.send("Locked for everyone")  # a followup, seen by all

        @ipy.slash_command(name="shed", description="The shed", scopes=scopes,
                           group_name="door", group_description="The door",
                           sub_cmd_name="paint", sub_cmd_description="Paint it")
        @ipy.slash_option(name="colour", description="Which", opt_type=ipy.OptionType.STRING,
                          required=True, autocomplete=True)
        async def paint(ctx: ipy.SlashContext, colour: str) -> None:
            await ctx.send(f"Painted {colour}")

        @paint.autocomplete("colour")
        async def colours(ctx: ipy.AutocompleteContext) -> None:
            await ctx.send([{"name": c.title(), "value": c} for c in ("green", "grey", "red")
                            if c.startswith(ctx.input_text)])

        @ipy.slash_command(name="sort", description="Sort the shed", scopes=scopes)
        async def sort(ctx: ipy.SlashContext) -> None:
            await ctx.send("Pick", components=[
                ipy.ActionRow(ipy.RoleSelectMenu(custom_id="roles", max_values=2)),
                ipy.ActionRow(ipy.ChannelSelectMenu(
                    custom_id="shelves", channel_types=[ipy.ChannelType.GUILD_TEXT])),
                ipy.ActionRow(ipy.MentionableSelectMenu(custom_id="whom", max_values=2)),
                ipy.ActionRow(ipy.Button(style=ipy.ButtonStyle.DANGER, label="Clear",
                                         custom_id="clear"),
                              ipy.Button(style=ipy.ButtonStyle.LINK, label="Docs",
                                         url="https://example.com/shed"))])

        @ipy.component_callback("roles")
        async def roles(ctx: ipy.ComponentContext) -> None:
            await ctx.send("Roles: " + ", ".join(sorted(r.name for r in ctx.values)))

        @ipy.component_callback("shelves")
        async def shelves(ctx: ipy.ComponentContext) -> None:
            await ctx.send("Shelf: " + ", ".join(c.name for c in ctx.values))

        @ipy.component_callback("whom")
        async def whom(ctx: ipy.ComponentContext) -> None:
            await ctx.send("Whom: " + ", ".join(sorted(
                getattr(v, "username", None) or v.name for v in ctx.values)))

        @ipy.component_callback("clear")
        async def clear(ctx: ipy.ComponentContext) -> None:
            await ctx.defer(edit_origin=True)
            await asyncio.sleep(0.05)
            await ctx.edit_origin(content="Cleared", components=[])
            await ctx.send("Cleared by " + ctx.author.username, ephemeral=True)

        for command in (measure, lock, paint, sort):
            bot.add_interaction(command)
        for callback in (roles, shelves, whom, clear):
            bot.add_component_callback(callback)

    async with interactions_bot(sandbox, setup) as bot:
        yield bot


async def test_options_of_every_type(sandbox: Sandbox, shed: ipy.Client) -> None:
    record = await sandbox.invoke_command("alice", "general", "measure", {
        "tool": "rake", "count": 2, "length": 1.5, "sharp": True, "owner": "Moderator",
        "photo": ("rake.png", b"\x89PNG rake"), "shelf": "ideas"})
    await record.wait_response()
    assert record.original is not None
    assert record.original.content == (
        "2 rake 1.5m sharp=True owner=Moderator photo=rake.png/9 shelf=ideas")
    record = await sandbox.invoke_command("bob", "general", "measure", {
        "tool": "spade", "count": 1, "owner": "alice"})
    await record.wait_response()
    assert record.original is not None
    assert record.original.content == (
        "1 spade 0m sharp=False owner=alice photo=None/0 shelf=None")


async def test_a_subcommand_group_autocomplete_and_followup(
        sandbox: Sandbox, shed: ipy.Client) -> None:
    typed = await sandbox.autocomplete("alice", "general", "shed",
                                       {"door": {"paint": {"colour": "gr"}}}, focused="colour")
    await typed.wait_response()
    assert typed.choices == [{"name": "Green", "value": "green"},
                             {"name": "Grey", "value": "grey"}]
    record = await sandbox.invoke_command("alice", "general", "shed",
                                          {"door": {"paint": {"colour": "green"}}})
    await record.wait_response()
    assert record.original is not None and record.original.content == "Painted green"
    record = await sandbox.invoke_command("alice", "general", "shed",
                                          {"door": {"lock": {"code": 1234}}})
    await record.wait_response()
    await until(lambda: record.followups)
    assert record.original is not None
    assert (record.original.content, record.original.flags.ephemeral) == (
        "Locked with 1234", True)
    assert record.followups[0].content == "Locked for everyone"
    assert not record.followups[0].flags.ephemeral


async def test_selects_of_every_kind_and_a_deferred_update(
        sandbox: Sandbox, shed: ipy.Client) -> None:
    record = await sandbox.invoke_command("alice", "general", "sort")
    await record.wait_response()
    picker = record.original
    assert picker is not None
    picked = await sandbox.click_button("bob", picker, "roles", values=["Moderator"])
    await picked.wait_response()
    assert picked.original is not None and picked.original.content == "Roles: Moderator"
    picked = await sandbox.click_button("bob", picker, "shelves", values=["ideas"])
    await picked.wait_response()
    assert picked.original is not None and picked.original.content == "Shelf: ideas"
    picked = await sandbox.click_button("bob", picker, "whom", values=["alice", "Moderator"])
    await picked.wait_response()
    assert picked.original is not None
    assert picked.original.content == "Whom: Moderator, alice"
    cleared = await sandbox.click_button("alice", picker, "clear")
    await cleared.wait_response()
    assert cleared.response_type == 6  # deferred update of the message
    await until(lambda: cleared.followups)
    message = sandbox.state.messages[picker.channel_id][picker.id]
    assert (message.content, message.components) == ("Cleared", [])
    assert cleared.followups[0].content == "Cleared by alice"


# A one-pixel green PNG: an emoji's image.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
       b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc`\xf8\xcf\x00\x00\x02\x02\x01\x00"
       b"{\t\x81x\x00\x00\x00\x00IEND\xaeB`\x82")


class Heard:
    """What a bot's listeners noted, and a way to wait for a note."""

    def __init__(self) -> None:
        self.notes: list[tuple[Any, ...]] = []

    def add(self, *note: Any) -> None:
        self.notes.append(note)

    async def wait(self, note: tuple[Any, ...]) -> None:
        try:
            await until(lambda: note in self.notes)
        except TimeoutError:
            raise AssertionError(f"never heard {note}: {self.notes}") from None


def listening(heard: Heard) -> Callable[[ipy.Client], None]:
    """Listeners for what people and the bot do to channels, threads, roles and members."""
    def setup(bot: ipy.Client) -> None:
        @ipy.listen(events.ChannelCreate)
        async def channel_made(event: events.ChannelCreate) -> None:
            heard.add("channel+", event.channel.name, type(event.channel).__name__)

        @ipy.listen(events.ChannelUpdate)
        async def channel_changed(event: events.ChannelUpdate) -> None:
            # (its before is the cache after the bot's own edit answered: that is as new)
            heard.add("channel~", event.after.name, getattr(event.after, "topic", None))

        @ipy.listen(events.ChannelDelete)
        async def channel_gone(event: events.ChannelDelete) -> None:
            heard.add("channel-", event.channel.name)

        @ipy.listen(events.ThreadCreate)
        async def thread_made(event: events.ThreadCreate) -> None:
            heard.add("thread+", event.thread.name, event.thread.parent_channel.name)

        @ipy.listen(events.ThreadUpdate)
        async def thread_changed(event: events.ThreadUpdate) -> None:
            heard.add("thread~", event.thread.name, event.thread.archived)

        @ipy.listen(events.ThreadDelete)
        async def thread_gone(event: events.ThreadDelete) -> None:
            heard.add("thread-", event.thread.name if event.thread else None)

        @ipy.listen(events.ThreadMembersUpdate)
        async def thread_people(event: events.ThreadMembersUpdate) -> None:
            heard.add("thread people", event.member_count,
                      sorted(m.id for m in event.added_members))

        @ipy.listen(events.RoleCreate)
        async def role_made(event: events.RoleCreate) -> None:
            heard.add("role+", event.role.name, event.role.color.value)

        @ipy.listen(events.RoleUpdate)
        async def role_changed(event: events.RoleUpdate) -> None:
            heard.add("role~", event.before.name if event.before else None, event.after.name)

        @ipy.listen(events.RoleDelete)
        async def role_gone(event: events.RoleDelete) -> None:
            heard.add("role-", event.role.name if event.role else None)

        @ipy.listen(events.MemberUpdate)
        async def member_changed(event: events.MemberUpdate) -> None:
            heard.add("member~", event.after.username, event.after.nick,
                      sorted(r.name for r in event.after.roles))

        @ipy.listen(events.MemberRemove)
        async def member_gone(event: events.MemberRemove) -> None:
            heard.add("member-", event.member.username)

        @ipy.listen(events.BanCreate)
        async def banned(event: events.BanCreate) -> None:
            heard.add("ban", event.user.username)

        @ipy.listen(events.MessageReactionRemove)
        async def unreacted(event: events.MessageReactionRemove) -> None:
            heard.add("unreact", event.author.username, str(event.emoji))

        @ipy.listen(events.TypingStart)
        async def typing(event: events.TypingStart) -> None:
            heard.add("typing", event.author.username, event.channel.name)

        @ipy.listen(events.MessageDeleteBulk)
        async def swept(event: events.MessageDeleteBulk) -> None:
            heard.add("bulk", len(event.ids))

        @ipy.listen(events.PresenceUpdate)
        async def presence(event: events.PresenceUpdate) -> None:
            heard.add("presence", event.user.username, event.status)

        for listener in (channel_made, channel_changed, channel_gone, thread_made,
                         thread_changed, thread_gone, thread_people, role_made, role_changed,
                         role_gone, member_changed, member_gone, banned, unreacted, typing,
                         swept, presence):
            bot.add_listener(listener)
    return setup


# The default world, with a bot that may run the guild (make channels and roles, name,
# ban and tidy up after people).
KEEPER = World.from_dict({
    "users": ["alice", "bob"],
    "guilds": [{"name": "Sandbox", "owner": "alice", "bot_permissions": ["administrator"],
                "roles": [{"name": "Moderator", "permissions": ["kick_members"]}],
                "channels": [{"name": "general"}, {"name": "ideas"},
                             {"name": "Potting Shed", "type": 2}, {"name": "Porch", "type": 2},
                             {"name": "questions", "type": 15}, {"name": "news", "type": 5},
                             {"name": "Stage", "type": 13}],
                "members": [{"user": "alice", "roles": ["Moderator"]}, "bob"]}],
})


@pytest.mark.sandbox(world=KEEPER)
async def test_listeners_hear_channels_threads_and_roles(sandbox: Sandbox) -> None:
    heard = Heard()
    async with interactions_bot(sandbox, listening(heard)) as bot:
        guild = bot.get_guild(sandbox.guild.id)
        assert guild is not None
        shed = await guild.create_text_channel("shed", topic="Tools")
        await heard.wait(("channel+", "shed", "GuildText"))
        await shed.edit(topic="Tools and pots")
        await heard.wait(("channel~", "shed", "Tools and pots"))

        said = await sandbox.send_message("alice", "general", "who has the rake?")
        thread = await sandbox.start_thread("alice", "general", "rake talk", message=said)
        await heard.wait(("thread+", "rake talk", "general"))
        await sandbox.add_to_thread("alice", thread, "bob")
        await heard.wait(("thread people", 2, [sandbox.user("bob").id]))
        made = await bot.get_channel(sandbox.channel("general").id).create_thread(
            "bot thread", auto_archive_duration=60)
        await heard.wait(("thread+", "bot thread", "general"))
        await made.edit(archived=True)
        await heard.wait(("thread~", "bot thread", True))
        await made.delete()
        await heard.wait(("thread-", "bot thread"))
        await shed.delete()
        await heard.wait(("channel-", "shed"))

        role = await guild.create_role(name="Gardener", color=0x2E8B57)
        await heard.wait(("role+", "Gardener", 0x2E8B57))
        await role.edit(name="Head Gardener")
        await heard.wait(("role~", "Gardener", "Head Gardener"))
        await role.delete()
        await heard.wait(("role-", "Head Gardener"))


@pytest.mark.sandbox(world=KEEPER)
async def test_listeners_hear_members(sandbox: Sandbox) -> None:
    heard = Heard()
    async with interactions_bot(sandbox, listening(heard)) as bot:
        guild = bot.get_guild(sandbox.guild.id)
        assert guild is not None
        bob = await guild.fetch_member(sandbox.user("bob").id)
        assert bob is not None
        await bob.edit_nickname("Bobby")
        await heard.wait(("member~", "bob", "Bobby", []))
        moderator = next(r for r in guild.roles if r.name == "Moderator")
        await bob.add_role(moderator)
        await heard.wait(("member~", "bob", "Bobby", ["Moderator"]))

        said = await sandbox.send_message("alice", "general", "spades")
        await sandbox.react("bob", said, "🌱")
        await sandbox.react("bob", said, "🌱", remove=True)
        await heard.wait(("unreact", "bob", "🌱"))
        await sandbox.typing("alice", "general")
        await heard.wait(("typing", "alice", "general"))
        await sandbox.set_presence("alice", "idle")
        await heard.wait(("presence", "alice", "idle"))

        channel = bot.get_channel(sandbox.channel("general").id)
        first = await channel.send("one")
        second = await channel.send("two")
        await channel.delete_messages([first, second])
        await heard.wait(("bulk", 2))

        await sandbox.leave("bob")
        await heard.wait(("member-", "bob"))
        await guild.ban(sandbox.user("bob").id, reason="left the gate open")  # gone: by id
        await heard.wait(("ban", "bob"))


async def test_tasks_on_date_time_and_or_triggers(sandbox: Sandbox) -> None:
    general = sandbox.channel("general").id
    fired: list[str] = []

    def setup(bot: ipy.Client) -> None:
        soon = datetime.now() + timedelta(seconds=0.3)  # naive: as DateTrigger compares

        @ipy.Task.create(ipy.DateTrigger(soon))
        async def once() -> None:
            fired.append("once")
            await bot.get_channel(general).send("The gate opens")

        @ipy.Task.create(ipy.OrTrigger(ipy.IntervalTrigger(seconds=0.15),
                                       ipy.DateTrigger(soon + timedelta(seconds=5))))
        async def often() -> None:
            fired.append("often")
            if fired.count("often") == 2:
                often.stop()
                await bot.get_channel(general).send("Watered twice")

        @ipy.listen(events.Startup)
        async def on_startup() -> None:
            once.start()
            often.start()

        bot.add_listener(on_startup)

    async with interactions_bot(sandbox, setup):
        await until(lambda: "once" in fired and fired.count("often") == 2)
        await sandbox.wait_for_message(channel="general", author=sandbox.bot_user,
                                       check=lambda m: m.content == "Watered twice")
    assert sorted(m.content for m in sandbox.messages("general")[-2:]) == [
        "The gate opens", "Watered twice"]


async def test_the_guides_asyncio_lessons_in_handlers(sandbox: Sandbox) -> None:
    """gather, wait_for with a timeout, to_thread, a Lock and a Semaphore in commands."""
    scopes: list[ipy.Snowflake_Type] = [sandbox.guild.id]
    at_once = 0
    most_at_once = 0

    def setup(bot: ipy.Client) -> None:
        lock = asyncio.Lock()
        pumps = asyncio.Semaphore(2)
        tally: list[int] = []

        @ipy.slash_command(name="water", description="Water a bed", scopes=scopes)
        @ipy.slash_option(name="bed", description="Which", opt_type=ipy.OptionType.INTEGER,
                          required=True)
        async def water(ctx: ipy.SlashContext, bed: int) -> None:
            nonlocal at_once, most_at_once
            await ctx.defer()
            async with pumps:  # two pumps: at most two beds watered at once
                at_once += 1
                most_at_once = max(most_at_once, at_once)
                await asyncio.sleep(0.1)
                at_once -= 1
            async with lock:  # one ledger: each entry written whole
                tally.append(bed)
                await asyncio.sleep(0.01)
                written = len(tally)
            await ctx.send(f"Bed {bed} watered, entry {written}")

        @ipy.slash_command(name="chores", description="Do the chores", scopes=scopes)
        async def chores(ctx: ipy.SlashContext) -> None:
            async def weed() -> str:
                await asyncio.sleep(0.05)
                return "weeded"

            def count_seeds() -> int:
                return sum(range(10))  # blocking work, off the loop

            await ctx.defer(ephemeral=True)
            weeded, seeds = await asyncio.gather(weed(), asyncio.to_thread(count_seeds))
            await ctx.send(f"{weeded}, {seeds} seeds", ephemeral=True)

        @ipy.slash_command(name="ask", description="Ask a question", scopes=scopes)
        async def ask(ctx: ipy.SlashContext) -> None:
            await ctx.send("Which bed next? (you have a moment)")
            try:
                event = await bot.wait_for(
                    events.MessageCreate, timeout=2,
                    checks=lambda e: e.message.author.id == ctx.author.id)
            except TimeoutError:
                await ctx.send("Too slow")
                return
            await ctx.send(f"Bed {event.message.content} it is")
            try:
                await bot.wait_for(events.MessageCreate, timeout=0.2,
                                   checks=lambda e: e.message.content == "never")
            except TimeoutError:
                await ctx.send("Nobody said never")

        for command in (water, chores, ask):
            bot.add_interaction(command)

    async with interactions_bot(sandbox, setup):
        records = await asyncio.gather(*(
            sandbox.invoke_command("alice", "general", "water", {"bed": bed})
            for bed in (1, 2, 3, 4)))
        for record in records:
            await until(lambda record=record: record.original is not None
                        and "watered" in record.original.content)
        assert most_at_once == 2
        assert sorted(r.original.content.split(", ")[1] for r in records) == [
            "entry 1", "entry 2", "entry 3", "entry 4"]

        record = await sandbox.invoke_command("bob", "general", "chores")
        await until(lambda: record.original is not None and "seeds" in record.original.content)
        assert record.original.content == "weeded, 45 seeds"
        assert record.original.flags.ephemeral

        record = await sandbox.invoke_command("bob", "general", "ask")
        await record.wait_response()
        await sandbox.send_message("bob", "general", "3")
        await until(lambda: len(record.followups) == 2)
        assert [m.content for m in record.followups] == ["Bed 3 it is", "Nobody said never"]


async def test_waiting_for_a_component_and_answering_in_a_dm(sandbox: Sandbox) -> None:
    scopes: list[ipy.Snowflake_Type] = [sandbox.guild.id]

    def setup(bot: ipy.Client) -> None:
        @ipy.slash_command(name="gate", description="Open the gate", scopes=scopes)
        async def gate(ctx: ipy.SlashContext) -> None:
            button = ipy.Button(style=ipy.ButtonStyle.SUCCESS, label="Open", custom_id="open")
            message = await ctx.send("Open the gate?", components=button)
            try:
                used = await bot.wait_for_component(message, button, timeout=3)
            except TimeoutError:
                await ctx.edit(message, content="Gate stays shut", components=[])
                return
            await used.ctx.edit_origin(content=f"Opened by {used.ctx.author.username}",
                                       components=[])
            dm = await used.ctx.author.send("You opened the gate", files=[
                ipy.File(io.BytesIO(b"gate log"), "gate.txt")])
            await dm.add_reaction("🚪")

        bot.add_interaction(gate)

    async with interactions_bot(sandbox, setup):
        record = await sandbox.invoke_command("alice", "general", "gate")
        await record.wait_response()
        assert record.original is not None
        click = await sandbox.click_button("bob", record.original, "open")
        await click.wait_response()
        assert click.response_type == 7
        message = sandbox.state.messages[record.original.channel_id][record.original.id]
        assert (message.content, message.components) == ("Opened by bob", [])
        dm = await sandbox.wait_for_message(author=sandbox.bot_user,
                                            check=lambda m: m.content == "You opened the gate")
        assert [a.filename for a in dm.attachments] == ["gate.txt"]
        await until(lambda: sandbox.state.messages[dm.channel_id][dm.id].reactions)


async def test_sends_of_every_shape(sandbox: Sandbox) -> None:
    scopes: list[ipy.Snowflake_Type] = [sandbox.guild.id]

    def setup(bot: ipy.Client) -> None:
        @ipy.slash_command(name="post", description="Post a notice", scopes=scopes,
                           default_member_permissions=ipy.Permissions.MANAGE_MESSAGES,
                           nsfw=False)
        async def post(ctx: ipy.SlashContext) -> None:
            await ctx.send("<@&1> quietly", silent=True,
                           allowed_mentions=ipy.AllowedMentions.none())
            poll = ipy.Poll.create("Best tool?", duration=1, answers=["Spade", "Rake"])
            await ctx.send(poll=poll)
            notice = await ctx.channel.send("Notice", suppress_embeds=True)
            await notice.pin()
            await notice.reply("Read the notice", delete_after=0.2)
            thread = await notice.create_thread("notice talk")
            await thread.send("Ask here")
            history = [m.content async for m in ctx.channel.history(limit=5)]
            pins = await ctx.channel.fetch_pinned_messages()
            fetched = await ctx.channel.fetch_message(notice.id)
            await ctx.send(f"{len(history)} {[p.content for p in pins]} {fetched.content}",
                           ephemeral=True)
            await ctx.delete()  # the first answer

        bot.add_interaction(post)

    async with interactions_bot(sandbox, setup):
        record = await sandbox.invoke_command("alice", "general", "post")
        await record.wait_response()
        await until(lambda: len(record.followups) == 2)
        _, report = record.followups
        assert report.content == "5 ['Notice'] Notice"
        assert record.followups[0].poll is not None
        await until(lambda: all(m.content != "Read the notice"  # its delete_after
                                for m in sandbox.messages("general")))
        assert "<@&1> quietly" not in [m.content for m in sandbox.messages("general")]


@pytest.mark.sandbox(world=KEEPER)
async def test_listeners_hear_voice_polls_posts_and_guild_things(sandbox: Sandbox) -> None:
    heard = Heard()

    def setup(bot: ipy.Client) -> None:
        @ipy.listen(events.VoiceUserJoin)
        async def joined(event: events.VoiceUserJoin) -> None:
            heard.add("voice+", event.author.username, event.channel.name)

        @ipy.listen(events.VoiceUserMove)
        async def moved(event: events.VoiceUserMove) -> None:
            heard.add("voice>", event.author.username, event.previous_channel.name,
                      event.new_channel.name)

        @ipy.listen(events.VoiceUserMute)
        async def muted(event: events.VoiceUserMute) -> None:
            heard.add("mute", event.author.username, event.mute)

        @ipy.listen(events.VoiceUserLeave)
        async def left(event: events.VoiceUserLeave) -> None:
            heard.add("voice-", event.author.username, event.channel.name)

        @ipy.listen(events.MessagePollVoteAdd)
        async def voted(event: events.MessagePollVoteAdd) -> None:
            heard.add("vote", int(event.user_id) == sandbox.user("bob").id, event.answer_id)

        @ipy.listen(events.MessagePollVoteRemove)
        async def unvoted(event: events.MessagePollVoteRemove) -> None:
            heard.add("unvote", event.answer_id)

        @ipy.listen(events.NewThreadCreate)
        async def posted(event: events.NewThreadCreate) -> None:
            heard.add("post", event.thread.name, type(event.thread).__name__)

        @ipy.listen(events.ChannelPinsUpdate)
        async def pinned(event: events.ChannelPinsUpdate) -> None:
            heard.add("pins", event.channel.name)

        @ipy.listen(events.MessageReactionRemoveAll)
        async def cleared(event: events.MessageReactionRemoveAll) -> None:
            heard.add("reactions cleared", event.message.id)

        @ipy.listen(events.MessageReactionRemoveEmoji)
        async def cleared_one(event: events.MessageReactionRemoveEmoji) -> None:
            heard.add("emoji cleared", str(event.emoji))

        @ipy.listen(events.GuildUpdate)
        async def renamed(event: events.GuildUpdate) -> None:
            heard.add("guild~", event.after.name)

        @ipy.listen(events.InviteCreate)
        async def invited(event: events.InviteCreate) -> None:
            heard.add("invite", event.invite.max_uses)

        @ipy.listen(events.GuildEmojisUpdate)
        async def emojis(event: events.GuildEmojisUpdate) -> None:
            heard.add("emojis", sorted(e.name for e in event.after))

        @ipy.listen(events.GuildScheduledEventCreate)
        async def planned(event: events.GuildScheduledEventCreate) -> None:
            heard.add("event+", event.scheduled_event.name)

        @ipy.listen(events.GuildScheduledEventUserAdd)
        async def interested(event: events.GuildScheduledEventUserAdd) -> None:
            heard.add("interested", int(event.user_id))

        @ipy.listen(events.GuildAuditLogEntryCreate)
        async def audited(event: events.GuildAuditLogEntryCreate) -> None:
            heard.add("audit", int(event.audit_log_entry.action_type))

        for value in list(locals().values()):
            if isinstance(value, ipy.Listener):
                bot.add_listener(value)

    async with interactions_bot(sandbox, setup) as bot:
        guild = bot.get_guild(sandbox.guild.id)
        assert guild is not None
        await sandbox.join_voice("bob", "Potting Shed")
        await heard.wait(("voice+", "bob", "Potting Shed"))
        await sandbox.join_voice("bob", "Porch")
        await heard.wait(("voice>", "bob", "Potting Shed", "Porch"))
        await sandbox.leave_voice("bob")
        await heard.wait(("voice-", "bob", "Porch"))

        general = bot.get_channel(sandbox.channel("general").id)
        asked = await general.send(poll=ipy.Poll.create("Tea?", duration=1, answers=["Yes", "No"]))
        await sandbox.vote_poll("bob", asked.id, 1, channel="general")
        await heard.wait(("vote", True, 1))
        await sandbox.remove_poll_vote("bob", asked.id, channel="general")
        await heard.wait(("unvote", 1))

        await sandbox.create_post("alice", "questions", "Slugs?", "How do I stop slugs")
        await heard.wait(("post", "Slugs?", "GuildForumPost"))
        forum = bot.get_channel(sandbox.channel("questions").id)
        await forum.create_post("Rules", content="Be kind")
        await heard.wait(("post", "Rules", "GuildForumPost"))

        said = await sandbox.send_message("alice", "general", "pin me")
        message = await general.fetch_message(said.id)
        await message.pin()
        await heard.wait(("pins", "general"))
        await message.add_reaction("🌱")
        await message.add_reaction("🌼")
        await message.clear_reactions("🌼")
        await heard.wait(("emoji cleared", "🌼"))
        await message.clear_all_reactions()
        await heard.wait(("reactions cleared", said.id))

        await guild.edit(name="Allotment")
        await heard.wait(("guild~", "Allotment"))
        await general.create_invite(max_uses=3)
        await heard.wait(("invite", 3))
        # (WebhooksUpdate never reaches a listener, on Discord too: interactions.py's
        # processor is named for WEBHOOK_UPDATE, and Discord sends WEBHOOKS_UPDATE.)
        hook = await general.create_webhook("Postbox")
        await hook.send("From the postbox", username="Postie")
        await sandbox.wait_for_message(channel="general",
                                       check=lambda m: m.content == "From the postbox")
        await guild.create_custom_emoji("sprout", ipy.File(io.BytesIO(PNG), "sprout.png"))
        await heard.wait(("emojis", ["sprout"]))
        start = datetime.now().astimezone() + timedelta(days=1)
        planned = await guild.create_scheduled_event(
            "Seed swap", ipy.ScheduledEventType.EXTERNAL, start,
            end_time=start + timedelta(hours=2), external_location="The green")
        await heard.wait(("event+", "Seed swap"))
        await sandbox.interested("bob", int(planned.id))
        await heard.wait(("interested", sandbox.user("bob").id))
        await heard.wait(("audit", 1))  # the guild renamed


async def test_layouts_a_modal_over_a_message_and_localised_commands(sandbox: Sandbox) -> None:
    scopes: list[ipy.Snowflake_Type] = [sandbox.guild.id]

    def setup(bot: ipy.Client) -> None:
        @ipy.slash_command(name=ipy.LocalisedName(english_us="catalogue", french="catalogue"),
                           description=ipy.LocalisedDesc(english_us="Seed catalogue",
                                                         french="Catalogue de graines"),
                           scopes=scopes)
        @ipy.auto_defer(time_until_defer=0.0)
        async def catalogue(ctx: ipy.SlashContext) -> None:
            await ctx.send(components=[ipy.ContainerComponent(
                ipy.TextDisplayComponent("# Seeds"),
                ipy.SeparatorComponent(divider=True),
                ipy.SectionComponent(
                    components=[ipy.TextDisplayComponent("Tomato, 2 per packet")],
                    accessory=ipy.Button(style=ipy.ButtonStyle.PRIMARY, label="Order",
                                         custom_id="order")),
                ipy.MediaGalleryComponent(["https://example.com/tomato.png"]),
                ipy.ActionRow(ipy.StringSelectMenu(
                    ipy.StringSelectOption(label="Small", value="s"),
                    ipy.StringSelectOption(label="Large", value="l", default=True),
                    custom_id="size")),
                accent_color=0x2E8B57)])

        @ipy.component_callback("order")
        async def order(ctx: ipy.ComponentContext) -> None:
            await ctx.send_modal(ipy.Modal(
                ipy.ShortText(label="How many packets", custom_id="packets", min_length=1,
                              max_length=2, value="1"),
                title="Order", custom_id="order_form"))

        @ipy.modal_callback("order_form")
        async def ordered(ctx: ipy.ModalContext, packets: str) -> None:
            # (a modal's edit defers as an update, then edits the message it came from)
            await ctx.edit(ctx.message_id, components=[ipy.ContainerComponent(
                ipy.TextDisplayComponent(f"Ordered {packets} packets"))])

        bot.add_interaction(catalogue)
        bot.add_component_callback(order)
        bot.add_modal_callback(ordered)

    async with interactions_bot(sandbox, setup):
        (command,) = [c for c in sandbox.state.commands.values() if c.name == "catalogue"]
        assert command.description_localizations == {"fr": "Catalogue de graines"}
        record = await sandbox.invoke_command("alice", "general", "catalogue")
        await record.wait_response()
        assert record.response_type == 5  # deferred by AutoDefer
        await until(lambda: record.original is not None and record.original.components)
        card = record.original
        assert card is not None and card.flags.value & 1 << 15  # IS_COMPONENTS_V2
        click = await sandbox.click_button("bob", card, "order")
        await click.wait_response()
        submitted = await sandbox.submit_modal("bob", click, {"packets": "12"})
        await submitted.wait_response()
        assert submitted.response_type == 6
        await until(lambda: sandbox.state.messages[card.channel_id][card.id].components[0]
                    .components[0].content != "# Seeds")
        message = sandbox.state.messages[card.channel_id][card.id]
        assert message.components[0].components[0].content == "Ordered 12 packets"


async def test_a_user_installed_command_in_a_dm_between_people(sandbox: Sandbox) -> None:
    def setup(bot: ipy.Client) -> None:
        @ipy.slash_command(name="remind", description="Remind me",
                           integration_types=[ipy.IntegrationType.USER_INSTALL],
                           contexts=[ipy.ContextType.GUILD, ipy.ContextType.BOT_DM,
                                     ipy.ContextType.PRIVATE_CHANNEL])
        @ipy.slash_option(name="what", description="What", opt_type=ipy.OptionType.STRING,
                          required=True)
        async def remind(ctx: ipy.SlashContext, what: str) -> None:
            owners = {int(k): int(v) for k, v in ctx.authorizing_integration_owners.items()}
            where = ctx.context.name if ctx.context is not None else None
            await ctx.send(f"Reminder: {what} ({where}, {owners})", ephemeral=True)
            await ctx.send("And a note for the room")

        bot.add_interaction(remind)

    async with interactions_bot(sandbox, setup):
        sandbox.install_app_for("alice")
        dm = sandbox.dm_between("alice", "bob")
        record = await sandbox.invoke_command("alice", dm.id, "remind", {"what": "water"})
        await record.wait_response()
        await until(lambda: record.followups)
        alice = sandbox.user("alice").id
        assert record.original is not None
        assert record.original.content == f"Reminder: water (PRIVATE_CHANNEL, {{1: {alice}}})"
        assert record.followups[0].content == "And a note for the room"


@pytest.mark.sandbox(world=KEEPER)
async def test_members_chunked_and_moderation_and_stages(sandbox: Sandbox) -> None:
    heard = Heard()

    def setup(bot: ipy.Client) -> None:
        @ipy.listen(events.AutoModCreated)
        async def rule(event: events.AutoModCreated) -> None:
            heard.add("automod", event.rule.name)

        @ipy.listen(events.AutoModExec)
        async def caught(event: events.AutoModExec) -> None:
            heard.add("caught", event.execution.matched_keyword)

        @ipy.listen(events.ThreadMembersUpdate)  # (its ThreadMemberUpdate: never sent)
        async def me_in_thread(event: events.ThreadMembersUpdate) -> None:
            if any(m.id == bot.user.id for m in event.added_members):
                heard.add("joined thread", event.channel.name)

        @ipy.listen(events.BanRemove)
        async def unbanned(event: events.BanRemove) -> None:
            heard.add("unban", event.user.username)

        for listener in (rule, caught, me_in_thread, unbanned):
            bot.add_listener(listener)

    async with interactions_bot(sandbox, setup) as bot:
        guild = bot.get_guild(sandbox.guild.id)
        assert guild is not None
        # op 8, answered by chunks it reads itself (its GuildMembersChunk event is
        # never dispatched, on Discord too); it waits until the last has been read
        await asyncio.wait_for(guild.gateway_chunk(presences=True), 5)
        await guild.http_chunk()  # GET /guilds/{id}/members, page by page
        assert sorted(m.username for m in guild.members) == ["SandboxBot", "alice", "bob"]
        assert guild.chunked.is_set()
        # (Guild.create_auto_moderation_rule cannot: it puts its client's logger in
        # the JSON body, on Discord too; its HTTP call takes the rule as Discord does)
        await bot.http.create_auto_moderation_rule(guild.id, {  # type: ignore[arg-type]
            "name": "No slugs", "event_type": 1, "trigger_type": 1,
            "trigger_metadata": {"keyword_filter": ["slug"]},
            "actions": [{"type": 1}], "enabled": True})
        await heard.wait(("automod", "No slugs"))
        with pytest.raises(Exception):  # noqa: B017 - the person's message is blocked
            await sandbox.send_message("bob", "general", "a slug ate it")
        await heard.wait(("caught", "slug"))

        said = await sandbox.send_message("alice", "general", "thread?")
        started = await sandbox.start_thread("alice", "general", "alice's thread", message=said)
        thread = await until(lambda: bot.get_channel(started.id))
        await thread.join()
        await heard.wait(("joined thread", "alice's thread"))
        members = await thread.fetch_members()
        assert sorted(int(m._user_id) for m in members) == sorted(  # (its id: the thread)
            [bot.user.id, sandbox.user("alice").id])
        await guild.ban(sandbox.user("bob").id)
        await guild.unban(sandbox.user("bob").id)
        await heard.wait(("unban", "bob"))
        bans = await guild.fetch_bans()
        assert bans == []


@pytest.mark.sandbox(world=KEEPER)
async def test_commands_used_in_every_kind_of_channel(sandbox: Sandbox) -> None:
    def setup(bot: ipy.Client) -> None:
        @ipy.slash_command(name="here", description="Where is this",
                           scopes=[sandbox.guild.id])
        async def here(ctx: ipy.SlashContext) -> None:
            reply = await ctx.send("looking", file=ipy.File(io.BytesIO(b"first"), "first.txt"))
            await ctx.edit(reply, content=type(ctx.channel).__name__,
                           file=ipy.File(io.BytesIO(b"2nd"), "second.txt"))
            note = await ctx.send("an aside", ephemeral=True)
            await ctx.edit(note, content="an edited aside")
            await ctx.delete(note)

        @ipy.context_menu(name="Who", context_type=ipy.CommandType.USER)
        async def who(ctx: ipy.ContextMenuContext) -> None:
            target: Any = ctx.target
            await ctx.send(f"{type(target).__name__} {target.username}")

        bot.add_interaction(here)
        bot.add_interaction(who)

    async with interactions_bot(sandbox, setup):
        said = await sandbox.send_message("alice", "general", "a thread here")
        thread = await sandbox.start_thread("alice", "general", "side", message=said)
        post, _ = await sandbox.create_post("alice", "questions", "Aphids?", "Help")
        await sandbox.join_voice("alice", "Potting Shed")
        expected = {"general": "GuildText", "news": "GuildNews", "Potting Shed": "GuildVoice",
                    "Stage": "GuildStageVoice", thread.id: "GuildPublicThread",
                    post.id: "GuildForumPost"}
        for where, kind in expected.items():
            record = await sandbox.invoke_command("alice", where, "here")
            await record.wait_response()
            await until(lambda record=record, kind=kind: record.original is not None
                        and record.original.content == kind and not record.followups)
            assert [a.filename for a in record.original.attachments] == ["second.txt"], kind
        dm = await sandbox.send_dm("bob", "hi")
        record = await sandbox.invoke_command("bob", dm.channel_id, "Who", target="alice")
        await record.wait_response()
        assert record.original is not None and record.original.content == "User alice"
        record = await sandbox.invoke_command("bob", "general", "Who", target="alice")
        await record.wait_response()
        assert record.original is not None and record.original.content == "Member alice"


@pytest.mark.sandbox(world=KEEPER)
async def test_a_stickers_fields_in_payload_json(api: Api, sandbox: Sandbox) -> None:
    # interactions.py's Guild.create_custom_sticker sends a sticker's name, tags and
    # description in payload_json, as Discord reads them on this route too (its docs:
    # non-file parameters may come in payload_json). The sandbox read only form fields,
    # and refused the upload: "name: This field is required".
    boundary = uuid.uuid4().hex
    fields = json.dumps({"name": "leaf", "tags": "herb", "description": "a green leaf"})
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="payload_json"\r\n'
            f"Content-Type: application/json\r\n\r\n{fields}\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="leaf.png"'
            f"\r\nContent-Type: image/png\r\n\r\n").encode() + PNG + \
        f"\r\n--{boundary}--\r\n".encode()
    status, made, _ = await api.call(
        "POST", f"/guilds/{sandbox.guild.id}/stickers", raw=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 200, made
    assert (made["name"], made["tags"], made["description"]) == ("leaf", "herb", "a green leaf")


STICKERED = World.from_dict({
    "users": ["alice", "bob"],
    "guilds": [{"name": "Sandbox", "owner": "alice", "channels": [{"name": "general"}],
                "stickers": ["wave"], "members": ["alice", "bob"]}],
})


@pytest.mark.sandbox(world=STICKERED)
async def test_its_extensions_prefixed_commands_a_paginator_and_a_quoted_message(
        sandbox: Sandbox) -> None:
    scopes: list[ipy.Snowflake_Type] = [sandbox.guild.id]

    def setup(bot: ipy.Client) -> None:
        prefixed.setup(bot, default_prefix="!")
        hybrid.setup(bot)

        # (unannotated: it reads this module's annotations, strings here, as converters)
        @prefixed.prefixed_command(name="grow")
        async def grow(ctx, plant, days="3"):  # type: ignore[no-untyped-def]
            await ctx.reply(f"{plant} in {int(days)} days")

        @hybrid.hybrid_slash_command(name="sow", description="Sow a seed", scopes=scopes)
        @ipy.slash_option(name="seed", description="Which", opt_type=ipy.OptionType.STRING,
                          required=True)
        async def sow(ctx: hybrid.HybridContext, seed: str) -> None:
            await ctx.send(f"Sown {seed}")

        @ipy.slash_command(name="almanac", description="Leaf through it", scopes=scopes)
        async def almanac(ctx: ipy.SlashContext) -> None:
            await Paginator.create_from_list(bot, ["sow", "water", "reap"], page_size=6).send(ctx)

        @ipy.context_menu(name="Quote", context_type=ipy.CommandType.MESSAGE, scopes=scopes)
        async def quote(ctx: ipy.ContextMenuContext) -> None:
            target: Any = ctx.target
            sticker = target.sticker_items[0].name if target.sticker_items else None
            replied = target.get_referenced_message()
            await ctx.send(f"{target.content} {sticker} "
                           f"{target.poll.question.text if target.poll else None} "
                           f"re {replied.content if replied else None}")

        class Shed(ipy.Extension):
            @ipy.slash_command(name="inventory", description="What is in the shed",
                               scopes=scopes)
            async def inventory(self, ctx: ipy.SlashContext) -> None:
                await ctx.send("A spade and a rake")

        bot.add_command(grow)
        for command in (sow, almanac, quote):
            bot.add_interaction(command)
        Shed(bot)

    async with interactions_bot(sandbox, setup):
        said = await sandbox.send_message("alice", "general", "!grow tomato 5")
        reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user)
        assert reply.content == "tomato in 5 days"
        assert getattr(reply.message_reference, "message_id", None) == said.id
        record = await sandbox.invoke_command("alice", "general", "sow", {"seed": "peas"})
        await record.wait_response()
        assert record.original is not None and record.original.content == "Sown peas"
        record = await sandbox.invoke_command("alice", "general", "inventory")
        await record.wait_response()
        assert record.original is not None and record.original.content == "A spade and a rake"

        record = await sandbox.invoke_command("alice", "general", "almanac")
        await record.wait_response()
        book = record.original
        assert book is not None and str(book.embeds[0].description).split() == ["sow"]
        turn = next(c.custom_id for c in book.components[0].components  # type: ignore[union-attr]
                    if str(c.custom_id).endswith("|next"))  # type: ignore[union-attr]
        refused = await sandbox.click_button("bob", book, turn)
        await refused.wait_response()
        assert refused.original is not None
        assert refused.original.content == "This paginator is not for you"
        turned = await sandbox.click_button("alice", book, turn)
        await turned.wait_response()
        assert turned.response_type == 7
        page = sandbox.state.messages[book.channel_id][book.id]
        assert str(page.embeds[0].description).split() == ["water"]

        sticker = sandbox.guild.stickers[0]
        question = await sandbox.send_message(
            "bob", "general", "which?", reply_to=said, stickers=[sticker],
            poll=PollCreate(question=PollMedia("Tea?"),
                            answers=[PollAnswer(media=PollMedia("Yes"))]))
        record = await sandbox.invoke_command("alice", "general", "Quote", target=question.id)
        await record.wait_response()
        assert record.original is not None
        assert record.original.content == "which? wave Tea? re !grow tomato 5"


@pytest.mark.sandbox(world=KEEPER)
async def test_a_forums_tags_made_changed_and_taken_off_one_at_a_time(sandbox: Sandbox) -> None:
    # GuildForum.create_tag, edit_tag and delete_tag call POST /channels/{id}/tags and
    # PUT and DELETE /channels/{id}/tags/{tag_id}, which Discord left open to bots when
    # it moved tags to PATCH /channels/{id}; the sandbox said 404 to each.
    heard = Heard()

    def setup(bot: ipy.Client) -> None:
        @ipy.listen(events.ChannelUpdate)
        async def changed(event: events.ChannelUpdate) -> None:
            tags = getattr(event.after, "available_tags", [])
            heard.add("tags", sorted(t.name for t in tags))

        bot.add_listener(changed)

    async with interactions_bot(sandbox, setup) as bot:
        forum = bot.get_channel(sandbox.channel("questions").id)
        assert isinstance(forum, ipy.GuildForum)
        help_tag = await forum.create_tag("Help", emoji="🌱")
        await forum.create_tag("Pests", moderated=True)
        await heard.wait(("tags", ["Help", "Pests"]))
        assert (help_tag.name, help_tag.emoji_name) == ("Help", "🌱")
        edited = await forum.edit_tag(help_tag.id, name="Advice", emoji="🌼")
        assert (edited.id, edited.emoji_name) == (help_tag.id, "🌼")
        await heard.wait(("tags", ["Advice", "Pests"]))
        await forum.delete_tag(help_tag.id)
        await heard.wait(("tags", ["Pests"]))
        post = await forum.create_post("Slugs again", content="Help!",
                                       applied_tags=forum.available_tags)
        pests = next(t for t in forum.available_tags if t.name == "Pests")
        assert sandbox.state.channel(int(post.id)).applied_tag_ids == [pests.id]
        with pytest.raises(ipy.errors.HTTPException) as refused:
            await forum.create_tag("Pests")
        assert refused.value.code == 40061  # tag names must be unique
