"""Starting a handler eagerly: its first step runs at once, a task only if it waits.

Most calls of a busy bot's ``on_message`` return without awaiting anything (the
message is not a command, the author is a bot). A task per call costs several
microseconds of scheduling for nothing; running the coroutine's first step
right away and wrapping the rest in a task only when it suspends costs a tenth
of that. Python 3.12 does this in C (``Task(..., eager_start=True)``), which
:func:`start_eagerly` uses where it exists. On 3.11 the step runs here, with what
makes it indistinguishable from a task's first step:

- it runs in a copy of the context, and the task that continues it runs in
  the same copy (a ``ContextVar`` set in the first step is seen after);
- ``asyncio.current_task()`` is an :class:`InlineStep` standing in for the
  task to come, with the ``Task`` methods code calls on its own task: named
  like it (``get_name``/``set_name``: the loop watchdog and ``ext.commands``
  name the handler), ``cancel()``/``uncancel()``/``cancelling()`` (so
  ``asyncio.timeout``, ``TaskGroup`` and aiohttp's timeouts entered in the
  first step work on the handler's task, never on the caller's), done
  callbacks, ``result()``/``exception()`` and the stack. What is asked of it
  before the task exists is applied to the task when it does.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
from asyncio import tasks as _tasks
from collections.abc import Callable, Coroutine, Generator
from typing import Any

__all__ = ["NATIVE", "InlineStep", "Rest", "first_step", "start_eagerly"]

# The loop -> running task map that ``asyncio.current_task()`` reads (the C module's
# own dict on 3.11): the first step's stand-in is put there directly, as a task's
# step puts the task, rather than through ``_leave_task``/``_enter_task`` four times.
# (3.14 keeps it elsewhere; it has eager tasks in C, so never gets here.)
_current_tasks: dict[Any, Any] = getattr(_tasks, "_current_tasks", {})
#: Whether asyncio starts tasks eagerly itself (Python 3.12+; first_step is for 3.11).
NATIVE = sys.version_info >= (3, 12)
# What ``next`` returns for a first step that ended the coroutine.
_ENDED: Any = object()
# What a Rest yields to InlineStep.resume, which starts it (never to a task).
_STARTED: Any = object()
_Callback = tuple[Callable[[Any], object], contextvars.Context | None]


class InlineStep:
    """``asyncio.current_task()`` during a handler's inline first step (Python 3.11).

    It becomes the handler's task if the coroutine suspends: calls made on it
    in the first step are then forwarded (a cancel requested before the task
    exists is applied to it when it does).
    """

    __slots__ = ("_callbacks", "_cancel_message", "_cancels", "_coro", "_done", "_loop",
                 "_name", "task")

    def __init__(self, coro: Coroutine[Any, Any, Any], name: str,
                 loop: asyncio.AbstractEventLoop) -> None:
        self._coro = coro
        self._name = name
        self._loop = loop
        self.task: asyncio.Task[Any] | None = None
        self._cancels = 0
        self._cancel_message: Any = None
        self._done = False
        # Made on the first add_done_callback: most first steps never see one.
        self._callbacks: list[_Callback] | None = None

    def get_name(self) -> str:
        """The name the handler's task has (or would have)."""
        return self.task.get_name() if self.task is not None else self._name

    def set_name(self, value: object) -> None:
        """Rename the handler's task (the one it gets if it waits)."""
        if self.task is not None:
            self.task.set_name(value)
        else:
            self._name = str(value)

    def add_done_callback(self, fn: Callable[[Any], object], *,
                          context: contextvars.Context | None = None) -> None:
        """Call ``fn(step)`` soon after the handler ends, as ``Task.add_done_callback``."""
        if self.task is not None:
            self.task.add_done_callback(fn, context=context)
        elif self._done:
            self._loop.call_soon(fn, self, context=context)
        elif self._callbacks is None:
            self._callbacks = [(fn, context)]
        else:
            self._callbacks.append((fn, context))

    def remove_done_callback(self, fn: Callable[[Any], object]) -> int:
        """Forget ``fn``; returns how many times it was registered."""
        if self.task is not None:
            return self.task.remove_done_callback(fn)
        callbacks = self._callbacks or []
        kept = [(f, c) for f, c in callbacks if f != fn]
        removed = len(callbacks) - len(kept)
        self._callbacks = kept
        return removed

    def result(self) -> Any:
        """``None`` once the handler ended (the dispatcher's wrapper returns nothing)."""
        if self.task is not None:
            return self.task.result()
        if not self._done:
            raise asyncio.InvalidStateError("Result is not set.")
        return None

    def exception(self) -> BaseException | None:
        """``None`` once the handler ended (its exceptions go to ``on_error``)."""
        if self.task is not None:
            return self.task.exception()
        if not self._done:
            raise asyncio.InvalidStateError("Exception is not set.")
        return None

    def get_stack(self, *, limit: int | None = None) -> list[Any]:
        """The handler's frames (``Task.get_stack``)."""
        if self.task is not None:
            return self.task.get_stack(limit=limit)
        frame = getattr(self._coro, "cr_frame", None)
        return [frame] if frame is not None else []

    def print_stack(self, *, limit: int | None = None, file: Any = None) -> None:
        """Print the handler's frames (``Task.print_stack``)."""
        if self.task is not None:
            self.task.print_stack(limit=limit, file=file)
        else:
            print(f"Stack for {self!r}: running inline", file=file)

    def _finished(self) -> None:
        # The first step ended the handler: callbacks run soon, as a task's would.
        callbacks, self._callbacks = self._callbacks, None
        for fn, context in callbacks or ():
            self._loop.call_soon(fn, self, context=context)

    def resume(self, rest: Coroutine[Any, Any, Any], context: contextvars.Context
               ) -> asyncio.Task[Any]:
        """The handler waits: the task that runs ``rest`` (in the first step's context)
        becomes its task, and what was asked of the stand-in now applies to it.

        ``rest`` awaits a :class:`Rest`, and is started here, up to the :class:`Rest`,
        before the task exists: a task cancelled before its first step throws the
        CancelledError into its coroutine, and into one not started yet that ends it
        at once, skipping the handler's own ``except``, ``finally`` and timeouts.
        """
        context.run(rest.send, None)
        task = self._loop.create_task(rest, name=self._name, context=context)
        self.task = task
        callbacks, self._callbacks = self._callbacks, None
        for fn, ctx in callbacks or ():
            task.add_done_callback(fn, context=ctx)
        if self._cancels:
            task.cancel(self._cancel_message)
        return task

    def get_coro(self) -> Coroutine[Any, Any, Any]:
        """The handler's coroutine."""
        return self._coro

    def get_loop(self) -> asyncio.AbstractEventLoop:
        """The loop the handler runs on."""
        return self._loop

    def cancel(self, msg: Any = None) -> bool:
        """Cancel the handler (its task, or the task it gets when it first waits)."""
        if self.task is not None:
            return self.task.cancel(msg)
        if self._done:
            return False
        self._cancels += 1
        self._cancel_message = msg
        return True

    def cancelling(self) -> int:
        """Pending cancellation requests, as ``Task.cancelling``."""
        return self.task.cancelling() if self.task is not None else self._cancels

    def uncancel(self) -> int:
        """Withdraw one cancellation request, as ``Task.uncancel``."""
        if self.task is not None:
            return self.task.uncancel()
        self._cancels = max(0, self._cancels - 1)
        return self._cancels

    def done(self) -> bool:
        """Whether the handler has finished."""
        return self.task.done() if self.task is not None else self._done

    def cancelled(self) -> bool:
        """Whether the handler ended cancelled."""
        return self.task is not None and self.task.cancelled()

    def __repr__(self) -> str:
        return f"<InlineStep {self._name!r} task={self.task!r}>"


class Rest:
    """The rest of a coroutine whose first step already ran and yielded ``pending``.

    Its first yield is :meth:`InlineStep.resume`'s, which starts the coroutine that
    awaits it; the task's first step resumes it there, or throws in a cancellation
    that came first, which the handler then meets where it waits, as in a task.
    """

    __slots__ = ("coro", "pending")

    def __init__(self, coro: Coroutine[Any, Any, Any], pending: Any) -> None:
        self.coro = coro
        self.pending = pending

    def __await__(self) -> Generator[Any, Any, Any]:
        coro, pending = self.coro, self.pending
        self.pending = None
        try:
            yield _STARTED
        except BaseException as exc:  # the task was cancelled before it first ran
            cancel = getattr(pending, "cancel", None)
            if cancel is not None:
                cancel()  # as a task's cancel() cancels the future it waits on
            try:
                pending = coro.throw(exc)
            except StopIteration as stop:
                return stop.value
        while True:
            try:
                yield pending  # the future the first step waits on: the task waits too
            except BaseException as exc:  # thrown in by the task: a cancellation
                try:
                    pending = coro.throw(exc)
                except StopIteration as stop:
                    return stop.value
                continue
            return (yield from coro.__await__())


async def _continue(coro: Coroutine[Any, Any, Any], pending: Any) -> Any:
    return await Rest(coro, pending)


def start_eagerly(coro: Coroutine[Any, Any, Any], name: str,
                  loop: asyncio.AbstractEventLoop,
                  context: contextvars.Context | None = None) -> asyncio.Task[Any] | None:
    """Run ``coro``'s first step now; returns the task running the rest, or ``None``
    if it finished (a ``CancelledError`` out of the first step ends it too). Any
    other exception out of the first step ends it and is raised here.

    It runs in ``context`` (default: a copy of the current one), as a task would.
    """
    if NATIVE:
        task: asyncio.Task[Any] = asyncio.Task(  # type: ignore[call-arg,unused-ignore]
            coro, loop=loop, name=name, context=context, eager_start=True)
        return None if task.done() else task
    started = first_step(coro, name, loop, context)
    if started is None:
        return None
    step, pending, context = started
    return step.resume(_continue(coro, pending), context)


def first_step(coro: Coroutine[Any, Any, Any], name: str, loop: asyncio.AbstractEventLoop,
               context: contextvars.Context | None = None, step: InlineStep | None = None
               ) -> tuple[InlineStep, Any, contextvars.Context] | None:
    """Python 3.11's half of :func:`start_eagerly`: run the first step; ``None`` if it
    finished, else the stand-in, what the step waits on and the context, for the
    caller to make the task with :meth:`InlineStep.resume` (the dispatcher wraps
    the rest, ``Rest(coro, pending)``, in its own error handling).

    ``step``: a stand-in to use again, made anew here: one whose handler ended in
    its first step and that nothing else holds (the caller made sure, with
    ``sys.getrefcount``). Making one costs as much as a short handler's whole step.
    """
    current = _current_tasks
    if context is None:
        context = contextvars.copy_context()
    if step is None:
        step = InlineStep(coro, name, loop)
    else:
        step._coro = coro
        step._name = name
        step._done = False
        step._cancels = 0
        step._cancel_message = None
    outer = current.get(loop)
    current[loop] = step
    try:
        # next() rather than send(None): a handler that returns None then ends
        # without a StopIteration made, raised and caught (a third of a short
        # handler's first step).
        pending = context.run(next, coro.__await__(), _ENDED)
    except asyncio.CancelledError:
        pending = _ENDED
    except BaseException:
        step._done = True
        if step._callbacks is not None:
            step._finished()
        raise
    finally:
        if outer is None:
            del current[loop]
        else:
            current[loop] = outer
    if pending is _ENDED:
        step._done = True
        if step._callbacks is not None:
            step._finished()
        return None
    return step, pending, context
