"""A sandbox in a process of its own (for the two-machines test, inside a network
namespace): prints one JSON line {api_url, token, url} and serves until SIGTERM.

    python tests/cluster/sandbox_server.py HOST SECRET SHARDS MAX_CONCURRENCY [HEARTBEAT_MS]
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.cluster.scenario import sandbox


async def main(host: str, secret: str, shards: int, max_concurrency: int,
               heartbeat_ms: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    sb = sandbox(shards, max_concurrency, heartbeat_ms, host=host, secret=secret)
    async with sb:
        print(json.dumps({"api_url": sb.api_url, "token": sb.token, "url": sb.url}), flush=True)
        await stop.wait()


if __name__ == "__main__":
    heartbeat = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), heartbeat))
