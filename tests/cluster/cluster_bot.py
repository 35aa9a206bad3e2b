"""The bot the cluster tests run as workers: it writes what it sees, one file per process.

``CLUSTER_RECORD`` names the folder; each line is ``guild SHARD ID``, ``ready SHARD``,
``msg SHARD MESSAGE_ID`` or ``blast SENT SECONDS 429S``, written with one ``os.write``
so that a worker killed with SIGKILL leaves every line it finished. With
``CLUSTER_BLAST=COUNT`` and ``CLUSTER_CHANNELS=ID,ID...`` the worker sends COUNT
messages over those channels, all at once, once it is ready and the file
``CLUSTER_GO`` exists.
"""

from __future__ import annotations

import asyncio
import os
import time

import tidecord


class RecordingBot(tidecord.Client):
    def __init__(self) -> None:
        intents = None
        if os.environ.get("CLUSTER_BLAST"):
            # Sending only: its own messages need not come back over the gateway.
            intents = tidecord.Intents.none()
            intents.guilds = True
        super().__init__(loop_watchdog=False, intents=intents)
        folder = os.environ.get("CLUSTER_RECORD", ".")
        self._fd = os.open(os.path.join(folder, f"{os.getpid()}.log"),
                           os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        self._blasted = False

    def note(self, *words: object) -> None:
        os.write(self._fd, (" ".join(str(w) for w in words) + "\n").encode())

    async def on_guild_available(self, guild: tidecord.Guild) -> None:
        self.note("guild", (guild.id >> 22) % (self.shard_count_now or 1), guild.id)

    @property
    def shard_count_now(self) -> int:
        return self._connection.shard_count or 1

    async def on_shard_ready(self, shard_id: int) -> None:
        for guild in self.guilds:
            if (guild.id >> 22) % self.shard_count_now == shard_id:
                self.note("guild", shard_id, guild.id)
        self.note("ready", shard_id)

    async def on_message(self, message: tidecord.Message) -> None:
        gid = message.guild.id if message.guild else 0
        self.note("msg", (gid >> 22) % self.shard_count_now, message.id)

    async def on_ready(self) -> None:
        count = int(os.environ.get("CLUSTER_BLAST", "0"))
        if count and not self._blasted:
            self._blasted = True
            await self.blast(count)

    async def blast(self, count: int) -> None:
        channels = [int(c) for c in os.environ["CLUSTER_CHANNELS"].split(",")]
        # A file the test creates: the start signal to every process at once.
        while not os.path.exists(os.environ["CLUSTER_GO"]):  # noqa: ASYNC110, ASYNC240
            await asyncio.sleep(0.01)
        started = time.monotonic()

        async def send(n: int) -> None:
            channel = self.get_partial_messageable(channels[n % len(channels)])
            await channel.send(f"blast {os.getpid()} {n}")

        await asyncio.gather(*(send(n) for n in range(count)))
        self.note("blast", count, round(time.monotonic() - started, 3), self.http.ratelimited)


bot = RecordingBot()
