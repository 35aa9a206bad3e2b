"""The commands ``tree.sync()`` and ``fetch_commands()`` hand back, as discord.py's
``AppCommand``: permissions as ``Permissions``, where it may be used, its guild, its
options' channel types, ``to_dict()``, and ``edit()`` / ``delete()`` on Discord. The
same bot on tidecord and on discord.py 2.7.1 must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

import tidecord

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def commands_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    app_commands = discord.app_commands

    @bot.tree.command(description="Post in a channel")
    @app_commands.default_permissions(manage_messages=True)
    @app_commands.guild_only()
    async def post(interaction, where: discord.TextChannel, text: str):
        await interaction.response.send_message(text)

    @bot.tree.command(description="Say hello")
    async def hello(interaction):
        await interaction.response.send_message("hello")

    def described(cmd):
        perms = cmd.default_member_permissions
        options = [(o.name, [str(t) for t in o.channel_types]) for o in cmd.options]
        return (f"{cmd.name}: {type(perms).__name__} "
                f"{perms.manage_messages if perms is not None else None} "
                f"dm={cmd.dm_permission} guild={cmd.guild} {options} "
                f"keys={sorted(cmd.to_dict())}")

    @bot.command()
    async def sync(ctx):
        bot.tree.copy_global_to(guild=ctx.guild)
        synced = await bot.tree.sync(guild=ctx.guild)
        await ctx.send("\n".join(described(c) for c in sorted(synced, key=lambda c: c.name)))

    @bot.command()
    async def change(ctx):
        [hello] = [c for c in await bot.tree.fetch_commands(guild=ctx.guild)
                   if c.name == "hello"]
        edited = await hello.edit(description="Say hi")
        await hello.delete()
        left = sorted(c.name for c in await bot.tree.fetch_commands(guild=ctx.guild))
        await ctx.send(f"{edited.description} {edited.id == hello.id}; left {left}")

    return bot


LINES = [
    ("alice", "general", "!sync"),
    ("alice", "general", "!change"),
]


async def test_registered_commands_read_as_in_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, commands_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][-1] == "#general: Say hi True; left ['post']"
    assert "post: Permissions True dm=False guild=Sandbox " \
        "[('where', ['text', 'news']), ('text', [])]" in said["tidecord"][0]


def test_where_a_registered_command_may_be_used() -> None:
    # discord.py 2.7.1 reads contexts [0] (guilds) as no context at all, so this is
    # shown on tidecord alone, against Discord's meaning of the values.
    data = {"id": "1", "application_id": "2", "name": "x", "description": "y", "type": 1,
            "contexts": [0, 2], "integration_types": [1], "dm_permission": None,
            "default_member_permissions": "8192"}
    cmd = tidecord.app_commands.AppCommand(data=data)
    contexts, installs = cmd.allowed_contexts, cmd.allowed_installs
    assert contexts is not None and installs is not None
    assert (contexts.guild, contexts.dm_channel, contexts.private_channel) == (True, False, True)
    assert (installs.guild, installs.user) == (False, True)
    assert cmd.dm_permission is True  # null means allowed
    assert cmd.default_member_permissions == tidecord.Permissions(manage_messages=True)
    assert cmd.to_dict()["contexts"] == [0, 2]
