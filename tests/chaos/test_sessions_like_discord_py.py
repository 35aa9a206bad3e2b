"""Gateway sessions under generated faults, tidecord beside discord.py 2.7.1.

Each run starts one library's bot on its own sandbox, lets people talk while a seeded
schedule of faults hits the gateway (drops with and without a close frame, one in the
middle of a frame, one during the resume handshake, one during a new session's READY,
resumable close codes, op 7, op 9 either way, 4007 and 4009, withheld heartbeat ACKs,
a black-holed server, a corrupt compressed stream, fatal codes, a gateway refusing
every resume, faults to one shard of two), and reads what the bot saw: every message
exactly once and in order, its session events, how long each comeback took, how
``start()`` ended, and what it left behind (tasks, sockets, asyncio's complaints).
Both libraries run the same schedule but for the corrupt stream, which ends
discord.py's run (tidecord's reconnects); where Discord's protocol leaves them free to
differ (how soon a zombie is noticed, a second on_disconnect for a refused resume) the
test says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import random
import time
import warnings
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import discord as dpy
import pytest
import yarl

import tidecord
from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.gateway.connection import GatewayClose

from ..discordpy_ready import ready_at_once
from .chaos_helpers import until

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

LIBRARIES = ("tidecord", "discord.py")
# Fast heartbeats, so a zombie is noticed at once; the send limit raised to match.
FAST = {"heartbeat_interval": 100, "gateway_send_limit": (1_000_000, 60.0)}
RESUMABLE_CLOSES = (1000, 1001, 1011, 4000, 4001, 4002, 4003, 4005, 4008)


@dataclass
class Seen:
    """What one bot saw and did."""

    events: list[str] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    readies_read: int = 0  # READY frames the bot has read (its on_ready comes later)


def _recorder(lib: Any, seen: Seen) -> type:
    class Bot(lib.Client):  # type: ignore[misc, name-defined]
        async def on_connect(self) -> None:
            seen.events.append("connect")

        async def on_disconnect(self) -> None:
            seen.events.append("disconnect")

        async def on_ready(self) -> None:
            seen.events.append("ready")

        async def on_resumed(self) -> None:
            seen.events.append("resumed")

        async def on_message(self, message: Any) -> None:
            seen.contents.append(message.content)

        async def on_socket_event_type(self, event_type: str) -> None:
            seen.readies_read += event_type == "READY"

    return Bot


@contextlib.asynccontextmanager
async def _pointed_at(library: str, sb: Sandbox) -> AsyncIterator[None]:
    if library == "tidecord":
        yield
        return
    old = dpy.http.Route.BASE, dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    dpy.http.Route.BASE = sb.api_url
    dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sb.gateway_url)
    try:
        yield
    finally:
        dpy.http.Route.BASE, dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old


def _make(library: str, sb: Sandbox, seen: Seen, patience: float, sharded: bool) -> Any:
    lib: Any = tidecord if library == "tidecord" else dpy
    intents = lib.Intents.default()
    intents.message_content = True
    cls = _sharded_recorder(lib, seen) if sharded else _recorder(lib, seen)
    if library == "tidecord":
        # On discord.py's transport (zlib-stream), not tidecord's default zstd-stream.
        # The schedules fault the bot as soon as it is back, faster than any network
        # fails: every connection with a session counts as lasting, so comebacks are
        # timed as discord.py's, which waits only after errors (tidecord waits longer
        # after each short-lived connection in a row: test_reconnect_backoff.py).
        return cls(intents=intents, api_url=sb.api_url, loop_watchdog=False,
                   compress="zlib-stream", reconnect_stable_after=0, enable_debug_events=True)
    # discord.py notices a zombie by silence (no frame at all) for heartbeat_timeout;
    # it does not read while it waits 5 s before identifying again, so a run that starts
    # new sessions must be more patient than one that only resumes.
    bot = cls(intents=intents, heartbeat_timeout=patience, enable_debug_events=True)
    ready_at_once(bot._connection)
    return bot


def _sharded_recorder(lib: Any, seen: Seen) -> type:
    class Sharded(_recorder(lib, seen), lib.AutoShardedClient):  # type: ignore[misc]
        async def on_shard_connect(self, shard_id: int) -> None:
            seen.events.append(f"shard_connect {shard_id}")

        async def on_shard_disconnect(self, shard_id: int) -> None:
            seen.events.append(f"shard_disconnect {shard_id}")

        async def on_shard_ready(self, shard_id: int) -> None:
            seen.events.append("shard_ready")  # which comes first is the bucket's choice

        async def on_shard_resumed(self, shard_id: int) -> None:
            seen.events.append(f"shard_resumed {shard_id}")

    return Sharded


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@dataclass
class Run:
    """One library's run under one schedule: what it saw and what it left behind."""

    library: str
    seen: Seen
    sent: list[str]
    timings: list[Any]
    ended: BaseException | None
    closed: bool
    leftover_tasks: list[str]
    fd_growth: int
    complaints: list[str]


Schedule = Callable[[Sandbox, "asyncio.Task[None]", Seen, list[str]], Any]


async def _run(library: str, sb: Sandbox, schedule: Schedule, patience: float = 1.0,
               sharded: bool = False) -> Run:
    """Start ``library``'s bot on ``sb``, run ``schedule``, close it; what it left."""
    seen = Seen()
    before_tasks = set(asyncio.all_tasks())
    before_fds = _open_fds()
    sent: list[str] = []
    timings: list[Any] = []
    ended: BaseException | None = None
    complaints: list[str] = []
    handler = _Complaints(complaints)
    logging.getLogger("asyncio").addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            async with _pointed_at(library, sb):
                bot = _make(library, sb, seen, patience, sharded)
                task = asyncio.create_task(bot.start(sb.token), name=f"sessions: {library}")
                try:
                    await until(lambda: "ready" in seen.events or task.done(), within=15,
                                what=f"{library} ready")
                    timings = await schedule(sb, task, seen, sent)
                finally:
                    closed = bot.is_closed()  # before the test closes it: closed by the error?
                    await bot.close()
                    try:
                        await asyncio.wait_for(task, 10)
                    except Exception as exc:  # what start() ended with is the reading
                        ended = exc
            await asyncio.sleep(0.2)  # the sandbox's side of the last sockets closes
            gc.collect()
            complaints += [str(w.message) for w in caught]
    finally:
        logging.getLogger("asyncio").removeHandler(handler)
    leftover = [f"{t.get_name()} {t.get_coro()!r}" for t in asyncio.all_tasks() - before_tasks
                if not t.done() and not t.get_name().startswith("sandbox")
                and "RequestHandler" not in repr(t.get_coro())]  # the sandbox's side
    return Run(library, seen, sent, timings, ended, closed, leftover,
               _open_fds() - before_fds, complaints)


class _Complaints(logging.Handler):
    """asyncio's complaints at collection: a task destroyed pending, an unclosed session."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


def _clean(run: Run) -> None:
    assert run.leftover_tasks == [], f"{run.library} left tasks running"
    assert run.fd_growth <= 0, f"{run.library} left {run.fd_growth} sockets or files open"
    assert run.complaints == [], f"{run.library}: {run.complaints}"


async def _say(sb: Sandbox, sent: list[str], n: int = 1) -> None:
    for _ in range(n):
        sent.append(f"m{len(sent)}")
        await sb.send_message("alice", "general", sent[-1])


def _backs(seen: Seen) -> int:
    return seen.events.count("resumed") + seen.events.count("ready")


# -- resumable faults ---------------------------------------------------------------

RESUMABLE = ("drop", "mid-frame", "close", "reconnect", "invalid-resumable", "black-hole",
             "stall", "corrupt", "drop-in-handshake")
ZOMBIES = ("black-hole", "stall")  # noticed by the client, not told by the server


async def _fault(sb: Sandbox, kind: str) -> None:
    if kind == "drop":
        await sb.drop_connections()  # TCP gone, no close frame
    elif kind.startswith("close"):
        await sb.drop_connections(int(kind.split()[1]))
    elif kind == "reconnect":
        await sb.send_reconnect()
    elif kind == "invalid-resumable":
        await sb.invalidate_session(resumable=True)
    elif kind == "black-hole":
        await sb.black_hole()  # a stalled server: nothing either way
    elif kind == "stall":
        sb.stall_heartbeat_acks(True)
    elif kind == "mid-frame":
        for conn in sb.hub.live():
            # A text frame's header saying 300 bytes follow, 40 of them, then no more.
            transport = conn.request.transport
            assert transport is not None
            transport.write(b"\x81\x7e\x01\x2c" + b'{"t":"MESSAGE_CREATE","s":99,"op":0,"d":')
            conn.abort()
    elif kind == "corrupt":
        await sb.inject_frame(bytes(10) + b"\x00\x00\xff\xff", compress=False)
    else:
        assert kind == "drop-in-handshake"
        await sb.drop_connections()
        # The next connection, dropped before its resume is through.
        await until(lambda: bool(sb.hub.connections), what="a new connection")
        await sb.drop_connections()


def _resumable_schedule(seed: int, rounds: int, kinds: tuple[str, ...]) -> Schedule:
    async def schedule(sb: Sandbox, task: asyncio.Task[None], seen: Seen,
                       sent: list[str]) -> list[tuple[str, float]]:
        rng = random.Random(seed)
        # Every kind as often, and every resumable close code once, in a seeded order.
        deck = [k for k in kinds if k != "close"] * rounds
        deck += [f"close {code}" for code in RESUMABLE_CLOSES]
        rng.shuffle(deck)
        timings = []
        for kind in deck:
            await _say(sb, sent, rng.randrange(3))
            backs = _backs(seen)
            started = time.monotonic()
            await _fault(sb, kind)
            if kind not in ZOMBIES and rng.random() < 0.5:
                await _say(sb, sent)  # while the bot is away: replayed on its resume
            await until(lambda: _backs(seen) > backs or task.done(), within=10,  # noqa: B023
                        what=f"back after {kind}")
            timings.append((kind, time.monotonic() - started))
            sb.stall_heartbeat_acks(False)
        await _say(sb, sent, 2)
        await until(lambda: len(seen.contents) >= len(sent) or task.done(), within=5,
                    what="every message")
        return timings
    return schedule


async def test_resumable_faults_lose_nothing_as_with_discord_py(
        sandbox_factory: Any, chaos_seed: int) -> None:
    for library in LIBRARIES:
        sb = await sandbox_factory(**FAST)
        # discord.py's run() ends on a zlib-stream message that inflates to nothing
        # (json.loads('') escapes its reconnect loop): the one fault it is spared.
        kinds = RESUMABLE if library == "tidecord" else tuple(
            k for k in RESUMABLE if k != "corrupt")
        run = await _run(library, sb, _resumable_schedule(chaos_seed, 3, kinds))
        assert run.ended is None, f"{library} ended: {run.ended!r}"
        # Every message once, in order, across every resume and replay.
        assert run.seen.contents == run.sent, f"{library} (seed {chaos_seed})"
        assert sb.hub.identifies == 1, f"{library} started a new session"
        faults = len(run.timings)
        assert run.seen.events == ["connect", "ready", *["disconnect", "resumed"] * faults,
                                   "disconnect"], library
        # Back at once when the server says so; a zombie within a few heartbeats
        # (tidecord's: 100 ms; discord.py's silence limit, set to 1 s here).
        told = [t for kind, t in run.timings if kind not in ZOMBIES]
        noticed = [t for kind, t in run.timings if kind in ZOMBIES]
        assert max(told) < 1.0, f"{library}: {run.timings}"
        assert max(noticed) < 3.0, f"{library}: {run.timings}"
        _clean(run)


# -- faults that end the session ------------------------------------------------------


def _ending_schedule(seed: int) -> Schedule:
    async def schedule(sb: Sandbox, task: asyncio.Task[None], seen: Seen,
                       sent: list[str]) -> list[tuple[str, int]]:
        kinds = ["invalid", "4007", "4009"]
        random.Random(seed).shuffle(kinds)
        timings = []
        for n, kind in enumerate(kinds):
            await _say(sb, sent, 2)
            await until(lambda: len(seen.contents) >= len(sent), what="caught up")
            readies, read = seen.events.count("ready"), seen.readies_read
            if kind == "invalid":
                await sb.invalidate_session(resumable=False)
            else:
                await sb.drop_connections(int(kind))
            if n == 0:
                # The new session's connection dropped right after the bot read its
                # READY, before its GUILD_CREATE: resumed, the guild replayed, ready once.
                # (Dropped as soon as the sandbox took the IDENTIFY, a READY still on its
                # way was lost with the connection: under load, a second new session
                # past the test's patience.)
                await until(lambda: seen.readies_read > read,  # noqa: B023
                            within=10, what="a new READY read")
                await sb.drop_connections()
            await until(lambda: seen.events.count("ready") > readies or task.done(),  # noqa: B023
                        within=10, what=f"a new session after {kind}")
            timings.append((kind, sb.hub.identifies))
        await _say(sb, sent, 2)
        await until(lambda: len(seen.contents) >= len(sent), what="every message")
        return timings
    return schedule


def _collapsed(events: list[str]) -> list[str]:
    # discord.py tries to resume after 4007 and 4009, is refused (op 9) and says
    # disconnect once more (a failed attempt, as its docs allow); tidecord knows those
    # codes end the session and identifies at once.
    return [e for i, e in enumerate(events) if i == 0 or e != "disconnect" or events[i - 1] != e]


async def test_faults_that_end_the_session_start_one_as_with_discord_py(
        sandbox_factory: Any, chaos_seed: int) -> None:
    # Both at once: each new session waits its 5 s identify turn, in both libraries.
    boxes = [await sandbox_factory(**FAST) for _ in LIBRARIES]
    tidecord_run, dpy_run = await asyncio.gather(*(
        _run(library, sb, _ending_schedule(chaos_seed), patience=8.0)
        for library, sb in zip(LIBRARIES, boxes, strict=True)))
    for run, sb in ((tidecord_run, boxes[0]), (dpy_run, boxes[1])):
        assert run.ended is None, f"{run.library} ended: {run.ended!r}"
        assert run.seen.contents == run.sent, run.library
        assert [i for _, i in run.timings] == [2, 3, 4], f"{run.library}: one IDENTIFY each"
        assert sb.hub.report()["shards"]["0"]["resumes"] == 1
    for run in (tidecord_run, dpy_run):
        events = _collapsed(run.seen.events)
        # One on_ready per new session, none for the resume of the one dropped in its
        # READY (whether on_ready came before that drop or after the replay is timing).
        assert events[:2] == ["connect", "ready"] and events[-1] == "disconnect", run.library
        assert Counter(events) == {"connect": 4, "ready": 4, "disconnect": 5, "resumed": 1}, (
            run.library, run.seen.events)


# -- close codes that forbid reconnecting ---------------------------------------------

FATAL = (4004, 4010, 4011, 4012, 4013, 4014)


def _fatal_schedule(code: int) -> Schedule:
    async def schedule(sb: Sandbox, task: asyncio.Task[None], seen: Seen,
                       sent: list[str]) -> list[bool]:
        await _say(sb, sent)
        await until(lambda: seen.contents == sent, what="the message")
        await sb.drop_connections(code)
        await asyncio.wait({task}, timeout=5)
        return [task.done()]
    return schedule


@pytest.mark.parametrize("code", FATAL)
async def test_a_fatal_close_ends_the_bot_closed_as_with_discord_py(
        sandbox_factory: Any, code: int) -> None:
    runs = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(**FAST)
        runs[library] = run = await _run(library, sb, _fatal_schedule(code))
        assert run.timings == [True], f"{library} kept running after {code}"
        assert sb.hub.identifies == 1 and not sb.hub.connections, f"{library} reconnected"
        _clean(run)
    ours, theirs = runs["tidecord"].ended, runs["discord.py"].ended
    assert ours is not None and theirs is not None
    assert "\n" not in str(ours) and str(code) in str(ours)
    # What discord.py raises, with the code; for 4004 also a LoginFailure (a token
    # refused, as REST's 401 says at login), for bots that catch that.
    assert isinstance(ours, getattr(tidecord, type(theirs).__name__))
    assert isinstance(ours, tidecord.ConnectionClosed) and ours.code == code
    assert isinstance(ours, tidecord.LoginFailure) == (code == 4004)
    # Both ended closed: nothing of the bot (its HTTP session, its handlers) outlives it.
    # discord.py leaves a 4014 bot open (it raises before closing): tidecord's is closed.
    assert runs["tidecord"].closed
    assert runs["discord.py"].closed == (code != 4014)


# -- a gateway that drops every connection --------------------------------------------


TALK_EVERY = 0.5  # seconds between messages during a storm


def _storm(seconds: float, code: int | None) -> Schedule:
    """For ``seconds``, every RESUME is answered by dropping the connection (``code``
    None: no close frame) while people talk; then the gateway serves again."""
    async def schedule(sb: Sandbox, task: asyncio.Task[None], seen: Seen,
                       sent: list[str]) -> list[float]:
        hub = sb.hub
        attempts = 0

        def refuse(conn: Any, resume: Any) -> None:
            nonlocal attempts
            attempts += 1
            if code is None:
                conn.abort()
            else:
                raise GatewayClose(code, "The sandbox is having a bad day.")

        hub.resume = refuse  # type: ignore[method-assign]
        try:
            started = time.monotonic()
            hub.drop_connections()
            while time.monotonic() - started < seconds:
                await _say(sb, sent)
                await asyncio.sleep(TALK_EVERY)
        finally:
            del hub.resume  # the class's own again
        storm_over = time.monotonic()
        await until(lambda: len(seen.contents) >= len(sent), within=10,
                    what="every message after the storm")
        return [attempts, time.monotonic() - storm_over]
    return schedule


@pytest.mark.parametrize("code", [None, 4000])
async def test_a_gateway_refusing_every_resume_is_not_hammered(
        sandbox_factory: Any, code: int | None) -> None:
    sb = await sandbox_factory(**FAST)
    run = await _run("tidecord", sb, _storm(2.5, code))
    attempts, back_in = run.timings
    # Backing off 1, 2, 4 s (each 0.5-1.5 times) while no connection gets anywhere: a
    # handful of attempts, not discord.py's (which retries at once each time: over a
    # thousand in these 2.5 s, as fast as the sandbox answers).
    assert 2 <= attempts <= 6, attempts
    assert back_in < 6.0
    # The session outlived the storm: everything said meanwhile was replayed, once.
    assert run.seen.contents == run.sent and sb.hub.identifies == 1
    _clean(run)


# -- two shards: which one hears of a fault, in which order ---------------------------


def _one_per_shard(sb: Sandbox) -> list[tuple[int, int]]:
    """(person, text channel) in a guild of each shard, shard 0 first."""
    found: dict[int, tuple[int, int]] = {}
    for gid in sorted(sb.state.guilds):
        shard = (gid >> 22) % 2
        text = [c for c in sb.state.guild_channels[gid].values() if c.type == 0]
        person = next((u for u in sb.state.members[gid] if u != sb.bot_user.id), None)
        if shard not in found and text and person is not None:
            found[shard] = (person, int(text[0].id))
    assert sorted(found) == [0, 1], "the world needs a talkative guild on each shard"
    return [found[0], found[1]]


SHARD_FAULTS = (("drop", 1), ("reconnect", 0), ("invalid-resumable", 1), ("close", 0))


def _sharded_schedule() -> Schedule:
    async def schedule(sb: Sandbox, task: asyncio.Task[None], seen: Seen,
                       sent: list[str]) -> list[str]:
        talkers = _one_per_shard(sb)
        await until(lambda: seen.events.count("shard_ready") == 2, what="both shards")
        start = len(seen.events)
        for kind, shard in SHARD_FAULTS:
            for person, channel in talkers:
                sent.append(f"m{len(sent)}")
                await sb.send_message(person, channel, sent[-1])
            resumed = seen.events.count(f"shard_resumed {shard}")
            if kind == "drop":
                await sb.drop_connections(shard=shard)
            elif kind == "close":
                await sb.drop_connections(4000, shard=shard)
            elif kind == "reconnect":
                await sb.send_reconnect(shard=shard)
            else:
                await sb.invalidate_session(resumable=True, shard=shard)
            await until(lambda: seen.events.count(f"shard_resumed {shard}") > resumed,  # noqa: B023
                        what=f"shard {shard} back after {kind}")
        await until(lambda: len(seen.contents) >= len(sent), what="every message")
        # Last, a close that forbids reconnecting, to shard 1: the bot stops, and the
        # other shard stops with it as on close(), with no on_shard_disconnect of its own.
        await sb.drop_connections(4013, shard=1)
        await asyncio.wait({task}, timeout=5)
        assert task.done(), "the bot kept running after 4013"
        await asyncio.sleep(0.1)  # any last event of the shard stopped with it
        return seen.events[start:]
    return schedule


async def test_each_shard_hears_of_its_own_faults_and_fatal_close_as_with_discord_py(
        sandbox_factory: Any) -> None:
    world = World.generate(guilds=6, members_per_guild=3, channels=1, roles=2)
    runs = []
    for library in LIBRARIES:
        # Both shards identify at once (max_concurrency 2); heartbeats of a second, so a
        # loaded machine makes no zombie of either.
        sb = await sandbox_factory(world=world, shard_count=2, max_concurrency=2,
                                   heartbeat_interval=1000)
        runs.append(await _run(library, sb, _sharded_schedule(), patience=8.0, sharded=True))
    for run in runs:
        assert run.seen.contents == run.sent, run.library
        assert run.closed and isinstance(run.ended, Exception), run.library
        assert getattr(run.ended, "code", None) == 4013, run.library
        _clean(run)
    ours, theirs = (run.timings for run in runs)
    assert ours == theirs
    assert ours[-2:] == ["disconnect", "shard_disconnect 1"]

