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
  task to come: named like it (the loop watchdog names the handler), and
  forwarding ``cancel()``/``uncancel()``/``cancelling()`` to it, so
  ``asyncio.timeout``, ``TaskGroup`` and aiohttp's timeouts entered in the
  first step work on the handler's task, never on the caller's.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
from asyncio import tasks as _tasks
from collections.abc import Coroutine, Generator
from typing import Any

__all__ = ["InlineStep", "start_eagerly"]

_enter_task: Any = getattr(_tasks, "_enter_task", None)
_leave_task: Any = getattr(_tasks, "_leave_task", None)
_NATIVE = sys.version_info >= (3, 12)


class InlineStep:
    """``asyncio.current_task()`` during a handler's inline first step (Python 3.11).

    It becomes the handler's task if the coroutine suspends: calls made on it
    in the first step are then forwarded (a cancel requested before the task
    exists is applied to it when it does).
    """

    __slots__ = ("_cancel_message", "_cancels", "_coro", "_done", "_loop", "_name", "task")

    def __init__(self, coro: Coroutine[Any, Any, Any], name: str,
                 loop: asyncio.AbstractEventLoop) -> None:
        self._coro = coro
        self._name = name
        self._loop = loop
        self.task: asyncio.Task[Any] | None = None
        self._cancels = 0
        self._cancel_message: Any = None
        self._done = False

    def get_name(self) -> str:
        """The name the handler's task has (or would have)."""
        return self._name

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


class _Rest:
    """The rest of a coroutine whose first step already ran and yielded ``pending``."""

    __slots__ = ("coro", "pending")

    def __init__(self, coro: Coroutine[Any, Any, Any], pending: Any) -> None:
        self.coro = coro
        self.pending = pending

    def __await__(self) -> Generator[Any, Any, Any]:
        coro, pending = self.coro, self.pending
        self.pending = None
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
    return await _Rest(coro, pending)


def start_eagerly(coro: Coroutine[Any, Any, Any], name: str,
                  loop: asyncio.AbstractEventLoop) -> asyncio.Task[Any] | None:
    """Run ``coro``'s first step now; returns the task running the rest, or ``None``
    if it finished (a ``CancelledError`` out of the first step ends it too)."""
    if _NATIVE:
        task: asyncio.Task[Any] = asyncio.Task(  # type: ignore[call-arg,unused-ignore]
            coro, loop=loop, name=name, eager_start=True)
        return None if task.done() else task
    if _enter_task is None or _leave_task is None:  # pragma: no cover - no such 3.11
        return loop.create_task(coro, name=name)
    context = contextvars.copy_context()
    step = InlineStep(coro, name, loop)
    outer = _tasks.current_task(loop)
    if outer is not None:
        _leave_task(loop, outer)
    _enter_task(loop, step)
    try:
        pending = context.run(coro.send, None)
    except (StopIteration, asyncio.CancelledError):
        step._done = True
        return None
    finally:
        _leave_task(loop, step)
        if outer is not None:
            _enter_task(loop, outer)
    task = loop.create_task(_continue(coro, pending), name=name, context=context)
    step.task = task
    if step._cancels:
        task.cancel(step._cancel_message)
    return task
