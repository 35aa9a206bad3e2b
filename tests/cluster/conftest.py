"""A private redis-server for the session, and helpers to run a cluster of real processes."""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from redis.asyncio import Redis

from tidecord.sandbox import Sandbox

from .redis_server import REDIS_SERVER, RedisServer

HERE = Path(__file__).resolve().parent
BOT = HERE / "cluster_bot.py"
ROOT = HERE.parents[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real redis-server on a free loopback port for the whole test session."""
    if not os.path.exists(REDIS_SERVER):
        pytest.fail("redis-server is not installed (apt-get install redis-server; .ci/run does)")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest_asyncio.fixture
async def redis(redis_server: RedisServer) -> AsyncIterator[Redis]:
    """A client of the session's Redis, emptied for this test."""
    if redis_server.process is None or redis_server.process.poll() is not None:
        redis_server.start()  # a test that restarted it may have left it stopped
    client = Redis.from_url(redis_server.url)
    await client.flushall()
    yield client
    await client.aclose()


class Records:
    """What the workers' RecordingBot wrote (see cluster_bot.py), all processes together."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def lines(self) -> list[list[str]]:
        out: list[list[str]] = []
        for path in sorted(self.folder.glob("*.log")):
            out += [line.split() for line in path.read_text().splitlines() if line.strip()]
        return out

    def messages(self) -> collections.Counter[int]:
        return collections.Counter(int(w[2]) for w in self.lines() if w[0] == "msg")

    def guilds(self) -> set[int]:
        return {int(w[2]) for w in self.lines() if w[0] == "guild"}

    def ready_shards(self) -> set[int]:
        return {int(w[1]) for w in self.lines() if w[0] == "ready"}


class ClusterRun:
    """``tidecord cluster run`` (or ``join``) as a real child process, logs in ``folder``."""

    def __init__(self, sandbox: Sandbox | Any, redis_url: str, folder: Path, *args: str,
                 command: str = "run", prefix: list[str] | None = None,
                 api_url: str | None = None, env: dict[str, str] | None = None) -> None:
        self.sandbox = sandbox
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.argv = [*(prefix or []), sys.executable, "-m", "tidecord.cli", "-v", "cluster",
                     command, str(BOT), "--redis", redis_url,
                     "--api-url", api_url or sandbox.api_url, *args]
        self.env = {**os.environ, "DISCORD_TOKEN": sandbox.token,
                    "CLUSTER_RECORD": str(folder), "PYTHONPATH": str(ROOT), **(env or {})}
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> ClusterRun:
        log = (self.folder / "cluster.out").open("ab")
        self.process = await asyncio.create_subprocess_exec(
            *self.argv, env=self.env, stdout=log, stderr=log, cwd=self.folder,
            start_new_session=True)
        log.close()
        return self

    async def stop(self, timeout: float = 30.0) -> int:  # noqa: ASYNC109
        """Ctrl-C (SIGINT): the workers hand their shards over and exit."""
        process = self.process
        if process is None or process.returncode is not None:
            return process.returncode if process else 0
        process.send_signal(signal.SIGINT)
        try:
            async with asyncio.timeout(timeout):
                return await process.wait()
        except TimeoutError:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
            raise AssertionError(
                f"the cluster did not stop in {timeout} s:\n{self.log()}") from None

    def kill(self) -> None:
        """SIGKILL the whole process group (cleanup after a failed test)."""
        if self.process is not None and self.process.returncode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def log(self, tail: int = 6000) -> str:
        path = self.folder / "cluster.out"
        return path.read_text(errors="replace")[-tail:] if path.exists() else ""


@pytest_asyncio.fixture
async def clusters() -> AsyncIterator[list[ClusterRun]]:
    """Cluster processes a test started; whatever is left is killed afterwards."""
    started: list[ClusterRun] = []
    yield started
    for run in started:
        run.kill()
        if run.process is not None:
            await run.process.wait()


async def wait_until(condition: Any, timeout: float, what: str, every: float = 0.1  # noqa: ASYNC109
                     ) -> None:
    """Poll ``condition()`` (sync or async) until true, or fail naming ``what``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(every)
