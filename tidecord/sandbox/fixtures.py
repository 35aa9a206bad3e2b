"""pytest fixtures for bot tests (loaded by tidecord's pytest plugin).

A bot test takes a few lines::

    async def test_idea(sandbox, run_bot):
        bot = IdeaBot(api_url=sandbox.api_url)      # any client, pointed at the sandbox
        await run_bot(bot.start(sandbox.token), close=bot.close)
        await sandbox.send_message("alice", "general", ".idea")
        reply = await sandbox.wait_for_message(author=sandbox.bot_user)
        assert "idea" in reply.content

Fixtures: ``sandbox`` (a started :class:`Sandbox`, default world, heartbeat 1 s, no
identify bucket window), ``sandbox_factory`` (start more, with options),
``sandbox_clock`` (the sandbox's :class:`Clock`, for cooldowns and expiry),
``run_bot`` (run a client's start coroutine as a task until it has identified;
closed and awaited after the test), ``discord_py_sandbox`` (the ``sandbox``, with
discord.py pointed at it for the test: a discord.py bot runs there unchanged).
Mark a test ``@pytest.mark.sandbox(seed=3, heartbeat_interval=500, ...)`` to pass
options to the ``sandbox`` fixture. While a test runs, ``$TIDECORD_API_URL`` and
``$TIDECORD_CDN_URL`` are the ``sandbox``'s, so the tidecord bots it makes talk to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio

from .clock import Clock
from .server import Sandbox

__all__ = ["discord_py_sandbox", "run_bot", "sandbox", "sandbox_clock", "sandbox_factory"]

API_ENV = "TIDECORD_API_URL"
CDN_ENV = "TIDECORD_CDN_URL"
# Tests want fast heartbeats and quick re-identifies; everything else stays faithful.
TEST_DEFAULTS: dict[str, Any] = {"heartbeat_interval": 1000, "identify_interval": 0.0}


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``sandbox`` marker."""
    config.addinivalue_line(
        "markers", "sandbox(**options): options for the sandbox fixture's Sandbox(...)")


@pytest_asyncio.fixture
async def sandbox_factory() -> AsyncIterator[Callable[..., Awaitable[Sandbox]]]:
    """Start sandboxes with options; all are stopped after the test."""
    started: list[Sandbox] = []

    async def make(**options: Any) -> Sandbox:
        sb = Sandbox(**{**TEST_DEFAULTS, **options})
        await sb.start()
        started.append(sb)
        return sb

    yield make
    for sb in reversed(started):
        await sb.stop()
    _forget_stopped_apps()


def _forget_stopped_apps() -> None:
    """Let stopped sandboxes be freed: aiohttp keeps its last 1024 applications (and so
    every stopped sandbox and its world) in a cache of built middleware chains."""
    from aiohttp import web_app

    cache = getattr(web_app, "_cached_build_middleware", None)
    if cache is not None and hasattr(cache, "cache_clear"):
        cache.cache_clear()


@pytest_asyncio.fixture
async def sandbox(request: pytest.FixtureRequest,
                  sandbox_factory: Callable[..., Awaitable[Sandbox]]) -> AsyncIterator[Sandbox]:
    """A started sandbox with the default world (options from ``@pytest.mark.sandbox``).

    During the test, ``$TIDECORD_API_URL`` is its REST API and ``$TIDECORD_CDN_URL``
    its CDN: a tidecord client made in the test talks to the sandbox (and downloads
    images from it) even without ``api_url=``, never to Discord."""
    marker = request.node.get_closest_marker("sandbox")
    options = dict(marker.kwargs) if marker is not None else {}
    sb = await sandbox_factory(**options)
    pointed = {API_ENV: sb.api_url, CDN_ENV: sb.cdn_url}
    before = {name: os.environ.get(name) for name in pointed}
    os.environ.update(pointed)
    try:
        yield sb
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def sandbox_clock(sandbox: Sandbox) -> Clock:
    """The sandbox's clock: ``sandbox_clock.advance(901)`` expires interaction tokens."""
    return sandbox.clock


@pytest.fixture
def discord_py_sandbox(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The ``sandbox``, with discord.py (the ``discord`` package) pointed at it: its REST
    base, gateway and CDN are the sandbox's for the test, and put back after it."""
    try:
        # discord.py's own import-time deprecations (audioop on Python 3.11-3.12) are not
        # the test's: quiet here, so a run with -W error does not fail on them.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import discord
        import yarl
    except ImportError:
        pytest.fail("discord_py_sandbox runs discord.py bots: pip install discord.py",
                    pytrace=False)
    monkeypatch.setattr(discord.http.Route, "BASE", sandbox.api_url)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(sandbox.gateway_url))
    monkeypatch.setattr(discord.Asset, "BASE", sandbox.cdn_url)
    return sandbox


@pytest_asyncio.fixture
async def run_bot(sandbox: Sandbox) -> AsyncIterator[Callable[..., Awaitable[asyncio.Task[Any]]]]:
    """Run bots on the ``sandbox``: ``await run_bot(bot.start(token), close=bot.close)``.

    Returns once the sandbox saw the bot identify (``connections`` of them, for
    sharded bots); raises what the bot raised if it stopped first. After the test,
    each ``close`` is awaited and the task ended. ``sandbox=`` names another sandbox
    (one from ``sandbox_factory``) the bot runs on.
    """
    running: list[tuple[asyncio.Task[Any], Callable[[], Awaitable[Any]] | None]] = []
    default = sandbox

    async def run(start: Awaitable[Any], *, close: Callable[[], Awaitable[Any]] | None = None,
                  connections: int = 1, ready_timeout: float = 10.0,
                  sandbox: Sandbox | None = None) -> asyncio.Task[Any]:
        hub = (sandbox or default).hub
        task: asyncio.Task[Any] = asyncio.ensure_future(start)
        running.append((task, close))
        waiter = asyncio.ensure_future(hub.wait_identified(connections, ready_timeout))
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            waiter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await waiter
            task.result()  # the bot's own error, if it had one
            raise RuntimeError("the bot stopped before it identified")
        try:
            await waiter
        except TimeoutError:
            live = len(hub.live())
            raise TimeoutError(
                f"the bot did not connect to the sandbox's gateway within {ready_timeout:g} s "
                f"({live} of {connections} connections identified): is its setup_hook "
                "stuck, or was it started with another token or API URL?") from None
        return task

    yield run
    for task, close in reversed(running):
        if close is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(10):
                    await close()
        if not task.done():
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            async with asyncio.timeout(10):
                await task
