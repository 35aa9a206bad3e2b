"""The server's clock against ours, learned from its answers: when the server counted
a request, and when its window resets, in our (monotonic) time."""

from __future__ import annotations

import math

__all__ = ["ServerClock"]

# How fast two clocks may drift apart (s per s), and how far apart the clocks of
# the server's machines may be, beyond what ``ServerClock`` learned.
CLOCK_DRIFT = 1e-4
CLOCK_SKEW = 0.005
# Reset and Reset-After come in milliseconds: the time they give is this far off.
HEADER_PRECISION = 0.001


class ServerClock:
    """Where the server's clock stands against ours, learned from its answers.

    An answer's ``X-RateLimit-Reset`` less its ``-Reset-After`` is the server's time
    when it handled (and counted) the request. That moment lies between our sending
    the request and our reading the answer, so each answer bounds the offset between
    the clocks from both sides, and the bounds close in with every quick answer.
    :meth:`latest` turns a server time into the latest local time it can be: when a
    request was counted, or when a window resets, no later than that. Reading an
    answer late (the loop busy with a burst) no longer moves a window's end.
    """

    __slots__ = ("_at", "_high", "_low")

    def __init__(self) -> None:
        # Bounds of (server time - time.monotonic()), as of monotonic time ``_at``.
        self._low = -math.inf
        self._high = math.inf
        self._at = 0.0

    def learn(self, server_now: float, sent: float, received: float) -> bool:
        """Fold in one answer handled at ``server_now`` (server time), sent and read at
        ``sent`` and ``received`` (ours). False when it contradicts the answers before
        (a clock was stepped, or a header lies): the estimate then starts again from it."""
        low = server_now - received - HEADER_PRECISION
        high = server_now - sent + HEADER_PRECISION
        drift = CLOCK_DRIFT * (received - self._at)
        was_low, was_high = self._low - drift, self._high + drift
        self._at = received
        if low > was_high or high < was_low:
            self._low, self._high = low, high
            return False
        self._low, self._high = max(low, was_low), min(high, was_high)
        return True

    def latest(self, server_time: float, now: float) -> float:
        """The latest monotonic time ``server_time`` (the server's clock) can be."""
        return server_time - (self._low - CLOCK_DRIFT * (now - self._at)) + CLOCK_SKEW
