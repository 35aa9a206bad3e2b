"""Voice states as Discord keeps them: who is connected where, the events that say so
(with the voice states intent only), and the moderator's side: moving, disconnecting,
server mutes, and a stage's speakers, refused where Discord refuses."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import frames_during

pytestmark = pytest.mark.timeout(30)

GUILDS, MEMBERS, VOICE = 1 << 0, 1 << 1, 1 << 7


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Hall", "owner": "alice", "members": ["alice", "bob"],
                    "bot_permissions": ["view_channel", "send_messages", "view_audit_log",
                                        *permissions],
                    "channels": [{"name": "general"}, {"name": "Lounge", "type": 2},
                                 {"name": "Quiet", "type": 2},
                                 {"name": "Stage", "type": 13},
                                 {"name": "Locked", "type": 2, "overwrites": [
                                     {"role": "@everyone", "deny": ["connect"]}]}]}],
    })


MODERATOR = pytest.mark.sandbox(world=_world("connect", "move_members", "mute_members",
                                             "deafen_members"))


@MODERATOR
async def test_joining_moving_and_leaving_reach_only_bots_with_the_intent(
        sandbox: Sandbox) -> None:
    await sandbox.join_voice("bob", "Lounge", self_mute=True)

    async def act() -> None:
        await sandbox.join_voice("alice", "Quiet")
        await sandbox.join_voice("alice", "Stage")
        await sandbox.set_voice("alice", self_deaf=True)
        await sandbox.leave_voice("alice")

    with_intent = await frames_during(sandbox, GUILDS | MEMBERS | VOICE, act)
    listed = with_intent[0]["d"]["voice_states"]
    bob = str(sandbox.user("bob").id)
    assert [(v["user_id"], v["channel_id"], v["self_mute"]) for v in listed] == [
        (bob, str(sandbox.channel("Lounge").id), True)]
    assert "guild_id" not in listed[0]
    updates = [f["d"] for f in with_intent[1:] if f.get("t") == "VOICE_STATE_UPDATE"]
    assert [(u["channel_id"] and int(u["channel_id"]), u["suppress"], u["self_deaf"])
            for u in updates] == [
        (sandbox.channel("Quiet").id, False, False), (sandbox.channel("Stage").id, True, False),
        (sandbox.channel("Stage").id, True, True), (None, False, True)]
    assert all(u["guild_id"] == str(sandbox.guild.id) and u["member"]["user"]["username"]
               == "alice" for u in updates)
    assert len({u["session_id"] for u in updates}) == 1

    without = await frames_during(sandbox, GUILDS | MEMBERS, act)
    assert without[0]["d"]["voice_states"] == []
    assert not [f for f in without[1:] if f.get("t") == "VOICE_STATE_UPDATE"]



@MODERATOR
async def test_a_moderator_moves_mutes_and_disconnects(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    bob = sandbox.user("bob").id
    member = f"/guilds/{gid}/members/{bob}"
    status, answer, _ = await api.call("PATCH", member, {"mute": True})
    assert (status, answer["code"]) == (400, 40032)  # not connected
    await sandbox.join_voice("bob", "Lounge")
    quiet = sandbox.channel("Quiet").id
    status, _, _ = await api.call("PATCH", member, {"channel_id": quiet, "mute": True,
                                                    "deaf": True})
    assert status == 200
    voice = sandbox.state.voice_state(gid, bob)
    assert voice is not None and (voice.channel_id, voice.mute, voice.deaf) == (quiet, True, True)
    assert sandbox.state.member(gid, bob).mute  # a server mute outlasts the connection
    status, answer, _ = await api.call("GET", f"/guilds/{gid}/voice-states/{bob}")
    assert status == 200 and answer["channel_id"] == str(quiet) and answer["mute"] is True
    for body, code in (({"channel_id": str(sandbox.channel("general").id)}, 50024),
                       ({"channel_id": str(sandbox.channel("Locked").id)}, 50013),
                       ({"channel_id": "1"}, 10003)):
        status, answer, _ = await api.call("PATCH", member, body)
        assert answer["code"] == code, (body, answer)
    status, _, _ = await api.call("PATCH", member, {"channel_id": None})
    assert status == 200 and sandbox.state.voice_state(gid, bob) is None
    status, answer, _ = await api.call("GET", f"/guilds/{gid}/voice-states/{bob}")
    assert (status, answer["code"]) == (404, 10065)
    await sandbox.join_voice("bob", "Lounge")  # the server mute is still on
    assert sandbox.state.voice_state(gid, bob).mute is True  # type: ignore[union-attr]
    _, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs")
    kinds = [(e["action_type"], e.get("options")) for e in log["audit_log_entries"]]
    assert (27, {"count": "1"}) in kinds
    assert (26, {"channel_id": str(quiet), "count": "1"}) in kinds
    assert any(k == 24 for k, _ in kinds)


@pytest.mark.sandbox(world=_world("connect"))
async def test_moving_and_muting_take_their_permissions(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    bob = sandbox.user("bob").id
    await sandbox.join_voice("bob", "Lounge")
    for body in ({"channel_id": str(sandbox.channel("Quiet").id)}, {"channel_id": None},
                 {"mute": True}, {"deaf": True}):
        status, answer, _ = await api.call("PATCH", f"/guilds/{gid}/members/{bob}", body)
        assert (status, answer["code"]) == (403, 50013), body
    assert sandbox.state.voice_state(gid, bob).channel_id == sandbox.channel("Lounge").id  # type: ignore[union-attr]


@MODERATOR
async def test_a_stage_speaker_is_let_speak_and_sent_back(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    bob = sandbox.user("bob").id
    path = f"/guilds/{gid}/voice-states/{bob}"
    await sandbox.join_voice("bob", "Lounge")
    status, answer, _ = await api.call("PATCH", path, {"suppress": False})
    assert (status, answer["code"]) == (400, 50024)  # not a stage
    stage = sandbox.channel("Stage").id
    await sandbox.join_voice("bob", "Stage")
    assert sandbox.state.voice_state(gid, bob).suppress is True  # type: ignore[union-attr]
    status, answer, _ = await api.call("PATCH", path, {"channel_id": str(stage),
                                                       "suppress": False})
    assert status == 204
    voice = sandbox.state.voice_state(gid, bob)
    assert voice is not None and not voice.suppress and voice.request_to_speak_timestamp
    await api.call("PATCH", path, {"suppress": True})
    voice = sandbox.state.voice_state(gid, bob)
    assert voice is not None and voice.suppress and voice.request_to_speak_timestamp is None
    status, answer, _ = await api.call("GET", f"/guilds/{gid}/voice-states/@me")
    assert (status, answer["code"]) == (404, 10065)  # the bot is in no voice channel


@MODERATOR
async def test_a_deleted_channel_and_a_departed_member_leave_voice(api: Api,
                                                                   sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    await sandbox.join_voice("alice", "Quiet")
    await sandbox.join_voice("bob", "Lounge")
    order: list[str] = []
    sandbox.state.subscribe(lambda d: order.append(d.event))
    sandbox.state.delete_channel(sandbox.channel("Quiet").id)
    await sandbox.leave("bob")
    assert order == ["VOICE_STATE_UPDATE", "CHANNEL_DELETE", "VOICE_STATE_UPDATE",
                     "GUILD_MEMBER_REMOVE"]
    assert sandbox.state.guild_voice_states(gid) == []


@MODERATOR
async def test_people_use_voice_over_the_control_api(sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    alice = sandbox.user("alice").id
    lounge = sandbox.channel("Lounge").id
    async with aiohttp.ClientSession() as session:
        async def voice(body: dict[str, Any]) -> int:
            async with session.post(f"{sandbox.url}/_sandbox/voice", json=body) as resp:
                return resp.status

        assert await voice({"as": "alice", "channel": str(lounge), "self_mute": True}) == 200
        state = sandbox.state.voice_state(gid, alice)
        assert state is not None and state.channel_id == lounge and state.self_mute
        assert await voice({"as": "alice", "self_mute": False, "self_video": True}) == 200
        state = sandbox.state.voice_state(gid, alice)
        assert state is not None and not state.self_mute and state.self_video
        assert await voice({"as": "alice", "channel": "general"}) == 400  # not voice
        assert await voice({"as": "alice", "channel": None}) == 200
        assert sandbox.state.voice_state(gid, alice) is None
        assert await voice({"as": "alice", "self_deaf": True}) == 400  # not connected
