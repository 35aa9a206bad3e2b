"""``Loop``: a coroutine run again and again in the background (``@tasks.loop``).

Every ``seconds`` (+ ``minutes``, ``hours``) measured from the first iteration's start,
so a slow iteration does not push the next ones back (no drift); or at given times of
day (``time=``, honouring tzinfo); ``count`` times or forever. A network error
(``OSError``, ``aiohttp.ClientError``, a dropped gateway, a timeout, or a type added
with :meth:`Loop.add_exception_type`) is logged and the iteration retried with growing,
jittered waits; any other exception ends the loop through :meth:`Loop.error`.

A running loop is an owned task: the client closing on its event loop stops it
(``after_loop`` still runs), so nothing is left running at exit.
"""

from __future__ import annotations

import asyncio
import datetime
import inspect
import logging
import random
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Generic, TypeVar

import aiohttp

from ...events.background import adopt
from ...gateway import ConnectionClosed, GatewayNotFound
from ...utils import MISSING
from .schedule import next_time_of_day, normalise_times

__all__ = ["Backoff", "Loop", "loop"]

log = logging.getLogger("tidecord.ext.tasks")

LF = TypeVar("LF", bound=Callable[..., Coroutine[Any, Any, Any]])
FT = TypeVar("FT", bound=Callable[..., Coroutine[Any, Any, Any]])

# discord.py's five, so ``remove_exception_type(GatewayNotFound, ...)`` finds them.
_NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    OSError, GatewayNotFound, ConnectionClosed, aiohttp.ClientError, asyncio.TimeoutError)


class Backoff:
    """Waits after consecutive failures: ``base`` * 2**n up to ``maximum`` s, jittered."""

    def __init__(self, base: float = 1.0, maximum: float = 1024.0) -> None:
        self.base = base
        self.maximum = maximum
        self.failures = 0

    def delay(self) -> float:
        """The wait before the next retry (each call counts one more failure)."""
        self.failures += 1
        return min(self.maximum, self.base * 2.0 ** (self.failures - 1)) * random.uniform(0.5, 1.0)

    def reset(self) -> None:
        """A success: start over."""
        self.failures = 0


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Loop(Generic[LF]):
    """A background loop; see the module docstring. Made by :func:`loop`."""

    def __init__(self, coro: LF, seconds: float = 0, hours: float = 0, minutes: float = 0,
                 time: Any = MISSING, count: int | None = None, reconnect: bool = True,
                 name: str | None = None) -> None:
        # The checks in discord.py's order, so a loop wrong twice over names the same fault.
        if count is not None and count <= 0:
            raise ValueError("count must be greater than 0 or None.")
        self.coro = coro
        self.reconnect = reconnect
        self.count = count
        self._name = name
        self._current_loop = 0
        self._task: asyncio.Task[None] | None = None
        self._injected: Any = None
        self._valid_exception = _NETWORK_ERRORS
        self._before_loop: Callable[..., Any] | None = None
        self._after_loop: Callable[..., Any] | None = None
        self._error_handler: Callable[..., Any] | None = None
        self._is_being_cancelled = False
        self._has_failed = False
        self._stop_next_iteration = False
        self._last_iteration: datetime.datetime | None = None
        self._next_iteration: datetime.datetime | None = None
        self._wake: asyncio.TimerHandle | None = None
        self._sleeper: asyncio.Future[None] | None = None
        self.backoff = Backoff()
        self._interval = 0.0
        self._seconds = self._minutes = self._hours = 0.0
        self._time: list[datetime.time] | None = None
        self.change_interval(seconds=seconds, minutes=minutes, hours=hours, time=time)
        if not inspect.iscoroutinefunction(coro):
            raise TypeError(f"Expected coroutine function, not {type(coro).__name__!r}.")

    def __get__(self, obj: Any, objtype: Any = None) -> Loop[LF]:
        # Each instance (a cog) gets its own loop, bound to it.
        if obj is None:
            return self
        bound: Loop[LF] = Loop(self.coro, seconds=self._seconds, hours=self._hours,
                               minutes=self._minutes,
                               time=MISSING if self._time is None else self._time,
                               count=self.count,
                               reconnect=self.reconnect, name=self._name)
        bound._injected = obj
        bound._before_loop = self._before_loop
        bound._after_loop = self._after_loop
        bound._error_handler = self._error_handler
        bound._valid_exception = self._valid_exception
        setattr(obj, self.coro.__name__, bound)
        return bound

    # -- the schedule -------------------------------------------------------------------
    @property
    def seconds(self) -> float | None:
        """The interval's seconds (``None`` with ``time=``)."""
        return None if self._time is not None else self._seconds

    @property
    def minutes(self) -> float | None:
        """The interval's minutes."""
        return None if self._time is not None else self._minutes

    @property
    def hours(self) -> float | None:
        """The interval's hours."""
        return None if self._time is not None else self._hours

    @property
    def time(self) -> list[datetime.time] | None:
        """The times of day it runs at (``None`` for an interval)."""
        return None if self._time is None else list(self._time)

    @property
    def current_loop(self) -> int:
        """How many iterations have completed."""
        return self._current_loop

    @property
    def next_iteration(self) -> datetime.datetime | None:
        """When the next iteration starts (UTC), if one is coming."""
        if self._task is None or self._task.done() or self._stop_next_iteration:
            return None
        return self._next_iteration

    def change_interval(self, *, seconds: float = 0, minutes: float = 0, hours: float = 0,
                        time: datetime.time | Sequence[datetime.time] = MISSING) -> None:
        """A new interval or new times of day, from the next iteration on (``time=None``
        is refused, as in discord.py: leave it out for an interval)."""
        if time is MISSING:
            seconds, minutes, hours = seconds or 0, minutes or 0, hours or 0
            interval = seconds + minutes * 60.0 + hours * 3600.0
            if interval < 0:
                raise ValueError("Total number of seconds cannot be less than zero.")
            self._interval = interval
            self._seconds, self._minutes, self._hours = float(seconds), float(minutes), float(hours)
            self._time = None
        else:
            if any((seconds, minutes, hours)):
                raise TypeError("Cannot mix explicit time with relative time")
            self._time = normalise_times(time)
        if self.is_running() and self._last_iteration is not None:
            self._next_iteration = self._following(self._last_iteration)
            if self._sleeper is not None and not self._sleeper.done():
                self._sleep_until(self._next_iteration, self._sleeper)

    def _following(self, last: datetime.datetime) -> datetime.datetime:
        if self._time is None:
            return last + datetime.timedelta(seconds=self._interval)
        # Strictly after the last run, even if the clock woke us a little early.
        return next_time_of_day(self._time, max(_now(), last + datetime.timedelta(microseconds=1)))

    # -- running ------------------------------------------------------------------------
    def _sleep_until(self, when: datetime.datetime, future: asyncio.Future[None]) -> None:
        if self._wake is not None:
            self._wake.cancel()
        delay = max(0.0, (when - _now()).total_seconds())
        self._wake = future.get_loop().call_later(delay, _set_done, future)

    async def _wait_for(self, when: datetime.datetime) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleeper = future
        self._sleep_until(when, future)
        try:
            await future
        finally:
            self._sleeper = None
            if self._wake is not None:
                self._wake.cancel()
                self._wake = None

    async def _call(self, which: str, *args: Any) -> None:
        hook = getattr(self, which)
        if hook is None:
            return
        if self._injected is not None:
            await hook(self._injected, *args)
        else:
            await hook(*args)

    async def _loop(self, *args: Any, **kwargs: Any) -> None:
        await self._call("_before_loop")
        self._last_iteration = None
        if self._time is not None:
            self._next_iteration = next_time_of_day(self._time, _now())
        else:
            self._next_iteration = _now()
            # One turn of the event loop before the first iteration, as discord.py: a
            # cancel() right after start() ends it before the body (and after_loop) runs.
            await asyncio.sleep(0)
        failed = False
        try:
            if self._stop_next_iteration:
                return
            while True:
                if self._time is not None:
                    await self._wait_for(self._next_iteration)
                if not failed:
                    self._last_iteration = self._next_iteration
                    self._next_iteration = self._following(self._last_iteration)
                try:
                    await self.coro(*args, **kwargs)
                except self._valid_exception:
                    failed = True
                    if not self.reconnect:
                        raise
                    wait = self.backoff.delay()
                    log.exception("Handling exception in internal background task %s. "
                                  "Retrying in %.2fs", self.coro.__qualname__, wait)
                    await asyncio.sleep(wait)
                    continue
                failed = False
                self.backoff.reset()
                if self._stop_next_iteration:
                    return
                if self._time is None:
                    await self._wait_for(self._next_iteration)
                self._current_loop += 1
                if self._current_loop == self.count:
                    break
        except asyncio.CancelledError:
            self._is_being_cancelled = True
            raise
        except Exception as exc:
            self._has_failed = True
            if self._error_handler is not None:
                await self._call("_error_handler", exc)
            else:
                log.error("Unhandled exception in internal background task %r.",
                          self.coro.__name__, exc_info=exc)
            raise
        finally:
            await self._call("_after_loop")
            self._is_being_cancelled = False
            self._current_loop = 0
            self._stop_next_iteration = False

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run the coroutine once, now, outside the loop."""
        if self._injected is not None:
            args = (self._injected, *args)
        return await self.coro(*args, **kwargs)

    def start(self, *args: Any, **kwargs: Any) -> asyncio.Task[None]:
        """Start the loop (as a task, returned); ``RuntimeError`` if it is running."""
        if self._task is not None and not self._task.done():
            raise RuntimeError("Task is already launched and is not completed.")
        if self._injected is not None:
            args = (self._injected, *args)
        self._has_failed = False
        name = self._name or f"tidecord-ext-tasks: {self.coro.__qualname__}"
        self._task = asyncio.create_task(self._loop(*args, **kwargs), name=name)
        self._task.add_done_callback(_retrieve)
        adopt(self._task)
        return self._task

    def stop(self) -> None:
        """Stop after the current iteration (``after_loop`` then runs)."""
        if self._task is not None and not self._task.done():
            self._stop_next_iteration = True

    def _can_be_cancelled(self) -> bool:
        return not self._is_being_cancelled and self._task is not None and not self._task.done()

    def cancel(self) -> None:
        """Stop now, mid-iteration if need be."""
        if self._can_be_cancelled() and self._task is not None:
            self._task.cancel()

    def restart(self, *args: Any, **kwargs: Any) -> None:
        """Cancel, then start again with these arguments once it has ended."""

        def start_again(_: Any) -> None:
            if self._task is not None:
                self._task.remove_done_callback(start_again)
            self.start(*args, **kwargs)

        if self._can_be_cancelled() and self._task is not None:
            self._task.add_done_callback(start_again)
            self._task.cancel()

    def add_exception_type(self, *exceptions: type[BaseException]) -> None:
        """Also retry (with backoff) on these exceptions.

        :type exceptions: exception classes
        """
        for exc in exceptions:
            if not inspect.isclass(exc):
                raise TypeError(f"{exc!r} must be a class.")
            if not issubclass(exc, BaseException):
                raise TypeError(f"{exc!r} must inherit from BaseException.")
        self._valid_exception = (*self._valid_exception, *exceptions)

    def clear_exception_types(self) -> None:
        """Retry on nothing: every exception ends the loop."""
        self._valid_exception = ()

    def remove_exception_type(self, *exceptions: type[BaseException]) -> bool:
        """Stop retrying on these; whether all of them were there.

        :type exceptions: exception classes
        """
        before = len(self._valid_exception)
        self._valid_exception = tuple(e for e in self._valid_exception if e not in exceptions)
        return len(self._valid_exception) == before - len(exceptions)

    def get_task(self) -> asyncio.Task[None] | None:
        """The running task, if any."""
        return self._task

    def is_being_cancelled(self) -> bool:
        """Whether it is being cancelled right now."""
        return self._is_being_cancelled

    def failed(self) -> bool:
        """Whether the last run ended with an exception."""
        return self._has_failed

    def is_running(self) -> bool:
        """Whether the loop's task is running."""
        return self._task is not None and not self._task.done()

    # -- decorators ---------------------------------------------------------------------
    def before_loop(self, coro: FT) -> FT:
        """Decorator: await this before the first iteration (e.g. ``wait_until_ready``)."""
        self._before_loop = _coroutine(coro)
        return coro

    def after_loop(self, coro: FT) -> FT:
        """Decorator: await this once the loop ends (stopped, cancelled or failed)."""
        self._after_loop = _coroutine(coro)
        return coro

    def error(self, coro: FT) -> FT:
        """Decorator: called with the exception that ends the loop (default: log it)."""
        self._error_handler = _coroutine(coro)
        return coro


def _coroutine(coro: FT) -> FT:
    if not inspect.iscoroutinefunction(coro):
        raise TypeError(f"Expected coroutine function, received {type(coro).__name__}.")
    return coro


def _set_done(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _retrieve(task: asyncio.Task[None]) -> None:
    # The exception that ended a loop was handed to its error handler (and logged):
    # mark it seen so asyncio does not report it again when the task is collected.
    if not task.cancelled():
        task.exception()


def loop(*, seconds: float = 0, minutes: float = 0, hours: float = 0,
         time: datetime.time | Sequence[datetime.time] = MISSING, count: int | None = None,
         reconnect: bool = True, name: str | None = None) -> Callable[[LF], Loop[LF]]:
    """Decorator: make a :class:`Loop` of a coroutine function."""

    def decorator(func: LF) -> Loop[LF]:
        return Loop(func, seconds=seconds, minutes=minutes, hours=hours, time=time, count=count,
                    reconnect=reconnect, name=name)

    return decorator
