"""Redis trouble, said once when it starts and once when it ends (not once per call)."""

from __future__ import annotations

import logging
import time

__all__ = ["Trouble"]

log = logging.getLogger("tidecord.cluster")

# While the trouble lasts, it is said again this often (s), with how long it has lasted.
REMIND_EVERY = 30.0


class Trouble:
    """The state of one use of Redis (leases, identify, REST limits): fine or failing."""

    __slots__ = ("_since", "_told", "consequence", "what")

    def __init__(self, what: str, consequence: str) -> None:
        self.what = what
        self.consequence = consequence
        self._since: float | None = None
        self._told = 0.0

    @property
    def failing(self) -> bool:
        """Whether the last attempt failed."""
        return self._since is not None

    def failed(self, exc: BaseException) -> None:
        """An attempt failed: log it when it starts, then every :data:`REMIND_EVERY` s."""
        now = time.monotonic()
        reason = str(exc) or type(exc).__name__
        if self._since is None:
            self._since = self._told = now
            log.warning("Redis unreachable for %s (%s: %s): %s", self.what,
                        type(exc).__name__, reason, self.consequence)
        elif now - self._told >= REMIND_EVERY:
            self._told = now
            log.warning("Redis still unreachable for %s after %.0f s (%s)", self.what,
                        now - self._since, reason)

    def ok(self) -> None:
        """An attempt worked: say so if it had been failing."""
        if self._since is not None:
            log.warning("Redis is back for %s after %.1f s", self.what,
                        time.monotonic() - self._since)
            self._since = None
