"""A member code holds is the cached one and changes with it, as in discord.py: a
message's author is ``guild.get_member(author.id)``, and after ``add_roles`` (once the
member update came) ``role in ctx.author.roles`` says so; a member kept from before
an update reads the update, while the event's "before" keeps the old state; a new
name told by a member update is an ``on_user_update``. The same
bot on tidecord and on discord.py 2.7.1 must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import msgspec
import pytest

from tidecord.sandbox import Sandbox

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def held_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    kept = {}

    async def changed(member):
        return await bot.wait_for("member_update", timeout=5,
                                  check=lambda before, after: after.id == member.id)

    @bot.command()
    async def toggle(ctx):
        role = discord.utils.get(ctx.guild.roles, name="Helper")
        author = ctx.author
        waiting = asyncio.ensure_future(changed(author))
        if role in author.roles:
            await author.remove_roles(role)
        else:
            await author.add_roles(role)
        before, after = await waiting
        await ctx.send(f"{role in author.roles} {role in before.roles} {after is author} "
                       f"{author is ctx.guild.get_member(author.id)}")

    @bot.command()
    async def keep(ctx, member: discord.Member):
        kept["member"] = member
        await ctx.send(f"kept {member.display_name}")

    @bot.command()
    async def rename(ctx, *, nick: str):
        member = kept["member"]
        waiting = asyncio.ensure_future(changed(member))
        await ctx.guild.get_member(member.id).edit(nick=nick)
        before, _ = await waiting
        await ctx.send(f"{member.display_name} (was {before.display_name})")

    renames = []

    @bot.event
    async def on_user_update(before, after):
        renames.append(f"{before.name}->{after.name} {before.global_name}->{after.global_name}")

    @bot.command()
    async def renamed(ctx):
        await ctx.send(f"renamed {renames}")

    return bot


def bob_renames_himself(sb: Sandbox) -> None:
    # A new name, told through a member update (not a presence).
    [gid] = sb.state.guilds
    bob = sb.user("bob").id
    renamed = msgspec.structs.replace(sb.state.users[bob], username="robert",
                                      global_name="Robert")
    sb.state.users[bob] = renamed
    sb.state.update_member(gid, bob, user=renamed)


LINES = [
    ("alice", "general", "!toggle"),
    ("alice", "general", "!toggle"),
    ("bob", "general", "!toggle"),
    ("alice", "general", "!keep carol"),
    ("alice", "general", "!rename Caz"),
    Do(bob_renames_himself),
    ("alice", "general", "!renamed"),
]


async def test_held_members_change_with_the_cache_as_in_discord_py(sandbox_factory: Any
                                                                   ) -> None:
    said = await both(sandbox_factory, held_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][:3] == ["#general: True False True True",
                                    "#general: False True True True",
                                    "#general: False True True True"]
    assert said["tidecord"][-2:] == ["#general: Caz (was Carol)",
                                     "#general: renamed ['bob->robert Bob->Robert']"]


def fetching_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True  # no members intent: only what events bring is cached
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def look(ctx, user_id: int):
        cached = ctx.guild.get_member(user_id)
        member = await ctx.guild.fetch_member(user_id)
        again = ctx.guild.get_member(user_id)
        await ctx.send(f"{member.name} {[r.name for r in member.roles]}; cached before "
                       f"{cached is not None} after {again is not None} same "
                       f"{again is member}; {len(ctx.guild.members)} members")

    return bot


async def test_a_fetched_member_is_not_cached_as_in_discord_py(sandbox_factory: Any) -> None:
    # A member fetched without the members intent is not kept: no update would keep
    # their roles true afterwards (discord.py fetches them afresh each time).
    said = await both(sandbox_factory, fetching_bot, [
        ("alice", "general", lambda sb: f"!look {sb.user('bob').id}"),
        ("alice", "general", lambda sb: f"!look {sb.user('alice').id}"),
    ])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][0] == ("#general: bob ['@everyone', 'Helper']; cached before False "
                                   "after False same False; 1 members")
