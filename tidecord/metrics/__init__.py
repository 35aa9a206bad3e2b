"""Metrics: what the bot did, counted for nearly nothing, read when someone asks.

The library counts with plain ints, dicts and lists where things happen (events
by type in the parsers, handler durations in the dispatcher, REST calls by route
and status in the HTTP client, loop lag in the watchdog...). Nothing is computed
on the hot path: :func:`snapshot` reads those counters into plain data
(``client.metrics``), and :mod:`tidecord.metrics.prometheus` turns a snapshot into
Prometheus metrics at scrape time (``tidecord run --metrics PORT``; needs the
``tidecord[metrics]`` extra).
"""

from .histogram import Histogram, Timings
from .snapshot import set_counting, snapshot

__all__ = ["Histogram", "Timings", "set_counting", "snapshot"]
