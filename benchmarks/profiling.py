"""Optional cProfile of a runner's two phases: ``python -m benchmarks --profile tidecord``.

The runner profiles the guild storm (connect to ready) and the measured firehose
separately, writing ``<library>-storm.prof`` and ``<library>-firehose.prof`` to the
folder named by ``BENCH_PROFILE_DIR``; :func:`top_costs` summarises a file. The
profiled library's timings are inflated by the profiler and flagged as such.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
from pathlib import Path

__all__ = ["PhaseProfiler", "top_costs"]

ENV = "BENCH_PROFILE_DIR"


class PhaseProfiler:
    """Profiles named phases of one process; does nothing unless ``BENCH_PROFILE_DIR`` is set."""

    def __init__(self, library: str) -> None:
        folder = os.environ.get(ENV)
        self.folder = Path(folder) if folder else None
        self.library = library.replace(".", "")
        self._profile: cProfile.Profile | None = None
        self._phase = ""

    @property
    def enabled(self) -> bool:
        """Whether this process profiles at all."""
        return self.folder is not None

    def start(self, phase: str) -> None:
        """Begin profiling ``phase``."""
        if self.folder is None:
            return
        self._phase = phase
        self._profile = cProfile.Profile()
        self._profile.enable()

    def stop(self) -> Path | None:
        """End the current phase and write its stats file."""
        if self._profile is None or self.folder is None:
            return None
        self._profile.disable()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.library}-{self._phase}.prof"
        self._profile.dump_stats(path)
        self._profile = None
        return path


def top_costs(path: Path, limit: int = 20) -> str:
    """The ``limit`` functions with the most own time (tottime), as pstats prints them."""
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(limit)
    text = out.getvalue()
    # Keep the table, drop pstats' preamble about the file name.
    start = text.find("   ncalls")
    return text[start:] if start >= 0 else text
