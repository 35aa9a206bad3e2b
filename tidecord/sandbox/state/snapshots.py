"""The copy of a message that a forward of it carries (Discord's message snapshot)."""

from __future__ import annotations

from tidecord.models import Message, MessageSnapshot, UnsetType, User
from tidecord.models.snapshot import SnapshotEnvelope

__all__ = ["HAS_SNAPSHOT", "snapshots_of"]

#: MessageFlags.forwarded: the message carries a snapshot of another.
HAS_SNAPSHOT = 1 << 14


def snapshots_of(message: Message) -> list[SnapshotEnvelope]:
    """What a forward of ``message`` carries: the fields Discord copies, as they are now
    (later edits of ``message`` do not reach the copy). A forward of a forward carries
    the first one's snapshot, as Discord nests them one deep at most."""
    if not isinstance(message.snapshots_data, UnsetType):
        return list(message.snapshots_data)
    stickers = message.sticker_items
    copy = MessageSnapshot(
        type=message.type, content=message.content, embeds=list(message.embeds),
        attachments=list(message.attachments), timestamp=message.timestamp,
        edited_timestamp=message.edited_timestamp, flags_value=message.flags_value,
        mentions=list[User](message.mentions),
        mention_roles=list(message.mention_roles),
        sticker_items=[] if isinstance(stickers, UnsetType) else list(stickers),
        components=[] if isinstance(message.components, UnsetType) else list(message.components),
    )
    return [SnapshotEnvelope(message=copy)]
