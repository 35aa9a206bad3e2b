"""``AutoShardedClient``: a :class:`tidecord.Client` that says it is sharded.

Every tidecord client runs all the shards it is given, or all Discord recommends; this
one differs only where discord.py's ``AutoShardedClient`` differs from its ``Client``:
``shard_count`` is Discord's recommendation once connected, ``before_identify_hook``
names shard 0 even when it is the only one, and closing dispatches no
``on_disconnect`` / ``on_shard_disconnect``.
"""

from __future__ import annotations

from typing import ClassVar

from .client import Client

__all__ = ["AutoShardedClient"]


class AutoShardedClient(Client):
    """A client over every shard Discord recommends (or those of ``shard_ids``)."""

    _auto_sharded: ClassVar[bool] = True
