"""Reply latency: how long a bot takes to answer ``!ping``, at idle and under load.

The sandbox process writes ``!ping N`` (a MESSAGE_CREATE) to the runner's connection
every ``latency_interval_s``; the runner's bot answers each with ``pong N`` through
``POST /channels/{id}/messages``. A ping's latency is from the moment the sandbox
finished writing its frame to the moment the sandbox handles the POST that answers
it (both on the sandbox's clock, so no clocks are compared across processes). Under
load, the same connection carries ``latency_load`` other MESSAGE_CREATE per second
(chatter, sent in 10 ms slices ahead of each ping), so a library's backlog shows.

The pings are paced by the clock, not by the answers: a bot that falls behind has
several pings in flight, as a real bot would. The sandbox's REST limits are lifted
while pinging (the libraries would otherwise wait out Discord's 5 messages per 5 s
per channel, which is what they should do, but not what is measured here). A ping not
answered within ``ANSWER_TIMEOUT_S`` of the last one counts as missing.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from tidecord.health.stats import percentile
from tidecord.sandbox.gateway.firehose import prepare_firehose, send_firehose
from tidecord.sandbox.rest.ratelimit import Limiter, RateLimits

if TYPE_CHECKING:
    from tidecord.models.channel import Channel
    from tidecord.sandbox import Sandbox
    from tidecord.sandbox.dispatch import Dispatch

    from .orchestrator import Run
    from .wire import Child

__all__ = ["latency_rounds", "ping_round"]

#: How long the last ping's answer is waited for.
ANSWER_TIMEOUT_S = 30.0
#: The load goes out in slices this long.
SLICE_S = 0.01
#: What the load's people say.
CHATTER = "just chatting about the weather"
#: Limits high enough never to be reached while pinging.
UNLIMITED = RateLimits(global_limit=1_000_000, default=(1_000_000, 1.0), routes={})


async def ping_round(sb: Sandbox, channel: Channel, pings: int, interval: float,
                     load: int) -> dict[str, Any]:
    """Sandbox side: ping ``pings`` times with ``load`` events/s beside; the latencies."""
    author = next(uid for uid in sb.state.members[int(channel.guild_id or 0)]
                  if uid != sb.bot_user.id)
    sent_at: dict[int, float] = {}
    answered: dict[int, float] = {}
    everyone_answered = asyncio.get_running_loop().create_future()

    def on_dispatch(dispatch: Dispatch) -> None:
        data = dispatch.data
        if dispatch.event != "MESSAGE_CREATE" or data.author.id != sb.bot_user.id:
            return
        content = data.content
        if isinstance(content, str) and content.startswith("pong "):
            answered.setdefault(int(content[5:]), time.perf_counter())
            if len(answered) >= pings and not everyone_answered.done():
                everyone_answered.set_result(None)

    limiter, sb.limiter = sb.limiter, Limiter(UNLIMITED)
    unsubscribe = sb.state.subscribe(on_dispatch)
    per_slice = round(load * SLICE_S)
    load_sent = 0
    try:
        started = next_ping = time.perf_counter()
        # One sender: the load's slices and the pings are built and written in one
        # order, as the connection's compressed stream requires.
        while len(sent_at) < pings:
            slice_start = time.perf_counter()
            if per_slice:
                await send_firehose(prepare_firehose(sb.hub, channel.id, per_slice, author,
                                                     [CHATTER]), per_slice)
                load_sent += per_slice
            if time.perf_counter() >= next_ping:
                n = len(sent_at)
                await send_firehose(prepare_firehose(sb.hub, channel.id, 1, author,
                                                     [f"!ping {n}"]), 1)
                sent_at[n] = time.perf_counter()
                next_ping += interval
            if per_slice:
                await asyncio.sleep(max(0.0, SLICE_S - (time.perf_counter() - slice_start)))
            else:
                await asyncio.sleep(max(0.0, next_ping - time.perf_counter()))
        sending_s = time.perf_counter() - started
        try:
            await asyncio.wait_for(everyone_answered, ANSWER_TIMEOUT_S)
        except TimeoutError:
            pass
    finally:
        unsubscribe()
        sb.limiter = limiter
    latencies = [(answered[n] - t) * 1000 for n, t in sent_at.items() if n in answered]
    ranked = sorted(latencies)
    return {"pings": pings, "answered": len(latencies), "missing": pings - len(latencies),
            "load_per_s": load, "load_sent": load_sent,
            "load_achieved_per_s": load_sent / sending_s if sending_s > 0 else 0.0,
            "p50_ms": percentile(ranked, 50) if ranked else None,
            "p99_ms": percentile(ranked, 99) if ranked else None,
            "max_ms": max(latencies, default=None), "samples_ms": latencies}


async def latency_rounds(run: Run, child: Child) -> dict[str, Any]:
    """Orchestrator side: the runner answers pings; one round idle, one under load."""
    cfg = run.config
    child.send("ping", on=True)
    await child.expect("ping", 30.0)
    out: dict[str, Any] = {}
    timeout = cfg.latency_pings * cfg.latency_interval_s * 4 + ANSWER_TIMEOUT_S + 30.0
    try:
        for name, load in (("idle", 0), ("load", cfg.latency_load)):
            run.rounds += 1
            run.server.send("latency", pings=cfg.latency_pings,
                            interval=cfg.latency_interval_s, load=load, round=run.rounds)
            result = await run.server.expect("latency", timeout, round=run.rounds)
            out[name] = {k: v for k, v in result.items() if k not in ("cmd", "event")}
    finally:
        child.send("ping", on=False)
        await child.expect("ping", 30.0)
    return out
