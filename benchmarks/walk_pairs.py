"""The member walk by the paired-median method: two clients ready side by side, in turn.

Each library's row walks its members once, tens of seconds after the previous
library's walk; on a shared machine whose speed drifts by 2x from minute to
minute, one such pair says little. Here a tidecord client and a discord.py client
reach ready on the same world and stay connected, then walk every cached member
(``display_name`` and ``roles``) in turn. A pair is ``WALKS_A_SIDE`` walks each, one
client then the other (the one going first alternating from pair to pair), and its
ratio is the best walk of one over the best of the other: the machine's noise only
ever adds time. The median over ``walk_pairs`` pairs is the figure the issue's
target reads. Each walk starts with no member views left by the one before
(``scan`` with ``fresh``): a first walk, every time.
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
WALKS_A_SIDE = 3
SCAN_TIMEOUT_S = 120.0


async def walk_pairs(run: Run) -> dict[str, Any]:
    """Both clients ready, then ``walk_pairs`` walks each, in turn."""
    cfg = run.config
    children = {name: Child(f"{name} (walks)", [sys.executable, "-m", RUNNER_MODULES[name]],
                            run.logs / f"walks-{name}.log", env=dict(run.env), nice=cfg.nice)
                for name in PAIRED}
    # Each pair's walks, by library.
    walks: list[dict[str, list[float]]] = []
    # The collector's passes (young, middle, full) during each walk, by library.
    passes: dict[str, list[Any]] = {name: [] for name in PAIRED}
    out: dict[str, Any] = {"error": None, "walks_a_side": WALKS_A_SIDE, "pairs": walks,
                           "gc_passes": passes}
    try:
        for child in children.values():
            await child.start()
            await child.expect("ready", cfg.ready_timeout_s)
        for n in range(cfg.walk_pairs):
            pair: dict[str, list[float]] = {name: [] for name in PAIRED}
            for _ in range(WALKS_A_SIDE):
                for name in PAIRED if n % 2 == 0 else PAIRED[::-1]:
                    child = children[name]
                    child.send("scan", fresh=True)
                    scanned = await child.expect("scanned", SCAN_TIMEOUT_S)
                    pair[name].append(scanned["cpu_s"])
                    passes[name].append(scanned.get("gc_passes"))
            walks.append(pair)
    except ChildError as exc:
        out["error"] = str(exc)
    finally:
        for child in children.values():
            await child.stop()
    best = out["best"] = {name: [min(pair[name]) for pair in walks] for name in PAIRED}
    ours, theirs = (best[name] for name in PAIRED)
    out["ratios"] = [a / b for a, b in zip(ours, theirs, strict=True) if b > 0]
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
    ours, theirs = (entry["best"][name] for name in PAIRED)
    return [f"paired walks ({len(ratios)} pairs of {entry['walks_a_side']} walks a side, in "
            f"turn): tidecord / discord.py walk CPU median {entry['median_ratio']:.2f}x "
            f"(pairs {min(ratios):.2f}x to {max(ratios):.2f}x; best walks in the median: "
            f"tidecord {statistics.median(ours):.2f} s, discord.py "
            f"{statistics.median(theirs):.2f} s)"]
