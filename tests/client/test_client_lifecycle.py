"""Starting, being ready, and closing with nothing left behind."""

from __future__ import annotations

import asyncio
import gc
import os
import traceback
import warnings

import pytest

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect, start_client

# The library's own folder: frames are told apart by where they live, never by a folder
# name the checkout itself may share (`git clone` calls it "tidecord" too).
LIBRARY_DIR = os.path.dirname(os.path.abspath(tidecord.__file__)) + os.sep


async def test_on_ready_fires_once_after_every_guild_arrived(sandbox: Sandbox) -> None:
    seen: list[tuple[int, int, int]] = []
    order: list[str] = []

    class Bot(tidecord.Client):
        async def setup_hook(self) -> None:
            order.append("setup_hook")

        async def on_connect(self) -> None:
            order.append("connect")

        async def on_ready(self) -> None:
            order.append("ready")
            guild = self.guilds[0]
            seen.append((len(self.guilds), len(guild.channels), len(guild.members)))

    intents = tidecord.Intents.default()
    intents.members = True  # the members not in GUILD_CREATE are asked for before ready
    async with Bot(api_url=sandbox.api_url, intents=intents) as client:
        task = await start_client(client, sandbox.token)
        await asyncio.sleep(0.05)
        assert order == ["setup_hook", "connect", "ready"]
        # Everything the guild holds was in the cache when on_ready ran.
        world = sandbox.guild
        assert seen == [(1, len(world.channels), len(world.members))]
        assert len(world.members) >= 3
        assert client.is_ready()
        assert str(client.user) == sandbox.bot_user.username
        assert client.user == sandbox.bot_user
        assert client.application_id is not None
        general = sandbox.channel("general")
        assert client.get_channel(general.id).name == "general"
        assert client.get_guild(sandbox.guild.id).name == "Sandbox"
        assert client.get_user(sandbox.user("alice").id).name == "alice"
        await client.close()
        await asyncio.wait_for(task, 5)
    assert client.is_closed()


async def test_a_guild_down_at_startup_delays_on_ready_as_long_as_on_discord_py(
        sandbox: Sandbox) -> None:
    # discord.py waits guild_ready_timeout (2 s by default) after the last guild for one
    # READY listed that is down; tidecord waited 10 s.
    await sandbox.guild_outage()
    loop = asyncio.get_running_loop()
    async with tidecord.Client(api_url=sandbox.api_url,
                               intents=tidecord.Intents.default()) as client:
        started = loop.time()
        task = await start_client(client, sandbox.token, within=15)
        waited = loop.time() - started
        assert [(g.id, g.unavailable) for g in client.guilds] == [(sandbox.guild.id, True)]
        await client.close()
        await asyncio.wait_for(task, 5)
    assert 1.5 < waited < 6, waited


async def test_latency_is_measured_from_heartbeat_acks(connect: Connect) -> None:
    client = await connect()
    # The first beat goes at once on HELLO; its ACK follows within a loop turn or two.
    for _ in range(40):
        if client.latency != float("inf"):
            break
        await asyncio.sleep(0.05)
    assert 0 <= client.latency < 2.0


# The test's own gc.collect() may hold the loop for most of a second on the heap a
# whole suite leaves behind: strict mode would blame the test for its own probe.
@pytest.mark.tidecord_strict(False)
async def test_close_leaves_no_task_and_no_warning(sandbox: Sandbox) -> None:
    before = asyncio.all_tasks()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = tidecord.Client(api_url=sandbox.api_url)

        @client.event
        async def on_message(message: tidecord.Message) -> None:
            await asyncio.sleep(30)  # still running when we close

        task = await start_client(client, sandbox.token)
        await sandbox.send_message("alice", "general", "hello")
        await client.wait_for("message", timeout=5)
        await client.close()
        await asyncio.wait_for(task, 5)
        del client, task
        gc.collect()
        await asyncio.sleep(0)
    left = {t for t in asyncio.all_tasks() - before if not t.done()}
    assert left == set(), [t.get_name() for t in left]
    assert [str(w.message) for w in caught if "nclosed" in str(w.message)] == []


async def test_wait_until_ready_and_async_with(sandbox: Sandbox) -> None:
    async with tidecord.Client(api_url=sandbox.api_url) as client:
        runner = asyncio.create_task(client.start(sandbox.token))
        await asyncio.wait_for(client.wait_until_ready(), 5)
        assert client.is_ready()
    # Leaving the block closed the client, which ends start().
    await asyncio.wait_for(runner, 5)
    assert client.is_closed()


async def test_api_url_from_environment(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDECORD_API_URL", sandbox.api_url)
    client = tidecord.Client()
    assert client.http.api_url == sandbox.api_url
    await client.close()


async def test_each_guild_of_the_first_ready_is_available_before_on_ready(
        sandbox: Sandbox) -> None:
    heard: list[str] = []

    class Bot(tidecord.Client):
        async def on_guild_available(self, guild: tidecord.Guild) -> None:
            heard.append(f"available {guild.name}")

        async def on_guild_join(self, guild: tidecord.Guild) -> None:
            heard.append(f"join {guild.name}")

        async def on_ready(self) -> None:
            heard.append("ready")

    client = Bot(api_url=sandbox.api_url)
    task = await start_client(client, sandbox.token)
    try:
        for _ in range(100):
            if "ready" in heard:
                break
            await asyncio.sleep(0.02)
        assert client.guilds
        assert heard == [*(f"available {g.name}" for g in client.guilds), "ready"]
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)


@pytest.mark.sandbox(shard_count=2, max_concurrency=2)
async def test_two_shards_ready_once_then_again_when_both_sessions_are_new(
        sandbox: Sandbox) -> None:
    readies: list[str] = []

    class Bot(tidecord.Client):
        async def on_shard_ready(self, shard_id: int) -> None:
            readies.append(f"shard {shard_id}")

        async def on_ready(self) -> None:
            readies.append("ready")

    client = Bot(api_url=sandbox.api_url)
    task = await start_client(client, sandbox.token)
    await asyncio.sleep(0.05)
    try:
        assert sorted(client.shards) == [0, 1]
        # discord.py's AutoShardedClient readouts: each shard's latency, one shard.
        assert [sid for sid, _ in client.latencies] == [0, 1]
        assert [latency for _, latency in client.latencies] == [
            client.get_shard(0).latency, client.get_shard(1).latency]  # type: ignore[union-attr]
        shard = client.get_shard(1)
        assert shard is not None and shard.id == 1 and shard.shard_count == 2
        assert not shard.is_closed() and not shard.is_ws_ratelimited()
        assert client.get_shard(2) is None
        assert readies.count("ready") == 1 and readies[-1] == "ready"
        assert sorted(readies[:-1]) == ["shard 0", "shard 1"]
        assert len(client.guilds) == 1
        # Both sessions replaced: once both shards are ready again, on_ready again (as
        # discord.py's AutoShardedClient; a single replaced session would not).
        readies.clear()
        assert await sandbox.invalidate_session(resumable=False) == 2
        for _ in range(300):  # Discord's 1-5 s wait before identifying again
            if "ready" in readies:
                break
            await asyncio.sleep(0.05)
        assert sorted(readies) == ["ready", "shard 0", "shard 1"]
        assert readies[-1] == "ready"
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)


async def test_close_during_login_opens_nothing_more(sandbox: Sandbox) -> None:
    hooked: list[str] = []

    class Bot(tidecord.Client):
        async def setup_hook(self) -> None:
            hooked.append("setup_hook")

    # The first GET /users/@me answers 503, so login sits in its retry back-off.
    sandbox.fail_next_rest(1, status=503)
    client = Bot(api_url=sandbox.api_url)
    task = asyncio.create_task(client.start(sandbox.token))
    for _ in range(200):
        if sandbox.faults.pending == 0:
            break
        await asyncio.sleep(0.01)
    assert sandbox.faults.pending == 0
    await client.close()
    await asyncio.wait_for(task, 10)  # start() returns: no exception, no connect
    assert hooked == []
    assert client.http._session is None  # the retry did not open a new session
    assert client.shards == {}


async def test_a_gateway_discord_will_not_name_is_gateway_not_found(sandbox: Sandbox) -> None:
    class Bot(tidecord.Client):
        async def setup_hook(self) -> None:
            # The next calls, GET /gateway/bot and its one retry, answer 503.
            self.http.max_retries = 1
            sandbox.fail_next_rest(2, status=503)

    client = Bot(api_url=sandbox.api_url)
    try:
        with pytest.raises(tidecord.GatewayNotFound, match="answered 503") as caught:
            await asyncio.wait_for(client.start(sandbox.token), 10)
        assert isinstance(caught.value.__cause__, tidecord.DiscordServerError)
        assert isinstance(caught.value, tidecord.errors.GatewayNotFound)
    finally:
        await client.close()


async def test_close_while_asking_for_the_gateway_ends_start_quietly(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    asked = asyncio.Event()

    class Bot(tidecord.Client):
        async def setup_hook(self) -> None:
            # The next call, GET /gateway/bot, is held for a while: close comes meanwhile.
            sandbox.slow_next_rest(1, seconds=2.0)
            asked.set()

    client = Bot(api_url=sandbox.api_url)
    task = asyncio.create_task(client.start(sandbox.token))
    await asyncio.wait_for(asked.wait(), 5)
    await asyncio.sleep(0.2)
    await client.close()
    await asyncio.wait_for(task, 10)  # as Ctrl-C in `tidecord run`: no ClientClosed
    assert client.shards == {}
    assert "retrying" not in caplog.text  # the cut call is not retried, nor said to be


async def test_the_token_shows_in_no_repr_and_no_traceback_locals(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect()
    shard = client.shards[0]
    for holder in (client, client.http, shard):
        assert sandbox.token not in repr(vars(holder)), type(holder).__name__
    assert sandbox.token not in repr(client.http._headers)
    # A refused token: the traceback, local variables of every frame included.
    refused = "MTIz.refused.token-value"
    bot = tidecord.Client(api_url=sandbox.api_url)
    with pytest.raises(tidecord.LoginFailure) as caught:
        await bot.start(refused)
    await bot.close()
    stack = traceback.TracebackException.from_exception(caught.value, capture_locals=True).stack
    ours = [frame for frame in stack if frame.filename.startswith(LIBRARY_DIR)]
    assert {"start", "login"} <= {frame.name for frame in ours}
    for frame in ours:  # the caller's own frame holds what it passed; ours show no token
        assert refused not in repr(frame.locals), frame.name
