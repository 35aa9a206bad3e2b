"""tidecord runner: ``Client`` as a user gets it (members cached, 1000 messages).

Only the transport compression is chosen explicitly, zlib-stream like the
others; everything else is the default configuration.
"""

from __future__ import annotations

from collections.abc import Iterable, Sized
from typing import Any

import tidecord
from tidecord.metrics import set_counting
from tidecord.metrics.prometheus import MetricsServer

from .base import ClientAdapter, MessageCounter, ReadyProbe, RunnerSettings, main


class TidecordAdapter(ClientAdapter):
    """tidecord pointed at the sandbox by ``api_url`` (the gateway URL comes from REST)."""

    library = "tidecord"

    def __init__(self, settings: RunnerSettings, ready: ReadyProbe,
                 counter: MessageCounter) -> None:
        super().__init__(settings, ready, counter)
        self.client = self.make_client(
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

        async def on_message_ping(message: Any) -> None:
            hit()
            content = message.content
            if content.startswith("!ping "):
                await message.channel.send("pong " + content[6:])

        self.client.event(on_ready)
        self.client.event(on_message)
        self._handlers = {False: on_message, True: on_message_ping}
        self._exporter: MetricsServer | None = None

    def set_ping(self, on: bool) -> None:
        # client.event takes the handler's name as the event's: both are on_message.
        handler = self._handlers[on]
        handler.__name__ = "on_message"
        self.client.event(handler)

    def make_client(self, **options: Any) -> tidecord.Client:
        """The client measured (the commands runner makes a ``commands.Bot``)."""
        return tidecord.Client(**options)

    @property
    def version(self) -> str:
        return str(getattr(tidecord, "__version__", "0.1.0"))

    async def run(self) -> None:
        await self.client.start(self.settings.token)

    async def close(self) -> None:
        self._stop_exporter()
        await self.client.close()

    def set_metrics(self, mode: str) -> dict[str, Any]:
        """``off``: as ``Client(metrics=False)``; ``on``: the default; ``scraped``: the
        default plus the Prometheus exporter (on its own thread, as ``--metrics`` runs it)."""
        set_counting(self.client, mode != "off")
        if mode == "scraped" and self._exporter is None:
            self._exporter = MetricsServer(self.client)
            self._exporter.start()  # a moment's block, between measured rounds
        elif mode != "scraped":
            self._stop_exporter()
        return {"mode": mode, "url": self._exporter.url if self._exporter else None}

    def _stop_exporter(self) -> None:
        exporter, self._exporter = self._exporter, None
        if exporter is not None:
            exporter.stop()

    def scan_members(self) -> int:
        members = (g.members for g in self.client.guilds)
        return sum(1 for ms in members if isinstance(ms, Iterable) for m in ms
                   if m.display_name is not None and m.roles is not None)

    def forget_views(self) -> None:
        self.client._connection.cache.sweep_views()

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
