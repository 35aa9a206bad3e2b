"""Where a cluster keeps what in Redis: every key of one bot under ``tidecord:{bot id}``.

::

    {p}:meta              hash    shard_count, max_concurrency, lease_ms  (no expiry)
    {p}:epoch             string  Redis time (ms) this Redis first held our leases
                                  (no expiry; gone only with the whole dataset)
    {p}:workers           zset    worker id -> expiry (ms); past it, the worker is gone
    {p}:worker:{id}       hash    host, pid, started (ms)                (PX worker ttl)
    {p}:lease:{shard}     string  the holding worker's id                (PX lease)
    {p}:since             hash    shard -> when its holder took it (ms)  (no expiry)
    {p}:session:{shard}   hash    session_id, resume_url, seq, state, worker, at
                                                                          (PX 15 min)
    {p}:identify:{bucket} string  who identified last in the bucket      (PX window)
    {p}:starts            string  identifies left (session_start_limit)  (PX its reset)
    {p}:starts-total      string  session_start_limit's total             (no expiry)
    {p}:rl:{route|major}  hash    limit, remaining, reset_at, known, inflight, probe_at
                                                                          (PX 10 min)
    {p}:global            zset    the last second's requests: id -> time  (PX 2 s)
    {p}:global-block      string  a global 429's end (ms)                 (PX its wait)
"""

from __future__ import annotations

__all__ = ["Keys"]

PREFIX = "tidecord"


class Keys:
    """The key names of one bot's cluster."""

    __slots__ = ("prefix",)

    def __init__(self, bot_id: int, prefix: str = PREFIX) -> None:
        self.prefix = f"{prefix}:{bot_id}"

    def __repr__(self) -> str:
        return f"<Keys {self.prefix}:*>"

    @property
    def meta(self) -> str:
        return f"{self.prefix}:meta"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    def worker(self, worker_id: str) -> str:
        return f"{self.prefix}:worker:{worker_id}"

    def lease(self, shard_id: int) -> str:
        return f"{self.prefix}:lease:{shard_id}"

    @property
    def since(self) -> str:
        return f"{self.prefix}:since"

    def session(self, shard_id: int) -> str:
        return f"{self.prefix}:session:{shard_id}"

    def identify(self, bucket: int) -> str:
        return f"{self.prefix}:identify:{bucket}"

    @property
    def starts(self) -> str:
        return f"{self.prefix}:starts"

    @property
    def starts_total(self) -> str:
        return f"{self.prefix}:starts-total"

    def bucket(self, key: str) -> str:
        return f"{self.prefix}:rl:{key}"

    @property
    def global_window(self) -> str:
        return f"{self.prefix}:global"

    @property
    def global_block(self) -> str:
        return f"{self.prefix}:global-block"
