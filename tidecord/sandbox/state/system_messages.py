"""The system messages Discord posts on its own: a pin's notice (type 6), a member's
welcome in the system channel (type 7), and a new thread's notice in its parent
(type 18). Each is a message like any other: stored, and sent as MESSAGE_CREATE
after the event that caused it."""

from __future__ import annotations

import msgspec

from tidecord.models import UNSET, Member, MessageReference, MessageType, Snowflake, User
from tidecord.models.channel import Channel

from .guilds import GuildOps
from .messages import MessageOps

__all__ = ["SUPPRESS_JOIN_NOTIFICATIONS", "SystemMessageOps"]

#: Guild.system_channel_flags bit that turns the join messages off.
SUPPRESS_JOIN_NOTIFICATIONS = 1 << 0
_TEXT = 0
_PUBLIC_THREAD = 11


class SystemMessageOps(MessageOps, GuildOps):
    """Pins, joins and thread creations, each followed by the message Discord posts."""

    def pin(self, channel_id: int, message_id: int, pinned: bool = True, *,
            by: int | None = None) -> None:
        """Pin or unpin a message; a new pin also posts "``by`` pinned a message" (the
        bot when ``by`` is None), referring to the pinned message."""
        was_pinned = int(message_id) in self.pins.get(int(channel_id), {})
        super().pin(channel_id, message_id, pinned)
        if pinned and not was_pinned:
            gid = self._gid(channel_id)
            # Discord's pin notice names the pinned message but carries no copy of it
            # (referenced_message comes only with types 19, 21 and 23).
            self._post_notice(channel_id, self.bot_user.id if by is None else by,
                              MessageType.pins_add, "", MessageReference(
                                  message_id=Snowflake(message_id),
                                  channel_id=Snowflake(channel_id),
                                  guild_id=Snowflake(gid) if gid is not None else UNSET))

    def add_member(self, guild_id: int, user: User) -> Member:
        """A user joins: GUILD_MEMBER_ADD, then the welcome in the system channel,
        authored by the newcomer, unless the guild has none or suppresses joins."""
        member = super().add_member(guild_id, user)
        guild = self.guild(guild_id)
        target = guild.system_channel_id
        if target is not None and int(target) in self.channels and not (
                guild.system_channel_flags & SUPPRESS_JOIN_NOTIFICATIONS):
            self._post_notice(int(target), user.id, MessageType.new_member, "", None)
        return member

    def create_thread(self, parent_id: int, name: str, owner_id: int, *, type: int = 11,
                      message_id: int | None = None,
                      auto_archive_duration: int = 1440) -> Channel:
        """Start a thread; a public one in a text channel, from no message, also posts
        "started a thread" in the parent, whose reference names the thread."""
        thread = super().create_thread(parent_id, name, owner_id, type=type,
                                       message_id=message_id,
                                       auto_archive_duration=auto_archive_duration)
        parent = self.channel(parent_id)
        if message_id is None and type == _PUBLIC_THREAD and parent.type == _TEXT:
            gid = self.guild_id_of(parent)
            self._post_notice(parent.id, owner_id, MessageType.thread_created, name,
                              MessageReference(channel_id=Snowflake(thread.id),
                                               guild_id=Snowflake(gid) if gid else UNSET))
        return thread

    def _post_notice(self, channel_id: int, author_id: int, kind: MessageType, content: str,
                     reference: MessageReference | None) -> None:
        # Made without a reference (a reply's lookups and pings do not apply), then
        # given Discord's reference and sent.
        made = self.create_message(channel_id, author_id, content=content, type=int(kind),
                                   dispatch=False)
        message = msgspec.structs.replace(
            made, message_reference=reference if reference is not None else UNSET)
        self.messages[message.channel_id][message.id] = message
        gid = self._gid(channel_id)
        self.emit("MESSAGE_CREATE", self.gateway_message(message, gid), guild_id=gid,
                  channel_id=message.channel_id,
                  content_gated=self.content_gated(message, gid))
