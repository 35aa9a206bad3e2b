"""Managing roles as discord.py code does: create, read and change permissions, rename,
hand out, list who holds one, delete; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def roles_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def named(ctx, name):
        return discord.utils.get(ctx.guild.roles, name=name)

    quiet = {"since": 0.0}

    @bot.listen("on_guild_role_update")
    async def noted(before, after):
        quiet["since"] = asyncio.get_running_loop().time()

    async def settled():
        # A move changes several roles, one GUILD_ROLE_UPDATE each: wait for the last.
        loop = asyncio.get_running_loop()
        while loop.time() - quiet["since"] < 0.5:  # noqa: ASYNC110 - quiet, not an event
            await asyncio.sleep(0.05)

    def soon(event, check):
        # The cache learns a change from the gateway: wait for it before answering.
        return asyncio.ensure_future(bot.wait_for(event, check=check, timeout=5))

    @bot.command()
    async def mkrole(ctx, name: str):
        created = soon("guild_role_create", lambda r: r.name == name)
        role = await ctx.guild.create_role(
            name=name, permissions=discord.Permissions(kick_members=True), colour=0x123456)
        await created
        await ctx.send(f"made {role.name}: kick={role.permissions.kick_members} "
                       f"ban={role.permissions.ban_members} colour={role.colour.value:06x} "
                       f"guild={role.guild.name} default={role.is_default()}")

    @bot.command()
    async def grant(ctx, name: str):
        role = named(ctx, name)
        perms = role.permissions
        perms.update(ban_members=True)
        cached = named(ctx, name).permissions.ban_members
        updated = soon("guild_role_update", lambda before, after: after.id == role.id)
        edited = await role.edit(permissions=perms, reason="trusted")
        await updated
        await ctx.send(f"{edited.name}: ban in the cache before the edit={cached}, "
                       f"after={named(ctx, name).permissions.ban_members}, "
                       f"answered={edited.permissions.ban_members}")

    @bot.command()
    async def rename(ctx, old: str, new: str):
        role = named(ctx, old)
        updated = soon("guild_role_update", lambda before, after: after.id == role.id)
        edited = await role.edit(name=new, hoist=True, mentionable=True)
        await updated
        await ctx.send(f"{old} is now {edited.name} (hoist={edited.hoist}, "
                       f"mentionable={edited.mentionable}); {old} found: {named(ctx, old)}")

    @bot.command()
    async def give(ctx, member: discord.Member, name: str):
        role = named(ctx, name)
        given = soon("member_update", lambda before, after: after.id == member.id)
        await member.add_roles(role)
        await given
        await ctx.send(f"gave {role.name} to {member.display_name}")

    @bot.command()
    async def who(ctx, name: str):
        role = named(ctx, name)
        people = sorted(m.display_name for m in role.members)
        await ctx.send(f"{role.name}: {', '.join(people) or 'nobody'} "
                       f"(assignable={role.is_assignable()})")

    @bot.command()
    async def mine(ctx, name: str):
        role = named(ctx, name)
        me = ctx.guild.get_member(ctx.author.id)
        held = me.get_role(role.id)
        await ctx.send(f"{me.display_name} holds {name}: {held is not None}; "
                       f"@everyone via get_role: {me.get_role(ctx.guild.id)}; "
                       f"timed out until: {me.timed_out_until}")

    @bot.command()
    async def move(ctx, name: str, position: int):
        role = named(ctx, name)
        quiet["since"] = asyncio.get_running_loop().time()
        edited = await role.edit(position=position)
        await settled()
        await ctx.send(f"{edited.name} at {edited.position}")

    @bot.command()
    async def order(ctx):
        await ctx.send(" < ".join(f"{r.name}({r.position})" for r in sorted(ctx.guild.roles)))

    @bot.command()
    async def fetched(ctx, name: str):
        roles = await ctx.guild.fetch_roles()
        one = await ctx.guild.fetch_role(named(ctx, name).id)
        channels = await ctx.guild.fetch_channels()
        here = await ctx.guild.fetch_channel(ctx.channel.id)
        try:
            await ctx.guild.fetch_role(1234)
        except discord.NotFound as exc:
            missing = f"{type(exc).__name__} {exc.status} {exc.code}"
        await ctx.send(f"roles {sorted(r.name for r in roles)}; {one.name} "
                       f"kick={one.permissions.kick_members}; channels "
                       f"{sorted(c.name for c in channels)}; here {here.name}; {missing}")

    @bot.command()
    async def rmrole(ctx, name: str):
        role = named(ctx, name)
        deleted = soon("guild_role_delete", lambda r: r.id == role.id)
        await role.delete(reason="no longer needed")
        await deleted
        await ctx.send(f"deleted {name}; still there: {named(ctx, name) is not None}")

    return bot


LINES = [
    ("alice", "general", "!mkrole Gardener"),
    ("alice", "general", "!grant Gardener"),
    ("alice", "general", "!rename Gardener Grower"),
    ("alice", "general", "!give carol Grower"),
    ("alice", "general", "!who Grower"),
    ("alice", "general", "!who Moderator"),
    ("alice", "general", "!who @everyone"),
    ("carol", "general", "!mine Grower"),
    ("bob", "general", "!mine Grower"),
    ("alice", "general", "!order"),
    ("alice", "general", "!move Grower 2"),
    ("alice", "general", "!order"),
    ("alice", "general", "!move Helper 1"),
    ("alice", "general", "!order"),
    ("alice", "general", "!fetched Grower"),
    ("alice", "general", "!rmrole Grower"),
    ("alice", "general", "!who Helper"),
]


async def test_roles_are_managed_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, roles_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    assert "#general: made Gardener: kick=True ban=False colour=123456 guild=Sandbox " \
        "default=False" in said["tidecord"]
    assert "#general: Gardener: ban in the cache before the edit=False, after=True, " \
        "answered=True" in said["tidecord"]
    assert "#general: deleted Grower; still there: False" in said["tidecord"]
