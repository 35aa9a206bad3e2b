"""Where Discord offers a slash command, for the same bot on tidecord and on discord.py
2.7.1: a guild-only command (``guild_only``, ``allowed_contexts``) is not offered in
the bot's DMs, an age-restricted one (``nsfw=True``) only in age-restricted channels,
and one with ``default_permissions`` only to members who hold them, or whom an admin
lets use it; everywhere else it reaches the bot."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox
from tidecord.sandbox.state import StateError

from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def access_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)

    async def where(interaction):
        place = interaction.channel.name if interaction.guild else "a DM"
        await interaction.response.send_message(f"/{interaction.command.name} in {place}")

    for name, decorators in [
        ("anywhere", [app_commands.allowed_contexts(guilds=True, dms=True)]),
        ("plain", []),
        ("server", [app_commands.guild_only()]),
        ("private", [app_commands.dm_only()]),
        ("mods", [app_commands.default_permissions(manage_messages=True)]),
        ("admins", [app_commands.default_permissions()]),
    ]:
        command = app_commands.command(name=name, description=f"The {name} command")(where)
        for decorator in decorators:
            command = decorator(command)
        bot.tree.add_command(command)
    bot.tree.add_command(app_commands.command(name="spicy", description="Grown-ups only",
                                              nsfw=True)(where))

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


TRIES = [("alice", "anywhere", "dm"), ("alice", "plain", "dm"), ("alice", "server", "dm"),
         ("alice", "private", "dm"), ("alice", "private", "general"),
         ("alice", "server", "general"), ("alice", "spicy", "general"),
         ("alice", "spicy", "after-dark"), ("alice", "mods", "general"),
         ("bob", "mods", "general"), ("bob", "admins", "general"), ("alice", "admins", "general"),
         ("grant", "mods", "bob"), ("bob", "mods", "general")]


async def _try(sb: Sandbox, who: str, name: str, where: str) -> str:
    if who == "grant":  # the owner lets ``where`` (a person) use the command
        [command] = [c.id for c in sb.state.commands.values() if c.name == name]
        sb.state.set_command_permissions(sb.guild.id, command, [
            {"id": sb.user(where).id, "type": 2, "permission": True}], by="alice")
        return f"alice lets {where} use /{name}"
    channel = sb.state.dm_channel(sb.user(who).id) if where == "dm" else sb.channel(where)
    try:
        record = await sb.invoke_command(who, channel, name)
    except StateError as error:
        return f"{who}: {error}"
    await record.wait_response(10)
    assert record.original is not None
    return f"{who}: {record.original.content}"


async def test_commands_are_offered_where_discord_offers_them(sandbox_factory: Any) -> None:
    said: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, access_bot):
            said[library] = [await _try(sb, *attempt) for attempt in TRIES]
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "alice: /anywhere in a DM",
        "alice: /plain in a DM",
        "alice: /server is not offered here (its contexts leave this kind of channel out)",
        "alice: /private in a DM",
        "alice: /private is not offered here (its contexts leave this kind of channel out)",
        "alice: /server in general",
        "alice: /spicy is age-restricted: only offered in age-restricted channels",
        "alice: /spicy in after-dark",
        "alice: /mods in general",
        "bob: /mods is not offered to this member (default_member_permissions)",
        "bob: /admins is not offered to this member (default_member_permissions)",
        "alice: /admins in general",
        "alice lets bob use /mods",
        "bob: /mods in general",
    ]
