"""discord.py on the sandbox, ready as soon as every guild its READY named has arrived.

After READY, discord.py waits ``guild_ready_timeout`` (2 s unless the bot says
otherwise) after each GUILD_CREATE in case another comes, and only then fires
``on_ready``. The sandbox sends a session's GUILD_CREATEs right behind its READY, so
once the last guild READY named has arrived that wait is for nothing, paid at every
discord.py start in the tests. Here it ends then, as if the timeout had passed: a guild
that is down (READY names it, no GUILD_CREATE follows) still costs the bot's own
``guild_ready_timeout``, as it does on discord.py. Everything else (guilds announced,
chunked, ``on_ready``) is discord.py's own ready sequence.

In the test's process, ``ready_at_once(bot._connection)`` before the bot starts; a
discord.py program run as a process calls ``install()`` before it makes its client
(loaded by path: ``runpy.run_path(PATH)["install"]()``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

PATH = Path(__file__)

__all__ = ["PATH", "install", "ready_at_once"]


class _UntilAllArrived(asyncio.Queue[Any]):
    """The queue discord.py's ready wait takes arriving guilds from, which ends that wait
    (with the TimeoutError its timeout would raise) once every guild READY named has
    arrived and been taken."""

    def __init__(self, expected: set[int]) -> None:
        super().__init__()
        self._missing = expected

    def put_nowait(self, item: Any) -> None:
        self._missing.discard(item.id)
        super().put_nowait(item)

    async def get(self) -> Any:
        if self.empty() and not self._missing:
            raise TimeoutError
        return await super().get()


def _swap_queue(state: Any, data: dict[str, Any]) -> None:
    """After discord.py read READY: its ready wait takes guilds from our queue."""
    queue = _UntilAllArrived({int(guild["id"]) for guild in data["guilds"]})
    if hasattr(state, "_ready_states"):  # AutoShardedConnectionState: a queue per shard
        shard_id = data["shard"][0]
        old = state._ready_states[shard_id]
        while not old.empty():  # left from this shard's earlier READY: still arrived
            queue.put_nowait(old.get_nowait())
        state._ready_states[shard_id] = queue
    else:
        state._ready_state = queue  # parse_ready made it just now: still empty


def ready_at_once(state: Any) -> None:
    """This discord.py client (its ``_connection``) fires on_ready without the idle wait."""
    parse_ready: Callable[[dict[str, Any]], None] = state.parsers["READY"]

    def parse(data: dict[str, Any]) -> None:
        parse_ready(data)
        _swap_queue(state, data)

    state.parsers["READY"] = parse


def install() -> None:
    """Every discord.py client made from now on in this process fires on_ready without
    the idle wait (for a program run as a process, before it makes its client)."""
    from discord.state import AutoShardedConnectionState, ConnectionState

    for cls in (ConnectionState, AutoShardedConnectionState):
        original = cls.__dict__["parse_ready"]

        def parse_ready(self: Any, data: dict[str, Any], _original: Any = original) -> None:
            _original(self, data)
            _swap_queue(self, data)

        cls.parse_ready = parse_ready  # type: ignore[method-assign]
