"""Who asked, where, and through which client: one answer for every kind of subject.

A *subject* is what a check, a cooldown or a converter is handed: a prefix
command's ``Context``, an ``Interaction`` (slash commands, components) or a plain
``Message``. Each kind is registered once here with how to read its author,
guild, channel, client and message; everything else in :mod:`tidecord.commands`
asks these functions and never tests types itself.

>>> author_of(message) is message.author      # doctest: +SKIP
True

A type that is not registered (a front-end's ``Context``, or a user's own class)
is read by attribute, the shape discord.py's ``Context`` has: ``author``,
``guild``, ``channel``, ``bot`` (or ``client``) and ``message``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..interactions import Interaction as HandedInteraction
from ..models import UNSET, Interaction, Message, Permissions
from ..models.permissions import DM_PERMISSIONS

__all__ = [
    "Reader",
    "author_of",
    "bot_permissions_of",
    "channel_of",
    "client_of",
    "dm_permissions",
    "guild_of",
    "me_of",
    "message_of",
    "permissions_of",
    "register",
]

Getter = Callable[[Any], Any]


class Reader(NamedTuple):
    """How to read one kind of subject."""

    author: Getter
    guild: Getter
    channel: Getter
    client: Getter
    message: Getter
    # The member's permissions as Discord computed them (interactions carry them),
    # or None to compute them from the cache.
    permissions: Getter
    bot_permissions: Getter


_REGISTERED: dict[type, Reader] = {}
# Every type seen so far -> its reader (a registered base's, found once by MRO).
_READERS: dict[type, Reader] = {}


def register(cls: type, reader: Reader) -> None:
    """Teach the adapter a new kind of subject; its subclasses are read the same way."""
    _REGISTERED[cls] = reader
    _READERS.clear()


def _reader(obj: Any) -> Reader:
    kind = type(obj)
    reader = _READERS.get(kind)
    if reader is None:
        reader = next((_REGISTERED[base] for base in kind.__mro__ if base in _REGISTERED),
                      _BY_ATTRIBUTE)
        _READERS[kind] = reader
    return reader


def author_of(obj: Any) -> Any:
    """The person who asked: a ``Member`` in a guild (when known), else a ``User``."""
    return _reader(obj).author(obj)


def guild_of(obj: Any) -> Any:
    """The cached guild it happened in, or ``None`` (a DM, or a guild not cached)."""
    return _reader(obj).guild(obj)


def channel_of(obj: Any) -> Any:
    """The channel it happened in (cached, else a partial one that can ``send``)."""
    return _reader(obj).channel(obj)


def client_of(obj: Any) -> Any:
    """The client (or bot) that received it."""
    return _reader(obj).client(obj)


def message_of(obj: Any) -> Any:
    """The message behind it, or ``None`` for an interaction."""
    return _reader(obj).message(obj)


def me_of(obj: Any) -> Any:
    """The bot itself where it happened: its ``Member`` in a guild, else its user."""
    guild = guild_of(obj)
    if guild is not None:
        me = guild.me
        if me is not None:
            return me
    return client_of(obj).user


def dm_permissions() -> Permissions:
    """What anyone may do in a direct message, as discord.py reports it."""
    return Permissions(DM_PERMISSIONS)


def permissions_of(obj: Any) -> Permissions:
    """What the author may do in the channel: Discord's answer for an interaction,
    else roles then the channel's overwrites; everything text-like in a DM."""
    reader = _reader(obj)
    given = reader.permissions(obj)
    if given is not None:
        return given  # type: ignore[no-any-return]
    return _computed(obj, author_of(obj))


def bot_permissions_of(obj: Any) -> Permissions:
    """What the bot may do in the channel (the interaction's ``app_permissions``)."""
    reader = _reader(obj)
    given = reader.bot_permissions(obj)
    if given is not None:
        return given  # type: ignore[no-any-return]
    return _computed(obj, me_of(obj))


def _computed(obj: Any, who: Any) -> Permissions:
    channel = channel_of(obj)
    if channel is None or guild_of(obj) is None or not channel.guild_id:
        return dm_permissions()
    return channel.permissions_for(who)  # type: ignore[no-any-return]


# -- the kinds tidecord knows -----------------------------------------------------------

def _none(obj: Any) -> None:
    return None


def _client_of_state(obj: Any) -> Any:
    # The dispatcher's owner is the client whose handlers receive the event.
    return obj._state.dispatcher.owner


_MESSAGE = Reader(
    author=lambda m: m.author,
    guild=lambda m: m.guild,
    channel=lambda m: m.channel,
    client=_client_of_state,
    message=lambda m: m,
    permissions=_none,
    bot_permissions=_none,
)


def _interaction_guild(i: Any) -> Any:
    if i.guild_id is UNSET:
        return None
    return i._state.cache.guilds.get(i.guild_id)


def _interaction_channel(i: Any) -> Any:
    if i.channel_id is UNSET:
        return None
    return i._state.channel_for(i.channel_id, i.guild_id)


def _interaction_client(i: Any) -> Any:
    client = getattr(type(i), "client", None)
    if isinstance(client, property):
        return i.client
    return _client_of_state(i)


def _interaction_permissions(i: Any) -> Any:
    member = i.member
    if member is not UNSET and member.permissions is not UNSET:
        return member.permissions
    return dm_permissions() if i.guild_id is UNSET else None


def _interaction_bot_permissions(i: Any) -> Any:
    given = i.app_permissions
    return None if given is UNSET else given


_INTERACTION = Reader(
    # The parser makes ``user`` the Member in guilds, as discord.py does.
    author=lambda i: i.user if i.user is not UNSET else i.invoker,
    guild=_interaction_guild,
    channel=_interaction_channel,
    client=_interaction_client,
    message=_none,
    permissions=_interaction_permissions,
    bot_permissions=_interaction_bot_permissions,
)


def _attribute_client(obj: Any) -> Any:
    bot = getattr(obj, "bot", None)
    return bot if bot is not None else obj.client


def _via_interaction(getter: Getter) -> Getter:
    # A context made from an interaction (a hybrid command) has Discord's answer,
    # read as that interaction's own kind is read.
    def read(obj: Any) -> Any:
        interaction = getattr(obj, "interaction", None)
        return None if interaction is None else getter(interaction)

    return read


_BY_ATTRIBUTE = Reader(
    author=lambda o: o.author,
    guild=lambda o: o.guild,
    channel=lambda o: o.channel,
    client=_attribute_client,
    message=lambda o: getattr(o, "message", None),
    permissions=_via_interaction(permissions_of),
    bot_permissions=_via_interaction(bot_permissions_of),
)

# The Interaction handlers receive (tidecord.interactions): discord.py's attributes.
_HANDED_INTERACTION = Reader(
    author=lambda i: i.user,
    guild=lambda i: i.guild,
    channel=lambda i: i.channel,
    client=lambda i: i.client,
    message=_none,
    permissions=lambda i: i.permissions,
    bot_permissions=lambda i: i.app_permissions,
)

register(Message, _MESSAGE)
register(Interaction, _INTERACTION)
register(HandedInteraction, _HANDED_INTERACTION)
