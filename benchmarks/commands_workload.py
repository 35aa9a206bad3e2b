"""The commands workload: prefix commands on tidecord and discord.py, side by side.

It has a sandbox of its own with a small world (4 guilds x 100 members: a command
reads one cached member, which costs the same in any guild size) so that each
library's runner connects in a moment, and the libraries take turns: tidecord,
discord.py, discord.py, tidecord... for ``commands_rounds`` rounds each, fresh
processes every time. Load from elsewhere on the machine then falls on both alike,
and the table shows each library's median round.

A runner is a ``commands.Bot`` with ``!hit <member> <amount>`` (a member and an int
converted, a ``guild_only`` check, an empty body). Each round:

1. a warm-up of the mixed firehose (unmeasured);
2. ``commands_pairs`` pairs of plain rounds (only chatter, no prefix), one where
   ``on_message`` just counts (what a plain ``Client`` does) and one where it calls
   ``process_commands`` first, in alternating order: their difference in CPU per
   message is what commands cost a message without the prefix (target: < 1 us);
3. the measured mixed firehose: half ``!hit <@member> 42``, half chatter, each message
   counted once ``process_commands`` returned (target: messages/s >= 3x discord.py).

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

#: The commands workload's world: small, so that connecting costs nothing.
WORLD = {"guilds": 4, "members_per_guild": 100, "channels": 3, "roles": 3}


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


async def _round(run: Run, child: Child, phase: str, mode: str, kind: str,
                 n: int) -> dict[str, Any]:
    child.send("count", n=n, phase=phase, mode=mode)
    await child.expect("armed", 30.0)
    run.rounds += 1
    run.server.send("firehose", n=n, round=run.rounds, kind=kind)
    timeout = run.config.firehose_timeout_s(n)
    counted = await child.expect("counted", timeout)
    counted["sandbox"] = await run.server.expect("firehose", timeout, round=run.rounds)
    return counted


async def _measure(run: Run, name: str) -> dict[str, Any]:
    """One runner process: warm-up, plain pairs, the mixed firehose."""
    cfg = run.config
    module = COMMANDS_RUNNERS[name]
    entry: dict[str, Any] = {"error": None, "plain": []}
    env = dict(run.env)
    if name in cfg.profile:
        env[PROFILE_ENV] = str(run.profiles / "commands")
    child = Child(f"{name} commands", [sys.executable, "-m", module],
                  run.logs / f"{module}.log", env=env, nice=cfg.nice)
    try:
        await child.start()
        entry["ready"] = await child.expect("ready", cfg.ready_timeout_s)
        entry["warmup"] = await _round(run, child, "warmup", "bot", "commands",
                                       max(cfg.commands_firehose // 10, 100))
        for number in range(cfg.commands_pairs):
            pair = {}
            # Alternate which side goes first: a drift in the load favours neither.
            order = ("plain", "bot") if number % 2 == 0 else ("bot", "plain")
            for mode in order:
                pair[mode] = await _round(run, child, "plain", mode, "plain", cfg.commands_plain)
            entry["plain"].append(pair)
        entry["measure"] = await _round(run, child, "measure", "bot", "commands",
                                        cfg.commands_firehose)
    except ChildError as exc:
        if exc.child == run.server.name:
            raise
        entry["error"] = str(exc)
        _say(f"{name} commands: FAILED: {exc}")
    finally:
        entry["exit_code"] = await child.stop()
    return entry


def _summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The median round (by messages/s) and the median no-prefix cost over every pair."""
    done = [r for r in rounds if r.get("measure")]
    if not done:
        return {"error": next((r["error"] for r in rounds if r.get("error")), "no round ran"),
                "rounds": rounds}
    done.sort(key=lambda r: r["measure"]["events_per_s"])
    median = dict(done[len(done) // 2])
    pairs = [p for r in done for p in r["plain"]]
    if pairs:
        median["non_command_extra_us"] = statistics.median(
            p["bot"]["cpu_us_per_event"] - p["plain"]["cpu_us_per_event"] for p in pairs)
        median["plain_us"] = statistics.median(p["plain"]["cpu_us_per_event"] for p in pairs)
    median["rounds"] = rounds
    median["error"] = next((r["error"] for r in rounds if r.get("error")), None)
    return median


async def commands_workload(run: Run, make_run: type[Run]) -> dict[str, Any]:
    """Every library with a commands framework, in alternating rounds on a small world."""
    names = [n for n in COMMANDS_RUNNERS if n in run.config.libraries]
    small = make_run(dataclasses.replace(run.config, **WORLD), logs=run.logs / "commands")
    small.profiles = run.profiles
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    await small.start_sandbox()
    try:
        for number in range(run.config.commands_rounds):
            for name in names if number % 2 == 0 else reversed(names):
                entry = await _measure(small, name)
                rounds[name].append(entry)
                if entry.get("measure"):
                    _say(f"{name}: commands workload round {number + 1}: "
                         f"{entry['measure']['events_per_s']:,.0f} messages/s")
    finally:
        await small.server.stop()
    return {name: _summary(entries) for name, entries in rounds.items()}
