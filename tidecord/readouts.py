"""What a client tells about itself, read-only: the event loop it runs on and that
loop's health, the intents it connects with, its application and the application's
flags, and its voice clients (none). Mixed into :class:`tidecord.Client`.

>>> # print(client.loop_health, client.intents.members, client.application_flags)
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .models import Intents
from .models.application import ApplicationFlags

if TYPE_CHECKING:
    from .events import State
    from .health import LoopHealth, LoopWatchdog
    from .models import Application

__all__ = ["ReadoutsMixin"]


class _NoLoopYet:
    """``client.loop`` outside a running loop, before the client runs or after (discord.py's
    is a stand-in too): ``client.loop.create_task(...)`` there says what to do instead."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            "loop attribute cannot be accessed in non-async contexts. "
            "Consider using either an asynchronous main function and passing it to "
            "asyncio.run or using asynchronous initialisation hooks such as "
            "Client.setup_hook")

    def __repr__(self) -> str:
        return "<no event loop yet>"


_NOT_RUNNING: Any = _NoLoopYet()


class ReadoutsMixin:
    """``client.loop``, ``loop_health``, ``intents``, ``application``,
    ``application_flags``, ``voice_clients``."""

    _connection: State
    _loop: asyncio.AbstractEventLoop | None
    _watchdog: LoopWatchdog
    _intents: Intents
    _application: Application | None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the client runs on (``self.loop.create_task(...)`` in ``setup_hook``).

        As in discord.py 2.x: once the client runs (``async with client`` or ``login``) its
        loop; otherwise the running loop if there is one, else a stand-in whose every
        attribute raises ``AttributeError`` saying why.
        """
        mine = self._loop
        if mine is not None and not mine.is_closed():
            return mine
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return _NOT_RUNNING  # type: ignore[no-any-return]


    @property
    def loop_health(self) -> LoopHealth:
        """Stalls seen so far: counts, the worst, lag percentiles, top blocking sites."""
        return self._watchdog.health

    @property
    def voice_clients(self) -> list[Any]:
        """Always empty: tidecord does not connect to voice (it reads voice states,
        :attr:`Member.voice`, but plays and records nothing)."""
        return []

    @property
    def intents(self) -> Intents:
        """The intents this client connects with: a copy, as discord.py's (changing it
        changes nothing; pass ``Client(intents=...)``)."""
        return Intents._from_value(self._intents.value)

    @property
    def application(self) -> Application | None:
        """The bot's application (discord.py's ``AppInfo``), fetched once by :meth:`login`
        (``None`` before; :meth:`application_info` asks again)."""
        return self._application

    @property
    def application_flags(self) -> ApplicationFlags:
        """The application's flags, from READY (or :meth:`login` before it)."""
        return ApplicationFlags._from_value(self._connection.application_flags)
