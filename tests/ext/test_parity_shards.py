"""An auto-sharded bot on two shards as in discord.py 2.7.1: its presence set on one
shard or on all (as the bot and as the sandbox show it in each guild), a shard switched
off and on by hand (``ShardInfo.disconnect`` / ``connect`` / ``reconnect``), what it
reads and hears at start (alone, or as one shard of two), one shard's lost connection,
its session start limits, and its options checked. Shard events at start:
``test_parity_bot_life.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands
from tidecord.sandbox import Sandbox, World

from .parity import LIBRARIES, quick_limits, running

MODULES = {"tidecord": (tidecord, td_commands), "discord.py": (dpy, dpy_commands)}

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def four_guilds() -> World:
    """Guilds G0..G3: G0 and G2 on shard 0 of 2, G1 and G3 on shard 1."""
    return World.from_dict({
        "users": [{"username": "alice"}],
        "guilds": [{"name": f"G{n}", "owner": "alice", "members": ["alice"],
                    "channels": [{"name": f"general-{n}"}]} for n in range(4)],
    })


def sharded_bot(seen: list[str]) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        class Bot(commands.AutoShardedBot):
            async def before_identify_hook(self, shard_id: int | None, *,
                                           initial: bool = False) -> None:
                pass  # discord.py's waits 5 s before each identify but the first

            async def on_shard_disconnect(self, shard_id: int) -> None:
                seen.append(f"on_shard_disconnect {shard_id}")

            async def on_shard_connect(self, shard_id: int) -> None:
                seen.append(f"on_shard_connect {shard_id}")

            async def on_shard_ready(self, shard_id: int) -> None:
                seen.append(f"on_shard_ready {shard_id}")

            async def on_shard_resumed(self, shard_id: int) -> None:
                seen.append(f"on_shard_resumed {shard_id}")

        return Bot(command_prefix="!", intents=discord.Intents.default())
    return setup


async def two_shards(sandbox_factory: Callable[..., Any]) -> Sandbox:
    # Heartbeats 10 minutes apart: a latency known at start comes from a beat sent at
    # once, not from a jittered first beat that happened to come early.
    sb: Sandbox = await sandbox_factory(world=four_guilds(), rate_limits=quick_limits(),
                                        shard_count=2, max_concurrency=2,
                                        heartbeat_interval=600_000)
    return sb


def shown(bot: Any, sb: Sandbox) -> list[str]:
    """Each guild's bot status and activity, as the bot and as the sandbox show it."""
    payloads = sb.hub.presence.payloads()
    lines = []
    for guild in sorted(bot.guilds, key=lambda g: g.name):
        me = guild.me
        sandbox = payloads[guild.id]
        names = [a.name for a in sandbox.activities]
        lines.append(f"{guild.name} (shard {guild.shard_id}): bot sees {me.status} "
                     f"{getattr(me.activity, 'name', None)}; sandbox shows "
                     f"{sandbox.status} {names}")
    return lines


async def settled(check: Callable[[], bool]) -> None:
    async with asyncio.timeout(5):
        while not check():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def presences(library: str, sb: Sandbox) -> list[str]:
    g1 = sb.guild_named("G1").id
    ids = [guild.id for guild in sb.state.guilds.values()]
    async with running(library, sb, sharded_bot([])) as bot:
        discord = MODULES[library][0]
        await bot.change_presence(status=discord.Status.idle,
                                  activity=discord.Game("chess"), shard_id=1)
        await settled(lambda: sb.hub.presence.in_guild(g1)[0] == "idle")
        lines = shown(bot, sb)
        await bot.change_presence(status=discord.Status.dnd)
        await settled(lambda: {status for status, _ in map(sb.hub.presence.in_guild, ids)}
                      == {"dnd"})
        lines += shown(bot, sb)
        try:
            await bot.change_presence(status=discord.Status.idle, shard_id=5)
        except KeyError as exc:
            lines.append(f"shard 5: KeyError {exc}")
    return lines


async def test_a_presence_set_on_one_shard_shows_in_that_shards_guilds_only(
        sandbox_factory: Callable[..., Any]) -> None:
    heard = {library: await presences(library, await two_shards(sandbox_factory))
             for library in LIBRARIES}
    assert heard["tidecord"] == heard["discord.py"]
    assert heard["tidecord"] == [
        "G0 (shard 0): bot sees offline None; sandbox shows online []",
        "G1 (shard 1): bot sees idle chess; sandbox shows idle ['chess']",
        "G2 (shard 0): bot sees offline None; sandbox shows online []",
        "G3 (shard 1): bot sees idle chess; sandbox shows idle ['chess']",
        "G0 (shard 0): bot sees dnd None; sandbox shows dnd []",
        "G1 (shard 1): bot sees dnd None; sandbox shows dnd []",
        "G2 (shard 0): bot sees dnd None; sandbox shows dnd []",
        "G3 (shard 1): bot sees dnd None; sandbox shows dnd []",
        "shard 5: KeyError 5",
    ]


async def switching(library: str, sb: Sandbox) -> list[str]:
    seen: list[str] = []

    def sessions() -> str:
        held = sorted(s.shard_id for s in sb.hub.sessions.values() if s.connection)
        return f"sessions on the sandbox for shards {held}"

    async with running(library, sb, sharded_bot(seen)) as bot:
        shard = bot.get_shard(0)
        if library == "tidecord":
            # Its identify turns keep Discord's 5 s per bucket (as discord.py's default
            # hook does, overridden above): the sandbox here asks for no wait.
            shard._identify_gate.window = 0.0
        await settled(lambda: len(seen) == 4)
        seen.clear()  # the start's events: test_parity_bot_life.py
        await shard.disconnect()
        await settled(lambda: "on_shard_disconnect 0" in seen)
        seen.append(f"disconnected: closed {shard.is_closed()}, {sessions()}")
        await shard.disconnect()  # already off: nothing
        await shard.connect()
        await settled(lambda: "on_shard_ready 0" in seen)
        seen.append(f"connected: closed {shard.is_closed()}, {sessions()}")
        await shard.connect()  # already on: nothing
        await shard.reconnect()
        await settled(lambda: seen.count("on_shard_ready 0") == 2)
        identifies = [s["identifies"] for s in sb.hub.report()["shards"].values()]
        seen.append(f"reconnected: closed {shard.is_closed()}, {sessions()}, "
                    f"identifies per shard {identifies}")
    # Closing ends every session (1000) and tells of no shard's disconnect.
    await settled(lambda: not sb.hub.sessions)
    seen.append(f"closed: bot presence {sb.hub.presence.status}")
    return seen


async def test_a_shard_switched_off_and_on_by_hand_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    heard = {library: await switching(library, await two_shards(sandbox_factory))
             for library in LIBRARIES}
    assert heard["tidecord"] == heard["discord.py"] == [
        "on_shard_disconnect 0",
        "disconnected: closed True, sessions on the sandbox for shards [1]",
        "on_shard_connect 0", "on_shard_ready 0",
        "connected: closed False, sessions on the sandbox for shards [0, 1]",
        "on_shard_disconnect 0", "on_shard_connect 0", "on_shard_ready 0",
        "reconnected: closed False, sessions on the sandbox for shards [0, 1], "
        "identifies per shard [3, 1]",
        "closed: bot presence offline",
    ]


def reading_bot(seen: list[str], **options: Any) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        base = commands.AutoShardedBot if not options else commands.Bot

        class Bot(base):  # type: ignore[misc, valid-type]
            async def before_identify_hook(self, shard_id: int | None, *,
                                           initial: bool = False) -> None:
                seen.append(f"hook: shard {shard_id}, initial {initial}")

            async def on_message(self, message: Any) -> None:
                where = "DM" if message.guild is None else message.guild.name
                seen.append(f"message in {where}")

        intents = discord.Intents.default()
        intents.message_content = True
        bot = Bot(command_prefix="!", intents=intents, **options)
        seen.append(f"before start: shard_count {bot.shard_count}")
        return bot
    return setup


async def readings(library: str, sb: Sandbox, **options: Any) -> list[str]:
    seen: list[str] = []
    async with running(library, sb, reading_bot(seen, **options)) as bot:
        seen.sort()  # the two shards' hooks may come in either order on tidecord
        seen.append(f"started: shard_count {bot.shard_count}, shard_id {bot.shard_id}")
        # A ping command's round(bot.latency * 1000) raised OverflowError (inf) until
        # the first heartbeat's ACK, up to a heartbeat interval after the start.
        seen.append(f"latency in ms: {round(bot.latency * 1000) >= 0}")
        seen += [f"{g.name} on shard {g.shard_id}"
                 for g in sorted(bot.guilds, key=lambda g: g.name)]
        await sb.send_dm("alice", "hello")
        await sb.send_message("alice", "general-3", "hi")
        # Both, or only G3's for a client without shard 0 (given a moment for the DM,
        # sent first, to show up wrongly).
        both = options.get("shard_id") is None
        await settled(lambda: sum(line.startswith("message") for line in seen) == 1 + both)
        if not both:
            await asyncio.sleep(0.1)
    # Each shard reads its own connection: the DM and G3's message may come either way.
    heard = sorted(line for line in seen if line.startswith("message"))
    return [line for line in seen if not line.startswith("message")] + heard


async def test_what_a_sharded_bot_reads_and_hears_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    auto = {library: await readings(library, await two_shards(sandbox_factory))
            for library in LIBRARIES}
    assert auto["tidecord"] == auto["discord.py"] == [
        "before start: shard_count None",
        "hook: shard 0, initial True", "hook: shard 1, initial False",
        "started: shard_count 2, shard_id None", "latency in ms: True",
        "G0 on shard 0", "G1 on shard 1", "G2 on shard 0", "G3 on shard 1",
        "message in DM", "message in G3",
    ]
    one = {library: await readings(library, await two_shards(sandbox_factory),
                                   shard_id=1, shard_count=2)
           for library in LIBRARIES}
    assert one["tidecord"] == one["discord.py"] == [
        "before start: shard_count 2", "hook: shard 1, initial True",
        "started: shard_count 2, shard_id 1", "latency in ms: True",
        "G1 on shard 1", "G3 on shard 1",
        "message in G3",  # DMs come to shard 0
    ]


def test_an_auto_sharded_bot_checks_its_shard_options_as_discord_py(
        caplog: pytest.LogCaptureFixture) -> None:
    made: dict[str, list[str]] = {}
    for library, (discord, commands) in MODULES.items():
        made[library] = []
        for options in ({"shard_ids": [1]}, {"shard_id": 1}, {"shard_ids": [1], "shard_count": 2},
                        {"shard_connect_timeout": 20.0}):
            try:
                bot = commands.AutoShardedBot(command_prefix="!",
                                              intents=discord.Intents.default(), **options)
            except discord.ClientException:
                made[library].append(f"{options}: ClientException")
            else:
                made[library].append(f"{options}: runs {bot.shard_ids} of {bot.shard_count}, "
                                     f"shard_id {bot.shard_id}, connect timeout "
                                     f"{bot.shard_connect_timeout}")
    assert made["tidecord"] == made["discord.py"] == [
        "{'shard_ids': [1]}: ClientException",  # Discord's count may lack shard 1
        # shard_id is a plain client's option
        "{'shard_id': 1}: runs None of None, shard_id None, connect timeout 180.0",
        "{'shard_ids': [1], 'shard_count': 2}: runs [1] of 2, shard_id None, "
        "connect timeout 180.0",
        "{'shard_connect_timeout': 20.0}: runs None of None, shard_id None, "
        "connect timeout 20.0",
    ]
    assert not [r for r in caplog.records if "ignores" in r.getMessage()]


async def one_shard_dropped(library: str, sb: Sandbox) -> list[str]:
    seen: list[str] = []
    async with running(library, sb, sharded_bot(seen)) as bot:
        await settled(lambda: len(seen) == 4)
        seen.clear()
        seen.append(f"dropped: {await sb.drop_connections(shard=1)} connection")
        await settled(lambda: "on_shard_resumed 1" in seen)
        report = sb.hub.report()["shards"]
        seen.append(f"identifies, resumes per shard "
                    f"{[(s['identifies'], s['resumes']) for s in report.values()]}; "
                    f"ready {bot.is_ready()}")
    return seen


async def test_a_connection_lost_on_one_shard_resumes_that_shard_only(
        sandbox_factory: Callable[..., Any]) -> None:
    heard = {library: await one_shard_dropped(library, await two_shards(sandbox_factory))
             for library in LIBRARIES}
    assert heard["tidecord"] == heard["discord.py"] == [
        "dropped: 1 connection", "on_shard_disconnect 1", "on_shard_resumed 1",
        "identifies, resumes per shard [(1, 0), (1, 1)]; ready True",
    ]


async def test_session_start_limits_read_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    read = {}
    for library, (discord, _) in MODULES.items():
        async with running(library, await two_shards(sandbox_factory), sharded_bot([])) as bot:
            limits = await bot.fetch_session_start_limits()
            read[library] = (isinstance(limits, discord.SessionStartLimits), limits.total,
                             limits.remaining, limits.max_concurrency,
                             0 < limits.reset_after <= 86_400_000)
    assert read["tidecord"] == read["discord.py"] == (True, 1000, 998, 2, True)
