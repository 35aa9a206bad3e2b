"""``AutoShardedClient``: a :class:`tidecord.Client` that says it is sharded.

Every tidecord client runs all the shards it is given, or all Discord recommends; this
one differs only where discord.py's ``AutoShardedClient`` differs from its ``Client``:
``shard_count`` is Discord's recommendation once connected, ``before_identify_hook``
names shard 0 even when it is the only one, closing dispatches no
``on_disconnect`` / ``on_shard_disconnect``, ``shard_ids`` needs ``shard_count``,
``shard_id`` is ignored and ``shard_connect_timeout`` (180 s by default, as discord.py's)
may shorten the wait for a shard's HELLO below tidecord's own 30 s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from .client import Client
from .rest import ClientException

__all__ = ["AutoShardedClient"]


class AutoShardedClient(Client):
    """A client over every shard Discord recommends (or those of ``shard_ids``)."""

    _auto_sharded: ClassVar[bool] = True

    def __init__(self, *, shard_id: int | None = None, shard_ids: Sequence[int] | None = None,
                 shard_count: int | None = None, shard_connect_timeout: float | None = 180.0,
                 **options: Any) -> None:
        # shard_id is a plain client's (one shard of several): ignored here, as
        # discord.py's AutoShardedClient does. Ids without a count would take Discord's
        # recommendation, which may not have those ids (a fatal 4010 at identify).
        if shard_ids is not None and shard_count is None:
            raise ClientException("shard_ids needs shard_count: the total the ids are out of")
        super().__init__(shard_ids=shard_ids, shard_count=shard_count, **options)
        self.shard_connect_timeout = shard_connect_timeout
