"""Soundboard sounds over the sandbox's REST API: Discord's defaults, a guild's sounds
uploaded as data URIs, listed, edited, deleted, refused as Discord refuses them, and
announced to bots with the GUILD_EXPRESSIONS intent."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api
from .sandbox_raw import RawGateway

pytestmark = pytest.mark.timeout(30)

MP3 = b"ID3\x04\x00\x00" + b"\0" * 32
OGG = b"OggS\x00\x02" + b"\0" * 32
GUILD_EXPRESSIONS = 1 << 3

SOUNDS = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [
        {"name": "Sandbox", "owner": "alice", "channels": [{"name": "general"}],
         "emojis": ["party"], "members": ["alice"],
         "bot_permissions": ["view_channel", "create_expressions", "view_audit_log"]},
        {"name": "Elsewhere", "owner": "alice", "channels": [{"name": "lobby"}],
         "members": ["alice"]},
    ],
}))


def uri(data: bytes, mime: str = "audio/mpeg") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


async def upload(api: Api, gid: int, **fields: Any) -> tuple[int, Any]:
    body = {"name": "quack", "sound": uri(MP3), **fields}
    status, answer, _ = await api.call("POST", f"/guilds/{gid}/soundboard-sounds", body)
    return status, answer


async def test_everyone_hears_discords_default_sounds(api: Api) -> None:
    status, sounds, _ = await api.call("GET", "/soundboard-default-sounds")
    assert status == 200
    quack = sounds[0]
    assert quack == {"sound_id": "1", "volume": 1.0, "name": "quack", "emoji_name": "🦆",
                     "emoji_id": None}
    assert len({s["sound_id"] for s in sounds}) == len(sounds) > 3


@SOUNDS
async def test_a_sound_is_uploaded_edited_announced_and_deleted(api: Api,
                                                                sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    me = str(sandbox.bot_user.id)
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, GUILD_EXPRESSIONS | 1)
        assert (await gw.recv_until("GUILD_CREATE"))["d"]["soundboard_sounds"] == []
        status, made = await upload(api, gid, volume=0.5, emoji_name="🦆")
        assert status == 200, made
        assert (made["name"], made["volume"], made["emoji_name"], made["emoji_id"],
                made["available"], made["guild_id"], made["user"]["id"]) == \
            ("quack", 0.5, "🦆", None, True, str(gid), me)
        assert (await gw.recv_until("GUILD_SOUNDBOARD_SOUND_CREATE"))["d"] == made
        party = sandbox.guild_named("Sandbox").emojis[0].id
        path = f"/guilds/{gid}/soundboard-sounds/{made['sound_id']}"
        # Its maker edits it with Create Expressions alone; a custom emoji replaces the
        # Unicode one.
        status, edited, _ = await api.call("PATCH", path, {"name": "honk",
                                                           "emoji_id": str(party)})
        assert status == 200, edited
        assert (edited["name"], edited["volume"], edited["emoji_id"], edited["emoji_name"]) \
            == ("honk", 0.5, str(party), None)
        assert (await gw.recv_until("GUILD_SOUNDBOARD_SOUND_UPDATE"))["d"] == edited
        _, listed, _ = await api.call("GET", f"/guilds/{gid}/soundboard-sounds")
        assert listed == {"items": [edited]}
        status, one, _ = await api.call("GET", path)
        assert status == 200 and one == edited
        sandbox.state.set_sounds_available(gid, False)
        many = (await gw.recv_until("GUILD_SOUNDBOARD_SOUNDS_UPDATE"))["d"]
        assert many["guild_id"] == str(gid)
        assert [s["available"] for s in many["soundboard_sounds"]] == [False]
        status, _, _ = await api.call("DELETE", path, headers={"X-Audit-Log-Reason": "loud"})
        assert status == 204
        assert (await gw.recv_until("GUILD_SOUNDBOARD_SOUND_DELETE"))["d"] == \
            {"sound_id": made["sound_id"], "guild_id": str(gid)}
    status, body, _ = await api.call("GET", path)
    assert (status, body["code"]) == (404, 10097)
    _, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs")
    entries = log["audit_log_entries"][:3]
    assert [e["action_type"] for e in entries] == [132, 131, 130]
    assert entries[0]["reason"] == "loud"


@SOUNDS
async def test_guild_create_lists_the_sounds_without_their_makers(api: Api,
                                                                  sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    alice = sandbox.user("alice").id
    sound = sandbox.state.add_soundboard_sound(gid, "honk", user_id=alice, emoji_name="📯")
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, 1)
        listed = (await gw.recv_until("GUILD_CREATE"))["d"]["soundboard_sounds"]
    assert [(s["sound_id"], s["name"], s["emoji_name"]) for s in listed] == \
        [(str(sound.id), "honk", "📯")]
    assert "user" not in listed[0]


@SOUNDS
async def test_what_discord_refuses_a_sound(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    for fields, field in (({"name": "x"}, "name"), ({"name": "x" * 33}, "name"),
                          ({"sound": None}, "sound"),
                          ({"sound": uri(b"RIFF....WAVE")}, "sound"),
                          ({"sound": uri(MP3, "image/png")}, "sound"),
                          ({"sound": uri(MP3 + b"\0" * 512 * 1024)}, "sound"),
                          ({"volume": 1.5}, "volume"), ({"volume": -0.1}, "volume"),
                          ({"emoji_name": ""}, "emoji_name"),
                          ({"emoji_id": "12345"}, "emoji_id")):
        status, answer = await upload(api, gid, **fields)
        assert status == 400 and answer["code"] == 50035, answer
        assert answer["message"] == "Invalid Form Body" and field in answer["errors"], answer
        assert answer["errors"][field]["_errors"][0]["code"]
    status, ogg = await upload(api, gid, sound=uri(OGG, "audio/ogg"))
    assert status == 200, ogg
    for n in range(7):  # eight slots without boosts
        status, made = await upload(api, gid, name=f"sound {n}")
        assert status == 200, made
    status, answer = await upload(api, gid, name="one more")
    assert (status, answer["code"]) == (400, 30045)
    sandbox.state.update_guild(gid, premium_tier=1)
    status, _ = await upload(api, gid, name="one more")
    assert status == 200
    other = sandbox.guild_named("Elsewhere").id
    status, answer = await upload(api, other)
    assert (status, answer["code"]) == (403, 50013)
    status, answer, _ = await api.call("PATCH",
                                       f"/guilds/{gid}/soundboard-sounds/{made['sound_id']}",
                                       {"volume": 2})
    assert status == 400 and "volume" in answer["errors"]


@SOUNDS
async def test_only_managers_touch_sounds_others_made(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    alice = sandbox.user("alice").id
    hers = sandbox.state.add_soundboard_sound(gid, "honk", user_id=alice)
    path = f"/guilds/{gid}/soundboard-sounds/{hers.id}"
    for method, body in (("PATCH", {"name": "mine"}), ("DELETE", None)):
        status, answer, _ = await api.call(method, path, body)
        assert (status, answer["code"]) == (403, 50013)
    _, seen, _ = await api.call("GET", path)
    assert seen["user"]["id"] == str(alice)  # Create Expressions shows the maker
    # In a guild where it may neither create nor manage, the maker is not shown.
    other = sandbox.guild_named("Elsewhere").id
    theirs = sandbox.state.add_soundboard_sound(other, "boo", user_id=alice)
    _, seen, _ = await api.call("GET", f"/guilds/{other}/soundboard-sounds/{theirs.id}")
    assert seen["name"] == "boo" and "user" not in seen
    status, body, _ = await api.call("GET", f"/guilds/{gid}/soundboard-sounds/{theirs.id}")
    assert (status, body["code"]) == (404, 10097)


@SOUNDS
async def test_op_31_answers_with_each_guilds_sounds(sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    other = sandbox.guild_named("Elsewhere").id
    honk = sandbox.state.add_soundboard_sound(gid, "honk", user_id=sandbox.user("alice").id)
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, 1)
        await gw.recv_until("GUILD_CREATE")
        await gw.send({"op": 31, "d": {"guild_ids": [str(gid), str(other), "12345"]}})
        first = (await gw.recv_until("SOUNDBOARD_SOUNDS"))["d"]
        second = (await gw.recv_until("SOUNDBOARD_SOUNDS"))["d"]
    assert first["guild_id"] == str(gid)
    assert [(s["sound_id"], s["name"]) for s in first["soundboard_sounds"]] == \
        [(str(honk.id), "honk")] and "user" not in first["soundboard_sounds"][0]
    assert second == {"soundboard_sounds": [], "guild_id": str(other)}
