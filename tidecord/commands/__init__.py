"""What prefix commands and slash commands share, written once below both.

- :mod:`.subject`: who asked, where, through which client, for a ``Context``, an
  ``Interaction`` or a ``Message`` alike (``author_of``, ``guild_of``...);
- :mod:`.cooldowns` and :mod:`.concurrency`: buckets, cooldowns, concurrency limits;
- :mod:`.checks`: the built-in check predicates, returning a :class:`Denial`;
- :mod:`.resolve`: text -> members, users, channels, roles, messages, emoji, colours;
- :mod:`.ranges`: the bounds of ``Range[...]``;
- :mod:`.docstrings`: parameter descriptions from numpy, Google or Sphinx docstrings.

Nothing here raises a front-end's errors: each front-end (``tidecord.ext.commands``,
``tidecord.app_commands``) turns these answers into its own exceptions.
"""

from . import checks, docstrings, resolve, subject
from .checks import Denial, Reason
from .concurrency import MaxConcurrency
from .cooldowns import BucketType, Cooldown, CooldownMapping, DynamicCooldownMapping
from .ranges import Limits
from .subject import (
    author_of,
    bot_permissions_of,
    channel_of,
    client_of,
    guild_of,
    me_of,
    message_of,
    permissions_of,
)

__all__ = [
    "BucketType",
    "Cooldown",
    "CooldownMapping",
    "Denial",
    "DynamicCooldownMapping",
    "Limits",
    "MaxConcurrency",
    "Reason",
    "author_of",
    "bot_permissions_of",
    "channel_of",
    "checks",
    "client_of",
    "docstrings",
    "guild_of",
    "me_of",
    "message_of",
    "permissions_of",
    "resolve",
    "subject",
]
