"""Command permissions as discord.py 2.7.1 reads them: an admin sets who may use a
synced command (roles, people, every channel, one channel; then the application-wide
default), the bot hears ``on_raw_app_command_permissions_update`` and reads them back
with ``cmd.fetch_permissions(guild)``: each overwrite's type, value and target (role,
member, channel, ``AllChannels``), reprs and ``to_dict()``; a command left at its
defaults answers NotFound (10066). The same bot on tidecord and on discord.py must say
the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def permissions_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    synced: dict[str, Any] = {}

    @bot.tree.command(description="Post in a channel")
    async def post(interaction):
        await interaction.response.send_message("posted")

    @bot.tree.command(description="Say hello")
    async def hello(interaction):
        await interaction.response.send_message("hello")

    def target(p):
        found = p.target
        if isinstance(found, discord.Object):
            return f"Object type={found.type.__name__}"
        if isinstance(found, discord.app_commands.AllChannels):
            return repr(found)
        # tidecord's channels are one class: ask isinstance, as user code does.
        kind = next(k for k in ("Role", "Member", "User", "TextChannel", "VoiceChannel")
                    if isinstance(found, getattr(discord, k)))
        return f"{kind} {found.name}"

    def overwrites(guild, permissions):
        lines = []
        for p in permissions:
            shown = repr(p).replace(str(p.id), "ID")
            lines.append(f"{p.type!r} {p.type} {p.permission} -> {target(p)}; "
                         f"{p.guild == guild} {p.to_dict() == {'id': p.id, 'type': p.type.value, 'permission': p.permission}} "  # noqa: E501
                         f"{shown}")
        return lines

    @bot.event
    async def on_raw_app_command_permissions_update(payload):
        guild = payload.guild
        general = discord.utils.get(guild.text_channels, name="general")
        about = {payload.target_id == c.id: n for n, c in synced.items()}.get(True)
        if payload.target_id == bot.application_id:
            about = "every command"
        head = (f"update for {about}: app {payload.application_id == bot.application_id} "
                f"guild {guild.name} {len(payload.permissions)} overwrites "
                f"{type(payload).__name__}")
        await general.send("\n".join([head, *overwrites(guild, payload.permissions)]))

    @bot.command()
    async def sync(ctx):
        bot.tree.copy_global_to(guild=ctx.guild)
        for cmd in await bot.tree.sync(guild=ctx.guild):
            synced[cmd.name] = cmd
        await ctx.send(f"synced {sorted(synced)}")

    @bot.command()
    async def perms(ctx, name: str):
        cmd = synced[name]
        try:
            found = await cmd.fetch_permissions(ctx.guild)
        except discord.NotFound as exc:
            await ctx.send(f"{name}: {type(exc).__name__} {exc.status} {exc.code} {exc.text}")
            return
        head = (f"{name}: {type(found).__name__} {found.id == cmd.id} "
                f"{found.application_id == bot.application_id} "
                f"{found.guild_id == ctx.guild.id} {found.guild == ctx.guild} "
                f"{found.command is cmd} {sorted(found.to_dict())} "
                f"{len(found.to_dict()['permissions'])}")
        await ctx.send("\n".join([head, *overwrites(ctx.guild, found.permissions)]))

    return bot


def _admin_sets(name: str, *targets: tuple[str, str, bool]) -> Do:
    """Alice (the owner) sets ``name``'s overwrites in Server Settings: each target is
    (kind, who, allowed); ``name`` "*" is the application-wide default."""
    def admin_sets(sb: Sandbox) -> None:
        state, guild = sb.state, sb.guild
        if name == "*":
            command_id = int(state.application.id)
        else:
            [command_id] = [int(c.id) for c in state.commands.values() if c.name == name]
        kinds = {"role": 1, "user": 2, "channel": 3}
        permissions = []
        for kind, who, allowed in targets:
            if kind == "role":
                ref = next(int(r.id) for r in state.guild_roles(guild.id) if r.name == who)
            elif who == "all channels":
                ref = int(guild.id) - 1
            elif kind == "channel":
                ref = int(sb.channel(who).id)
            else:
                ref = int(sb.user(who).id)
            permissions.append({"id": ref, "type": kinds[kind], "permission": allowed})
        state.set_command_permissions(guild.id, command_id, permissions, by="alice")
    admin_sets.__name__ = f"admin sets {name}"
    return Do(admin_sets, replies=1)


LINES = [
    ("alice", "general", "!sync"),
    ("alice", "general", "!perms post"),
    _admin_sets("post", ("role", "Moderator", True), ("role", "@everyone", False),
                ("user", "bob", False), ("user", "carol", True),
                ("channel", "all channels", False), ("channel", "general", True)),
    ("alice", "general", "!perms post"),
    ("alice", "general", "!perms hello"),
    _admin_sets("*", ("role", "@everyone", False)),
    _admin_sets("post"),
    ("alice", "general", "!perms post"),
]


async def test_command_permissions_read_as_in_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, permissions_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    lines = said["tidecord"]
    not_found = "NotFound 404 10066 Unknown application command permissions"
    assert lines[1] == f"#general: post: {not_found}"
    assert lines[2].startswith("#general: update for post: app True guild Sandbox 6 overwrites "
                               "RawAppCommandPermissionsUpdateEvent")
    assert "-> Role Moderator;" in lines[2] and "-> <AllChannels guild=Sandbox>;" in lines[2]
    assert "-> Member bob;" in lines[2] and "-> TextChannel general;" in lines[2]
    assert lines[3].startswith("#general: post: GuildAppCommandPermissions True True True True "
                               "True ['permissions'] 6")
    assert lines[4] == f"#general: hello: {not_found}"
    assert lines[5].startswith("#general: update for every command: app True guild Sandbox 1")
    assert lines[6].startswith("#general: update for post: app True guild Sandbox 0")
    assert lines[7] == f"#general: post: {not_found}"
