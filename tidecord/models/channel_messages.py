"""What a channel does with its messages: send, fetch, read back, pin, delete."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from .base import Snowflake, UnsetType, id_of
from .paging import ListOnAwait

__all__ = ["ChannelMessages"]


class ChannelMessages:
    """The message calls of discord.py's ``Messageable`` and ``TextChannel`` (mixed into
    :class:`~tidecord.models.Channel`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: int
        guild_id: int | UnsetType
        last_message_id: int | UnsetType | None

    @property
    def last_message(self) -> Any:
        """The channel's last message, if the message cache still has it."""
        if not self.last_message_id:
            return None
        return self._state.cache.get_message(self.last_message_id)

    async def send(self, content: Any = None, **options: Any) -> Any:
        """Send a message: ``content``, ``embed(s)``, ``file(s)``, ``reference``,
        ``allowed_mentions``, ``components``, ``delete_after``... as discord.py."""
        return await self._state.send_message(self.id, content, **options)

    async def fetch_message(self, message_id: int) -> Any:
        """GET one message of this channel."""
        return await self._state.fetch_message(self.id, message_id)

    def history(self, **options: Any) -> Any:
        """``async for message in channel.history(limit=100, before=..., after=...)``."""
        return self._state.history(self.id, **options)

    def pins(self, *, limit: int | None = 50, before: Any = None,
             oldest_first: bool = False) -> Any:
        """``async for message in channel.pins(limit=50, before=...)``: pinned messages,
        the newest pin first, each with ``pinned_at``; ``before`` is a datetime or
        anything with an id (its creation time). Awaiting it for a list still works,
        with discord.py's DeprecationWarning."""
        return ListOnAwait(
            self._state.pins(self.id, limit=limit, before=before, oldest_first=oldest_first),
            "`await <channel>.pins()` is deprecated; use `async for message in "
            "<channel>.pins()` instead.")

    def get_partial_message(self, message_id: int) -> Any:
        """A message you can edit, delete or react to by id alone."""
        from .message import PartialMessage

        return PartialMessage.partial(self._state, self.id, message_id, self.guild_id)

    async def trigger_typing(self) -> None:
        """Show the typing indicator once (about 10 s)."""
        await self._state.http.trigger_typing(self.id)

    async def delete_messages(self, messages: Any, *, reason: str | None = None) -> None:
        """Bulk-delete messages (2 to 100, younger than two weeks)."""
        ids = [id_of(m, "messages") for m in messages]
        if len(ids) == 1:
            await self._state.http.delete_message(self.id, ids[0], reason=reason)
        elif ids:
            await self._state.http.bulk_delete(self.id, ids, reason=reason)

    async def purge(
        self, *, limit: int | None = 100, check: Any = None, before: Any = None,
        after: Any = None, around: Any = None, oldest_first: bool | None = None,
        bulk: bool = True, reason: str | None = None,
    ) -> list[Any]:
        """Delete up to ``limit`` recent messages passing ``check``; returns those deleted.

        Messages younger than two weeks go by bulk delete (100 per call), older
        ones one by one, as Discord requires. The notices Discord keeps (someone
        added to a thread, a rename...) are passed over, as discord.py does: one of
        them would make the whole bulk delete fail.
        """
        cutoff = Snowflake.from_datetime(
            datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=14))
        chosen = [m async for m in self.history(limit=limit, before=before, after=after,
                                                  around=around, oldest_first=oldest_first)
                  if m.type.is_deletable() and (check is None or check(m))]
        young = [m for m in chosen if bulk and m.id > cutoff]
        for start in range(0, len(young), 100):
            await self.delete_messages(young[start:start + 100], reason=reason)
        from ..rest.errors import NotFound  # models do not import the REST layer

        for message in chosen:
            if not (bulk and message.id > cutoff):
                try:
                    await self._state.http.delete_message(self.id, message.id, reason=reason)
                except NotFound as exc:
                    # Gone meanwhile, as a bulk delete passes over (discord.py does too).
                    if exc.code != 10008:
                        raise
        return chosen
