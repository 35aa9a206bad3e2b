"""Shard leases: who runs which shard, renewed every tick, stopped before they can expire.

The timings, for a lease of ``L`` seconds (10 by default):

- every ``L / 6`` s one script run renews every lease this worker holds, marks the
  worker alive, and claims free shards up to its share (``ceil(S / workers)``);
- a shard whose lease was last confirmed ``0.6 L`` ago (counted from when the
  confirming request was *sent*, so never later than Redis's own clock started the
  new expiry) is dropped at once, connection aborted, without waiting for anyone:
  its lease still has ``0.4 L`` to run, so it is stopped before any other worker
  can claim it. Never two sessions for one shard, as long as this process's event
  loop is not blocked for ``0.4 L`` (the loop watchdog would name what blocked it);
- a lease that expired is free: the next tick of any worker claims it and starts
  the shard, resuming its session from Redis.

A Redis that lost its data (restarted without persistence) has lost the leases of
shards that are still running: their holders take them again on their next tick
(the lease key is missing, not someone else's), and nobody claims a free lease
until Redis has held ours for ``L`` (the ``epoch`` key), so that a holder always
gets there first.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

__all__ = ["LeaseTimings", "TickResult"]


@dataclass(frozen=True)
class LeaseTimings:
    """The timings derived from one lease length (seconds)."""

    lease: float = 10.0

    @property
    def tick(self) -> float:
        """How often leases are renewed and free shards claimed."""
        return self.lease / 6

    @property
    def stop_after(self) -> float:
        """How long after its last confirmation a shard is stopped."""
        return self.lease * 0.6

    @property
    def settle(self) -> float:
        """How long a Redis must have held our leases before free ones are claimed."""
        return self.lease

    @property
    def worker_ttl(self) -> float:
        """How long a worker counts as alive after its last tick."""
        return self.lease

    def share(self, shard_count: int, workers: int) -> int:
        """Each worker's even share of the shards."""
        return math.ceil(shard_count / max(1, workers))


@dataclass
class TickResult:
    """What one tick learned (from the TICK script's answer)."""

    sent_at: float  # monotonic time the tick was sent
    redis_now_ms: int
    workers: int
    kept: list[int]
    lost: list[int]
    claimed: dict[int, tuple[str, str, str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, sent_at: float, raw: list[object]) -> TickResult:
        """Decode the script's nested reply."""
        now, workers, kept, lost, claimed, sessions = raw
        sessions_list = [[_text(v) for v in rec] for rec in sessions]  # type: ignore[attr-defined]
        return cls(
            sent_at=sent_at,
            redis_now_ms=int(now),  # type: ignore[call-overload]
            workers=int(workers),  # type: ignore[call-overload]
            kept=[int(s) for s in kept],  # type: ignore[attr-defined]
            lost=[int(s) for s in lost],  # type: ignore[attr-defined]
            claimed={int(s): (rec[0], rec[1], rec[2])
                     for s, rec in zip(claimed, sessions_list, strict=True)},  # type: ignore[call-overload]
        )


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def monotonic() -> float:
    """The clock leases are confirmed on (never jumps with the wall clock)."""
    return time.monotonic()
