"""What tidecord's metrics cost on the firehose: paired rounds in one client process.

One tidecord runner connects as in the main run, then goes through rounds of
firehose. Each round runs every mode once, in an order that rotates from round to
round (so drift in the machine's speed hits every mode alike):

* ``off``: the per-event counters off (``Client(metrics=False)``);
* ``off again``: the same, a second time: the A/A pair whose spread is the noise;
* ``on``: tidecord as shipped, counting events by type and timing handlers;
* ``scraped``: as shipped, with the Prometheus exporter on its own thread, scraped
  every ``SCRAPE_EVERY_S`` during the round (far more often than Prometheus would).

Each mode's CPU per event (process CPU, all threads) is divided by the ``off``
round's of the same round; the medians of those ratios are the overheads, next to
the A/A ratio's median and spread; the fastest round of each mode (the one the
machine's other work disturbed least) is printed too.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from typing import TYPE_CHECKING, Any, Final

import aiohttp

from .runners import RUNNER_MODULES
from .wire import Child, ChildError

if TYPE_CHECKING:
    from .orchestrator import Run

__all__ = ["MODES", "inprocess_overhead", "metrics_overhead", "overhead_lines"]

MODES: Final = ("off", "off again", "on", "scraped")
SCRAPE_EVERY_S: Final = 0.25
SHORT_TIMEOUT_S: Final = 30.0


async def metrics_overhead(run: Run) -> dict[str, Any]:
    """The paired rounds (see the module docstring); ``error`` set if the child failed."""
    cfg = run.config
    module = RUNNER_MODULES["tidecord"]
    child = Child("tidecord-metrics", [sys.executable, "-m", module],
                  run.logs / "metrics-overhead.log", env=dict(run.env), nice=cfg.nice)
    entry: dict[str, Any] = {"error": None, "rounds": [], "count": cfg.overhead_count,
                             "scrape_every_s": SCRAPE_EVERY_S, "scrapes": 0}
    try:
        await child.start()
        await child.expect("ready", cfg.ready_timeout_s)
        await run.firehose(child, "warmup", cfg.warmup)
        for index in range(cfg.overhead_rounds):
            shift = index % len(MODES)
            order = MODES[shift:] + MODES[:shift]
            measured: dict[str, float] = {}
            for mode in order:
                child.send("metrics", mode=mode.removesuffix(" again"))
                answer = await child.expect("metrics", SHORT_TIMEOUT_S)
                measured[mode] = await _round(run, child, cfg.overhead_count, answer.get("url"),
                                              entry)
            entry["rounds"].append(measured)
    except ChildError as exc:
        if exc.child == run.server.name:
            raise
        entry["error"] = str(exc)
    finally:
        await child.stop()
    return entry


async def inprocess_overhead(run: Run) -> dict[str, Any]:
    """The same modes on the client's hot path alone (:mod:`benchmarks.metrics_overhead`)."""
    cfg = run.config
    child = Child("metrics-inprocess",
                  [sys.executable, "-m", "benchmarks.metrics_overhead", "--emit",
                   "--events", str(cfg.overhead_count), "--rounds", str(cfg.overhead_rounds)],
                  run.logs / "metrics-inprocess.log", env=dict(run.env), nice=cfg.nice)
    try:
        await child.start()
        timeout = 4 * cfg.overhead_rounds * cfg.firehose_timeout_s(cfg.overhead_count)
        entry = await child.expect("overhead", timeout)
    except ChildError as exc:
        entry = {"error": str(exc)}
    finally:
        await child.stop()
    entry.pop("event", None)
    return entry


async def _round(run: Run, child: Child, count: int, url: str | None,
                 entry: dict[str, Any]) -> float:
    """One firehose round's CPU per event; scraping ``url`` meanwhile if given."""
    if url:
        await _scrape_once(url, entry)  # the exporter answers before the round starts
    scraper = asyncio.create_task(_scrape(url, entry)) if url else None
    try:
        counted = await run.firehose(child, "measure", count)
    finally:
        if scraper is not None:
            scraper.cancel()
            await asyncio.gather(scraper, return_exceptions=True)
    return float(counted["cpu_us_per_event"])


async def _scrape(url: str, entry: dict[str, Any]) -> None:
    async with aiohttp.ClientSession() as http:
        while True:
            async with http.get(url) as response:
                await response.read()
                if response.status == 200:
                    entry["scrapes"] += 1
            await asyncio.sleep(SCRAPE_EVERY_S)


async def _scrape_once(url: str, entry: dict[str, Any]) -> None:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        await response.read()
        if response.status == 200:
            entry["scrapes"] += 1


def overhead_lines(entry: dict[str, Any] | None, where: str = "through the sandbox"
                   ) -> list[str]:
    """The overheads as the report prints them."""
    if not entry:
        return []
    if entry.get("error"):
        return [f"metrics overhead {where}: FAILED: {entry['error']}"]
    rounds = entry["rounds"]
    if not rounds:
        return []

    def ratios(mode: str) -> list[float]:
        return [r[mode] / r["off"] for r in rounds]

    noise = ratios("off again")
    spread = (max(noise) - min(noise)) / 2 * 100
    lines = [
        f"metrics overhead {where} ({len(rounds)} paired rounds of {entry['count']:,} messages,"
        f" CPU per event vs Client(metrics=False) in the same round; {entry['scrapes']}"
        f" scrapes, one every {entry['scrape_every_s']} s in scraped rounds):",
    ]
    off = statistics.median(r["off"] for r in rounds)
    lines.append(f"  off (A/A noise): median {100 * (statistics.median(noise) - 1):+.2f}%,"
                 f" spread +/-{spread:.2f}%  ({off:.2f} us/event)")
    for mode in ("on", "scraped"):
        values = ratios(mode)
        lines.append(f"  {mode}: median {100 * (statistics.median(values) - 1):+.2f}%"
                     f" (rounds from {100 * (min(values) - 1):+.2f}% to"
                     f" {100 * (max(values) - 1):+.2f}%)")
    # The fastest round of each mode: the one other work on the machine disturbed least.
    best = {mode: min(r[mode] for r in rounds) for mode in MODES}
    floor = min(best["off"], best["off again"])
    lines.append("  best round of each: " + ", ".join(
        f"{mode} {best[mode]:.2f} us ({100 * (best[mode] / floor - 1):+.1f}%)"
        for mode in ("off", "on", "scraped")))
    hooks = entry.get("hooks")
    if hooks:
        lines.append(f"  each hook alone (best of 7): counting an event {hooks['count_ns']:.0f} ns,"
                     f" timing a handler run (one in 17) {hooks['timing_ns']:.0f} ns")
    return lines
