"""The cluster row: one bot's 16 shards over 2 worker processes, events/s in total.

A private redis-server, a sandbox in this process (16 shards, a guild on each),
``tidecord cluster run benchmarks/cluster_bot.py --processes 2``; once every shard is
ready, a firehose of MESSAGE_CREATE into one channel of each shard at once (every
frame built and compressed before the first goes out). events/s = messages / (last
message handled by any worker - first message handled by any). The sandbox shares
this process: while it pushes frames it competes for the two cores with the workers.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.gateway.firehose import prepare_firehose, send_firehose

__all__ = ["measure_cluster"]

SHARDS = 16
BOT = Path(__file__).with_name("cluster_bot.py")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _counts(folder: Path) -> list[tuple[int, float, float, bool]]:
    """Each worker's (count, first event, last event, ready)."""
    out = []
    for path in folder.iterdir():
        if path.suffix != ".tmp":
            count, first, last, ready = path.read_text().split()
            out.append((int(count), float(first), float(last), ready == "1"))
    return out


async def _until(check: Any, timeout: float, what: str) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"cluster benchmark: no {what} after {timeout:.0f} s")
        await asyncio.sleep(0.05)


async def measure_cluster(messages: int, log: Path, processes: int = 2) -> dict[str, Any]:
    """Run the cluster workload over ``processes`` workers; returns its numbers (or
    ``{"error": ...}``)."""
    server = shutil.which("redis-server")
    if server is None:
        return {"error": "redis-server is not installed"}
    folder = Path(tempfile.mkdtemp(prefix="tidecord-bench-cluster-"))
    port = _free_port()
    redis = await asyncio.create_subprocess_exec(
        server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
        "no", "--dir", str(folder), stdout=asyncio.subprocess.DEVNULL)
    world = World.generate(guilds=4 * SHARDS, members_per_guild=3, channels=1, roles=1, seed=1)
    workers: asyncio.subprocess.Process | None = None
    try:
        async with Sandbox(world=world, seed=1, shard_count=SHARDS, max_concurrency=SHARDS,
                           identify_interval=0.0) as sb:
            channels: dict[int, tuple[int, int]] = {}  # shard -> (channel, author)
            for gid in sb.state.guilds:
                shard = (gid >> 22) % SHARDS
                channel = next(c.id for c in sb.state.guild_channels[gid].values()
                               if c.type == 0)
                author = next(u for u in sb.state.members[gid] if u != sb.bot_user.id)
                channels.setdefault(shard, (channel, author))
            counts = folder / "counts"
            counts.mkdir()
            log.parent.mkdir(parents=True, exist_ok=True)
            out = log.open("wb")
            workers = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tidecord.cli", "cluster", "run", str(BOT), "--redis",
                f"redis://127.0.0.1:{port}/0", "--processes", str(processes), "--api-url",
                # A fresh Redis makes workers wait one lease before claiming shards
                # (leases it may have lost): 10 s of the row's 11 with a 10 s lease.
                sb.api_url, "--identify-window", "0.05", "--lease", "2",
                env={**os.environ, "DISCORD_TOKEN": sb.token, "BENCH_CLUSTER_DIR": str(counts),
                     "PYTHONPATH": str(BOT.parents[1])},
                stdout=out, stderr=out, start_new_session=True)
            out.close()
            await _until(lambda: len(sb.hub.live()) == SHARDS and len(_counts(counts))
                         == processes and all(c[3] for c in _counts(counts)), 120,
                         "16 ready shards")
            per_channel = max(1, messages // len(channels))
            total = per_channel * len(channels)
            batches = [b for channel, author in channels.values()
                       for b in prepare_firehose(sb.hub, channel, per_channel, author)]
            await send_firehose(batches, per_channel)
            await _until(lambda: sum(c[0] for c in _counts(counts)) >= total, 300,
                         "complete count")
            seen = _counts(counts)
            first = min(c[1] for c in seen if c[0])
            seconds = max(c[2] for c in seen) - first
            return {"shards": SHARDS, "processes": processes, "messages": total,
                    "seconds": seconds, "events_per_s": total / seconds,
                    "per_process": sorted(c[0] for c in seen)}
    except (TimeoutError, OSError) as exc:
        return {"error": str(exc)}
    finally:
        if workers is not None and workers.returncode is None:
            workers.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(workers.wait(), 30)
            except TimeoutError:
                os.killpg(workers.pid, signal.SIGKILL)
                await workers.wait()
        redis.terminate()
        await redis.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    # python -m benchmarks.cluster [MESSAGES [PROCESSES]]
    print(asyncio.run(measure_cluster(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000,
                                      Path("benchmarks/results/cluster.log"),
                                      int(sys.argv[2]) if len(sys.argv) > 2 else 2)))
