"""Text -> messages, emoji, colours and timestamps.

A message lookup can fail three ways (no such channel, no such message, a channel
the bot may not read): it raises :class:`Unresolved` saying which, and each
front-end raises its own error (``ChannelNotFound``, ``MessageNotFound``,
``ChannelNotReadable``).
"""

from __future__ import annotations

import datetime
import inspect
import re
from typing import Any, Final

from ...models import Emoji, Message, Snowflake
from ...models.colour import Colour
from ...models.kinds import Messageable
from ...rest import Forbidden, NotFound
from ...utils import TIMESTAMP_PATTERN
from ..subject import channel_of, client_of, guild_of
from .ids import MessageIds, emoji_id, message_ids

__all__ = [
    "Unresolved", "colour", "emoji", "message", "partial_emoji", "partial_message", "timestamp",
]


class Unresolved(LookupError):
    """A lookup failed: ``what`` is ``"message"``, ``"channel"`` or ``"unreadable"``;
    ``argument`` is the text, the channel id, or the unreadable channel."""

    def __init__(self, what: str, argument: Any) -> None:
        super().__init__(what, argument)
        self.what = what
        self.argument = argument


def _channel(subject: Any, guild_id: Any, channel_id: int) -> Any:
    client = client_of(subject)
    if guild_id is ...:
        here = guild_of(subject)
        guild_id = here.id if here is not None else None
    if guild_id is None:
        return client.get_channel(channel_id)
    guild = client.get_guild(guild_id)
    return None if guild is None else guild.get_channel_or_thread(channel_id)


def _channel_id(subject: Any, where: MessageIds) -> int:
    """The channel named, else the one the command was used in: looked up by id like
    a named one, as discord.py does (so in a DM the bot has not cached, a bare message
    id finds no channel there either)."""
    return where.channel if where.channel is not None else int(channel_of(subject).id)


def _messageable(channel: Any) -> bool:
    return channel is not None and isinstance(channel, Messageable)


def partial_message(subject: Any, text: str) -> Message:
    """A message known by id (``id``, ``channel-id`` or a link), without asking Discord."""
    where = message_ids(text)
    if where is None:
        raise Unresolved("message", text)
    channel_id = _channel_id(subject, where)
    channel = _channel(subject, where.guild, channel_id)
    if not _messageable(channel):
        raise Unresolved("channel", channel_id)
    return channel.get_partial_message(where.message)  # type: ignore[no-any-return]


async def message(subject: Any, text: str) -> Message:
    """The message ``text`` points at: the cache, else fetched from its channel."""
    where = message_ids(text)
    if where is None:
        raise Unresolved("message", text)
    cached = client_of(subject)._connection.cache.get_message(where.message)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    channel_id = _channel_id(subject, where)
    channel = _channel(subject, where.guild, channel_id)
    if not _messageable(channel):
        raise Unresolved("channel", channel_id)
    try:
        return await channel.fetch_message(where.message)  # type: ignore[no-any-return]
    except NotFound:
        raise Unresolved("message", text) from None
    except Forbidden:
        raise Unresolved("unreadable", channel) from None


def emoji(subject: Any, text: str) -> Emoji | None:
    """A custom emoji of a cached guild: by id or ``<:name:id>``, else by name (this
    guild's first)."""
    guilds = list(client_of(subject).guilds)
    eid = emoji_id(text)
    if eid is not None:
        return next((e for g in guilds for e in g.emojis if e.id == eid), None)
    here = guild_of(subject)
    if here is not None:
        guilds.insert(0, here)
    return next((e for g in guilds for e in g.emojis if e.name == text), None)


_PARTIAL_EMOJI: Final = re.compile(r"<(a?):([a-zA-Z0-9_]{1,32}):([0-9]{15,20})>$")


def partial_emoji(text: str) -> Emoji | None:
    """``<:name:id>`` or ``<a:name:id>`` as an emoji (no cache needed)."""
    match = _PARTIAL_EMOJI.match(text)
    if match is None:
        return None
    return Emoji(id=Snowflake(match.group(3)), name=match.group(2),
                 animated=bool(match.group(1)))


_RGB: Final = re.compile(
    r"rgb\s*\((?P<r>[0-9.]+%?)\s*,\s*(?P<g>[0-9.]+%?)\s*,\s*(?P<b>[0-9.]+%?)\s*\)$"
)


def _hex(digits: str) -> Colour | None:
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    try:
        value = int(digits, 16)
    except ValueError:
        return None
    return Colour(value) if 0 <= value <= 0xFFFFFF else None


def _channel_value(text: str) -> int | None:
    try:
        if text.endswith("%"):
            share = float(text[:-1])
            return round(255 * share / 100) if 0 <= share <= 100 else None
        value = int(text)
    except ValueError:
        return None
    return value if 0 <= value <= 255 else None


def colour(text: str) -> Colour | None:
    """``#rrggbb``, ``#rgb``, ``0xrrggbb``, ``0x#rrggbb``, ``rgb(r, g, b)`` (numbers or
    percentages), or a named colour (``blue``, ``dark teal``); ``None`` otherwise."""
    if text.startswith("#"):
        return _hex(text[1:])
    if text.startswith("0x"):
        return _hex(text[2:].removeprefix("#"))
    lowered = text.lower()
    if lowered.startswith("rgb"):
        match = _RGB.match(lowered)
        if match is None:
            return None
        parts = [_channel_value(match.group(k)) for k in "rgb"]
        if any(p is None for p in parts):
            return None
        r, g, b = parts
        return Colour.from_rgb(r, g, b)  # type: ignore[arg-type]
    name = lowered.replace(" ", "_")
    maker = getattr(Colour, name, None)
    if name.startswith(("from_", "_")) or maker is None or not inspect.ismethod(maker):
        return None
    made = maker()
    return made if isinstance(made, Colour) else None


def timestamp(text: str) -> datetime.datetime | None:
    """A text starting with Discord's ``<t:1700000000:R>`` marker -> that moment, in UTC
    (the marker carries no time zone); ``None`` otherwise. A moment out of range raises
    (``OverflowError``...), for each front-end to wrap as it wraps a failing converter."""
    match = TIMESTAMP_PATTERN.match(text)
    if match is None:
        return None
    return datetime.datetime.fromtimestamp(int(match.group(1)), tz=datetime.UTC)
