"""Work for the loop-health tests, in an importable module so a spawned process can run it."""

import os
import time
from pathlib import Path


def crunch(seconds: float) -> int:
    """Pure-Python CPU work for ``seconds`` (holds the GIL in short slices)."""
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


def pid_after(seconds: float) -> int:
    """Sleep, then say which process ran this."""
    time.sleep(seconds)
    return os.getpid()


def fail(message: str) -> None:
    """Raise, to check that exceptions cross the process boundary."""
    raise ValueError(message)


def touch(path: str) -> None:
    """Leave a trace that this call ran."""
    Path(path).touch()
