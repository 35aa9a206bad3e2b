"""A command that blocks the event loop is reported with its qualified name and line."""

# ruff: noqa: ASYNC251 - this bot blocks the loop on purpose
import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import pytest

from tidecord.health import Stall
from tidecord.sandbox import Sandbox

from .parity import parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

THIS_FILE = str(Path(__file__).resolve())


def line_of(marker: str) -> int:
    lines = Path(__file__).read_text().splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.endswith(f"# <- {marker}"))


def slow_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", help_command=None, stall_threshold=0.1)

    @bot.group()
    async def idea(ctx):
        pass

    @idea.command()
    async def add(ctx, *, text: str):
        time.sleep(0.3)  # <- blocking command
        await ctx.send(f"added {text}")

    @bot.event
    async def on_message(message):
        await bot.process_commands(message)
        if message.content.startswith("!"):
            # The handler's task has its own name back once the command is over.
            bot.names_after.append(asyncio.current_task().get_name())

    bot.names_after = []
    return bot


async def test_a_blocking_command_is_named_in_the_stall_report(
        sandbox_factory: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="tidecord.health")
    sb: Sandbox = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    async with running("tidecord", sb, slow_bot) as bot:
        await sb.send_message("alice", "general", "!idea add water the plants")
        assert (await sb.wait_for_message(author=sb.bot_user, timeout=10)).content == \
            "added water the plants"

        def ours(stall: Stall) -> bool:
            return stall.site is not None and stall.site.filename == THIS_FILE

        async with asyncio.timeout(5):
            while not any(ours(s) for s in bot.loop_health.recent):  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        [stall] = [s for s in bot.loop_health.recent if ours(s)]
        # Its reply may arrive a moment before the command's task has finished.
        async with asyncio.timeout(5):
            while not bot.names_after:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        assert bot.names_after == ["tidecord:on_message"]
    assert stall.site.lineno == line_of("blocking command")
    assert stall.task_name == "tidecord:command:idea add"
    assert stall.handler == "command 'idea add'"
    messages = [r.getMessage() for r in caplog.records if r.name == "tidecord.health"]
    assert any("in command 'idea add'" in m and "time.sleep(0.3)" in m for m in messages)


def slow_hybrid_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", help_command=None, stall_threshold=0.1)

    @bot.hybrid_group(description="Ideas")
    async def idea(ctx):
        pass

    @idea.command(description="Add an idea")
    async def add(ctx, *, text: str):
        time.sleep(0.3)  # <- blocking hybrid command
        await ctx.send(f"added {text}")

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


async def test_a_blocking_hybrid_command_is_named_on_both_sides(sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
    async with running("tidecord", sb, slow_hybrid_bot) as bot:

        def ours() -> list[Stall]:
            return [s for s in bot.loop_health.recent
                    if s.site is not None and s.site.filename == THIS_FILE]

        async def stalls(count: int) -> None:
            async with asyncio.timeout(10):
                while len(ours()) < count:  # noqa: ASYNC110
                    await asyncio.sleep(0.02)

        await sb.send_message("alice", "general", "!idea add water the plants")
        await stalls(1)
        record = await sb.invoke_command("alice", "general", "idea", {"add": {"text": "prune"}})
        await record.wait_response(10)
        await stalls(2)
    assert record.original is not None and record.original.content == "added prune"
    assert {s.site.lineno for s in ours()} == {line_of("blocking hybrid command")}
    assert [s.handler for s in ours()] == ["command 'idea add'", "app command 'idea add'"]
