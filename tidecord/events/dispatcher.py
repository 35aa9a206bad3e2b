"""Calling handlers: owned tasks (gateway events: started eagerly, a task only if
they wait), exceptions to ``on_error``; plus ``wait_for``.

Handlers are looked up once per event name and the result remembered, so an
event nobody listens to costs a dict lookup and no task; a gateway event's
handler that returns without waiting costs no task either (see :mod:`.eager`).
"""

from __future__ import annotations

import asyncio
import logging
from asyncio import get_running_loop
from collections.abc import Awaitable, Callable, Coroutine
from sys import getrefcount
from time import perf_counter
from types import TracebackType
from typing import Any, Final

from ..metrics.histogram import Timings
from . import eager
from .eager import NATIVE, InlineStep, Rest, first_step, start_eagerly

__all__ = ["NO_SOCKET_EVENTS", "Dispatcher"]

log = logging.getLogger("tidecord.events")

Handler = Callable[..., Coroutine[Any, Any, Any]]

# Spawned tasks that run the bot's code (``tidecord:<kind>:<name>``): their durations
# are handler durations; timers and chunking are not.
_HANDLER_KINDS: Final = frozenset({"app command", "autocomplete", "view", "modal"})
# Event handlers are timed one run in this many (two clock reads and a histogram update
# cost several times a dict update: the firehose pays for a sample, not for each run).
# Odd, so that events alternating in a fixed pattern are all sampled.
SAMPLE_EVERY: Final = 17


#: ``socket_flags`` when no handler wants either socket event (the usual case).
NO_SOCKET_EVENTS: Final = (False, False)

_OURS: Final = frozenset({__file__, eager.__file__})


def _wanted(name: str) -> bool:
    return True


def _past_ours(tb: TracebackType | None) -> TracebackType | None:
    """``tb`` without its leading frames in this module and eager.py."""
    while tb is not None and tb.tb_frame.f_code.co_filename in _OURS:
        tb = tb.tb_next
    return tb


class Dispatcher:
    """Event name -> handler tasks and waiting futures, for one client.

    ``owner`` is the object whose ``on_<event>`` methods are handlers (the client)
    and whose ``on_error`` receives handler exceptions.
    """

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self._table: dict[str, tuple[tuple[Handler, str], ...]] = {}
        self._listeners: dict[str, list[Handler]] = {}
        self._waiters: dict[str, list[tuple[asyncio.Future[Any], Callable[..., bool] | None]]] = {}
        self.tasks: set[asyncio.Task[Any]] = set()
        self._closed = False
        # How long handlers ran, by event name (without ``on_``; one run in SAMPLE_EVERY)
        # or spawned task kind (every run); None: not timed (metrics).
        self.timings: Timings | None = Timings()
        self._sample_in = 1  # event handler runs until the next timed one (the first is)
        self._closed_event: asyncio.Event | None = None
        # The loop the client runs on, given by reopen(): on Python 3.11 each
        # get_running_loop() is a getpid() system call, too dear for every event.
        self._loop: asyncio.AbstractEventLoop | None = None
        # A handler's stand-in for its first step (Python 3.11), kept for the next
        # one once its handler ended and nothing holds it (see first_step).
        self._spare_step: InlineStep | None = None
        # wants() of the two socket events, asked for every dispatch (read directly by
        # the parsers; None: ask socket_wants() again).
        self.socket_flags: tuple[bool, bool] | None = None
        # Waiters asked for in a gateway handler's first step, not yet waiting (see
        # wait_for): (event name, future, check).
        self._deferred: list[tuple[str, asyncio.Future[Any], Callable[..., bool] | None]] = []
        #: Whether ``socket_raw_receive`` is dispatched (the client's ``enable_debug_events``).
        self.debug_events = False
        self._told_debug_events = False

    # -- registration ---------------------------------------------------------
    def add_listener(self, name: str, func: Handler) -> None:
        """Also call ``func`` for event ``name`` (without the ``on_`` prefix)."""
        self._listeners.setdefault(name, []).append(func)
        self._table.pop(name, None)
        self.socket_flags = None

    def remove_listener(self, name: str, func: Handler) -> None:
        """Stop calling ``func`` for ``name``."""
        funcs = self._listeners.get(name)
        if funcs and func in funcs:
            funcs.remove(func)
            self._table.pop(name, None)
            self.socket_flags = None

    def invalidate(self, name: str | None = None) -> None:
        """Forget remembered handler lookups (after ``@client.event`` adds one)."""
        if name is None:
            self._table.clear()
        else:
            self._table.pop(name, None)
        self.socket_flags = None

    def _resolve(self, name: str) -> tuple[tuple[Handler, str], ...]:
        found: list[tuple[Handler, str]] = []
        method = getattr(self.owner, "on_" + name, None)
        task_name = "tidecord:on_" + name
        if method is not None:
            found.append((method, task_name))
        for func in self._listeners.get(name, ()):
            found.append((func, task_name))
        handlers = tuple(found)
        self._table[name] = handlers
        return handlers

    def wants(self, name: str) -> bool:
        """Whether anything (handler or ``wait_for``) listens to ``name``."""
        return bool(self._handlers(name)) or name in self._waiters

    def want_everything(self) -> None:
        """Say from now on that every event is wanted (see ``Parsers.dispatch_through``)."""
        self.wants = _wanted  # type: ignore[method-assign]
        self.socket_flags = None

    def socket_wants(self) -> tuple[bool, bool]:
        """``wants`` of ``socket_event_type`` and ``socket_raw_receive``: asked for every
        dispatch, so remembered until a handler, listener or waiter changes. Asked before
        a gateway event is parsed, it first starts the waiters deferred until then."""
        if self._deferred:
            self.flush_deferred()
        wants = self.socket_flags
        if wants is None:
            raw = self.wants("socket_raw_receive")
            if raw and not self.debug_events:
                if not self._told_debug_events:
                    # discord.py never calls it then; a port that counts on it should know.
                    self._told_debug_events = True
                    log.warning("on_socket_raw_receive is never dispatched without "
                                "enable_debug_events=True, as in discord.py")
                raw = False
            wants = (self.wants("socket_event_type"), raw)
            # Neither: the one tuple the parsers test for by identity.
            wants = self.socket_flags = wants if any(wants) else NO_SOCKET_EVENTS
        return wants

    # -- dispatching ----------------------------------------------------------
    def _handlers(self, name: str) -> tuple[tuple[Handler, str], ...]:
        handlers = self._table.get(name)
        return handlers if handlers is not None else self._resolve(name)

    def dispatch(self, name: str, /, *args: Any, **kwargs: Any) -> None:
        """Start every handler of ``name`` as a task and resolve matching waiters.

        For events the bot's own code dispatches (``client.dispatch``, a command's
        ``on_command``): as in discord.py, the handlers run once the caller yields, and
        keyword arguments reach the handlers (and ``on_error``) but not the waiters'
        checks.
        """
        if self._deferred:  # a handler of the gateway event being read may wait for it
            self.flush_deferred()
        handlers = self._handlers(name)
        if handlers and not self._closed:
            tasks = self.tasks
            run = self._run
            for func, task_name in handlers:
                task = asyncio.create_task(run(func, name, args, kwargs), name=task_name)
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        waiters = self._waiters.get(name)
        if waiters:
            self._wake_waiters(name, waiters, args)

    def dispatch_eagerly(self, name: str, *args: Any) -> None:
        """Resolve matching waiters and start every handler of ``name`` right away.

        For gateway events, which the read loop dispatches one after another: a
        handler's first step runs now (:func:`start_eagerly`) and it becomes an
        owned task only if it waits for something. Waiters are resolved first, so
        a handler that calls ``wait_for`` for this very event waits for the next.
        """
        handlers = self._table.get(name)
        if handlers is None:
            handlers = self._resolve(name)
        if self._waiters:
            waiters = self._waiters.get(name)
            if waiters:
                self._wake_waiters(name, waiters, args)
        if handlers and not self._closed:
            loop = self._loop or get_running_loop()
            for func, task_name in handlers:
                left = self._sample_in - 1
                if left and not NATIVE:
                    # Most runs: the handler's own coroutine, no wrapper; what it
                    # raises goes to on_error from here or from _finish.
                    self._sample_in = left
                    step = self._spare_step
                    if step is None:
                        step = InlineStep(None, task_name, loop)  # type: ignore[arg-type]  # first_step sets it
                    else:
                        self._spare_step = None
                    try:
                        started = first_step(func(*args), task_name, loop, None, step)
                    except Exception as exc:
                        task = start_eagerly(self._failed(exc, name, args), task_name, loop)
                    else:
                        if started is None:
                            # Held by nothing but this frame (and the call's argument):
                            # the next handler's stand-in.
                            if getrefcount(step) == 2:
                                self._spare_step = step
                            continue
                        step, pending, context = started
                        task = step.resume(self._finish(Rest(step.get_coro(), pending), name,
                                                        args), context)
                else:
                    task = start_eagerly(self._run(func, name, args), task_name, loop)
                if task is not None:
                    self.tasks.add(task)
                    task.add_done_callback(self.tasks.discard)

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run ``coro`` as a task owned here: cancelled and awaited by :meth:`close`."""
        kind, _, _ = name.removeprefix("tidecord:").partition(":")
        if kind in _HANDLER_KINDS and self.timings is not None:
            coro = self._timed(coro, self.timings, name.removeprefix("tidecord:"))
        task = asyncio.create_task(coro, name=name)
        self.tasks.add(task)
        task.add_done_callback(self._reap)
        return task

    def _reap(self, task: asyncio.Task[Any]) -> None:
        # What escaped an owned task (an interaction its command could not read, a bug
        # of ours) is said here, with the task's name, not left to the garbage
        # collector's "Task exception was never retrieved".
        self.tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("Ignoring exception in %s", task.get_name(), exc_info=exc)

    async def _run(self, func: Handler, name: str, args: tuple[Any, ...],
                   kwargs: dict[str, Any] | None = None) -> None:
        left = self._sample_in - 1
        if left:
            self._sample_in = left
            timings = None
        else:
            self._sample_in = SAMPLE_EVERY
            timings = self.timings
        started = perf_counter() if timings is not None else 0.0
        try:
            await (func(*args, **kwargs) if kwargs else func(*args))
        except asyncio.CancelledError:
            raise  # cancelled at close: not a run to time
        except Exception:
            await self.report("on_" + name, *args, **(kwargs or {}))
        if timings is not None:
            timings.observe(name, perf_counter() - started)

    async def _finish(self, rest: Awaitable[Any], name: str, args: tuple[Any, ...]) -> None:
        # The rest of a handler that waited (see dispatch_eagerly).
        try:
            await rest
        except asyncio.CancelledError:
            raise  # cancelled at close
        except Exception as exc:
            await self._failed(exc, name, args)

    async def _failed(self, exc: Exception, name: str, args: tuple[Any, ...]) -> None:
        # Hand ``exc`` to on_error while it is the exception being handled, as _run
        # does (on_error may read sys.exc_info after awaiting), its traceback starting
        # at the handler's frame rather than in this module or eager.py.
        try:
            raise exc.with_traceback(_past_ours(exc.__traceback__))
        except Exception:
            await self.report("on_" + name, *args)

    @staticmethod
    async def _timed(coro: Coroutine[Any, Any, Any], timings: Timings, name: str) -> Any:
        started = perf_counter()
        try:
            return await coro
        finally:
            timings.observe(name, perf_counter() - started)

    async def report(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Hand the exception being handled to ``owner.on_error``, or log it."""
        on_error = getattr(self.owner, "on_error", None)
        try:
            if on_error is None:
                raise RuntimeError("no on_error")
            await on_error(event_method, *args, **kwargs)
        except Exception:
            log.exception("Ignoring exception in %s", event_method)

    def _wake_waiters(
        self,
        name: str,
        waiters: list[tuple[asyncio.Future[Any], Callable[..., bool] | None]],
        args: tuple[Any, ...],
    ) -> None:
        keep = []
        # The checks are the bot's code run inside whichever task dispatched the event
        # (a shard's reader): named after them while they run, a stall in one reads as
        # the wait_for check it is, not as the gateway connection.
        try:
            task = asyncio.current_task(self._loop)
        except RuntimeError:  # dispatched from outside any loop
            task = None
        task_name = task.get_name() if task is not None else ""
        if task is not None:
            task.set_name("tidecord:wait_for check:" + name)
        try:
            for future, check in waiters:
                if future.done():
                    continue
                try:
                    ok = check is None or check(*args)
                except Exception as exc:
                    future.set_exception(exc)
                    continue
                if ok:
                    future.set_result(None if not args else args[0] if len(args) == 1 else args)
                else:
                    keep.append((future, check))
        finally:
            if task is not None:
                task.set_name(task_name)
        if keep:
            waiters[:] = keep
        else:
            self._waiters.pop(name, None)
            self.socket_flags = None

    def flush_deferred(self) -> None:
        """Start the waiters handlers asked for in their first step (see :meth:`wait_for`):
        before the next gateway event is parsed (the parsers call this while
        ``socket_flags`` says so), before a dispatch of the bot's own, or once the loop
        runs its next callbacks, whichever comes first."""
        deferred, self._deferred = self._deferred, []
        for name, future, check in deferred:
            if not future.done():
                self._waiters.setdefault(name, []).append((future, check))
        self.socket_flags = None

    async def wait_for(
        self,
        name: str,
        check: Callable[..., bool] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - discord.py's wait_for
    ) -> Any:
        """The arguments of the next ``name`` event that passes ``check``.

        Raises :class:`asyncio.TimeoutError` after ``timeout`` seconds.
        """
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        # As discord.py: the name as dispatched, in any case ("on_message" waits for an
        # event dispatched as "on_message", which Discord's never are).
        name = name.lower()
        if name.startswith("on_"):
            log.warning("wait_for(%r) waits for an event dispatched as %r; Discord's "
                        "events are named without on_: %r", name, name, name[3:])
        task = asyncio.current_task()
        if (task is not None and task not in self.tasks
                and task.get_name().startswith("tidecord:on_")):
            # A gateway event's handler in its first step, run as the event is read: on
            # discord.py it would start once the reader yields, after every event this
            # one dispatches (on_typing before on_raw_typing, on_raw_reaction_add before
            # on_reaction_add), so it waits for events from there, not for those.
            if not self._deferred:
                asyncio.get_running_loop().call_soon(self.flush_deferred)
            self._deferred.append((name, future, check))
        else:
            self._waiters.setdefault(name, []).append((future, check))
        self.socket_flags = None
        try:
            async with asyncio.timeout(timeout):
                return await future
        finally:
            if not future.done():
                future.cancel()

    # -- shutdown -------------------------------------------------------------
    async def wait_closed(self) -> None:
        """Return once :meth:`close` was called (servers without a gateway wait here)."""
        if not self._closed:
            if self._closed_event is None:
                self._closed_event = asyncio.Event()
            await self._closed_event.wait()

    async def close(self, keep: Any = None) -> None:
        """Cancel every running handler and waiter but ``keep`` (the task that asked
        for the close, or its first step's stand-in), and wait for them to end."""
        self._closed = True
        if self._closed_event is not None:
            self._closed_event.set()
        self.flush_deferred()
        for waiters in self._waiters.values():
            for future, _ in waiters:
                if not future.done():
                    future.cancel()
        self._waiters.clear()
        current = asyncio.current_task() if keep is None else keep
        # A handler that asked in its first step has become a task since.
        kept = getattr(current, "task", None) or current
        while True:
            pending = [t for t in self.tasks if t is not kept and not t.done()]
            if not pending:
                break
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    def reopen(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Accept events again (a client started after a close), on ``loop``."""
        self._loop = loop
        self._spare_step = None  # bound to the loop it was made for
        self._closed = False
        self._closed_event = None
