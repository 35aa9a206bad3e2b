"""A channel known by its id alone: discord.py's ``PartialMessageable``; and a DM
channel, which as discord.py's ``DMChannel`` has no ``name``.

A message or an interaction in a channel the cache never held (a thread the bot never
saw, a forum post a webhook just made), and ``client.get_partial_messageable``, give
one. It sends, fetches and reads history as any channel does, but knows nothing else:
as discord.py's, it has no ``name`` (``getattr(channel, "name", None)`` is ``None``),
prints as ``<PartialMessageable id=... type=...>``, grants no permissions, and is not
a ``TextChannel`` or a ``Thread``.
"""

from __future__ import annotations

from typing import Any

import msgspec

from .channel import Channel
from .flags import Permissions

__all__ = ["NamelessDM", "PartialChannel", "nameless_dm", "partial_channel"]


class PartialChannel(Channel, kw_only=True):
    """A :class:`Channel` of which only the id (and perhaps the guild and kind) is known."""

    # ``type`` is the kind the program named (``type=``), else None, as discord.py's
    # reads: nothing in sending, fetching or history asks for it. ``guild_id`` is None
    # when no guild was named, as discord.py's (the channel code reads a falsy
    # ``guild_id``, None or UNSET, as "no guild").
    type: Any = None
    guild_id: Any = None

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


class NamelessDM(Channel, kw_only=True):
    """A DM channel as discord.py's ``DMChannel``, which has no ``name`` (Discord sends
    none), so that ``getattr(channel, "name", "DM")`` reads ``"DM"``: one a message
    came from before the cache held it (its other person not known yet), one
    ``create_dm`` opened, one an interaction came from."""

    def __getattribute__(self, attr: str) -> Any:
        if attr == "name":
            raise AttributeError("'DMChannel' object has no attribute 'name'")
        return super().__getattribute__(attr)

    def __str__(self) -> str:
        recipients = self.recipients
        if isinstance(recipients, list) and recipients:
            return f"Direct Message with {recipients[0]}"
        return "Direct Message with Unknown User"


def nameless_dm(channel: Channel) -> Channel:
    """``channel`` as a :class:`NamelessDM` if it is a DM (a group DM has a name)."""
    if channel.type != 1 or isinstance(channel, NamelessDM):
        return channel
    # The stored values (astuple reads the slots, not the fields' discord.py views).
    fields = {name: value for name, value in zip(channel.__struct_fields__,
                                                 msgspec.structs.astuple(channel), strict=True)
              if not name.startswith("_")}
    dm = NamelessDM(**fields)
    dm._state = channel._state
    return dm


def partial_channel(state: Any, channel_id: int, guild_id: int | None = None,
                    kind: Any = None) -> PartialChannel:
    """A partial channel bound to ``state``, of the guild ``guild_id`` if known, and of
    the kind ``kind`` (a ``ChannelType``) if the program named one."""
    channel = PartialChannel(id=channel_id, type=kind, guild_id=guild_id)
    channel._state = state
    return channel
