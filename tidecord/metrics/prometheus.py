"""Prometheus metrics of a running client, read from ``client.metrics`` at scrape time.

Needs ``prometheus-client`` (``pip install "tidecord[metrics]"``). The exporter
adds nothing to the hot path: the library counts with plain ints and dicts, and
:class:`ClientCollector` turns one snapshot of them into metric families each
time Prometheus scrapes. :class:`MetricsServer` serves them (with the process
and platform collectors) from prometheus-client's own HTTP server thread, so a
scrape still answers while the event loop is blocked.

Example::

    async with MetricsServer(client, port=9108):
        await client.start(token)        # scrape http://127.0.0.1:9108/metrics
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    start_http_server,
)
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

    from ..client import Client

__all__ = ["ClientCollector", "MetricsServer"]

_SHARD_STATES = ("connected", "connecting", "closed")


class ClientCollector(Collector):
    """Metric families built from one ``client.metrics`` snapshot per scrape."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def collect(self) -> Iterator[Metric]:
        """Every tidecord metric (names start with ``tidecord_``)."""
        m = self.client.metrics
        yield from _gateway(m["gateway"])
        yield _histograms("tidecord_handler_duration_seconds",
                          "How long event, command and component handlers ran", "handler",
                          m["handlers"])
        yield from _loop(m["loop"])
        yield from _rest(m["rest"])
        cache = GaugeMetricFamily("tidecord_cache_entries", "Objects in the client's cache",
                                  labels=["kind"])
        for kind, count in m["cache"].items():
            cache.add_metric([kind], count)
        yield cache
        yield from _offload(m["offload"])


def _gateway(gateway: dict[str, Any]) -> Iterator[Metric]:
    events = CounterMetricFamily("tidecord_gateway_events", "Gateway dispatches received",
                                 labels=["type"])
    for kind, count in gateway["events"].items():
        events.add_metric([kind], count)
    yield events
    latency = GaugeMetricFamily("tidecord_gateway_latency_seconds",
                                "Time from the last heartbeat to its ACK", labels=["shard"])
    state = GaugeMetricFamily("tidecord_gateway_shard_state",
                              "1 for the shard's current state", labels=["shard", "state"])
    reconnects = CounterMetricFamily("tidecord_gateway_reconnects",
                                     "Connections a shard opened after its first",
                                     labels=["shard"])
    resumes = CounterMetricFamily("tidecord_gateway_resumes", "Sessions resumed",
                                  labels=["shard"])
    for shard in gateway["shards"]:
        sid = str(shard["id"])
        if shard["latency_s"] is not None:
            latency.add_metric([sid], shard["latency_s"])
        for name in _SHARD_STATES:
            state.add_metric([sid, name], 1.0 if shard["state"] == name else 0.0)
        reconnects.add_metric([sid], shard["reconnects"])
        resumes.add_metric([sid], shard["resumes"])
    yield from (latency, state, reconnects, resumes)


def _loop(loop: dict[str, Any]) -> Iterator[Metric]:
    yield _histograms("tidecord_loop_lag_seconds", "How late the watchdog's tick ran", None,
                      {"": loop["lag"]})
    stalls = CounterMetricFamily("tidecord_loop_stalls", "Event loop stalls by blocking line",
                                 labels=["site", "call"])
    for site in loop["sites"]:
        advice = site["advice"] or {}
        stalls.add_metric([site["site"] or "unknown", advice.get("call") or ""], site["count"])
    yield stalls
    yield CounterMetricFamily("tidecord_loop_blocked_seconds",
                              "Seconds the event loop was stalled", value=loop["blocked_s"])


def _rest(rest: dict[str, Any]) -> Iterator[Metric]:
    calls = CounterMetricFamily("tidecord_rest_calls", "REST responses by route and status"
                                " (status 0: no response)", labels=["route", "status"])
    for call in rest["calls"]:
        calls.add_metric([call["route"], str(call["status"])], call["count"])
    yield calls
    limited = CounterMetricFamily("tidecord_rest_ratelimited", "429 responses by scope",
                                  labels=["scope"])
    for scope, count in rest["ratelimited"].items():
        limited.add_metric([scope], count)
    yield limited
    yield CounterMetricFamily("tidecord_rest_ratelimit_wait_seconds",
                              "Seconds REST calls waited for rate limits before being sent",
                              value=rest["ratelimit_wait_s"])


def _offload(offload: dict[str, Any]) -> Iterator[Metric]:
    queued = GaugeMetricFamily("tidecord_offload_queued",
                               "to_thread / to_process calls waiting for a worker",
                               labels=["pool"])
    workers = GaugeMetricFamily("tidecord_offload_workers", "Workers a pool may run",
                                labels=["pool"])
    for pool in ("threads", "processes"):
        queued.add_metric([pool], offload[pool]["queued"])
        workers.add_metric([pool], offload[pool]["size"])
    yield from (queued, workers)


def _histograms(name: str, documentation: str, label: str | None,
                by_label: dict[str, dict[str, Any]]) -> HistogramMetricFamily:
    family = HistogramMetricFamily(name, documentation, labels=[label] if label else None)
    for value, histogram in by_label.items():
        buckets = [(_bound(bound), count) for bound, count in histogram["buckets"]]
        family.add_metric([value] if label else [], buckets, histogram["sum"])
    return family


def _bound(bound: float | str) -> str:
    return bound if isinstance(bound, str) else repr(float(bound))


class MetricsServer:
    """Serves a client's metrics (and the process's) at ``http://host:port/metrics``.

    ``port=0`` takes any free port (read it from :attr:`port`). Loopback by default;
    give ``host="0.0.0.0"`` for a Prometheus on another machine.
    """

    def __init__(self, client: Client, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.client = client
        self.host = host
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(ClientCollector(client))
        for shared in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
            self.registry.register(shared)
        self._requested_port = port
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port it listens on (after :meth:`start`)."""
        if self._server is None:
            raise RuntimeError("the metrics server is not started")
        return int(self._server.server_port)

    @property
    def url(self) -> str:
        """``http://host:port/metrics``."""
        return f"http://{self.host}:{self.port}/metrics"

    def start(self) -> None:
        """Listen and serve from a thread of its own (raises ``OSError`` for a busy port).

        It waits for that thread to start: from async code, use ``async with``.
        """
        if self._server is None:
            self._server, self._thread = start_http_server(
                self._requested_port, addr=self.host, registry=self.registry)

    def stop(self) -> None:
        """Stop serving and release the port (waits up to half a second for the server)."""
        server, thread, self._server, self._thread = self._server, self._thread, None, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join()

    async def __aenter__(self) -> MetricsServer:
        await asyncio.to_thread(self.start)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await asyncio.to_thread(self.stop)

    def __enter__(self) -> MetricsServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
