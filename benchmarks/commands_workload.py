"""The commands workload: prefix commands on tidecord and discord.py, against one sandbox.

Each library's commands runner (a ``commands.Bot`` with ``!hit <member> <amount>``, a
``guild_only`` check and an empty body) connects like the other runners, then:

1. a warm-up of the mixed firehose (unmeasured);
2. ``commands_pairs`` pairs of plain rounds (only chatter, no prefix): one where
   ``on_message`` just counts (what a plain ``Client`` does today), one where it calls
   ``process_commands`` first. The difference in CPU per message is what commands cost
   a message that is not one (target: < 1 us more for tidecord), taken as the median
   of the pairs so that load on the machine shifts both sides alike;
3. the measured mixed firehose: half ``!hit <@member> 42``, half chatter, each message
   counted once ``process_commands`` returned (a command has then run). Target:
   tidecord's messages/s >= 3x discord.py's.

hikari has no prefix-commands framework of its own, so it is not in this table.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import TYPE_CHECKING, Any

from .runners import COMMANDS_RUNNERS
from .wire import Child, ChildError

if TYPE_CHECKING:
    from .orchestrator import Run

__all__ = ["measure_commands"]


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


async def measure_commands(run: Run, name: str) -> dict[str, Any]:
    """One library's commands runner through warm-up, plain pairs and the mixed firehose."""
    cfg = run.config
    module = COMMANDS_RUNNERS[name]
    entry: dict[str, Any] = {"error": None, "plain": []}
    child = Child(f"{name} commands", [sys.executable, "-m", module],
                  run.logs / f"{module}.log", env=dict(run.env), nice=cfg.nice)
    try:
        await child.start()
        entry["ready"] = await child.expect("ready", cfg.ready_timeout_s)
        entry["warmup"] = await _round(run, child, "warmup", "bot", "commands",
                                       max(cfg.commands_firehose // 10, 100))
        for number in range(cfg.commands_pairs):
            pair = {}
            # Alternate which side goes first, so a drift in the machine's load favours
            # neither.
            order = ("plain", "bot") if number % 2 == 0 else ("bot", "plain")
            for mode in order:
                pair[mode] = await _round(run, child, "plain", mode, "plain", cfg.commands_plain)
            entry["plain"].append(pair)
        entry["measure"] = await _round(run, child, "measure", "bot", "commands",
                                        cfg.commands_firehose)
        _say(f"{name}: commands workload at {entry['measure']['events_per_s']:,.0f} messages/s")
    except ChildError as exc:
        if exc.child == run.server.name:
            raise
        entry["error"] = str(exc)
        _say(f"{name} commands: FAILED: {exc}")
    finally:
        entry["exit_code"] = await child.stop()
        entry["log"] = str(child.log_path)
    if entry["plain"]:
        extra = [p["bot"]["cpu_us_per_event"] - p["plain"]["cpu_us_per_event"]
                 for p in entry["plain"]]
        entry["non_command_extra_us"] = statistics.median(extra)
        entry["plain_us"] = statistics.median(p["plain"]["cpu_us_per_event"]
                                              for p in entry["plain"])
    return entry
