"""discord.py's channel classes as *kinds* of the one :class:`Channel` model.

tidecord decodes every channel into :class:`Channel`; ``isinstance(channel,
TextChannel)`` asks about its ``type``, as discord.py programs expect:

>>> isinstance(Channel(id=1, type=1), DMChannel), isinstance(Channel(id=1, type=0), DMChannel)
(True, False)
"""

from __future__ import annotations

from typing import Any, ClassVar

from .channel import Channel
from .channel_type import TEXT_TYPES
from .member import Member
from .partial_channel import PartialChannel
from .user import User

__all__ = [
    "CategoryChannel",
    "Connectable",
    "DMChannel",
    "ForumChannel",
    "GroupChannel",
    "GuildChannel",
    "Messageable",
    "PartialMessageable",
    "PrivateChannel",
    "StageChannel",
    "TextChannel",
    "Thread",
    "UserKind",
    "VoiceChannel",
]

_PRIVATE_TYPES = frozenset({1, 3})


class _Kind(type):
    """Metaclass: an instance check is a test of the channel's ``type``."""

    types: frozenset[int] | None  # None: every guild channel
    others: tuple[type, ...]  # models that are of this kind whatever they hold

    def __instancecheck__(cls, obj: Any) -> bool:
        if isinstance(obj, cls.others):
            return True
        if not isinstance(obj, Channel):
            return False
        if isinstance(obj, PartialChannel):  # of no kind but these, as in discord.py
            return cls is PartialMessageable or cls is Messageable
        if cls is PartialMessageable:  # a channel the cache knows is never partial
            return False
        if cls.types is None:
            return obj.type not in _PRIVATE_TYPES
        return obj.type in cls.types

    def __subclasscheck__(cls, sub: Any) -> bool:
        return sub is cls or type.__subclasscheck__(cls, sub)


class _ChannelKind(metaclass=_Kind):
    types: ClassVar[frozenset[int] | None] = frozenset()
    others: ClassVar[tuple[type, ...]] = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # Building one makes a Channel, as decoding does.
        return Channel(*args, **kwargs)


class TextChannel(_ChannelKind):
    """A guild text or announcement channel."""

    types = frozenset({0, 5})


class VoiceChannel(_ChannelKind):
    """A guild voice channel."""

    types = frozenset({2})


class StageChannel(_ChannelKind):
    """A stage channel."""

    types = frozenset({13})


class CategoryChannel(_ChannelKind):
    """A category."""

    types = frozenset({4})


class ForumChannel(_ChannelKind):
    """A forum or media channel."""

    types = frozenset({15, 16})


class Thread(_ChannelKind):
    """A thread (announcement, public or private)."""

    types = frozenset({10, 11, 12})


class DMChannel(_ChannelKind):
    """A direct-message channel."""

    types = frozenset({1})


class GroupChannel(_ChannelKind):
    """A group DM."""

    types = frozenset({3})


class PrivateChannel(_ChannelKind):
    """A DM or group DM (``discord.abc.PrivateChannel``)."""

    types = _PRIVATE_TYPES


class GuildChannel(_ChannelKind):
    """Any channel of a guild (``discord.abc.GuildChannel``)."""

    types = None


class PartialMessageable(_ChannelKind):
    """A channel known by id alone that can ``send`` (``client.get_partial_messageable``)."""

    types = TEXT_TYPES


class Messageable(metaclass=_Kind):
    """Anything that can ``send`` (``discord.abc.Messageable``): text-like channels, users."""

    types: ClassVar[frozenset[int] | None] = TEXT_TYPES
    others: ClassVar[tuple[type, ...]] = (User, Member)

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("Messageable is an abstract kind")


class Connectable(metaclass=_Kind):
    """A channel one joins by voice (``discord.abc.Connectable``): voice and stage."""

    types: ClassVar[frozenset[int] | None] = frozenset({2, 13})
    others: ClassVar[tuple[type, ...]] = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("Connectable is an abstract kind")


class UserKind(metaclass=_Kind):
    """A user or a guild member (``discord.abc.User``)."""

    types: ClassVar[frozenset[int] | None] = frozenset()
    others: ClassVar[tuple[type, ...]] = (User, Member)

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("discord.abc.User is an abstract kind")


def kind_name(obj: Any) -> str:
    """The name of ``obj``'s discord.py class: a channel's kind (``VoiceChannel``),
    else its own class's, for messages that name what they were handed."""
    if isinstance(obj, PartialChannel):
        return "PartialMessageable"
    if isinstance(obj, Channel):
        for kind in (Thread, TextChannel, VoiceChannel, StageChannel, CategoryChannel,
                     ForumChannel, DMChannel, GroupChannel):
            if isinstance(obj, kind):
                return kind.__name__
    return type(obj).__name__
