"""What the gateway saw, for judging a bot's sharding: identifies, closes, sessions, deliveries.

The sandbox answers each mistake as Discord would (op 9, a close code); the ledger
also counts it, so that a test can assert there were none. It keeps, per shard:
identifies and resumes, how many sessions of the shard had a live connection at
once (the most ever, and now), and for every dispatch the state routed to the
shard how many times it went out on a connection (0: lost, 2 or more: sent
again, e.g. replayed on a resume from an older ``seq``).
"""

from __future__ import annotations

import collections
import time
from typing import Any

__all__ = ["GatewayLedger", "SessionStarts"]

# Dispatches remembered for the delivery counts (the oldest are forgotten past it).
MAX_TRACKED = 200_000


class SessionStarts:
    """``session_start_limit``: ``total`` identifies per ``reset_after`` seconds."""

    def __init__(self, total: int = 1000, reset_after: float = 86_400.0) -> None:
        self.total = total
        self.reset_after = reset_after
        self.used = 0
        self._resets_at = time.monotonic() + reset_after

    def _roll(self) -> None:
        now = time.monotonic()
        if now >= self._resets_at:
            self.used = 0
            self._resets_at = now + self.reset_after

    @property
    def remaining(self) -> int:
        """Identifies left before the reset."""
        self._roll()
        return max(self.total - self.used, 0)

    @property
    def reset_in(self) -> float:
        """Seconds until ``remaining`` is back to ``total``."""
        self._roll()
        return max(self._resets_at - time.monotonic(), 0.0)

    def take(self) -> bool:
        """Spend one identify; False when none is left (Discord refuses it)."""
        if self.remaining <= 0:
            return False
        self.used += 1
        return True


class _ShardBook:
    __slots__ = ("identifies", "live", "most_at_once", "resumes", "sent")

    def __init__(self) -> None:
        self.identifies = 0
        self.resumes = 0
        self.live: set[str] = set()  # sessions of this shard with a live connection
        self.most_at_once = 0
        self.sent: dict[int, int] = {}  # dispatch serial -> times sent on a connection


class GatewayLedger:
    """Counts of one sandbox's gateway, per shard; :meth:`report` is what tests read."""

    def __init__(self) -> None:
        self.identify_violations: list[dict[str, Any]] = []
        self.refused_identifies = 0
        self.closes: collections.Counter[int] = collections.Counter()
        self.shards: dict[int, _ShardBook] = collections.defaultdict(_ShardBook)
        self._order: collections.deque[tuple[int, int]] = collections.deque()

    # -- sessions --------------------------------------------------------------------
    def identified(self, shard_id: int) -> None:
        """A new session for ``shard_id``."""
        self.shards[shard_id].identifies += 1

    def resumed(self, shard_id: int) -> None:
        """A session of ``shard_id`` was resumed."""
        self.shards[shard_id].resumes += 1

    def violation(self, shard_id: int, bucket: int, gap: float, window: float) -> None:
        """An identify came ``gap`` s after the last one of its bucket, inside ``window``."""
        self.identify_violations.append(
            {"shard": shard_id, "bucket": bucket, "gap": round(gap, 4), "window": window})

    def attached(self, shard_id: int, session_id: str) -> None:
        """A connection now carries ``session_id``."""
        book = self.shards[shard_id]
        book.live.add(session_id)
        book.most_at_once = max(book.most_at_once, len(book.live))

    def detached(self, shard_id: int, session_id: str) -> None:
        """``session_id`` has no live connection any more."""
        self.shards[shard_id].live.discard(session_id)

    def closed(self, code: int) -> None:
        """The sandbox closed a connection with ``code``."""
        self.closes[code] += 1

    # -- deliveries ------------------------------------------------------------------
    def routed(self, shard_id: int, serial: int) -> None:
        """Dispatch ``serial`` belongs to ``shard_id`` (counted once however many sessions)."""
        sent = self.shards[shard_id].sent
        if serial in sent:
            return
        sent[serial] = 0
        order = self._order
        order.append((shard_id, serial))
        if len(order) > MAX_TRACKED:
            old_shard, old_serial = order.popleft()
            self.shards[old_shard].sent.pop(old_serial, None)

    def sent(self, shard_id: int, serial: int) -> None:
        """Dispatch ``serial`` went out on a connection of ``shard_id``."""
        sent = self.shards[shard_id].sent
        if serial in sent:
            sent[serial] += 1

    # -- the report ------------------------------------------------------------------
    def report(self, starts: SessionStarts) -> dict[str, Any]:
        """Everything, as JSON-ready values (shard ids as strings)."""
        shards: dict[str, Any] = {}
        for shard_id, book in sorted(self.shards.items()):
            counts = book.sent.values()
            shards[str(shard_id)] = {
                "identifies": book.identifies,
                "resumes": book.resumes,
                "sessions_now": len(book.live),
                "most_sessions_at_once": book.most_at_once,
                "routed": len(book.sent),
                "lost": sum(1 for n in counts if n == 0),
                "duplicated": sum(n - 1 for n in counts if n > 1),
            }
        books = list(self.shards.values())
        return {
            "identifies": sum(b.identifies for b in books),
            "resumes": sum(b.resumes for b in books),
            "identify_violations": list(self.identify_violations),
            "refused_identifies": self.refused_identifies,
            "session_start_limit": {"total": starts.total, "remaining": starts.remaining,
                                    "reset_after": round(starts.reset_in, 3)},
            "closes": {str(code): n for code, n in sorted(self.closes.items())},
            "closes_4008": self.closes.get(4008, 0),
            "shards_held_twice": sorted(s for s, b in self.shards.items() if b.most_at_once > 1),
            "lost": sum(v["lost"] for v in shards.values()),
            "duplicated": sum(v["duplicated"] for v in shards.values()),
            "shards": shards,
        }
