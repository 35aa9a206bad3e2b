"""Members' presences: kept from GUILD_CREATE, chunks and PRESENCE_UPDATE with the
presences intent, read as discord.py reads them, and dropped when nothing shows."""

from __future__ import annotations

import asyncio
import logging

import pytest

import tidecord
from tidecord.models import to_builtins
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, admin_world

ADMIN = pytest.mark.sandbox(world=World.from_dict(admin_world()))

SONG = {"name": "Spotify", "type": 2, "details": "Harbour Lights", "state": "Ana; The Tides",
        "sync_id": "7ouMYWpwJ422jRcDASZB7P", "session_id": "s1", "party": {"id": "spotify:1"},
        "assets": {"large_image": "spotify:ab67616d0000b273", "large_text": "Low Water"},
        "timestamps": {"start": 1_700_000_000_000, "end": 1_700_000_215_000}}


def _intents(presences: bool = True) -> tidecord.Intents:
    intents = tidecord.Intents.default()
    intents.members = True
    intents.presences = presences
    return intents


@ADMIN
async def test_presences_set_before_connecting_arrive_with_the_guild(
    sandbox: Sandbox, connect: Connect
) -> None:
    await sandbox.set_presence("alice", "idle", activities=[tidecord.Game("chess")],
                               platforms=["mobile"])
    await sandbox.set_presence("bob", "dnd", activities=[
        {"name": "Custom Status", "type": 4, "state": "out fishing", "emoji": {"name": "🎣"}},
        SONG])
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    alice = guild.get_member(sandbox.user("alice").id)
    bob = guild.get_member(sandbox.user("bob").id)
    me = guild.me

    assert alice.status is tidecord.Status.idle and alice.raw_status == "idle"
    assert alice.is_on_mobile() and alice.mobile_status is tidecord.Status.idle
    assert alice.desktop_status is tidecord.Status.offline
    assert isinstance(alice.activity, tidecord.Game) and str(alice.activity) == "chess"
    assert alice.activity.type is tidecord.ActivityType.playing

    assert bob.status is tidecord.Status.dnd and not bob.is_on_mobile()
    custom, song = bob.activities
    assert isinstance(custom, tidecord.CustomActivity)
    assert (custom.name, str(custom)) == ("out fishing", "🎣 out fishing")
    assert isinstance(song, tidecord.Spotify) and bob.activity is custom
    assert (song.title, song.artists, song.album) == ("Harbour Lights", ["Ana", "The Tides"],
                                                      "Low Water")
    assert song.duration is not None and song.duration.total_seconds() == 215
    assert song.album_cover_url == "https://i.scdn.co/image/ab67616d0000b273"
    assert song.track_url.endswith("/track/7ouMYWpwJ422jRcDASZB7P")

    # Nobody said anything about the bot: offline, doing nothing, as in discord.py.
    assert me.status is tidecord.Status.offline and me.activities == ()


@ADMIN
async def test_without_the_presences_intent_everyone_is_offline(
    sandbox: Sandbox, connect: Connect
) -> None:
    await sandbox.set_presence("alice", "online", activities=[tidecord.Game("chess")])
    client = await connect(intents=_intents(presences=False))
    guild = client.guilds[0]
    alice = guild.get_member(sandbox.user("alice").id)
    raw = asyncio.create_task(client.wait_for("raw_presence_update", timeout=0.5))
    await asyncio.sleep(0)
    await sandbox.set_presence("alice", "dnd")
    with pytest.raises(TimeoutError):
        await raw
    assert alice.status is tidecord.Status.offline and alice.activity is None
    assert client._connection.cache.presences == {}
    with pytest.raises(tidecord.ClientException, match="presences"):
        await guild.query_members("al", presences=True)


@ADMIN
@pytest.mark.parametrize(("members", "raw_expected"), [(True, False), (False, True)])
async def test_raw_presences_by_default_only_without_the_members_intent(
    sandbox: Sandbox, connect: Connect, members: bool, raw_expected: bool
) -> None:
    # discord.py's default for enable_raw_presences: presences without members.
    intents = _intents()
    intents.members = members
    client = await connect(intents=intents)
    raw = asyncio.create_task(client.wait_for("raw_presence_update", timeout=1))
    seen = asyncio.create_task(client.wait_for("presence_update", timeout=5))
    await asyncio.sleep(0)
    await sandbox.set_presence("bob", "online")
    await seen
    if raw_expected:
        assert (await raw).user_id == sandbox.user("bob").id
    else:
        with pytest.raises(TimeoutError):
            await raw


@ADMIN
async def test_a_presence_update_gives_before_and_after(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents(), enable_raw_presences=True)
    guild = client.guilds[0]
    bob_id = sandbox.user("bob").id
    raw = asyncio.create_task(client.wait_for("raw_presence_update", timeout=5))
    seen = asyncio.create_task(client.wait_for("presence_update", timeout=5))
    await asyncio.sleep(0)
    await sandbox.set_presence("bob", "online", activities=[
        tidecord.Streaming(name="speedruns", url="https://twitch.tv/bob")],
        platforms=["desktop", "web"])
    event = await raw
    assert (event.user_id, event.guild_id, event.guild) == (bob_id, guild.id, guild)
    assert event.status is tidecord.Status.online
    before, after = await seen
    assert before == after and before is not after
    assert (before.status, after.status) == (tidecord.Status.offline, tidecord.Status.online)
    assert before.activity is None
    assert isinstance(after.activity, tidecord.Streaming)
    assert after.activity.url == "https://twitch.tv/bob"
    assert after.web_status is tidecord.Status.online
    # ``after`` is the cached member: it shows what comes next, ``before`` does not.
    seen = asyncio.create_task(client.wait_for("presence_update", timeout=5))
    await asyncio.sleep(0)
    await sandbox.set_presence("bob", "idle")
    second_before, _ = await seen
    assert second_before.status is tidecord.Status.online
    assert guild.get_member(bob_id).status is tidecord.Status.idle
    assert before.status is tidecord.Status.offline

    # Going offline, or leaving, keeps nothing.
    cache = client._connection.cache
    seen = asyncio.create_task(client.wait_for("presence_update", timeout=5))
    await asyncio.sleep(0)
    await sandbox.set_presence("bob", "offline")
    await seen
    assert cache.presence(guild.id, bob_id) is None
    await sandbox.set_presence("bob", "online")
    assert await client.wait_for("presence_update", timeout=5)
    left = asyncio.create_task(client.wait_for("member_remove", timeout=5))
    await asyncio.sleep(0)
    await sandbox.leave("bob")
    await left
    assert cache.presence(guild.id, bob_id) is None


@ADMIN
async def test_a_presence_naming_a_new_username_is_a_user_update(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    alice = sandbox.user("alice")
    renamed = asyncio.create_task(client.wait_for("user_update", timeout=5))
    await asyncio.sleep(0)
    sandbox.state.emit("PRESENCE_UPDATE", {
        "user": {"id": str(alice.id), "username": "alicia"}, "guild_id": str(guild.id),
        "status": "online", "activities": [], "client_status": {"web": "online"},
    }, guild_id=guild.id)
    before, after = await renamed
    assert (before.name, after.name) == ("alice", "alicia")
    assert guild.get_member(alice.id).web_status is tidecord.Status.online


@ADMIN
async def test_chunks_bring_presences_and_a_bad_presence_is_skipped(
    sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    client = await connect(intents=_intents())
    guild = client.guilds[0]
    cache = client._connection.cache
    await sandbox.set_presence("alice", "dnd", activities=[tidecord.Game("go")])
    await client.wait_for("presence_update", timeout=5)
    cache.presences.clear()  # as if the guild came without them
    members = await guild.chunk()
    assert len(members) == 3
    assert guild.get_member(sandbox.user("alice").id).status is tidecord.Status.dnd

    # A guild whose presences hold one that does not read: the guild and the good one
    # arrive, the bad one is logged and skipped.
    snapshot = to_builtins(sandbox.state.guild_snapshot(guild.id))
    bob_id = sandbox.user("bob").id
    snapshot["presences"] = [
        {"user": {"id": str(bob_id)}, "status": "idle", "activities": [{"type": 0}]},
        {"user": {"id": str(sandbox.user("alice").id)}, "status": "online",
         "activities": [], "client_status": {"desktop": "online"}},
    ]
    caplog.set_level(logging.WARNING, "tidecord.cache")
    again = asyncio.create_task(client.wait_for("guild_available", timeout=5))
    await asyncio.sleep(0)
    sandbox.state.emit("GUILD_CREATE", snapshot, guild_id=guild.id)
    await again
    guild = client.get_guild(guild.id)
    assert guild.get_member(sandbox.user("alice").id).status is tidecord.Status.online
    assert guild.get_member(bob_id).status is tidecord.Status.offline
    assert "skipped 1 presences that do not read" in caplog.text


