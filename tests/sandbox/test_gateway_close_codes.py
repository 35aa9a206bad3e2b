"""Every gateway rule a client can break ends in Discord's close code; others stay served."""

from __future__ import annotations

import asyncio

import pytest

from tidecord.sandbox import Sandbox, World

from .sandbox_raw import RawGateway, identify_payload

pytestmark = pytest.mark.timeout(30)


async def _hello(gw: RawGateway) -> None:
    assert (await gw.recv())["op"] == 10


async def test_hello_carries_the_heartbeat_interval(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        hello = await gw.recv()
    assert hello == {"op": 10, "s": None, "t": None, "d": {"heartbeat_interval": 1000}}


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"op": 1, "d": None}, None),  # heartbeats are fine before identify
        ({"op": 3, "d": {"since": None, "activities": [], "status": "online", "afk": False}},
         4003),
        ({"op": 8, "d": {"guild_id": "1", "query": "", "limit": 0}}, 4003),
        ({"op": 42, "d": None}, 4001),
        ("{not json", 4002),
        ({"op": 2, "d": {"token": 5}}, 4002),
        ("x" * 5000, 4002),
    ],
)
async def test_bad_frames_close_with_their_code(sandbox: Sandbox, frame: object,
                                                code: int | None) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await _hello(gw)
        await gw.send(frame)
        if code is None:
            assert (await gw.recv())["op"] == 11
        else:
            assert await gw.closed_with() == code


async def test_oversized_frame_is_4002_even_after_identify(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token)
        await gw.send({"op": 3, "d": {"since": None, "activities": [], "status": "x" * 5000,
                                      "afk": False}})
        assert await gw.closed_with() == 4002


async def test_bad_token_is_4004(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await _hello(gw)
        await gw.send(identify_payload("not-the-token"))
        assert await gw.closed_with() == 4004


async def test_second_identify_is_4005(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token)
        await gw.send(identify_payload(sandbox.token))
        assert await gw.closed_with() == 4005


@pytest.mark.parametrize("intents", [1 << 30, -1, 1 << 31])
async def test_unknown_intents_are_4013(sandbox: Sandbox, intents: int) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await _hello(gw)
        await gw.send(identify_payload(sandbox.token, intents))
        assert await gw.closed_with() == 4013


async def test_intents_discord_leaves_undocumented_are_accepted(sandbox: Sandbox) -> None:
    # interactions.py's default intents carry bit 17 (GUILD_EMBEDDED_ACTIVITIES), as
    # bots asking for activity updates do: Discord serves them, the sandbox said 4013.
    async with await RawGateway.connect(sandbox) as gw:
        ready = await gw.identify(sandbox.token, 513 | (1 << 17) | (1 << 18) | (1 << 26))
        assert ready["t"] == "READY"


async def test_privileged_intents_not_enabled_are_4014(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb = await sandbox_factory(privileged_intents=["GUILD_MEMBERS"])
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token, intents=(1 << 0) | (1 << 1))  # members: enabled
    async with await RawGateway.connect(sb) as gw:
        await _hello(gw)
        await gw.send(identify_payload(sb.token, (1 << 0) | (1 << 15)))  # message content: not
        assert await gw.closed_with() == 4014


@pytest.mark.parametrize("shard", [[1, 1], [-1, 2], [0, 0]])
async def test_invalid_shard_is_4010(sandbox: Sandbox, shard: list[int]) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await _hello(gw)
        await gw.send(identify_payload(sandbox.token, shard=shard))
        assert await gw.closed_with() == 4010


async def test_too_many_guilds_for_the_shards_is_4011(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    world = World.generate(guilds=3, members_per_guild=3, channels=1, roles=2)
    sb = await sandbox_factory(world=world, max_guilds_per_shard=2)
    by_shard = [(gid >> 22) % 3 for gid in sb.state.guilds]
    assert by_shard.count(1) == 2 and [(gid >> 22) % 2 for gid in sb.state.guilds] == [0] * 3
    # The shard's own guilds count: all three are on shard 0 of 1, and of 2.
    for shard in ([0, 1], [0, 2]):
        async with await RawGateway.connect(sb) as gw:
            await _hello(gw)
            await gw.send(identify_payload(sb.token, shard=shard))
            assert await gw.closed_with() == 4011
    async with await RawGateway.connect(sb) as gw:
        ready = await gw.identify(sb.token, shard=[1, 3])
        assert ready["d"]["shard"] == [1, 3] and len(ready["d"]["guilds"]) == 2


async def test_sending_over_120_frames_a_minute_is_4008(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await _hello(gw)
        for _ in range(121):
            await gw.send({"op": 1, "d": None})
        assert await gw.closed_with() == 4008


async def test_a_silent_client_is_closed_as_a_zombie(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb = await sandbox_factory(heartbeat_interval=200)
    async with await RawGateway.connect(sb) as gw:
        await gw.identify(sb.token)
        code = await gw.closed_with(timeout=3)
    assert code == 4009


async def test_wrong_version_and_encoding_are_refused(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox, query="?v=9&encoding=json") as gw:
        assert await gw.closed_with() == 4012
    async with await RawGateway.connect(sandbox, query="?v=10&encoding=etf") as gw:
        assert await gw.closed_with() == 4002


async def test_a_misbehaving_client_does_not_disturb_others(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as good:
        await good.identify(sandbox.token, intents=(1 << 0) | (1 << 9) | (1 << 15))
        await good.recv_until("GUILD_CREATE")
        for bad_frame in ("{oops", {"op": 99}, "y" * 10_000):
            async with await RawGateway.connect(sandbox) as bad:
                await _hello(bad)
                await bad.send(bad_frame)
                assert await bad.closed_with() in (4001, 4002)
        await sandbox.send_message("alice", "general", "still here?")
        frame = await good.recv_until("MESSAGE_CREATE")
        assert frame["d"]["content"] == "still here?"
        await good.send({"op": 1, "d": frame["s"]})
        assert (await good.recv())["op"] == 11
    assert len(sandbox.messages("general")) == 1


async def test_identify_concurrency_bucket_answers_op9(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb = await sandbox_factory(identify_interval=5.0, max_concurrency=1)
    async with await RawGateway.connect(sb) as first:
        await first.identify(sb.token, shard=[0, 2])
        async with await RawGateway.connect(sb) as second:
            await _hello(second)
            await second.send(identify_payload(sb.token, shard=[1, 2]))
            frame = await asyncio.wait_for(second.recv(), 5)
            assert frame == {"op": 9, "s": None, "t": None, "d": False}


async def test_member_request_with_non_numeric_user_ids_is_4002(sandbox: Sandbox) -> None:
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token)
        await gw.send({"op": 8, "d": {"guild_id": str(sandbox.guild.id), "user_ids": "x"}})
        assert await gw.closed_with() == 4002
