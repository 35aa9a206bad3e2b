"""``client.metrics``: every counter of a client, read into plain data at once.

Safe to call from another thread (a metrics exporter's): each dict and list is
copied in one step before it is read, so a count may be one event behind but a
read never fails because the loop changed something meanwhile.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..client import Client
    from ..health import LoopHealth

__all__ = ["set_counting", "snapshot"]


def snapshot(client: Client) -> dict[str, Any]:
    """Plain data (JSON-ready) of what ``client`` counted; see the keys below.

    ``gateway``: ``events`` (dispatches by type) and ``shards`` (state, latency,
    reconnects and resumes of each); ``handlers``: duration histograms by handler,
    ``on_message`` (one run in 17 of each event handler: timing every run would cost
    the firehose more than counting), ``app command:roll``, ``view:Votes``... (every
    run); ``loop``: lag histogram, percentiles and the worst of about the last second
    (``lag_now_s``), stalls, the sites that stalled and the last ten stalls
    (``recent``, with their advice); ``rest``: calls by route and status, 429s by
    scope, seconds spent waiting for rate limits and the last notable wait;
    ``cache``: sizes; ``offload``: the thread and process pools' queues.
    """
    from ..health.offload import default_offloader

    timings = client._dispatcher.timings
    return {
        "gateway": {
            "events": dict(client._parsers.counts or {}),
            "shards": [_shard(shard) for shard in client.shards.values()],
        },
        "handlers": {_handler_name(name): histogram for name, histogram in
                     (timings.as_dict() if timings is not None else {}).items()},
        "loop": _loop(client.loop_health),
        "rest": client.http.metrics(),
        "cache": client._connection.cache.sizes(),
        "offload": default_offloader().stats(),
    }


def set_counting(client: Client, on: bool) -> None:
    """Turn the per-event counters (events by type, handler durations) on or off.

    ``Client(metrics=False)`` starts with them off; turned on again, they start from zero.
    """
    from .histogram import Timings

    parsers, dispatcher = client._parsers, client._dispatcher
    if not on:
        parsers.counts = dispatcher.timings = None
        return
    if parsers.counts is None:
        parsers.counts = defaultdict(int)
    if dispatcher.timings is None:
        dispatcher.timings = Timings()


def _handler_name(name: str) -> str:
    # Event handlers are counted by event name; spawned handlers by "<kind>:<name>".
    return name if ":" in name else f"on_{name}"


def _shard(shard: Any) -> dict[str, Any]:
    if getattr(shard, "_closing", False):
        state = "closed"
    elif shard.connected.is_set():
        state = "connected"
    else:
        state = "connecting"
    latency = shard.latency
    return {
        "id": shard.id,
        "state": state,
        "latency_s": None if math.isinf(latency) else latency,
        "reconnects": max(0, shard.connects - 1),
        "resumes": shard.resumes,
    }


def _loop(health: LoopHealth) -> dict[str, Any]:
    return {
        "threshold_s": health.threshold,
        "lag": health.lag_histogram.as_dict(),
        "lag_s": health.lag_percentiles(),
        "lag_now_s": health.lag_now(),
        "stalls": health.stalls,
        "blocked_s": health.blocked_seconds,
        "sites": [site.as_dict() for site in health.top_sites(50)],
        "recent": [stall.as_dict() for stall in list(health.recent)[-10:]],
    }
