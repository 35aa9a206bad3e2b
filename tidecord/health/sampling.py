"""The sampler's working notes: a stall the tick saw end, and what was seen of one going on."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from .frames import FrameInfo, culprit, is_idle, task_part

__all__ = ["Ended", "StallInProgress", "task_frame_name"]


class Ended(NamedTuple):
    """A stall the tick saw end: from the tick before it to this one, and its length."""

    start: float
    end: float
    duration: float


class StallInProgress:
    """What the sampler has learned about the current stall so far."""

    __slots__ = ("alarmed", "beat", "coroutine", "dump", "idle", "late", "samples", "stacks",
                 "task_name")

    def __init__(self, beat: float) -> None:
        self.beat = beat  # the last tick before the stall
        self.dump: tuple[FrameInfo, ...] | None = None
        self.samples: Counter[FrameInfo | None] = Counter()
        # Samples taken right after the sampler itself was held up: if the GIL
        # was held, the loop thread has moved on a little since the blocking call.
        self.late: Counter[FrameInfo | None] = Counter()
        self.stacks: dict[FrameInfo | None, tuple[FrameInfo, ...]] = {}
        self.task_name: str | None = None
        self.coroutine: str | None = None
        self.alarmed = False
        self.idle = 0

    def add(self, stack: tuple[FrameInfo, ...], late: bool) -> None:
        if is_idle(stack):
            # The loop waits in select() yet its tick is late: the process itself
            # was not running (an overloaded machine, a paused process).
            self.idle += 1
            self.stacks.setdefault(None, stack)
            return
        site = culprit(stack)
        (self.late if late else self.samples)[site] += 1
        self.stacks.setdefault(site, stack)

    def best(self) -> tuple[FrameInfo | None, tuple[FrameInfo, ...], str]:
        """The most sampled site, its stack, and how it was seen."""
        for counter, source in ((self.samples, "sampler"), (self.late, "late sampler")):
            if counter and counter.most_common(1)[0][1] >= self.idle:
                site = counter.most_common(1)[0][0]
                return site, self.stacks[site], source
        if self.idle:
            return None, self.stacks[None], "idle"
        return None, (), "none"


def task_frame_name(stack: tuple[FrameInfo, ...]) -> str | None:
    """The function asyncio's ``Handle._run`` called: the task's coroutine (or callback)."""
    own = task_part(stack)
    return own[0].name if own is not stack and own else None
