"""Bad input from the gateway: recognised, skipped, and reported without flooding the log.

A malformed frame or payload costs that frame only. It is logged as one line (a
traceback only when the failure looks like a bug of ours rather than bad data),
at most :attr:`ProblemLog.burst` lines per window; the rest are counted and
summed up in one line when the next problem comes after the window.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any, Final

__all__ = ["MALFORMED", "ProblemLog", "looks_corrupt"]

log = logging.getLogger("tidecord.gateway")

# What bad data raises while decoding or parsing a payload (msgspec's errors are
# ValueErrors; deep nesting is a RecursionError; hand-read fields raise Key/TypeError).
MALFORMED: Final[tuple[type[Exception], ...]] = (ValueError, KeyError, TypeError, RecursionError)
# Bytes no JSON text holds outside a string: what inflating a corrupt stream yields.
_BINARY: Final = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def looks_corrupt(data: bytes) -> bool:
    """Whether undecodable ``data`` is binary junk (a broken stream), not bad JSON text."""
    if _BINARY.search(data) is not None:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


class ProblemLog:
    """One shard's skipped frames: counted, and logged at most ``burst`` times a window."""

    __slots__ = ("_logged", "_suppressed", "_window_end", "burst", "shard_id", "skipped",
                 "unexpected", "window")

    def __init__(self, shard_id: int, *, burst: int = 5, window: float = 60.0) -> None:
        self.shard_id = shard_id
        self.burst = burst
        self.window = window
        self.skipped = 0  # frames or payloads skipped since the shard started
        self.unexpected = 0  # of which failed with an error that is not bad data
        self._logged = 0
        self._suppressed = 0
        self._window_end = 0.0

    def skip(self, what: str, exc: BaseException | None = None) -> None:
        """Count one skipped frame and log it unless this window's lines are spent."""
        self.skipped += 1
        if exc is not None and not isinstance(exc, MALFORMED):
            self.unexpected += 1
        now = time.monotonic()
        if now >= self._window_end:
            if self._suppressed:
                log.warning("shard %d: %d more malformed gateway frames skipped",
                            self.shard_id, self._suppressed)
            self._window_end = now + self.window
            self._logged = self._suppressed = 0
        if self._logged >= self.burst:
            self._suppressed += 1
            return
        self._logged += 1
        if exc is None:
            log.warning("shard %d: skipped %s", self.shard_id, what)
        elif isinstance(exc, MALFORMED):
            log.warning("shard %d: skipped %s: %s", self.shard_id, what, _one_line(exc))
        else:
            # Not a shape problem: likely a bug of ours, so keep the traceback.
            log.error("shard %d: failed on %s", self.shard_id, what, exc_info=exc)


def _one_line(exc: BaseException) -> Any:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "..."
