"""What a shard needs from whoever spaces identifies: its turn, and word that it went."""

from __future__ import annotations

from typing import Protocol

__all__ = ["IdentifyTurns"]


class IdentifyTurns(Protocol):
    """Spaces IDENTIFYs by ``max_concurrency`` bucket (in one process or a cluster).

    The window is counted from when the IDENTIFY is written, not from when the turn
    was given: on a busy loop the two can be a good part of a window apart, and
    Discord counts arrivals.
    """

    async def __call__(self, shard_id: int) -> None:
        """Return once ``shard_id`` may identify."""

    async def sent(self, shard_id: int) -> None:
        """``shard_id``'s IDENTIFY has just been written: its bucket's window starts now."""
