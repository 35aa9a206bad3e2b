"""Routes discord.py calls that the sandbox did not serve: POST
/channels/{channel_id}/send-soundboard-sound, with Discord's rules (the bot connected to
that voice channel, not deafened, server-muted or suppressed; Speak and Use Soundboard,
and Use External Sounds for another guild's sound), its 204 and the
VOICE_CHANNEL_EFFECT_SEND that bots with the voice states intent get."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.state import StateError

from .conftest import Api
from .sandbox_raw import RawGateway

pytestmark = pytest.mark.timeout(30)

GUILD_VOICE_STATES = 1 << 7
NOT_IN_VOICE = (403, 50168, "User must be in voice channel to send voice channel effect")
SILENCED = (403, 50167, "Cannot send voice effect when user is server muted, deafened, "
                        "or suppressed")

ROOMS = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [
        {"name": "Sandbox", "owner": "alice", "members": ["alice"],
         "bot_permissions": ["view_channel", "send_messages", "connect", "speak",
                             "use_soundboard"],
         "channels": [{"name": "general"}, {"name": "Lounge", "type": 2},
                      {"name": "Quiet", "type": 2}, {"name": "Stage", "type": 13}]},
        {"name": "Elsewhere", "owner": "alice", "members": ["alice"],
         "bot_permissions": ["view_channel", "connect", "speak", "use_soundboard"],
         "channels": [{"name": "Hall", "type": 2,
                       "overwrites": [{"user": "SandboxBot", "deny": ["speak"]}]}]},
    ],
}))


def setup(sb: Sandbox) -> tuple[int, int, int]:
    """The Sandbox guild's id, its honk sound's and Elsewhere's boing sound's."""
    gid, alice = sb.guild_named("Sandbox").id, sb.user("alice").id
    honk = sb.state.add_soundboard_sound(gid, "honk", user_id=alice, volume=0.5,
                                         emoji_name="\N{POSTAL HORN}")
    boing = sb.state.add_soundboard_sound(sb.guild_named("Elsewhere").id, "boing",
                                          user_id=alice)
    return gid, int(honk.id), int(boing.id)


async def play(api: Api, sb: Sandbox, channel: str, body: Any) -> tuple[Any, ...]:
    room = sb.state.channel(channel).id
    status, answer, _ = await api.call("POST", f"/channels/{room}/send-soundboard-sound",
                                       body)
    if status == 204:
        return (status, answer)
    return (status, answer["code"], answer["message"])


@ROOMS
async def test_a_sound_is_refused_as_discord_refuses_it(api: Api, sandbox: Sandbox) -> None:
    gid, honk, boing = setup(sandbox)
    bot = sandbox.bot_user.id
    status, answer, _ = await api.call("POST", "/channels/1/send-soundboard-sound",
                                       {"sound_id": "1"})
    assert (status, answer["code"]) == (404, 10003)
    status, answer, _ = await api.call(
        "POST", f"/channels/{sandbox.state.channel('Lounge').id}/send-soundboard-sound", {})
    assert (status, answer["errors"]) == (400, {"sound_id": {"_errors": [
        {"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}})
    assert await play(api, sandbox, "Lounge", {"sound_id": str(honk)}) == NOT_IN_VOICE
    assert await play(api, sandbox, "general", {"sound_id": str(honk)}) == NOT_IN_VOICE
    await sandbox.join_voice(bot, "Quiet")
    assert await play(api, sandbox, "Lounge", {"sound_id": str(honk)}) == NOT_IN_VOICE
    await sandbox.join_voice(bot, "Lounge")
    assert (await play(api, sandbox, "Lounge", {"sound_id": "999"}))[:2] == (404, 10097)
    # Another guild's sound: unknown without its guild, and Use External Sounds with it.
    assert (await play(api, sandbox, "Lounge", {"sound_id": str(boing)}))[:2] == (404, 10097)
    outside = {"sound_id": str(boing),
               "source_guild_id": str(sandbox.guild_named("Elsewhere").id)}
    assert await play(api, sandbox, "Lounge", outside) == (403, 50013, "Missing Permissions")
    sandbox.state.set_voice(gid, bot, sandbox.state.channel("Lounge").id, mute=True)
    assert await play(api, sandbox, "Lounge", {"sound_id": str(honk)}) == SILENCED
    sandbox.state.set_voice(gid, bot, sandbox.state.channel("Lounge").id, mute=False,
                            self_deaf=True)
    assert await play(api, sandbox, "Lounge", {"sound_id": str(honk)}) == SILENCED
    await sandbox.join_voice(bot, "Stage")  # a stage's audience joins suppressed
    assert await play(api, sandbox, "Stage", {"sound_id": str(honk)}) == SILENCED
    # Without Speak (Hall denies it), before anything about voice.
    assert await play(api, sandbox, "Hall", {"sound_id": "1"}) == \
        (403, 50013, "Missing Permissions")


@ROOMS
async def test_a_sound_played_is_an_effect_for_bots_with_the_voice_states_intent(
        api: Api, sandbox: Sandbox) -> None:
    gid, honk, _ = setup(sandbox)
    bot = sandbox.bot_user.id
    lounge = sandbox.state.channel("Lounge").id
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, 1 | GUILD_VOICE_STATES)
        await sandbox.join_voice(bot, "Lounge", self_mute=True)  # muting oneself is no bar
        assert await play(api, sandbox, "Lounge", {"sound_id": str(honk)}) == (204, None)
        effect = (await gw.recv_until("VOICE_CHANNEL_EFFECT_SEND"))["d"]
        assert effect == {"channel_id": str(lounge), "guild_id": str(gid),
                          "user_id": str(bot), "sound_id": str(honk), "sound_volume": 0.5,
                          "emoji": {"id": None, "name": "\N{POSTAL HORN}"}}
        assert await play(api, sandbox, "Lounge", {"sound_id": "1"}) == (204, None)
        effect = (await gw.recv_until("VOICE_CHANNEL_EFFECT_SEND"))["d"]
        assert (effect["sound_id"], effect["sound_volume"], effect["emoji"]) == \
            ("1", 1.0, {"id": None, "name": "\N{DUCK}"})
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, 1 | 1 << 9)  # guilds and guild messages only
        assert await play(api, sandbox, "Lounge", {"sound_id": str(honk)}) == (204, None)
        await sandbox.send_message("alice", "general", "after the sound")
        seen = []
        while not seen or seen[-1] != "MESSAGE_CREATE":
            seen.append((await gw.recv())["t"])
        assert "VOICE_CHANNEL_EFFECT_SEND" not in seen, seen


@ROOMS
async def test_op_4_puts_the_bot_into_voice_and_out(sandbox: Sandbox) -> None:
    gid, lounge = sandbox.guild_named("Sandbox").id, sandbox.state.channel("Lounge").id
    bot = sandbox.bot_user.id
    hall = sandbox.state.channel("Hall")  # Elsewhere's: the bot may not speak, but connect
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, 1 | GUILD_VOICE_STATES)

        async def op4(guild: int, channel: int | None, **flags: bool) -> None:
            await gw.send({"op": 4, "d": {"guild_id": str(guild), "channel_id":
                                          None if channel is None else str(channel),
                                          "self_mute": False, "self_deaf": False, **flags}})

        await op4(gid, lounge, self_deaf=True)
        joined = (await gw.recv_until("VOICE_STATE_UPDATE"))["d"]
        assert (joined["channel_id"], joined["user_id"], joined["self_deaf"],
                joined["guild_id"]) == (str(lounge), str(bot), True, str(gid))
        server = (await gw.recv_until("VOICE_SERVER_UPDATE"))["d"]
        assert (server["guild_id"], server["endpoint"]) == (str(gid), None)
        assert server["token"]
        # A channel of another guild named under this one, or a text channel: ignored.
        await op4(gid, hall.id)
        await op4(gid, sandbox.state.channel("general").id)
        await op4(gid, lounge)  # hearing again: a state change, no new voice server
        frame = await gw.recv()
        assert (frame["t"], frame["d"]["channel_id"], frame["d"]["self_deaf"]) == \
            ("VOICE_STATE_UPDATE", str(lounge), False)
        await op4(gid, None)
        frame = await gw.recv()
        assert (frame["t"], frame["d"]["channel_id"]) == ("VOICE_STATE_UPDATE", None)
        assert sandbox.state.voice_state(gid, bot) is None
        await gw.send({"op": 4, "d": {"guild_id": "not an id"}})
        assert await gw.closed_with() == 4002


@ROOMS
async def test_people_play_sounds_and_send_emoji_where_they_are_connected(
        sandbox: Sandbox) -> None:
    _, honk, _ = setup(sandbox)
    bot = sandbox.bot_user.id
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, 1 | GUILD_VOICE_STATES)
        with pytest.raises(StateError) as refused:
            await sandbox.play_sound("alice", "Lounge", honk)
        assert (refused.value.status, refused.value.code) == (403, 50168)
        await sandbox.join_voice("alice", "Quiet")
        # The bot is not in the Quiet: it hears nothing of Alice's effect there.
        await sandbox.send_voice_emoji("alice", "Quiet", "\N{FIRE}")
        await sandbox.join_voice(bot, "Quiet")
        await sandbox.play_sound("alice", "Quiet", honk)
        seen = []
        while not seen or seen[-1]["t"] != "VOICE_CHANNEL_EFFECT_SEND":
            seen.append(await gw.recv())
        assert [f["t"] for f in seen].count("VOICE_CHANNEL_EFFECT_SEND") == 1
        assert seen[-1]["d"]["user_id"] == str(sandbox.user("alice").id)
        assert seen[-1]["d"]["sound_id"] == str(honk)
        await sandbox.send_voice_emoji("alice", "Quiet", "party", emoji_id=42, premium=True,
                                       animation_id=3)
        effect = (await gw.recv_until("VOICE_CHANNEL_EFFECT_SEND"))["d"]
        assert (effect["emoji"], effect["animation_type"], effect["animation_id"]) == \
            ({"id": "42", "name": "party"}, 0, 3)
        assert "sound_id" not in effect
