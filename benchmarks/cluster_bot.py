"""The bot each cluster benchmark worker runs: counts MESSAGE_CREATE, reports every
50 ms to ``BENCH_CLUSTER_DIR/<pid>`` as ``count first_event_time last_event_time ready``."""

from __future__ import annotations

import asyncio
import os
import time

import tidecord


class CountingBot(tidecord.Client):
    def __init__(self) -> None:
        super().__init__(compress="zlib-stream")
        self.count = 0
        self.first = self.last = 0.0
        self.path = os.path.join(os.environ["BENCH_CLUSTER_DIR"], str(os.getpid()))
        self._reporter: asyncio.Task[None] | None = None

    async def setup_hook(self) -> None:
        self._reporter = asyncio.create_task(self._report(), name="bench: counts")

    async def on_message(self, message: tidecord.Message) -> None:
        self.count += 1
        self.last = time.time()
        if self.count == 1:
            self.first = self.last

    async def _report(self) -> None:
        while True:
            text = f"{self.count} {self.first} {self.last} {int(self.is_ready())}"
            await asyncio.to_thread(_write, self.path, text)
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        if self._reporter is not None:
            self._reporter.cancel()
        await super().close()


def _write(path: str, text: str) -> None:
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


bot = CountingBot()
