"""The sampler's working notes: a stall the tick saw end, and what was seen of one going on."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from .calls import Advice, advice_for_nested
from .frames import CodeKind, FrameInfo, calls_below, culprit, is_idle, task_part

__all__ = ["Ended", "StallInProgress", "task_frame_name"]


class Ended(NamedTuple):
    """A stall the tick saw end: from the tick before it to this one, and its length.

    ``waiting``: how long the loop thread waited for a CPU between those ticks
    (``None`` where not measured): the part of the stall that was the machine's doing;
    ``running``: how long it was on a CPU meanwhile.
    """

    start: float
    end: float
    duration: float
    waiting: float | None = None
    running: float | None = None


class StallInProgress:
    """What the sampler has learned about the current stall so far."""

    __slots__ = ("alarmed", "beat", "calls", "cpu", "dump", "ended", "idle", "in_call", "late",
                 "moved_on", "others", "samples", "spots", "stacks", "tasks")

    def __init__(self, beat: float) -> None:
        self.beat = beat  # the last tick before the stall
        self.dump: tuple[FrameInfo, ...] | None = None
        self.samples: Counter[FrameInfo | None] = Counter()
        # Samples taken right after the sampler itself was held up: if the GIL
        # was held, the loop thread has moved on a little since the blocking call.
        self.late: Counter[FrameInfo | None] = Counter()
        self.stacks: dict[FrameInfo | None, tuple[FrameInfo, ...]] = {}
        # Per site: the task (name, coroutine) the loop ran when that site was first seen.
        self.tasks: dict[FrameInfo | None, tuple[str | None, str | None]] = {}
        self.alarmed = False
        self.idle = 0
        # Late samples of the loop idle after computing while the sampler was held
        # up: a GIL-holding call that has ended, not a process that was not running.
        self.moved_on = 0
        # Per site: what the innermost frame was calling in each sample (None: running
        # Python code), and where exactly it was (file, line, instruction).
        self.calls: dict[FrameInfo | None, Counter[tuple[str, str] | None]] = {}
        self.spots: dict[FrameInfo | None, set[tuple[str, int, int]]] = {}
        # (first, last) readings of (wall clock, loop thread CPU clock, its run-queue
        # wait) while sampled.
        self.cpu: list[tuple[float, float, float]] = []
        # The tick's account of the stall, once it has ended.
        self.ended: Ended | None = None
        # The other threads' total run-queue wait when the stall was first seen, and
        # whether a sample found the loop thread asleep in a call (not on the GIL).
        self.others: dict[str, float] | None = None
        self.in_call = False

    def add(
        self,
        stack: tuple[FrameInfo, ...],
        late: bool,
        call: tuple[str, str] | None = None,
        spot: tuple[str, int, int] | None = None,
        computed: bool | None = None,
    ) -> FrameInfo | None:
        """Count one sample; returns its site (``None`` for the loop idle in select()).

        ``computed``: whether the loop thread was on a CPU for most of the time
        since the sampler's previous wake-up (``None``: not known).
        """
        if is_idle(stack) and late and computed is not False:
            # The sampler was held up while the loop computed (or may have): the
            # call that held the GIL is over, the loop has gone back to waiting.
            self.moved_on += 1
            return None
        if is_idle(stack):
            # The loop waits in select() yet its tick is late: the process itself
            # was not running (an overloaded machine, a paused process).
            self.idle += 1
            self.stacks.setdefault(None, stack)
            return None
        site = culprit(stack)
        (self.late if late else self.samples)[site] += 1
        self.stacks.setdefault(site, stack)
        self.calls.setdefault(site, Counter())[call] += 1
        if spot is not None:
            self.spots.setdefault(site, set()).add(spot)
        return site

    def elsewhere(self, site: FrameInfo | None) -> list[tuple[FrameInfo, float]]:
        """The bot's other lines this stall was seen at, with the share of the samples
        each had (at least a fifth): two handlers of one event, each blocking in turn,
        are one stall, and a report naming one line only would hide the other."""
        total = sum(self.samples.values())
        return [(other, count / total) for other, count in self.samples.most_common()
                if other is not None and other != site and other.kind is CodeKind.USER
                and count / total >= 0.2]

    def task_of(self, site: FrameInfo | None) -> tuple[str | None, str | None]:
        """The task (name, coroutine) that ran ``site``; else the first one seen."""
        found = self.tasks.get(site)
        if found is None and self.tasks:
            found = next(iter(self.tasks.values()))
        return found or (None, None)

    def clock(self, wall: float, cpu: float | None, queued: float | None) -> None:
        """Note the loop thread's CPU time and run-queue wait at a sample (first and last)."""
        if cpu is None:
            return
        reading = (wall, cpu, queued or 0.0)
        if len(self.cpu) == 2:
            self.cpu[1] = reading
        else:
            self.cpu.append(reading)

    def advice(self, site: FrameInfo | None, stack: tuple[FrameInfo, ...]) -> Advice:
        """What to do about this stall: the known call it was in, else by CPU use."""
        calls = calls_below(stack, site)
        seen = self.calls.get(site)
        if seen:
            call = seen.most_common(1)[0][0]
            if call is not None:
                calls.append(call)
        return advice_for_nested(calls, cpu_bound=self._cpu_bound(site),
                                 line=site.line if site is not None else "")

    def _cpu_bound(self, site: FrameInfo | None) -> bool:
        """Whether the loop thread was computing rather than waiting.

        Measured by its CPU clock over the sampled part of the stall where one
        exists: computing, it spends that time on a CPU or, on a busy machine,
        waiting in the run queue for one; waiting in a call, it sleeps. Else (a
        sampler kept off the GIL by C code that computes saw none of it) by its
        scheduler's clocks between the ticks around the stall (``ended``). Else,
        whether the samples caught it at different instructions (a call that
        waits is always caught at the same one).
        """
        if len(self.cpu) == 2:
            (wall0, cpu0, queued0), (wall1, cpu1, queued1) = self.cpu
            if wall1 > wall0:
                return _computed(wall1 - wall0, cpu1 - cpu0, queued1 - queued0)
        ended = self.ended
        if ended is not None and ended.running is not None and ended.waiting is not None \
                and ended.end > ended.start:
            return _computed(ended.end - ended.start, ended.running, ended.waiting)
        return len(self.spots.get(site, ())) > 1

    def best(self) -> tuple[FrameInfo | None, tuple[FrameInfo, ...], str]:
        """The most sampled site, its stack, and how it was seen."""
        for counter, source in ((self.samples, "sampler"), (self.late, "late sampler")):
            if counter and counter.most_common(1)[0][1] >= self.idle:
                site = counter.most_common(1)[0][0]
                return site, self.stacks[site], source
        if self.idle:
            return None, self.stacks[None], "idle"
        if self.moved_on:
            return None, (), "late sampler"
        return None, (), "none"


def _computed(elapsed: float, running: float, waiting: float) -> bool:
    """Whether a thread that ran ``running`` and waited for a CPU ``waiting`` seconds of
    ``elapsed`` spent most of them computing (rather than asleep in a call)."""
    return elapsed - running - waiting < 0.5 * elapsed


def task_frame_name(stack: tuple[FrameInfo, ...]) -> str | None:
    """The function asyncio's ``Handle._run`` called: the task's coroutine (or callback)."""
    own = task_part(stack)
    return own[0].name if own is not stack and own else None
