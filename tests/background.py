"""A coroutine run beside a test's block, cancelled and awaited when the block ends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any


@asynccontextmanager
async def in_background(coro: Coroutine[Any, Any, Any], name: str) -> AsyncIterator[None]:
    """Run ``coro`` as a task named ``name`` for the length of the ``async with``."""
    task = asyncio.create_task(coro, name=name)
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
