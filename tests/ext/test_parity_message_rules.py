"""A bot editing messages near Discord's edges: an edit that would leave a message with
nothing, Discord's own notices (not edited; some not deleted), a reply to a message
gone or in another channel; both libraries must
meet the same refusals and results."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def edits_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def attempt(step) -> str:
        try:
            result = await step
        except discord.HTTPException as exc:
            return f"{exc.status} {exc.code}"
        if result is None:
            return "ok"
        return f"ok {result.content!r} embeds {len(result.embeds)}"

    async def newest(channel, kind):
        async for message in channel.history(limit=5):
            if message.type == kind:
                return message
        raise AssertionError(f"no {kind} message")

    @bot.command()
    async def blank(ctx):
        text = await ctx.send("just words")
        emptied = await attempt(text.edit(content=""))
        nulled = await attempt(text.edit(content=None))
        framed = await ctx.send("caption", embed=discord.Embed(title="kept"))
        uncaptioned = await attempt(framed.edit(content=None))
        stripped = await attempt(framed.edit(embed=None))
        kept = await ctx.channel.fetch_message(text.id)
        await ctx.send(f"empty {emptied}; null {nulled}; with an embed {uncaptioned} "
                       f"then {stripped}; still {kept.content!r}")

    @bot.command()
    async def notices(ctx):
        await ctx.message.pin()
        notice = await newest(ctx.channel, discord.MessageType.pins_add)
        edited = await attempt(notice.edit(content="my own words"))
        await notice.delete()  # a pin's notice may go
        thread = await ctx.channel.create_thread(name="plans",
                                                 type=discord.ChannelType.public_thread)
        await thread.edit(name="plans 2")
        renamed = await newest(thread, discord.MessageType.channel_name_change)
        try:
            await renamed.delete()
            kept = "deleted"
        except discord.HTTPException as exc:
            kept = f"{exc.status} {exc.code}"
        await ctx.send(f"pin notice edit {edited}; rename notice delete {kept}")

    @bot.command()
    async def answer(ctx):
        ideas = discord.utils.get(ctx.guild.text_channels, name="ideas")
        there = await ideas.send("over there")
        gone = discord.MessageReference(message_id=there.id + 1, channel_id=ideas.id,
                                        fail_if_not_exists=False)
        plain = await ctx.send("to nothing", reference=gone)
        strict = await attempt(ctx.send("strict", reference=discord.MessageReference(
            message_id=there.id + 1, channel_id=ideas.id)))
        # Discord refuses a reply to another channel's message (a forward may cross).
        across = await attempt(ctx.send("across", reference=there))
        await ctx.send(f"gone: {plain.type.name} {plain.reference}; strict {strict}; "
                       f"across: {across}")

    @bot.command()
    async def mentions(ctx):
        alice = ctx.author.mention
        quiet = discord.AllowedMentions.none()
        sent = await ctx.send("nobody yet")
        loud = await sent.edit(content=f"{alice} and @everyone")
        hushed = await loud.edit(content=f"{alice} and @everyone", allowed_mentions=quiet)
        only_her = discord.AllowedMentions(users=[ctx.author], everyone=False)
        named = await hushed.edit(content=f"{alice} again", allowed_mentions=only_her)

        def pinged(message):
            return f"{[m.name for m in message.mentions]} {message.mention_everyone}"
        await ctx.send(f"edited mentions: {pinged(sent)}; {pinged(loud)}; {pinged(hushed)}; "
                       f"{pinged(named)}")

    @bot.command()
    async def tidy(ctx):
        await ctx.message.add_reaction("\N{THUMBS UP SIGN}")
        cleared = await attempt(ctx.message.clear_reactions())
        unreacted = await attempt(ctx.message.remove_reaction("\N{THUMBS UP SIGN}", ctx.author))
        deleted = await attempt(ctx.message.delete())
        mine = await ctx.send("mine")
        await mine.delete()
        await ctx.send(f"in a DM: clear {cleared}; remove hers {unreacted}; delete hers "
                       f"{deleted}; delete mine done")

    return bot


async def test_an_edit_leaving_nothing_is_refused(sandbox_factory) -> None:
    said = await both(sandbox_factory, edits_bot, [("alice", "general", "!blank", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert ("empty 400 50006; null 400 50006; with an embed ok '' embeds 1 then 400 50006; "
            "still 'just words'") in said["tidecord"][-1]


async def test_discords_own_notices_are_not_edited_nor_all_deleted(sandbox_factory) -> None:
    said = await both(sandbox_factory, edits_bot, [("alice", "general", "!notices", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert "pin notice edit 403 50021; rename notice delete 403 50021" in "\n".join(
        said["tidecord"])


async def test_a_reply_to_a_message_gone_is_a_plain_message(sandbox_factory) -> None:
    said = await both(sandbox_factory, edits_bot, [("alice", "general", "!answer", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert ("gone: default None; strict 400 50035; across: 400 50035"
            in "\n".join(said["tidecord"]))


async def test_an_edit_pings_as_its_allowed_mentions_say(sandbox_factory) -> None:
    said = await both(sandbox_factory, edits_bot, [("alice", "general", "!mentions", 2)])
    assert said["tidecord"] == said["discord.py"]
    # @everyone pings nobody: the bot may not Mention Everyone here.
    assert ("edited mentions: [] False; ['alice'] False; [] False; ['alice'] False"
            in said["tidecord"][-1])


async def test_a_bot_moderates_nothing_in_a_dm(sandbox_factory) -> None:
    said = await both(sandbox_factory, edits_bot, [("alice", "dm", "!tidy", 1)])
    assert said["tidecord"] == said["discord.py"]
    assert ("in a DM: clear 403 50003; remove hers 403 50003; delete hers 403 50003; "
            "delete mine done") in said["tidecord"][-1]
