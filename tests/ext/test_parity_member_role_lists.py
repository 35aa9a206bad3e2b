"""``member.roles`` as discord.py hands it out: a new list on each read, which a bot
may change and send back (``roles.append(muted); await member.edit(roles=roles)``),
in hierarchy order however the guild's roles move, are made or deleted since."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def role_lists_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def names(roles):
        return ",".join(r.name for r in roles)

    def soon(event, check=None):
        return asyncio.ensure_future(bot.wait_for(event, check=check, timeout=5))

    @bot.command()
    async def mine(ctx):
        me = ctx.author
        first, second = me.roles, me.roles
        await ctx.send(f"{names(first)} fresh={first is not second} "
                       f"list={type(first).__name__} equal={first == second}")

    @bot.command()
    async def muddle(ctx):
        # Changing the list read changes nothing the next read gives.
        roles = ctx.author.roles
        everyone = roles.pop(0)
        roles.reverse()
        roles.append(everyone)
        roles.insert(0, everyone)
        del roles[0]
        roles.sort()
        await ctx.send(f"changed {names(roles)}; again {names(ctx.author.roles)}")

    @bot.command()
    async def give(ctx, member: discord.Member, name: str):
        # The mute command of many a discord.py bot: add to the list, hand it back.
        role = discord.utils.get(ctx.guild.roles, name=name)
        roles = member.roles
        roles.append(role)
        updated = soon("member_update", lambda before, after: after.id == member.id)
        await member.edit(roles=roles, reason="given")
        before, after = await updated
        await ctx.send(f"{member.name}: before {names(before.roles)}, "
                       f"after {names(after.roles)}, cached {names(member.roles)}")

    @bot.command()
    async def take(ctx, member: discord.Member, name: str):
        roles = member.roles
        roles.remove(discord.utils.get(roles, name=name))
        updated = soon("member_update", lambda before, after: after.id == member.id)
        await member.edit(roles=roles)
        await updated
        await ctx.send(f"{member.name} now {names(member.roles)}")

    @bot.command()
    async def mkrole(ctx, name: str, member: discord.Member):
        created = soon("guild_role_create", lambda r: r.name == name)
        role = await ctx.guild.create_role(name=name)
        await created
        updated = soon("member_update", lambda before, after: after.id == member.id)
        await member.add_roles(role)
        await updated
        await ctx.send(f"{member.name} now {names(member.roles)}")

    @bot.command()
    async def lift(ctx, name: str, position: int, member: discord.Member):
        # A move changes the order of every list that holds the role.
        before = names(member.roles)
        role = discord.utils.get(ctx.guild.roles, name=name)
        moved = soon("guild_role_update", lambda b, a: a.id == role.id)
        await role.edit(position=position)
        await moved
        await asyncio.sleep(0.3)  # the other roles' updates of the same move
        await ctx.send(f"{member.name}: {before} -> {names(member.roles)}; "
                       f"top {member.top_role.name}")

    @bot.command()
    async def rename(ctx, old: str, new: str, member: discord.Member):
        role = discord.utils.get(ctx.guild.roles, name=old)
        renamed = soon("guild_role_update", lambda b, a: a.id == role.id)
        await role.edit(name=new)
        await renamed
        await ctx.send(f"{member.name}: {names(member.roles)}")

    @bot.command()
    async def rmrole(ctx, name: str, member: discord.Member):
        role = discord.utils.get(ctx.guild.roles, name=name)
        deleted = soon("guild_role_delete", lambda r: r.id == role.id)
        await role.delete()
        await deleted
        await ctx.send(f"{member.name}: {names(member.roles)}")

    @bot.command()
    async def everyone(ctx):
        # Every member of the guild, each list read twice and changed in between.
        said = []
        for member in sorted(ctx.guild.members, key=lambda m: m.name):
            roles = member.roles
            roles.clear()
            said.append(f"{member.name}={names(member.roles)}")
        await ctx.send(" ".join(said))

    return bot


LINES = [
    ("alice", "general", "!mine"),
    ("bob", "general", "!mine"),
    ("alice", "general", "!muddle"),
    ("alice", "general", "!give carol Helper"),
    ("alice", "general", "!give bob Moderator"),
    ("alice", "general", "!take bob Helper"),
    ("alice", "general", "!mkrole Gardener bob"),
    ("alice", "general", "!lift Gardener 3 bob"),
    ("alice", "general", "!lift Gardener 1 bob"),
    ("alice", "general", "!rename Moderator Warden bob"),
    ("alice", "general", "!rmrole Gardener bob"),
    ("alice", "general", "!everyone"),
]


async def test_member_roles_is_a_new_list_each_read_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, role_lists_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    assert "#general: @everyone,Moderator fresh=True list=list equal=True" in text
    assert "carol: before @everyone, after @everyone,Helper, cached @everyone,Helper" in text
    assert "again @everyone,Moderator" in text
