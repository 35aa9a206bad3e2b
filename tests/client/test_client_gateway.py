"""The gateway session: resume after drops, op 7, op 9, zombies, fatal close codes."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

import tidecord
from tidecord.gateway import IdentifyGate, Shard
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect, start_client, until


class Recorder(tidecord.Client):
    """Records the session events and every message content, in order."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.log: list[str] = []

    async def on_ready(self) -> None:
        self.log.append("ready")

    async def on_resumed(self) -> None:
        self.log.append("resumed")

    async def on_disconnect(self) -> None:
        self.log.append("disconnect")

    async def on_message(self, message: tidecord.Message) -> None:
        self.log.append(message.content)


@pytest.fixture(params=["picows", "aiohttp"])
async def network(request: pytest.FixtureRequest) -> dict[str, object]:
    """Client options for each gateway socket: picows by default; aiohttp's when the
    bot hands in its own connector (so its proxy or TLS settings reach the gateway)."""
    if request.param == "picows":
        return {}
    return {"connector": aiohttp.TCPConnector()}


async def test_dropped_connection_resumes_without_losing_events(
    sandbox: Sandbox, connect: Connect, network: dict[str, object]
) -> None:
    client = await connect(Recorder, **network)
    assert await sandbox.drop_connections() == 1
    # Sent while the bot is disconnected: replayed on resume.
    await sandbox.send_message("alice", "general", "while away 1")
    await sandbox.send_message("alice", "general", "while away 2")
    await until(lambda: "resumed" in client.log)
    await sandbox.send_message("alice", "general", "after")
    await until(lambda: "after" in client.log)
    assert client.log == [
        "ready", "disconnect", "while away 1", "while away 2", "resumed", "after"
    ]
    assert sandbox.hub.identifies == 1  # resumed, never identified again


async def test_op7_reconnect_resumes(
    sandbox: Sandbox, connect: Connect, network: dict[str, object]
) -> None:
    client = await connect(Recorder, **network)
    await sandbox.send_reconnect()
    await until(lambda: "resumed" in client.log)
    assert client.log.count("ready") == 1


async def test_invalid_session_identifies_again_and_fires_on_ready_again(
    sandbox: Sandbox, connect: Connect
) -> None:
    """As discord.py's Client does (test_peers shows it on the sandbox): a session that
    cannot be resumed is replaced, and the new one's readiness is a new on_ready."""
    client = await connect(Recorder)
    shards: list[int] = []
    client.add_listener(lambda shard_id: _record(shards, shard_id), "on_shard_ready")
    await sandbox.invalidate_session(resumable=False)
    await until(lambda: shards == [0], within=10)  # after Discord's 1-5 s wait
    await until(lambda: client.log.count("ready") == 2)
    assert sandbox.hub.identifies == 2
    assert client.log == ["ready", "disconnect", "ready"]
    await sandbox.send_message("alice", "general", "still connected")
    await until(lambda: "still connected" in client.log)


async def test_resumable_invalid_session_resumes(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect(Recorder)
    await sandbox.invalidate_session(resumable=True)
    await until(lambda: "resumed" in client.log)
    assert sandbox.hub.identifies == 1 and client.log.count("ready") == 1


async def test_server_gone_then_back_reconnects_and_close_is_prompt(sandbox_factory) -> None:
    sb = await sandbox_factory()
    client = Recorder(api_url=sb.api_url)
    task = await start_client(client, sb.token)
    await sb.stop()  # every connection refused from now on: backoff with jitter
    await until(lambda: "disconnect" in client.log)
    await asyncio.sleep(1.5)
    assert not task.done()  # still trying, not crashed
    started = asyncio.get_running_loop().time()
    await client.close()
    await asyncio.wait_for(task, 5)
    assert asyncio.get_running_loop().time() - started < 2


async def _record(into: list[int], value: int) -> None:
    into.append(value)


async def test_zombie_connection_is_closed_and_resumed(
    sandbox: Sandbox, connect: Connect, network: dict[str, object]
) -> None:
    client = await connect(Recorder, **network)
    sandbox.stall_heartbeat_acks(True)
    # Heartbeats every 1 s: a missing ACK is noticed at the next beat, then we resume.
    await until(lambda: "resumed" in client.log, within=5)
    sandbox.stall_heartbeat_acks(False)
    await sandbox.send_message("alice", "general", "alive")
    await until(lambda: "alive" in client.log)


async def test_bad_token_on_rest_is_one_clear_login_failure(sandbox: Sandbox) -> None:
    bad = sandbox.token[:-4] + "AAAA"
    client = tidecord.Client(api_url=sandbox.api_url)
    with pytest.raises(tidecord.LoginFailure) as caught:
        await client.start(bad)
    await client.close()
    assert str(caught.value) == "Improper token has been passed."
    assert bad not in repr(caught.value) and bad not in repr(client.http)


@pytest.mark.parametrize("on_session", [False, True], ids=["picows", "aiohttp"])
async def test_gateway_4004_raises_login_failure(sandbox: Sandbox, on_session: bool) -> None:
    async with tidecord.Client(api_url=sandbox.api_url) as client:
        session = client.http.session
        shard = Shard(
            0, 1, session=lambda: session, token="not-the-token", gateway_url=sandbox.gateway_url,
            intents=tidecord.Intents.default(), on_dispatch=lambda *a: None,
            identify_gate=IdentifyGate(1), gateway_on_session=on_session,
        )
        with pytest.raises(tidecord.LoginFailure, match="4004"):
            await asyncio.wait_for(shard.run(), 5)


@pytest.mark.sandbox(privileged_intents=["GUILD_MEMBERS"])
async def test_4014_names_the_missing_privileged_intent(sandbox: Sandbox) -> None:
    intents = tidecord.Intents.default()
    intents.members = True
    intents.message_content = True
    client = tidecord.Client(api_url=sandbox.api_url, intents=intents)
    with pytest.raises(tidecord.PrivilegedIntentsRequired) as caught:
        await asyncio.wait_for(start_client(client, sandbox.token), 5)
    await client.close()
    assert caught.value.missing == ["MESSAGE_CONTENT"]
    assert "MESSAGE_CONTENT" in str(caught.value) and "GUILD_MEMBERS" not in str(caught.value)


@pytest.mark.sandbox(shard_count=2, max_concurrency=2)
async def test_request_members_collects_chunks(sandbox: Sandbox, connect: Connect) -> None:
    intents = tidecord.Intents.default()
    intents.members = True
    client = await connect(intents=intents)
    guild = client.guilds[0]
    members = await guild.chunk()
    assert sorted(m.name for m in members) == sorted(m.user.username for m in sandbox.guild.members)
    found = await guild.query_members("ali", limit=5)
    assert [m.name for m in found] == ["alice"]
    by_id = await client.request_members(guild, user_ids=[sandbox.user("bob").id])
    assert [m.name for m in by_id] == ["bob"]


async def test_every_member_without_the_members_intent_is_refused_at_once(
        sandbox: Sandbox, connect: Connect) -> None:
    # Discord never answers it (the wait ran to its 60 s): refused before it is sent.
    client = await connect(intents=tidecord.Intents.default())
    with pytest.raises(tidecord.ClientException, match=r"Intents\.members"):
        await client.request_members(client.guilds[0])
    found = await client.request_members(client.guilds[0], query="al", limit=5)
    assert [m.name for m in found] == ["alice"]


async def test_change_presence_is_sent(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    await client.change_presence(activity=tidecord.Game("chess"), status=tidecord.Status.idle)
    # The sandbox keeps the connection: a malformed op 3 would have closed it (4002).
    await asyncio.sleep(0.1)
    assert client.shards[0].connected.is_set()


async def test_chunk_guilds_at_startup_before_on_ready(sandbox: Sandbox, connect: Connect) -> None:
    order: list[str] = []

    class Bot(tidecord.Client):
        async def on_guild_members_chunk(self, chunk: object) -> None:
            order.append("chunk")

        async def on_ready(self) -> None:
            order.append("ready")

    intents = tidecord.Intents.default()
    intents.members = True
    client = await connect(Bot, intents=intents, chunk_guilds_at_startup=True)
    await asyncio.sleep(0.05)
    assert order == ["chunk", "ready"]
    assert client.guilds[0].chunked


async def test_malformed_payloads_are_logged_and_skipped(
    sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    client = await connect(Recorder)
    await sandbox.inject_frame(b"this is not json")
    await sandbox.inject_frame(b'{"op": "zero"}')
    await sandbox.inject_dispatch("MESSAGE_CREATE", b'{"id": "not a snowflake", "content": 5}')
    await sandbox.send_message("alice", "general", "still here")
    await until(lambda: "still here" in client.log)
    # The same connection served on: no reconnect, no resume, nothing lost.
    assert client.log == ["ready", "still here"]
    assert sandbox.hub.identifies == 1
    # (Not the loop watchdog's: a loaded machine's stall is a warning of its own.)
    skipped = [r for r in caplog.records if r.name.startswith("tidecord") and r.levelname in
               ("WARNING", "ERROR") and not r.name.startswith("tidecord.health")]
    assert len(skipped) == 3, [r.getMessage() for r in skipped]


@pytest.mark.parametrize("compress", ["zlib-stream", "zstd-stream"])
async def test_corrupt_compressed_stream_reconnects_and_resumes(
    sandbox: Sandbox, connect: Connect, compress: str
) -> None:
    client = await connect(Recorder, compress=compress)
    # Bytes no inflater can take; zlib-stream waits for the sync-flush suffix.
    await sandbox.inject_frame(b"\x13\x37 corrupt \x00\x00\xff\xff", compress=False)
    await until(lambda: "resumed" in client.log)
    await sandbox.send_message("alice", "general", "after")
    await until(lambda: "after" in client.log)
    assert client.log == ["ready", "disconnect", "resumed", "after"]
    assert sandbox.hub.identifies == 1


@pytest.mark.tidecord_strict(False)  # the stall is the point
@pytest.mark.sandbox(heartbeat_interval=500)
async def test_a_stall_of_the_shared_loop_is_not_a_timed_out_session(
    sandbox: Sandbox, connect: Connect
) -> None:
    # The bot and the sandbox share this loop (as in a user's pytest run): a stall past
    # the heartbeat deadline (0.5 s interval: 1.75 s) holds up both. The sandbox must not
    # blame the bot's heartbeat for its own stall and time the session out (4009).
    client = await connect(Recorder)
    time.sleep(2.5)  # noqa: ASYNC251
    await sandbox.send_message("alice", "general", "after the stall")
    await until(lambda: "after the stall" in client.log)
    await asyncio.sleep(0.5)  # the watch's next turns, after the loop is free again
    report = sandbox.gateway_report()
    assert report["closes"] == {}, report["closes"]
    assert client.log == ["ready", "after the stall"]
    assert report["identifies"] == 1


VOICE_WORLD = World.from_dict({
    "users": ["alice", "bob", "carol"],
    "guilds": [{"name": "Talk", "owner": "alice",
                "channels": [{"name": "general"}, {"name": "Lounge", "type": 2}],
                "members": ["alice", "bob", "carol"]}],
})


def _intents(members: bool, presences: bool) -> tidecord.Intents:
    intents = tidecord.Intents.default()
    intents.members, intents.presences = members, presences
    return intents


@pytest.mark.sandbox(world=VOICE_WORLD)
@pytest.mark.parametrize(("members", "presences", "chunk", "cached"), [
    # Without the presences intent GUILD_CREATE carries the bot and who is in voice...
    (False, False, None, ["SandboxBot", "bob"]),
    (True, False, False, ["SandboxBot", "bob"]),
    # ...and with the members intent the rest is asked for before on_ready (as
    # discord.py's default); with the presences intent a small guild comes whole.
    (True, False, None, ["SandboxBot", "alice", "bob", "carol"]),
    (True, True, None, ["SandboxBot", "alice", "bob", "carol"]),
])
async def test_the_members_a_guild_comes_with_and_the_chunking_that_completes_them(
        sandbox: Sandbox, connect: Connect, members: bool, presences: bool,
        chunk: bool | None, cached: list[str]) -> None:
    await sandbox.join_voice("bob", "Lounge")
    chunks: list[int] = []

    class Bot(tidecord.Client):
        async def on_guild_members_chunk(self, chunk: object) -> None:
            chunks.append(1)

    options = {} if chunk is None else {"chunk_guilds_at_startup": chunk}
    client = await connect(Bot, intents=_intents(members, presences), **options)
    guild = client.guilds[0]
    assert sorted(m.name for m in guild.members) == cached
    assert guild.member_count == 4
    assert bool(chunks) == (members and not presences and chunk is None)


def test_chunking_at_startup_needs_the_members_intent() -> None:
    with pytest.raises(ValueError, match=r"Intents\.members must be enabled"):
        tidecord.Client(intents=_intents(False, False), chunk_guilds_at_startup=True)
