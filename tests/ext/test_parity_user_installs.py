"""Where a command may be used and installed, as the same bot reads it on tidecord and on
discord.py 2.7.1: ``discord.AppCommandContext`` and ``discord.AppInstallationType`` are
flag sets (``.value``, iteration, ``all()``, ``|``), ``app_commands``' classes of those
names the choices a decorator made, and ``interaction.context`` one of the latter, read
from where Discord says the command was used."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.harness import answer
from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def install_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)

    @bot.tree.command(description="Where am I?")
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    async def where(interaction: Any) -> None:
        context = interaction.context
        command = interaction.command
        flags = discord.AppCommandContext(guild=True, private_channel=True)
        installs = discord.AppInstallationType.all()
        # In place: discord.py 2.7.1's ``|`` (and ``~``) on these raise TypeError.
        wider = discord.AppCommandContext(dm_channel=True)
        wider |= flags
        await interaction.response.send_message("\n".join([
            f"{context!r} {type(context) is app_commands.AppCommandContext}",
            f"{context.guild} {context.dm_channel} {context.private_channel}",
            f"{command.allowed_contexts!r} {command.allowed_installs!r}",
            f"{flags!r} {flags.value} {list(flags)} {flags.to_array()} {bool(flags)}",
            f"{installs.value} {dict(installs)} {discord.AppInstallationType().value}",
            f"{discord.AppCommandContext.none().value} "
            f"{wider.value} "
            f"{flags == discord.AppCommandContext(guild=True, private_channel=True)}",
            f"{interaction.is_guild_integration()} {interaction.is_user_integration()}",
        ]))

    async def setup_hook() -> None:
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


def _channel(sb: Sandbox, who: str, where: str) -> Any:
    return sb.state.dm_channel(sb.user(who).id) if where == "dm" else sb.channel(where)


async def _transcripts(sandbox_factory: Any, tries: list[tuple[str, str]]
                       ) -> dict[str, list[Any]]:
    said: dict[str, list[Any]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, install_bot):
            said[library] = []
            for who, where in tries:
                record = await sb.invoke_command(who, _channel(sb, who, where), "where")
                said[library].append(answer(await record.wait_response(10)))
    return said


async def test_contexts_and_installs_read_as_on_discord_py(sandbox_factory: Any) -> None:
    said = await _transcripts(sandbox_factory, [("alice", "general"), ("alice", "dm")])
    assert said["tidecord"] == said["discord.py"]
    in_guild = said["tidecord"][0]
    assert "<AppCommandContext guild=True dm_channel=False private_channel=False> True" \
        in str(in_guild)
    assert "<AppCommandContext value=5> 5 [('guild', True), ('dm_channel', False), " \
        "('private_channel', True)] [0, 2] True" in str(in_guild)
    assert "dm_channel=True private_channel=False> True" in str(said["tidecord"][1])
