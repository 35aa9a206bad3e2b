"""What the watchdog has seen: stall records, per-site totals, tick lag percentiles.

``LoopHealth`` is read from any thread (a dashboard, a log line, a test) while
the watchdog's sampler thread and the loop's tick write to it, so writers take
a lock and readers get copies.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..metrics.histogram import LAG_BOUNDS, Histogram
from .calls import Advice, written_call
from .frames import CodeKind, FrameInfo, format_stack, task_part

__all__ = ["LoopHealth", "SiteStats", "Stall"]


@dataclass(frozen=True, slots=True)
class Stall:
    """One period during which the event loop did not run.

    ``duration`` is how late the loop ran its watchdog tick plus half a tick
    interval: the middle of the range the stall can have lasted (± interval / 2).
    ``stack`` is the loop thread's stack sampled while the stall was happening
    (outermost call first), empty when it could not be captured; ``source`` says
    how it was captured: ``"sampler"``, ``"signal"`` (the GIL fallback, see
    :mod:`tidecord.health.gil`), ``"late sampler"``
    (only samples taken just after the sampler itself was held up: often the
    frame of a GIL-holding call as it returns, but the loop may have moved on),
    ``"idle"`` (the loop was waiting in select(): the process was not scheduled)
    or ``"none"``. ``waiting``: how much of it the loop thread spent runnable
    but off the CPU, or asleep in Python code on the GIL it had handed to a thread
    of the process that was itself waiting for a CPU (Linux; ``None`` elsewhere),
    see ``overloaded``. ``advice``:
    the known blocking call the stack shows and what to use instead, or what to
    do about unknown code (see :mod:`tidecord.health.calls`).
    """

    duration: float
    ended_at: float
    task_name: str | None
    coroutine: str | None
    site: FrameInfo | None
    stack: tuple[FrameInfo, ...]
    source: str
    samples: int = 0
    waiting: float | None = None
    advice: Advice | None = None
    #: Seconds of the stall the garbage collector ran (any thread's collection).
    collecting: float = 0.0
    #: Seconds of the stall the whole process was not running (Linux): the loop thread
    #: neither ran nor waited for a CPU while the watchdog's own thread was held up too.
    stopped: float = 0.0
    #: The bot's other lines seen blocking in the same stall: (line, about how many
    #: seconds of it, the task); two handlers of one event each blocking in turn.
    also: tuple[tuple[FrameInfo, float, str | None], ...] = ()

    @property
    def collected(self) -> bool:
        """True when the garbage collector ran for most of the stall: the line named
        is where it paused the loop, not code that blocks."""
        return self.collecting >= self.duration / 2

    @property
    def paused(self) -> bool:
        """True when the process itself was not running for most of the stall (stopped,
        or its virtual machine not scheduled): the line named is where it was paused."""
        return self.stopped >= self.duration / 2

    @property
    def overloaded(self) -> bool:
        """True when the loop thread spent most of the stall waiting for a CPU (Linux only).

        Then the machine was overloaded: the line named is where the loop
        happened to be, not necessarily code that blocks.
        """
        return self.waiting is not None and self.waiting >= self.duration / 2

    @property
    def ours(self) -> bool:
        """True when the line named is tidecord's own: no code of the bot's was running
        in the task (a large guild's members being read, say), so there is nothing for
        the bot to change; the watchdog logs such a stall at DEBUG level."""
        return self.site is not None and self.site.kind is CodeKind.TIDECORD

    @property
    def handler(self) -> str | None:
        """The handler that was running: the task name without tidecord's ``tidecord:``
        prefix; ``tidecord:view:Confirm`` reads ``view 'Confirm'``."""
        if self.task_name is None:
            return self.coroutine
        name = self.task_name.removeprefix("tidecord:")
        # "view:Confirm" (a view, a modal, a command...) reads as "view 'Confirm'".
        kind, sep, what = name.partition(":")
        if sep and name != self.task_name and not kind.startswith("on_"):
            return f"{kind} '{what}'"
        return name

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly view (without the stack): how long, where, and what to do."""
        site = self.site
        return {
            "duration_s": round(self.duration, 6),
            "ended_at": self.ended_at,
            "task": self.task_name,
            "handler": self.handler,
            "site": site.location if site else None,
            "function": site.name if site else None,
            "line": site.line if site else None,
            "advice": self.advice.as_dict() if self.advice and site and not self.ours else None,
            "overloaded": self.overloaded,
            "collecting_s": round(self.collecting, 6),
            "paused": self.paused,
            "also": [other.location for other, _, _ in self.also],
        }

    def _offload_where_called(self) -> str | None:
        """For a line in a plain function (where ``await`` cannot be written) called
        from the bot's own ``async def``: the call there that takes it off the loop."""
        site, own = self.site, list(task_part(self.stack))
        if site is None or site.coroutine or site.kind is not CodeKind.USER or site not in own:
            return None
        below = len(own) - 1 - own[::-1].index(site)
        for index in range(below - 1, -1, -1):
            caller = own[index]
            if caller.kind is CodeKind.TIDECORD:
                return None  # tidecord calls it (a check): there is no call to change
            if caller.kind is CodeKind.USER and caller.coroutine:
                break
        else:
            return None
        advice = self.advice
        computes = advice is not None and (advice.kind == "cpu" or (
            advice.known is not None and advice.known.computes))
        offload = "to_process" if computes else "to_thread"
        callee = written_call(caller.line, own[index + 1].name) or "fn"
        return (f"({site.name} is a plain function: where {caller.name} calls it, at"
                f" {caller.location}, `await tidecord.{offload}({callee}, ...)` runs it off"
                " the loop)")

    def _users_coroutine(self) -> str | None:
        """The coroutine worth naming beside the task: the bot's own function
        (``MyCog.on_message``), not tidecord's machinery that runs every handler
        (``Dispatcher._run``, the task's coroutine on Python 3.12 and later) nor a
        library's. Told by its frame in the stack (a coroutine without one is named);
        under tidecord's, the first of the bot's coroutines it awaits."""
        if not self.coroutine:
            return None
        frames = task_part(self.stack)
        own = [f for f in frames if f.name == self.coroutine]
        if not own or own[0].kind is CodeKind.USER:
            return self.coroutine
        if own[0].kind is not CodeKind.TIDECORD:
            return None
        return next((f.name for f in frames if f.coroutine and f.kind is CodeKind.USER), None)

    def describe(self) -> str:
        """A one-paragraph, human-readable account, with the stack."""
        who = "outside any task"
        if self.task_name is not None:
            who = f"in task {self.task_name!r}"
            if self.handler and "'" in self.handler:
                who = f"in {self.handler} (task {self.task_name!r})"
            coroutine = self._users_coroutine()
            if coroutine:
                who += f" ({coroutine})"
        elif self.coroutine:
            who = f"in coroutine {self.coroutine!r}"
        if self.site and self.source == "late sampler":
            where = (
                "at an unknown line: the sampler could not run during the stall (C code"
                f" holding the GIL?) and next saw the loop at {self.site}"
            )
        elif self.site:
            where = f"at {self.site}"
        elif self.source == "late sampler":
            where = ("at an unknown line: the sampler could not run during the stall (C code"
                     " holding the GIL?) and next saw the loop idle, the call over")
        elif self.source == "idle":
            where = ("with the loop idle in select(): the process itself was not running"
                     " (an overloaded machine or a paused process?)")
        else:
            where = "at an unknown line (stack not captured)"
        text = f"event loop blocked for {self.duration * 1000:.0f} ms {who}, {where}"
        for other, seconds, task in self.also:
            text += f"\nand, for about {seconds * 1000:.0f} ms of it"
            text += f" in task {task!r}" if task else ""
            text += f", at {other}"
        if self.ours:
            text += ("\n(tidecord's own work, not your bot's code: nothing to change there;"
                     " if stalls like this repeat, please report them)")
        elif self.advice is not None and self.site is not None:
            text += f"\n{self.advice}"
            if (offload := self._offload_where_called()) is not None:
                text += f"\n{offload}"
        if self.overloaded:
            assert self.waiting is not None
            text += (
                f"\n(the loop thread spent {self.waiting * 1000:.0f} ms of it waiting for a CPU"
                " (or for the GIL, held up by a thread that waited for one):"
                " the machine is overloaded, this line may be innocent)"
            )
        if self.paused and self.source != "idle":  # idle says so already
            text += (
                f"\n(the process itself was not running for {self.stopped * 1000:.0f} ms of it:"
                " neither the loop thread nor the watchdog's thread ran (a paused process,"
                " or a virtual machine that was not scheduled?): this line may be innocent)"
            )
        if self.collected:
            text += (
                f"\n(the garbage collector ran for {self.collecting * 1000:.0f} ms of it:"
                " the line named is where it paused the loop; many objects kept alive,"
                " or cycles among them, make collections long)"
            )
        if self.stack:
            text += (
                f"\nloop thread stack during the stall ({self.source}, most recent call last;"
                " the full stack is the record's tidecord_stall.stack):\n"
                + self._shown_stack()
            )
        return text

    def _shown_stack(self) -> str:
        """The running task's frames with the bot's own in full: each run of other
        code's frames that leads to the bot's (tidecord calling a handler, a check, a
        hook) is counted in one line, being the same in every report; the frames below
        the last of the bot's (the call that blocked) are shown."""
        own = task_part(self.stack)
        users = [i for i, f in enumerate(own) if f.kind is CodeKind.USER]
        if not users:
            return format_stack(own)
        parts, start = [], 0
        for index in users:
            if index > start:
                skipped = index - start
                parts.append(f"  ({skipped} frame{'s' if skipped > 1 else ''} of the code"
                             " that called yours)")
            parts.append(format_stack(own[index:index + 1]))
            start = index + 1
        if start < len(own):
            parts.append(format_stack(own[start:]))
        return "\n".join(parts)


@dataclass(slots=True)
class SiteStats:
    """Totals for one blocking line (``site`` is ``None`` for stalls without a stack)."""

    site: FrameInfo | None
    count: int = 0
    total: float = 0.0
    worst: float = 0.0
    last_task: str | None = None
    advice: Advice | None = None
    # Reporting state: stalls here not yet announced in a log record.
    unreported: int = 0
    unreported_worst: float = 0.0
    last_report: float = -math.inf

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly view."""
        return {
            "site": self.site.location if self.site else None,
            "function": self.site.name if self.site else None,
            "line": self.site.line if self.site else None,
            "count": self.count,
            "total_s": round(self.total, 6),
            "worst_s": round(self.worst, 6),
            "last_task": self.last_task,
            "advice": self.advice.as_dict() if self.advice else None,
        }


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass
class LoopHealth:
    """Live statistics of one watchdog (``client.loop_health``).

    Example::

        health = client.loop_health
        print(health.stalls, health.worst, health.lag_percentiles())
        for site in health.top_sites(3):
            print(site.site, site.count, site.worst)
    """

    threshold: float
    lag_window: int = 6000
    stalls: int = 0
    blocked_seconds: float = 0.0
    worst: Stall | None = None
    ticks: int = 0
    recent: deque[Stall] = field(default_factory=lambda: deque(maxlen=100))
    _lags: deque[float] = field(init=False, repr=False)
    lag_histogram: Histogram = field(default_factory=lambda: Histogram(LAG_BOUNDS), repr=False)
    _sites: dict[tuple[str, int] | None, SiteStats] = field(
        default_factory=dict, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._lags = deque(maxlen=self.lag_window)

    def record_lag(self, lag: float) -> None:
        """Called by the loop's tick: how late it ran (deque appends are atomic)."""
        self._lags.append(lag)
        self.lag_histogram.observe(lag)
        self.ticks += 1

    def record_stall(self, stall: Stall) -> SiteStats:
        """Account one finished stall; returns its site's totals (to decide on logging)."""
        key = (stall.site.filename, stall.site.lineno) if stall.site else None
        with self._lock:
            self.stalls += 1
            self.blocked_seconds += stall.duration
            if self.worst is None or stall.duration > self.worst.duration:
                self.worst = stall
            self.recent.append(stall)
            stats = self._sites.get(key)
            if stats is None:
                stats = self._sites[key] = SiteStats(stall.site)
            stats.count += 1
            stats.total += stall.duration
            stats.worst = max(stats.worst, stall.duration)
            stats.last_task = stall.task_name
            if stall.advice is not None:
                stats.advice = stall.advice
            return stats

    def lag_percentiles(self) -> dict[str, float]:
        """Recent tick lag in seconds: ``{"p50": ..., "p95": ..., "p99": ..., "max": ...}``."""
        lags = sorted(list(self._lags))
        return {
            "p50": percentile(lags, 50),
            "p95": percentile(lags, 95),
            "p99": percentile(lags, 99),
            "max": lags[-1] if lags else 0.0,
        }

    def lag_now(self, ticks: int = 40) -> float:
        """The worst tick lag (seconds) of the last ``ticks`` ticks: about the last second."""
        lags = list(self._lags)[-ticks:]
        return max(lags) if lags else 0.0

    @property
    def p50(self) -> float:
        """Median recent tick lag in seconds."""
        return self.lag_percentiles()["p50"]

    @property
    def p95(self) -> float:
        """95th percentile of recent tick lag in seconds."""
        return self.lag_percentiles()["p95"]

    @property
    def p99(self) -> float:
        """99th percentile of recent tick lag in seconds."""
        return self.lag_percentiles()["p99"]

    def top_sites(self, n: int = 5) -> list[SiteStats]:
        """The lines that blocked the loop the longest in total, worst first."""
        with self._lock:
            sites = sorted(self._sites.values(), key=lambda s: s.total, reverse=True)
        return sites[:n]

    def sites(self) -> list[SiteStats]:
        """Every site seen so far (copies of the list, live entries)."""
        with self._lock:
            return list(self._sites.values())

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly snapshot for logs and dashboards."""
        worst = self.worst
        return {
            "threshold_s": self.threshold,
            "stalls": self.stalls,
            "blocked_s": round(self.blocked_seconds, 6),
            "worst": None
            if worst is None
            else {
                "duration_s": round(worst.duration, 6),
                "site": worst.site.location if worst.site else None,
                "task": worst.task_name,
            },
            "lag_s": {k: round(v, 6) for k, v in self.lag_percentiles().items()},
            "top_sites": [s.as_dict() for s in self.top_sites()],
            "ticks": self.ticks,
        }
