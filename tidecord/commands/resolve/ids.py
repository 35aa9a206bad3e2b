"""Reading ids out of text: plain snowflakes, mentions, jump links.

Every pattern matches the whole argument (as discord.py's converters do), and an
id is any 15 to 20 digits, as there: one above 2**64 is still read as an id (which
then names nothing), not as a name, and an ``Object`` or a partial message takes it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

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


def _number(text: str | None) -> int | None:
    return None if text is None else int(text)


def _first(text: str, *patterns: re.Pattern[str]) -> int | None:
    for pattern in patterns:
        match = pattern.match(text)
        if match is not None:
            return _number(match.group(1))
    return None


def snowflake(text: str) -> int | None:
    """``"80351110224678912"`` -> the id; anything else -> ``None``."""
    return _first(text, _SNOWFLAKE)


def user_id(text: str) -> int | None:
    """An id or a user mention (``<@id>``, ``<@!id>``)."""
    match = _ID_OR_USER.match(text)
    return None if match is None else _number(match.group(1) or match.group(2))


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
    return int(match.group(1)), int(match.group(2))


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
    guild_text = found.get("guild")
    guild: int | object | None = ...
    if guild_text == "@me":
        guild = None
    elif guild_text is not None:
        guild = int(guild_text)
    return MessageIds(guild, _number(found.get("channel")), int(found["message"]))
