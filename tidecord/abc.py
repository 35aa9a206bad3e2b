"""``tidecord.abc``: discord.py's abstract kinds, for ``isinstance`` and type hints.

>>> import tidecord as discord
>>> isinstance(discord.Channel(id=1, type=0), discord.abc.GuildChannel)
True
"""

from typing import Protocol, runtime_checkable

from .models.kinds import Connectable, GuildChannel, Messageable, PrivateChannel
from .models.kinds import UserKind as User

__all__ = ["Connectable", "GuildChannel", "Messageable", "PrivateChannel", "Snowflake", "User"]


@runtime_checkable
class Snowflake(Protocol):
    """Anything with an ``id``: models, :class:`~tidecord.Object`."""

    id: int
