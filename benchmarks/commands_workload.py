"""The commands workload: prefix commands on tidecord and discord.py, side by side.

It runs on the benchmark's sandbox and world, after the main table, with both
libraries connected at once: each runner is one shard of two (``shard_id`` 0 and 1,
``shard_count`` 2), so each caches half the world (about 250 guilds and 125,000
members) and gets only the messages sent into its own guilds. The measurement is
cut into ``commands_batches`` batches, and the libraries take turns batch by batch
(tidecord, discord.py, discord.py, tidecord, ...): the machine's other load, which
comes and goes over seconds, falls on both alike. The table sums the batches.

A runner is a ``commands.Bot`` with ``!hit <member> <amount>`` (a member and an int
converted, a ``guild_only`` check, an empty body). After an unmeasured warm-up, each
batch of a library has:

1. the mixed firehose: half ``!hit <@member> 42``, half chatter, each message counted
   once ``process_commands`` returned (target: messages/s >= 3x discord.py). The time
   spent inside ``process_commands`` is also timed (less the clock's own cost): that
   is the commands framework's share, the rest is the library's message path;
2. two plain rounds (only chatter, no prefix), one where ``on_message`` just counts
   (what a plain ``Client`` does) and one where it calls ``process_commands`` first,
   in alternating order. The time spent inside ``process_commands`` there (timed in
   the runner, less the clock's own cost) is what commands cost a message without the
   prefix (target: < 1 us); the difference between the two rounds' CPU per message
   says the same, but with the noise of everything else a message costs.

hikari has no prefix-commands framework of its own, so it is not in this table.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from typing import TYPE_CHECKING, Any

from .profiling import ENV as PROFILE_ENV
from .runners import COMMANDS_RUNNERS
from .wire import Child, ChildError

if TYPE_CHECKING:
    from .orchestrator import Run

__all__ = ["commands_workload"]

#: The environment variable that makes a commands runner shard ``n`` of 2.
SHARD_ENV = "BENCH_SHARD"


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


async def _round(run: Run, child: Child, shard: int, phase: str, mode: str, kind: str,
                 n: int) -> dict[str, Any]:
    child.send("count", n=n, phase=phase, mode=mode)
    await child.expect("armed", 30.0)
    run.rounds += 1
    run.server.send("firehose", n=n, round=run.rounds, kind=kind, shard=shard)
    timeout = run.config.firehose_timeout_s(n)
    counted = await child.expect("counted", timeout)
    counted["sandbox"] = await run.server.expect("firehose", timeout, round=run.rounds)
    return counted


@dataclasses.dataclass
class _Side:
    """One library: its runner (one shard of two) and what its batches measured."""

    name: str
    run: Run
    shard: int
    child: Child | None = None
    entry: dict[str, Any] = dataclasses.field(
        default_factory=lambda: {"error": None, "batches": []})

    async def start(self) -> None:
        cfg = self.run.config
        module = COMMANDS_RUNNERS[self.name]
        env = dict(self.run.env, **{SHARD_ENV: str(self.shard)})
        if self.name in cfg.profile:
            env[PROFILE_ENV] = str(self.run.profiles / "commands")
        self.child = Child(f"{self.name} commands", [sys.executable, "-m", module],
                           self.run.logs / f"{module}.log", env=env, nice=cfg.nice)
        await self.child.start()
        self.entry["ready"] = await self.child.expect("ready", cfg.ready_timeout_s)
        self.entry["warmup"] = await _round(self.run, self.child, self.shard, "warmup", "bot",
                                            "commands", max(cfg.commands_firehose // 10, 100))

    async def batch(self, number: int) -> None:
        cfg = self.run.config
        assert self.child is not None
        batches = max(cfg.commands_batches, 1)
        batch: dict[str, Any] = {"measure": await _round(
            self.run, self.child, self.shard, "measure", "timed", "commands",
            cfg.commands_firehose // batches)}
        # Alternate which plain round goes first: a drift in the load favours neither.
        for mode in ("plain", "timed") if number % 2 == 0 else ("timed", "plain"):
            batch[mode] = await _round(self.run, self.child, self.shard, "plain", mode,
                                       "plain", cfg.commands_plain // batches)
        self.entry["batches"].append(batch)

    async def stop(self) -> None:
        if self.child is not None:
            self.entry["exit_code"] = await self.child.stop()


def _total(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Rounds summed: messages, wall and CPU seconds, and the rates they give."""
    count = sum(r["count"] for r in rounds)
    wall = sum(r["wall_s"] for r in rounds)
    cpu = sum(r["cpu_s"] for r in rounds)
    inside = sum(r.get("inside_us_per_event", 0.0) * r["count"] for r in rounds)
    return {
        "count": count,
        "wall_s": wall,
        "cpu_s": cpu,
        "events_per_s": count / wall if wall > 0 else 0.0,
        "cpu_us_per_event": cpu / count * 1e6 if count else 0.0,
        "inside_us_per_event": inside / count if count else 0.0,
        "sandbox": {"sent": sum(r["sandbox"]["sent"] for r in rounds)},
    }


def _summary(entry: dict[str, Any]) -> dict[str, Any]:
    """The batches summed; the no-prefix cost timed inside ``process_commands``."""
    batches = entry["batches"]
    if not batches:
        entry.setdefault("error", "no batch ran")
        return entry
    entry["measure"] = _total([b["measure"] for b in batches])
    plain, timed = _total([b["plain"] for b in batches]), _total([b["timed"] for b in batches])
    entry["plain_us"] = plain["cpu_us_per_event"]
    entry["non_command_extra_us"] = timed["inside_us_per_event"]
    # The same cost as the difference of two firehoses' CPU per message: it agrees on
    # average, but the machine's other load moves each by more than the cost itself.
    entry["non_command_extra_firehose_us"] = (
        timed["cpu_us_per_event"] - plain["cpu_us_per_event"])
    # How much the per-batch numbers moved: the machine's other load shows here.
    entry["batch_cpu_us"] = [b["measure"]["cpu_us_per_event"] for b in batches]
    return entry


def _batch_ratios(sides: list[_Side]) -> list[float]:
    """discord.py's CPU per message over tidecord's, batch by batch."""
    by_name = {side.name: side.entry["batches"] for side in sides}
    ours, theirs = by_name.get("tidecord", []), by_name.get("discord.py", [])
    return [b["measure"]["cpu_us_per_event"] / a["measure"]["cpu_us_per_event"]
            for a, b in zip(ours, theirs, strict=False)]


async def commands_workload(run: Run) -> dict[str, Any]:
    """Every library with a commands framework (one shard each), taking turns batch by
    batch on ``run``'s sandbox."""
    names = [n for n in COMMANDS_RUNNERS if n in run.config.libraries]
    config = run.config
    sides = [_Side(name, run, shard) for shard, name in enumerate(names[:2])]
    try:
        for side in sides:
            await side.start()
            _say(f"{side.name}: commands runner ready")
        for number in range(config.commands_batches):
            for side in sides if number % 2 == 0 else reversed(sides):
                await side.batch(number)
    except ChildError as exc:
        if exc.child == run.server.name:
            raise
        # A runner that fails spoils the comparison: both sides say so.
        for side in sides:
            side.entry["error"] = str(exc)
        _say(f"commands workload: FAILED: {exc}")
    finally:
        for side in sides:
            await side.stop()
    results = {side.name: _summary(side.entry) for side in sides}
    ratios = _batch_ratios(sides)
    if ratios and "tidecord" in results:
        results["tidecord"]["batch_ratio_median"] = statistics.median(ratios)
    for side in sides:
        measure = side.entry.get("measure")
        if measure:
            _say(f"{side.name}: commands workload: {measure['events_per_s']:,.0f} messages/s, "
                 f"{measure['cpu_us_per_event']:.1f} us CPU per message")
    return results
