"""When is the client ready: every shard's READY, then every guild it announced.

No fixed sleep: a shard is ready the moment its last announced guild arrives.
Only if a guild never comes (an outage) does ``guild_timeout`` after the last
arrival let the shard be ready without it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

__all__ = ["GUILD_READY_TIMEOUT", "ReadyTracker"]

#: Seconds after the last guild's arrival that a shard waits for the ones still missing
#: (discord.py's ``guild_ready_timeout`` default: a guild down at startup delays
#: ``on_ready`` as long there).
GUILD_READY_TIMEOUT = 2.0


class ReadyTracker:
    """Tracks pending guilds per shard; calls ``on_shard_ready`` once each is complete."""

    def __init__(self, on_shard_ready: Callable[[int, bool], None],
                 guild_timeout: float = GUILD_READY_TIMEOUT) -> None:
        self._on_shard_ready = on_shard_ready
        self.guild_timeout = guild_timeout
        self.pending: dict[int, set[int]] = {}
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._first: dict[int, bool] = {}
        self.ready_once: set[int] = set()

    def shard_ready_sent(self, shard_id: int, guild_ids: Iterable[int]) -> None:
        """READY arrived: wait for these guilds (all of them announced unavailable)."""
        self.pending[shard_id] = set(guild_ids)
        self._first[shard_id] = shard_id not in self.ready_once
        self._check(shard_id)

    def announced(self, shard_id: int, guild_id: int) -> bool:
        """Whether ``guild_id`` is one ``shard_id``'s READY announced and still awaited."""
        pending = self.pending.get(shard_id)
        return pending is not None and guild_id in pending

    def guild_arrived(self, shard_id: int, guild_id: int) -> bool:
        """A GUILD_CREATE; True when it was one READY announced (not a join)."""
        pending = self.pending.get(shard_id)
        if pending is None or guild_id not in pending:
            return False
        pending.discard(guild_id)
        self._check(shard_id)
        return True

    def is_pending(self, shard_id: int) -> bool:
        """Whether ``shard_id`` still waits for guilds."""
        return shard_id in self.pending

    def _check(self, shard_id: int) -> None:
        timer = self._timers.pop(shard_id, None)
        if timer is not None:
            timer.cancel()
        pending = self.pending.get(shard_id)
        if pending is None:
            return
        if pending:
            loop = asyncio.get_running_loop()
            self._timers[shard_id] = loop.call_later(self.guild_timeout, self._finish, shard_id)
        else:
            self._finish(shard_id)

    def _finish(self, shard_id: int) -> None:
        self._timers.pop(shard_id, None)
        if self.pending.pop(shard_id, None) is None:
            return
        first = self._first.pop(shard_id, True)
        self.ready_once.add(shard_id)
        self._on_shard_ready(shard_id, first)

    def close(self) -> None:
        """Cancel the timers."""
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self.pending.clear()
