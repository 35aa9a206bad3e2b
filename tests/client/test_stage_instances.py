"""Stage instances on the client: a stage started, read back, retitled and ended from a
StageChannel, the cache following the gateway (GUILD_CREATE's live stages, then
on_stage_instance_create / _update / _delete), and discord.py's refusals."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import tidecord
from tidecord.models import Snowflake
from tidecord.models.stage_instance import StageInstance
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

pytestmark = pytest.mark.timeout(30)

HALL = pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice"],
                "bot_permissions": ["view_channel", "connect", "manage_channels",
                                    "mute_members", "move_members", "create_events",
                                    "manage_events", "view_audit_log", "manage_guild"],
                "channels": [{"name": "general"}, {"name": "Main", "type": 13},
                             {"name": "Side", "type": 13}]}],
}))


class Watcher(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.heard: list[tuple[str, Any]] = []

    async def on_stage_instance_create(self, instance: StageInstance) -> None:
        self.heard.append(("create", instance.topic))

    async def on_stage_instance_update(self, before: StageInstance,
                                       after: StageInstance) -> None:
        self.heard.append(("update", (before.topic, after.topic)))

    async def on_stage_instance_delete(self, instance: StageInstance) -> None:
        self.heard.append(("delete", instance.topic))


@HALL
async def test_a_stage_runs_from_start_to_end(sandbox: Sandbox, connect: Connect) -> None:
    side = sandbox.channel("Side").id
    # Started by a person before the bot connects: GUILD_CREATE carries it.
    sandbox.state.add_stage_instance(StageInstance(
        id=sandbox.state.new_id(), guild_id=sandbox.guild.id, channel_id=Snowflake(side),
        topic="Open mic"))
    client = await connect(Watcher)
    assert isinstance(client, Watcher)
    guild = client.guilds[0]
    assert [s.topic for s in guild.stage_instances] == ["Open mic"]
    stage = guild.get_channel(sandbox.channel("Main").id)
    assert isinstance(stage, tidecord.StageChannel) and stage.instance is None

    event = await guild.create_scheduled_event(
        name="Talk", channel=stage,
        start_time=tidecord.utils.utcnow() + datetime.timedelta(hours=1))
    await until(lambda: guild.get_scheduled_event(event.id) is not None)
    made = await stage.create_instance(topic="Town hall", scheduled_event=event,
                                       reason="weekly")
    assert (made.topic, made.privacy_level, made.channel, made.guild) == (
        "Town hall", tidecord.PrivacyLevel.guild_only, stage, guild)
    assert made.scheduled_event == event and made.discoverable_disabled is False
    await until(lambda: stage.instance is not None)
    assert stage.instance == made and guild.get_stage_instance(made.id) == made
    fetched = await stage.fetch_instance()
    assert (fetched.id, fetched.topic) == (made.id, "Town hall")
    by_client = await client.fetch_stage_instance(stage.id)
    assert (by_client, by_client.guild) == (made, guild)
    # discord.py's lookup takes the stage channel's id, not the instance's.
    assert client.get_stage_instance(stage.id) == made
    assert client.get_stage_instance(made.id) is None
    assert client.get_stage_instance(guild.text_channels[0].id) is None

    assert await made.edit(topic="Questions") is None
    await until(lambda: ("update", ("Town hall", "Questions")) in client.heard)
    assert stage.instance is not None and stage.instance.topic == "Questions"
    with pytest.raises(TypeError):
        await made.edit(privacy_level=2)  # type: ignore[arg-type]

    await made.delete()
    await until(lambda: stage.instance is None)
    assert client.heard == [("create", "Town hall"), ("update", ("Town hall", "Questions")),
                            ("delete", "Questions")]
    with pytest.raises(tidecord.NotFound) as caught:
        await stage.fetch_instance()
    assert caught.value.code == 10067
    await stage.create_instance(topic="Again")
    with pytest.raises(tidecord.HTTPException) as again:
        await stage.create_instance(topic="Twice")
    assert (again.value.status, again.value.code) == (400, 150006)


@HALL
async def test_the_audit_log_names_the_stage(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    stage = guild.get_channel(sandbox.channel("Main").id)
    made = await stage.create_instance(topic="Town hall", reason="weekly")
    await until(lambda: stage.instance is not None)
    [entry] = [e async for e in guild.audit_logs(
        action=tidecord.AuditLogAction.stage_instance_create)]
    assert (entry.target, entry.extra.channel, entry.reason) == (made, stage, "weekly")
    assert (entry.after.topic, entry.after.privacy_level) == (
        "Town hall", tidecord.PrivacyLevel.guild_only)
    await made.delete()
    await until(lambda: stage.instance is None)
    [gone] = [e async for e in guild.audit_logs(
        action=tidecord.AuditLogAction.stage_instance_delete)]
    assert isinstance(gone.target, tidecord.Object) and gone.target.id == made.id
    assert gone.target.type is StageInstance and gone.before.topic == "Town hall"


@HALL
async def test_a_guild_update_keeps_live_stages_and_events(sandbox: Sandbox,
                                                           connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    stage = guild.get_channel(sandbox.channel("Main").id)
    event = await guild.create_scheduled_event(
        name="Talk", channel=stage,
        start_time=tidecord.utils.utcnow() + datetime.timedelta(hours=1))
    made = await stage.create_instance(topic="Town hall")
    await until(lambda: stage.instance is not None and guild.scheduled_events)
    await guild.edit(name="Great Hall")
    await until(lambda: client.guilds[0].name == "Great Hall")
    renamed = client.guilds[0]
    assert renamed.stage_instances == [made] and renamed.scheduled_events == [event]
