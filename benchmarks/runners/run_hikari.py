"""hikari 2.7 runner: ``GatewayBot`` with its full cache and a 1000-message bound.

Fairness notes:

- hikari takes zlib-stream on Python < 3.14 unless ``backports.zstd`` is
  installed; the runner checks the shard's choice rather than trusting that.
- Ready = ``ShardReadyEvent`` and then one ``GuildAvailableEvent`` for every
  guild READY announced (hikari has no single "all guilds are here" event).
- ``CacheSettings(max_messages=1000)``, every other cache component at its
  default (all on, members included).
- ``auto_chunk_members=False``: by default hikari sends op 8 for every guild
  when the presences intent is off; the benchmark caches members from
  GUILD_CREATE only, as discord.py does with ``chunk_guilds_at_startup=False``.
"""

from __future__ import annotations

import hikari
import hikari.impl

from .base import ClientAdapter, MessageCounter, ReadyProbe, RunnerSettings, main


class HikariAdapter(ClientAdapter):
    """hikari pointed at the sandbox by ``rest_url`` (it asks /gateway/bot for the rest)."""

    library = "hikari"

    def __init__(self, settings: RunnerSettings, ready: ReadyProbe,
                 counter: MessageCounter) -> None:
        super().__init__(settings, ready, counter)
        self.bot = hikari.GatewayBot(
            settings.token,
            rest_url=settings.api_url,
            intents=hikari.Intents(settings.intents),
            cache_settings=hikari.impl.CacheSettings(max_messages=1000),
            auto_chunk_members=False,
            banner=None,
            logs="WARNING",
        )
        self._waiting: set[int] | None = None
        hit = counter.hit

        async def on_message(event: hikari.MessageCreateEvent) -> None:
            hit()

        async def on_message_ping(event: hikari.MessageCreateEvent) -> None:
            hit()
            content = event.message.content
            if content is not None and content.startswith("!ping "):
                await self.bot.rest.create_message(event.channel_id, "pong " + content[6:])

        self.bot.subscribe(hikari.ShardReadyEvent, self._on_shard_ready)
        self.bot.subscribe(hikari.GuildAvailableEvent, self._on_guild_available)
        self.bot.subscribe(hikari.MessageCreateEvent, on_message)
        self._handlers = {False: on_message, True: on_message_ping}
        self._ping = False

    def set_ping(self, on: bool) -> None:
        if on != self._ping:
            self.bot.unsubscribe(hikari.MessageCreateEvent, self._handlers[self._ping])
            self.bot.subscribe(hikari.MessageCreateEvent, self._handlers[on])
            self._ping = on

    async def _on_shard_ready(self, event: hikari.ShardReadyEvent) -> None:
        compression = getattr(event.shard, "_compression", None)
        if compression is not None and "zlib" not in str(compression).lower():
            raise RuntimeError(f"hikari chose {compression}, not zlib-stream")
        self._waiting = {int(g) for g in event.unavailable_guilds}
        if not self._waiting:
            self.ready.mark()

    async def _on_guild_available(self, event: hikari.GuildAvailableEvent) -> None:
        if self._waiting is None:
            return
        self._waiting.discard(int(event.guild_id))
        if not self._waiting:
            self.ready.mark()

    @property
    def version(self) -> str:
        return hikari.__version__

    async def run(self) -> None:
        await self.bot.start(check_for_updates=False)
        await self.bot.join()

    async def close(self) -> None:
        if self.bot.is_alive:
            await self.bot.close()

    def scan_members(self) -> int:
        views = self.bot.cache.get_members_view().values()
        return sum(1 for view in views for m in view.values()
                   if m.display_name is not None and m.get_roles() is not None)

    def cache_stats(self) -> dict[str, int]:
        cache = self.bot.cache
        return {
            "guilds": len(cache.get_guilds_view()),
            "members": sum(len(m) for m in cache.get_members_view().values()),
            "channels": len(cache.get_guild_channels_view()),
            "roles": len(cache.get_roles_view()),
            "messages": len(cache.get_messages_view()),
        }


if __name__ == "__main__":
    raise SystemExit(main(HikariAdapter))
