"""What the HTTP client counts for metrics: calls by route and status, rate-limit waits.

Plain ints and dicts, updated once per call (never per byte or per retry wait
loop); read by :meth:`RESTCounters.metrics` when someone asks.
"""

from __future__ import annotations

import time
from typing import Any, Final

__all__ = ["RESTCounters"]

#: A wait for a rate limit shorter than this is not worth remembering as "the last wait".
NOTABLE_WAIT: Final = 0.05


class RESTCounters:
    """Counters of an HTTP client (a base class of it)."""

    def __init__(self) -> None:
        # Responses by (route key, status); status 0: no response (connection failed).
        self.calls: dict[tuple[str, int], int] = {}
        self.ratelimits: dict[str, int] = {}  # 429s by scope (user, shared, global...)
        self.ratelimit_wait = 0.0  # seconds calls spent waiting for rate limits before sending
        # The last notable wait: (route key, seconds, wall-clock time it ended).
        self.last_wait: tuple[str, float, float] | None = None

    def _count(self, route_key: str, status: int) -> None:
        key = (route_key, status)
        self.calls[key] = self.calls.get(key, 0) + 1

    def _count_429(self, scope: str) -> None:
        self.ratelimits[scope] = self.ratelimits.get(scope, 0) + 1

    def _waited(self, route_key: str, began: float) -> None:
        """A call got through its rate limits; ``began`` is when it started waiting."""
        seconds = time.monotonic() - began
        self.ratelimit_wait += seconds
        if seconds >= NOTABLE_WAIT:
            self.last_wait = (route_key, seconds, time.time())

    def metrics(self) -> dict[str, Any]:
        """Plain data: ``calls`` [{route, status, count}], ``ratelimited`` by scope,
        ``ratelimit_wait_s``, ``last_wait`` {route, seconds, at} or ``None``."""
        last = self.last_wait
        return {
            "calls": [{"route": route, "status": status, "count": count}
                      for (route, status), count in list(self.calls.items())],
            "ratelimited": dict(self.ratelimits),
            "ratelimit_wait_s": self.ratelimit_wait,
            "last_wait": None if last is None else
            {"route": last[0], "seconds": last[1], "at": last[2]},
        }
