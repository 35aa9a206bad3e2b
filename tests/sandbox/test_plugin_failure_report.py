"""A failing test's report while its bot still runs: pytest formats the failure with
the test's loop stopped (the bot is closed at teardown, after the report). The bot's
loop-health watchdog must not take that for a stall and probe the thread pytest is
formatting on: on Python 3.11 the probe's ast.parse racing pytest's own ended the
whole run with INTERNALERROR (SystemError: AST constructor recursion depth mismatch).
"""

from __future__ import annotations

import asyncio
import time

from tidecord.health import LoopWatchdog


async def _start(watchdog: LoopWatchdog) -> None:
    watchdog.start()
    await asyncio.sleep(0.1)  # a few ticks: the watchdog learns the loop's thread


def test_a_stopped_loop_is_not_sampled_as_a_stalled_one() -> None:
    loop = asyncio.new_event_loop()
    watchdog = LoopWatchdog(0.05, gil_fallback=None)
    try:
        loop.run_until_complete(_start(watchdog))
        time.sleep(0.4)  # what pytest does between a test's call and its teardown
        loop.run_until_complete(asyncio.sleep(0.1))
        # While it runs, a blocked loop is still sampled: the same thread, the same wait.
        loop.run_until_complete(_block(0.4))
    finally:
        watchdog.stop()
        loop.close()
    sampled = [s.site.name if s.site else None for s in watchdog.health.recent if s.samples]
    assert sampled == ["_block"]


async def _block(seconds: float) -> None:
    time.sleep(seconds)  # noqa: ASYNC251 (the stall under test)
    await asyncio.sleep(0.05)
