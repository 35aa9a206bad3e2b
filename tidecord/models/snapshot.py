"""What a forwarded message carries of the message it forwards: a snapshot, taken when it
was forwarded and never updated after."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec

from .attachment import Attachment
from .base import UNSET, Model, viewed_field
from .component import Component
from .component_reads import read_components
from .embed import Embed
from .flags import MessageFlags
from .message_mentions import CHANNEL_MENTION, ROLE_MENTION, USER_MENTION
from .message_type import MessageType
from .sticker import StickerItem, bind_sticker
from .user import User

__all__ = ["MessageSnapshot", "SnapshotEnvelope"]


class MessageSnapshot(Model, gc=False, kw_only=True):
    """A copy of a forwarded message, as discord.py's ``MessageSnapshot``: ``type``,
    ``content``, ``embeds``, ``attachments``, ``created_at``, ``edited_at``, ``flags``,
    ``stickers`` and ``components`` (Discord leaves out its author).

    >>> for snapshot in message.message_snapshots:  # doctest: +SKIP
    ...     print(snapshot.content, snapshot.created_at)
    """

    type: MessageType = MessageType.default
    content: str = ""
    embeds: list[Embed] = []
    attachments: list[Attachment] = []
    timestamp: str = ""
    edited_timestamp: str | None = None
    # ``flags`` on the wire; :attr:`flags` reads it as MessageFlags, as a message's.
    flags_value: int = msgspec.field(default=0, name="flags")
    mentions: list[User] = []
    mention_roles: list[int] = []
    sticker_items: list[StickerItem] = []
    components: list[Component] = []
    # The client that decoded the forward; never on the wire.
    _state: Any = UNSET

    def _bind(self, state: Any) -> MessageSnapshot:
        # Done when the forward's snapshots are read, not when the message is decoded.
        if self._state is UNSET:
            self._state = state
            for attachment in self.attachments:
                attachment._state = state
        return self

    @property
    def flags(self) -> MessageFlags:
        """The forwarded message's flags."""
        return MessageFlags._from_value(self.flags_value)

    @property
    def created_at(self) -> datetime.datetime:
        """When the forwarded message was sent."""
        return datetime.datetime.fromisoformat(self.timestamp)

    @property
    def edited_at(self) -> datetime.datetime | None:
        """When the forwarded message was last edited before it was forwarded, if ever."""
        at = self.edited_timestamp
        return datetime.datetime.fromisoformat(at) if at else None

    @property
    def stickers(self) -> list[StickerItem]:
        """The forwarded message's stickers (``await item.fetch()`` gets one whole)."""
        return [bind_sticker(item, self._state) for item in self.sticker_items]

    @property
    def raw_mentions(self) -> list[int]:
        """Ids of the users the content names as ``<@id>``."""
        return [int(found) for found in USER_MENTION.findall(self.content)]

    @property
    def raw_role_mentions(self) -> list[int]:
        """Ids of the roles the content names as ``<@&id>``."""
        return [int(found) for found in ROLE_MENTION.findall(self.content)]

    @property
    def raw_channel_mentions(self) -> list[int]:
        """Ids of the channels the content names as ``<#id>``."""
        return [int(found) for found in CHANNEL_MENTION.findall(self.content)]

    @property
    def cached_message(self) -> Any:
        """The cached message this is a copy of, if the client still has it unchanged."""
        cache = getattr(self._state, "cache", None)
        if cache is None:
            return None
        for message in reversed(cache.messages):
            if (message.timestamp == self.timestamp and message.content == self.content
                    and message.edited_timestamp == self.edited_timestamp
                    and message.flags_value == self.flags_value
                    and message.attachments == self.attachments):
                return message
        return None

    def __repr__(self) -> str:
        return (f"<MessageSnapshot type={self.type!r} created_at={self.created_at!r} "
                f"flags={self.flags!r}>")


class SnapshotEnvelope(Model, gc=False, kw_only=True):
    """One entry of a message's ``message_snapshots``: ``{"message": {...}}``."""

    message: MessageSnapshot


# Read as discord.py's ActionRow, Button, SelectMenu..., as a message's components
viewed_field(MessageSnapshot, "components", read_components)
