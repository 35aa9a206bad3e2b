"""What every client runner shares: settings, the probes, and the measurement script.

A runner process measures one library the same way as the others:

1. ``gc.collect()``, RSS and process CPU time, then the library connects;
2. at the library's own ready signal (all GUILD_CREATEs in its cache): CPU time
   again (CPU to ready), then ``gc.collect()`` and RSS (growth = cache + state);
3. on the orchestrator's ``count`` command it arms the message counter, says
   ``armed``, and reports once ``n`` messages reached its ``on_message`` handler:
   CPU from arming to the n-th message (the loop is idle before the first one),
   and wall time from the first to the n-th message;
4. on ``stop`` it closes the client and exits.

CPU time is ``time.process_time()``: user + system time of the whole process, all
threads, the same clock as ``resource.getrusage(RUSAGE_SELF)`` with more precision.
"""

from __future__ import annotations

import abc
import asyncio
import functools
import gc
import os
import sys
import time
import traceback
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Final

from ..profiling import PhaseProfiler
from ..wire import arm_deadline, commands, emit

__all__ = [
    "ClientAdapter", "MessageCounter", "ReadyProbe", "RunnerSettings", "first_of", "main",
    "rss_bytes", "shard_options", "switch_on_message",
]

_PAGE: Final = os.sysconf("SC_PAGE_SIZE")
CLOSE_TIMEOUT_S: Final = 15.0


def rss_bytes() -> int:
    """Resident set size now (not the peak), from /proc/self/statm."""
    with open("/proc/self/statm", "rb") as f:
        return int(f.read().split()[1]) * _PAGE


@dataclass(frozen=True)
class RunnerSettings:
    """Where to connect and what to expect, from the environment the orchestrator sets."""

    api_url: str
    gateway_url: str
    token: str
    intents: int
    guilds: int

    @classmethod
    def from_env(cls) -> RunnerSettings:
        """Read ``BENCH_*``; the token is never printed."""
        env = os.environ
        return cls(
            api_url=env["BENCH_API_URL"],
            gateway_url=env["BENCH_GATEWAY_URL"],
            token=env["BENCH_TOKEN"],
            intents=int(env["BENCH_INTENTS"]),
            guilds=int(env["BENCH_GUILDS"]),
        )

    def __repr__(self) -> str:
        return f"RunnerSettings(api_url={self.api_url!r}, guilds={self.guilds})"


class ReadyProbe:
    """Called from the library's ready handler: stamps the CPU clock at that moment."""

    __slots__ = ("cpu", "event", "wall")

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.cpu = 0.0
        self.wall = 0.0

    def mark(self) -> None:
        """The library says it is ready (first call wins)."""
        if not self.event.is_set():
            self.cpu = time.process_time()
            self.wall = time.perf_counter()
            self.event.set()


class MessageCounter:
    """The on_message handler's whole body: ``counter.hit()``. Kept as cheap as possible."""

    __slots__ = ("count", "cpu_armed", "cpu_last", "done", "inside", "target", "wall_first",
                 "wall_last")

    def __init__(self) -> None:
        self.count = 0
        self.target = -1
        self.cpu_armed = self.cpu_last = 0.0
        self.wall_first = self.wall_last = 0.0
        self.done: asyncio.Future[None] | None = None
        # Seconds spent inside a timed call (the commands runners' process_commands).
        self.inside = 0.0

    def arm(self, target: int) -> asyncio.Future[None]:
        """Start counting from zero; the future resolves at the ``target``-th message."""
        self.done = asyncio.get_running_loop().create_future()
        self.count = 0
        self.inside = 0.0
        self.target = target
        self.cpu_armed = time.process_time()
        return self.done

    def hit(self) -> None:
        """One message delivered to the handler."""
        self.count += 1
        count = self.count
        if count == 1:
            self.wall_first = time.perf_counter()
        if count == self.target:
            self.cpu_last = time.process_time()
            self.wall_last = time.perf_counter()
            assert self.done is not None
            self.done.set_result(None)

    def result(self) -> dict[str, float]:
        """Throughput of the last armed round."""
        n = self.target
        wall = self.wall_last - self.wall_first
        cpu = self.cpu_last - self.cpu_armed
        return {
            "count": n,
            "wall_s": wall,
            "cpu_s": cpu,
            # n messages, n - 1 intervals between the first and the last.
            "events_per_s": (n - 1) / wall if wall > 0 else 0.0,
            "cpu_us_per_event": cpu / n * 1e6 if n else 0.0,
            "inside_us_per_event": self.inside / n * 1e6 if n else 0.0,
        }


def _collections() -> list[int]:
    """How many collections the garbage collector has run, by generation."""
    return [generation["collections"] for generation in gc.get_stats()]


class ClientAdapter(abc.ABC):
    """One library, configured the way the benchmark asks, wired to the probes."""

    library: str = ""

    def __init__(self, settings: RunnerSettings, ready: ReadyProbe,
                 counter: MessageCounter) -> None:
        self.settings = settings
        self.ready = ready
        self.counter = counter

    @property
    @abc.abstractmethod
    def version(self) -> str:
        """The library's version string."""

    @abc.abstractmethod
    async def run(self) -> None:
        """Log in and connect; return only once the client is closed."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Close the client (after which ``run`` returns)."""

    @abc.abstractmethod
    def scan_members(self) -> int:
        """Read every cached member's display name and roles once; returns how many there were.

        What a bot that walks ``guild.members`` does: for a cache that keeps
        members packed until asked, this is where the unpacking is paid.
        """

    @abc.abstractmethod
    def cache_stats(self) -> dict[str, int]:
        """What the cache holds: ``guilds``, ``members``, ``channels``, ``messages``."""

    def forget_views(self) -> None:  # noqa: B027 - an optional hook
        """Drop what an earlier :meth:`scan_members` left for the next one to reuse, so
        that each walk of the paired walks is a first walk (a cache that makes member
        objects when read; the others keep theirs, and have nothing to drop)."""

    def set_mode(self, mode: str) -> None:  # noqa: B027 - an optional hook
        """Switch what ``on_message`` does (the commands runners: ``plain`` counts only,
        ``bot`` processes commands first); the others have one mode."""

    @abc.abstractmethod
    def set_ping(self, on: bool) -> None:
        """Answer each ``!ping N`` with ``pong N`` in its channel while ``on`` (the reply
        latency rounds, :mod:`benchmarks.latency`), as a bot's simplest command does."""

    def set_metrics(self, mode: str) -> dict[str, Any]:
        """Switch the library's own metrics: ``off``, ``on``, or ``scraped`` (on, with an
        exporter serving them); returns what the orchestrator needs (the scrape URL)."""
        raise NotImplementedError(f"{self.library} has no metrics to switch")


def shard_options() -> dict[str, int]:
    """``shard_id`` and ``shard_count`` for a commands runner: ``BENCH_SHARD`` (0 or 1)
    makes it that shard of two; unset, no options."""
    shard = os.environ.get("BENCH_SHARD")
    return {} if shard is None else {"shard_id": int(shard), "shard_count": 2}


@functools.cache
def _timer_cost() -> float:
    """Seconds an empty timed span measures (the clock's own cost), the least of 5 tries."""
    clock = time.perf_counter
    spans = []
    for _ in range(5):
        inside = 0.0
        for _ in range(20_000):
            t0 = clock()
            inside += clock() - t0  # an empty timed span
        spans.append(inside / 20_000)
    return min(spans)


def switch_on_message(bot: Any, counter: MessageCounter, mode: str) -> None:
    """The commands runners' modes: ``plain`` counts each message (what a plain client
    does), ``bot`` runs ``process_commands`` first (a command has run when its message
    is counted), ``timed`` does the same and adds the time spent in ``process_commands``
    (less the clock's own cost) to ``counter.inside``. Setting ``on_message`` on the
    bot replaces the handler."""
    hit = counter.hit
    process = bot.process_commands
    clock = time.perf_counter
    cost = _timer_cost()

    async def plain(message: Any) -> None:
        hit()

    async def with_commands(message: Any) -> None:
        await process(message)
        hit()

    async def timed(message: Any) -> None:
        t0 = clock()
        await process(message)
        counter.inside += clock() - t0 - cost
        hit()

    bot.on_message = {"bot": with_commands, "timed": timed}.get(mode, plain)


async def first_of(awaitable: Awaitable[Any], task: asyncio.Task[None], what: str) -> None:
    """Wait for ``awaitable``, failing loudly if the client task ends first."""
    waiter = asyncio.ensure_future(awaitable)
    try:
        await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not waiter.done():
            waiter.cancel()
    if not waiter.done() or waiter.cancelled():
        exc = task.exception() if task.done() and not task.cancelled() else None
        raise RuntimeError(f"client stopped before {what}: {exc!r}")


async def _measure(adapter_type: type[ClientAdapter]) -> None:
    settings = RunnerSettings.from_env()
    ready, counter = ReadyProbe(), MessageCounter()
    adapter = adapter_type(settings, ready, counter)
    profiler = PhaseProfiler(adapter.library)
    gc.collect()
    rss_before = rss_bytes()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    profiler.start("storm")
    task = asyncio.create_task(adapter.run(), name=f"bench-{adapter.library}")
    try:
        await first_of(ready.event.wait(), task, "ready")
        profiler.stop()
        gc.collect()
        rss_ready = rss_bytes()
        emit("ready", library=adapter.library, version=adapter.version,
             cpu_to_ready_s=ready.cpu - cpu0, wall_to_ready_s=ready.wall - wall0,
             rss_before=rss_before, rss_ready=rss_ready, cache=adapter.cache_stats(),
             profiled=profiler.enabled)
        async for cmd in commands():
            if cmd["cmd"] == "count":
                adapter.set_mode(cmd.get("mode", "plain"))
                measured = cmd["phase"] == "measure"
                done = counter.arm(int(cmd["n"]))
                if measured:
                    profiler.start("firehose")
                emit("armed", phase=cmd["phase"])
                await first_of(done, task, f"{cmd['n']} messages")
                if measured:
                    profiler.stop()
                emit("counted", phase=cmd["phase"], **counter.result())
            elif cmd["cmd"] == "scan":
                gc.collect()  # the last walk's garbage, before the sweep looks
                if cmd.get("fresh"):
                    adapter.forget_views()
                collected = _collections()
                cpu0 = time.process_time()
                members = adapter.scan_members()
                cpu = time.process_time() - cpu0
                # The collector's passes during the walk, by generation (young first).
                passes = [b - a for a, b in zip(collected, _collections(), strict=True)]
                gc.collect()
                emit("scanned", members=members, cpu_s=cpu, rss=rss_bytes(), gc_passes=passes)
            elif cmd["cmd"] == "ping":
                adapter.set_ping(bool(cmd["on"]))
                emit("ping", on=bool(cmd["on"]))
            elif cmd["cmd"] == "metrics":
                emit("metrics", **adapter.set_metrics(str(cmd["mode"])))
            elif cmd["cmd"] == "stats":
                gc.collect()
                emit("stats", rss=rss_bytes(), cache=adapter.cache_stats())
            elif cmd["cmd"] == "stop":
                break
    finally:
        await adapter.close()
        try:
            await asyncio.wait_for(task, CLOSE_TIMEOUT_S)
        except Exception:  # a close error (or timeout) must not hide the result
            traceback.print_exc()
    emit("closed")


def main(adapter_type: type[ClientAdapter]) -> int:
    """A runner module's ``__main__``: measure, report errors as an ``error`` event."""
    arm_deadline()
    try:
        asyncio.run(_measure(adapter_type))
    except BaseException as exc:  # reported to the orchestrator, then exit 1
        traceback.print_exc()
        emit("error", message=f"{type(exc).__name__}: {exc}")
        return 1
    finally:
        sys.stdout.flush()
    return 0
