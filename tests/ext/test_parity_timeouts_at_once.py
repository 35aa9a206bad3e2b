"""Timeouts over before they begin, and a command that cancels itself: a command that
waits with ``timeout=0``, enters an ``asyncio.timeout`` already over, or cancels its
own task must meet that where it waits (TimeoutError, or CancelledError it can catch)
and go on, as on discord.py, whose commands run in tasks. On tidecord (Python 3.11)
such a cancellation reached the task before its first step and ended it silently."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def impatient_bot(discord: Any, commands: Any) -> Any:
    import asyncio

    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def zero(ctx):
        try:
            await bot.wait_for("message", check=lambda m: False, timeout=0)
        except TimeoutError:
            await ctx.send("no time to wait")

    @bot.command()
    async def expired(ctx, what: str):
        try:
            async with asyncio.timeout(0):
                await asyncio.sleep(5)
        except TimeoutError:
            await ctx.send(f"{what}: over before it began")

    @bot.command()
    async def quit(ctx):
        asyncio.current_task().cancel()
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            await ctx.send("cancelled, and said so")
            raise
        finally:
            await ctx.send("cleaned up")

    @bot.command()
    async def still(ctx):
        await ctx.send("still here")

    return bot


LINES = [
    ("alice", "general", "!zero"),
    ("alice", "general", "!expired tea"),
    ("alice", "general", "!quit", 2),
    ("alice", "general", "!zero"),
    ("alice", "general", "!still"),
]


async def test_timeouts_over_at_once_and_self_cancel_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, impatient_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: no time to wait", "#general: tea: over before it began",
        "#general: cancelled, and said so", "#general: cleaned up",
        "#general: no time to wait", "#general: still here"], said["tidecord"]
