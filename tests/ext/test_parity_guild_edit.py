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


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def admin_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["administrator"],
            "channels": [{"name": "general"}, {"name": "rules"}, {"name": "mods"},
                         {"name": "log"}],
            "members": ["alice"],
        }],
    })


def settings_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def attempt(ctx, label, **options):
        try:
            return await ctx.guild.edit(**options)
        except discord.HTTPException as exc:
            await ctx.send(f"{label}: refused ({exc.status} {exc.code})")
        except (TypeError, ValueError) as exc:
            await ctx.send(f"{label}: {type(exc).__name__}")
        return None

    def channel(ctx, name):
        return discord.utils.get(ctx.guild.text_channels, name=name)

    @bot.command()
    async def images(ctx):
        edited = await ctx.guild.edit(banner=PNG, splash=PNG, discovery_splash=PNG,
                                      reason="artwork")
        again = await ctx.guild.edit(banner=None)
        await ctx.send(f"images {edited.banner is not None} {edited.splash is not None} "
                       f"{edited.discovery_splash is not None}; banner gone "
                       f"{again.banner is None}, splash kept {again.splash is not None}")

    @bot.command()
    async def pause(ctx):
        edited = await ctx.guild.edit(invites_disabled=True)
        back = await ctx.guild.edit(invites_disabled=False)
        await ctx.send(f"paused {edited.invites_paused()} {sorted(edited.features)}; "
                       f"back {back.invites_paused()} {sorted(back.features)}")

    @bot.command()
    async def community(ctx):
        rules, mods = channel(ctx, "rules"), channel(ctx, "mods")
        await attempt(ctx, "no channels", community=True)
        await attempt(ctx, "no filter", community=True, rules_channel=rules,
                      public_updates_channel=mods)
        edited = await attempt(ctx, "community", community=True, rules_channel=rules,
                               public_updates_channel=mods,
                               explicit_content_filter=discord.ContentFilter.all_members)
        await ctx.send(f"community {sorted(edited.features)}, filter "
                       f"{edited.explicit_content_filter}")
        left = await ctx.guild.edit(community=False)
        await ctx.send(f"left community {sorted(left.features)}")
        await attempt(ctx, "discoverable", discoverable=True)

    @bot.command()
    async def alerts(ctx):
        mods = channel(ctx, "mods")
        edited = await ctx.guild.edit(safety_alerts_channel=mods, raid_alerts_disabled=True)
        await ctx.send(f"alerts {sorted(edited.features)}")

    @bot.command()
    async def owner(ctx):
        await attempt(ctx, "owner", owner=ctx.author)

    @bot.command()
    async def incidents(ctx):
        soon = discord.utils.utcnow() + __import__("datetime").timedelta(hours=2)
        await attempt(ctx, "naive", invites_disabled_until=soon.replace(tzinfo=None))
        edited = await ctx.guild.edit(invites_disabled_until=soon, dms_disabled_until=None)
        await ctx.send(f"incidents {edited.invites_paused()} {edited.dms_paused()} "
                       f"{edited.invites_paused_until > discord.utils.utcnow()}")
        far = soon + __import__("datetime").timedelta(days=1)
        await attempt(ctx, "too far", dms_disabled_until=far)
        cleared = await ctx.guild.edit(invites_disabled_until=None)
        await ctx.send(f"cleared {cleared.invites_paused()}")

    @bot.event
    async def on_guild_update(old, new):
        if old.features != new.features:
            log = discord.utils.get(new.text_channels, name="log")
            await log.send(f"features {sorted(old.features)} -> {sorted(new.features)}; "
                           f"rules {new.rules_channel}, alerts {new.safety_alerts_channel}")

    @bot.command()
    async def logged(ctx):
        found = [e async for e in ctx.guild.audit_logs(limit=10)]
        await ctx.send(f"audit {[(e.action.name, e.reason) for e in found][-2:]}")

    return bot


SETTINGS_LINES = [
    ("alice", "general", "!images"),
    ("alice", "general", "!pause", 3),
    ("alice", "general", "!community", 7),
    ("alice", "general", "!alerts", 2),
    ("alice", "general", "!owner"),
    ("alice", "general", "!incidents", 4),
    ("alice", "general", "!logged"),
]


async def test_the_other_guild_settings_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, settings_bot, SETTINGS_LINES, world=admin_world)
    assert sorted(said["tidecord"]) == sorted(said["discord.py"])
    text = "\n".join(said["tidecord"])
    for line in ("images True True True; banner gone True, splash kept True",
                 "paused True ['INVITES_DISABLED']; back False []",
                 "no channels: ValueError", "no filter: refused (403 40006)",
                 "community ['COMMUNITY'], filter all_members",
                 "discoverable: refused (403 40006)", "left community []",
                 "alerts ['RAID_ALERTS_DISABLED']", "owner: ValueError",
                 "naive: TypeError", "incidents True False True",
                 "too far: refused (400 50035)", "cleared False",
                 "features [] -> ['COMMUNITY']; rules rules, alerts None",
                 "features [] -> ['RAID_ALERTS_DISABLED']; rules rules, alerts mods"):
        assert line in text, line
