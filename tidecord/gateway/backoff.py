"""How long a shard waits before its next connection.

A connection that worked for a while and then dropped is reopened at once, as Discord
asks (resume straight away). One that fails, or that ends soon after READY or RESUMED,
counts as a failure: a gateway that accepts, says READY and drops the socket (a
flapping network, a proxy that kills sockets) would otherwise have the shard connect,
and identify or resume, every few milliseconds, spending the token's 1000 identifies a
day. Consecutive failures wait longer and longer (1, 2, 4 ... s up to a cap, with
jitter so that many shards do not come back in step); the first short-lived
connection after a working one is still reopened at once, since one drop says nothing
of the next.
"""

from __future__ import annotations

import logging
import math
import random

__all__ = ["ReconnectPace"]

log = logging.getLogger("tidecord.gateway")


class ReconnectPace:
    """The waits of one shard between its connections.

    ``first`` is the first backed-off wait (s), doubled for each further failure in a
    row up to ``most``; ``stable_after`` is how long (s) a connection must stay up after
    READY or RESUMED to count as working (``None``: one heartbeat interval, the server's
    own measure of a live connection; 0: every connection that got a session works).
    """

    __slots__ = ("failures", "first", "most", "stable_after")

    def __init__(self, first: float = 1.0, most: float = 60.0,
                 stable_after: float | None = None) -> None:
        if not (0 < first <= most < math.inf) or (
                stable_after is not None and not 0 <= stable_after < math.inf):
            raise ValueError(
                "reconnect waits must be 0 < first <= most (finite) and stable_after a "
                f"finite number >= 0 or None, not first={first!r}, most={most!r}, "
                f"stable_after={stable_after!r}")
        self.first = first
        self.most = most
        self.stable_after = stable_after
        self.failures = 0  # connections in a row that failed or did not last

    def wait(self, failures: int) -> float:
        """The wait after ``failures`` failures in a row, with jitter in [0.5, 1.5)."""
        return min(self.most, self.first * 2.0 ** (failures - 1)) * (0.5 + random.random())

    def failed(self) -> float:
        """A connection failed before it had a session: the wait before the next one."""
        self.failures += 1
        return self.wait(self.failures)

    def ended(self, shard_id: int, lived: float, heartbeat_interval: float,
              asked: float) -> float:
        """A connection with a session ended after ``lived`` s; the server asked for a
        wait of ``asked`` s (op 9). The wait before the next connection."""
        stable_after = self.stable_after
        if stable_after is None:
            stable_after = heartbeat_interval
        if lived >= stable_after:
            self.failures = 0
            return asked
        self.failures += 1
        if self.failures == 1:
            return asked  # the first short one after a working connection: at once
        delay = max(asked, self.wait(self.failures - 1))
        log.warning(
            "shard %d: the connection ended %.2f s after its session began, %d such "
            "short-lived ones in a row (under %.1f s): reconnecting in %.1f s",
            shard_id, lived, self.failures, stable_after, delay,
        )
        return delay
