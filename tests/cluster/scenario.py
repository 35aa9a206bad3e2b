"""The world and the traffic the cluster proofs share: guilds on every shard, a stream."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from typing import Any

from tidecord.sandbox import Sandbox, World

# Sandbox timings small enough for a test: identify windows of 0.25 s, 1 s heartbeats,
# leases of 4 s (renewed every 0.67 s; Redis calls time out after as long, which a
# busy two-core machine running four workers, the sandbox and Redis must not reach).
IDENTIFY_WINDOW = 0.25
LEASE = 4.0


def world(shards: int, seed: int = 7) -> World:
    """Three guilds per shard on average (a few shards may get none)."""
    return World.generate(guilds=3 * shards, members_per_guild=2, channels=1, roles=1,
                          seed=seed)


def sandbox(shards: int, max_concurrency: int, heartbeat_interval: int = 1000,
            **options: Any) -> Sandbox:
    return Sandbox(world=world(shards), seed=7, shard_count=shards,
                   max_concurrency=max_concurrency, identify_interval=IDENTIFY_WINDOW,
                   heartbeat_interval=heartbeat_interval, **options)


def cluster_args(processes: int) -> list[str]:
    return ["--processes", str(processes), "--lease", str(LEASE),
            "--identify-window", str(IDENTIFY_WINDOW)]


def channel_per_shard(sb: Sandbox, count: int | None = None) -> dict[int, tuple[int, int]]:
    """shard -> (channel id, author id): a text channel and a person in one of its guilds."""
    count = count or sb.hub.shard_count
    out: dict[int, tuple[int, int]] = {}
    for gid in sb.state.guilds:
        shard = (gid >> 22) % count
        if shard in out:
            continue
        channel = next(c for c in sb.state.guild_channels[gid].values() if c.type == 0)
        person = next(uid for uid in sb.state.members[gid] if uid != sb.bot_user.id)
        out[shard] = (channel.id, person)
    return out


class Stream:
    """MESSAGE_CREATE on every shard, one round every ``every`` s, until stopped."""

    def __init__(self, sb: Sandbox, every: float = 0.25) -> None:
        self.sb = sb
        self.every = every
        self.targets = channel_per_shard(sb)
        self.sent: dict[int, int] = {}  # message id -> shard
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        n = 0
        while True:
            for shard, (channel, author) in self.targets.items():
                message = await self.sb.send_message(author, channel, f"stream {n}")
                self.sent[message.id] = shard
            n += 1
            await asyncio.sleep(self.every)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="test: message stream")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


async def status(redis_url: str) -> list[dict[str, Any]]:
    """``tidecord cluster status --json``, run as a user would."""
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "tidecord.cli", "cluster", "status", "--redis",
                         redis_url, "--json"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result
