"""Background tasks that belong to whichever client closes on their event loop.

A ``tasks.loop`` may start before any client exists (in a cog's ``__init__``, in
``main()`` before ``bot.start``): it cannot know its client. It is *adopted* here
instead, per event loop, and :meth:`tidecord.Client.close` stops every task adopted
on its loop, so ``close()`` leaves nothing running.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

__all__ = ["adopt", "adopted", "stop_adopted"]

_ADOPTED: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, set[asyncio.Task[Any]]] = (
    weakref.WeakKeyDictionary())


def adopt(task: asyncio.Task[Any]) -> None:
    """Own ``task``: the next client closing on its loop cancels and awaits it."""
    tasks = _ADOPTED.setdefault(task.get_loop(), set())
    tasks.add(task)
    task.add_done_callback(tasks.discard)


def adopted() -> set[asyncio.Task[Any]]:
    """The adopted tasks still running on the current event loop."""
    return set(_ADOPTED.get(asyncio.get_running_loop(), ()))


async def stop_adopted() -> None:
    """Cancel every adopted task of the current loop and wait for them to end."""
    current = asyncio.current_task()
    pending = [t for t in adopted() if t is not current and not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
