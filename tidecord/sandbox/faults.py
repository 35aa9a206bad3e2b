"""Injected REST failures: the next N API calls answered with a 5xx or a 429."""

from __future__ import annotations

import math
from collections import deque

from aiohttp import web

from .rest.errors import json_response
from .rest.journal import INJECTED
from .rest.ratelimit import too_many

__all__ = ["Faults"]

_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout"}
# More pending failures than any test needs; the bound keeps a typo from eating memory.
MAX_PENDING = 10_000


class Faults:
    """Pending REST faults, consumed one per API request in arrival order."""

    def __init__(self) -> None:
        self._pending: deque[tuple[int, float]] = deque()

    def fail_next_rest(self, n: int = 1, status: int = 500, retry_after: float = 0.05) -> None:
        """Answer the next ``n`` REST calls with ``status`` (a 5xx, or 429)."""
        if status != 429 and not 500 <= status <= 599:
            raise ValueError("status must be 429 or a 5xx")
        if not 0 <= n <= MAX_PENDING - len(self._pending):
            raise ValueError(f"n (count) must be between 0 and {MAX_PENDING} pending in all, "
                             f"not {n}")
        if not math.isfinite(retry_after) or retry_after < 0:
            raise ValueError(f"retry_after must be a finite number >= 0, not {retry_after!r}")
        self._pending.extend([(status, retry_after)] * n)

    @property
    def pending(self) -> int:
        """How many injected failures are left."""
        return len(self._pending)

    def clear(self) -> None:
        """Forget pending failures."""
        self._pending.clear()

    def take_rest_fault(self) -> web.Response | None:
        """The failure for this request, if one is pending."""
        if not self._pending:
            return None
        status, retry_after = self._pending.popleft()
        if status == 429:
            response = too_many(retry_after, scope="user")
        else:
            reason = _REASONS.get(status, "Server Error")
            response = json_response({"message": f"{status}: {reason}", "code": 0}, status=status)
        response[INJECTED] = True  # the REST log says so: Discord did not do this
        return response
