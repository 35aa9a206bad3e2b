"""The watchdog measures, for every stall, how long the loop thread waited for a CPU.

On a loaded machine (several test runs at once on two cores) the loop thread can
sit in the run queue for hundreds of milliseconds at any line. Strict mode excuses
such a stall only if the wait was measured; these tests check it is measured for
the stalls that used to go without it: one that begins before the watchdog's first
calm moment, and one that the final tick of ``stop()`` ends.
"""

# ruff: noqa: ASYNC251 - these scenarios block the loop on purpose

import asyncio
import time
from pathlib import Path

import pytest

from tidecord.health import LoopWatchdog

pytestmark = pytest.mark.skipif(
    not Path("/proc/thread-self/schedstat").exists(), reason="Linux's run-queue accounting"
)


def the_stall(watchdog: LoopWatchdog, at_least: float) -> list[float | None]:
    return [s.waiting for s in watchdog.health.recent if s.duration >= at_least]


async def test_a_stall_that_begins_as_the_watchdog_starts_has_its_cpu_wait_measured() -> None:
    # Strict mode starts the watchdog and runs the test at once: a busy machine can
    # hold up its very first lines, before the first tick and the sampler's first look.
    watchdog = LoopWatchdog(0.1, gil_fallback=None)
    watchdog.start()
    try:
        time.sleep(0.25)
        await asyncio.sleep(0.1)
    finally:
        watchdog.stop()
    waits = the_stall(watchdog, 0.2)
    assert len(waits) == 1 and waits[0] is not None
    assert 0.0 <= waits[0] <= 0.3


async def test_a_stall_that_stop_ends_has_its_cpu_wait_measured() -> None:
    watchdog = LoopWatchdog(0.1, gil_fallback=None)
    watchdog.start()
    try:
        await asyncio.sleep(0.1)
        time.sleep(0.25)
    finally:
        watchdog.stop()  # its last tick ends the stall, after the sampler has gone
    waits = the_stall(watchdog, 0.2)
    assert len(waits) == 1 and waits[0] is not None
