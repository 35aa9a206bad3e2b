"""Offloading: run blocking work off the event loop in one call.

``await to_thread(fn, *args, **kwargs)`` runs ``fn`` in a bounded thread pool
(I/O, C libraries that release the GIL: Pillow, sqlite3, requests).
``await to_process(fn, *args, **kwargs)`` runs it in a process pool (pure-Python
CPU work that the GIL would serialise); ``fn`` and its arguments must pickle.

Both re-raise ``fn``'s exception in the caller. If the awaiting task is
cancelled, work that has not started is cancelled; work already running in a
thread cannot be interrupted and its result is discarded. The pools are created
on first use and released by ``shutdown_offload()`` (the client calls it on
close); a later call simply creates them again.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

__all__ = [
    "Offloader",
    "configure_offload",
    "default_offloader",
    "shutdown_offload",
    "to_process",
    "to_thread",
]

P = ParamSpec("P")
R = TypeVar("R")


def _check_size(**sizes: int | None) -> None:
    # Checked here, not when a pool is first made: a bad size would otherwise fail
    # every later to_thread call, far from the line that set it.
    for name, value in sizes.items():
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or value < 1):
            raise ValueError(f"{name} must be a positive int or None, not {value!r}")


def _default_threads() -> int:
    # The same bound as the stdlib's default executor: enough for I/O, never unbounded.
    return min(32, (os.cpu_count() or 1) + 4)


class Offloader:
    """A thread pool and a process pool, created lazily and shut down together.

    Usable on its own::

        async with Offloader(max_threads=4) as pools:
            data = await pools.to_thread(read_file, "big.bin")
            digest = await pools.to_process(expensive, data)
    """

    def __init__(self, *, max_threads: int | None = None, max_processes: int | None = None) -> None:
        _check_size(max_threads=max_threads, max_processes=max_processes)
        self.max_threads = max_threads or _default_threads()
        self.max_processes = max_processes or (os.cpu_count() or 1)
        self._threads: ThreadPoolExecutor | None = None
        self._processes: ProcessPoolExecutor | None = None
        self._submitter: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        # Calls waiting for a thread, running in one, and in the process pool (metrics).
        self._queued = self._running = self._in_processes = 0

    def _thread_pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(
                    self.max_threads, thread_name_prefix="tidecord-offload"
                )
            return self._threads

    def _process_pool(self) -> tuple[ProcessPoolExecutor, ThreadPoolExecutor]:
        """The process pool, and the one thread that submits to it (in call order)."""
        with self._lock:
            if self._processes is None or self._submitter is None:
                # "spawn": a fork of a process running an event loop, threads and
                # sockets inherits all of them in an undefined state.
                self._processes = ProcessPoolExecutor(
                    self.max_processes, mp_context=multiprocessing.get_context("spawn")
                )
                self._submitter = ThreadPoolExecutor(1, thread_name_prefix="tidecord-submit")
            return self._processes, self._submitter

    async def to_thread(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run ``fn(*args, **kwargs)`` in the thread pool, with the caller's context variables."""
        context = contextvars.copy_context()
        job = _Job(self, functools.partial(context.run, fn, *args, **kwargs))
        try:
            return await _run_in(self._thread_pool(), job)
        finally:
            job.drop()

    async def to_process(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run ``fn(*args, **kwargs)`` in the process pool (picklable function and arguments)."""
        pool, submitter = self._process_pool()
        call = functools.partial(fn, *args, **kwargs)
        # submit() may spawn a worker process, tens of milliseconds: do it off the loop.
        submitting = submitter.submit(pool.submit, call)
        self._in_processes += 1  # only the loop's thread counts these
        try:
            try:
                submitted = await asyncio.wrap_future(submitting)
            except asyncio.CancelledError:
                submitting.add_done_callback(_cancel_submitted)
                raise
            return await asyncio.wrap_future(submitted)
        finally:
            self._in_processes -= 1

    def stats(self) -> dict[str, dict[str, int]]:
        """How busy the pools are: sizes, calls queued for a worker, calls running.

        The process pool's queue is estimated: calls beyond its size are waiting.
        """
        in_processes = self._in_processes
        return {
            "threads": {"size": self.max_threads, "queued": self._queued,
                        "running": self._running},
            "processes": {"size": self.max_processes, "in_flight": in_processes,
                          "queued": max(0, in_processes - self.max_processes)},
        }

    async def shutdown(self) -> None:
        """Let running and queued work finish, then release the pools, off the loop."""
        pools = self._detach()
        if pools:
            await _in_new_thread(functools.partial(_shutdown_all, pools))

    def shutdown_now(self) -> None:
        """Synchronous shutdown for code without a loop (blocks until the pools are idle)."""
        _shutdown_all(self._detach())

    def _detach(self) -> list[Executor]:
        with self._lock:
            # The submitter first: it must be idle before the process pool goes.
            found = (self._submitter, self._threads, self._processes)
            pools: list[Executor] = [p for p in found if p is not None]
            self._threads = self._processes = self._submitter = None
        return pools

    async def __aenter__(self) -> Offloader:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.shutdown()


class _Job:
    """One ``to_thread`` call, counted as queued until a worker takes it, then as running."""

    __slots__ = ("call", "owner", "state")

    def __init__(self, owner: Offloader, call: Callable[[], Any]) -> None:
        self.owner = owner
        self.call = call
        self.state = "queued"
        with owner._lock:
            owner._queued += 1

    def __call__(self) -> Any:
        owner = self.owner
        with owner._lock:
            if self.state == "queued":
                owner._queued -= 1
            owner._running += 1
            self.state = "running"
        try:
            return self.call()
        finally:
            with owner._lock:
                owner._running -= 1
                self.state = "done"

    def drop(self) -> None:
        """The caller is done with it: if no worker took it (cancelled), it is queued no more."""
        with self.owner._lock:
            if self.state == "queued":
                self.owner._queued -= 1
                self.state = "dropped"


def _cancel_submitted(submitting: Future[Future[Any]]) -> None:
    """The caller left while its work was being submitted: cancel it if not started."""
    if not submitting.cancelled() and submitting.exception() is None:
        submitting.result().cancel()


def _shutdown_all(pools: list[Executor]) -> None:
    for pool in pools:
        pool.shutdown(wait=True)


async def _run_in(executor: Executor, call: Callable[[], R]) -> R:
    # run_in_executor chains the futures both ways: cancelling the awaiting task
    # cancels pending work and makes a running one's result be dropped.
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, call)


async def _in_new_thread(fn: Callable[[], Any]) -> None:
    """Run a blocking ``fn`` in a fresh thread and await it (no pool to shut down)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def finish(exc: BaseException | None) -> None:
        if done.done():
            return
        if exc is None:
            done.set_result(None)
        else:
            done.set_exception(exc)

    def work() -> None:
        try:
            fn()
        except BaseException as exc:  # handed to the awaiting task
            loop.call_soon_threadsafe(finish, exc)
        else:
            loop.call_soon_threadsafe(finish, None)

    thread = threading.Thread(target=work, name="tidecord-offload-shutdown", daemon=True)
    thread.start()
    try:
        await asyncio.shield(done)
    finally:
        if done.done():
            thread.join()


_default = Offloader()


def default_offloader() -> Offloader:
    """The process-wide pools behind ``tidecord.to_thread`` / ``tidecord.to_process``."""
    return _default


def configure_offload(*, max_threads: int | None = None, max_processes: int | None = None) -> None:
    """Size the default pools; takes effect the next time they are created."""
    _check_size(max_threads=max_threads, max_processes=max_processes)
    if max_threads is not None:
        _default.max_threads = max_threads
    if max_processes is not None:
        _default.max_processes = max_processes


async def to_thread(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a blocking function in tidecord's bounded thread pool and await its result.

    Example::

        card = await tidecord.to_thread(render_card, idea, size=(800, 400))
    """
    return await _default.to_thread(fn, *args, **kwargs)


async def to_process(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a CPU-bound, picklable function in tidecord's process pool and await its result.

    Example::

        primes = await tidecord.to_process(count_primes, 10_000_000)
    """
    return await _default.to_process(fn, *args, **kwargs)


async def shutdown_offload() -> None:
    """Release the default pools (``Client.close`` calls this); they are recreated on next use."""
    await _default.shutdown()
