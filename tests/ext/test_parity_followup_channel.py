"""The channel of an interaction's follow-up message (``followup.send(wait=True)``) and
of its first answer (``original_response()``), the same bot on tidecord and on
discord.py 2.7.1, in a guild channel, a thread and a DM.

discord.py 2.7.1 builds a follow-up's channel from the interaction's webhook, which
names no guild and no channel: it gives a ``PartialMessageable`` with the right id but
no guild and no type, so ``message.guild`` is ``None`` and ``jump_url`` points at
``@me`` even in a guild. tidecord gives the cached channel (the one
``original_response()`` gives on both): it answers everything the partial one does
(``id``, ``send``, ``fetch_message``, ``mention``) and knows its guild, name and kind
too. Both are pinned here, with what they share compared."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def channel_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    bot.seen = {}
    kinds = (discord.TextChannel, discord.Thread, discord.DMChannel,
             discord.PartialMessageable)

    def kind(message: Any) -> str:
        channel = message.channel
        named = [k.__name__ for k in kinds if isinstance(channel, k)]
        guild, in_guild = getattr(channel, "guild", None), message.guild
        return (f"{'/'.join(named)} name={getattr(channel, 'name', '-')} "
                f"guild={guild and guild.name} message.guild={in_guild and in_guild.name} "
                f"jump={message.jump_url.split('/')[-3]}")

    @bot.tree.command(description="Where do my answers live")
    async def where(interaction: Any) -> None:
        await interaction.response.send_message("first")
        followup = await interaction.followup.send("follow", wait=True)
        original = await interaction.original_response()
        channel = followup.channel
        fetched = await channel.fetch_message(followup.id)
        sent = await channel.send("through the follow-up's channel")
        bot.seen[interaction.channel_id] = {
            "shared": (channel.id == interaction.channel_id == sent.channel.id,
                       fetched.id == followup.id, fetched.content,
                       getattr(channel, "mention", None) in (None, f"<#{channel.id}>")),
            "followup": kind(followup),
            "original": kind(original),
        }

    async def setup_hook() -> None:
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def places(sb: Sandbox) -> dict[str, int]:
    thread = await sb.start_thread("alice", "general", "Plans")
    return {"general": int(sb.state.channel("general").id), "thread": int(thread.id),
            "dm": int(sb.state.dm_channel(sb.user("alice").id).id)}


async def seen_on(library: str, sandbox_factory: Any) -> dict[str, Any]:
    sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    where = await places(sb)
    async with running(library, sb, channel_bot) as bot:
        for name, channel_id in where.items():
            record = await sb.invoke_command("alice", channel_id, "where")
            await record.wait_response(10)
            async with asyncio.timeout(10):
                while channel_id not in bot.seen:  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
            # the message sent through the follow-up's channel is in that channel
            said = [m.content for m in sb.state.messages[channel_id].values()]
            assert "through the follow-up's channel" in said, (library, name, said)
        seen = {name: bot.seen[channel_id] for name, channel_id in where.items()}
    seen["guild_id"] = int(sb.state.channel("general").guild_id)
    return seen


async def test_a_followups_channel_answers_what_discord_pys_does_and_knows_more(
        sandbox_factory: Any) -> None:
    seen = {library: await seen_on(library, sandbox_factory) for library in LIBRARIES}
    ours, theirs = seen["tidecord"], seen["discord.py"]
    for place in ("general", "thread", "dm"):
        assert ours[place]["shared"] == theirs[place]["shared"] == (True, True, "follow", True)
        assert ours[place]["original"] == theirs[place]["original"], place
    # original_response(): the interaction's channel, on both
    guild_link = f"jump={theirs['guild_id']}"
    assert theirs["general"]["original"] == (
        f"TextChannel name=general guild=Sandbox message.guild=Sandbox {guild_link}")
    assert theirs["thread"]["original"] == (
        f"Thread name=Plans guild=Sandbox message.guild=Sandbox {guild_link}")
    assert theirs["dm"]["original"] == "DMChannel name=- guild=None message.guild=None jump=@me"
    # a follow-up's: discord.py's partial channel forgets the guild (its link says @me)...
    for place in ("general", "thread", "dm"):
        assert theirs[place]["followup"] == (
            "PartialMessageable name=- guild=None message.guild=None jump=@me"), place
    # ... tidecord's is the channel original_response() gives
    for place in ("general", "thread", "dm"):
        assert ours[place]["followup"] == ours[place]["original"], place


def thread_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    bot.notes = []
    note = bot.notes.append

    @bot.tree.command(description="Follow up in a thread")
    async def tell(interaction: Any) -> None:
        await interaction.response.send_message("on it")
        threads = {t.name: t for t in interaction.guild.threads}
        sent = await interaction.followup.send("in the thread", thread=threads["Plans"],
                                               wait=True)
        note(f"sent to {sent.channel.id == threads['Plans'].id}")
        history = [m.content async for m in threads["Plans"].history(limit=5)]
        note(f"Plans reads {history}")
        try:
            await interaction.followup.send("astray", thread=threads["Elsewhere"])
        except discord.HTTPException as error:
            note(f"Elsewhere: {type(error).__name__} {error.status} {error.code}")
        else:
            note("Elsewhere: sent")
        note("done")

    async def setup_hook() -> None:
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def told_on(library: str, sandbox_factory: Any) -> tuple[list[str], dict[str, list[str]]]:
    sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    plans = await sb.start_thread("alice", "general", "Plans")
    elsewhere = await sb.start_thread("alice", "ideas", "Elsewhere")
    async with running(library, sb, thread_bot) as bot:
        record = await sb.invoke_command("alice", "general", "tell")
        await record.wait_response(10)
        async with asyncio.timeout(10):
            while "done" not in bot.notes:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    bot_id = sb.bot_user.id
    where = {name: [m.content for m in sb.state.messages.get(int(channel.id), {}).values()
                    if m.author.id == bot_id]
             for name, channel in (("general", sb.state.channel("general")),
                                   ("Plans", plans), ("Elsewhere", elsewhere))}
    return bot.notes, where


async def test_a_followup_sent_to_a_thread_lands_there_on_both_libraries(
        sandbox_factory: Any) -> None:
    """``followup.send(thread=...)`` (the interaction webhook's ``thread_id``) posts in
    that thread of the interaction's channel; a thread of another channel is refused as
    a channel webhook's is (400, 10003 Unknown Channel)."""
    told = {library: await told_on(library, sandbox_factory) for library in LIBRARIES}
    assert told["tidecord"] == told["discord.py"]
    notes, where = told["tidecord"]
    assert notes == ["sent to True", "Plans reads ['in the thread']",
                     "Elsewhere: HTTPException 400 10003", "done"]
    assert where == {"general": ["on it"], "Plans": ["in the thread"], "Elsewhere": []}
