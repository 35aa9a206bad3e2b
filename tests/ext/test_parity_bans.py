"""Bans as a moderation bot reads them: ban, list a page at a time, look one up, lift
it; the events a ban makes (the banned member as the bot knew them, the member's
removal before its raw event); discord.py's older ``delete_message_days``. Both
libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import warnings
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

PEOPLE = ["alice", "bob", "carol", "dave", "erin", "frank", "gina"]


def bans_world() -> World:
    return World.from_dict({
        "users": [{"username": name, "global_name": name.title()} for name in PEOPLE],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "ban_members"],
            "channels": [{"name": "general"}],
            "members": PEOPLE,
        }],
    })


def bans_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def banned(ctx, **options):
        return [entry async for entry in ctx.guild.bans(**options)]

    def named(entries):
        return ",".join(f"{e.user.name}({e.reason})" for e in entries) or "none"

    @bot.command()
    async def ban(ctx, members: commands.Greedy[discord.Member], *, reason: str | None = None):
        for member in members:
            gone = asyncio.ensure_future(bot.wait_for(
                "member_ban", check=lambda guild, user, m=member: user.id == m.id, timeout=5))
            await ctx.guild.ban(member, reason=reason)
            await gone
        await ctx.send(f"banned {len(members)}; {len(ctx.guild.members)} members left")

    @bot.command()
    async def listing(ctx, limit: int | None = None):
        await ctx.send(f"bans: {named(await banned(ctx, limit=limit))}")

    @bot.command()
    async def pages(ctx):
        everything = await banned(ctx)
        first, last = everything[0].user, everything[-1].user
        said = [
            f"first two: {named(await banned(ctx, limit=2))}",
            f"after the first: {named(await banned(ctx, after=first))}",
            f"two before the last: {named(await banned(ctx, before=last, limit=2))}",
            f"after the last: {named(await banned(ctx, after=last))}",
            f"before the first: {named(await banned(ctx, before=discord.Object(first.id)))}",
        ]
        await ctx.send(" | ".join(said))

    @bot.command()
    async def lookup(ctx, name: str):
        entry = next((e for e in await banned(ctx) if e.user.name == name), None)
        target = entry.user if entry is not None else ctx.author
        try:
            ban = await ctx.guild.fetch_ban(target)
        except discord.NotFound as exc:
            await ctx.send(f"{target.name}: not banned ({exc.status} {exc.code})")
            return
        await ctx.send(f"{ban.user.name}: banned for {ban.reason!r}, "
                       f"a {type(ban).__name__} of {ban._fields}, user={type(ban.user).__name__}")

    @bot.command()
    async def unban(ctx, name: str):
        entry = next(e for e in await banned(ctx) if e.user.name == name)
        await ctx.guild.unban(entry.user, reason="served")
        await ctx.send(f"unbanned {name}: {named(await banned(ctx))}")

    heard = []

    @bot.event
    async def on_member_ban(guild, user):
        heard.append(f"ban {type(user).__name__} {user.display_name}")

    @bot.event
    async def on_member_remove(member):
        heard.append(f"remove {member.display_name}")

    @bot.event
    async def on_raw_member_remove(payload):
        heard.append(f"raw remove {type(payload.user).__name__} {payload.user.display_name}")

    @bot.event
    async def on_raw_bulk_message_delete(payload):
        where = bot.get_channel(payload.channel_id)
        heard.append(f"bulk delete {len(payload.message_ids)} in #{where}")

    @bot.command()
    async def events(ctx):
        await ctx.send(f"heard {heard}")
        heard.clear()

    @bot.command()
    async def oldban(ctx, member: discord.Member):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            await member.ban(delete_message_days=1)
        try:
            await ctx.guild.ban(member, delete_message_days=1, delete_message_seconds=60)
        except TypeError as exc:
            mixed = str(exc)
        await ctx.send(f"{[w.category.__name__ for w in caught]} {mixed}")

    @bot.command()
    async def misuse(ctx):
        try:
            await banned(ctx, before=ctx.author, after=ctx.author)
        except TypeError as exc:
            await ctx.send(f"TypeError: {exc}")

    return bot


LINES = [
    ("alice", "general", "!listing"),
    ("bob", "general", "first!", 0),
    ("bob", "general", "second!", 0),
    ("alice", "general", "!ban bob dave spam"),
    ("alice", "general", "!events"),
    ("alice", "general", "!ban carol erin"),
    ("alice", "general", "!ban frank raids, twice"),
    ("alice", "general", "!listing"),
    ("alice", "general", "!listing 3"),
    ("alice", "general", "!pages"),
    ("alice", "general", "!lookup dave"),
    ("alice", "general", "!lookup nobody"),
    ("alice", "general", "!unban erin"),
    ("alice", "general", "!misuse"),
    ("alice", "general", "!oldban gina"),
]


async def test_bans_read_and_page_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, bans_bot, LINES, world=bans_world)
    assert said["tidecord"] == said["discord.py"]
    assert "#general: banned 2; 6 members left" in said["tidecord"]
    assert "#general: bans: none" in said["tidecord"]
    # A ban deletes a day of what the member said, unless told otherwise.
    assert ("#general: heard ['ban Member Bob', 'remove Bob', 'raw remove Member Bob', "
            "'bulk delete 2 in #general', "
            "'ban Member Dave', 'remove Dave', 'raw remove Member Dave']") in said["tidecord"]
    assert ("#general: ['DeprecationWarning'] Cannot mix delete_message_days and "
            "delete_message_seconds keyword arguments.") in said["tidecord"]
    assert "#general: dave: banned for 'spam', a BanEntry of ('reason', 'user'), user=User" \
        in said["tidecord"]
    assert "#general: alice: not banned (404 10026)" in said["tidecord"]
    # The reason is sent URL-encoded; Discord (and the sandbox) store it decoded.
    assert "#general: bans: bob(spam),carol(None),dave(spam),erin(None),frank(raids, twice)" \
        in said["tidecord"]
