"""``@blocking``: mark a handler or command as blocking, and tidecord runs it off the loop.

For a plain ``def`` (the recommended form), the decorated function becomes a
coroutine function: calling it returns an awaitable that runs the original in
tidecord's thread pool (``to_thread``). The client's dispatcher needs nothing
special: it calls the handler and awaits what it gets, as for any ``async def``.
It can still tell a marked handler by ``is_blocking(fn)`` (the attribute
``__tidecord_blocking__`` is ``True``), e.g. to say so in logs or help text.

For an ``async def``, the coroutine runs on a private event loop in a worker
thread, so its synchronous stretches never stop the client's loop. Objects
bound to the client's loop (the REST session behind ``message.reply``) must be
awaited there: wrap those calls in ``await home(...)``.

Example::

    @client.event
    @tidecord.blocking
    def on_message(message):            # runs in a worker thread
        return expensive_report(message.content)

    @tidecord.blocking
    async def on_message(message):      # a private loop in a worker thread
        text = requests.get(URL).text   # blocks only that thread
        await tidecord.home(message.reply(text))
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar, cast, overload

from .offload import to_thread

__all__ = ["blocking", "home", "is_blocking"]

P = ParamSpec("P")
R = TypeVar("R")

_MARK = "__tidecord_blocking__"
# The client's loop, seen from inside an async handler running on a private loop.
_home_loop: contextvars.ContextVar[asyncio.AbstractEventLoop | None] = contextvars.ContextVar(
    "tidecord_home_loop", default=None
)


@overload
def blocking(fn: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, Coroutine[Any, Any, R]]: ...
@overload
def blocking(fn: Callable[P, R]) -> Callable[P, Coroutine[Any, Any, R]]: ...
def blocking(fn: Callable[P, Any]) -> Callable[P, Coroutine[Any, Any, Any]]:
    """Mark ``fn`` as blocking: tidecord runs it off the event loop (see the module doc)."""
    if is_blocking(fn):
        return cast(Callable[P, Coroutine[Any, Any, Any]], fn)
    if inspect.iscoroutinefunction(fn):
        coro_fn = cast(Callable[P, Coroutine[Any, Any, Any]], fn)

        @functools.wraps(fn)
        async def run_on_private_loop(*args: P.args, **kwargs: P.kwargs) -> Any:
            return await _run_coroutine_in_thread(coro_fn, *args, **kwargs)

        wrapper = run_on_private_loop
    else:

        @functools.wraps(fn)
        async def run_in_thread(*args: P.args, **kwargs: P.kwargs) -> Any:
            return await to_thread(fn, *args, **kwargs)

        wrapper = run_in_thread
    setattr(wrapper, _MARK, True)
    return wrapper


def is_blocking(fn: object) -> bool:
    """True for a function marked with ``@blocking`` (also through ``functools.wraps`` layers)."""
    return bool(getattr(fn, _MARK, False))


async def _run_coroutine_in_thread(
    fn: Callable[P, Coroutine[Any, Any, R]], *args: P.args, **kwargs: P.kwargs
) -> R:
    home_loop = asyncio.get_running_loop()
    started: asyncio.Future[tuple[asyncio.AbstractEventLoop, asyncio.Task[R]]] = (
        home_loop.create_future()
    )

    def run() -> R:
        async def main() -> R:
            _home_loop.set(home_loop)
            task = asyncio.current_task()
            assert task is not None
            home_loop.call_soon_threadsafe(_set_once, started, (asyncio.get_running_loop(), task))
            return await fn(*args, **kwargs)

        return asyncio.run(main())

    work = asyncio.ensure_future(to_thread(run))
    try:
        return await asyncio.shield(work)
    except asyncio.CancelledError:
        if not work.done():
            if started.done():
                # Running: forward the cancellation to the private loop's task.
                private_loop, task = started.result()
                private_loop.call_soon_threadsafe(task.cancel)
            else:
                work.cancel()  # not started yet: it never will
            work.add_done_callback(_consume)
        raise


def _set_once(future: asyncio.Future[Any], value: Any) -> None:
    if not future.done():
        future.set_result(value)


def _consume(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # retrieved: the awaiting task is gone, nobody else wants it


async def home(aw: Awaitable[R]) -> R:
    """Await ``aw`` on the client's loop from inside an ``async`` ``@blocking`` handler.

    Outside such a handler it simply awaits ``aw``.
    """
    loop = _home_loop.get()
    if loop is None or loop is asyncio.get_running_loop():
        return await aw

    async def wrapped() -> R:
        return await aw

    return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(wrapped(), loop))
