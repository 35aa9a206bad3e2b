"""Reading ids out of text: plain snowflakes, mentions, jump links.

Every pattern matches the whole argument (as discord.py's converters do), and an
id only counts if it can be a snowflake: 15 to 20 digits and below 2**64.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

__all__ = [
    "MessageIds",
    "channel_id",
    "emoji_id",
    "event_link",
    "message_ids",
    "object_id",
    "role_id",
    "snowflake",
    "user_id",
]

_MAX: Final = 1 << 64
_ID = r"([0-9]{15,20})"
_SNOWFLAKE = re.compile(_ID + r"$")
_USER = re.compile(r"<@!?" + _ID + r">$")
# An id or a user mention in one match (the common case of a member argument).
_ID_OR_USER = re.compile(r"(?:([0-9]{15,20})|<@!?([0-9]{15,20})>)$")
_ROLE = re.compile(r"<@&" + _ID + r">$")
_CHANNEL = re.compile(r"<#" + _ID + r">$")
_ANY_MENTION = re.compile(r"<(?:@[!&]?|#)" + _ID + r">$")
_HOST = r"https?://(?:(?:ptb|canary|www)\.)?discord(?:app)?\.com/channels/"
_CHANNEL_LINK = re.compile(_HOST + r"(?:[0-9]{15,20}|@me)/" + _ID + r"(?:/[0-9]{15,20}/?)?$")
_MESSAGE_LINK = re.compile(
    _HOST + r"(?P<guild>[0-9]{15,20}|@me)/(?P<channel>[0-9]{15,20})/(?P<message>[0-9]{15,20})/?$"
)
_MESSAGE_ID = re.compile(r"(?:(?P<channel>[0-9]{15,20})-)?(?P<message>[0-9]{15,20})$")
_EVENT_LINK = re.compile(
    r"https?://(?:(?:ptb|canary|www)\.)?discord\.com/events/" + _ID + "/" + _ID + "$", re.I
)
_CUSTOM_EMOJI = re.compile(r"<a?:[a-zA-Z0-9_]{1,32}:" + _ID + r">$")


def _valid(text: str | None) -> int | None:
    if text is None:
        return None
    value = int(text)
    return value if value < _MAX else None


def _first(text: str, *patterns: re.Pattern[str]) -> int | None:
    for pattern in patterns:
        match = pattern.match(text)
        if match is not None:
            return _valid(match.group(1))
    return None


def snowflake(text: str) -> int | None:
    """``"80351110224678912"`` -> the id; anything else -> ``None``."""
    return _first(text, _SNOWFLAKE)


def user_id(text: str) -> int | None:
    """An id or a user mention (``<@id>``, ``<@!id>``)."""
    match = _ID_OR_USER.match(text)
    return None if match is None else _valid(match.group(1) or match.group(2))


def role_id(text: str) -> int | None:
    """An id or a role mention (``<@&id>``)."""
    return _first(text, _SNOWFLAKE, _ROLE)


def channel_id(text: str) -> int | None:
    """An id, a channel mention (``<#id>``) or a channel (or message) link."""
    return _first(text, _SNOWFLAKE, _CHANNEL, _CHANNEL_LINK)


def object_id(text: str) -> int | None:
    """An id or any mention (user, role or channel)."""
    return _first(text, _SNOWFLAKE, _ANY_MENTION)


def emoji_id(text: str) -> int | None:
    """An id or a custom emoji (``<:name:id>``, ``<a:name:id>``)."""
    return _first(text, _SNOWFLAKE, _CUSTOM_EMOJI)


def event_link(text: str) -> tuple[int, int] | None:
    """A scheduled event's link (``https://discord.com/events/guild/event``) -> the
    guild's id and the event's; anything else -> ``None``."""
    match = _EVENT_LINK.match(text)
    if match is None:
        return None
    guild, event = _valid(match.group(1)), _valid(match.group(2))
    return None if guild is None or event is None else (guild, event)


class MessageIds(NamedTuple):
    """Where a message is: ``guild`` is ``None`` in DMs and ``...`` when not given."""

    guild: int | object | None
    channel: int | None
    message: int


def message_ids(text: str) -> MessageIds | None:
    """``message_id``, ``channel_id-message_id`` or a jump link; ``None`` otherwise.

    A missing channel is ``None`` (the current channel is meant); a missing guild is
    ``...`` (the current guild is meant); a link to ``@me`` has guild ``None``.
    """
    match = _MESSAGE_ID.match(text) or _MESSAGE_LINK.match(text)
    if match is None:
        return None
    found = match.groupdict()
    message = _valid(found["message"])
    channel = _valid(found.get("channel"))
    if message is None or (found.get("channel") is not None and channel is None):
        return None
    guild_text = found.get("guild")
    guild: int | object | None = ...
    if guild_text == "@me":
        guild = None
    elif guild_text is not None:
        guild = _valid(guild_text)
        if guild is None:
            return None
    return MessageIds(guild, channel, message)
