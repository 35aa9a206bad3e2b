"""Integrations on the client: guild.integrations() reads each kind as discord.py does
(the bot's own as a BotIntegration, a Twitch link as a StreamIntegration), the
integration events arrive with the intent, and deleting one goes through."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import tidecord
from tidecord.models.integration import IntegrationAccount, StreamIntegration
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

pytestmark = pytest.mark.timeout(30)

CLUB = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Club", "owner": "alice", "members": ["alice"],
                "bot_permissions": ["view_channel", "manage_guild"],
                "roles": [{"name": "Subscriber"}],
                "channels": [{"name": "general"}]}],
}))


class Watcher(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.heard: list[tuple[str, Any]] = []

    async def on_integration_create(self, integration: tidecord.Integration) -> None:
        self.heard.append(("create", (type(integration).__name__, integration.name,
                                      integration.guild.name)))

    async def on_integration_update(self, integration: tidecord.Integration) -> None:
        self.heard.append(("changed", (integration.name, integration.expire_grace_period)))

    async def on_raw_integration_delete(self, raw: tidecord.RawIntegrationDeleteEvent) -> None:
        self.heard.append(("delete", (raw.integration_id, raw.application_id)))

    async def on_guild_integrations_update(self, guild: tidecord.Guild) -> None:
        self.heard.append(("update", guild.name))


@CLUB
async def test_integrations_are_read_heard_and_deleted(sandbox: Sandbox,
                                                       connect: Connect) -> None:
    client = await connect(Watcher)
    assert isinstance(client, Watcher)
    guild = client.guilds[0]
    [own] = await guild.integrations()
    assert isinstance(own, tidecord.BotIntegration)
    assert (own.type, own.enabled, own.guild) == ("discord", True, guild)
    assert own.application.user == client.user and own.application.id == client.application_id
    assert own.user is not None and own.user.name == "alice"
    assert own.account.id == str(client.user.id)

    role = next(r for r in guild.roles if r.name == "Subscriber")
    sandbox.state.add_integration(guild.id, StreamIntegration(
        id=sandbox.state.new_id(), name="alice_live", type="twitch",
        account=IntegrationAccount(id="4242", name="alice_live"), role_id=role.id,
        expire_behavior=1, expire_grace_period=7, subscriber_count=3,
        synced_at_iso="2026-01-01T00:00:00+00:00"))
    await until(lambda: len(client.heard) == 2)
    assert client.heard == [("create", ("StreamIntegration", "alice_live", "Club")),
                            ("update", "Club")]
    twitch = next(i for i in await guild.integrations() if i.type == "twitch")
    assert isinstance(twitch, tidecord.StreamIntegration)
    assert (twitch.expire_behaviour, twitch.expire_behavior, twitch.expire_grace_period) == (
        tidecord.ExpireBehaviour.kick, tidecord.ExpireBehavior.kick, 7)
    assert twitch.role == role and twitch.subscriber_count == 3 and twitch.user is None
    assert twitch.synced_at == datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

    sandbox.state.update_integration(guild.id, twitch.id, expire_grace_period=30)
    await until(lambda: len(client.heard) == 4)
    assert client.heard[2:] == [("changed", ("alice_live", 30)), ("update", "Club")]

    await twitch.delete(reason="stream over")
    await until(lambda: len(client.heard) == 6)
    assert client.heard[4:] == [("delete", (twitch.id, None)), ("update", "Club")]
    with pytest.raises(tidecord.NotFound) as caught:
        await twitch.delete()
    assert caught.value.code == 10005


@CLUB
async def test_without_the_intent_nothing_is_heard(sandbox: Sandbox, connect: Connect) -> None:
    intents = tidecord.Intents.default()
    intents.integrations = False
    client = await connect(Watcher, intents=intents)
    assert isinstance(client, Watcher)
    [own] = await client.guilds[0].integrations()
    await own.delete()
    await until(lambda: not client.guilds)
    assert client.heard == []
