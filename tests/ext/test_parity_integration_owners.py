"""Which install a slash command was used through, as discord.py 2.7.1 reads it:
``interaction.is_guild_integration()`` is true only in a guild whose id the guild install
names, ``is_user_integration()`` only when the user install names the person using it.

In the bot's DM Discord names the guild install with ``{"0": "0"}``: tidecord's
``is_guild_integration()`` only asked whether the key was there, and said True where
discord.py says False.
"""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import LIBRARIES, parity_world, quick_limits, running


def setup(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())

    @bot.tree.command(description="Where was I used from?")
    @discord.app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def where(interaction: Any) -> None:
        await interaction.response.send_message(
            f"guild install {interaction.is_guild_integration()}, "
            f"user install {interaction.is_user_integration()}")

    async def setup_hook() -> None:
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def answers(sb: Sandbox, channel: Any) -> str:
    record = await sb.invoke_command("alice", channel, "where")
    await record.wait_response(10)
    assert record.original is not None
    return record.original.content


@pytest.mark.parametrize("library", LIBRARIES)
async def test_the_install_is_read_as_discord_py_reads_it(
        sandbox_factory: Any, library: str) -> None:
    sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    async with running(library, sb, setup):
        in_guild = await answers(sb, "general")
        dm = await sb.send_dm("alice", "hello")
        in_dm = await answers(sb, dm.channel_id)
    assert in_guild == "guild install True, user install False", library
    assert in_dm == "guild install False, user install False", library
