"""The cache's recent messages: a bounded deque of ids and an index by id, within a
count and a size (their wire bytes), oldest evicted first."""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING

from ..models import Message

__all__ = ["DEFAULT_MAX_MESSAGE_BYTES", "CacheMessages"]

#: What cached messages may weigh by default (their wire bytes): 16 MiB.
DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024


class CacheMessages:
    """The message calls of :class:`~tidecord.cache.Cache` (mixed into it)."""

    if TYPE_CHECKING:
        max_messages: int | None
        max_message_bytes: int | None
        message_bytes: int
        _messages: dict[int, Message]
        _order: collections.deque[int]
        _sizes: dict[int, int]

    def add_message(self, message: Message, size: int = 0) -> None:
        """Keep ``message`` (``size``: its wire bytes), evicting the oldest beyond
        ``max_messages`` or ``max_message_bytes``."""
        limit = self.max_messages
        if not limit:
            return
        order = self._order
        if len(order) >= limit:  # _evict, inline: every message of a busy bot gets here
            old = order.popleft()
            self._messages.pop(old, None)
            self.message_bytes -= self._sizes.pop(old, 0)
        mid = message.id
        self._messages[mid] = message
        order.append(mid)
        if size:
            self.message_bytes += size - self._sizes.get(mid, 0)
            self._sizes[mid] = size
            most = self.max_message_bytes
            while most is not None and self.message_bytes > most and len(order) > 1:
                self._evict()

    def _evict(self) -> None:
        mid = self._order.popleft()
        self._messages.pop(mid, None)
        self.message_bytes -= self._sizes.pop(mid, 0)

    def get_message(self, message_id: int) -> Message | None:
        """A cached message, or ``None``."""
        return self._messages.get(message_id)

    def replace_message(self, message: Message, size: int | None = None) -> Message | None:
        """MESSAGE_UPDATE with a full message: swap it in; returns the old one."""
        old = self._messages.get(message.id)
        if old is not None:
            self._messages[message.id] = message
            if size is not None:
                self.message_bytes += size - self._sizes.get(message.id, 0)
                self._sizes[message.id] = size
        return old

    def remove_message(self, message_id: int) -> Message | None:
        """MESSAGE_DELETE: the deque keeps a stale id that eviction skips over."""
        self.message_bytes -= self._sizes.pop(message_id, 0)
        return self._messages.pop(message_id, None)

    @property
    def messages(self) -> list[Message]:
        """Cached messages, oldest first."""
        get = self._messages.get
        return [m for m in (get(i) for i in self._order) if m is not None]
