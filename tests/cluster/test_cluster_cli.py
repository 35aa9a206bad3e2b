"""``tidecord cluster``'s errors and its status on an empty Redis: one clear line each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from redis.asyncio import Redis

from .conftest import BOT
from .redis_server import RedisServer, free_port


def _tidecord(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return subprocess.run([sys.executable, "-m", "tidecord.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_a_cluster_needs_a_token(tmp_path: Path) -> None:
    done = _tidecord("cluster", "join", str(BOT), "--redis", "redis://127.0.0.1:1/0",
                     cwd=tmp_path)
    assert done.returncode == 2
    assert "a cluster needs the bot's token" in done.stderr


def test_status_of_an_unreachable_redis_is_one_line(tmp_path: Path) -> None:
    done = _tidecord("cluster", "status", "--redis", f"redis://127.0.0.1:{free_port()}/0",
                     cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("tidecord: error: cannot reach Redis at")
    assert "Traceback" not in done.stderr


async def test_status_and_reset_of_an_empty_redis(redis: Redis, redis_server: RedisServer,
                                                  tmp_path: Path) -> None:
    done = _tidecord("cluster", "status", "--redis", redis_server.url, cwd=tmp_path)
    assert done.returncode == 0 and "no tidecord cluster in this Redis" in done.stdout
    done = _tidecord("cluster", "reset", "--redis", redis_server.url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
