"""Guild settings as a set-up bot changes them: rename, describe, pick the system and
AFK channels, raise verification, quiet notifications; hear GUILD_UPDATE, find it in
the audit log, be refused a bad value; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def guild_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_guild", "view_audit_log"],
            "channels": [{"name": "general"}, {"name": "welcome"}, {"name": "log"},
                         {"name": "quiet", "type": 2}],
            "members": ["alice"],
        }],
    })


def setup_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def settings(g):
        return (f"verification {g.verification_level}, notifications "
                f"{g.default_notifications}, filter {g.explicit_content_filter}, afk "
                f"{g.afk_timeout}")

    @bot.command()
    async def before(ctx):
        await ctx.send(f"{ctx.guild.name}: {settings(ctx.guild)}; system "
                       f"{ctx.guild.system_channel}")

    @bot.command()
    async def setup(ctx):
        welcome = discord.utils.get(ctx.guild.text_channels, name="welcome")
        quiet = discord.utils.get(ctx.guild.voice_channels, name="quiet")
        edited = await ctx.guild.edit(
            name="Garden club", description="all about plants", system_channel=welcome,
            afk_channel=quiet, afk_timeout=900,
            verification_level=discord.VerificationLevel.medium,
            default_notifications=discord.NotificationLevel.only_mentions,
            reason="first setup")
        # The guild Discord answers with carries no channels: no system channel to show.
        await ctx.send(f"edited {edited.name} ({edited.description}): {settings(edited)}; "
                       f"system {edited.system_channel}")

    @bot.event
    async def on_guild_update(old, new):
        log = discord.utils.get(new.text_channels, name="log")
        await log.send(f"{old.name} -> {new.name}; {settings(new)}; system "
                       f"#{new.system_channel.name}, afk {new.afk_channel.name}")

    @bot.command()
    async def bad(ctx):
        try:
            await ctx.guild.edit(afk_timeout=7)
        except discord.HTTPException as exc:
            await ctx.send(f"refused ({exc.status} {exc.code})")

    @bot.command()
    async def logged(ctx):
        found = [e async for e in ctx.guild.audit_logs(limit=5)]
        first = found[0]
        await ctx.send(f"audit {[(e.action.name, e.reason) for e in found]}; name "
                       f"{first.before.name} -> {first.after.name}")

    return bot


LINES = [
    ("alice", "general", "!before"),
    ("alice", "general", "!setup", 2),
    ("alice", "general", "!bad"),
    ("alice", "general", "!logged"),
]


async def test_guild_settings_change_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, setup_bot, LINES, world=guild_world)
    # The update's log line and the command's answer race (gateway and REST).
    assert sorted(said["tidecord"]) == sorted(said["discord.py"])
    text = "\n".join(said["tidecord"])
    for line in ("Sandbox: verification none, notifications NotificationLevel.all_messages, "
                 "filter disabled, afk 300; system general",
                 "edited Garden club (all about plants): verification medium, notifications "
                 "NotificationLevel.only_mentions, filter disabled, afk 900; system None",
                 "Sandbox -> Garden club; verification medium, notifications "
                 "NotificationLevel.only_mentions, filter disabled, afk 900; system #welcome, "
                 "afk quiet",
                 "refused (400 50035)",
                 "audit [('guild_update', 'first setup')]; name Sandbox -> Garden club"):
        assert line in text, line
