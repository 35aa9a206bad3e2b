"""``tidecord.abc``: discord.py's abstract kinds, for ``isinstance`` and type hints.

>>> import tidecord as discord
>>> isinstance(discord.Channel(id=1, type=0), discord.abc.GuildChannel)
True
"""

from typing import Protocol, runtime_checkable

from .models.kinds import GuildChannel, Messageable, PrivateChannel

__all__ = ["GuildChannel", "Messageable", "PrivateChannel", "Snowflake"]


@runtime_checkable
class Snowflake(Protocol):
    """Anything with an ``id``: models, :class:`~tidecord.Object`."""

    id: int
