"""A voice channel's status, set as discord.py sets it (``VoiceChannel.edit(status=...)``,
its own PUT /channels/{id}/voice-status): set, cleared, set beside a rename (then the
channel is PATCHed too), too long (Discord's 50035), and without Manage Channels from
outside the channel (50013). Each library must say the same, and leave the same audit
log entries (192 set, 193 cleared) in the sandbox."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def lounge_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_channels", "set_voice_channel_status", "connect"],
            "channels": [{"name": "general"}, {"name": "Lounge", "type": 2},
                         {"name": "Quiet", "type": 2, "overwrites": [
                             {"role": "@everyone", "deny": ["manage_channels"]}]}],
            "members": ["alice"],
        }],
    })


def status_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def attempt(ctx, where, **options):
        channel = discord.utils.get(ctx.guild.voice_channels, name=where)
        try:
            result = await channel.edit(**options)
        except discord.HTTPException as e:
            await ctx.send(f"refused {e.status} {e.code} {e.text}")
        else:
            await ctx.send(f"done {isinstance(result, discord.VoiceChannel)} "
                           f"{getattr(result, 'name', '-')}")

    @bot.command()
    async def status(ctx, *, text: str):
        await attempt(ctx, "Lounge", status=text)

    @bot.command()
    async def clear(ctx):
        await attempt(ctx, "Lounge", status=None, reason="quiet now")

    @bot.command()
    async def rename(ctx):
        await attempt(ctx, "Lounge", status="Jam", name="Jam Room")

    @bot.command()
    async def long(ctx):
        await attempt(ctx, "Jam Room", status="x" * 501)

    @bot.command()
    async def quiet(ctx):
        await attempt(ctx, "Quiet", status="shh")

    return bot


async def test_voice_status_is_set_cleared_and_refused_alike(sandbox_factory: Any) -> None:
    boxes: list[Sandbox] = []

    async def keep(sb: Sandbox) -> None:
        boxes.append(sb)

    said = await both(sandbox_factory, status_bot, [
        ("alice", "general", "!status Lo-fi beats"),
        ("alice", "general", "!clear"),
        ("alice", "general", "!rename"),
        ("alice", "general", "!long"),
        ("alice", "general", "!quiet"),
    ], world=lounge_world, prepare=keep)
    assert said["tidecord"] == said["discord.py"], said
    assert said["tidecord"] == [f"#general: {line}" for line in (
        "done False -", "done False -", "done True Jam Room",
        "refused 400 50035 Invalid Form Body\nIn status: Must be 500 or fewer in length.",
        "refused 403 50013 Missing Permissions")]
    left = []
    for sb in boxes:
        entries = [e for log in sb.state.audit_log.values() for e in log
                   if e["action_type"] in (192, 193)]
        left.append([(e["action_type"], e["options"], e.get("reason")) for e in entries])
    assert left[0] == left[1]
    assert [(kind, options.get("status"), reason) for kind, options, reason in left[0]] == [
        (192, "Lo-fi beats", None), (193, None, "quiet now"), (192, "Jam", None)]
