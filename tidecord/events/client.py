"""What a client offers for events: handlers set as ``on_<event>`` attributes or with
``@client.event``, listeners, ``dispatch``, ``wait_for`` and the default ``on_error``. Mixed into
:class:`tidecord.Client`; the dispatching itself is :class:`Dispatcher`'s.

>>> # @client.event
>>> # async def on_message(message): ...
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .dispatcher import Dispatcher

__all__ = ["EventsMixin"]

# The client's logger, as before these methods left client.py: a program's filters
# and levels set on "tidecord.client" still apply to on_error.
log = logging.getLogger("tidecord.client")

Coro = TypeVar("Coro", bound=Callable[..., Coroutine[Any, Any, Any]])


class EventsMixin:
    """``client.event``, ``add_listener``, ``remove_listener``, ``dispatch``, ``wait_for``,
    ``on_error``."""

    _dispatcher: Dispatcher

    # A handler set or deleted as an attribute: the dispatcher forgets what it looked up.
    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name.startswith("on_") and "_dispatcher" in self.__dict__:
            self._dispatcher.invalidate(name[3:])

    def __delattr__(self, name: str) -> None:
        object.__delattr__(self, name)
        if name.startswith("on_") and "_dispatcher" in self.__dict__:
            self._dispatcher.invalidate(name[3:])

    def event(self, coro: Coro) -> Coro:
        """Register ``coro`` as the handler named like it (``on_message``...)."""
        # inspect's, not asyncio's (deprecated in Python 3.14): the same answer for
        # coroutine functions, methods and partials of them.
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("event registered must be a coroutine function")
        setattr(self, coro.__name__, coro)
        return coro

    def add_listener(self, func: Callable[..., Coroutine[Any, Any, Any]],
                     name: str | None = None) -> None:
        """Also call ``func`` for event ``name`` (default: the function's name), which is
        ``on_`` and the event's name, as the handler's would be: ``"on_message"``."""
        name = name or func.__name__
        if not name.startswith("on_"):
            # discord.py keeps it and never calls it (events are dispatched as
            # on_<event>): the same here, said rather than left silent.
            log.warning("The listener %s for %r will never run: an event's name starts "
                        "with on_ (%r)", getattr(func, "__qualname__", func), name,
                        "on_" + name)
            return
        self._dispatcher.add_listener(name[3:], func)

    def remove_listener(self, func: Callable[..., Coroutine[Any, Any, Any]],
                        name: str | None = None) -> None:
        """Stop calling ``func`` for ``name``."""
        name = name or func.__name__
        if name.startswith("on_"):
            self._dispatcher.remove_listener(name[3:], func)

    def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        """Dispatch ``event`` (without ``on_``) to handlers and waiters (keyword
        arguments go to the handlers only, as in discord.py)."""
        self._dispatcher.dispatch(event, *args, **kwargs)

    async def wait_for(
        self,
        event: str,
        /,
        *,
        check: Callable[..., bool] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - discord.py's signature
    ) -> Any:
        """The next ``event`` (its name without ``on_``: ``"message"``) whose arguments pass
        ``check`` (``asyncio.TimeoutError`` after ``timeout`` s). One argument comes back
        as is, several as a tuple."""
        return await self._dispatcher.wait_for(event, check, timeout)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Called when a handler raises; logs the traceback. Override to change."""
        log.exception("Ignoring exception in %s", event_method)
