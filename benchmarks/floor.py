"""The decode floor: zlib inflate + JSON decode of the very frames the clients get.

``python -m benchmarks.floor`` is a bare gateway connection (same intents, same
zlib-stream query, same large_threshold as the libraries) that only records the
raw WebSocket messages. Recording costs almost nothing, so during the firehose it
also shows how fast the sandbox can send. Afterwards the recorded bytes are
replayed in-process through one ``zlib.decompressobj`` (the stream's context runs
across the whole connection, so earlier frames are inflated untimed) and
``msgspec.json.decode`` to builtins, the fastest reasonable decode at hand; the
best of a few replays is the floor: no library can do less than this.

It speaks the runners' protocol (``ready``, ``armed``, ``counted``) so the
orchestrator drives it like a client.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import zlib
from collections.abc import Iterable
from typing import Any, Final

import aiohttp
import msgspec

from .runners.base import RunnerSettings, first_of
from .wire import arm_deadline, commands, emit

SYNC_FLUSH: Final = b"\x00\x00\xff\xff"
REPLAYS: Final = 3
_decode = msgspec.json.decode


def inflate_and_decode(inflater: Any, chunks: Iterable[bytes]) -> int:
    """Inflate WebSocket messages into gateway frames and decode each; returns the count.

    This loop is what gets timed: the least work any zlib-stream JSON client does.
    """
    frames = 0
    buffer = b""
    for chunk in chunks:
        if buffer:
            chunk = buffer + chunk
        if not chunk.endswith(SYNC_FLUSH):
            buffer = chunk
            continue
        buffer = b""
        _decode(inflater.decompress(chunk))
        frames += 1
    return frames


class StreamContext:
    """The connection's inflate context, brought forward once and copied for each use.

    zlib-stream runs one context over the whole connection, so replaying
    ``chunks[start:]`` needs every earlier chunk inflated first. Bringing one context
    forward as the run goes and handing out copies keeps each replay from inflating
    (and decoding) the guild storm again: that was most of the floor's wall time.
    """

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self._inflater = zlib.decompressobj()
        self._at = 0

    def at(self, index: int) -> Any:
        """A fresh copy of the context as it stands after ``chunks[:index]``."""
        if index < self._at:
            raise ValueError(f"the context is past chunk {index} (at {self._at})")
        for chunk in self.chunks[self._at:index]:
            self._inflater.decompress(chunk)
        self._at = index
        return self._inflater.copy()


def best_replay(context: StreamContext, start: int, end: int, replays: int = REPLAYS
                ) -> tuple[float, int]:
    """Best-of-``replays`` process CPU time to inflate + decode ``chunks[start:end]``."""
    best, frames = float("inf"), 0
    section = context.chunks[start:end]
    for _ in range(replays):
        inflater = context.at(start)  # untimed: the context as the connection had it
        cpu0 = time.process_time()
        frames = inflate_and_decode(inflater, section)
        best = min(best, time.process_time() - cpu0)
    return best, frames


def _json_bytes(context: StreamContext, start: int, end: int) -> int:
    """How many JSON bytes ``chunks[start:end]`` inflate to (untimed)."""
    return len(context.at(start).decompress(b"".join(context.chunks[start:end])))


class Recorder:
    """A minimal gateway session that keeps every received message's bytes."""

    def __init__(self, settings: RunnerSettings) -> None:
        self.settings = settings
        self.chunks: list[bytes] = []
        self.seq: int | None = None
        self.ready = asyncio.Event()
        self.target = -1
        self.count = 0
        self.wall_first = self.wall_last = 0.0
        self.counted: asyncio.Event = asyncio.Event()

    async def run(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Identify, heartbeat, and record until the socket closes."""
        live = zlib.decompressobj()
        buffer = b""
        expected: int | None = None
        guilds = 0
        heartbeat: asyncio.Task[None] | None = None
        try:
            async for msg in ws:
                if msg.type is not aiohttp.WSMsgType.BINARY:
                    continue
                data: bytes = msg.data
                self.chunks.append(data)
                if self.ready.is_set():
                    self._tick()
                    continue
                # Before ready, follow the session: hello, READY, GUILD_CREATEs.
                buffer += data
                if not buffer.endswith(SYNC_FLUSH):
                    continue
                frame = _decode(live.decompress(buffer))
                buffer = b""
                self.seq = frame.get("s") or self.seq
                if frame["op"] == 10:
                    interval = frame["d"]["heartbeat_interval"] / 1000
                    heartbeat = asyncio.create_task(self._beat(ws, interval), name="floor-beat")
                    await ws.send_str(self._identify())
                elif frame["t"] == "READY":
                    expected = len(frame["d"]["guilds"])
                elif frame["t"] == "GUILD_CREATE":
                    guilds += 1
                if expected is not None and guilds >= expected:
                    self.ready.set()
        finally:
            if heartbeat is not None:
                heartbeat.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await heartbeat

    def _tick(self) -> None:
        self.count += 1
        if self.count == 1:
            self.wall_first = time.perf_counter()
        if self.count == self.target:
            self.wall_last = time.perf_counter()
            self.counted.set()

    def arm(self, target: int) -> int:
        """Count the next ``target`` messages; returns where they start in ``chunks``."""
        self.count, self.target = 0, target
        self.counted.clear()
        return len(self.chunks)

    def _identify(self) -> str:
        return json.dumps({"op": 2, "d": {
            "token": self.settings.token, "intents": self.settings.intents,
            "properties": {"os": "linux", "browser": "tidecord-bench", "device": "tidecord-bench"},
            "large_threshold": 250,
        }})

    async def _beat(self, ws: aiohttp.ClientWebSocketResponse, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await ws.send_str(json.dumps({"op": 1, "d": self.seq}))


async def _measure() -> None:
    settings = RunnerSettings.from_env()
    recorder = Recorder(settings)
    url = f"{settings.gateway_url}?v=10&encoding=json&compress=zlib-stream"
    async with aiohttp.ClientSession() as session, \
            session.ws_connect(url, max_msg_size=0) as ws:
        wall0 = time.perf_counter()
        task = asyncio.create_task(recorder.run(ws), name="floor-recorder")
        try:
            await first_of(recorder.ready.wait(), task, "ready")
            storm_end = len(recorder.chunks)
            context = StreamContext(recorder.chunks)
            cpu, frames = best_replay(context, 0, storm_end)
            storm = recorder.chunks[:storm_end]
            raw = len(zlib.decompressobj().decompress(b"".join(storm)))
            emit("ready", library="floor", version=f"msgspec {msgspec.__version__}",
                 wall_to_ready_s=time.perf_counter() - wall0, cpu_to_ready_s=cpu,
                 storm_frames=frames, storm_compressed_bytes=sum(map(len, storm)),
                 storm_json_bytes=raw)
            async for cmd in commands():
                if cmd["cmd"] == "count":
                    n = int(cmd["n"])
                    start = recorder.arm(n)
                    emit("armed", phase=cmd["phase"])
                    await first_of(recorder.counted.wait(), task, f"{n} messages")
                    end = start + n
                    wall = recorder.wall_last - recorder.wall_first
                    fire_cpu, fire_frames = best_replay(context, start, end,
                                                        int(cmd.get("replays", REPLAYS)))
                    emit("counted", phase=cmd["phase"], count=n, wall_s=wall,
                         received_per_s=(n - 1) / wall if wall > 0 else 0.0,
                         cpu_s=fire_cpu, frames=fire_frames,
                         cpu_us_per_event=fire_cpu / max(fire_frames, 1) * 1e6,
                         events_per_s=fire_frames / fire_cpu if fire_cpu > 0 else 0.0,
                         compressed_bytes_per_event=sum(map(len, recorder.chunks[start:end])) / n,
                         json_bytes_per_event=_json_bytes(context, start, end) / n)
                elif cmd["cmd"] == "stop":
                    break
        finally:
            await ws.close()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    emit("closed")


def main() -> int:
    """Record, replay, report; errors go to the orchestrator as an ``error`` event."""
    arm_deadline()
    try:
        asyncio.run(_measure())
    except BaseException as exc:  # reported, then exit 1
        import traceback

        traceback.print_exc()
        emit("error", message=f"{type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
