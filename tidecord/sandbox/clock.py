"""The sandbox's clock: wall time that tests can move forward.

Everything the sandbox times by Discord's rules (interaction tokens, the 3 s window
to answer one, snowflake timestamps of new objects) reads this clock, so a test can
jump over a 15 minute token lifetime in no time::

    sb.clock.advance(16 * 60)   # every interaction token issued so far has expired

Rate-limit windows and heartbeats use real time: the clients sleep for real.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from tidecord.models.base import DISCORD_EPOCH_MS

__all__ = ["Clock"]

# Snowflakes hold 42 bits of milliseconds since 2015 (up to the year 2154): a clock
# past that would make ids and timestamps no client can read.
LATEST = (DISCORD_EPOCH_MS + (1 << 42) - 1) / 1000


class Clock:
    """Wall-clock seconds since the Unix epoch, plus an offset tests control."""

    __slots__ = ("_frozen_at", "_offset", "_watchers")

    def __init__(self) -> None:
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._watchers: list[Callable[[], None]] = []

    def on_advance(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every :meth:`advance` (what falls due then happens)."""
        self._watchers.append(callback)

    def time(self) -> float:
        """Now, in seconds since the epoch, as the sandbox sees it."""
        base = self._frozen_at if self._frozen_at is not None else time.time()
        return base + self._offset

    def time_ms(self) -> int:
        """Now, in whole milliseconds since the epoch."""
        return int(self.time() * 1000)

    def advance(self, seconds: float) -> None:
        """Move the clock forward (never backward: snowflakes must keep growing)."""
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"seconds must be a finite number >= 0 (the sandbox clock only "
                             f"moves forward), not {seconds!r}")
        if self.time() + seconds > LATEST:
            raise ValueError("seconds: the sandbox clock cannot go past the year 2154, "
                             "where snowflake timestamps end")
        self._offset += seconds
        for callback in self._watchers:
            callback()

    def freeze(self) -> None:
        """Stop the clock where it is; only :meth:`advance` moves it afterwards."""
        if self._frozen_at is None:
            self._frozen_at = time.time()

    def unfreeze(self) -> None:
        """Let real time flow again, keeping the time reached so far."""
        if self._frozen_at is not None:
            self._offset += self._frozen_at - time.time()
            self._frozen_at = None
