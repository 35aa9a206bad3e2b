"""A channel known by its id alone: discord.py's ``PartialMessageable``; and a DM channel
a message came from before the cache held it.

A message or an interaction in a channel the cache never held (a thread the bot never
saw, a forum post a webhook just made), and ``client.get_partial_messageable``, give
one. It sends, fetches and reads history as any channel does, but knows nothing else:
as discord.py's, it has no ``name`` (``getattr(channel, "name", None)`` is ``None``),
prints as ``<PartialMessageable id=... type=...>``, grants no permissions, and is not
a ``TextChannel`` or a ``Thread``.
"""

from __future__ import annotations

from typing import Any

from .base import UNSET
from .channel import Channel
from .flags import Permissions

__all__ = ["PartialChannel", "UnknownDM", "partial_channel"]


class PartialChannel(Channel, kw_only=True):
    """A :class:`Channel` of which only the id (and perhaps the guild and kind) is known."""

    # ``type`` is the kind the program named (``type=``), else None, as discord.py's
    # reads: nothing in sending, fetching or history asks for it.
    type: Any = None

    def __getattribute__(self, attr: str) -> Any:
        # discord.py's PartialMessageable has no name: code written for it reads one
        # with getattr(..., default) or hasattr, which must see it missing, not UNSET.
        if attr == "name":
            raise AttributeError("'PartialMessageable' object has no attribute 'name'")
        return super().__getattribute__(attr)

    def __repr__(self) -> str:
        return f"<PartialMessageable id={self.id} type={self.type!r}>"

    __str__ = __repr__

    def permissions_for(self, obj: Any = None, /) -> Permissions:
        """Nothing: without the channel its overwrites are unknown (as discord.py's)."""
        return Permissions.none()


class UnknownDM(Channel, kw_only=True):
    """A DM channel a message came from before the cache held it (the other person not
    known yet): discord.py's ``DMChannel`` made from the message, which has no
    ``name``, so that ``getattr(message.channel, "name", "DM")`` reads ``"DM"``."""

    def __getattribute__(self, attr: str) -> Any:
        if attr == "name":
            raise AttributeError("'DMChannel' object has no attribute 'name'")
        return super().__getattribute__(attr)

    def __str__(self) -> str:
        return "Direct Message with Unknown User"


def partial_channel(state: Any, channel_id: int, guild_id: Any = UNSET,
                    kind: Any = None) -> PartialChannel:
    """A partial channel bound to ``state``, of the guild ``guild_id`` if known, and of
    the kind ``kind`` (a ``ChannelType``) if the program named one."""
    channel = PartialChannel(id=channel_id, type=kind)
    channel.guild_id = guild_id
    channel._state = state
    return channel
