"""discord.py's smaller ``Client`` members: the intents and application the client runs
with, the gateway send limit, voice clients, ``clear()`` for a second start, and the
hook awaited before each IDENTIFY."""

from __future__ import annotations

import asyncio
import time

import tidecord
from tidecord.sandbox import Sandbox

from .client_helpers import Connect, start_client


async def test_intents_are_the_ones_passed_and_a_copy(connect: Connect) -> None:
    chosen = tidecord.Intents.default()
    chosen.members = True
    client = await connect(intents=chosen)
    seen = client.intents
    assert seen == chosen and seen is not chosen
    seen.guilds = False  # changing the copy changes nothing the client uses
    assert client.intents.guilds is True
    assert client.shards[0].intents == chosen  # what it identified with


async def test_application_and_its_flags_are_read_at_login(sandbox: Sandbox) -> None:
    client = tidecord.Client(api_url=sandbox.api_url)
    assert client.application is None
    assert client.application_flags.value == 0
    seen: list[object] = []

    class Bot(tidecord.Client):
        async def setup_hook(self) -> None:
            seen.append(self.application)

    client = Bot(api_url=sandbox.api_url)
    async with client:
        await client.login(sandbox.token)
        app = sandbox.state.application
        assert seen == [client.application]
        assert isinstance(client.application, tidecord.AppInfo)
        assert client.application.id == app.id == client.application_id
        assert client.application.name == app.name
        assert client.application.owner is not None
        flags = client.application_flags
        assert isinstance(flags, tidecord.ApplicationFlags)
        assert flags.value == app.flags_value == client.application.flags.value
        assert flags.gateway_message_content is bool(app.flags_value & (1 << 18))


async def test_not_rate_limited_until_a_shard_spent_its_frames(connect: Connect) -> None:
    client = tidecord.Client()
    assert client.is_ws_ratelimited() is False  # no shard yet
    client = await connect()
    assert client.is_ws_ratelimited() is False
    limiter = client.shards[0]._limiter
    now = time.monotonic()  # the limiter's clock
    limiter._sent.extend([now] * (limiter.limit - limiter.reserve))
    assert client.is_ws_ratelimited() is True
    limiter._sent.clear()
    assert client.is_ws_ratelimited() is False


async def test_voice_clients_is_an_empty_list(connect: Connect) -> None:
    client = await connect()
    assert client.voice_clients == []


async def test_clear_lets_a_closed_client_start_again(sandbox: Sandbox) -> None:
    readies: list[int] = []

    class Bot(tidecord.Client):
        async def on_ready(self) -> None:
            readies.append(len(self.guilds))

    intents = tidecord.Intents.default()
    intents.members = intents.presences = intents.message_content = True
    await sandbox.set_presence("alice", "online", activities=[tidecord.Game("chess")])
    client = Bot(api_url=sandbox.api_url, intents=intents)
    task = await start_client(client, sandbox.token)
    cache = client._connection.cache
    assert cache.presences  # Alice's
    view = tidecord.ui.View(timeout=None)
    view.add_item(tidecord.ui.Button(label="Vote", custom_id="vote"))
    client.add_view(view)
    assert client.persistent_views == [view]
    await client.close()
    await asyncio.wait_for(task, 5)
    assert client.is_closed() and not client.is_ready()

    client.clear()
    assert not client.is_closed() and not client.is_ready()
    assert client.guilds == [] and client.user is None
    assert cache.presences == {}  # nothing of the last run is held
    assert client.persistent_views == []

    task = await start_client(client, sandbox.token)
    try:
        assert client.is_ready() and not client.is_closed()
        assert readies == [1, 1]
        assert client.user == sandbox.bot_user
        await sandbox.send_message("alice", "general", "second run")
        message = await client.wait_for("message", timeout=5)
        assert message.content == "second run"
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)
    assert client.is_closed()


async def test_before_identify_hook_runs_before_each_identify(sandbox: Sandbox,
                                                             connect: Connect) -> None:
    calls: list[tuple[int | None, bool, int]] = []

    class Bot(tidecord.Client):
        async def before_identify_hook(self, shard_id: int | None, *,
                                       initial: bool = False) -> None:
            # How many IDENTIFYs the sandbox had when the hook ran: it runs before one.
            calls.append((shard_id, initial, sandbox.gateway_report()["identifies"]))

    client = await connect(Bot)
    assert calls == [(None, True, 0)]
    await sandbox.invalidate_session(resumable=False)
    await client.wait_for("ready", timeout=10)
    assert calls == [(None, True, 0), (None, False, 1)]
    await sandbox.drop_connections()  # a resume: no identify, no hook
    await sandbox.send_message("alice", "general", "resumed")
    await client.wait_for("message", timeout=10)
    assert len(calls) == 2


async def test_the_default_hook_adds_no_wait_to_a_reconnect() -> None:
    # Discord's own spacing (max_concurrency every 5 s) is kept by the identify turns;
    # discord.py's extra 5 s before every later IDENTIFY would only lengthen outages.
    client = tidecord.Client()
    started = time.monotonic()
    await client.before_identify_hook(0, initial=True)
    await client.before_identify_hook(0)
    # discord.py's wait is 5 s; the room under it is for a loaded machine's stalls.
    assert time.monotonic() - started < 2.0


async def test_each_shard_names_itself_to_the_hook(connect: Connect) -> None:
    calls: list[tuple[int | None, bool]] = []

    class Bot(tidecord.Client):
        async def before_identify_hook(self, shard_id: int | None, *,
                                       initial: bool = False) -> None:
            calls.append((shard_id, initial))

    await connect(Bot, shard_count=2)
    # As discord.py's launch_shards: only the client's first IDENTIFY is the initial one.
    assert sorted(calls, key=str) == [(0, True), (1, False)]
