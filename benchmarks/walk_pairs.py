"""The member walk by the paired-median method: two clients ready side by side, in turn.

Each library's row walks its members once, tens of seconds after the previous
library's walk; on a shared machine whose speed drifts by 2x from minute to
minute, one such pair says little. Here a tidecord client and a discord.py client
reach ready on the same world and stay connected, then walk every cached member
(``display_name`` and ``roles``) in turn, ``walk_pairs`` times, the one going
first alternating; each pair gives one ratio, and the median of those is the
figure the issue's target reads. Each walk starts with no member views left by the
one before (``scan`` with ``fresh``): a first walk, every time.
"""

from __future__ import annotations

import statistics
import sys
from typing import TYPE_CHECKING, Any

from .runners import RUNNER_MODULES
from .wire import Child, ChildError

if TYPE_CHECKING:
    from .orchestrator import Run

__all__ = ["walk_pair_lines", "walk_pairs"]

PAIRED = ("tidecord", "discord.py")
SCAN_TIMEOUT_S = 120.0


async def walk_pairs(run: Run) -> dict[str, Any]:
    """Both clients ready, then ``walk_pairs`` walks each, in turn."""
    cfg = run.config
    children = {name: Child(f"{name} (walks)", [sys.executable, "-m", RUNNER_MODULES[name]],
                            run.logs / f"walks-{name}.log", env=dict(run.env), nice=cfg.nice)
                for name in PAIRED}
    out: dict[str, Any] = {"error": None, "walks": {name: [] for name in PAIRED}}
    try:
        for child in children.values():
            await child.start()
            await child.expect("ready", cfg.ready_timeout_s)
        for n in range(cfg.walk_pairs):
            for name in PAIRED if n % 2 == 0 else PAIRED[::-1]:
                child = children[name]
                child.send("scan", fresh=True)
                scanned = await child.expect("scanned", SCAN_TIMEOUT_S)
                out["walks"][name].append(scanned["cpu_s"])
    except ChildError as exc:
        out["error"] = str(exc)
    finally:
        for child in children.values():
            await child.stop()
    ours, theirs = (out["walks"][name] for name in PAIRED)
    out["ratios"] = [a / b for a, b in zip(ours, theirs, strict=False) if b > 0]
    out["median_ratio"] = statistics.median(out["ratios"]) if out["ratios"] else None
    return out


def walk_pair_lines(results: dict[str, Any]) -> list[str]:
    """The paired walks as one line (none if the step was skipped)."""
    entry = results.get("walk_pairs")
    if not entry:
        return []
    if entry.get("error") or entry.get("median_ratio") is None:
        return [f"paired walks: FAILED: {entry.get('error') or 'no pair finished'}"]
    ratios = entry["ratios"]
    ours, theirs = (entry["walks"][name] for name in PAIRED)
    return [f"paired walks ({len(ratios)} pairs, alternating): tidecord / discord.py walk CPU "
            f"median {entry['median_ratio']:.2f}x (pairs {min(ratios):.2f}x to "
            f"{max(ratios):.2f}x; tidecord {statistics.median(ours):.2f} s, discord.py "
            f"{statistics.median(theirs):.2f} s in the median)"]
