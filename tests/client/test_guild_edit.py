"""Guild.edit's safety keywords on the client: paused invites and DMs reach the cached
guild by GUILD_UPDATE, and the keywords Discord publishes no route for are refused
before anything is sent."""

from __future__ import annotations

import datetime

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

pytestmark = pytest.mark.timeout(30)

GARDEN = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Garden", "owner": "alice", "members": ["alice"],
                "bot_permissions": ["view_channel", "manage_guild"],
                "channels": [{"name": "general"}, {"name": "alerts"}]}],
}))


@GARDEN
async def test_paused_invites_reach_the_cached_guild(sandbox: Sandbox,
                                                     connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    until_then = tidecord.utils.utcnow() + datetime.timedelta(hours=1)
    alerts = tidecord.utils.get(guild.text_channels, name="alerts")
    edited = await guild.edit(dms_disabled_until=until_then, safety_alerts_channel=alerts,
                              invites_disabled=True)
    assert edited.dms_paused() and "INVITES_DISABLED" in edited.features
    await until(lambda: client.guilds[0].dms_paused()
                and client.guilds[0].safety_alerts_channel == alerts)
    assert client.guilds[0].invites_paused()
    await guild.edit(dms_disabled_until=None, safety_alerts_channel=None)
    await until(lambda: not client.guilds[0].dms_paused()
                and client.guilds[0].safety_alerts_channel is None)


@GARDEN
async def test_unpublished_settings_are_refused(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    for options in ({"vanity_code": "garden"}, {"mfa_level": 1}):
        with pytest.raises(TypeError, match="no route"):
            await guild.edit(**options)
    assert sandbox.guild.vanity_url_code is None
