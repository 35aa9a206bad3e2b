"""The system messages Discord posts on its own: a pin's notice (type 6), a member's
welcome in the system channel (type 7), a new thread's notice in its parent
(type 18), and in a thread the notices of someone added or removed by another
(types 1 and 2) and of a new name (type 4). Each is a message like any other:
stored, and sent as MESSAGE_CREATE after the event that caused it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import msgspec

from tidecord.models import (
    UNSET,
    Member,
    Message,
    MessageFlags,
    MessageReference,
    MessageType,
    Snowflake,
    User,
)
from tidecord.models.channel import Channel

from .guilds import GuildOps
from .messages import MessageOps

__all__ = ["SUPPRESS_JOIN_NOTIFICATIONS", "SystemMessageOps"]

#: Guild.system_channel_flags bit that turns the join messages off.
SUPPRESS_JOIN_NOTIFICATIONS = 1 << 0
_TEXT = 0
_PUBLIC_THREAD = 11


# A follower channel's copy of a published announcement.
IS_CROSSPOST: Final = MessageFlags.is_crossposted


class SystemMessageOps(MessageOps, GuildOps):
    """Pins, joins, thread creations, thread members and thread names, each followed
    by the message Discord posts."""

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
                int(guild.system_channel_flags) & SUPPRESS_JOIN_NOTIFICATIONS):
            self._post_notice(int(target), user.id, MessageType.new_member, "", None)
        return member

    def create_thread(self, parent_id: int, name: str, owner_id: int, *, type: int = 11,
                      message_id: int | None = None, auto_archive_duration: int = 1440,
                      invitable: bool = True, applied_tags: list[Snowflake] | None = None,
                      rate_limit_per_user: int | None = None) -> Channel:
        """Start a thread; a public one in a text channel, from no message, also posts
        "started a thread" in the parent, whose reference names the thread. From a
        message, that message now shows its thread: MESSAGE_UPDATE after THREAD_CREATE,
        as Discord's Start Thread from Message says it fires both."""
        thread = super().create_thread(parent_id, name, owner_id, type=type,
                                       message_id=message_id,
                                       auto_archive_duration=auto_archive_duration,
                                       invitable=invitable, applied_tags=applied_tags,
                                       rate_limit_per_user=rate_limit_per_user)
        parent = self.channel(parent_id)
        if message_id is not None:
            starter = self.message(parent.id, message_id)
            gid = self.guild_id_of(parent)
            self.emit("MESSAGE_UPDATE", self.gateway_message(starter, gid), guild_id=gid,
                      channel_id=int(parent.id), content_gated=self.content_gated(starter, gid))
        if message_id is None and type == _PUBLIC_THREAD and parent.type == _TEXT:
            gid = self.guild_id_of(parent)
            self._post_notice(parent.id, owner_id, MessageType.thread_created, name,
                              MessageReference(channel_id=Snowflake(thread.id),
                                               guild_id=Snowflake(gid) if gid else UNSET))
        return thread

    def set_thread_member(self, thread_id: int, user_id: int, member: bool, *,
                          by: int | None = None) -> None:
        """Add a user to a thread or take them off; when ``by`` is someone else, also
        post "``by`` added/removed ``user``" (type 1 / 2) in the thread, mentioning them.

        Discord's threads topic says these are sent when a user is added to or removed
        from a thread "by someone else", naming no thread type: so public and private
        threads alike (not checked against live Discord for public ones). Joining or
        leaving oneself posts nothing, nor does a call that changes nothing (adding a
        member already there answers 204 and no event)."""
        members = self.thread_members.get(int(thread_id), {})
        was_member = int(user_id) in members
        super().set_thread_member(thread_id, user_id, member)
        if by is None or int(by) == int(user_id) or was_member == member:
            return
        kind = MessageType.recipient_add if member else MessageType.recipient_remove
        self._post_notice(thread_id, by, kind, "", None, mentions=[int(user_id)])

    def update_channel(self, channel_id: int, *, by: int | None = None,
                       **changes: Any) -> Channel:
        """Change a channel (or thread); a thread given a new name also posts
        "``by`` changed the channel name" (type 4) in it, the new name as content (the
        bot when ``by`` is None). Renaming a channel that is not a thread posts nothing.

        The same name again is no change, so no notice (Discord's docs say the message
        is sent "when the thread's name is changed"; a same-name rename is unverified)."""
        before = self.channel(channel_id)
        after = super().update_channel(channel_id, **changes)
        if after.is_thread and isinstance(after.name, str) and after.name != before.name:
            self._post_notice(after.id, self.bot_user.id if by is None else by,
                              MessageType.channel_name_change, after.name, None)
        return after

    def _post_notice(self, channel_id: int, author_id: int, kind: MessageType, content: str,
                     reference: MessageReference | None, *,
                     mentions: Sequence[int] = ()) -> None:
        # Made without a reference (a reply's lookups do not apply), then given Discord's
        # reference and, for a notice about someone, that someone as its mention.
        made = self.create_message(channel_id, author_id, content=content, type=int(kind),
                                   dispatch=False)
        gid = self._gid(channel_id)
        message = msgspec.structs.replace(
            made, message_reference=reference if reference is not None else UNSET,
            mentions=self._mention_list(list(mentions), gid) if mentions else made.mentions)
        self.messages[message.channel_id][message.id] = message
        self.emit("MESSAGE_CREATE", self.gateway_message(message, gid), guild_id=gid,
                  channel_id=message.channel_id,
                  content_gated=self.content_gated(message, gid))

    def deliver_crosspost(self, message: Message) -> list[Message]:
        """A published announcement reaches each channel that follows its own, through
        that channel's follower webhook: a copy flagged IS_CROSSPOST whose reference names
        the original (not a reply: no referenced_message), pinging no one there."""
        gid = self._gid(message.channel_id)
        reference = MessageReference(
            message_id=Snowflake(message.id), channel_id=Snowflake(message.channel_id),
            guild_id=Snowflake(gid) if gid is not None else UNSET)
        copies = []
        for hook in list(self.webhooks.values()):
            source = hook.source_channel
            if hook.type != 2 or source is UNSET or hook.channel_id is None \
                    or source.id != int(message.channel_id):
                continue
            author = User(id=hook.id, username=hook.name or "", discriminator="0000",
                          avatar_hash=hook.avatar, bot_value=True, public_flags_value=0,
                          flags=0, global_name=None, primary_guild_data=None)
            made = self.create_message(
                hook.channel_id, hook.id, content=message.content, embeds=message.embeds,
                attachments=message.attachments, flags=IS_CROSSPOST, webhook_id=hook.id,
                author=author, default_parse=(), dispatch=False)
            copy = msgspec.structs.replace(made, message_reference=reference)
            where = self._gid(copy.channel_id)
            self.messages[copy.channel_id][copy.id] = copy
            self.emit("MESSAGE_CREATE", self.gateway_message(copy, where), guild_id=where,
                      channel_id=copy.channel_id, content_gated=self.content_gated(copy, where))
            copies.append(copy)
        return copies
