"""What the loop watchdog costs: a firehose of small handler calls, with and without it.

    .venv/bin/python -m benchmarks.health_overhead [--events 100000] [--rounds 10]

Each round dispatches ``--events`` fake MESSAGE_CREATE payloads the way the
client does (one task per handler call, taken off a queue by a reader task),
with tidecord's watchdog on (default settings: 100 ms threshold, tick every
10 ms, sampler every 25 ms, the GIL fallback's timer re-armed) and off, interleaved
so that drift in the machine's speed hits both alike. The overhead is taken on
process CPU time (all threads, so the sampler's own work counts) and on wall
time as the median of paired rounds. Because the watchdog's work is timed
(ticks and samples per second), not per event, its cost is also measured
alone, on an idle loop, as a share of one core: the steadier of the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import time

from tidecord.health import LoopWatchdog

PAYLOAD = json.dumps(
    {
        "id": "1234567890123456789",
        "channel_id": "1234567890123456788",
        "guild_id": "1234567890123456787",
        "author": {"id": "1234567890123456786", "username": "alice"},
        "content": ".idea top",
        "timestamp": "2026-11-22T00:00:00+00:00",
    }
).encode()


async def firehose(events: int) -> int:
    """Push ``events`` payloads through a queue to a handler task per event."""
    queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=1000)
    handled = 0

    async def on_message(raw: bytes) -> None:
        nonlocal handled
        message = json.loads(raw)
        if message["content"].startswith(".idea") and message["author"]["id"]:
            handled += 1

    async def reader() -> None:
        tasks: set[asyncio.Task[None]] = set()
        while (raw := await queue.get()) is not None:
            task = asyncio.create_task(on_message(raw), name="tidecord:on_message")
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)

    consumer = asyncio.create_task(reader())
    for _ in range(events):
        await queue.put(PAYLOAD)
    await queue.put(None)
    await consumer
    return handled


async def one_round(events: int, watched: bool) -> tuple[float, float]:
    watchdog = LoopWatchdog() if watched else None
    if watchdog is not None:
        watchdog.start(asyncio.get_running_loop())
    cpu, wall = time.process_time(), time.perf_counter()
    handled = await firehose(events)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if watchdog is not None:
        watchdog.stop()
        assert watchdog.health.ticks > 0
    assert handled == events
    return cpu, wall


async def idle_cpu(seconds: float, watched: bool) -> float:
    """Process CPU seconds an idle loop uses in ``seconds``, watched or not."""
    watchdog = LoopWatchdog() if watched else None
    if watchdog is not None:
        watchdog.start(asyncio.get_running_loop())
    cpu = time.process_time()
    await asyncio.sleep(seconds)
    cpu = time.process_time() - cpu
    if watchdog is not None:
        watchdog.stop()
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds of the idle measure")
    args = parser.parse_args()
    # A busy benchmark machine makes real (if brief) stalls; they are not the subject here.
    logging.getLogger("tidecord.health").setLevel(logging.CRITICAL)

    asyncio.run(one_round(args.events // 10, True))  # warm-up: imports, allocator
    pairs: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for _ in range(args.rounds):
        # Off and on back to back, so each pair sees the same machine.
        pairs.append((asyncio.run(one_round(args.events, False)),
                      asyncio.run(one_round(args.events, True))))

    print(f"firehose: {args.events} handler calls per round, {args.rounds} rounds per mode")
    print(f"{'watchdog':<10}{'median CPU s':>14}{'median wall s':>15}{'events/s':>12}"
          f"{'CPU us/event':>14}")
    for index, label in ((0, "off"), (1, "on")):
        cpu = statistics.median(pair[index][0] for pair in pairs)
        wall = statistics.median(pair[index][1] for pair in pairs)
        print(f"{label:<10}{cpu:>14.3f}{wall:>15.3f}{args.events / wall:>12.0f}"
              f"{cpu / args.events * 1e6:>14.2f}")
    cpu_ratio = statistics.median(on[0] / off[0] for off, on in pairs)
    wall_ratio = statistics.median(on[1] / off[1] for off, on in pairs)
    print(f"firehose overhead (median of paired rounds): CPU {100 * (cpu_ratio - 1):+.2f}%,"
          f" wall {100 * (wall_ratio - 1):+.2f}%")

    # The watchdog's work is timed, not per event: measured alone it is the
    # same share of a busy loop's second as of an idle one.
    idle_off = asyncio.run(idle_cpu(args.idle, False))
    idle_on = asyncio.run(idle_cpu(args.idle, True))
    share = (idle_on - idle_off) / args.idle
    print(f"idle loop for {args.idle:.0f} s: CPU {idle_off * 1000:.1f} ms without,"
          f" {idle_on * 1000:.1f} ms with the watchdog: it costs {100 * share:.2f}% of one core")


if __name__ == "__main__":
    main()
