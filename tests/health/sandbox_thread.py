"""A sandbox on its own thread and event loop, like Discord: its clock runs on while the
bot's loop is stalled, so its heartbeat timeout is judged against real time."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tidecord.sandbox import Sandbox

T = TypeVar("T")


class SandboxThread:
    """``async with SandboxThread(**options) as remote:`` then ``await remote.call(fn)``."""

    def __init__(self, **options: Any) -> None:
        self.options = options
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="sandbox-thread")
        self.sandbox: Sandbox | None = None

    async def call(self, fn: Callable[[Sandbox], Awaitable[T] | T]) -> T:
        """Run ``fn(sandbox)`` on the sandbox's loop (awaited if it is a coroutine)."""
        sandbox = self.sandbox
        assert sandbox is not None

        async def there() -> T:
            result = fn(sandbox)
            if inspect.isawaitable(result):
                return await result  # type: ignore[no-any-return]
            return result  # type: ignore[return-value]

        future = asyncio.run_coroutine_threadsafe(there(), self.loop)
        return await asyncio.wrap_future(future)

    async def __aenter__(self) -> SandboxThread:
        self.thread.start()
        self.sandbox = Sandbox(**self.options)
        started = asyncio.run_coroutine_threadsafe(self.sandbox.start(), self.loop)
        await asyncio.wrap_future(started)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.sandbox is not None:
            stopped = asyncio.run_coroutine_threadsafe(self.sandbox.stop(), self.loop)
            await asyncio.wrap_future(stopped)
        self.loop.call_soon_threadsafe(self.loop.stop)
        await asyncio.to_thread(self.thread.join, 5)
        self.loop.close()
