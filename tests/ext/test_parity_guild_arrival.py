"""How a bot learns its guilds and their members over the gateway, written once and run
on tidecord and on discord.py 2.7.1: when each guild is announced (after its chunking,
so ``on_guild_available`` sees every member), and what a member query refuses before
anything is sent (a refused op 8 would otherwise cost the connection)."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from collections.abc import Callable
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

MODULES = {"tidecord": (tidecord, td_commands), "discord.py": (dpy, dpy_commands)}


def arrival_bot(members: bool) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = members
        bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
        heard: list[str] = []

        @bot.event
        async def on_guild_available(guild: Any) -> None:
            heard.append(f"available {guild.name}: {len(guild.members)} of "
                         f"{guild.member_count}, chunked {guild.chunked}")

        @bot.event
        async def on_ready() -> None:
            heard.append(f"ready: {[(g.name, len(g.members), g.chunked) for g in bot.guilds]}")

        @bot.command()
        async def heardof(ctx: Any) -> None:
            await ctx.send("\n".join(heard))

        @bot.command()
        async def query(ctx: Any) -> None:
            guild, me = ctx.guild, ctx.author.id
            tries = {
                "empty": lambda: guild.query_members(""),
                "nothing": lambda: guild.query_members(),
                "both": lambda: guild.query_members("a", user_ids=[me]),
                "no ids": lambda: guild.query_members(user_ids=[]),
                "prefix": lambda: guild.query_members("ca", limit=500),
                "uncached": lambda: guild.query_members("bo", cache=False),
                "ids": lambda: guild.query_members(user_ids=[me, 42]),
                "chunk": lambda: guild.chunk(),
            }
            lines = []
            for name, attempt in tries.items():
                try:
                    found = await attempt()
                except Exception as exc:
                    lines.append(f"{name}: {type(exc).__name__} {exc}")
                else:
                    lines.append(f"{name}: {sorted(m.name for m in found)}")
            lines.append(f"cached {sorted(m.name for m in guild.members)}")
            await ctx.send("\n".join(lines))

        return bot
    return setup


async def test_guilds_are_announced_once_chunked_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    said = await both(sandbox_factory, arrival_bot(members=True),
                      [("alice", "general", "!heardof")])
    assert said["tidecord"] == said["discord.py"]
    # Without the presences intent GUILD_CREATE carried the bot alone: the guild is
    # chunked before on_guild_available, which sees all four.
    assert "available Sandbox: 4 of 4, chunked True" in said["tidecord"][0]


@pytest.mark.parametrize("members", [True, False], ids=["members", "no members intent"])
async def test_member_queries_refuse_and_cache_as_on_discord_py(
        sandbox_factory: Callable[..., Any], members: bool) -> None:
    said = await both(sandbox_factory, arrival_bot(members=members),
                      [("alice", "general", "!query")])
    assert said["tidecord"] == said["discord.py"]
    answer = said["tidecord"][0]
    assert "empty: ValueError Cannot pass empty query string." in answer
    assert "uncached: ['bob']" in answer
    if not members:
        # No op 8 for the whole list went out, and the bot is still connected.
        assert "chunk: ClientException Intents.members must be enabled" in answer
        assert answer.endswith("cached ['SandboxBot', 'alice', 'carol']")


def outage_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None,
                       guild_ready_timeout=0.2)
    heard: list[str] = []

    async def on_guild_available(guild: Any) -> None:
        heard.append(f"available {guild.name} ({len(guild.text_channels)} text channels)")

    async def on_guild_unavailable(guild: Any) -> None:
        heard.append(f"unavailable {guild.name} {guild.unavailable}")

    async def on_guild_join(guild: Any) -> None:
        heard.append(f"join {guild.name}")

    async def on_guild_remove(guild: Any) -> None:
        heard.append(f"remove {guild.name}")

    kept: list[Any] = []

    async def on_ready() -> None:
        # A guild down at READY is one of the bot's, unavailable.
        heard.append(f"ready {[(g.name, g.unavailable, len(g.members)) for g in bot.guilds]}")
        kept.extend(bot.guilds)

    for handler in (on_guild_available, on_guild_unavailable, on_guild_join, on_guild_remove,
                    on_ready):
        bot.add_listener(handler)

    @bot.command()
    async def heardof(ctx: Any) -> None:
        # The guild object kept from on_ready is the guild, back (changed in place).
        await ctx.send("\n".join(heard) + f"\nnow {[g.name for g in bot.guilds]}, kept "
                       f"{[(g.name, g.unavailable, g is ctx.guild) for g in kept]}")

    return bot


async def test_a_guild_outage_reads_as_on_discord_py(sandbox_factory: Callable[..., Any]) -> None:
    async def down(sb: Any) -> None:
        await sb.guild_outage()
        await asyncio.sleep(0.2)  # the handlers read the guild while it is down

    async def up(sb: Any) -> None:
        await sb.end_guild_outage()

    # Down before the bot connects (READY lists it, no GUILD_CREATE), back, down, back.
    said = await both(sandbox_factory, outage_bot,
                      [Do(up), ("alice", "general", "!heardof"),
                       Do(down), Do(up), ("alice", "general", "!heardof")],
                      prepare=down)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][-1].endswith("kept [('Sandbox', False, True)]")
    assert said["tidecord"][-1].startswith(
        "#general: ready [('', True, 0)]\navailable Sandbox (4 text channels)\n"
        "unavailable Sandbox True\n"
        "available Sandbox (4 text channels)")


def joining_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.event
    async def on_guild_join(guild: Any) -> None:
        # Chunked before it is announced, as the startup guilds are. (Said at home:
        # what the bot says in a guild goes with the guild when the bot is removed.)
        await bot.get_channel(home[0]).send(
            f"joined {guild.name} (#{guild.text_channels[0].name}): "
            f"{len(guild.members)} of {guild.member_count} members, "
            f"chunked {guild.chunked}, unavailable {guild.unavailable}, "
            f"guilds {sorted(g.name for g in bot.guilds)}")

    @bot.event
    async def on_guild_remove(guild: Any) -> None:
        await bot.get_channel(home[0]).send(
            f"removed from {guild.name}; guilds {[g.name for g in bot.guilds]}")

    home: list[int] = []

    @bot.event
    async def on_ready() -> None:
        home.append(discord.utils.get(bot.guilds[0].text_channels, name="general").id)

    return bot


async def test_a_bot_added_to_a_guild_and_removed_reads_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    async def added(sb: Any) -> None:
        await sb.add_bot_to_guild({"name": "Book Club", "owner": "bob", "members": ["carol"],
                                   "channels": [{"name": "books"}]})

    async def removed(sb: Any) -> None:
        await sb.remove_bot_from_guild("Book Club")

    said = await both(sandbox_factory, joining_bot, [Do(added, replies=1), Do(removed, replies=1)])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: joined Book Club (#books): 3 of 3 members, chunked True, unavailable False, "
        "guilds ['Book Club', 'Sandbox']",
        "#general: removed from Book Club; guilds ['Sandbox']"]


def voice_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()  # voice states, no members: voice members kept
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.event
    async def on_voice_state_update(member: Any, before: Any, after: Any) -> None:
        guild = member.guild
        lounge = discord.utils.get(guild.voice_channels, name="Lounge")
        general = discord.utils.get(guild.text_channels, name="general")
        await general.send(
            f"{member.name} in {after.channel and after.channel.name}: cached "
            f"{guild.get_member(member.id) is not None}, lounge "
            f"{[m.name for m in lounge.members]}, members {sorted(m.name for m in guild.members)}")

    return bot


async def test_members_in_voice_are_kept_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    async def joins(sb: Any) -> None:
        await sb.join_voice("bob", "Lounge")

    async def leaves(sb: Any) -> None:
        await sb.leave_voice("bob")

    said = await both(sandbox_factory, voice_bot, [Do(joins, replies=1), Do(leaves, replies=1)])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: bob in Lounge: cached True, lounge ['bob'], members ['SandboxBot', 'bob']",
        "#general: bob in None: cached False, lounge [], members ['SandboxBot']"]


def test_member_cache_flags_the_intents_cannot_feed_are_refused_as_in_discord_py() -> None:
    read: dict[str, list[str]] = {}
    for library, (discord, _) in MODULES.items():
        plain = discord.Intents.default()
        plain.voice_states = False
        members = discord.Intents.default()
        members.members = True
        flags = discord.MemberCacheFlags
        read[library] = []
        for intents, made in ((plain, flags.all()), (plain, flags.from_intents(plain)),
                              (discord.Intents.default(), flags(joined=True)),
                              (members, flags.none()), (members, "joined")):
            try:
                discord.Client(intents=intents, member_cache_flags=made)
            except (TypeError, ValueError) as exc:
                read[library].append(f"{type(exc).__name__}: {str(exc)[:70]}")
            else:
                read[library].append("made")
    assert read["tidecord"] == read["discord.py"]
    assert read["discord.py"][:3] == [
        "ValueError: MemberCacheFlags.voice requires Intents.voice_states", "made",
        "ValueError: MemberCacheFlags.joined requires Intents.members"]


def voice_only_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None,
                       member_cache_flags=discord.MemberCacheFlags(voice=True, joined=False))

    async def report(guild: Any, what: str) -> None:
        general = discord.utils.get(guild.text_channels, name="general")
        await general.send(f"{what}: members {sorted(m.name for m in guild.members)}, "
                           f"chunked {guild.chunked}")

    @bot.event
    async def on_member_join(member: Any) -> None:
        await report(member.guild, f"{member.name} joined")

    @bot.event
    async def on_voice_state_update(member: Any, before: Any, after: Any) -> None:
        await report(member.guild, f"{member.name} in {after.channel and after.channel.name}")

    return bot


async def test_members_kept_for_voice_alone_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    async def dave_joins(sb: Any) -> None:
        await sb.join("dave")

    async def bob_talks(sb: Any) -> None:
        await sb.join_voice("bob", "Lounge")

    # With the members intent but MemberCacheFlags(joined=False): no chunking, no
    # newcomer kept; whoever is in voice is.
    said = await both(sandbox_factory, voice_only_bot,
                      [Do(dave_joins, replies=1), Do(bob_talks, replies=1)])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: dave joined: members ['SandboxBot'], chunked False",
        "#general: bob in Lounge: members ['SandboxBot', 'bob'], chunked False"]


def whois_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()  # no members intent: names are asked with op 8
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def whois(ctx: Any, member: discord.Member) -> None:
        await ctx.send(f"{member.name} ({member.nick})")

    @bot.event
    async def on_command_error(ctx: Any, error: Any) -> None:
        cause = getattr(error, "original", None)
        await ctx.send(f"{type(error).__name__}: {type(cause).__name__} {cause}")

    return bot


async def test_an_empty_member_name_is_no_query_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    # An op 8 with an empty query (every member) would go unanswered without the
    # members intent: the command hung for the query's 10 s.
    said = await both(sandbox_factory, whois_bot,
                      [("alice", "general", '!whois ""'), ("alice", "general", "!whois Bobby")])
    assert said["tidecord"] == said["discord.py"] == [
        "#general: ConversionError: ValueError Cannot pass empty query string.",
        "#general: bob (Bobby)"]
