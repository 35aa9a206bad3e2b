"""Histograms as plain lists, cheap enough for the firehose.

An observation is one ``bisect`` and three additions on the caller's thread; the
exporter reads the lists at scrape time. Nothing here locks: a reader on another
thread copies a list in one step (atomic under the GIL) and may be one
observation behind, which a metric can afford.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, Final

__all__ = ["HANDLER_BOUNDS", "LAG_BOUNDS", "Histogram", "Timings"]

#: Upper bounds (seconds) for handler durations: 1 ms .. 30 s.
HANDLER_BOUNDS: Final = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                         10.0, 30.0)
#: Upper bounds (seconds) for event-loop lag: 1 ms .. 10 s.
LAG_BOUNDS: Final = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)


class Histogram:
    """Counts per bucket (``counts[i]`` for values <= ``bounds[i]``, the last for the rest)."""

    __slots__ = ("bounds", "counts", "sum")

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)
        self.sum = 0.0

    def observe(self, value: float) -> None:
        """Count one value."""
        self.counts[bisect_left(self.bounds, value)] += 1
        self.sum += value

    def as_dict(self) -> dict[str, Any]:
        """Cumulative buckets as Prometheus has them: ``[[bound, count <= bound]...]``."""
        counts = list(self.counts)  # one copy: the writer may be adding as we read
        total = 0
        buckets: list[list[Any]] = []
        for bound, count in zip((*self.bounds, "+Inf"), counts, strict=True):
            total += count
            buckets.append([bound, total])
        return {"count": total, "sum": self.sum, "buckets": buckets}


class Timings:
    """One :class:`Histogram` per name (handler durations by handler)."""

    __slots__ = ("bounds", "by_name")

    def __init__(self, bounds: tuple[float, ...] = HANDLER_BOUNDS) -> None:
        self.bounds = bounds
        self.by_name: dict[str, Histogram] = {}

    def observe(self, name: str, seconds: float) -> None:
        """Count one run of ``name`` that took ``seconds``."""
        histogram = self.by_name.get(name)
        if histogram is None:
            histogram = self.by_name[name] = Histogram(self.bounds)
        histogram.counts[bisect_left(histogram.bounds, seconds)] += 1
        histogram.sum += seconds

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """Each name's histogram (see :meth:`Histogram.as_dict`)."""
        return {name: h.as_dict() for name, h in list(self.by_name.items())}
