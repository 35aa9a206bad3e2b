"""What tidecord's per-event counters cost, measured in-process on the client's own hot path.

    .venv/bin/python -m benchmarks.metrics_overhead [--events 50000] [--rounds 10]

A tidecord ``Client`` (never connected) is fed gateway dispatches the way a shard
feeds them: ``MESSAGE_CREATE`` payloads decoded, cached and dispatched to an
``on_message`` handler task, yielding to the loop every 32 events as the shard's
read loop does. No socket, no inflate: what is left is exactly the path the
counters sit on (the parser's count by type, the dispatcher's handler timing), so
their cost is not lost in network noise. Modes run in paired rounds with a
rotating order, as in ``make bench`` (see :mod:`benchmarks.overhead`): ``off``
(``Client(metrics=False)``), ``off again`` (the A/A noise), ``on`` (the default)
and ``scraped`` (on, with the Prometheus exporter scraped from a thread every
0.25 s). CPU is process CPU time, all threads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import threading
import time
import timeit
import urllib.request
from types import SimpleNamespace
from typing import Any

import msgspec

import tidecord
from tidecord.metrics import set_counting
from tidecord.metrics.prometheus import MetricsServer
from tidecord.models import Frame

from .overhead import MODES, SCRAPE_EVERY_S, overhead_lines
from .wire import emit

GUILD, CHANNEL, ALICE, BOT = 1000000000000000001, 1000000000000000002, 1000000000000000003, 9
_YIELD_EVERY = 32


def _frame(t: str, d: dict[str, Any]) -> tuple[Any, bytes]:
    data = msgspec.json.encode({"op": 0, "s": 1, "t": t, "d": d})
    return msgspec.json.decode(data, type=Frame).d, data


def _guild() -> dict[str, Any]:
    alice = {"id": str(ALICE), "username": "alice", "global_name": "Alice", "avatar": None}
    return {
        "id": str(GUILD), "name": "Bench", "owner_id": str(ALICE), "unavailable": False,
        "roles": [{"id": str(GUILD), "name": "@everyone", "permissions": "1071698660929",
                   "position": 0, "color": 0, "hoist": False, "managed": False,
                   "mentionable": False}],
        "channels": [{"id": str(CHANNEL), "type": 0, "name": "general", "position": 0,
                      "guild_id": str(GUILD)}],
        "members": [{"user": alice, "roles": [], "joined_at": "2026-01-01T00:00:00+00:00",
                     "deaf": False, "mute": False}],
        "member_count": 1, "large": False, "emojis": [], "features": [],
    }


def _message(n: int) -> dict[str, Any]:
    return {
        "id": str(1100000000000000000 + n), "channel_id": str(CHANNEL), "guild_id": str(GUILD),
        "author": {"id": str(ALICE), "username": "alice", "global_name": "Alice",
                   "avatar": None},
        "member": {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False,
                   "mute": False},
        "content": f"an idea, number {n}", "timestamp": "2026-11-22T00:00:00+00:00",
        "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": False, "type": 0,
    }


class Feeder:
    """A client and the dispatches to feed it, as a shard would."""

    def __init__(self, events: int) -> None:
        self.client = tidecord.Client(api_url="http://127.0.0.1:9/api/v10", loop_watchdog=True)
        self.handled = 0

        async def on_message(message: tidecord.Message) -> None:
            if message.content:
                self.handled += 1

        self.client.event(on_message)
        self.shard = SimpleNamespace(id=0)
        # A few distinct payloads, as a firehose repeats its frames' shape.
        self.messages = [_frame("MESSAGE_CREATE", _message(n)) for n in range(64)]
        self.events = events

    async def setup(self) -> None:
        self.client._watchdog.start(asyncio.get_running_loop())
        d, data = _frame("GUILD_CREATE", _guild())
        self.client._parsers(self.shard, "GUILD_CREATE", d, data)

    async def round(self) -> float:
        """Feed ``events`` messages; returns process CPU microseconds per event."""
        parsers, shard, messages = self.client._parsers, self.shard, self.messages
        dispatcher = self.client._dispatcher
        self.handled = 0
        cpu = time.process_time()
        budget = _YIELD_EVERY
        for n in range(self.events):
            d, data = messages[n & 63]
            parsers(shard, "MESSAGE_CREATE", d, data)
            budget -= 1
            if not budget:
                budget = _YIELD_EVERY
                await asyncio.sleep(0)
        while dispatcher.tasks:
            await asyncio.gather(*list(dispatcher.tasks))
        cpu = time.process_time() - cpu
        assert self.handled == self.events, (self.handled, self.events)
        return cpu / self.events * 1e6

    async def close(self) -> None:
        await self.client.close()


def hook_costs(repeat: int = 7, number: int = 200_000) -> dict[str, float]:
    """Nanoseconds per event the counters add, each hook timed alone (best of ``repeat``).

    The parser's count: an event no parser knows (nothing else happens for it), counted
    and not. The dispatcher's timing: one handler run driven by hand (a handler that
    returns at once), timed one run in 17 and not at all.
    """
    client = tidecord.Client(api_url="http://127.0.0.1:9/api/v10", loop_watchdog=False)
    parsers, dispatcher, shard = client._parsers, client._dispatcher, SimpleNamespace(id=0)
    d, data = _frame("UNKNOWN_EVENT", {})

    async def handler() -> None:
        return None

    def parse() -> None:
        parsers(shard, "UNKNOWN_EVENT", d, data)

    def run() -> None:
        coro = dispatcher._run(handler, "message", ())
        try:
            coro.send(None)
        except StopIteration:
            pass

    def best(fn: Any) -> float:
        return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e9

    costs: dict[str, float] = {}
    for on in (False, True):
        set_counting(client, on)
        costs[f"parse_{'on' if on else 'off'}_ns"] = best(parse)
        costs[f"run_{'on' if on else 'off'}_ns"] = best(run)
    costs["count_ns"] = costs["parse_on_ns"] - costs["parse_off_ns"]
    costs["timing_ns"] = costs["run_on_ns"] - costs["run_off_ns"]
    return costs


def _scrape_forever(url: str, stop: threading.Event, count: list[int]) -> None:
    while not stop.wait(SCRAPE_EVERY_S):
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
        count[0] += 1


async def measure(events: int, rounds: int) -> dict[str, Any]:
    """Paired rounds of every mode; the entry :func:`overhead_lines` prints."""
    feeder = Feeder(events)
    await feeder.setup()
    entry: dict[str, Any] = {"error": None, "rounds": [], "count": events,
                             "scrape_every_s": SCRAPE_EVERY_S, "scrapes": 0}
    scrapes = [0]
    try:
        await feeder.round()  # warm-up: the message cache fills to its bound
        for index in range(rounds):
            shift = index % len(MODES)
            measured: dict[str, float] = {}
            for mode in MODES[shift:] + MODES[:shift]:
                set_counting(feeder.client, mode != "off" and mode != "off again")
                if mode != "scraped":
                    measured[mode] = await feeder.round()
                    continue
                stop = threading.Event()
                with MetricsServer(feeder.client) as server:
                    scraper = threading.Thread(target=_scrape_forever,
                                               args=(server.url, stop, scrapes))
                    scraper.start()
                    try:
                        measured[mode] = await feeder.round()
                    finally:
                        stop.set()
                        scraper.join()
            entry["rounds"].append(measured)
    finally:
        await feeder.close()
    entry["scrapes"] = scrapes[0]
    entry["hooks"] = hook_costs()
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--emit", action="store_true",
                        help="report to the benchmark orchestrator instead of printing")
    args = parser.parse_args()
    # A busy benchmark machine makes real (if brief) stalls; they are not the subject here.
    logging.getLogger("tidecord.health").setLevel(logging.CRITICAL)
    entry = asyncio.run(measure(args.events, args.rounds))
    if args.emit:
        emit("overhead", **entry)
    else:
        print("\n".join(overhead_lines(entry, "on the client's hot path")))
        print(json.dumps(entry["rounds"]))


if __name__ == "__main__":
    main()
