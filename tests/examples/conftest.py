"""Fixtures to run the example bots in-process against a real sandbox."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest_asyncio

import tidecord
from tidecord.sandbox import Sandbox

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# The examples import their sibling modules (idea_store, idea_card), as when run as scripts.
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))

READY_TIMEOUT = 15.0


@pytest_asyncio.fixture
async def connect_bot(
    sandbox: Sandbox,
) -> AsyncIterator[Callable[[tidecord.Client], Awaitable[None]]]:
    """``await connect_bot(bot)``: the bot started on the sandbox and ready.

    Every bot started this way is closed, and its task awaited, after the test.
    """
    started: list[tuple[tidecord.Client, asyncio.Task[None]]] = []

    async def connect(bot: tidecord.Client) -> None:
        task = asyncio.create_task(bot.start(sandbox.token), name=f"test bot {type(bot).__name__}")
        started.append((bot, task))
        ready = asyncio.create_task(bot.wait_until_ready(), name="test bot ready")
        try:
            await asyncio.wait({task, ready}, timeout=READY_TIMEOUT,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            ready.cancel()
        if task.done():
            task.result()  # a failed start raises its own exception here
            raise AssertionError("the bot stopped before it was ready")
        assert bot.is_ready(), f"the bot was not ready within {READY_TIMEOUT} s"

    yield connect
    for bot, task in reversed(started):
        await bot.close()
        await asyncio.wait_for(task, READY_TIMEOUT)
