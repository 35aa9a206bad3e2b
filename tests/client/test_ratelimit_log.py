"""A long wait for a rate limit says so, once, at INFO, naming the route.

The bot otherwise goes quiet for seconds and nothing tells why.
"""

from __future__ import annotations

import asyncio
import logging
import re

import pytest

from tidecord.rest.ratelimit import Bucket, WaitBudget
from tidecord.sandbox import RateLimits, Sandbox

from .client_helpers import Connect

SLOW = RateLimits(routes={"POST /channels/{channel_id}/messages": (2, 1.5)})


@pytest.mark.sandbox(rate_limits=SLOW)
async def test_a_long_wait_is_logged_once_with_the_route(
    sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    client = await connect()
    general = sandbox.channel("general").id
    caplog.set_level(logging.INFO, logger="tidecord.rest")

    # Two go at once; the other two wait for the next window, together.
    await asyncio.gather(*(client.http.send_message(general, {"content": str(i)})
                           for i in range(4)))

    waits = [r for r in caplog.records if r.name == "tidecord.rest" and "rate limit" in r.message]
    assert len(waits) == 1, [r.message for r in waits]
    assert waits[0].levelno == logging.INFO
    assert re.fullmatch(
        r"POST /channels/\{channel_id\}/messages: rate limited \(2 per window\), "
        r"waiting 1\.\d s for the window to reset", waits[0].message), waits[0].message
    assert sorted(m.content for m in sandbox.messages("general")[-4:]) == ["0", "1", "2", "3"]


async def test_a_wait_whose_window_moves_is_still_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="tidecord.rest")
    bucket = Bucket("GET /things")
    bucket.update(limit=1, remaining=0, reset_after=1.2)
    waiting = asyncio.create_task(bucket.acquire(WaitBudget("GET /things", None, None)))
    await asyncio.sleep(0.3)
    # A late response moves the window's end out: the call waits again, 1.5 s more.
    bucket.update(limit=1, remaining=0, reset_after=2.4)
    await asyncio.wait_for(waiting, 10)

    said = [r.message for r in caplog.records if "rate limit" in r.message]
    assert len(said) == 1, said
    assert re.fullmatch(r"GET /things: rate limited \(1 per window\), waiting 1\.\d s for "
                        r"the window to reset", said[0]), said
