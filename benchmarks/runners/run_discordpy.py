"""discord.py 2.7 runner: ``Client`` with members cached from GUILD_CREATE, no chunking.

Fairness notes:

- discord.py asks for zstd-stream whenever the ``zstandard`` package imports; the
  benchmark compares zlib-stream, so this process hides ``zstandard`` before
  importing discord, and discord.py takes its own zlib path.
- ``on_ready`` comes after READY and every GUILD_CREATE, once no guild arrived for
  ``guild_ready_timeout`` (2 s, its default): that wait is idle, so it adds wall
  time but no CPU time.
- ``max_messages=1000`` (its default) and the default member cache flags, which
  with the members intent keep every member from GUILD_CREATE.
"""

from __future__ import annotations

import sys
from typing import Any

sys.modules["zstandard"] = None  # type: ignore[assignment]  # see the module docstring

import discord  # noqa: E402
import discord.gateway  # noqa: E402
import discord.http  # noqa: E402
import yarl  # noqa: E402

from .base import ClientAdapter, MessageCounter, ReadyProbe, RunnerSettings, main  # noqa: E402


class DiscordPyAdapter(ClientAdapter):
    """discord.py pointed at the sandbox by its two documented URL attributes."""

    library = "discord.py"

    def __init__(self, settings: RunnerSettings, ready: ReadyProbe,
                 counter: MessageCounter) -> None:
        super().__init__(settings, ready, counter)
        discord.http.Route.BASE = settings.api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)
        assert discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE == "zlib-stream"
        intents = discord.Intents.none()
        intents.value = settings.intents  # the same bits as every runner
        self.client = self.make_client(
            intents=intents,
            chunk_guilds_at_startup=False,
            max_messages=1000,
        )
        hit = counter.hit
        mark = ready.mark

        async def on_ready() -> None:
            mark()

        async def on_message(message: discord.Message) -> None:
            hit()

        async def on_message_ping(message: discord.Message) -> None:
            hit()
            content = message.content
            if content.startswith("!ping "):
                await message.channel.send("pong " + content[6:])

        self.client.event(on_ready)
        self.client.event(on_message)
        self._handlers = {False: on_message, True: on_message_ping}

    def set_ping(self, on: bool) -> None:
        # client.event takes the handler's name as the event's: both are on_message.
        handler = self._handlers[on]
        handler.__name__ = "on_message"
        self.client.event(handler)

    def make_client(self, **options: Any) -> discord.Client:
        """The client measured (the commands runner makes a ``commands.Bot``)."""
        return discord.Client(**options)

    @property
    def version(self) -> str:
        return discord.__version__

    async def run(self) -> None:
        await self.client.start(self.settings.token, reconnect=False)

    async def close(self) -> None:
        await self.client.close()

    def scan_members(self) -> int:
        return sum(1 for g in self.client.guilds for m in g.members
                   if m.display_name is not None and m.roles is not None)

    def cache_stats(self) -> dict[str, int]:
        guilds = self.client.guilds
        return {
            "guilds": len(guilds),
            "members": sum(len(g.members) for g in guilds),
            "channels": sum(len(g.channels) for g in guilds),
            "roles": sum(len(g.roles) for g in guilds),
            "messages": len(self.client.cached_messages),
        }


if __name__ == "__main__":
    raise SystemExit(main(DiscordPyAdapter))
