"""With the real client and sandbox: the watchdog names the event whose handler
blocked the loop, and the bot stays connected through a 2 s stall."""

# ruff: noqa: ASYNC251 - these bots block the loop on purpose

import asyncio
import logging
import time
from pathlib import Path

import pytest

import tidecord
from tidecord.health import LoopHealth, LoopWatchdog, Stall, blocking, home

from .sandbox_thread import SandboxThread

# Strict mode would fail these tests for the very stalls they are about.
pytestmark = pytest.mark.tidecord_strict(False)

THIS_FILE = str(Path(__file__).resolve())


def line_of(marker: str) -> int:
    lines = Path(__file__).read_text().splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.endswith(f"# <- {marker}"))


async def start(client: tidecord.Client, token: str) -> asyncio.Task[None]:
    """Run ``client.start`` in a task until the client is ready."""
    task = asyncio.create_task(client.start(token), name="test:client.start")
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        task.cancel()
        raise AssertionError("the client never became ready")
    return task


def watching(client: tidecord.Client, watch) -> LoopHealth:
    """The client's own loop health once the lead wires it in; until then, ours."""
    health = getattr(client, "loop_health", None)
    if isinstance(health, LoopHealth):
        return health
    watchdog: LoopWatchdog = watch(0.1)
    return watchdog.health


def at_line(health: LoopHealth, line: int) -> list[Stall]:
    return [s for s in health.recent
            if s.site and (s.site.filename, s.site.lineno) == (THIS_FILE, line)]


class SlowBot(tidecord.Client):
    """Replies to ``!slow`` after sleeping the way a careless bot does."""

    def __init__(self, stall: float, **options) -> None:
        super().__init__(**options)
        self.stall = stall

    async def on_message(self, message: tidecord.Message) -> None:
        if message.author == self.user:
            return
        if message.content == "!slow":
            time.sleep(self.stall)  # <- slow handler
        await message.reply(f"got {message.content}")


async def test_a_handler_that_sleeps_is_reported_with_its_event_and_line(
    sandbox, watch, caplog
):
    caplog.set_level(logging.WARNING, logger="tidecord.health")
    client = SlowBot(0.3, api_url=sandbox.api_url)
    task = await start(client, sandbox.token)
    try:
        health = watching(client, watch)
        await sandbox.send_message("alice", "general", "!slow")
        reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user)
        assert reply.content == "got !slow"
        async with asyncio.timeout(3):
            while not at_line(health, line_of("slow handler")):  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)

    [stall] = at_line(health, line_of("slow handler"))
    assert stall.task_name == "tidecord:on_message" and stall.handler == "on_message"
    assert 0.25 <= stall.duration < 1.0
    messages = [r.getMessage() for r in caplog.records if r.name == "tidecord.health"]
    named = [m for m in messages if f"test_client_health.py:{line_of('slow handler')}" in m]
    assert named and all("'tidecord:on_message'" in m and "time.sleep(self.stall)" in m
                         for m in named)
    # The warning and the top sites name the call and what to use instead.
    assert all("time.sleep blocks the event loop. Instead: `await asyncio.sleep(seconds)`"
               in m for m in named)
    [site] = [s for s in client.loop_health.top_sites(10) if s.site == stall.site]
    assert site.as_dict()["advice"]["call"] == "time.sleep"


async def test_the_bot_stays_connected_through_a_two_second_stall(watch):
    # The sandbox runs on its own thread, as Discord would: it keeps time while
    # the bot's loop is stuck. Heartbeat every 6 s: it closes after 9 s of silence.
    async with SandboxThread(heartbeat_interval=6000, identify_interval=0.0) as remote:
        sandbox = remote.sandbox
        assert sandbox is not None
        client = SlowBot(2.0, api_url=sandbox.api_url)
        task = await start(client, sandbox.token)
        try:
            health = watching(client, watch)
            before = await remote.call(lambda sb: list(sb.hub.live()))
            await remote.call(lambda sb: sb.send_message("alice", "general", "!slow"))
            first = await remote.call(lambda sb: sb.wait_for_message(
                channel="general", author=sb.bot_user, timeout=10))
            assert first.content == "got !slow"
            await asyncio.sleep(0.5)
            await remote.call(lambda sb: sb.send_message("bob", "general", "still there?"))
            second = await remote.call(lambda sb: sb.wait_for_message(
                channel="general", author=sb.bot_user, timeout=5))
            assert second.content == "got still there?"
            # A heartbeat went out and was acknowledged after the stall (the first
            # one comes at a random point of the interval)...
            async with asyncio.timeout(8):
                while client.latency == float("inf"):  # noqa: ASYNC110
                    await asyncio.sleep(0.1)
            # ...on the same gateway connection throughout: no zombie close, no resume.
            after = await remote.call(lambda sb: list(sb.hub.live()))
            assert after == before and len(after) == 1 and not after[0].closed
            assert client.is_ready() and client.latency < 1.0
            [stall] = at_line(health, line_of("slow handler"))
            assert 1.8 <= stall.duration < 3.0
            assert stall.task_name == "tidecord:on_message"
        finally:
            await client.close()
            await asyncio.wait_for(task, 5)


class OffloadingBot(tidecord.Client):
    """The same slow work, marked ``@blocking``: it runs on a worker thread's own loop."""

    @blocking
    async def on_message(self, message: tidecord.Message) -> None:
        if message.author == self.user:
            return
        time.sleep(0.3)  # <- offloaded handler
        await home(message.reply(f"got {message.content}"))


OFFLOADED_LINE = line_of("offloaded handler")


@pytest.mark.tidecord_strict(True)  # and strict mode has nothing to say about it
async def test_a_handler_marked_blocking_runs_off_the_loop(sandbox, watch):
    client = OffloadingBot(api_url=sandbox.api_url)
    task = await start(client, sandbox.token)
    try:
        health = watching(client, watch)
        await sandbox.send_message("alice", "general", "!slow")
        reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user)
        assert reply.content == "got !slow"
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)
    assert health.ticks > 5
    assert at_line(health, OFFLOADED_LINE) == []  # (read at import: strict mode is on here)
