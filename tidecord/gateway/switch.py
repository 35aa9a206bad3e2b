"""A shard switched off and on by hand: discord.py's ``ShardInfo.disconnect``,
``connect`` and ``reconnect``, mixed into :class:`tidecord.gateway.Shard`.

``disconnect`` closes the connection with 1000, which ends the session on Discord, and
parks the shard's run loop; ``connect`` lets it go on, with a new IDENTIFY (there is
no session left to resume). Closing the client ends a parked shard as any other.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from .socket import GatewaySocket

__all__ = ["ShardSwitch"]

# How often a wait below looks at ``_closing`` (a flag, not an event: set where a
# fatal close code or close() stops the shard).
_LOOK_EVERY: Final = 0.1


class ShardSwitch:
    """``disconnect()``, ``connect()``, ``reconnect()`` for a running shard."""

    connected: asyncio.Event
    _closing: bool
    _ws: GatewaySocket | None

    if TYPE_CHECKING:
        def _forget_session(self) -> None: ...  # the shard's

    def _init_switch(self) -> None:
        self._go = asyncio.Event()  # cleared by disconnect(): run() parks until connect()
        self._go.set()
        self._parked = asyncio.Event()  # run() is parked (no connection, no session)

    async def _park(self) -> None:
        """Called by run() once the connection disconnect() closed is over."""
        self._forget_session()  # the 1000 ended it on Discord's side
        self._parked.set()
        try:
            await self._go.wait()
        finally:
            self._parked.clear()

    def is_switched_off(self) -> bool:
        """Whether :meth:`disconnect` was called and :meth:`connect` not since."""
        return not self._go.is_set()

    async def disconnect(self) -> None:
        """Close this shard's connection and end its session; it stays closed until
        :meth:`connect` (``on_shard_disconnect`` comes as for any lost connection).
        Nothing happens if it was already switched off."""
        if self._closing or not self._go.is_set():
            return
        self._go.clear()
        while not self._parked.is_set() and not self._closing:
            ws = self._ws  # also one opened meanwhile (a reconnect under way)
            if ws is not None and not ws.closed:
                await ws.close(1000)
            await self._wait(self._parked)

    async def connect(self) -> None:
        """Open the connection again after :meth:`disconnect` (a new session, so
        ``on_shard_connect`` then ``on_shard_ready``); returns once it is ready. Nothing
        happens if the shard was not switched off."""
        if self._closing or self._go.is_set():
            return
        self._go.set()
        while not self.connected.is_set() and not self._closing:
            await self._wait(self.connected)

    async def reconnect(self) -> None:
        """:meth:`disconnect`, then :meth:`connect`: a new session for this shard."""
        await self.disconnect()
        await self.connect()

    @staticmethod
    async def _wait(event: asyncio.Event) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(_LOOK_EVERY):
                await event.wait()
