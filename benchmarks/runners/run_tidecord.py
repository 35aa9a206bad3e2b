"""tidecord runner: ``Client`` as a user gets it (members cached, 1000 messages).

Only the transport compression is chosen explicitly, zlib-stream like the
others; everything else is the default configuration.
"""

from __future__ import annotations

from collections.abc import Iterable, Sized
from typing import Any

import tidecord

from .base import ClientAdapter, MessageCounter, ReadyProbe, RunnerSettings, main


class TidecordAdapter(ClientAdapter):
    """tidecord pointed at the sandbox by ``api_url`` (the gateway URL comes from REST)."""

    library = "tidecord"

    def __init__(self, settings: RunnerSettings, ready: ReadyProbe,
                 counter: MessageCounter) -> None:
        super().__init__(settings, ready, counter)
        self.client = tidecord.Client(
            intents=tidecord.Intents(settings.intents),
            api_url=settings.api_url,
            compress="zlib-stream",
        )
        hit = counter.hit
        mark = ready.mark

        async def on_ready() -> None:
            mark()

        async def on_message(message: Any) -> None:
            hit()

        self.client.event(on_ready)
        self.client.event(on_message)

    @property
    def version(self) -> str:
        return str(getattr(tidecord, "__version__", "0.1.0"))

    async def run(self) -> None:
        await self.client.start(self.settings.token)

    async def close(self) -> None:
        await self.client.close()

    def scan_members(self) -> int:
        members = (g.members for g in self.client.guilds)
        return sum(1 for ms in members if isinstance(ms, Iterable) for m in ms
                   if m.display_name is not None and m.roles is not None)

    def cache_stats(self) -> dict[str, int]:
        guilds = list(self.client.guilds)
        return {
            "guilds": len(guilds),
            "members": sum(_size(g.members) for g in guilds),
            "channels": sum(_size(g.channels) for g in guilds),
            "roles": sum(_size(g.roles) for g in guilds),
            "messages": _size(self.client.cached_messages),
        }


def _size(collection: object) -> int:
    """``len`` of a cached collection; 0 where the model leaves it unset."""
    return len(collection) if isinstance(collection, Sized) else 0


if __name__ == "__main__":
    raise SystemExit(main(TidecordAdapter))
