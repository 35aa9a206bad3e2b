"""The client-frame limit: 120 per connection per 60 s, with room kept for heartbeats."""

from __future__ import annotations

import asyncio
import collections
import math
import time

__all__ = ["REQUESTED_BEAT_GAP", "SendLimiter"]

# A heartbeat the server asks for (op 1) is sent only if none went out this recently.
REQUESTED_BEAT_GAP = 5.0


class SendLimiter:
    """A sliding window of ordinary sends, at most ``limit - reserve`` per ``period``:
    the ``reserve`` is for heartbeats, which always go out at once.

    Heartbeats are not counted against the ordinary frames: when the interval is so
    short that they alone exceed the reserve (a test server), the server that asked
    for them evidently does not count them, and ordinary frames must not starve.
    """

    __slots__ = ("_lock", "_sent", "beats", "limit", "period", "reserve")

    def __init__(self, limit: int = 120, period: float = 60.0, reserve: int = 3) -> None:
        self.limit = limit
        self.period = period
        self.reserve = reserve
        self._sent: collections.deque[float] = collections.deque()
        self._lock = asyncio.Lock()
        self.beats = 0  # heartbeats sent

    @classmethod
    def for_heartbeat(cls, interval: float, limit: int = 120, period: float = 60.0) -> SendLimiter:
        """Reserve as many slots as heartbeats can take in one period (regular ones and
        those the server asks for, at most one per :data:`REQUESTED_BEAT_GAP`), plus two."""
        beats = math.ceil(period / max(interval, 0.001)) + 2
        beats += math.ceil(period / REQUESTED_BEAT_GAP)
        return cls(limit, period, reserve=min(beats, limit - 10))

    def _prune(self, now: float) -> None:
        sent = self._sent
        horizon = now - self.period
        while sent and sent[0] <= horizon:
            sent.popleft()

    def is_ratelimited(self) -> bool:
        """Whether an ordinary frame would have to wait now."""
        self._prune(time.monotonic())
        return len(self._sent) >= self.limit - self.reserve

    def spend_priority(self) -> None:
        """Record a heartbeat: it goes out at once, from the reserve."""
        self.beats += 1

    async def acquire(self) -> None:
        """Wait until an ordinary frame may go out, then record it."""
        async with self._lock:
            budget = self.limit - self.reserve
            while True:
                now = time.monotonic()
                self._prune(now)
                if len(self._sent) < budget:
                    self._sent.append(now)
                    return
                await asyncio.sleep(self._sent[0] + self.period - now + 0.01)
