"""Sharded bots run on tidecord and on discord.py 2.7.1 against the same sandbox: bots
generated from seeds (1 to 8 guilds, 1 to 8 shards, ``max_concurrency`` 1 or 2) and
what each shard received, identified and told; a fatal close before or after READY;
op 7 and op 9 on one shard of three while the others keep delivering; member requests
sent over each guild's own shard; the latency of a shard switched off. The two
libraries' shards come up in different orders (discord.py one after the other,
tidecord together, spaced by its identify turns), so per-shard events are compared
as sets, ``on_ready`` last.

Shard options and presence per shard: ``tests/ext/test_parity_shards.py``; faults to
two shards and fatal closes of one: ``tests/chaos/test_sessions_like_discord_py.py``.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import math
import random
import time
from collections.abc import Callable
from typing import Any

import discord as dpy
import pytest
import yarl
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands
from tidecord.gateway import manager
from tidecord.sandbox import Sandbox, World

from ..discordpy_ready import ready_at_once
from ..ext.parity import LIBRARIES, quick_limits, running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

# Seconds between two identifies of one bucket, on the sandbox and for both bots: the
# hook below waits it before every identify but the first (discord.py's own hook waits
# 5 s), and tidecord's identify turns are given it instead of Discord's 5 s.
WINDOW = 0.3
# The sandbox counts arrivals, the bots count from their sends: loopback jitter's room.
ARRIVALS = WINDOW * 0.9
STARTS = ("hook", "connect", "shard_connect", "shard_ready", "ready")


@pytest.fixture(autouse=True)
def short_identify_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manager, "IdentifyGate",
                        functools.partial(manager.IdentifyGate, window=WINDOW))


def guilds(count: int) -> World:
    return World.from_dict({
        "users": [{"username": "alice"}],
        "guilds": [{"name": f"G{n}", "owner": "alice", "members": ["alice"],
                    "channels": [{"name": f"talk-{n}"}]} for n in range(count)],
    })


async def sandbox_of(sandbox_factory: Callable[..., Any], world: World, shards: int,
                     max_concurrency: int, **options: Any) -> Sandbox:
    sb: Sandbox = await sandbox_factory(
        world=world, rate_limits=quick_limits(), shard_count=shards,
        max_concurrency=max_concurrency, identify_interval=ARRIVALS,
        heartbeat_interval=600_000, **options)
    return sb


def recording_bot(seen: list[str], *, members: bool = False,
                  **options: Any) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        class Bot(commands.AutoShardedBot):
            async def before_identify_hook(self, shard_id: int | None, *,
                                           initial: bool = False) -> None:
                seen.append(f"hook {shard_id} initial {initial}")
                if not initial:
                    await asyncio.sleep(WINDOW)

            async def on_connect(self) -> None:
                seen.append("connect")

            async def on_disconnect(self) -> None:
                seen.append("disconnect")

            async def on_shard_connect(self, shard_id: int) -> None:
                seen.append(f"shard_connect {shard_id}")

            async def on_shard_ready(self, shard_id: int) -> None:
                seen.append(f"shard_ready {shard_id}")

            async def on_shard_disconnect(self, shard_id: int) -> None:
                seen.append(f"shard_disconnect {shard_id}")

            async def on_shard_resumed(self, shard_id: int) -> None:
                seen.append(f"shard_resumed {shard_id}")

            async def on_ready(self) -> None:
                seen.append(f"ready with shards {sorted(self.shards)}")

            async def on_message(self, message: Any) -> None:
                seen.append(f"message in {message.guild.name}")

        intents = discord.Intents.default()
        intents.members = members
        return Bot(command_prefix="!", intents=intents, **options)
    return setup


def identifies_of(sb: Sandbox) -> list[tuple[int, float]]:
    """(shard id, when) of every IDENTIFY the sandbox reads from now on."""
    hub = sb.hub
    seen: list[tuple[int, float]] = []
    identify = hub.identify

    def spy(conn: Any, payload: Any) -> None:
        shard = payload.shard if isinstance(payload.shard, tuple) else (0, 1)
        seen.append((shard[0], time.monotonic()))
        identify(conn, payload)

    hub.identify = spy  # type: ignore[method-assign]
    return seen


def spacing(identified: list[tuple[int, float]], max_concurrency: int) -> list[str]:
    """Per bucket: its shards in the order they identified, and whether each came a
    window after the one before."""
    lines = []
    for bucket in range(max_concurrency):
        mine = [(shard, at) for shard, at in identified if shard % max_concurrency == bucket]
        gaps = [b - a for (_, a), (_, b) in itertools.pairwise(mine)]
        lines.append(f"bucket {bucket}: shards {[s for s, _ in mine]}, "
                     f"spaced {all(gap >= ARRIVALS for gap in gaps)}")
    return lines


def described(bot: Any, sb: Sandbox) -> list[str]:
    """What the bot says of its shards and guilds, and what the sandbox counted."""
    lines = [f"shard_count {bot.shard_count}, shard_ids {bot.shard_ids}, "
             f"latency known {math.isfinite(bot.latency)}, "
             f"latencies of {[i for i, value in bot.latencies if math.isfinite(value)]}, "
             f"get_shard(99) {bot.get_shard(99)}"]
    for shard_id, shard in sorted(bot.shards.items()):
        lines.append(f"shard {shard_id}: id {shard.id} of {shard.shard_count}, "
                     f"closed {shard.is_closed()}, ws rate limited {shard.is_ws_ratelimited()}, "
                     f"latency known {math.isfinite(shard.latency)}")
    count = bot.shard_count
    for guild in sorted(bot.guilds, key=lambda g: g.name):
        lines.append(f"{guild.name} on shard {guild.shard_id} "
                     f"(by its id {(guild.id >> 22) % count})")
    report = sb.hub.report()
    lines.append(f"identifies per shard {[s['identifies'] for s in report['shards'].values()]}, "
                 f"violations {report['identify_violations']}")
    return lines


async def ready_heard(seen: list[str]) -> None:
    """Until on_ready's handler has run: wait_until_ready() may return before it does."""
    async with asyncio.timeout(5):
        while not any(line.startswith("ready") for line in seen):  # noqa: ASYNC110
            await asyncio.sleep(0.01)


def starting(seen: list[str]) -> list[str]:
    """The start's events, the shards' in a fixed order, and on_ready last."""
    events = [line for line in seen if line.split()[0] in STARTS]
    assert events[-1].startswith("ready") and sum(e.startswith("ready") for e in events) == 1
    return sorted(events)


# (guilds, shards, max_concurrency): some shards have no guild; 8 shards in 2 buckets.
GENERATED = [random.Random(seed) for seed in (0, 1, 2, 3, 4, 5, 11)]
SHAPES = [(rng.randint(1, 8), rng.randint(1, 8), rng.choice((1, 2))) for rng in GENERATED]


@pytest.mark.parametrize(("guild_count", "shard_count", "max_concurrency"), SHAPES)
async def test_generated_sharded_bots_start_as_on_discord_py(
        sandbox_factory: Callable[..., Any], guild_count: int, shard_count: int,
        max_concurrency: int) -> None:
    heard: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_of(sandbox_factory, guilds(guild_count), shard_count,
                              max_concurrency)
        identified = identifies_of(sb)
        seen: list[str] = []
        async with running(library, sb, recording_bot(seen)) as bot:
            await ready_heard(seen)
            heard[library] = (starting(seen) + described(bot, sb)
                              + spacing(identified, max_concurrency))
    assert heard["tidecord"] == heard["discord.py"]
    ours = heard["tidecord"]
    assert f"shard_count {shard_count}, shard_ids None, latency known True, " \
           f"latencies of {list(range(shard_count))}, get_shard(99) None" in ours
    assert f"identifies per shard {[1] * shard_count}, violations []" in ours
    assert sum(line.startswith("G") for line in ours) == guild_count
    for line in ours:
        if line.startswith("G"):
            on, by_id = line.split(" on shard ")[1].split(" (by its id ")
            assert on == by_id.rstrip(")")
        if line.startswith("bucket"):
            assert line.endswith("spaced True") and "shards [" in line


async def fatally_closed(library: str, sb: Sandbox, code: int, **options: Any) -> list[str]:
    # Not parity.running(): that one wants the bot ready and to close it itself.
    seen: list[str] = []
    setup = recording_bot(seen, **options)
    pointed = dpy.http.Route.BASE, dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    if library == "tidecord":
        bot = setup(tidecord, td_commands)
        bot.api_url = sb.api_url
    else:
        dpy.http.Route.BASE = sb.api_url
        dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sb.gateway_url)
        bot = setup(dpy, dpy_commands)
        ready_at_once(bot._connection)
    task = asyncio.create_task(bot.start(sb.token), name=f"fatal ({library})")
    try:
        if code == 4014:  # the application loses an intent while the bot runs
            async with asyncio.timeout(10):
                while not bot.is_ready():  # noqa: ASYNC110 (discord.py's wait needs a login)
                    await asyncio.sleep(0.01)
            await sb.drop_connections(code, shard=1)
        try:
            async with asyncio.timeout(10):
                await task
        except Exception as exc:  # what each library raises is the point
            seen.append(f"raised {type(exc).__name__} for shard {getattr(exc, 'shard_id', None)}, "
                        f"code {getattr(exc, 'code', None) or code}")
        seen.append(f"closed {bot.is_closed()}, connections left {len(sb.hub.connections)}")
    finally:
        await bot.close()
        dpy.http.Route.BASE, dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY = pointed
    # Hooks are left out: discord.py calls the next shard's once this one identified.
    started = sorted(line for line in seen if line.split()[0] in STARTS[1:])
    return started + [line for line in seen if line.split()[0] not in STARTS]


@pytest.mark.parametrize("code", [4010, 4011, 4014])
async def test_a_shard_closed_fatally_is_told_and_raised_as_on_discord_py(
        sandbox_factory: Callable[..., Any], code: int) -> None:
    options: dict[str, Any] = {}
    sandbox: dict[str, Any] = {}
    if code == 4010:
        options = {"shard_ids": [0, 5], "shard_count": 2}  # shard 5 of 2 does not exist
    elif code == 4011:
        # Six guilds fit in two shards of three, but shard 1 would have four of them.
        sandbox = {"max_guilds_per_shard": 3}
    heard = {}
    for library in LIBRARIES:
        sb = await sandbox_of(sandbox_factory, guilds(6), 2, 1, **sandbox)
        heard[library] = await fatally_closed(library, sb, code, **options)
    assert heard["tidecord"] == heard["discord.py"]
    # Even a shard closed at its IDENTIFY, before READY, is told as disconnected.
    assert heard["tidecord"] == {
        4010: ["connect", "shard_connect 0", "shard_ready 0", "disconnect",
               "shard_disconnect 5", "raised ConnectionClosed for shard 5, code 4010",
               "closed True, connections left 0"],
        4011: ["connect", "shard_connect 0", "shard_ready 0", "disconnect",
               "shard_disconnect 1", "raised ConnectionClosed for shard 1, code 4011",
               "closed True, connections left 0"],
        4014: ["connect", "connect", "ready with shards [0, 1]", "shard_connect 0",
               "shard_connect 1", "shard_ready 0", "shard_ready 1", "disconnect",
               "shard_disconnect 1", "raised PrivilegedIntentsRequired for shard 1, code 4014",
               "closed True, connections left 0"],
    }[code]


def channel_on_shard(sb: Sandbox, shard: int, count: int) -> str:
    for guild in sorted(sb.state.guilds.values(), key=lambda g: g.name):
        if (guild.id >> 22) % count == shard:
            return next(c.name for c in sb.state.guild_channels[guild.id].values()
                        if c.type == 0)
    raise AssertionError(f"no guild on shard {shard}")


async def one_shard_faulted(library: str, sb: Sandbox, fault: str) -> list[str]:
    seen: list[str] = []
    talk = {shard: channel_on_shard(sb, shard, 3) for shard in range(3)}
    async with running(library, sb, recording_bot(seen)) as bot:
        await ready_heard(seen)
        seen.clear()
        if fault == "op 7":
            await sb.send_reconnect(shard=1)
        else:
            await sb.invalidate_session(False, shard=1)
        # The other shards keep delivering while shard 1 is away.
        await sb.send_message("alice", talk[0], "still here")
        await sb.send_message("alice", talk[2], "still here")
        back = "shard_resumed 1" if fault == "op 7" else "shard_ready 1"
        async with asyncio.timeout(10):
            while back not in seen or sum(s.startswith("message") for s in seen) < 2:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        await sb.send_message("alice", talk[1], "and back")
        async with asyncio.timeout(5):
            while sum(s.startswith("message") for s in seen) < 3:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        report = sb.hub.report()["shards"]
        heard = sorted(s for s in seen if s.startswith("message"))
        told = [s for s in seen if not s.startswith("message")]
        return told + heard + [
            f"identifies, resumes, lost per shard "
            f"{[(s['identifies'], s['resumes'], s['lost']) for s in report.values()]}; "
            f"ready {bot.is_ready()}, shard 1 closed {bot.get_shard(1).is_closed()}"]


@pytest.mark.parametrize("fault", ["op 7", "op 9"])
async def test_one_shard_told_to_reconnect_while_the_others_deliver_as_on_discord_py(
        sandbox_factory: Callable[..., Any], fault: str) -> None:
    heard = {}
    for library in LIBRARIES:
        sb = await sandbox_of(sandbox_factory, guilds(6), 3, 1)
        heard[library] = await one_shard_faulted(library, sb, fault)
    assert heard["tidecord"] == heard["discord.py"]
    assert heard["tidecord"][:2] == ["disconnect", "shard_disconnect 1"]
    assert heard["tidecord"][-1].startswith(
        "identifies, resumes, lost per shard [(1, 0, 0), (1, 1, 0), (1, 0, 0)]"
        if fault == "op 7" else
        "identifies, resumes, lost per shard [(1, 0, 0), (2, 0, 0), (1, 0, 0)]")


async def test_members_are_asked_for_on_each_guilds_own_shard_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    world = World.from_dict({
        "users": [{"username": name} for name in ("alice", "anna", "bob")],
        "guilds": [{"name": f"G{n}", "owner": "alice", "members": ["alice", "anna", "bob"],
                    "channels": [{"name": f"talk-{n}"}]} for n in range(5)],
    })

    setup = recording_bot([], members=True, chunk_guilds_at_startup=False)
    heard = {}
    for library in LIBRARIES:
        sb = await sandbox_of(sandbox_factory, world, 3, 3)
        asked: list[tuple[int, int, str]] = []
        answer = sb.hub.request_members

        def spy(conn: Any, request: Any, answer: Any = answer,
                asked: list[tuple[int, int, str]] = asked) -> None:
            asked.append((conn.session.shard_id, int(request.guild_id), request.query))
            answer(conn, request)

        sb.hub.request_members = spy  # type: ignore[method-assign]
        lines = []
        async with running(library, sb, setup) as bot:
            for guild in sorted(bot.guilds, key=lambda g: g.name):
                chunked = sorted(m.name for m in await guild.chunk())
                found = sorted(m.name for m in await guild.query_members("a"))
                lines.append(f"{guild.name} on shard {guild.shard_id}: chunk {chunked}, "
                             f"query 'a' {found}, chunked {guild.chunked}")
                shard = [s for s, g, _ in asked if g == guild.id]
                lines.append(f"  asked on shards {shard}")
        heard[library] = lines
    assert heard["tidecord"] == heard["discord.py"]
    for guild_line, asked_line in zip(heard["tidecord"][::2], heard["tidecord"][1::2],
                                      strict=True):
        shard = guild_line.split(" on shard ")[1].split(":")[0]
        assert asked_line == f"  asked on shards [{shard}, {shard}]"


async def latencies_while_switched_off(library: str, sb: Sandbox) -> list[str]:
    seen: list[str] = []

    def read(bot: Any, when: str) -> str:
        known = [shard_id for shard_id, value in bot.latencies if math.isfinite(value)]
        return (f"{when}: latency known {math.isfinite(bot.latency)}, of shards {known}, "
                f"shard 0's known {math.isfinite(bot.get_shard(0).latency)}")

    async with running(library, sb, recording_bot(seen)) as bot:
        await ready_heard(seen)
        seen.append(read(bot, "running"))
        await bot.get_shard(0).disconnect()
        seen.append(read(bot, "shard 0 off"))
        await bot.get_shard(0).connect()
        async with asyncio.timeout(5):
            while not math.isfinite(bot.get_shard(0).latency):  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        seen.append(read(bot, "shard 0 on"))
    return [line for line in seen if ":" in line]


async def test_a_shard_without_a_connection_has_no_latency_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    heard = {}
    for library in LIBRARIES:
        sb = await sandbox_of(sandbox_factory, guilds(4), 2, 2)
        heard[library] = await latencies_while_switched_off(library, sb)
    assert heard["tidecord"] == heard["discord.py"] == [
        "running: latency known True, of shards [0, 1], shard 0's known True",
        # Its last measure would say a closed connection answers: inf, and so the mean.
        "shard 0 off: latency known False, of shards [1], shard 0's known False",
        "shard 0 on: latency known True, of shards [0, 1], shard 0's known True",
    ]
