"""Channel permission overwrites as discord.py code uses them: lock a channel for
@everyone, hide it from a role, list and read the overwrites, unlock; both libraries
must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def overwrites_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def updated(ctx):
        # The cache learns the new overwrites from CHANNEL_UPDATE: wait for it.
        return asyncio.ensure_future(bot.wait_for(
            "guild_channel_update", check=lambda before, after: after.id == ctx.channel.id,
            timeout=5))

    def shown(overwrite):
        allow, deny = overwrite.pair()
        return f"allow={allow.value} deny={deny.value}"

    @bot.command()
    async def lock(ctx):
        everyone = ctx.guild.default_role
        # The bot keeps its own voice here first (a member's overwrite).
        done = updated(ctx)
        await ctx.channel.set_permissions(ctx.guild.me, send_messages=True)
        await done
        overwrite = ctx.channel.overwrites_for(everyone)
        overwrite.send_messages = False
        # What was read is a copy: the cache is as Discord last said until the answer.
        before = ctx.channel.overwrites_for(everyone).send_messages
        done = updated(ctx)
        await ctx.channel.set_permissions(everyone, overwrite=overwrite, reason="quiet time")
        await done
        now = ctx.channel.overwrites_for(everyone)
        await ctx.send(f"locked: before={before} now={now.send_messages} "
                       f"view={now.view_channel} {shown(now)}")

    @bot.command()
    async def hide(ctx, name: str):
        role = discord.utils.get(ctx.guild.roles, name=name)
        done = updated(ctx)
        await ctx.channel.set_permissions(role, view_channel=False, add_reactions=True)
        await done
        await ctx.send(f"hid from {name}: {shown(ctx.channel.overwrites_for(role))}")

    @bot.command()
    async def listing(ctx):
        entries = sorted(f"{getattr(target, 'name', target.id)}: {shown(overwrite)} "
                         f"empty={overwrite.is_empty()}"
                         for target, overwrite in ctx.channel.overwrites.items())
        await ctx.send("; ".join(entries) or "no overwrites")

    @bot.command()
    async def can(ctx, member: discord.Member):
        perms = ctx.channel.permissions_for(member)
        await ctx.send(f"{member.display_name}: send={perms.send_messages} "
                       f"view={perms.view_channel} react={perms.add_reactions}")

    @bot.command()
    async def unlock(ctx):
        everyone = ctx.guild.default_role
        done = updated(ctx)
        await ctx.channel.set_permissions(everyone, overwrite=None)
        await done
        await ctx.send(f"unlocked: empty={ctx.channel.overwrites_for(everyone).is_empty()}")

    @bot.command()
    async def misuse(ctx):
        said = []
        for attempt in (
            lambda: ctx.channel.set_permissions(ctx.guild.default_role),
            lambda: ctx.channel.set_permissions(
                ctx.guild.default_role, overwrite=discord.PermissionOverwrite(),
                send_messages=True),
            lambda: ctx.channel.set_permissions(ctx.channel, send_messages=True),
            lambda: ctx.channel.set_permissions(ctx.guild.default_role, sing=True),
        ):
            try:
                await attempt()
            except (TypeError, ValueError) as exc:
                said.append(f"{type(exc).__name__}: {exc}")
        try:
            discord.PermissionOverwrite(sing=True)
        except ValueError as exc:
            said.append(f"ValueError: {exc}")
        overwrite = discord.PermissionOverwrite(manage_permissions=True, read_messages=False)
        said.append(f"aliases: roles={overwrite.manage_roles} view={overwrite.view_channel} "
                    f"{shown(overwrite)}")
        await ctx.send(" | ".join(said))

    return bot


LINES = [
    ("alice", "general", "!listing"),
    ("alice", "general", "!lock"),
    ("alice", "general", "!can bob"),
    ("alice", "general", "!hide Helper"),
    ("alice", "general", "!listing"),
    ("alice", "general", "!can carol"),
    ("alice", "general", "!unlock"),
    ("alice", "general", "!listing"),
    ("alice", "general", "!can bob"),
    ("alice", "general", "!misuse"),
]


async def test_channel_overwrites_work_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, overwrites_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    assert "#general: locked: before=None now=False view=None allow=0 deny=2048" \
        in said["tidecord"]
    assert "#general: unlocked: empty=True" in said["tidecord"]
    assert "#general: Carol: send=False view=True react=True" in said["tidecord"]
