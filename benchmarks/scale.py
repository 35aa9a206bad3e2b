"""The scale curve: guild storms of growing size, all libraries, as a log-log chart.

``python -m benchmarks.scale --members 10000,100000,250000,1000000`` runs the
benchmark once per size (500 members per guild; a short firehose; no commands,
cluster, overhead or latency rounds), then draws four log-log panels from the
results: CPU to ready, RSS growth at ready, CPU to read every member once, and RSS
growth after that walk, with the decode floor beside CPU to ready. A library that is
not ready within ``--ready-timeout`` seconds at a size has no point there (the table
says so). ``--from-results FILE...`` draws the chart from earlier runs' JSON instead.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt

from .chart import COLORS
from .config import LIBRARIES, PACKAGE_DIR, BenchConfig
from .orchestrator import Run, save
from .report import ready_growth_mb, walk_growth_mb

__all__ = ["curve", "write_scale_chart"]

MEMBERS_PER_GUILD = 500
#: Issue 13's targets for tidecord at 1M members, marked on their panels.
TARGETS_AT_1M = {"cpu_to_ready_s": 1.5, "rss_walk_mb": 100.0}
PANELS = [
    ("cpu_to_ready_s", "CPU to ready (s)"),
    ("rss_ready_mb", "RSS growth at ready (MB)"),
    ("walk_cpu_s", "CPU to read every member once (s)"),
    ("rss_walk_mb", "RSS growth after that walk (MB)"),
]


def _point(entry: dict[str, Any]) -> dict[str, float] | None:
    """One library's four figures at one size (``None`` if it never got ready)."""
    ready, scan = entry.get("ready") or {}, entry.get("scan") or {}
    if "cpu_to_ready_s" not in ready:
        return None
    figures = {"cpu_to_ready_s": ready["cpu_to_ready_s"], "rss_ready_mb": ready_growth_mb(entry),
               "walk_cpu_s": scan.get("cpu_s"), "rss_walk_mb": walk_growth_mb(entry)}
    return {key: value for key, value in figures.items() if value is not None}


def curve(results: list[dict[str, Any]]) -> dict[str, dict[int, dict[str, float] | None]]:
    """Library (and ``decode floor``) -> members -> its figures, from runs' results."""
    out: dict[str, dict[int, dict[str, float] | None]] = {}
    for result in results:
        cfg = result["config"]
        members = cfg["guilds"] * cfg["members_per_guild"]
        for name, entry in result.get("libraries", {}).items():
            out.setdefault(name, {})[members] = _point(entry)
        floor = (result.get("floor") or {}).get("ready") or {}
        if "cpu_to_ready_s" in floor:
            out.setdefault("decode floor", {})[members] = {
                "cpu_to_ready_s": floor["cpu_to_ready_s"]}
    return out


def write_scale_chart(results: list[dict[str, Any]], path: Path) -> Path:
    """Four log-log panels, one line per library; returns ``path``."""
    data = curve(results)
    fig, axes = plt.subplots(1, 4, figsize=(16, 4.2), constrained_layout=True)
    for ax, (key, title) in zip(axes, PANELS, strict=True):
        for name, sizes in data.items():
            xs = sorted(m for m, p in sizes.items() if p and p.get(key, 0) > 0)
            if not xs:
                continue
            ys = [sizes[m][key] for m in xs]  # type: ignore[index]
            style = "--" if name == "decode floor" else "-"
            ax.plot(xs, ys, style, marker="o", color=COLORS.get(name, "#888"), label=name)
        if key in TARGETS_AT_1M:
            ax.scatter([1_000_000], [TARGETS_AT_1M[key]], marker="*", s=140, zorder=3,
                       color=COLORS["tidecord"], edgecolors="black", linewidths=0.5,
                       label="tidecord's target at 1M")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("members cached (log)")
        ax.set_title(title + ", lower is better", fontsize=9)
        ax.grid(True, which="both", linewidth=0.3)
        ax.legend(fontsize=7.5)
    fig.suptitle("Scale curve: guild storms of growing size (a missing point: not ready "
                 "within the timeout)", fontsize=10)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def table(results: list[dict[str, Any]]) -> str:
    """The same figures as text: one line per size and library."""
    data = curve(results)
    lines = ["members    library           ready CPU s  RSS ready MB  walk CPU s  RSS walk MB"]
    sizes = sorted({m for per in data.values() for m in per})
    for members in sizes:
        for name, per in data.items():
            if members not in per:
                continue
            p = per[members]
            if p is None:
                lines.append(f"{members:>9,}  {name:<16}  not ready within the timeout")
                continue
            cells = [p.get(k) for k, _ in PANELS]
            shown = ["-" if v is None else f"{v:,.2f}" for v in cells]
            lines.append(f"{members:>9,}  {name:<16}  {shown[0]:>11}  {shown[1]:>12}  "
                         f"{shown[2]:>10}  {shown[3]:>11}")
    return "\n".join(lines)


def _run_size(members: int, libraries: tuple[str, ...], ready_timeout: float,
              results_dir: Path) -> dict[str, Any]:
    config = BenchConfig(
        guilds=max(1, members // MEMBERS_PER_GUILD), members_per_guild=MEMBERS_PER_GUILD,
        firehose=10_000, min_firehose=2_000, libraries=libraries, commands=False,
        cluster_messages=0, overhead_rounds=0, latency_pings=0, rest_messages=0,
        ready_timeout_s=ready_timeout, results_dir=results_dir,
        chart_path=results_dir / "chart-scale-size.png")
    started = time.perf_counter()
    result = asyncio.run(Run(config).execute())
    save(result, config)
    print(f"[scale] {members:,} members done in {time.perf_counter() - started:.0f} s",
          flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the sizes (or read earlier results), print the table, draw the chart."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    parser.add_argument("--members", default="10000,100000,250000",
                        help="comma-separated sizes (members in all, 500 per guild)")
    parser.add_argument("--libs", default=",".join(LIBRARIES))
    parser.add_argument("--ready-timeout", type=float, default=240.0)
    parser.add_argument("--results-dir", type=Path, default=PACKAGE_DIR / "results" / "scale")
    parser.add_argument("--chart", type=Path, default=PACKAGE_DIR / "scale.png")
    parser.add_argument("--from-results", type=Path, nargs="+",
                        help="draw from these results files instead of running")
    args = parser.parse_args(argv)
    if args.from_results:
        results = [json.loads(p.read_text(encoding="utf-8")) for p in args.from_results]
    else:
        libraries = tuple(x.strip() for x in args.libs.split(",") if x.strip())
        results = [_run_size(int(m), libraries, args.ready_timeout, args.results_dir)
                   for m in args.members.split(",")]
    print(table(results))
    print(f"chart: {write_scale_chart(results, args.chart)}")
    return 1 if any(r.get("error") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
