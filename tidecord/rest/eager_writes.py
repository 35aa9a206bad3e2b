"""On Python 3.11, a request's body leaves when the request is sent, not a loop turn later.

aiohttp writes each request's body in a task of its own. From Python 3.12 it starts
that task eagerly: its first step, which hands the whole body to the socket, runs at
once. On 3.11 it cannot, so the body waits behind every callback the loop already had
queued. A bot that starts 5,000 sends at once (one ``gather``) has its first request
leave only after all 5,000 have taken their first step, a fifth of a second here, and
every rate-limit window after it starts that much later.

While a tidecord HTTP client is open on a 3.11 loop, :func:`attach` gives the loop a
task factory that starts aiohttp's body writer as 3.12 does (see
:func:`tidecord.events.eager.start_eagerly`). Every other task is made as before, by
the factory the loop had (if any). :func:`detach` puts that factory back when the last
client on the loop closes, unless someone replaced ours meanwhile.
"""

from __future__ import annotations

import asyncio
import contextvars
import sys
import weakref
from collections.abc import Callable, Coroutine
from typing import Any, cast

import aiohttp

__all__ = ["attach", "detach"]

_NEEDED = sys.version_info < (3, 12)
# The coroutine aiohttp writes a body with (its task's first step writes all of it).
_WRITE_BODY = getattr(getattr(aiohttp.ClientRequest, "write_bytes", None), "__code__", None)

_TaskFactory = Callable[..., "asyncio.Future[Any]"]


class _Attached:
    """The factory given to a loop, what it had before, and how many clients use it."""

    __slots__ = ("clients", "factory", "previous")

    def __init__(self, previous: _TaskFactory | None) -> None:
        from ..events.eager import start_eagerly  # the events package imports rest

        self.previous = previous
        self.clients = 0
        self.factory = _factory(previous, start_eagerly)


def _factory(previous: _TaskFactory | None,
             start_eagerly: Callable[..., asyncio.Task[Any] | None]) -> _TaskFactory:
    # A plain function: the loop calls it for every task it makes.
    def factory(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any],
                context: contextvars.Context | None = None) -> asyncio.Future[Any]:
        if getattr(coro, "cr_code", None) is _WRITE_BODY:
            return _start_now(loop, coro, context, start_eagerly)
        if previous is not None:
            if context is None:
                return previous(loop, coro)
            return previous(loop, coro, context=context)
        return asyncio.Task(coro, loop=loop, context=context)

    return factory


_attached: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Attached] = (
    weakref.WeakKeyDictionary())


def _start_now(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any],
               context: contextvars.Context | None,
               start_eagerly: Callable[..., asyncio.Task[Any] | None]) -> asyncio.Future[Any]:
    # aiohttp asks only whether the writer is done (then forgets it), or keeps the task
    # that goes on writing. A writer done in its first step is a done future, holding
    # what the task would have held.
    # Named after the task that sends, so that a stall in the write names the handler.
    sender = asyncio.current_task(loop)
    name = sender.get_name() if sender is not None else "aiohttp request body"
    try:
        task = start_eagerly(coro, name, loop, context)
    except Exception as exc:
        done: asyncio.Future[Any] = loop.create_future()
        done.set_exception(exc)
        return done
    if task is not None:
        return task
    done = loop.create_future()
    done.set_result(None)
    return done


def _current(loop: asyncio.AbstractEventLoop) -> object:
    return loop.get_task_factory()


def attach(loop: asyncio.AbstractEventLoop) -> None:
    """A client opened on ``loop``: its request bodies leave at once from now on."""
    if not _NEEDED or _WRITE_BODY is None:
        return
    attached = _attached.get(loop)
    if attached is None or _current(loop) is not attached.factory:
        attached = _attached[loop] = _Attached(loop.get_task_factory())
        loop.set_task_factory(cast(Any, attached.factory))  # typeshed's type is narrower
    attached.clients += 1


def detach(loop: asyncio.AbstractEventLoop) -> None:
    """A client on ``loop`` closed: the last one puts the loop's own factory back."""
    attached = _attached.get(loop)
    if attached is None:
        return
    attached.clients -= 1
    if attached.clients > 0:
        return
    del _attached[loop]
    if _current(loop) is attached.factory:
        loop.set_task_factory(attached.previous)
