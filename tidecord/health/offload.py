"""Offloading: run blocking work off the event loop in one call.

``await to_thread(fn, *args, **kwargs)`` runs ``fn`` in a bounded thread pool
(I/O, C libraries that release the GIL: Pillow, sqlite3, requests).
``await to_process(fn, *args, **kwargs)`` runs it in a process pool (pure-Python
CPU work that the GIL would serialise); ``fn`` and its arguments must pickle.

``fn`` may be defined in the bot file ``tidecord run`` loaded: workers load that
file the same way (a made-up module name, stopping at its own ``bot.run(...)``).

Both re-raise ``fn``'s exception in the caller (from a process, one that does not
pickle comes as a RuntimeError that tells it); an argument or a result that does
not pickle is named; a worker process that dies fails its call, and the next call
gets a fresh pool. If the awaiting task is cancelled, work that has not started is
cancelled; work already running in a thread cannot be interrupted and its result
is discarded.
The pools are created on first use and released by ``shutdown_offload()`` (the
client calls it on close); a later call simply creates them again.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import io
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
import weakref
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.reduction import ForkingPickler
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

__all__ = [
    "Offloader",
    "configure_offload",
    "default_offloader",
    "run_files_in_workers",
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
        _offloaders.add(self)

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
            if self._submitter is None:
                self._submitter = ThreadPoolExecutor(1, thread_name_prefix="tidecord-submit")
            if self._processes is None:
                self._processes = self._new_process_pool()
            return self._processes, self._submitter

    def _new_process_pool(self) -> ProcessPoolExecutor:
        # "spawn": a fork of a process running an event loop, threads and sockets
        # inherits all of them in an undefined state.
        return ProcessPoolExecutor(self.max_processes, initializer=_leave_ctrl_c_to_the_bot,
                                   mp_context=multiprocessing.get_context("spawn"))

    def _submit(self, pool: ProcessPoolExecutor,
                call: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]
                ) -> tuple[ProcessPoolExecutor, Future[Any]]:
        """In the submitter thread: pickle the call (naming what does not pickle) and
        hand it to ``pool``, the pool when the call was made: a shutdown meanwhile
        waits for this submission, then for the work, and must not miss a new pool."""
        payload = _pickled(call)
        try:
            return pool, pool.submit(_run_pickled, payload, dict(_file_modules))
        except (BrokenProcessPool, RuntimeError):
            # An earlier call's worker died and broke that pool, or a bot file run
            # again retired it (RuntimeError: shut down); this call never reached it,
            # so it goes to the fresh one.
            fresh = self._replace_processes(pool)
            if fresh is None:
                raise
            return fresh, fresh.submit(_run_pickled, payload, dict(_file_modules))

    def _replace_processes(self, pool: ProcessPoolExecutor) -> ProcessPoolExecutor | None:
        """Later calls go to a new pool: a worker process of ``pool`` died (``os._exit``,
        a signal, out of memory), after which the executor refuses all work, or its
        workers hold a bot file's old code. Work ``pool`` has already taken finishes.
        None: the pools were shut down meanwhile."""
        with self._lock:
            if self._processes is not pool:
                return self._processes  # replaced already, or shut down
            fresh = self._processes = self._new_process_pool()
        pool.shutdown(wait=False)
        return fresh

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
        # Pickling large arguments and submit(), which may spawn a worker process
        # (tens of milliseconds), happen off the loop.
        submitting = submitter.submit(self._submit, pool, (fn, args, kwargs))
        self._in_processes += 1  # only the loop's thread counts these
        try:
            try:
                pool, submitted = await asyncio.wrap_future(submitting)
            except asyncio.CancelledError:
                submitting.add_done_callback(_cancel_submitted)
                raise
            try:
                return await asyncio.wrap_future(submitted)
            except BrokenProcessPool:
                self._replace_processes(pool)
                raise
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
        """Let running and queued work finish, then release the pools, off the loop.

        Process work no caller awaits any more (a closing client cancelled the
        handlers that asked for it) is not waited for: its workers are stopped, so
        that a long computation does not hold up the close.
        """
        abandoned = self._in_processes == 0
        pools = self._detach()
        if pools:
            await _in_new_thread(functools.partial(_shutdown_all, pools, abandoned))

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


def _cancel_submitted(submitting: Future[tuple[ProcessPoolExecutor, Future[Any]]]) -> None:
    """The caller left while its work was being submitted: cancel it if not started."""
    if not submitting.cancelled() and submitting.exception() is None:
        submitting.result()[1].cancel()


#: Every Offloader, for run_files_in_workers to retire their workers.
_offloaders: weakref.WeakSet[Offloader] = weakref.WeakSet()

#: Bot files tidecord imported by path (``tidecord run my-bot.py``), by module name. A
#: worker process cannot import them by that name, or would run them past their own
#: ``bot.run(...)``: it loads them as tidecord did before it unpickles a call.
_file_modules: dict[str, str] = {}


def run_files_in_workers(name: str, path: str) -> None:
    """Have ``to_process`` workers load the module ``name`` from ``path`` as ``tidecord
    run`` does, so that functions and classes defined in a bot file reach them.

    A file run again (``tidecord run --reload``) retires the workers that loaded it:
    theirs is the old code, which pickled calls would otherwise keep running.
    """
    again = name in _file_modules
    _file_modules[name] = path
    if again:
        renew_process_workers()


def renew_process_workers() -> None:
    """Code was loaded again (a bot file, an extension): calls from now on go to new
    worker processes, as the old ones keep the module they imported. Work they have
    taken still finishes there."""
    for offloader in list(_offloaders):
        current = offloader._processes
        if current is not None:
            offloader._replace_processes(current)


def _leave_ctrl_c_to_the_bot() -> None:
    """In a worker process: a terminal's Ctrl-C reaches the whole process group, and
    each worker would die printing a KeyboardInterrupt traceback. The bot's process
    stops its workers itself as it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def reimported_in_worker() -> bool:
    """Whether the caller runs because a spawned worker process (``to_process``) is
    running the bot's script again as ``__mp_main__``, as multiprocessing does so that
    the script's functions can be unpickled there: then it is not to start a bot."""
    # Not multiprocessing.parent_process(): it is set only after the script has run.
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "__mp_main__":
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _pickled(call: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]) -> bytes:
    """The call as the process pool would pickle it; what does not pickle is named."""
    try:
        return _dumps(call)
    except Exception as exc:
        fn, args, kwargs = call
        parts: list[tuple[str, object]] = [(f"the function {_name_of(fn)}", fn)]
        parts += [(f"argument {i + 1} ({type(arg).__name__})", arg) for i, arg in enumerate(args)]
        parts += [(f"keyword argument {key}= ({type(value).__name__})", value)
                  for key, value in kwargs.items()]
        what = "the call"
        for label, part in parts:
            try:
                ForkingPickler.dumps(part)
            except Exception:
                what = label
                break
        raise TypeError(f"to_process cannot send {what} to a worker process, which needs "
                        f"it pickled: {exc}") from exc


def _dumps(thing: object) -> bytes:
    """Pickled as the pool pickles (sockets, connections...), without a copy of the
    bytes: ``getvalue()`` hands over the buffer when nothing else holds it."""
    buffer = io.BytesIO()
    ForkingPickler(buffer).dump(thing)
    return buffer.getvalue()


def _name_of(fn: object) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)


class _CallUnpickler(pickle.Unpickler):
    """Loads a bot file the call refers to the way ``tidecord run`` loaded it."""

    def __init__(self, file: io.BytesIO, file_modules: Mapping[str, str]) -> None:
        super().__init__(file)
        self.file_modules = file_modules

    def find_class(self, module: str, name: str) -> Any:
        path = self.file_modules.get(module)
        if path is not None and module not in sys.modules:
            from tidecord.cli.loader import load_file_as  # only a bot file needs the CLI's loader

            load_file_as(module, path)
        return super().find_class(module, name)


def _run_pickled(payload: bytes, file_modules: Mapping[str, str]) -> Any:
    """In a worker process: unpickle the call (loading bot files it needs) and run it."""
    try:
        fn, args, kwargs = _CallUnpickler(io.BytesIO(payload), file_modules).load()
    except Exception as exc:
        # Raised here, the worker survives; in the pool's own reading it would die.
        raise RuntimeError(f"a to_process worker could not unpickle the call: {exc!r}") from exc
    try:
        result = fn(*args, **kwargs)
    except BaseException as exc:
        try:
            ForkingPickler.dumps(exc)
        except Exception as why:
            # The pool would send back only this pickling error, and lose ``exc``.
            told = "".join(traceback.format_exception(exc))
            raise RuntimeError(f"{type(exc).__qualname__}: {exc} (not picklable, so "
                               f"it cannot cross back: {why})\n{told}") from None
        raise
    try:
        return _Pickled(_dumps(result))
    except Exception as exc:
        # The pool's own error would not say that it was the result that failed.
        raise TypeError(f"to_process cannot send back what {_name_of(fn)} returned "
                        f"({type(result).__name__}), which needs it pickled: {exc}") from None


class _Pickled:
    """A result pickled in the worker: the pool sends the bytes, and unpickling them
    in the caller's process gives the result itself."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __reduce__(self) -> tuple[Callable[[bytes], Any], tuple[bytes]]:
        return pickle.loads, (self.data,)


def _shutdown_all(pools: list[Executor], abandoned: bool = False) -> None:
    for pool in pools:
        if abandoned and isinstance(pool, ProcessPoolExecutor):
            # Python 3.14's terminate_workers(); before it, only the private map has them.
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
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
