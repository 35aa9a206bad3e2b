"""Injected REST failures: the next N API calls answered with a 5xx or a 429."""

from __future__ import annotations

from collections import deque

from aiohttp import web

from .rest.errors import json_response
from .rest.ratelimit import too_many

__all__ = ["Faults"]

_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout"}


class Faults:
    """Pending REST faults, consumed one per API request in arrival order."""

    def __init__(self) -> None:
        self._pending: deque[tuple[int, float]] = deque()

    def fail_next_rest(self, n: int = 1, status: int = 500, retry_after: float = 0.05) -> None:
        """Answer the next ``n`` REST calls with ``status`` (a 5xx, or 429)."""
        if status != 429 and not 500 <= status <= 599:
            raise ValueError("status must be 429 or a 5xx")
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
            return too_many(retry_after, scope="user")
        reason = _REASONS.get(status, "Server Error")
        return json_response({"message": f"{status}: {reason}", "code": 0}, status=status)
