"""Two machines (network namespaces) run one bot; one loses its network cable.

Redis and the sandbox live in a hub namespace; each worker in a namespace of its
own, linked to the hub by a veth pair. When worker A's link goes down, A cannot
renew its leases: it stops its shards before they can expire, and B takes them
over, resuming their sessions. Skipped, with the reason, where namespaces cannot
be made (not root, no iproute2, a container that forbids them).
"""

from __future__ import annotations

import asyncio
import datetime
import json
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest

from .conftest import HERE, ClusterRun, Records, wait_until
from .netns import Network, why_not
from .redis_server import RedisServer, free_port
from .scenario import IDENTIFY_WINDOW, LEASE, channel_per_shard, sandbox
from .scenario import status as cluster_status

pytestmark = pytest.mark.timeout(150)

SHARDS = 8
# A machine cut off stops heartbeating, and the gateway ends its sessions when their
# heartbeats are overdue (4009, "start a new session", as Discord documents). On Discord
# (41 s heartbeats) a 10 s lease hands the shards over well before that, so they are
# taken over by RESUME; scaled down, the heartbeat must still outlast the lease.
HEARTBEAT_MS = int(LEASE * 2 * 1000)


@pytest.fixture
def network() -> Iterator[Network]:
    reason = why_not()
    if reason is not None:
        pytest.skip(f"two machines need network namespaces: {reason}")
    net = Network(["a", "b"])
    yield net
    net.close()


class RemoteSandbox:
    """The sandbox process in the hub, driven over its control API (with its secret)."""

    def __init__(self, net: Network, folder: Path) -> None:
        self.secret = secrets.token_urlsafe(12)
        self.log = (folder / "sandbox.out").open("wb")
        self.process = subprocess.Popen(
            [*net.run_in("hub"), sys.executable, str(HERE / "sandbox_server.py"), net.hub_ip,
             self.secret, str(SHARDS), "2", str(HEARTBEAT_MS)],
            stdout=subprocess.PIPE, stderr=self.log)
        assert self.process.stdout is not None
        try:
            info = json.loads(self.process.stdout.readline())
        except ValueError:
            self.process.kill()
            raise
        self.api_url, self.token, self.url = info["api_url"], info["token"], info["url"]
        self.http: aiohttp.ClientSession | None = None

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        if self.http is None:
            self.http = aiohttp.ClientSession()
        async with self.http.request(method, f"{self.url}/_sandbox{path}",
                                     params={"secret": self.secret}, json=body) as resp:
            assert resp.status == 200, await resp.text()
            return await resp.json()

    async def close(self) -> None:
        if self.http is not None:
            await self.http.close()
        self.process.terminate()
        await asyncio.to_thread(self.process.wait, 10)
        self.log.close()


async def test_a_machine_cut_off_stops_its_shards_and_the_other_takes_them(
        network: Network, clusters: list[ClusterRun], tmp_path: Path) -> None:
    # The hub is a fresh namespace: any port is free there.
    redis = RedisServer(tmp_path / "redis", host=network.hub_ip, port=free_port(),
                        prefix=network.run_in("hub"))
    await asyncio.to_thread(redis.start)
    remote = await asyncio.to_thread(RemoteSandbox, network, tmp_path)
    try:
        targets = channel_per_shard(sandbox(SHARDS, 2), SHARDS)
        bot = SimpleNamespace(token=remote.token, api_url=remote.api_url)
        records = Records(tmp_path / "records")
        args = ["--expect", "2", "--lease", str(LEASE), "--identify-window",
                str(IDENTIFY_WINDOW)]
        workers = {}
        for machine in ("a", "b"):
            run = ClusterRun(bot, redis.url, tmp_path / "records", *args, command="join",
                             prefix=network.run_in(machine))
            run.folder = tmp_path / machine  # its log apart, its records with the others'
            run.folder.mkdir()
            clusters.append(run)
            workers[machine] = await run.start()

        def shards_of(pid: int) -> set[int]:
            return {int(w[1]) for path in records.folder.glob(f"{pid}.log")
                    for w in (line.split() for line in path.read_text().splitlines())
                    if w[0] == "ready"}

        pid_a = workers["a"].process.pid  # type: ignore[union-attr]
        pid_b = workers["b"].process.pid  # type: ignore[union-attr]
        await wait_until(lambda: len(shards_of(pid_a) | shards_of(pid_b)) == SHARDS, 60,
                         "every shard ready on one machine or the other")
        on_a = shards_of(pid_a)
        assert on_a and shards_of(pid_b), "both machines run shards"

        async def sessions_saved() -> bool:
            [bot] = await cluster_status(redis.url)
            return all(s["seq"] is not None for s in bot["shards"])

        await wait_until(sessions_saved, 10, "every session in Redis")

        network.cut("a")
        cut_at = time.monotonic()

        async def b_runs_them_all() -> bool:
            shards = (await remote.control("GET", "/gateway/report"))["shards"]
            return shards_of(pid_b) >= on_a and all(
                shards[str(s)]["sessions_now"] == 1 for s in range(SHARDS))

        await wait_until(b_runs_them_all, 30, "machine B running A's shards", every=0.2)
        print(f"machine B took A's {len(on_a)} shards {time.monotonic() - cut_at:.1f} s "
              "after A's cable was pulled")
        report = await remote.control("GET", "/gateway/report")
        assert report["shards_held_twice"] == []
        assert report["identifies"] == SHARDS  # taken over by RESUME
        sent = set()
        for channel, author in targets.values():
            message = await remote.control("POST", "/messages", {
                "as": str(author), "channel_id": str(channel), "content": "after the cut"})
            sent.add(int(message["id"]))
        await wait_until(lambda: sent <= set(records.messages()), 20,
                         "messages on every shard handled by B")
        log_a, log_b = workers["a"].log(200_000), workers["b"].log(200_000)
        assert "stopping it before the lease can expire" in log_a, log_a[-3000:]
        # A stopped every shard it had before B started any of them (one clock: one host).
        stopped = _times(log_a, "stopping it before the lease can expire")
        taken = _times(log_b, "taken, resuming")
        assert len(stopped) == len(on_a) and taken
        assert max(stopped) < min(taken), (stopped, taken)
    finally:
        for run in clusters:
            run.kill()
        await remote.close()
        await asyncio.to_thread(redis.stop)


def _times(log: str, marker: str) -> list[datetime.datetime]:
    """When each log line containing ``marker`` was written (the logging timestamp)."""
    return [datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
            for line in log.splitlines() if marker in line]
