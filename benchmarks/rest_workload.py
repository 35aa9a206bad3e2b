"""The REST workload: messages sent through the sandbox's rate limits, one library at a time.

Each library's REST runner (``benchmarks/runners/run_rest_<library>.py``, a process of
its own, no gateway) logs in to the benchmark's sandbox, then sends ``rest_messages``
messages spread over ``rest_channels`` text channels of the world, all at once. The
sandbox's limits are fixed for the run (``BenchConfig.rest_global`` and
``rest_route``): a global limit for the token and a per-channel bucket on
``POST /channels/{channel_id}/messages``, both fixed windows that open at the first
request after the last one closed. Measured: the wall time from the first send to the
last answer, the 429s the sandbox answered (its REST log's totals, before and after),
the messages it holds afterwards (none lost, none twice), the client's CPU time, and
the server's span: from the first of those messages the sandbox created to the last
(their snowflakes' milliseconds), which leaves out the client's own start and the
return of the last answers.
A library that has not finished after ``rest_budget_factor`` times the allowed time is
stopped there, and reported with what it sent by then.
"""

from __future__ import annotations

import asyncio
import math
import sys
import time
from typing import TYPE_CHECKING, Any

from .runners import REST_RUNNERS
from .runners.rest_base import GLOBAL_ENV
from .wire import Child, ChildError

if TYPE_CHECKING:
    from .orchestrator import Run

__all__ = ["allowed_s", "rest_budget_s", "rest_workload"]

SHORT_TIMEOUT_S = 60.0


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def allowed_s(messages: int, channels: int, route: tuple[int, float],
              global_: tuple[int, float]) -> float:
    """The least time from the first request to the last that the limits allow.

    A fixed window of ``limit`` per ``period`` opens with the first request after the
    previous one closed, so ``k`` requests need ``ceil(k / limit)`` windows and the last
    one goes out ``(ceil(k / limit) - 1) * period`` after the first at the earliest.
    That holds for the busiest channel's bucket (``ceil(messages / channels)``
    messages) and for the global window (all of them); neither can be beaten, so the
    larger is a lower bound. With equal periods it is also reached: every window
    carries ``limit`` messages of each channel's share, or the global limit's worth
    spread evenly over the channels, whichever runs out first.
    """
    route_limit, route_per = route
    global_limit, global_per = global_
    busiest = math.ceil(messages / channels)
    by_route = (math.ceil(busiest / route_limit) - 1) * route_per
    by_global = (math.ceil(messages / global_limit) - 1) * global_per
    return max(by_route, by_global, 0.0)


def rest_budget_s(factor: float, allowed: float, least: float = 2.0) -> float:
    """How long a library may take: ``factor`` times the allowed time, at least ``least`` s."""
    return max(least, factor * allowed)


async def _count(run: Run, channels: list[str], tag: str) -> dict[str, Any]:
    run.server.send("rest_count", channels=channels, tag=tag)
    return await run.server.expect("rest_count", SHORT_TIMEOUT_S)


async def _one(run: Run, name: str, channels: list[str], allowed: float) -> dict[str, Any]:
    """One library: log in, let the login's windows close, send, count what arrived."""
    cfg = run.config
    entry: dict[str, Any] = {"error": None}
    module = REST_RUNNERS[name]
    tag = f"rest-{run.run_id}-{name}"
    child = Child(f"{name} rest", [sys.executable, "-m", module], run.logs / f"{module}.log",
                  env=dict(run.env, **{GLOBAL_ENV: str(cfg.rest_global[0])}), nice=cfg.nice)
    try:
        before = await _count(run, channels, tag)
        await child.start()
        entry["ready"] = await child.expect("ready", SHORT_TIMEOUT_S)
        # The login's own requests opened a global window: start the sends on fresh ones.
        await asyncio.sleep(max(cfg.rest_global[1], cfg.rest_route[1]) + 0.2)
        child.send("send", channels=channels, n=cfg.rest_messages, tag=tag)
        budget = rest_budget_s(cfg.rest_budget_factor, allowed, cfg.rest_least_budget_s)
        try:
            sent = await asyncio.wait_for(child.expect("sent", 2 * budget), budget)
        except TimeoutError:
            # Too slow for the time allowed: how far it got, and what that rate was.
            child.send("progress")
            sent = {**await child.expect("progress", SHORT_TIMEOUT_S), "unfinished_s": budget}
        after = await _count(run, channels, tag)
        entry["measure"] = {
            **sent,
            "rate_limited": after["rate_limited"] - before["rate_limited"],
            "created": after["created"],
            "span_s": after.get("span_s"),
            "distinct": after["distinct"],
            # Of the sandbox's last 500 records: enough to tell which limit was hit.
            "scopes_seen": {k: v - before["scopes"].get(k, 0)
                            for k, v in after["scopes"].items()},
        }
    except ChildError as exc:
        if exc.child == run.server.name:
            raise
        entry["error"] = str(exc)
        _say(f"{name} rest: FAILED: {exc}")
    finally:
        entry["exit_code"] = await child.stop(within=10.0)
    return entry


async def rest_workload(run: Run) -> dict[str, Any]:
    """Every library in turn on ``run``'s sandbox; the limits and channels with them."""
    cfg = run.config
    run.server.send("rest_channels", n=cfg.rest_channels)
    channels = list((await run.server.expect("rest_channels", SHORT_TIMEOUT_S))["ids"])
    allowed = allowed_s(cfg.rest_messages, cfg.rest_channels, cfg.rest_route, cfg.rest_global)
    out: dict[str, Any] = {
        "messages": cfg.rest_messages, "channels": len(channels), "allowed_s": allowed,
        "global": list(cfg.rest_global), "route": list(cfg.rest_route), "libraries": {},
    }
    for name in (n for n in REST_RUNNERS if n in cfg.libraries):
        entry = await _one(run, name, channels, allowed)
        out["libraries"][name] = entry
        measure = entry.get("measure")
        if measure and measure.get("unfinished_s"):
            _say(f"{name}: {measure['created']:,} of {cfg.rest_messages:,} messages sent "
                 f"within {measure['unfinished_s']:.0f} s, {measure['rate_limited']} 429s")
        elif measure:
            _say(f"{name}: {cfg.rest_messages:,} messages sent in {measure['wall_s']:.2f} s "
                 f"(allowed {allowed:.2f} s), {measure['rate_limited']} 429s")
    return out
