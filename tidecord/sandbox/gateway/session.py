"""A gateway session: what one Identify set up, and outlives its connections.

A session numbers the dispatches it receives, keeps the most recent ones so a
resumed connection can get what it missed, and filters by shard and intents.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from typing import TYPE_CHECKING

from ..dispatch import Dispatch, Intent

if TYPE_CHECKING:
    from .connection import Connection

__all__ = ["Session", "dispatch_frame"]


def dispatch_frame(event: str, seq: int, payload: bytes) -> bytes:
    """An op 0 frame around an already encoded ``d``, its keys in the order Discord's
    gateway sends them (``t``, ``s``, ``op``, ``d``)."""
    return b'{"t":"%s","s":%d,"op":0,"d":%s}' % (event.encode(), seq, payload)


class Session:
    """One identified session (one shard of one bot)."""

    def __init__(
        self, *, intents: int, shard: tuple[int, int], large_threshold: int, buffer_size: int
    ) -> None:
        self.id = secrets.token_hex(16)
        self.intents = intents
        self.shard_id, self.shard_count = shard
        self.large_threshold = large_threshold
        self.message_content = bool(intents & Intent.MESSAGE_CONTENT)
        self.seq = 0
        # (seq, frame, serial): serial numbers the state's dispatch for the ledger (0: none).
        self.buffer: deque[tuple[int, bytes, int]] = deque(maxlen=buffer_size)
        self.connection: Connection | None = None
        self.detached_at: float | None = None
        self.valid = True

    def on_shard(self, guild_id: int | None) -> bool:
        """Whether events of ``guild_id`` (None: DMs, shard 0) go to this session."""
        if guild_id is None:
            return self.shard_id == 0
        return (guild_id >> 22) % self.shard_count == self.shard_id

    def wants(self, dispatch: Dispatch) -> bool:
        """Shard, intents and visibility filter for one dispatch."""
        if not dispatch.bot_visible or not self.on_shard(dispatch.guild_id):
            return False
        return dispatch.intent == 0 or bool(self.intents & dispatch.intent)

    def deliver(self, dispatch: Dispatch, serial: int = 0) -> bool:
        """Number, remember and (when connected) send one dispatch; True if it went out."""
        self.send(dispatch.event, dispatch.bot_payload(self.message_content), serial)
        return self.connection is not None

    def send(self, event: str, payload: bytes, serial: int = 0) -> int:
        """Number, remember and (when connected) send an encoded ``d``; returns its seq."""
        self.seq += 1
        frame = dispatch_frame(event, self.seq, payload)
        self.buffer.append((self.seq, frame, serial))
        if self.connection is not None:
            self.connection.send_frame(frame)
        return self.seq

    def missed_since(self, seq: int) -> list[tuple[bytes, int]] | None:
        """Frames after ``seq`` with their serials, or None when some are no longer kept."""
        if seq >= self.seq:
            return []
        if not self.buffer or self.buffer[0][0] > seq + 1:
            return None
        return [(frame, serial) for s, frame, serial in self.buffer if s > seq]

    def expired(self, now: float, timeout: float) -> bool:
        """Whether the session waited for a resume longer than ``timeout`` seconds."""
        return self.connection is None and self.detached_at is not None and (
            now - self.detached_at > timeout)

    def attach(self, connection: Connection) -> None:
        """Bind a (new or resumed) connection."""
        self.connection = connection
        self.detached_at = None

    def detach(self, connection: Connection) -> None:
        """Forget a closed connection; the session waits to be resumed."""
        if self.connection is connection:
            self.connection = None
            self.detached_at = time.monotonic()

    def __repr__(self) -> str:
        return f"Session(shard={self.shard_id}/{self.shard_count}, seq={self.seq})"
