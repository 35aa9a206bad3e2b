"""Channels as a ticket bot makes them: a private category, a channel per person with
overwrites, a voice room, edits that move and sync them; and the member list by REST.
Both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def tickets_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def described(channel):
        kind = next((name for name, cls in (("category", discord.CategoryChannel),
                                            ("voice", discord.VoiceChannel),
                                            ("text", discord.TextChannel))
                     if isinstance(channel, cls)), "other")
        category = channel.category.name if channel.category is not None else None
        return (f"{channel.name} ({kind} {channel.type} {channel.type.name} "
                f"{channel.type == discord.ChannelType.text}, in {category})")

    def rules(channel):
        return "; ".join(sorted(
            f"{getattr(target, 'name', target.id)}: allow={ow.pair()[0].value} "
            f"deny={ow.pair()[1].value}" for target, ow in channel.overwrites.items()))

    async def tickets(guild):
        found = discord.utils.get(guild.categories, name="Tickets")
        if found is None:
            hidden = {guild.default_role: discord.PermissionOverwrite(view_channel=False)}
            found = await guild.create_category("Tickets", overwrites=hidden, reason="setup")
        return found

    @bot.command()
    async def ticket(ctx):
        guild = ctx.guild
        category = await tickets(guild)
        overwrites = {
            guild.default_role: discord.PermissionOverwrite(read_messages=False),
            ctx.author: discord.PermissionOverwrite(read_messages=True, send_messages=True),
            guild.me: discord.PermissionOverwrite(read_messages=True, send_messages=True),
        }
        channel = await guild.create_text_channel(
            f"ticket-{ctx.author.name}", category=category, overwrites=overwrites,
            topic=f"Help for {ctx.author.display_name}", slowmode_delay=5, reason="ticket")
        await channel.send(f"{ctx.author.mention}, tell us what is wrong")
        await ctx.send(f"opened {described(channel)} topic={channel.topic!r} "
                       f"slowmode={channel.slowmode_delay} nsfw={channel.nsfw} | "
                       f"{rules(channel)}")

    @bot.command()
    async def close(ctx):
        channel = discord.utils.get(ctx.guild.text_channels, name=f"ticket-{ctx.author.name}")
        edited = await channel.edit(name=f"closed-{ctx.author.name}", slowmode_delay=0,
                                    category=None, topic="closed", reason="done")
        await ctx.send(f"closed: {edited.name} topic={edited.topic!r} "
                       f"slowmode={edited.slowmode_delay} category={edited.category_id}")

    @bot.command()
    async def sync(ctx):
        notes = await ctx.guild.create_text_channel(
            "notes", overwrites={ctx.guild.me: discord.PermissionOverwrite(manage_channels=True)})
        edited = await notes.edit(category=await tickets(ctx.guild), sync_permissions=True)
        await ctx.send(f"synced {described(edited)} | {rules(edited)}")

    @bot.command()
    async def voice(ctx):
        room = await (await tickets(ctx.guild)).create_voice_channel(
            "Hangout", user_limit=4, bitrate=64000)
        await ctx.send(f"made {described(room)} limit={room.user_limit} "
                       f"bitrate={room.bitrate}")

    @bot.command()
    async def roster(ctx):
        every = [m.display_name async for m in ctx.guild.fetch_members(limit=None)]
        two = [m.display_name async for m in ctx.guild.fetch_members(limit=2)]
        later = [m.display_name async for m in ctx.guild.fetch_members(
            after=discord.Object(min(m.id for m in ctx.guild.members)))]
        await ctx.send(f"all: {', '.join(every)} | two: {', '.join(two)} | "
                       f"after the first: {len(later)}")

    @bot.command()
    async def misuse(ctx):
        said = []
        for overwrites in ([ctx.guild.default_role], {ctx.guild.default_role: "hidden"}):
            try:
                await ctx.guild.create_text_channel("nope", overwrites=overwrites)
            except TypeError as exc:
                said.append(f"TypeError: {exc}")
        await ctx.send(" | ".join(said))

    return bot


LINES = [
    # Each ticket says hello in its channel, then answers in #general: two messages.
    ("bob", "general", "!ticket", 2),
    ("carol", "general", "!ticket", 2),
    ("alice", "general", "!voice"),
    ("bob", "general", "!close"),
    ("alice", "general", "!sync"),
    ("alice", "general", "!roster"),
    ("alice", "general", "!misuse"),
]


async def test_a_ticket_bot_makes_and_edits_channels_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, tickets_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    assert "#general: made Hangout (voice voice voice False, in Tickets) limit=4 " \
        "bitrate=64000" in said["tidecord"]
    assert "#general: closed: closed-bob topic='closed' slowmode=0 category=None" \
        in said["tidecord"]
    assert "#general: synced notes (text text text True, in Tickets) | @everyone: allow=0 " \
        "deny=1024" in said["tidecord"]
