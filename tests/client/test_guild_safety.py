"""A guild's safety state (paused invites and DMs, detected raids and spam), its limits,
its shard, its vanity URL and invite, its roles' member counts, and a refused delete,
as discord.py reads them."""

from __future__ import annotations

import datetime

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect

pytestmark = pytest.mark.timeout(30)

SOON = datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
PAST = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def _world(*, vanity: bool = True, incidents: bool = True) -> World:
    world = World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Garden", "owner": "alice",
                    "features": ["COMMUNITY", "VANITY_URL"] if vanity else ["VIP_REGIONS"],
                    "roles": [{"name": "Gardener"}, {"name": "Visitor"}],
                    "members": [{"user": "alice", "roles": ["Gardener"]},
                                {"user": "bob", "roles": ["Gardener", "Visitor"]}],
                    "bot_permissions": ["view_channel", "manage_guild", "manage_roles"],
                    "channels": [{"name": "general"}, {"name": "alerts"}]}],
    })
    guild = world.guilds[0]
    if vanity:
        guild.vanity_url_code = "garden"
        guild.premium_tier = 2
    if incidents:
        guild.incidents_data = {"invites_disabled_until": SOON.isoformat(),
                                "dms_disabled_until": PAST.isoformat(),
                                "raid_detected_at": SOON.isoformat(),
                                "dm_spam_detected_at": None}
    assert isinstance(guild.channels, list)
    guild.safety_alerts_channel_id = next(c.id for c in guild.channels if c.name == "alerts")
    return world


GARDEN = pytest.mark.sandbox(world=_world())
PLAIN = pytest.mark.sandbox(world=_world(vanity=False, incidents=False))


@GARDEN
async def test_a_guilds_safety_state_and_limits(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    assert guild.invites_paused_until == SOON and guild.invites_paused()
    assert guild.dms_paused_until == PAST and not guild.dms_paused()  # over
    assert guild.raid_detected_at == SOON and guild.is_raid_detected()
    assert guild.dm_spam_detected_at is None and not guild.is_dm_spam_detected()
    assert guild.safety_alerts_channel is not None
    assert guild.safety_alerts_channel.name == "alerts"
    assert guild.bitrate_limit == 256e3  # tier 2
    assert (guild.max_video_channel_users, guild.max_stage_video_users) == (25, 50)
    assert guild.shard_id == 0 and guild.voice_client is None
    assert guild.vanity_url == "https://discord.gg/garden"


@PLAIN
async def test_a_quiet_guild(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    assert guild.invites_paused_until is None and not guild.invites_paused()
    assert not guild.dms_paused() and not guild.is_raid_detected()
    assert guild.bitrate_limit == 128e3  # VIP_REGIONS at tier 0
    assert guild.vanity_url is None and await guild.vanity_invite() is None


@GARDEN
async def test_the_vanity_invite(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    invite = await guild.vanity_invite()
    assert invite.code == "garden" and invite.uses == 0 and invite.max_uses == 0
    assert invite.guild.id == guild.id and invite.channel.name == "general"
    assert invite.inviter is None and not invite.temporary


@GARDEN
async def test_role_member_counts_and_a_refused_delete(sandbox: Sandbox,
                                                       connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    counts = {role.name: n for role, n in (await guild.role_member_counts()).items()}
    assert counts == {"Gardener": 2, "Visitor": 1, "SandboxBot": 1}
    assert all(isinstance(r, tidecord.Role) for r in await guild.role_member_counts())
    with pytest.raises(tidecord.Forbidden) as refused, \
            pytest.warns(DeprecationWarning, match="delete is deprecated"):
        await guild.delete()
    assert refused.value.code == 50013
