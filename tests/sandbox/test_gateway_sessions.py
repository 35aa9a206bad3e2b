"""Ready, guild creates, intents, content rules, sharding, chunking, resume, compression."""

from __future__ import annotations

import asyncio

import pytest

from tidecord.sandbox import Sandbox, World

from .sandbox_raw import RawGateway, identify_payload

# Long heartbeats: these raw clients do not beat, and must not be closed as zombies.
pytestmark = [pytest.mark.timeout(30), pytest.mark.sandbox(heartbeat_interval=30000)]

GUILDS = 1 << 0
MEMBERS = 1 << 1
PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
REACTIONS = 1 << 10
DMS = 1 << 12
CONTENT = 1 << 15


@pytest.mark.parametrize("compress", [None, "zlib-stream", "zstd-stream"])
async def test_ready_then_guild_create_in_every_transport(sandbox: Sandbox,
                                                          compress: str | None) -> None:
    async with await RawGateway.connect(sandbox, compress) as gw:
        ready = await gw.identify(sandbox.token, GUILDS | GUILD_MESSAGES | PRESENCES,
                                  compress=True, large_threshold=250)
        guild = (await gw.recv_until("GUILD_CREATE"))["d"]
        if compress:
            assert gw.raw_sizes, "frames should arrive compressed (binary)"
    d = ready["d"]
    assert ready["s"] == 1 and d["v"] == 10
    assert d["user"]["id"] == str(sandbox.bot_user.id)
    assert d["guilds"] == [{"id": str(sandbox.guild.id), "unavailable": True}]
    assert d["resume_gateway_url"] == sandbox.gateway_url and d["session_id"]
    assert d["application"]["id"] == str(sandbox.state.application.id)
    assert guild["name"] == "Sandbox" and guild["member_count"] == 3
    assert {c["name"] for c in guild["channels"]} >= {"general", "ideas", "Text Channels"}
    assert len(guild["members"]) == 3 and guild["large"] is False
    assert guild["roles"][0]["id"] == guild["id"]


CROWD = [f"user{n}" for n in range(60)]


@pytest.mark.sandbox(world=World.from_dict({
    "users": CROWD,
    "guilds": [{"name": "Crowd", "owner": "user0",
                "channels": [{"name": "general"}, {"name": "Lounge", "type": 2}],
                "members": CROWD}],
}))
async def test_guild_create_members_follow_discords_rules(sandbox: Sandbox) -> None:
    # Without the presences intent: the bot and whoever is in voice. With it: everyone
    # in a small guild; in a large one (over large_threshold), those not offline,
    # the bot and voice.
    gid = sandbox.guild.id
    await sandbox.set_presence("user1", "online")
    await sandbox.join_voice("user2", "Lounge")
    me, online, talking = (sandbox.bot_user.id, sandbox.user("user1").id,
                           sandbox.user("user2").id)

    async def members(intents: int, large_threshold: int) -> tuple[set[int], bool]:
        async with await RawGateway.connect(sandbox, None) as gw:
            await gw.identify(sandbox.token, intents, large_threshold=large_threshold)
            guild = (await gw.recv_until("GUILD_CREATE"))["d"]
        assert guild["member_count"] == 61
        return {int(m["user"]["id"]) for m in guild["members"]}, guild["large"]

    assert await members(GUILDS | MEMBERS, 250) == ({me, talking}, False)
    assert await members(GUILDS | MEMBERS | PRESENCES, 250) == (
        set(sandbox.state.members[gid]), False)
    assert await members(GUILDS | MEMBERS | PRESENCES, 50) == ({me, online, talking}, True)


async def test_payload_compression_without_transport_compression(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        ready = await gw.identify(sandbox.token, compress=True)
    assert ready["t"] == "READY" and gw.raw_sizes  # zlib-compressed binary frames


async def test_message_content_is_stripped_without_the_intent(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as without, \
            await RawGateway.connect(sandbox) as with_content:
        await without.identify(sandbox.token, GUILDS | GUILD_MESSAGES)
        await with_content.identify(sandbox.token, GUILDS | GUILD_MESSAGES | CONTENT)
        await sandbox.send_message("alice", "general", "secret plans")
        stripped = (await without.recv_until("MESSAGE_CREATE"))["d"]
        full = (await with_content.recv_until("MESSAGE_CREATE"))["d"]
        mention = f"<@{sandbox.bot_user.id}> look"
        await sandbox.send_message("alice", "general", mention)
        mentioned = (await without.recv_until("MESSAGE_CREATE"))["d"]
    assert stripped["content"] == "" and stripped["embeds"] == []
    assert full["content"] == "secret plans"
    assert mentioned["content"] == mention  # mentioning the bot shows the content
    assert full["guild_id"] == str(sandbox.guild.id)
    assert full["member"]["roles"] is not None and "user" not in full["member"]


async def test_intents_filter_events(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, GUILDS | REACTIONS)  # no GUILD_MESSAGES
        message = await sandbox.send_message("alice", "general", "hi")
        await sandbox.react("bob", message, "👍")
        frame = await gw.recv_until("MESSAGE_REACTION_ADD")
    assert frame["d"]["user_id"] == str(sandbox.user("bob").id)
    assert frame["d"]["emoji"] == {"id": None, "name": "👍"}


async def test_member_chunks_by_query_ids_and_nonce(sandbox: Sandbox) -> None:
    gid = str(sandbox.guild.id)
    alice, bob = sandbox.user("alice").id, sandbox.user("bob").id
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, GUILDS | MEMBERS)
        await gw.send({"op": 8, "d": {"guild_id": gid, "query": "", "limit": 0, "nonce": "all"}})
        everyone = (await gw.recv_until("GUILD_MEMBERS_CHUNK"))["d"]
        await gw.send({"op": 8, "d": {"guild_id": gid, "query": "al", "limit": 10}})
        by_query = (await gw.recv_until("GUILD_MEMBERS_CHUNK"))["d"]
        await gw.send({"op": 8, "d": {"guild_id": gid, "user_ids": [str(bob), "42"],
                                      "nonce": "ids"}})
        by_ids = (await gw.recv_until("GUILD_MEMBERS_CHUNK"))["d"]
        await gw.send({"op": 8, "d": {"guild_id": gid, "user_ids": [str(bob)],
                                      "nonce": "n" * 33}})  # over 32 bytes: ignored
        long_nonce = (await gw.recv_until("GUILD_MEMBERS_CHUNK"))["d"]
    assert everyone["nonce"] == "all" and len(everyone["members"]) == 3
    assert (everyone["chunk_index"], everyone["chunk_count"]) == (0, 1)
    assert [m["user"]["id"] for m in by_query["members"]] == [str(alice)]
    assert [m["user"]["id"] for m in by_ids["members"]] == [str(bob)]
    assert by_ids["not_found"] == ["42"] and by_ids["nonce"] == "ids"
    assert "nonce" not in long_nonce


async def test_member_chunks_come_in_thousands(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    # Building a world is CPU work: off the loop, which strict mode watches.
    world = await asyncio.to_thread(World.generate, guilds=1, members_per_guild=2500,
                                    channels=1, roles=2)
    sb = await sandbox_factory(world=world,
                               heartbeat_interval=30000)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, GUILDS | MEMBERS, large_threshold=50)
        guild = (await gw.recv_until("GUILD_CREATE"))["d"]
        assert guild["large"] is True and len(guild["members"]) == 1  # only the bot
        await gw.send({"op": 8, "d": {"guild_id": guild["id"], "query": "", "limit": 0}})
        chunks = [(await gw.recv_until("GUILD_MEMBERS_CHUNK"))["d"] for _ in range(3)]
        # A prefix query returns at most 100, whatever the limit.
        await gw.send({"op": 8, "d": {"guild_id": guild["id"], "query": "g0", "limit": 500}})
        prefixed = (await gw.recv_until("GUILD_MEMBERS_CHUNK"))["d"]
    assert [len(c["members"]) for c in chunks] == [1000, 1000, 500]
    assert [c["chunk_index"] for c in chunks] == [0, 1, 2]
    assert {c["chunk_count"] for c in chunks} == {3}
    assert len(prefixed["members"]) == 100


async def test_requesting_all_members_needs_the_members_intent(sandbox: Sandbox) -> None:
    gid = str(sandbox.guild.id)
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, GUILDS)
        # As on Discord: the whole list without the members intent gets no answer, and
        # presences without the presences intent are taken as false; the connection lives.
        await gw.send({"op": 8, "d": {"guild_id": gid, "query": "", "limit": 0,
                                      "nonce": "all"}})
        await gw.send({"op": 8, "d": {"guild_id": gid, "query": "al", "limit": 10,
                                      "presences": True, "nonce": "al"}})
        answer = (await gw.recv_until("GUILD_MEMBERS_CHUNK"))["d"]
    assert answer["nonce"] == "al" and "presences" not in answer
    assert [m["user"]["username"] for m in answer["members"]] == ["alice"]


async def test_shards_get_their_guilds_and_dms_go_to_shard_0(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    world = World.generate(guilds=6, members_per_guild=3, channels=1, roles=2)
    sb = await sandbox_factory(world=world, shard_count=2, heartbeat_interval=30000)
    async with await RawGateway.connect(sb) as s0, await RawGateway.connect(sb) as s1:
        r0 = await s0.identify(sb.token, GUILDS | GUILD_MESSAGES | DMS | CONTENT, shard=[0, 2])
        r1 = await s1.identify(sb.token, GUILDS | GUILD_MESSAGES | DMS | CONTENT, shard=[1, 2])
        ids0 = {int(g["id"]) for g in r0["d"]["guilds"]}
        ids1 = {int(g["id"]) for g in r1["d"]["guilds"]}
        assert ids0 | ids1 == set(sb.state.guilds) and not ids0 & ids1
        assert all((gid >> 22) % 2 == 0 for gid in ids0)
        assert all((gid >> 22) % 2 == 1 for gid in ids1)
        target = next(iter(ids1))
        channel = next(iter(sb.state.guild_channels[target].values()))
        if channel.type == 4:
            channel = list(sb.state.guild_channels[target].values())[1]
        person = next(uid for uid in sb.state.members[target] if uid != sb.bot_user.id)
        await sb.send_message(person, channel.id, "to shard 1")
        got = await s1.recv_until("MESSAGE_CREATE")
        assert got["d"]["content"] == "to shard 1"
        dm = sb.state.dm_channel(person)
        await sb.send_message(person, dm.id, "a DM")
        got = await s0.recv_until("MESSAGE_CREATE")
        assert got["d"]["content"] == "a DM"
        with pytest.raises(TimeoutError):
            await s1.recv_until("MESSAGE_CREATE", timeout=0.3)


async def test_resume_replays_what_was_missed(sandbox: Sandbox) -> None:
    intents = GUILDS | GUILD_MESSAGES | CONTENT
    async with await RawGateway.connect(sandbox) as gw:
        ready = await gw.identify(sandbox.token, intents)
        session_id = ready["d"]["session_id"]
        last = (await gw.recv_until("GUILD_CREATE"))["s"]
    for i in range(3):
        await sandbox.send_message("alice", "general", f"missed {i}")
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send({"op": 6, "d": {"token": sandbox.token, "session_id": session_id,
                                      "seq": last}})
        replayed = [await gw.recv() for _ in range(4)]
    assert [f["d"]["content"] for f in replayed[:3]] == ["missed 0", "missed 1", "missed 2"]
    assert [f["s"] for f in replayed] == [last + 1, last + 2, last + 3, last + 4]
    assert replayed[3]["t"] == "RESUMED"


async def test_resume_from_the_future_is_4007(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        ready = await gw.identify(sandbox.token)
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send({"op": 6, "d": {"token": sandbox.token,
                                      "session_id": ready["d"]["session_id"], "seq": 999}})
        assert await gw.closed_with() == 4007


async def test_resume_of_an_unknown_or_invalidated_session_gets_op9(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send({"op": 6, "d": {"token": sandbox.token, "session_id": "nope", "seq": 1}})
        assert await gw.recv() == {"op": 9, "s": None, "t": None, "d": False}
    async with await RawGateway.connect(sandbox) as gw:
        ready = await gw.identify(sandbox.token)
        await gw.recv_until("GUILD_CREATE")
        assert await sandbox.invalidate_session(resumable=False) == 1
        assert await gw.recv() == {"op": 9, "s": None, "t": None, "d": False}
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send({"op": 6, "d": {"token": sandbox.token,
                                      "session_id": ready["d"]["session_id"], "seq": 2}})
        assert (await gw.recv())["op"] == 9


async def test_reconnect_and_stalled_acks(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token)
        await gw.recv_until("GUILD_CREATE")
        assert await sandbox.send_reconnect() == 1
        assert await gw.recv() == {"op": 7, "s": None, "t": None, "d": None}
        sandbox.stall_heartbeat_acks(True)
        await gw.send({"op": 1, "d": 2})
        with pytest.raises(TimeoutError):
            await gw.recv(timeout=0.3)
        sandbox.stall_heartbeat_acks(False)
        await gw.send({"op": 1, "d": 2})
        assert (await gw.recv())["op"] == 11


async def test_other_identify_fields_are_validated(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send(identify_payload(sandbox.token, presence={"status": "idle", "afk": False,
                                                                "since": None, "activities": []}))
        assert (await gw.recv_until("READY"))["d"]["session_id"]
    await asyncio.sleep(0)


@pytest.mark.parametrize("code", [4007, 4009])
async def test_a_session_the_gateway_closed_with_4007_or_4009_cannot_be_resumed(
        sandbox: Sandbox, code: int) -> None:
    # Discord's word for both: "reconnect and start a new session". discord.py resumes
    # after any close code it may reconnect after; the old session must refuse it.
    async with await RawGateway.connect(sandbox) as gw:
        ready = await gw.identify(sandbox.token)
        last = (await gw.recv_until("GUILD_CREATE"))["s"]
        assert await sandbox.drop_connections(code) == 1
        assert await gw.closed_with() == code
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send({"op": 6, "d": {"token": sandbox.token,
                                      "session_id": ready["d"]["session_id"], "seq": last}})
        assert await gw.recv() == {"op": 9, "s": None, "t": None, "d": False}


async def test_a_resume_from_the_future_ends_the_session(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        ready = await gw.identify(sandbox.token)
    session = {"token": sandbox.token, "session_id": ready["d"]["session_id"]}
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send({"op": 6, "d": {**session, "seq": 999}})
        assert await gw.closed_with() == 4007
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send({"op": 6, "d": {**session, "seq": 1}})
        assert await gw.recv() == {"op": 9, "s": None, "t": None, "d": False}


@pytest.mark.sandbox(heartbeat_interval=30000, resume_timeout=0.2)
async def test_a_session_left_past_its_resume_timeout_has_expired(sandbox: Sandbox) -> None:
    # Expired whether or not anything happened meanwhile: with nothing to route, the
    # sandbox used to let a session of long ago resume.
    async with await RawGateway.connect(sandbox) as gw:
        ready = await gw.identify(sandbox.token)
        last = (await gw.recv_until("GUILD_CREATE"))["s"]
    await asyncio.sleep(0.3)
    async with await RawGateway.connect(sandbox) as gw:
        await gw.recv()
        await gw.send({"op": 6, "d": {"token": sandbox.token,
                                      "session_id": ready["d"]["session_id"], "seq": last}})
        assert await gw.recv() == {"op": 9, "s": None, "t": None, "d": False}
