"""The sandbox judges sharding: identify turns, the session start limit, sessions held at
once, close codes, and every dispatch's deliveries per shard."""

from __future__ import annotations

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

from .sandbox_raw import RawGateway

pytestmark = [pytest.mark.timeout(30), pytest.mark.sandbox(heartbeat_interval=30000)]

GUILDS_AND_MESSAGES = (1 << 0) | (1 << 9) | (1 << 15)


async def _ready(sb: Sandbox, shard: tuple[int, int] = (0, 1)) -> tuple[RawGateway, dict]:
    gw = await RawGateway.connect(sb)
    ready = await gw.identify(sb.token, GUILDS_AND_MESSAGES, shard=list(shard))
    return gw, ready


async def test_an_identify_inside_its_buckets_window_is_a_violation(sandbox_factory) -> None:
    sb = await sandbox_factory(shard_count=4, max_concurrency=2, identify_interval=5.0,
                               heartbeat_interval=30000)
    first, _ = await _ready(sb, (0, 4))
    second, _ = await _ready(sb, (1, 4))  # bucket 1: its own window
    third = await RawGateway.connect(sb)
    await third.recv()
    await third.send({"op": 2, "d": {"token": sb.token, "intents": 513, "shard": [2, 4],
                                     "properties": {"os": "x", "browser": "x", "device": "x"}}})
    assert (await third.recv())["op"] == 9  # bucket 0 again, too soon: invalid session
    report = sb.gateway_report()
    [violation] = report["identify_violations"]
    assert violation["shard"] == 2 and violation["bucket"] == 0 and violation["gap"] < 5
    assert report["identifies"] == 2
    for gw in (first, second, third):
        await gw.close()


async def test_the_session_start_limit_is_enforced_and_reported(sandbox_factory) -> None:
    sb = await sandbox_factory(session_start_limit=(2, 3600.0), heartbeat_interval=30000)
    gateways = [(await _ready(sb))[0] for _ in range(2)]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{sb.api_url}/gateway/bot",
                            headers={"Authorization": f"Bot {sb.token}"}) as resp:
            limit = (await resp.json())["session_start_limit"]
    assert limit["total"] == 2 and limit["remaining"] == 0
    assert 3_500_000 < limit["reset_after"] <= 3_600_000
    refused = await RawGateway.connect(sb)
    await refused.recv()
    await refused.send({"op": 2, "d": {"token": sb.token, "intents": 513,
                                       "properties": {"os": "x", "browser": "x", "device": "x"}}})
    frame = await refused.recv()
    assert frame["op"] == 9 and frame["d"] is False
    assert sb.gateway_report()["refused_identifies"] == 1
    for gw in [*gateways, refused]:
        await gw.close()


async def test_a_session_resumed_from_another_connection_counts_once(sandbox: Sandbox) -> None:
    gw, ready = await _ready(sandbox)
    last = (await gw.recv_until("GUILD_CREATE"))["s"]
    await sandbox.send_message("alice", "general", "seen by the first connection")
    await gw.recv_until("MESSAGE_CREATE")
    other = await RawGateway.connect(sandbox)  # another process, as far as the server knows
    await other.recv()
    await other.send({"op": 6, "d": {"token": sandbox.token,
                                     "session_id": ready["d"]["session_id"], "seq": last}})
    replayed = await other.recv_until("MESSAGE_CREATE")
    assert replayed["d"]["content"] == "seen by the first connection"
    await other.recv_until("RESUMED")
    assert await gw.closed_with() == 4000  # the old connection lost the session
    await sandbox.send_message("alice", "general", "seen once")
    await other.recv_until("MESSAGE_CREATE")
    report = sandbox.gateway_report()
    shard = report["shards"]["0"]
    assert shard["identifies"] == 1 and shard["resumes"] == 1
    assert shard["most_sessions_at_once"] == 1 and report["shards_held_twice"] == []
    assert shard["routed"] == 2 and shard["lost"] == 0 and shard["duplicated"] == 1
    await other.close()


async def test_two_sessions_of_one_shard_are_reported(sandbox: Sandbox) -> None:
    first, _ = await _ready(sandbox)
    second, _ = await _ready(sandbox)
    assert sandbox.gateway_report()["shards_held_twice"] == [0]
    await first.close()
    await second.close()


async def test_dispatches_missed_while_away_are_lost_unless_resumed(sandbox: Sandbox) -> None:
    gw, _ = await _ready(sandbox)
    await gw.recv_until("GUILD_CREATE")
    await gw.close()
    await sandbox.send_message("alice", "general", "nobody hears this")
    report = sandbox.gateway_report()
    assert report["lost"] == 1 and report["shards"]["0"]["sessions_now"] == 0


async def test_closing_with_1000_ends_the_session(sandbox: Sandbox) -> None:
    gw, ready = await _ready(sandbox)
    last = (await gw.recv_until("GUILD_CREATE"))["s"]
    await gw.close(1000)
    again = await RawGateway.connect(sandbox)
    await again.recv()
    await again.send({"op": 6, "d": {"token": sandbox.token,
                                     "session_id": ready["d"]["session_id"], "seq": last}})
    frame = await again.recv()
    assert frame["op"] == 9 and frame["d"] is False
    await again.close()


async def test_a_connection_that_just_drops_keeps_its_session(sandbox: Sandbox) -> None:
    gw, ready = await _ready(sandbox)
    last = (await gw.recv_until("GUILD_CREATE"))["s"]
    # The TCP connection ends (FIN) without a close frame, as when a process dies.
    transport = gw.ws._response.connection.transport  # type: ignore[union-attr]
    transport.close()
    again = await RawGateway.connect(sandbox)
    await again.recv()
    await again.send({"op": 6, "d": {"token": sandbox.token,
                                     "session_id": ready["d"]["session_id"], "seq": last}})
    assert (await again.recv_until("RESUMED"))["t"] == "RESUMED"
    await again.close()
    await gw.session.close()


@pytest.mark.sandbox(gateway_send_limit=(5, 60.0), heartbeat_interval=30000)
async def test_4008_closes_are_counted(sandbox: Sandbox) -> None:
    gw, _ = await _ready(sandbox)
    for _ in range(6):
        await gw.send({"op": 1, "d": None})
    assert await gw.closed_with() == 4008
    report = sandbox.gateway_report()
    assert report["closes_4008"] == 1 and report["closes"] == {"4008": 1}
    await gw.close()


async def test_the_report_is_on_the_control_api(sandbox: Sandbox) -> None:
    gw, _ = await _ready(sandbox)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{sandbox.url}/_sandbox/gateway/report") as resp:
            report = await resp.json()
    assert report["identifies"] == 1 and report["shards"]["0"]["sessions_now"] == 1
    assert report["session_start_limit"]["remaining"] == 999
    await gw.close()
