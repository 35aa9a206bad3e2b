"""discord.py's public names that bots reach for, on the objects tidecord hands them:
each name here was missing (or took fewer keywords) and is compared with discord.py
2.7.1 on the sandbox."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import pytest

from ..ext.parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def shades_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def soon(event: str, name: str) -> Any:
        # the cache learns the role from the gateway: wait for it before reading it
        return asyncio.ensure_future(bot.wait_for(
            event, check=lambda *roles: roles[-1].name == name, timeout=5))

    def shown(role: Any) -> str:
        return (f"{role.colour.value:06x} {role.secondary_colour} {role.tertiary_color} "
                f"{role.display_icon}")

    @bot.command()
    async def gradient(ctx: Any) -> None:
        made = soon("guild_role_create", "Sunset")
        role = await ctx.guild.create_role(name="Sunset", colour=0x112233,
                                           secondary_colour=discord.Colour(0x445566),
                                           display_icon="🔥")
        cached = await made
        await ctx.send(f"made {shown(role)} / cached {shown(cached)}")
        changed = soon("guild_role_update", "Sunset")
        role = await role.edit(secondary_color=0x778899, tertiary_colour=0x0A0B0C,
                               colour=0x010203, display_icon="🌊")
        _, cached = await changed
        await ctx.send(f"edited {shown(role)} / cached {shown(cached)}")
        changed = soon("guild_role_update", "Sunset")
        role = await role.edit(secondary_colour=None, tertiary_color=None)
        await changed
        await ctx.send(f"plain {shown(role)}")

    return bot


async def test_a_role_made_and_edited_with_a_gradient_and_an_icon(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, shades_bot, [("alice", "general", "!gradient", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][0] == ("#general: made 112233 #445566 None 🔥 / "
                                   "cached 112233 #445566 None 🔥")
