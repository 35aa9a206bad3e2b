"""What a cluster looks like right now, read from Redis (``tidecord cluster status``)."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from redis.asyncio import Redis

from .keys import PREFIX, Keys

__all__ = ["BotStatus", "ShardStatus", "WorkerStatus", "format_status", "read_status"]


@dataclass
class WorkerStatus:
    """One live worker."""

    id: str
    host: str
    pid: int
    seen_ago: float  # seconds since its last tick
    shards: list[int] = field(default_factory=list)


@dataclass
class ShardStatus:
    """One shard: who holds it, for how long, and its session's state."""

    id: int
    worker: str | None
    lease_age: float | None  # seconds since its holder took it
    lease_left: float | None  # seconds before the lease expires unless renewed
    state: str
    seq: int | None
    session_age: float | None  # seconds since its session was last written


@dataclass
class BotStatus:
    """One bot's cluster."""

    bot_id: int
    shard_count: int
    max_concurrency: int
    lease: float
    workers: list[WorkerStatus]
    shards: list[ShardStatus]
    identifies_left: int | None
    identifies_total: int | None
    identifies_reset_in: float | None

    @property
    def identifies_used(self) -> int | None:
        """Identifies spent in this ``session_start_limit`` period, as far as Redis knows."""
        if self.identifies_left is None or self.identifies_total is None:
            return None
        return self.identifies_total - self.identifies_left

    def as_dict(self) -> dict[str, Any]:
        """Plain values (for ``--json``)."""
        out = asdict(self)
        out["identifies_used"] = self.identifies_used
        return out


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


async def read_status(redis: Redis, prefix: str = PREFIX) -> list[BotStatus]:
    """Every bot with a cluster in this Redis."""
    bots: list[BotStatus] = []
    async for raw in redis.scan_iter(match=f"{prefix}:*:meta", count=100):
        bot = _text(raw).split(":")[-2]
        if bot.isdigit():
            bots.append(await _read_bot(redis, Keys(int(bot), prefix)))
    return sorted(bots, key=lambda b: b.bot_id)


async def _read_bot(redis: Redis, keys: Keys) -> BotStatus:
    meta = {_text(k): _text(v) for k, v in (await redis.hgetall(keys.meta)).items()}
    count = int(meta.get("shard_count", 0))
    seconds, micros = await redis.time()
    now_ms = int(seconds) * 1000 + int(micros) // 1000
    workers: dict[str, WorkerStatus] = {}
    members: list[Any] = await redis.zrangebyscore(keys.workers, now_ms, "+inf",
                                                   withscores=True)
    for member, expiry in members:
        wid = _text(member)
        info = {_text(k): _text(v)
                for k, v in (await redis.hgetall(keys.worker(wid))).items()}
        lease_ms = int(meta.get("lease_ms", 10_000))
        workers[wid] = WorkerStatus(wid, info.get("host", "?"), int(info.get("pid", 0)),
                                    max(0.0, (now_ms - (expiry - lease_ms)) / 1000))
    since = {_text(k): int(v) for k, v in (await redis.hgetall(keys.since)).items()}
    shards: list[ShardStatus] = []
    async with redis.pipeline(transaction=False) as pipe:
        for shard_id in range(count):
            pipe.get(keys.lease(shard_id))
            pipe.pttl(keys.lease(shard_id))
            pipe.hgetall(keys.session(shard_id))
        answers = await pipe.execute()
    for shard_id in range(count):
        holder, pttl, session = answers[3 * shard_id: 3 * shard_id + 3]
        session = {_text(k): _text(v) for k, v in session.items()}
        worker = _text(holder) if holder is not None else None
        if worker in workers:
            workers[worker].shards.append(shard_id)
        taken = since.get(str(shard_id))
        state = session.get("state", "no session") if worker else "free"
        shards.append(ShardStatus(
            id=shard_id, worker=worker,
            lease_age=(now_ms - taken) / 1000 if worker and taken else None,
            lease_left=pttl / 1000 if worker and pttl > 0 else None,
            state=state, seq=int(session["seq"]) if session.get("seq") else None,
            session_age=(now_ms - int(session["at"])) / 1000 if "at" in session else None))
    left = await redis.get(keys.starts)
    total = await redis.get(keys.starts_total)
    reset = await redis.pttl(keys.starts)
    return BotStatus(
        bot_id=int(keys.prefix.rsplit(":", 1)[1]), shard_count=count,
        max_concurrency=int(meta.get("max_concurrency", 1)),
        lease=int(meta.get("lease_ms", 0)) / 1000, workers=list(workers.values()),
        shards=shards, identifies_left=int(left) if left is not None else None,
        identifies_total=int(total) if total is not None else None,
        identifies_reset_in=reset / 1000 if reset > 0 else None)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}s"


def format_status(bots: list[BotStatus]) -> str:
    """The status as text for a terminal."""
    if not bots:
        return "no tidecord cluster in this Redis"
    lines: list[str] = []
    for bot in bots:
        by_state: dict[str, int] = {}
        for shard in bot.shards:
            by_state[shard.state] = by_state.get(shard.state, 0) + 1
        states = ", ".join(f"{n} {state}" for state, n in sorted(by_state.items()))
        lines.append(f"bot {bot.bot_id}: {bot.shard_count} shards ({states}), "
                     f"max_concurrency {bot.max_concurrency}, lease {bot.lease:.1f}s")
        used, left = bot.identifies_used, bot.identifies_left
        if left is not None:
            reset = bot.identifies_reset_in
            when = f", resets in {reset / 3600:.1f} h" if reset is not None else ""
            lines.append(f"identifies: {used} used, {left} left of {bot.identifies_total}{when}")
        lines.append(f"workers: {len(bot.workers)}")
        for w in bot.workers:
            lines.append(f"  {w.id}  host {w.host} pid {w.pid}  seen {w.seen_ago:.1f}s ago  "
                         f"{len(w.shards)} shards: {_ranges(w.shards)}")
        lines.append("  shard  worker                          lease age  left   state"
                     "                 seq  written")
        for s in bot.shards:
            lines.append(f"  {s.id:>5}  {(s.worker or '-'):<30}  {_seconds(s.lease_age):>9}  "
                         f"{_seconds(s.lease_left):>5}  {s.state:<20}  "
                         f"{s.seq if s.seq is not None else '-':>4}  "
                         f"{_seconds(s.session_age)} ago")
        lines.append("")
    return "\n".join(lines).rstrip() + f"\n(read at {time.strftime('%H:%M:%S')})"


def _ranges(ids: list[int]) -> str:
    """``[0, 1, 2, 5]`` as ``0-2, 5``."""
    out: list[str] = []
    for shard_id in sorted(ids):
        if out and out[-1].split("-")[-1] == str(shard_id - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{shard_id}"
        else:
            out.append(str(shard_id))
    return ", ".join(out) or "none"
