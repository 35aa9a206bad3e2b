"""Payloads of the ``on_raw_*`` events: what the gateway said, plus what the cache had."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from ..models import UNSET
from ..models.base import enum_of
from ..models.colour import Colour
from ..models.component_parts import partial_emoji
from ..models.reaction import ReactionType

__all__ = [
    "RawBulkMessageDeleteEvent",
    "RawIntegrationDeleteEvent",
    "RawMemberRemoveEvent",
    "RawMessageDeleteEvent",
    "RawMessageUpdateEvent",
    "RawPollVoteActionEvent",
    "RawReactionActionEvent",
    "RawReactionClearEmojiEvent",
    "RawReactionClearEvent",
    "RawThreadDeleteEvent",
    "RawThreadMembersUpdate",
    "RawThreadUpdateEvent",
    "RawTypingEvent",
]


def _opt(value: Any) -> Any:
    return None if value is UNSET else value


class _Raw:
    __slots__: tuple[str, ...] = ()

    def __repr__(self) -> str:
        names = [n for kind in reversed(type(self).__mro__)
                 for n in getattr(kind, "__slots__", ()) if "cached" not in n]
        shown = " ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"<{type(self).__name__} {shown}>"


class RawMessageDeleteEvent(_Raw):
    """MESSAGE_DELETE; ``cached_message`` is the deleted message if it was cached."""

    __slots__ = ("cached_message", "channel_id", "guild_id", "message_id")

    def __init__(self, message_id: int, channel_id: int, guild_id: Any, cached: Any) -> None:
        self.message_id = message_id
        self.channel_id = channel_id
        self.guild_id = _opt(guild_id)
        self.cached_message = cached


class RawBulkMessageDeleteEvent(_Raw):
    """MESSAGE_DELETE_BULK; ``cached_messages`` lists those that were cached."""

    __slots__ = ("cached_messages", "channel_id", "guild_id", "message_ids")

    def __init__(self, ids: Sequence[int], channel_id: int, guild_id: Any,
                 cached: list[Any]) -> None:
        self.message_ids = set(ids)
        self.channel_id = channel_id
        self.guild_id = _opt(guild_id)
        self.cached_messages = cached


class RawMessageUpdateEvent(_Raw):
    """MESSAGE_UPDATE: ``data`` is the payload as a dict, ``message`` the new message."""

    __slots__ = ("cached_message", "channel_id", "data", "guild_id", "message", "message_id")

    def __init__(self, data: dict[str, Any], message: Any, cached: Any) -> None:
        self.data = data
        self.message_id = int(data["id"])
        self.channel_id = int(data["channel_id"])
        gid = data.get("guild_id")
        self.guild_id = int(gid) if gid is not None else None
        self.message = message
        self.cached_message = cached


class RawReactionActionEvent(_Raw):
    """MESSAGE_REACTION_ADD / REMOVE. ``event_type`` is ``REACTION_ADD`` or ``REACTION_REMOVE``."""

    __slots__ = (
        "burst", "burst_colours", "channel_id", "emoji", "event_type", "guild_id", "member",
        "message_author_id", "message_id", "type", "user_id",
    )

    def __init__(self, event: Any, event_type: str, member: Any) -> None:
        self.message_id = event.message_id
        self.channel_id = event.channel_id
        self.guild_id = _opt(event.guild_id)
        self.user_id = event.user_id
        # discord.py's raw events carry a PartialEmoji, a guild's custom one too (its
        # repr, and isinstance(payload.emoji, PartialEmoji), say so).
        self.emoji = partial_emoji(event.emoji)
        self.member = member
        self.event_type = event_type
        self.burst = event.burst
        colours = event.burst_colors
        self.burst_colours = [] if colours is UNSET else [Colour.from_str(c) for c in colours]
        self.type = enum_of(ReactionType, event.type)
        self.message_author_id = _opt(event.message_author_id)

    @property
    def burst_colors(self) -> list[Colour]:
        """:attr:`burst_colours`, spelled the American way."""
        return self.burst_colours


class RawPollVoteActionEvent(_Raw):
    """MESSAGE_POLL_VOTE_ADD / REMOVE: who voted for which answer of which message."""

    __slots__ = ("answer_id", "channel_id", "guild_id", "message_id", "user_id")

    def __init__(self, event: Any) -> None:
        self.user_id = event.user_id
        self.channel_id = event.channel_id
        self.message_id = event.message_id
        self.guild_id = _opt(event.guild_id)
        self.answer_id = event.answer_id


class RawReactionClearEvent(_Raw):
    """MESSAGE_REACTION_REMOVE_ALL / REMOVE_EMOJI (``emoji`` set for the latter)."""

    __slots__ = ("channel_id", "emoji", "guild_id", "message_id")

    def __init__(self, message_id: int, channel_id: int, guild_id: Any, emoji: Any) -> None:
        self.message_id = message_id
        self.channel_id = channel_id
        self.guild_id = _opt(guild_id)
        self.emoji = None if emoji is None else partial_emoji(emoji)


class RawReactionClearEmojiEvent(RawReactionClearEvent):
    """MESSAGE_REACTION_REMOVE_EMOJI: every reaction of one ``emoji`` removed."""

    __slots__ = ()


class RawMemberRemoveEvent(_Raw):
    """GUILD_MEMBER_REMOVE: the user who left, and from where."""

    __slots__ = ("guild_id", "user")

    def __init__(self, user: Any, guild_id: int) -> None:
        self.user = user
        self.guild_id = guild_id


class RawTypingEvent(_Raw):
    """TYPING_START."""

    __slots__ = ("channel_id", "guild_id", "timestamp", "user", "user_id")

    def __init__(self, event: Any, user: Any) -> None:
        self.channel_id = event.channel_id
        self.guild_id = _opt(event.guild_id)
        self.user_id = event.user_id
        self.user = user
        self.timestamp = datetime.datetime.fromtimestamp(event.timestamp, tz=datetime.UTC)


class _RawThread(_Raw):
    """What THREAD_UPDATE and THREAD_DELETE say of a thread, by id."""

    __slots__ = ("guild_id", "parent_id", "thread", "thread_id", "thread_type")

    def __init__(self, thread: Any, cached: Any) -> None:
        self.thread_id = thread.id
        self.thread_type = thread.type  # a ChannelType when known (the model makes it one)
        self.guild_id = _opt(thread.guild_id)
        self.parent_id = _opt(thread.parent_id)
        self.thread = cached


class RawThreadUpdateEvent(_RawThread):
    """THREAD_UPDATE: ``data`` is the payload as a dict; ``thread`` the cached thread
    (None if the cache did not have it)."""

    __slots__ = ("data",)

    def __init__(self, thread: Any, data: dict[str, Any], cached: Any) -> None:
        super().__init__(thread, cached)
        self.data = data


class RawThreadDeleteEvent(_RawThread):
    """THREAD_DELETE; ``thread`` is the deleted thread if it was cached."""

    __slots__ = ()


class RawThreadMembersUpdate(_Raw):
    """THREAD_MEMBERS_UPDATE, for ``on_raw_thread_member_remove``: ``data`` is the
    payload as a dict (``removed_member_ids`` among it)."""

    __slots__ = ("data", "guild_id", "member_count", "thread_id")

    def __init__(self, event: Any, data: dict[str, Any]) -> None:
        self.thread_id = event.id
        self.guild_id = event.guild_id
        self.member_count = event.member_count
        self.data = data


class RawIntegrationDeleteEvent(_Raw):
    """INTEGRATION_DELETE: which integration left which guild (and, for a bot's, its
    application); discord.py dispatches it as ``on_raw_integration_delete``."""

    __slots__ = ("application_id", "guild_id", "integration_id")

    def __init__(self, integration_id: int, guild_id: int, application_id: int | None) -> None:
        self.integration_id = integration_id
        self.guild_id = guild_id
        self.application_id = application_id
