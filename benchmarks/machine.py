"""The machine a run happened on, as BENCHMARKS.md reports it."""

from __future__ import annotations

import os
import platform
from typing import Any

__all__ = ["describe_machine"]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _mem_total_mb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def describe_machine() -> dict[str, Any]:
    """CPU model, cores the process may use, memory, OS and Python."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = _mem_total_mb()
    info: dict[str, Any] = {
        "cpu": _cpu_model(),
        "cores": cores,
        "memory_mb": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }
    mem_text = f", {mem / 1024:.0f} GB RAM" if mem else ""
    info["summary"] = f"{cores} cores ({info['cpu']}){mem_text}, Python {info['python']}"
    return info
