"""Where Discord offers a slash command, for the same bot on tidecord and on discord.py
2.7.1: a guild-only command (``guild_only``, ``allowed_contexts``) is not offered in
the bot's DMs, an age-restricted one (``nsfw=True``) only in age-restricted channels,
and one with ``default_permissions`` only to members who hold them, or whom an admin
lets use it; everywhere else it reaches the bot. Then what a command reads in the bot's
DMs (no guild, no permissions of the user's, so ``has_permissions`` refuses), in a
thread, and of a thread option (its owner, parent and the user's permissions there)."""

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


def places_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    intents = discord.Intents.default()
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.tree.command(description="Where am I?")
    async def where(interaction, who: discord.User | None = None):
        i = interaction
        await i.response.send_message(
            f"guild={i.guild} channel={i.channel.type!r} user={type(i.user).__name__} "
            f"permissions={i.permissions.value} bot may send={i.app_permissions.send_messages} "
            f"{i.context!r} guild_locale={i.guild_locale} "
            f"who={type(who).__name__} {getattr(who, 'name', None)}")

    @bot.tree.command(description="Needs a permission")
    @app_commands.checks.has_permissions(send_messages=True)
    async def post(interaction):
        await interaction.response.send_message("posted")

    @post.error
    async def post_error(interaction, error):
        await interaction.response.send_message(f"{type(error).__name__}: {error}")

    @bot.tree.command(description="A thread")
    async def thread(interaction, t: discord.Thread, raw: app_commands.AppCommandThread):
        await interaction.response.send_message(
            f"{t.name} in {t.parent.name} {t.type!r}; {type(raw).__name__} owner "
            f"{raw.owner_id == t.owner_id} parent {raw.parent_id == t.parent_id} "
            f"may manage {raw.permissions.manage_threads} archived {raw.archived}")

    async def setup_hook():
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def _places(sb: Sandbox) -> list[str]:
    talk = sb.state.create_thread(sb.channel("general").id, "talk", sb.user("carol").id)
    dm = sb.state.dm_channel(sb.user("bob").id)
    out = []
    for who, channel, name, options in [
            ("bob", dm, "where", {"who": "carol"}), ("bob", dm, "post", None),
            ("bob", sb.channel("general"), "post", None), ("bob", talk, "where", None),
            ("alice", sb.channel("general"), "thread", {"t": talk.id, "raw": talk.id}),
            ("bob", sb.channel("general"), "thread", {"t": talk.id, "raw": talk.id})]:
        record = await sb.invoke_command(who, channel, name, options)
        await record.wait_response(10)
        assert record.original is not None
        out.append(f"{who} /{name}: {record.original.content}")
    return out


async def test_dms_threads_and_thread_options_as_on_discord_py(sandbox_factory: Any) -> None:
    said: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, places_bot):
            said[library] = await _places(sb)
    assert said["tidecord"] == said["discord.py"]
    lines = said["tidecord"]
    assert lines[0].startswith("bob /where: guild=None channel=<ChannelType.private: 1> "
                               "user=User permissions=0 bot may send=True "
                               "<AppCommandContext guild=False dm_channel=True")
    assert lines[0].endswith("guild_locale=None who=User carol")
    assert lines[1] == "bob /post: MissingPermissions: You are missing Send Messages " \
                       "permission(s) to run this command."
    assert lines[2] == "bob /post: posted"
    assert lines[4] == "alice /thread: talk in general <ChannelType.public_thread: 11>; " \
                       "AppCommandThread owner True parent True may manage True archived False"
    assert lines[5].endswith("may manage False archived False")
