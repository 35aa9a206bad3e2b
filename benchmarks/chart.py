"""The chart: four small panels, one per metric, bars per library, tidecord's target.

Read it left to right: lower is better for the first, second and fourth panels,
higher for the third. The dashed line in each panel is where tidecord has to be
for issue 4's target (its corner says whether this run met it); the hatched bar
is the decode floor where one exists. In the RSS panel a mark above each bar shows
the growth once the client has read every cached member (lazy caches pay then).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt
from matplotlib.ticker import StrMethodFormatter

from .report import BASELINE, Row, rows, walk_growth_mb

__all__ = ["write_chart"]

COLORS = {"tidecord": "#0f9d8a", "discord.py": "#5865f2", "hikari": "#e8912d",
          "decode floor": "#b0b0b0"}


def _target_lines(by: dict[str, Row]) -> dict[str, float | None]:
    dpy, hk, floor = by.get(BASELINE), by.get("hikari"), by.get("decode floor")

    def scaled(row: Row | None, attr: str, factor: float) -> float | None:
        value = getattr(row, attr) if row else None
        return value * factor if value is not None else None

    fire = [v for v in (scaled(dpy, "events_per_s", 3), scaled(hk, "events_per_s", 5)) if v]
    return {
        "cpu_to_ready_s": scaled(dpy, "cpu_to_ready_s", 1 / 3),
        "rss_growth_mb": scaled(dpy, "rss_growth_mb", 1 / 3),
        "events_per_s": max(fire) if fire else None,
        "cpu_us_per_event": scaled(floor, "cpu_us_per_event", 6),
    }


def _verdict(row: Row | None, attr: str, target: float, fmt: str) -> str:
    """``--- tidecord target <= X: met`` (or missed) for the dashed line of a panel."""
    higher = attr == "events_per_s"
    sign = ">=" if higher else "<="
    text = f"--- tidecord target {sign} {fmt.format(target)}"
    value = getattr(row, attr) if row else None
    if value is None:
        return text
    met = value >= target if higher else value <= target
    return f"{text}: {'met' if met else 'missed'}"


def _mark_after_walk(ax: Any, results: dict[str, Any], shown: list[Row]) -> list[float]:
    """RSS growth once each client has read every cached member: a mark above its bar."""
    xs, ys = [], []
    for x, row in enumerate(shown):
        growth = walk_growth_mb(results["libraries"].get(row.name) or {})
        if growth is not None:
            xs.append(x)
            ys.append(growth)
    if xs:
        ax.scatter(xs, ys, marker="_", s=900, linewidths=2, color="#333", zorder=3)
    return ys


PANELS = [
    ("cpu_to_ready_s", "CPU to ready (s)", "guild storm, lower is better", True, "{:.2f}"),
    ("rss_growth_mb", "RSS growth (MB), lower is better",
     "bars: after ready; marks: after reading every member", False, "{:.0f}"),
    ("events_per_s", "firehose events/s", "delivered to on_message, higher is better", False,
     "{:,.0f}"),
    ("cpu_us_per_event", "CPU µs per event", "firehose, lower is better", True, "{:.1f}"),
]


def write_chart(results: dict[str, Any], path: Path) -> Path:
    """Draw the four panels to ``path`` (PNG) and return it."""
    table = rows(results)
    by = {row.name: row for row in table}
    lines = _target_lines(by)
    fig, axes = plt.subplots(1, 4, figsize=(15, 4.2), constrained_layout=True)
    for ax, (attr, title, subtitle, with_floor, fmt) in zip(axes, PANELS, strict=True):
        shown = [r for r in table if getattr(r, attr) is not None
                 and (with_floor or r.name != "decode floor")]
        names = [r.name.replace("decode floor", "floor") for r in shown]
        values = [getattr(r, attr) for r in shown]
        bars = ax.bar(names, values, color=[COLORS.get(r.name, "#888") for r in shown],
                      hatch=None, edgecolor="white")
        for bar, row in zip(bars, shown, strict=True):
            if row.name == "decode floor":
                bar.set_hatch("//")
        ax.bar_label(bars, labels=[fmt.format(v) for v in values], fontsize=8, padding=2)
        if attr == "rss_growth_mb":
            values += _mark_after_walk(ax, results, shown)
        target = lines[attr]
        verdict = ""
        if target is not None:
            ax.axhline(target, color=COLORS["tidecord"], linestyle="--", linewidth=1.2)
            verdict = _verdict(by.get("tidecord"), attr, target, fmt)
        top = max([*values, target or 0])
        if top > 0:
            ax.set_ylim(0, top * 1.18)
        ax.set_title(f"{title}\n{subtitle}", fontsize=9)
        if verdict:
            ax.text(0.99, 0.99, verdict, transform=ax.transAxes, ha="right", va="top",
                    fontsize=7.5, color=COLORS["tidecord"])
        ax.tick_params(axis="x", labelsize=8)
        ax.tick_params(axis="y", labelsize=7)
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}" if top >= 100 else "{x:g}"))
        ax.spines[["top", "right"]].set_visible(False)
    cfg = results["config"]
    fig.suptitle(
        f"{cfg['guilds']} guilds x {cfg['members_per_guild']} members, "
        f"{cfg['channels']} channels, {cfg['roles']} roles; firehose of MESSAGE_CREATE; "
        f"zlib-stream over a real WebSocket; {results['machine']['summary']}",
        fontsize=9,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
