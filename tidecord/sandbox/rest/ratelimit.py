"""Rate limits as Discord applies them: per-route buckets split by major parameter,
plus a global per-bot limit; configurable so tests can make them tight.

Every response under ``/api`` carries ``X-RateLimit-Limit``, ``-Remaining``,
``-Reset``, ``-Reset-After`` and ``-Bucket``; going over gives 429 with Discord's
body ``{message, retry_after, global}`` and ``Retry-After``, ``X-RateLimit-Global``,
``X-RateLimit-Scope`` and ``Via`` headers. Windows run on real time: clients sleep
for real.

A request may also count against a sub-limit kept beside its route's bucket (renaming
a channel): Discord reports only the route's bucket in the headers, so going over a
sub-limit answers 429 while ``X-RateLimit-Remaining`` still shows room, which is how
clients (discord.py among them) tell a sub-limit from the bucket.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import time
from typing import Any

from aiohttp import web

from .errors import json_response

__all__ = ["RENAMES", "Limiter", "RateLimits"]

# The sub-limit on changing a channel's name or topic, counted per channel; the
# request also counts in PATCH /channels/{channel_id}'s own bucket.
RENAMES = "PATCH /channels/{channel_id} (name or topic)"

# Discord's documented (or observed) limits for the busiest routes.
DEFAULT_ROUTE_LIMITS: dict[str, tuple[int, float]] = {
    "POST /channels/{channel_id}/messages": (5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": (5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": (5, 1.0),
    "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user}": (1, 0.25),
    "DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user}": (1, 0.25),
    # Observed in Discord's headers (discord-api-docs issue 1900): 5 per 15 s for any
    # edit, and 2 renames per 10 minutes on top (Discord does not document either).
    "PATCH /channels/{channel_id}": (5, 15.0),
    RENAMES: (2, 600.0),
}
MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id")


@dataclasses.dataclass
class RateLimits:
    """Limits in (requests, per seconds). ``routes`` keys are ``"METHOD /path/{param}"``,
    or a sub-limit's name (``RENAMES``); a sub-limit left out does not apply."""

    global_limit: int = 50
    global_per: float = 1.0
    default: tuple[int, float] = (50, 1.0)
    routes: dict[str, tuple[int, float]] = dataclasses.field(
        default_factory=lambda: dict(DEFAULT_ROUTE_LIMITS))

    def for_route(self, route: str) -> tuple[int, float]:
        """The limit of one route."""
        return self.routes.get(route, self.default)


class _Window:
    __slots__ = ("count", "reset_at")

    def __init__(self) -> None:
        self.count = 0
        self.reset_at = 0.0


class Limiter:
    """Counts requests per bucket and globally; answers 429s."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._buckets: dict[tuple[str, str], _Window] = {}
        self._global = _Window()

    def check(self, route: str, major: str, *, exempt_global: bool,
              sub_limit: str | None = None) -> tuple[dict[str, str], web.Response | None]:
        """Count one request: its rate-limit headers, and a 429 response when over its
        route's bucket, the global limit, or the ``sub_limit`` it also counts against."""
        now = time.monotonic()
        limit, per = self.limits.for_route(route)
        window = self._window(route, major, per, now)
        reset_after = window.reset_at - now
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(limit - window.count - 1, 0)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": _bucket_hash(route),
        }
        if not exempt_global:
            g = self._global
            if now >= g.reset_at:
                g.count = 0
                g.reset_at = now + self.limits.global_per
            if g.count >= self.limits.global_limit:
                retry = g.reset_at - now
                return headers, too_many(retry, scope="global", headers=headers)
            g.count += 1
        if window.count >= limit:
            return headers, too_many(reset_after, scope="user", headers=headers)
        if sub_limit is not None and sub_limit in self.limits.routes:
            sub_most, sub_per = self.limits.routes[sub_limit]
            sub = self._window(sub_limit, major, sub_per, now)
            if sub.count >= sub_most:
                # Refused, so it takes nothing: neither a place in the route's bucket
                # (its headers show the room left as it was) nor in the sub-limit.
                headers["X-RateLimit-Remaining"] = str(limit - window.count)
                return headers, too_many(sub.reset_at - now, scope="user", headers=headers,
                                         bucket_empty=False)
            sub.count += 1
        window.count += 1
        return headers, None

    def _window(self, name: str, major: str, per: float, now: float) -> _Window:
        """The window of one bucket, started afresh when its time ran out."""
        window = self._buckets.setdefault((name, major), _Window())
        if now >= window.reset_at:
            window.count = 0
            window.reset_at = now + per
        return window


def too_many(retry_after: float, *, scope: str, headers: dict[str, str] | None = None,
             bucket_empty: bool = True) -> web.Response:
    """A 429 exactly as Discord sends one (discord.py insists on ``Via`` and JSON);
    ``bucket_empty=False`` (a sub-limit) leaves the bucket's ``Remaining`` as it is."""
    is_global = scope == "global"
    out: dict[str, str] = dict(headers or {})
    out.update({
        "Retry-After": str(max(math.ceil(retry_after), 0)),
        "X-RateLimit-Scope": scope,
        "Via": "1.1 google",
    })
    if is_global:
        out["X-RateLimit-Global"] = "true"
    if bucket_empty and "X-RateLimit-Remaining" in out:
        out["X-RateLimit-Remaining"] = "0"
    body: dict[str, Any] = {
        "message": "You are being rate limited.",
        "retry_after": round(max(retry_after, 0.001), 3),
        "global": is_global,
    }
    return json_response(body, status=429, headers=out)


@functools.cache  # one per route template: few, asked at every request
def _bucket_hash(route: str) -> str:
    return hashlib.sha1(route.encode()).hexdigest()[:32]
