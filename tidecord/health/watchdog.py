"""The stall watchdog: notice when the event loop stops, and name the line that stopped it.

Two parts, one on each side of the problem:

* the *tick*, a tiny callback that re-schedules itself on the loop every
  ``threshold / 4`` and stamps when it ran and how late (its lag);
* the *sampler*, a daemon thread that checks every ``threshold / 2``. When the
  next tick is overdue, the loop is stuck: every ``threshold / 8`` it reads
  the loop thread's current stack (``sys._current_frames()``) and the running
  task, *during* the stall. When the tick runs again, the stall is over: its
  lag gives the duration, and the sampler logs one record naming the task and
  the line seen most often.

C code that holds the GIL starves the sampler too; ``GilFallback`` (a timer whose
signal handler has the loop thread copy its own stack, see :mod:`.gil`)
names the line of such a stall. ``RunQueueClock`` (Linux) tells how much of a stall the loop
thread spent waiting for a CPU, i.e. an overloaded machine rather than code; a
stall in which the loop thread neither ran nor waited for one while the sampler slept
through its time as well is the whole process not running (stopped, or a virtual
machine not scheduled: ``Stall.paused``).
Everything expensive happens on the sampler thread; the loop only pays for the
tick (see ``benchmarks/health_overhead.py``).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
import threading
import time
from collections import deque
from collections.abc import Callable

from .frames import CodeKind, FrameInfo, culprit, is_idle, stack_of
from .gil import GilFallback
from .probe import calling
from .sampling import Ended, StallInProgress, task_frame_name
from .sched import (
    RunQueueClock,
    ThreadCpuClock,
    asleep_in_a_call,
    others_waiting,
    own_switches,
    waited_since,
)
from .stats import LoopHealth, SiteStats, Stall

__all__ = ["LoopWatchdog"]

log = logging.getLogger("tidecord.health")

# Discord's usual gateway heartbeat interval; the gateway replaces it on HELLO.
DEFAULT_HEARTBEAT_INTERVAL = 41.25


class LoopWatchdog:
    """Detects event-loop stalls and reports where they happened.

    Example::

        watchdog = LoopWatchdog(threshold=0.1)
        watchdog.start(asyncio.get_running_loop())
        ...
        print(watchdog.health.as_dict())
        watchdog.stop()

    ``threshold``: a stall at least this long (seconds) is reported; durations
    are measured to within ``threshold / 8``.
    ``enabled=False`` makes ``start`` a no-op. ``report_interval``: one log record
    per blocking line per interval; further stalls there are counted and
    announced with the next record. A stall longer than ``heartbeat_fraction``
    of ``heartbeat_interval`` (set it from the gateway's HELLO) is logged at
    ERROR level, while it is still going on and when it ends. ``gil_fallback``:
    seconds after which a stall in GIL-holding C code still gets its stack, from a
    ``SIGRTMIN + 7`` handler in the main thread (default 0.1 s, the default threshold:
    a catastrophic regex of a few hundred milliseconds is named like any other stall;
    a copy no reported stall claims is dropped; ``None`` turns it off; it is off by
    itself where the loop is not in the main thread or the program handles that
    signal, see :mod:`tidecord.health.gil`). ``on_stall``: called with each
    :class:`Stall` as it ends, from the watchdog's own thread (strict mode uses it
    to stop a test at the stall).
    """

    def __init__(
        self,
        threshold: float = 0.1,
        *,
        enabled: bool = True,
        report_interval: float = 60.0,
        heartbeat_interval: float = DEFAULT_HEARTBEAT_INTERVAL,
        heartbeat_fraction: float = 0.5,
        gil_fallback: float | None = 0.1,
        logger: logging.Logger | None = None,
        on_stall: Callable[[Stall], object] | None = None,
    ) -> None:
        if threshold <= 0:
            raise ValueError("threshold must be positive (use enabled=False to turn off)")
        self.threshold = threshold
        self.enabled = enabled
        self.report_interval = report_interval
        self.heartbeat_interval = heartbeat_interval
        self.heartbeat_fraction = heartbeat_fraction
        self.logger = logger or log
        self.on_stall = on_stall
        # Each wake-up costs tens of microseconds of CPU, so the rates are kept low:
        # ticks every threshold/4, the sampler checks every threshold/2 and samples
        # every threshold/8 only while the loop is overdue.
        self.tick_interval = _clamp(threshold / 4, 0.005, 0.1)
        self.check_interval = _clamp(threshold / 2, 0.005, 0.25)
        self.sample_interval = _clamp(threshold / 8, 0.005, 0.05)
        self.health = LoopHealth(threshold, lag_window=int(60 / self.tick_interval))
        self._fallback = GilFallback(gil_fallback) if gil_fallback else None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._loop_native_id: int | None = None
        # The loop thread's run-queue wait, read by each tick: the wait over a stall is
        # the difference between the tick that ends it and the one before, exactly the
        # stall's span (whenever it began, even before the sampler's first check).
        self._run_queue: RunQueueClock | None = None
        self._beat_queued: tuple[float, float] | None = None  # (CPU, wait) at the last tick
        self._cpu_clock: ThreadCpuClock | None = None  # the sampler's
        # (wall, loop thread CPU) at the sampler's last wake-up: when the sampler
        # is held up, whether the loop thread computed meanwhile (holding the GIL).
        self._last_wake: tuple[float, float] | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._beat = 0.0  # time.monotonic() of the last tick
        self._ended: deque[Ended] = deque()  # stalls the tick saw end, for the sampler
        self._due = 0.0
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None
        self._stall: StallInProgress | None = None  # the sampler's, until it is joined
        # Garbage collections while watching: (start, end) in time.monotonic(), newest
        # last; a stall mostly spent in them is the collector's, not the line it paused.
        self._collections: deque[tuple[float, float]] = deque(maxlen=256)
        self._collecting_since = 0.0
        # The sampler's own late wake-ups: (due, woke) in time.monotonic(), newest last.
        # Late while the loop thread neither ran nor waited for a CPU, the whole process
        # was not running (paused, or its virtual machine not scheduled).
        self._held_up: deque[tuple[float, float]] = deque(maxlen=64)
        self._switches: int | None = None  # the sampler's sleeps so far, at its last wake-up

    @property
    def running(self) -> bool:
        """True between ``start`` and ``stop``."""
        return self._sampler is not None

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Begin watching ``loop`` (default: the running loop). Idempotent."""
        if not self.enabled or self._sampler is not None:
            return
        self._loop = loop = loop or asyncio.get_running_loop()
        self._stop.clear()
        self._loop_thread = self._loop_native_id = None
        self._beat = self._due = time.monotonic()
        self._ended.clear()
        if _running_in_this_thread(loop):
            # A stall before the first tick (the caller's own code, right after this)
            # then has its run-queue wait measured too.
            self._learn_loop_thread()
        # Else the first tick learns the loop's thread id, so start() may be called anywhere.
        loop.call_soon_threadsafe(self._tick)
        if self._fallback is not None:
            if self._fallback.acquire():
                self._fallback.rearm()  # armed before the sampler first runs
            else:
                self.logger.debug("no GIL fallback here (another watchdog has it, the loop "
                                  "is off the main thread, no POSIX timers, or the program "
                                  "handles SIGRTMIN+7)")
        self._collections.clear()
        self._held_up.clear()
        gc.callbacks.append(self._on_collection)
        self._sampler = threading.Thread(
            target=self._sample_forever, name="tidecord-loop-watchdog", daemon=True
        )
        self._sampler.start()

    def stop(self) -> None:
        """Stop watching: cancel the tick, join the sampler, report grouped stalls left over."""
        sampler, self._sampler = self._sampler, None
        if sampler is None:
            return
        if self._on_loop_thread():
            self._tick(final=True)  # a stall that ended just now has not ticked yet
        self._stop.set()
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.cancel()
        sampler.join()
        self._drain(self._beat)  # the sampler is gone: its leftovers are ours
        self._stall = None
        if self._run_queue is not None:
            self._run_queue.close()
            self._run_queue = None
        if self._on_collection in gc.callbacks:
            gc.callbacks.remove(self._on_collection)
        if self._fallback is not None:
            self._fallback.release()
        self._flush_grouped()

    def _on_collection(self, phase: str, info: dict[str, int]) -> None:
        # Called by the collector (whichever thread set it off), before and after.
        if phase == "start":
            self._collecting_since = time.monotonic()
        elif self._collecting_since:
            self._collections.append((self._collecting_since, time.monotonic()))
            self._collecting_since = 0.0

    def _collected_within(self, start: float, end: float) -> float:
        """Seconds of garbage collection between ``start`` and ``end``."""
        return _overlap(self._collections, start, end)

    def _on_loop_thread(self) -> bool:
        return self._loop_thread == threading.get_ident()

    # -- the loop side -------------------------------------------------------------

    def _tick(self, final: bool = False) -> None:
        loop = self._loop
        if self._stop.is_set() or loop is None:
            return
        if self._loop_thread is None:
            self._learn_loop_thread()
        # time.monotonic(), not loop.time(): the sampler compares against it from
        # another thread, where some loops' clocks are cached and stale.
        now = time.monotonic()
        queued = self._run_queue.read_both() if self._run_queue is not None else None
        lag = max(0.0, now - self._due)
        # The loop stopped somewhere between the previous tick and this one's due
        # time: the stall lasted lag .. lag + interval. Take the middle.
        duration = lag + self.tick_interval / 2
        if duration >= self.threshold:
            # Hand it to the sampler now; the next tick would overwrite ``_beat``.
            running = waiting = None
            if queued is not None and self._beat_queued is not None:
                running = queued[0] - self._beat_queued[0]
                waiting = queued[1] - self._beat_queued[1]
            self._ended.append(Ended(self._beat, now, duration, waiting, running))
        self._beat = now
        self._beat_queued = queued
        self.health.record_lag(lag)
        self._due = now + self.tick_interval
        if not final:
            self._handle = loop.call_later(self.tick_interval, self._tick)

    def _learn_loop_thread(self) -> None:
        """Called on the loop's thread: who it is, and its run-queue wait so far."""
        self._loop_native_id = threading.get_native_id()
        self._loop_thread = threading.get_ident()
        self._run_queue = RunQueueClock(self._loop_native_id)
        self._beat_queued = self._run_queue.read_both()

    # -- the sampler thread --------------------------------------------------------

    def _sample_forever(self) -> None:
        wake_due = time.monotonic() + self.check_interval
        self._switches = own_switches()
        try:
            while not self._stop.wait(max(0.0, wake_due - time.monotonic())):
                woke = time.monotonic()
                wake_due = woke + self._check(woke, late=woke - wake_due)
            # Stopped: a pause that ended just before (a test's watchdog, stopped with
            # the test) still counts for the stall stop() reports.
            woke = time.monotonic()
            self._note_late(woke, woke - wake_due)
        finally:
            self._cpu_clock = None

    def _check(self, woke: float, late: float) -> float:
        """One wake-up of the sampler (``late``: how far past its time); returns the next sleep."""
        if self._cpu_clock is None and self._loop_native_id is not None:
            self._cpu_clock = ThreadCpuClock(self._loop_thread or 0)
        self._note_late(woke, late)
        if self._fallback is not None:
            self._fallback.rearm()
        # Read the beat before draining: a tick in between then costs one
        # useless sample instead of losing a stall's samples.
        beat = self._beat
        self._drain(beat)
        checked = time.monotonic()
        overdue = checked - beat - self.tick_interval
        # A loop that is not running is not stalled: between two run_until_complete()
        # calls (pytest reporting a failed test while its bot still exists) no handler
        # holds it, and sampling the thread would only probe the host's own code (on
        # Python 3.11, an ast.parse there racing the probe's own is a SystemError).
        suspect = (overdue >= self.sample_interval and self._loop_thread is not None
                   and self._loop_running())
        starved = late > max(self.check_interval, self.threshold / 2)
        computed = self._loop_computed(woke)
        period = self.sample_interval if suspect else self.check_interval
        if not suspect:
            if self._stall is None:
                if self._fallback is not None and not starved:
                    # A copy that no stall claimed: the OS held up the sampler alone.
                    # Only copies from before this check: reading the run queue above
                    # lets go of the GIL, and a stall may have begun (and been copied)
                    # since this check found the loop healthy.
                    self._fallback.discard(before=checked)
            return period
        stall = self._stall
        if stall is None:
            stall = self._stall = StallInProgress(beat)
            if self._run_queue is not None and self._loop_native_id is not None:
                stall.others = others_waiting(self._loop_native_id)
        # If we were starved ourselves (C code holding the GIL), what the loop
        # thread runs now may be what came after the blocking call.
        self._sample(stall, late=starved, computed=computed)
        if not stall.alarmed and overdue >= self._heartbeat_limit():
            stall.alarmed = True
            self._alarm(stall, overdue)
        return period

    def _note_late(self, woke: float, late: float) -> None:
        """Keep the span of a wake-up ``late`` seconds past its time if the sampler was
        held up with the whole process (it slept on), not by C code holding the GIL (it
        woke every switch interval to ask for the GIL, while the loop thread may have
        slept in that call)."""
        before, self._switches = self._switches, own_switches()
        if late > self.sample_interval and before is not None and self._switches is not None \
                and self._switches - before < 4 + late / (4 * sys.getswitchinterval()):
            self._held_up.append((woke - late, woke))

    def _loop_running(self) -> bool:
        """Whether the watched loop runs now (read from the sampler thread: a flag)."""
        loop = self._loop
        return loop is not None and loop.is_running()

    def _loop_computed(self, woke: float) -> bool | None:
        """Whether the loop thread spent most of the time since the last wake-up on a CPU.

        ``None`` where its CPU clock cannot be read.
        """
        cpu = self._cpu_clock.read() if self._cpu_clock is not None else None
        last, self._last_wake = self._last_wake, None if cpu is None else (woke, cpu)
        if cpu is None or last is None or woke <= last[0]:
            return None
        return cpu - last[1] > 0.5 * (woke - last[0])

    def _drain(self, beat: float) -> None:
        """Report the stalls the tick saw end; forget samples of a hiccup that did not last.

        Several stalls can end between two wake-ups: the samples go to the one
        that began after the tick they were taken after, a stack the fallback copied to
        the longest one that may have been going on when it was copied.
        """
        if self._ended:
            dumps = self._fallback.take(self._loop_thread or 0) if self._fallback else []
            batch: list[tuple[Ended, StallInProgress]] = []
            while self._ended:
                ended = self._ended.popleft()
                stall = self._stall
                if stall is not None and stall.beat == ended.start:
                    self._stall = None
                else:
                    stall = StallInProgress(ended.start)
                batch.append((ended, stall))
            last_end = max(e.end for e, _ in batch)
            unclaimed = []
            for fired_at, stack in dumps:
                # Copied when the handler ran (in the stall, or as its C call returned):
                # give it to the longest stall still going on at that time.
                going_on = [(e.duration, s) for e, s in batch if e.end >= fired_at and not s.dump]
                if going_on:
                    max(going_on, key=lambda pair: pair[0])[1].dump = stack
                elif fired_at > last_end:
                    # Taken after every stall of this batch ended: during one the tick
                    # has not reported yet. Kept for it (a calm check drops it if none).
                    unclaimed.append((fired_at, stack))
            if unclaimed and self._fallback is not None:
                self._fallback.keep(unclaimed)
            for ended, stall in batch:
                stall.ended = ended
                waiting = self._off_cpu(ended, stall)
                collecting = self._collected_within(ended.start, ended.end)
                self._finish(stall, ended.duration, waiting, collecting, self._stopped(ended))
        if self._stall is not None and self._stall.beat != beat:
            self._stall = None  # the loop ticked again in time

    def _off_cpu(self, ended: Ended, stall: StallInProgress) -> float | None:
        """How much of a stall was not the line's doing: the loop thread's wait for a CPU,
        plus, while it slept in Python code (not in a call), its wait for the GIL as far as
        the threads it was handed to waited for a CPU themselves (see ``others_waiting``)."""
        if ended.waiting is None:
            return None
        waiting = ended.waiting
        if stall.others is not None and not stall.in_call and ended.running is not None \
                and self._loop_native_id is not None:
            now = others_waiting(self._loop_native_id)
            asleep = ended.duration - ended.running - ended.waiting
            if now is not None and asleep > 0:
                waiting += min(asleep, waited_since(stall.others, now))
        return min(waiting, ended.duration)

    def _stopped(self, ended: Ended) -> float:
        """How much of a stall the whole process was not running: the part in which the
        loop thread neither ran nor waited for a CPU, as far as the sampler was held up
        meanwhile too. Code that computes runs; a call that waits (GIL released) leaves
        the sampler on time; a paused process (SIGSTOP, a descheduled virtual machine)
        does neither. 0 where the loop thread's clocks are not read."""
        if ended.running is None or ended.waiting is None:
            return 0.0
        idle = ended.duration - ended.running - ended.waiting
        if idle <= 0:
            return 0.0
        return min(idle, _overlap(self._held_up, ended.start, ended.end))

    def _sample(self, stall: StallInProgress, late: bool, computed: bool | None = None) -> None:
        if not stall.in_call and self._loop_native_id is not None:
            stall.in_call = asleep_in_a_call(self._loop_native_id)
        frame = sys._current_frames().get(self._loop_thread or 0)
        if frame is None:
            return
        stack = stack_of(frame)
        # The innermost frame: what it calls (if C code), and where exactly it is.
        call = calling(frame)
        spot = (frame.f_code.co_filename, frame.f_lineno or 0, frame.f_lasti)
        del frame  # do not keep the blocked handler's locals alive
        if self._cpu_clock is not None:
            queued = self._run_queue.read() if self._run_queue is not None else None
            stall.clock(time.monotonic(), self._cpu_clock.read(), queued)
        site = stall.add(stack, late, call, spot, computed=computed)
        # The task is read at each site's first sample: two handlers may share a stall.
        if site not in stall.tasks:
            stall.tasks[site] = self._current_task(stack)

    def _current_task(self, stack: tuple[FrameInfo, ...]) -> tuple[str | None, str | None]:
        """Name the task the loop is running; read from another thread, so guarded."""
        try:
            task = asyncio.current_task(self._loop)
            if task is not None:
                coro = task.get_coro()
                qualname = getattr(coro, "__qualname__", None)
                return task.get_name(), qualname
        except Exception:  # an interpreter where this is not readable across threads
            pass
        return None, task_frame_name(stack)

    def _heartbeat_limit(self) -> float:
        return self.heartbeat_interval * self.heartbeat_fraction

    # -- reporting -----------------------------------------------------------------

    def _finish(self, stall: StallInProgress, duration: float, waiting: float | None,
                collecting: float = 0.0, stopped: float = 0.0) -> None:
        site, stack, source = stall.best()
        task_name, coroutine = stall.task_of(site)
        # A copy exists only if the sampler was starved for the fallback's timeout, so
        # it saw nothing of the longest part of this stall: the copy did.
        # A copy of the loop idle in select() names nothing: the process was not running.
        if stall.dump and not is_idle(stall.dump):
            site, stack, source = culprit(stall.dump), stall.dump, "signal"
            # The task the signal handler read, else the sampled one if the copy shows
            # the same coroutine running.
            dumped = task_frame_name(stall.dump)
            read = getattr(stall.dump, "task", None)
            if read is not None:
                task_name, coroutine = read
            elif not _same_function(coroutine, dumped):
                task_name, coroutine = None, dumped
        record = Stall(
            duration=duration,
            ended_at=time.time(),
            task_name=task_name,
            coroutine=coroutine,
            site=site,
            stack=stack,
            source=source,
            samples=(sum(stall.samples.values()) + sum(stall.late.values()) + stall.idle
                     + stall.moved_on),
            waiting=waiting,
            advice=stall.advice(site, stack),
            collecting=collecting,
            stopped=stopped,
            also=tuple((other, share * duration, stall.task_of(other)[0])
                       for other, share in stall.elsewhere(site)),
        )
        stats = self.health.record_stall(record)
        self._report(record, stats)
        if self.on_stall is not None:
            self.on_stall(record)

    def _report(self, stall: Stall, stats: SiteStats) -> None:
        limit = self._heartbeat_limit()
        now = time.monotonic()
        if duration_is_fatal := stall.duration >= limit:
            level = logging.ERROR
        elif now - stats.last_report >= self.report_interval:
            # tidecord's own work is counted, but not a warning: the bot can do nothing.
            level = logging.DEBUG if stall.ours else logging.WARNING
        else:
            stats.unreported += 1
            stats.unreported_worst = max(stats.unreported_worst, stall.duration)
            return
        message = stall.describe()
        if stats.unreported:
            message += (
                f"\n(and {stats.unreported} more stalls at this line since the last report,"
                f" worst {stats.unreported_worst * 1000:.0f} ms)"
            )
        if duration_is_fatal:
            message += (
                f"\nthis is over {self.heartbeat_fraction:.0%} of the gateway heartbeat interval"
                f" ({self.heartbeat_interval:.1f} s): Discord will drop the connection when"
                " stalls like this delay a heartbeat past the interval"
            )
        stats.unreported = 0
        stats.unreported_worst = 0.0
        stats.last_report = now
        self.logger.log(level, message, extra={"tidecord_stall": stall})

    def _alarm(self, stall: StallInProgress, overdue: float) -> None:
        site, stack, source = stall.best()
        task_name, coroutine = stall.task_of(site)
        partial = Stall(overdue, time.time(), task_name, coroutine, site, stack, source,
                        sum(stall.samples.values()), advice=stall.advice(site, stack))
        self.logger.error(
            "event loop still blocked after %.1f s (gateway heartbeat interval %.1f s):"
            " Discord will drop the connection unless the loop runs again; %s",
            overdue, self.heartbeat_interval, partial.describe(),
            extra={"tidecord_stall": partial},
        )

    def _flush_grouped(self) -> None:
        for stats in self.health.sites():
            if stats.unreported:
                where = stats.site if stats.site else "an unknown line"
                ours = stats.site is not None and stats.site.kind is CodeKind.TIDECORD
                self.logger.log(
                    logging.DEBUG if ours else logging.WARNING,
                    "%d more event loop stalls at %s since the last report (worst %.0f ms)",
                    stats.unreported, where, stats.unreported_worst * 1000,
                )
                stats.unreported = 0
                stats.unreported_worst = 0.0


def _running_in_this_thread(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


def _overlap(spans: deque[tuple[float, float]], start: float, end: float) -> float:
    """Seconds of the (start, end) ``spans`` that fall between ``start`` and ``end``."""
    return sum(max(0.0, min(end, b) - max(start, a)) for a, b in list(spans)
               if b > start and a < end)


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _same_function(qualname: str | None, frame_name: str | None) -> bool:
    """Whether a task's coroutine (its ``__qualname__``) is the function a copied stack
    shows running (the frame's name). Both are qualified names (``Dispatcher._timed``,
    which wraps every timed handler), compared whole; a bare name compares with the
    last part of the other."""
    if not qualname or not frame_name:
        return False
    if qualname == frame_name:
        return True
    bare = "." not in qualname or "." not in frame_name
    return bare and qualname.rpartition(".")[2] == frame_name.rpartition(".")[2]
