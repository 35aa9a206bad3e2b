"""Binding: decoded payloads made into live models, for every gateway message.

The models a client decodes get their ``_state`` (and members their guild) here,
messages' authors and mentions become Members in guilds as discord.py hands them
out, and timestamps their accessors would fail to read are refused up front.
``bind_message`` and ``bind_member`` run for every message: keep them lean.
"""

from __future__ import annotations

import datetime
from typing import Any, Final

import msgspec

from ..cache import Cache
from ..models import UNSET, Channel, Emoji, Member, Message, decoder
from ..models.component_parts import partial_emoji
from ..models.partial_channel import NamelessDM, partial_channel
from ..models.user import client_user_or
from ..rest.responses import decode_body

__all__ = ["BindingState"]

_MESSAGE: Final[msgspec.json.Decoder[Message]] = decoder(Message)
_CHANNEL: Final[msgspec.json.Decoder[Channel]] = decoder(Channel)
_MEMBER: Final[msgspec.json.Decoder[Member]] = decoder(Member)
_MEMBERS: Final[msgspec.json.Decoder[list[Member]]] = decoder(list[Member])
_GUILD_MEMBERS: Final = 1 << 1  # the members intent's bit


class BindingState:
    """Mixin of :class:`~tidecord.events.state.State`: models attached to the client."""

    cache: Cache
    intents: Any

    # -- binding ---------------------------------------------------------------
    def bind_message(self, msg: Message) -> Message:
        """Attach state, and make ``author`` a Member in guilds (as discord.py does).

        A timestamp the message's accessors would fail to read raises ValueError
        here, so that the event is skipped (and logged), not user code broken later.
        """
        if msg.edited_timestamp is not None:
            _iso(msg.edited_timestamp, "edited_timestamp")
        msg._state = self
        author = msg.author
        gid = msg.guild_id
        reactions = msg.reactions_data
        if reactions:  # a REST message's (the gateway's MESSAGE_CREATE has none)
            for reaction in reactions:
                reaction._message = msg
                reaction.emoji_data = self.reaction_emoji(reaction.emoji_data)
        if msg.mentions:
            self._bind_mentions(msg, gid)
        for attachment in msg.attachments:
            attachment._state = self
        if gid is not UNSET:
            member = msg.member
            if member is not UNSET:
                # As discord.py: the cached member, so that the author code holds
                # is the one events change (``ctx.author.roles`` after an
                # ``add_roles``); without the members intent no event does, and
                # the message's word refreshes it.
                intents = self.intents
                refresh = intents is None or not intents.value & _GUILD_MEMBERS
                if not refresh:
                    # Events keep the record: the message's copy is not needed
                    # (binding it, its roles shared, cost 5% of a message).
                    cached = self.cache.made_member(gid, author.id)
                    if cached is not None:
                        msg.author = msg.member = cached  # type: ignore[assignment]
                        return msg
                self.bind_member(member, gid)
                member.user = author
                msg.author = (self.cache.message_author(gid, member, refresh)  # type: ignore[assignment]
                              or member)
                return msg
            # No member sent (a REST message, a command's target): the cached member
            # if there is one, as discord.py hands out.
            cached = self.cache.get_member(gid, author.id)
            if cached is not None:
                msg.author = cached  # type: ignore[assignment]
                return msg
        author._state = self
        msg.author = client_user_or(self, author)  # a DM the bot sent: its own user
        return msg

    def _bind_mentions(self, msg: Message, guild_id: Any) -> None:
        # In guilds discord.py hands out Members here (``for m in message.mentions:
        # await m.add_roles(...)``): the partial member Discord sends, made whole.
        mentions: list[Any] = []
        for user in msg.mentions:
            user._state = self
            member = user.member
            if guild_id is not UNSET and member is not UNSET:
                self.bind_member(member, guild_id)
                user.member = UNSET  # no member -> user -> member cycle (gc=False structs)
                member.user = user
                mentions.append(member)
            else:
                mentions.append(client_user_or(self, user))
        msg.mentions = mentions

    def bind_member(self, member: Member, guild_id: Any) -> Member:
        """Attach state and guild to a member from an event, roles shared as in the cache.

        Its timestamps are checked as :meth:`bind_message` checks a message's.
        """
        joined = member.joined_at_iso
        if joined is not None:
            try:
                _from_iso(joined)  # inline: every message in a guild comes with one
            except ValueError:
                _iso(joined, "joined_at")
        if isinstance(member.premium_since_iso, str):
            _iso(member.premium_since_iso, "premium_since")
        if isinstance(member.communication_disabled_until, str):
            _iso(member.communication_disabled_until, "communication_disabled_until")
        member._guild_id = guild_id
        member._state = self
        member.role_set = self.cache.share_roles(guild_id, member.role_set)  # type: ignore[assignment]
        return member

    def message_from(self, data: bytes | None, guild_id: Any = UNSET) -> Message:
        """A REST message body, decoded and bound (in ``guild_id``, for a channel the
        cache does not hold yet: a forum post's first message)."""
        return self.bind_in_channel(decode_body(_MESSAGE, data), guild_id)

    def bind_in_channel(self, msg: Message, guild_id: Any = UNSET) -> Message:
        """A message REST sent (no ``guild_id`` in it), bound with its guild: ``guild_id``,
        else its cached channel's."""
        if msg.guild_id is UNSET:
            if guild_id is UNSET:
                channel = self.cache.channels.get(msg.channel_id)
                if channel is not None:
                    guild_id = channel.guild_id
            if guild_id is not UNSET and guild_id is not None:
                msg.guild_id = guild_id
        return self.bind_message(msg)

    def channel_from(self, data: bytes | None) -> Channel:
        """A REST channel body, decoded and bound. Not cached: the gateway's
        CHANNEL_* / THREAD_* events keep the cache, in their order."""
        channel = decode_body(_CHANNEL, data)
        channel._state = self
        return channel

    def created_channel(self, data: bytes | None) -> Channel:
        """A guild channel the bot just made (or cloned), decoded, bound and cached at
        once, as discord.py caches it: ``category.voice_channels`` and
        ``guild.get_channel`` know it before CHANNEL_CREATE comes (which then replaces
        it, and is dispatched as ever)."""
        channel = self.channel_from(data)
        self.cache.add_channel(channel)
        return channel

    def reaction_emoji(self, emoji: Emoji) -> Emoji:
        """A reaction's emoji as discord.py gives it: a custom one is the cached
        :class:`Emoji` (its ``guild`` known), else a :class:`PartialEmoji` (another
        guild's, or one deleted since); a Unicode one stays as it came."""
        if emoji.id is None:
            return emoji
        for guild in self.cache.guilds.values():
            for own in guild.emojis:
                if own.id == emoji.id:
                    return own
        return partial_emoji(emoji)  # type: ignore[no-any-return]

    def channel_for(self, channel_id: int, guild_id: Any = UNSET) -> Channel:
        """The cached channel, else a partial one that can still ``send``."""
        channel = self.cache.channels.get(channel_id)
        if channel is not None:
            return channel
        if guild_id is not UNSET:  # as discord.py: a PartialMessageable, with no name
            return partial_channel(self, channel_id, guild_id)
        # A DM not cached yet is a DM channel whose other person is unknown, as
        # discord.py makes one from the message.
        dm = NamelessDM(id=channel_id, type=1)
        dm._state = self
        return dm

    def members_page(self, guild_id: int, data: bytes | None) -> list[Member]:
        """A page of ``GET /guilds/{id}/members``, bound, the cache left as it is."""
        return [self.bind_member(member, guild_id)
                for member in decode_body(_MEMBERS, data)]

    def member_from(self, guild_id: int, data: bytes | None) -> Member | None:
        """A REST member body (``None`` for an empty answer), bound, the cache left as
        it is (its GUILD_MEMBER_UPDATE keeps the cache)."""
        if not data:
            return None
        return self.bind_member(decode_body(_MEMBER, data), guild_id)


_from_iso: Final = datetime.datetime.fromisoformat


def _iso(text: str, field: str) -> None:
    """Raise ValueError naming ``field`` unless ``text`` is an ISO 8601 time."""
    try:
        datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{field}: {text[:40]!r} is not an ISO 8601 timestamp") from None
