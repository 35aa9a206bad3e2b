"""A task cancelled while it waits stops, even when what it waited for came at once.

On Python 3.11, ``asyncio.wait_for`` returns the result instead of raising when its
task is cancelled just as the awaited thing completes, so the cancellation is lost
and the task goes on. These waits cancel a task in exactly that moment.
"""

from __future__ import annotations

import asyncio

import pytest

import tidecord
from tidecord.rest.ratelimit import WaitBudget


async def test_a_cancelled_wait_for_stops_though_its_event_just_came() -> None:
    client = tidecord.Client()
    waiting = asyncio.create_task(client.wait_for("thing", timeout=5))
    await asyncio.sleep(0)  # waiting now
    client.dispatch("thing", 1)  # resolves the wait...
    waiting.cancel()  # ...and the task is told to stop before it runs again
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await client.close()


async def test_a_cancelled_rate_limit_wait_stops_though_the_window_just_opened() -> None:
    """A send cancelled while queued behind a rate limit must not go out after all."""
    opened = asyncio.Event()
    sent = []

    async def send() -> None:
        await WaitBudget("POST /channels/1/messages", None, None).wait(opened, 5.0)
        sent.append("sent")

    sending = asyncio.create_task(send())
    await asyncio.sleep(0)
    opened.set()
    sending.cancel()
    with pytest.raises(asyncio.CancelledError):
        await sending
    assert sent == []
