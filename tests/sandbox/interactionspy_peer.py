"""Start interactions.py (``discord-py-interactions``) against a sandbox, by URL alone.

interactions.py asks its REST base for everything: ``Route.BASE`` is where its HTTP
client sends each call, ``GET /gateway`` there answers the gateway URL it connects to
(zlib-stream), and ``Asset.BASE`` is where its images are read. Pointing those two
class attributes at the sandbox is all it takes, as a user would with a proxy.

interactions.py reads each dispatch in a processor run as a task of its own: one that
cannot read a payload raises there, and its event never reaches a listener (asyncio
reports it only when the task is collected, if ever). Here each processor reports
what it raised on the ``interactions`` logger, at ERROR, so a test's ``complaints``
sees it, with the warnings interactions.py logs for a value it does not know.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import interactions
import pytest
from interactions.api.http.route import Route
from interactions.models.discord.asset import Asset

from tidecord.sandbox import Sandbox

__all__ = ["complaints", "interactions_bot", "quiet", "until"]

_LOG = logging.getLogger("interactions.peer")


def _reporting(name: str, processor: Callable[..., Coroutine[Any, Any, Any]]
               ) -> Callable[..., Coroutine[Any, Any, Any]]:
    async def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await processor(*args, **kwargs)
        except Exception:
            _LOG.exception("interactions.py could not read %s", name)
            raise
    return run


@contextlib.asynccontextmanager
async def interactions_bot(
    sb: Sandbox, setup: Callable[[interactions.Client], None] | None = None,
    intents: interactions.Intents | None = None, **kwargs: Any,
) -> AsyncIterator[interactions.Client]:
    """An interactions.py Client connected to ``sb``, ready (its commands synced).

    ``intents`` defaults to interactions.py's ``Intents.ALL`` (the sandbox's default
    world grants the privileged ones); ``kwargs`` go to ``interactions.Client``.
    """
    old_base, old_cdn = Route.BASE, Asset.BASE
    Route.BASE = sb.api_url
    Asset.BASE = sb.cdn_url
    kwargs.setdefault("send_command_tracebacks", False)  # a failure is logged, not posted
    client = interactions.Client(
        token=sb.token, intents=interactions.Intents.ALL if intents is None else intents,
        **kwargs)
    for name, processor in list(client.processors.items()):
        client.processors[name] = _reporting(name, processor)
    if setup is not None:
        setup(client)
    task = asyncio.create_task(client.astart(), name="interactions.py client")
    try:
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=15,
                                     return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if task in done:
            task.result()
        assert client.is_ready, "interactions.py never became ready"
        yield client
    finally:
        # The gateway first: astart then ends with Client.stop() itself. Client.stop()
        # closes the HTTP session before the gateway, and on aiohttp >= 3.12 the
        # gateway's read loop then spins on the closed socket, so stop() hangs until
        # the heartbeat timer fires into it (up to half an interval, then "The
        # heartbeater raised an exception!"): interactions.py's, on any server.
        if not task.done():
            await client._connection_state.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)
        Route.BASE, Asset.BASE = old_base, old_cdn


def complaints(records: list[logging.LogRecord]) -> list[str]:
    """What interactions.py logged at WARNING or above: a payload a processor could not
    read, a value its enums do not know, an exception in a command or listener, an
    HTTP error or rate limit it met; and what asyncio reported of its tasks."""
    return [f"{r.name}: {r.getMessage()[:400]}" for r in records
            if r.levelno >= logging.WARNING
            and r.name.split(".")[0] in ("interactions", "asyncio")]


@pytest.fixture(autouse=True)
def quiet(caplog: pytest.LogCaptureFixture) -> Any:
    """(Autouse where imported.) The test fails on anything interactions.py complained of."""
    caplog.set_level("WARNING")
    yield
    assert complaints(caplog.records) == []


async def until(check: Callable[[], Any], timeout: float = 5.0) -> Any:  # noqa: ASYNC109
    """The first truthy ``check()``, polled while the bot works."""
    async with asyncio.timeout(timeout):
        while not (value := check()):  # noqa: ASYNC110 - a record's list, appended to
            await asyncio.sleep(0.02)
    return value
