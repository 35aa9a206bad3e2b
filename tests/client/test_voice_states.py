"""Voice states on the client: kept from GUILD_CREATE and VOICE_STATE_UPDATE, read as
``member.voice`` and a voice channel's ``members``, and a moderator's calls
(``move_to``, ``edit(mute=..., suppress=...)``, ``request_to_speak``, ``fetch_voice``)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, until

pytestmark = pytest.mark.timeout(30)

HALL = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice", "global_name": "Alice"},
              {"username": "bob", "global_name": "Bob"}],
    "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice", "bob"],
                "bot_permissions": ["view_channel", "send_messages", "connect",
                                    "move_members", "mute_members", "deafen_members"],
                "channels": [{"name": "general"}, {"name": "Lounge", "type": 2},
                             {"name": "Away", "type": 2}, {"name": "Stage", "type": 13}]}],
}))


@HALL
async def test_member_voice_follows_joins_moves_and_leaves(sandbox: Sandbox,
                                                           connect: Connect) -> None:
    await sandbox.join_voice("alice", "Lounge", self_mute=True)
    sandbox.state.update_guild(sandbox.guild.id, afk_channel_id=sandbox.channel("Away").id)
    client = await connect()
    seen: list[tuple[str, Any, Any]] = []

    @client.event
    async def on_voice_state_update(member: Any, before: Any, after: Any) -> None:
        seen.append((member.name, before.channel and before.channel.name,
                     after.channel and after.channel.name))

    guild = client.guilds[0]
    alice = guild.get_member(sandbox.user("alice").id)
    lounge = guild.get_channel(sandbox.channel("Lounge").id)
    assert alice.voice.channel is lounge and alice.voice.self_mute and not alice.voice.afk
    assert lounge.members == [alice] and list(lounge.voice_states) == [alice.id]

    await sandbox.join_voice("bob", "Stage")
    await sandbox.join_voice("alice", "Away")
    await sandbox.leave_voice("bob")
    await until(lambda: len(seen) == 3)
    assert seen == [("bob", None, "Stage"), ("alice", "Lounge", "Away"), ("bob", "Stage", None)]
    assert alice.voice.afk and alice.voice.channel.name == "Away"
    assert lounge.members == [] and guild.get_member(sandbox.user("bob").id).voice is None
    assert "channel=" in repr(alice.voice) and "self_mute=True" in repr(alice.voice)


@HALL
async def test_moderating_voice_from_the_client(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    bob = guild.get_member(sandbox.user("bob").id)
    with pytest.raises(tidecord.HTTPException) as refused:
        await bob.edit(mute=True)
    assert (refused.value.status, refused.value.code) == (400, 40032)
    with pytest.raises(tidecord.NotFound):
        await bob.fetch_voice()

    await sandbox.join_voice("bob", "Lounge")
    await until(lambda: bob.voice is not None)
    edited = await bob.edit(mute=True, deafen=True, reason="loud")
    assert edited is not None and edited.mute and edited.deaf
    await until(lambda: bob.voice.mute and bob.voice.deaf)
    await bob.move_to(guild.get_channel(sandbox.channel("Stage").id))
    await until(lambda: bob.voice.channel.name == "Stage")
    assert bob.voice.suppress
    assert await bob.edit(suppress=False) is None  # only the stage: nothing to answer with
    await until(lambda: not bob.voice.suppress)
    assert bob.voice.requested_to_speak_at is not None
    fetched = await bob.fetch_voice()
    assert fetched.channel.name == "Stage" and fetched.mute and not fetched.suppress
    await bob.move_to(None)
    await until(lambda: bob.voice is None)
    with pytest.raises(tidecord.ClientException):
        await bob.request_to_speak()


@HALL
async def test_an_unreadable_voice_state_is_skipped_and_the_rest_served(
        sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture) -> None:
    client = await connect()
    guild = client.guilds[0]
    caplog.set_level(logging.WARNING)
    sandbox.hub.inject_dispatch("VOICE_STATE_UPDATE", b'{"guild_id":"%d","user_id":"x"}'
                                % guild.id)
    await sandbox.join_voice("bob", "Lounge")
    bob = guild.get_member(sandbox.user("bob").id)
    await until(lambda: bob.voice is not None)
    assert "VOICE_STATE_UPDATE" in caplog.text
