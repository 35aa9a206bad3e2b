"""How long the test's event loop went without a turn: a loaded machine's stalls.

A test that times something on a shared machine (CI's workers are paused for 0.4 to
0.5 s at times) can tell a stall of the machine from a wait the code chose by ticking
the loop every 10 ms beside it and noting each gap between ticks.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

from .background import in_background

__all__ = ["LoopStalls", "watching_stalls"]

TICK = 0.01


class LoopStalls:
    """The gaps between the watcher's 10 ms ticks while it ran (s, the tick included)."""

    def __init__(self) -> None:
        self.gaps: list[float] = []

    @property
    def longest(self) -> float:
        """The longest gap between two ticks (s)."""
        return max(self.gaps, default=0.0)

    def late(self, over: float) -> float:
        """How long the ticks came late in all, counting only those over ``over`` s late."""
        return sum(gap - TICK for gap in self.gaps if gap - TICK > over)

    async def _watch(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            self.gaps.append(now - last)
            last = now


@contextlib.asynccontextmanager
async def watching_stalls() -> AsyncIterator[LoopStalls]:
    """Tick the loop beside the block; the gaps seen are read once it ends."""
    stalls = LoopStalls()
    async with in_background(stalls._watch(), "test: loop stalls"):
        yield stalls
