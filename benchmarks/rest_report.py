"""The REST workload's table and its target (see ``rest_workload``)."""

from __future__ import annotations

from typing import Any

from .report import Target, aligned, markdown_rows, markdown_targets

__all__ = ["rest_markdown", "rest_targets", "rest_text"]

HEADERS = ["library", "wall s", "allowed s", "ratio", "server span s", "429s", "msgs/s",
           "CPU s", "created", "failed"]


class CountTarget(Target):
    """A target on a count (429s) rather than on a ratio."""

    @property
    def shown(self) -> str:
        return "-" if self.value is None else f"{self.value:.0f}"


def _measure(results: dict[str, Any], name: str) -> dict[str, Any]:
    rest = results.get("rest") or {}
    return ((rest.get("libraries") or {}).get(name) or {}).get("measure") or {}


def _ratio(results: dict[str, Any], measure: dict[str, Any]) -> float | None:
    allowed = (results.get("rest") or {}).get("allowed_s")
    wall = None if measure.get("unfinished_s") else measure.get("wall_s")
    return wall / allowed if wall is not None and allowed else None


def rest_targets(results: dict[str, Any]) -> list[Target]:
    """Issue 13's target 5: wall time within 5% of what the limits allow, no 429."""
    ours = _measure(results, "tidecord")
    return [
        Target("REST: wall time <= 1.05x the time the limits allow",
               _ratio(results, ours), 1.05, False),
        CountTarget("REST: 429s answered by the sandbox = 0",
                    ours.get("rate_limited"), 0, False),
    ]


def _limits(results: dict[str, Any]) -> str:
    rest = results["rest"]
    (g, g_per), (r, r_per) = rest["global"], rest["route"]
    return (f"{rest['messages']:,} messages over {rest['channels']} text channels, all at "
            f"once; sandbox limits: global {g} per {g_per:g} s, POST /channels/{{id}}/messages "
            f"{r} per {r_per:g} s per channel (fixed windows); allowed = "
            f"max((ceil(per channel / {r}) - 1) x {r_per:g}, (ceil(messages / {g}) - 1) x "
            f"{g_per:g}) = {rest['allowed_s']:.2f} s from the first request to the last; "
            f"server span: from the first message the sandbox created to the last (wall "
            f"adds the client's start and the last answers)")


def _rows(results: dict[str, Any]) -> list[list[str]]:
    rest = results["rest"]
    rows = []
    for name, entry in rest["libraries"].items():
        m = entry.get("measure") or {}
        label = f"{name} {(entry.get('ready') or {}).get('version', '')}".strip()
        if entry.get("error"):
            label += f" (FAILED: {entry['error'][:60]})"
        wall, ratio = m.get("wall_s"), _ratio(results, m)
        created, distinct = m.get("created"), m.get("distinct")
        made = "-" if created is None else f"{created:,}"
        if created is not None and distinct != created:
            made += f" ({created - distinct} twice)"
        shown_wall = "-" if wall is None else f"{wall:.2f}"
        shown_ratio = "-" if ratio is None else f"{ratio:.3f}x"
        rate = m["count"] / wall if wall else None
        if m.get("unfinished_s"):  # stopped at its time limit: what it sent by then
            unfinished = m["unfinished_s"]
            shown_wall = f"> {unfinished:.1f} (stopped)"
            shown_ratio = f"> {unfinished / rest['allowed_s']:.1f}x"
            rate = (created or 0) / unfinished
        rows.append([
            label,
            shown_wall,
            f"{rest['allowed_s']:.2f}",
            shown_ratio,
            "-" if m.get("span_s") is None else f"{m['span_s']:.2f}",
            "-" if m.get("rate_limited") is None else f"{m['rate_limited']:,}",
            "-" if rate is None else f"{rate:,.0f}",
            "-" if m.get("cpu_s") is None else f"{m['cpu_s']:.2f}",
            made,
            "-" if m.get("failed") is None else f"{m['failed']:,}",
        ])
    return rows


def rest_text(results: dict[str, Any]) -> str:
    """The table for the terminal ("" when the workload did not run)."""
    if "rest" not in results:
        return ""
    out = ["REST throughput:", *aligned(HEADERS, _rows(results))]
    out.append(_limits(results))
    out += [t.line for t in rest_targets(results)]
    return "\n".join(out)


def rest_markdown(results: dict[str, Any]) -> str:
    """The same as Markdown ("" when the workload did not run)."""
    if "rest" not in results:
        return ""
    out = markdown_rows(HEADERS, _rows(results))
    limits = _limits(results)
    out += ["", limits[:1].upper() + limits[1:] + ".", ""]
    out += markdown_targets(rest_targets(results))
    return "\n".join(out)
