"""Reactions: who reacted to a message with which emoji, and the calls that add or
remove them."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import msgspec

from .base import UNSET, Model, TryValue, id_of
from .emoji import Emoji

__all__ = ["MessageReactions", "Reaction", "ReactionCountDetails", "ReactionType"]


class ReactionType(TryValue, enum.Enum):
    """Which reactions ``reaction.users(type=...)`` lists: the usual ones or the super
    reactions (``burst``)."""

    normal = 0
    burst = 1


class ReactionCountDetails(Model, gc=False, kw_only=True):
    burst: int = 0
    normal: int = 0


class Reaction(Model, kw_only=True):
    """How many reacted with one emoji, and whether the bot did."""

    # Tracked by the collector (no ``gc=False``): ``_message`` points back at the
    # message whose ``reactions`` hold this one, and a cycle through an untracked
    # object is one the collector cannot see, so every message that got a reaction
    # while cached stayed in memory for good.

    count: int
    count_details: ReactionCountDetails = msgspec.field(default_factory=ReactionCountDetails)
    me: bool = False
    me_burst: bool = False
    # ``emoji`` on the wire; read as ``emoji``, which is a str for a Unicode one.
    emoji_data: Emoji = msgspec.field(name="emoji")
    burst_colors: list[str] = []
    # The cached message this reaction is on (set by the client); never on the wire.
    _message: Any = UNSET

    @property
    def emoji(self) -> Emoji | str:
        """The emoji, as discord.py gives it: the text of a Unicode one (a ``str``, so
        ``isinstance(reaction.emoji, str)`` tells the two apart), else the guild's
        ``Emoji`` when cached, else a ``PartialEmoji``."""
        emoji = self.emoji_data
        return (emoji.name or "") if emoji.id is None else emoji

    @emoji.setter
    def emoji(self, value: Emoji) -> None:
        self.emoji_data = value

    def __eq__(self, other: object) -> bool:
        # As discord.py: a reaction is its emoji, whatever its count.
        return isinstance(other, Reaction) and other.emoji_data == self.emoji_data

    def __hash__(self) -> int:
        return hash(self.emoji_data)

    def __str__(self) -> str:  # what a bot sends: f"{reaction} x{reaction.count}"
        return str(self.emoji_data)

    def __repr__(self) -> str:  # not the struct's: that would print the whole message
        return f"<Reaction emoji={self.emoji!r} me={self.me} count={self.count}>"

    @property
    def message(self) -> Any:
        """The message this reaction is on."""
        return self._message

    def is_custom_emoji(self) -> bool:
        """Whether the emoji is a guild's custom emoji."""
        return self.emoji_data.id is not None

    @property
    def normal_count(self) -> int:
        """How many reacted the usual way (not with a super reaction)."""
        return self.count_details.normal or (self.count - self.count_details.burst)

    @property
    def burst_count(self) -> int:
        """How many reacted with a super reaction."""
        return self.count_details.burst

    def users(self, *, limit: int | None = None, after: Any = None,
              type: ReactionType | None = None) -> Any:
        """``async for user in reaction.users()``: who reacted (``limit``: all of them,
        as counted), 100 a page by user id after ``after``, each page highest id first;
        a guild's cached members as members, as discord.py gives them. ``type``: the
        usual reactions (Discord's default) or ``ReactionType.burst``, the super ones."""
        message = self._message
        if message is UNSET:
            raise TypeError("this reaction is not on a known message")
        return message._state.reaction_users(
            message.channel_id, message.id, self.emoji_data, message.guild_id,
            limit=self.count if limit is None else limit, after=after,
            type=None if type is None else type.value)

    async def remove(self, user: Any) -> None:
        """Take ``user``'s reaction off (someone else's needs Manage Messages)."""
        await self._message.remove_reaction(self.emoji_data, user)

    async def clear(self) -> None:
        """Take every reaction with this emoji off the message (Manage Messages)."""
        await self._message.clear_reaction(self.emoji_data)


class MessageReactions:
    """The calls that add a message's reactions or take them off (mixed into
    :class:`~tidecord.Message`, whose ``reactions`` lists them)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: int
        channel_id: int

    async def add_reaction(self, emoji: Any) -> None:
        """React with a Unicode emoji (``"👍"``) or a custom one."""
        await self._state.http.add_reaction(self.channel_id, self.id, emoji)

    async def remove_reaction(self, emoji: Any, member: Any = None) -> None:
        """Remove a reaction (the bot's own when ``member`` is ``None`` or the bot)."""
        user_id = None if member is None else id_of(member, "member")
        me = self._state.user
        if me is not None and user_id == me.id:
            user_id = None
        await self._state.http.remove_reaction(self.channel_id, self.id, emoji, user_id)

    async def clear_reactions(self) -> None:
        """Remove every reaction."""
        await self._state.http.clear_reactions(self.channel_id, self.id)

    async def clear_reaction(self, emoji: Any) -> None:
        """Remove every reaction with ``emoji`` (Manage Messages)."""
        await self._state.http.clear_reaction(self.channel_id, self.id, emoji)
