"""A bot's life as in discord.py 2.7.1: a bot started, talked to and stopped (hooks and
events in order, wait_for, custom events with keywords, on_error, listeners), its loop
read before and after, an auto-sharded bot's shard events, and an application id given.
(Logging and run(): ``test_parity_life_logging.py``; extensions and cogs:
``test_parity_life_extensions.py``.)
"""

from __future__ import annotations

import asyncio
import logging
import math
import sys
from collections.abc import Callable
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands

from .parity import LIBRARIES, converse, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

MODULES = {"tidecord": (tidecord, td_commands), "discord.py": (dpy, dpy_commands)}


# -- a bot's life, and its events ----------------------------------------------------------


def living_bot(seen: list[str]) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        class Bot(commands.Bot):
            async def setup_hook(self) -> None:
                seen.append(f"setup_hook: ready={self.is_ready()} user={self.user is not None}")
                self.waiter = asyncio.create_task(self.note_ready())

            async def note_ready(self) -> None:
                await self.wait_until_ready()
                # Kept apart: whether this or on_ready comes first is the loop's choice.
                self.waited = f"wait_until_ready from setup_hook: ready={self.is_ready()}"

            async def on_connect(self) -> None:
                seen.append("on_connect")

            async def on_ready(self) -> None:
                seen.append(f"on_ready: ready={self.is_ready()}")

            async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
                kind, error, _ = sys.exc_info()
                name = kind.__name__ if kind else None
                await args[0].send(f"on_error {event_method} ({args[0].name}, {kwargs}): "
                                   f"{name}: {error}")

        async def prefix(bot: Any, message: Any) -> list[str]:  # an async prefix function
            return commands.when_mentioned_or("!")(bot, message)

        intents = discord.Intents.default()
        intents.message_content = True
        bot = Bot(command_prefix=prefix, intents=intents, help_command=None,
                  case_insensitive=True, strip_after_prefix=True)
        seen.append(f"before login: user={bot.user} ready={bot.is_ready()} "
                    f"closed={bot.is_closed()}")

        @bot.command()
        async def ask(ctx: Any) -> None:
            await ctx.send("which seeds?")
            answer = await bot.wait_for(
                "message", check=lambda m: m.author == ctx.author and m.channel == ctx.channel,
                timeout=5)
            await ctx.send(f"planting {answer.content}")

        @bot.command()
        async def hurry(ctx: Any) -> None:
            try:
                await bot.wait_for("message", check=lambda m: False, timeout=0.1)
            except TimeoutError as exc:  # asyncio.TimeoutError is the builtin one
                await ctx.send(f"gave up: {type(exc).__name__}")

        @bot.command()
        async def party(ctx: Any) -> None:
            bot.dispatch("garden_party", ctx.channel, flower="roses")

        @bot.event
        async def on_garden_party(channel: Any, flower: str) -> None:
            await channel.send(f"a party with {flower}")

        @bot.listen("on_garden_party")
        async def also_at_the_party(channel: Any, flower: str) -> None:
            seen.append(f"the listener came to the party too, with {flower}")

        @bot.command()
        async def oops(ctx: Any) -> None:
            bot.dispatch("mishap", ctx.channel, hose="green")

        @bot.event
        async def on_mishap(channel: Any, hose: str) -> None:
            raise LookupError(f"the {hose} hose burst")

        async def echo(message: Any) -> None:
            if message.content == "echo?":
                await message.channel.send("echo!")

        bot.add_listener(echo, "on_message")

        @bot.command()
        async def hush(ctx: Any) -> None:
            bot.remove_listener(echo, "on_message")
            await ctx.send("hushed")

        @bot.event
        async def on_message(message: Any) -> None:
            await message.channel.send("the first on_message")

        @bot.event  # type: ignore[no-redef]
        async def on_message(message: Any) -> None:  # noqa: F811 - replaces the first one
            await bot.process_commands(message)

        return bot
    return setup


async def test_a_bot_lives_as_on_discord_py(sandbox_factory: Callable[..., Any]) -> None:
    lives: dict[str, tuple[list[str], list[str]]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        seen: list[str] = []
        async with running(library, sb, living_bot(seen)) as bot:
            said = await converse(sb, [
                ("alice", "general", "!ask"), ("bob", "general", "not alice", 0),
                ("alice", "general", "tulips"),
                ("alice", "general", "!  HURRY"),
                ("alice", "general", lambda sb: f"<@{sb.bot_user.id}>   party"),
                ("alice", "general", "!oops"),
                ("alice", "general", "echo?"), ("alice", "general", "!hush"),
                ("alice", "general", "echo?", 0),
            ])
            await bot.waiter
        seen.append(bot.waited)
        seen.append(f"closed: {bot.is_closed()} ready: {bot.is_ready()}")
        await bot.close()  # a second close does nothing more
        seen.append(f"closed again: {bot.is_closed()}")
        lives[library] = (seen, said)
    assert lives["tidecord"] == lives["discord.py"]
    seen, said = lives["tidecord"]
    assert seen[:4] == ["before login: user=None ready=False closed=False",
                        "setup_hook: ready=False user=True", "on_connect",
                        "on_ready: ready=True"]
    assert "#general: gave up: TimeoutError" in said
    assert ("#general: on_error on_mishap (general, {'hose': 'green'}): LookupError: "
            "the green hose burst") in said


def loop_readings(library: str) -> list[str]:
    discord, commands = MODULES[library]
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    said = [f"before: has a loop attribute: {hasattr(bot, 'loop')}"]
    try:
        _ = bot.loop.create_task
    except AttributeError as exc:
        said.append(f"before, asked for create_task: AttributeError: {exc}")

    async def inside() -> str:
        async with bot:
            return f"inside async with: the running loop: {bot.loop is asyncio.get_running_loop()}"

    said.append(asyncio.run(inside()))
    try:
        _ = bot.loop.create_task
    except AttributeError:
        said.append("after, asked for create_task: AttributeError")
    return said


def test_the_loop_reads_as_in_discord_py_before_during_and_after() -> None:
    said = {library: loop_readings(library) for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][1].startswith("before, asked for create_task: AttributeError: "
                                          "loop attribute cannot be accessed")


def sharded_bot(seen: list[str]) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        class Bot(commands.AutoShardedBot):
            async def on_connect(self) -> None:
                seen.append("on_connect")

            async def on_shard_connect(self, shard_id: int) -> None:
                seen.append(f"on_shard_connect {shard_id}")

            async def on_shard_ready(self, shard_id: int) -> None:
                seen.append(f"on_shard_ready {shard_id}")

            async def on_ready(self) -> None:
                seen.append(f"on_ready: shards {sorted(self.shards)}")

        return Bot(command_prefix="!", intents=discord.Intents.default())
    return setup


async def test_an_auto_sharded_bot_hears_of_its_shards_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    heard: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        heard[library] = seen = []
        async with running(library, sb, sharded_bot(seen)):
            async with asyncio.timeout(5):
                while not any(line.startswith("on_ready") for line in seen):  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
    assert heard["tidecord"] == heard["discord.py"] == [
        "on_connect", "on_shard_connect 0", "on_shard_ready 0", "on_ready: shards [0]"]


def test_an_application_id_given_is_known_before_login(
        caplog: pytest.LogCaptureFixture) -> None:
    known = {}
    with caplog.at_level(logging.WARNING):
        for library in LIBRARIES:
            discord, commands = MODULES[library]
            bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(),
                               application_id=1234)
            known[library] = bot.application_id
    assert known["tidecord"] == known["discord.py"] == 1234
    assert not [r for r in caplog.records if "ignores" in r.getMessage()]


def test_a_bot_before_login_reads_as_in_discord_py() -> None:
    read = {}
    for library in LIBRARIES:
        discord, commands = MODULES[library]
        plain = commands.Bot(command_prefix="!", intents=discord.Intents.default())
        one = commands.Bot(command_prefix="!", intents=discord.Intents.default(),
                           shard_id=1, shard_count=2)
        read[library] = (f"latency is nan: {math.isnan(plain.latency)}; shard_id "
                         f"{plain.shard_id} / {one.shard_id} of {one.shard_count}")
    assert read["tidecord"] == read["discord.py"] == "latency is nan: True; shard_id None / 1 of 2"
