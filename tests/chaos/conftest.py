"""Chaos tests: a fixed seed each (printed, so a failure reproduces), and a ready bot."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio

from tidecord.sandbox import Sandbox

from .chaos_helpers import Recorder

StartBot = Callable[..., Awaitable[Recorder]]


@pytest.fixture
def chaos_seed(request: pytest.FixtureRequest) -> int:
    """The test's seed: ``TIDECORD_CHAOS_SEED`` or a fixed one; printed (shown on failure)."""
    seed = int(os.environ.get("TIDECORD_CHAOS_SEED", "20240612"))
    print(f"chaos seed: {seed} (rerun: TIDECORD_CHAOS_SEED={seed} pytest {request.node.nodeid})")
    return seed


@pytest_asyncio.fixture
async def start_bot(sandbox: Sandbox) -> AsyncIterator[StartBot]:
    """``bot = await start_bot(**options)``: a ready :class:`Recorder`; closed after the test."""
    running: list[tuple[Recorder, asyncio.Task[None]]] = []

    async def start(sb: Sandbox | None = None, within: float = 15.0,
                    cls: type[Recorder] = Recorder, **options: Any) -> Recorder:
        box = sb or sandbox
        bot = cls(api_url=box.api_url, **options)
        task = asyncio.create_task(bot.start(box.token), name="chaos: bot.start")
        running.append((bot, task))
        bot.task = task
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=within,
                                     return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            if task.done():
                task.result()
            raise AssertionError("the bot never became ready")
        return bot

    yield start
    for bot, task in running:
        await bot.close()
        await asyncio.wait_for(task, 10)

