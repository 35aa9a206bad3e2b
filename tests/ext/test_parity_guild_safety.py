"""A server-status bot: the guild's safety state (paused invites and DMs, raids, DM
spam, the alerts channel), its limits and shard, its vanity URL and invite, its roles'
member counts and a refused delete; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import warnings
from typing import Any

import pytest

from ..client.test_guild_safety import _world
from .parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def status_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def safety(ctx):
        g = ctx.guild
        alerts = g.safety_alerts_channel
        await ctx.send(
            f"invites {g.invites_paused()} until {g.invites_paused_until}; "
            f"dms {g.dms_paused()} until {g.dms_paused_until}; "
            f"raid {g.is_raid_detected()} at {g.raid_detected_at}; "
            f"spam {g.is_dm_spam_detected()} at {g.dm_spam_detected_at}; "
            f"alerts {alerts and alerts.name}")

    @bot.command()
    async def limits(ctx):
        g = ctx.guild
        await ctx.send(f"bitrate {g.bitrate_limit} video {g.max_video_channel_users} "
                       f"stage {g.max_stage_video_users} shard {g.shard_id} "
                       f"voice {g.voice_client} vanity {g.vanity_url}")

    @bot.command()
    async def vanity(ctx):
        invite = await ctx.guild.vanity_invite()
        if invite is None:
            await ctx.send("no vanity invite")
            return
        await ctx.send(f"invite {invite.code} uses {invite.uses} max {invite.max_uses} "
                       f"age {invite.max_age} to #{invite.channel.name} of "
                       f"{invite.guild.name} by {invite.inviter} url {invite.url}")

    @bot.command()
    async def counts(ctx):
        counts = await ctx.guild.role_member_counts()
        shown = sorted((role.name, n) for role, n in counts.items())
        await ctx.send(f"counts {shown}")

    @bot.command()
    async def destroy(ctx):
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                await ctx.guild.delete()
        except discord.HTTPException as exc:
            await ctx.send(f"delete: {type(exc).__name__} {exc.status} {exc.code} "
                           f"warned {[str(w.message) for w in caught]}")

    return bot


LINES = [
    ("alice", "general", "!safety"),
    ("alice", "general", "!limits"),
    ("alice", "general", "!vanity"),
    ("alice", "general", "!counts"),
    ("alice", "general", "!destroy"),
]


def _bare_world() -> Any:
    return _world(vanity=False, incidents=False)


async def test_guild_safety_reads_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, status_bot, LINES, world=_world)
    assert said["tidecord"] == said["discord.py"]
    assert len(said["tidecord"]) == len(LINES)
    text = "\n".join(said["tidecord"])
    for part in ("invites True until 2999-01-01 00:00:00+00:00", "raid True",
                 "alerts alerts", "bitrate 256000.0 video 25 stage 50 shard 0 voice None "
                 "vanity https://discord.gg/garden", "invite garden uses 0 max 0",
                 "delete: Forbidden 403 50013 warned ['delete is deprecated.']"):
        assert part in text, part


async def test_a_quiet_guild_reads_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, status_bot, LINES[:3], world=_bare_world)
    assert said["tidecord"] == said["discord.py"]
    assert "no vanity invite" in said["tidecord"][-1]
