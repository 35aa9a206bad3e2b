"""From raw measurements to the table: metrics, ratios, the issue's targets.

Everything here works on the results dictionary the orchestrator writes to JSON,
so a saved results file can be re-rendered (``python -m benchmarks.report FILE``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .overhead import overhead_lines
from .walk_pairs import walk_pair_lines

__all__ = [
    "Row", "Target", "contention_notes", "markdown_table", "rows", "sandbox_lines", "scan_lines",
    "targets", "text_table",
]

BASELINE = "discord.py"
MB = 1024 * 1024


@dataclass(frozen=True)
class Row:
    """One line of the table: a library (or the floor) and its four metrics."""

    name: str
    version: str
    cpu_to_ready_s: float | None
    rss_growth_mb: float | None
    events_per_s: float | None
    cpu_us_per_event: float | None
    firehose_count: int | None
    members_cached: int | None
    error: str | None = None
    profiled: bool = False
    # Rounds the measured firehose went in (the row's figures are the best round's).
    firehose_rounds: int = 1


@dataclass(frozen=True)
class Target:
    """One target of issue 4, checked on this run."""

    text: str
    value: float | None
    limit: float
    higher_is_better: bool
    # For the events/s targets: the same ratio per CPU second (1 / CPU per event),
    # which other load on the machine does not skew.
    per_cpu: float | None = None

    @property
    def shown(self) -> str:
        """The ratio as the table shows it."""
        if self.value is None:
            return "-"
        text = f"{self.value:.2f}x"
        if self.per_cpu is not None:
            text += f" (per CPU second: {self.per_cpu:.2f}x)"
        return text

    @property
    def met(self) -> bool | None:
        """Whether this run meets the target (None: not measured)."""
        if self.value is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    @property
    def verdict(self) -> str:
        """``met``, ``missed`` or ``not measured``."""
        return {True: "met", False: "missed", None: "not measured"}[self.met]

    @property
    def line(self) -> str:
        """The target as the terminal shows it."""
        return f"target: {self.text}: {self.shown} -> {self.verdict}"


def ready_growth_mb(entry: dict[str, Any]) -> float | None:
    """A client's RSS growth from before connecting to ready, in MB (None: not ready)."""
    ready = entry.get("ready") or {}
    if "rss_ready" not in ready or "rss_before" not in ready:
        return None
    return float(ready["rss_ready"] - ready["rss_before"]) / MB


def walk_growth_mb(entry: dict[str, Any]) -> float | None:
    """A client's RSS growth once it had read every cached member, in MB (None: no walk)."""
    ready, scan = entry.get("ready") or {}, entry.get("scan") or {}
    if "rss" not in scan or "rss_before" not in ready:
        return None
    return float(scan["rss"] - ready["rss_before"]) / MB


def _row(name: str, entry: dict[str, Any]) -> Row:
    ready = entry.get("ready") or {}
    measure = entry.get("measure") or {}
    growth = ready_growth_mb(entry)
    return Row(
        name=name,
        version=ready.get("version", ""),
        cpu_to_ready_s=ready.get("cpu_to_ready_s"),
        rss_growth_mb=growth,
        events_per_s=measure.get("events_per_s"),
        cpu_us_per_event=measure.get("cpu_us_per_event"),
        firehose_count=measure.get("count"),
        firehose_rounds=len(measure.get("rounds_us") or [None]),
        members_cached=(ready.get("cache") or {}).get("members"),
        error=entry.get("error"),
        profiled=bool(ready.get("profiled")),
    )


def rows(results: dict[str, Any]) -> list[Row]:
    """The libraries in run order, then the floor."""
    out = [_row(name, entry) for name, entry in results["libraries"].items()]
    if results.get("floor"):
        out.append(_row("decode floor", results["floor"]))
    return out


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _by_name(table: list[Row]) -> dict[str, Row]:
    return {row.name: row for row in table}


def targets(results: dict[str, Any]) -> list[Target]:
    """Issue 4's targets for tidecord, against discord.py, hikari and the floor."""
    table = _by_name(rows(results))
    empty = Row("", "", None, None, None, None, None, None)
    tc, dpy = table.get("tidecord", empty), table.get(BASELINE, empty)
    hk, floor = table.get("hikari", empty), table.get("decode floor", empty)
    return [
        Target("firehose events/s >= 3x discord.py",
               _ratio(tc.events_per_s, dpy.events_per_s), 3.0, True,
               _ratio(dpy.cpu_us_per_event, tc.cpu_us_per_event)),
        Target("firehose events/s >= 5x hikari",
               _ratio(tc.events_per_s, hk.events_per_s), 5.0, True,
               _ratio(hk.cpu_us_per_event, tc.cpu_us_per_event)),
        Target("CPU to ready <= 1/3 of discord.py",
               _ratio(tc.cpu_to_ready_s, dpy.cpu_to_ready_s), 1 / 3, False),
        Target("RSS growth after the guild storm <= 1/3 of discord.py",
               _ratio(tc.rss_growth_mb, dpy.rss_growth_mb), 1 / 3, False),
        Target("firehose CPU per event within 6x the decode floor",
               _ratio(tc.cpu_us_per_event, floor.cpu_us_per_event), 6.0, False),
    ]


def _fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "-" if value is None else format(value, spec) + suffix


def _seconds(value: float | None) -> str:
    # Small worlds (the smoke test) finish in milliseconds: keep a digit visible.
    return _fmt(value, ".2f" if value is None or value >= 0.1 else ".3f")


def _cells(row: Row, base: Row, floor: Row) -> list[str]:
    is_floor = row.name == "decode floor"
    return [
        f"{row.name} {row.version}".strip() if not is_floor else "decode floor (inflate + msgspec)",
        _seconds(row.cpu_to_ready_s),
        _fmt(None if is_floor else _ratio(row.cpu_to_ready_s, base.cpu_to_ready_s), ".2f", "x"),
        _fmt(None if is_floor else _ratio(row.cpu_to_ready_s, floor.cpu_to_ready_s), ".1f", "x"),
        _fmt(row.rss_growth_mb, ".0f"),
        _fmt(_ratio(row.rss_growth_mb, base.rss_growth_mb), ".2f", "x"),
        _fmt(row.events_per_s, ",.0f"),
        _fmt(None if is_floor else _ratio(row.events_per_s, base.events_per_s), ".2f", "x"),
        _fmt(row.cpu_us_per_event, ".1f"),
        _fmt(None if is_floor else _ratio(row.cpu_us_per_event, floor.cpu_us_per_event),
             ".1f", "x"),
        "-" if row.firehose_count is None else (
            f"{row.firehose_count:,}" if row.firehose_rounds == 1
            else f"best of {row.firehose_rounds} x {row.firehose_count:,}"),
    ]


HEADERS = ["library", "CPU to ready s", "vs dpy", "vs floor", "RSS growth MB", "vs dpy",
           "firehose events/s", "vs dpy", "CPU us/event", "vs floor", "messages"]


def _matrix(results: dict[str, Any]) -> list[list[str]]:
    table = rows(results)
    by = _by_name(table)
    empty = Row("", "", None, None, None, None, None, None)
    base, floor = by.get(BASELINE, empty), by.get("decode floor", empty)
    lines = []
    for row in table:
        cells = _cells(row, base, floor)
        if row.profiled:
            cells[0] += " (under cProfile)"
        if row.error:
            cells[0] += f" (FAILED: {row.error[:60]})"
        lines.append(cells)
    return lines


def sandbox_lines(results: dict[str, Any]) -> list[str]:
    """What the sandbox did for each client: its own send rate, its CPU per phase."""
    out = []
    entries = [("decode floor (bare recorder)", results.get("floor") or {}),
               *results["libraries"].items()]
    for name, entry in entries:
        measure = entry.get("measure") or {}
        pushed = measure.get("sandbox") or {}
        if not pushed:
            continue
        line = (f"{name}: sandbox pushed {pushed['sent']:,} MESSAGE_CREATE in "
                f"{pushed['seconds']:.2f} s ({pushed['rate']:,.0f}/s; "
                f"{pushed['cpu_s']:.2f} s CPU with building the frames); guild storm cost it "
                f"{entry.get('sandbox_storm_cpu_s', 0.0):.2f} s CPU")
        if "received_per_s" in measure:
            line += f"; received at {measure['received_per_s']:,.0f}/s"
        out.append(line)
    return out


def scan_lines(results: dict[str, Any]) -> list[str]:
    """After the firehose, each client walked all its cached members once: the cost."""
    out = []
    for name, entry in results["libraries"].items():
        scan, growth = entry.get("scan"), walk_growth_mb(entry)
        if not scan or growth is None:
            continue
        out.append(f"{name}: reading every member's display name once took "
                   f"{scan['cpu_s']:.2f} s CPU for {scan['members']:,} members; "
                   f"RSS growth then {growth:.0f} MB (after the firehose and the scan)")
    return out


def cluster_lines(results: dict[str, Any]) -> list[str]:
    """The cluster row: one bot's 16 shards over worker processes, events/s in total."""
    out = []
    for processes, entry in sorted((results.get("cluster") or {}).items(), reverse=True):
        if entry.get("error"):
            out.append(f"cluster, 16 shards over {processes} processes: failed: "
                       f"{entry['error']}")
            continue
        split = " + ".join(f"{n:,}" for n in entry["per_process"])
        out.append(f"cluster (tidecord), 16 shards over {processes} process"
                   f"{'es' if processes != '1' else ''}: {entry['events_per_s']:,.0f} "
                   f"events/s in total ({entry['messages']:,} MESSAGE_CREATE in "
                   f"{entry['seconds']:.2f} s, {split} per process)")
    return out


def contention_notes(results: dict[str, Any], threshold: float = 0.85) -> list[str]:
    """Libraries that had the CPU for less than ``threshold`` of their firehose.

    The sandbox pushes the whole firehose into the socket within a second, so a
    client always has data waiting: any time it is not on the CPU, something
    else on the machine was. Its events/s is then understated; CPU per event is not.
    """
    out = []
    for name, entry in results["libraries"].items():
        measure = entry.get("measure") or {}
        wall, cpu = measure.get("wall_s"), measure.get("cpu_s")
        if wall and cpu is not None and cpu / wall < threshold:
            out.append(f"note: {name} was on the CPU {cpu / wall:.0%} of its firehose wall "
                       f"time (other load on the machine): its events/s is understated, "
                       f"its CPU us/event is not ({1e6 / measure['cpu_us_per_event']:,.0f} "
                       f"events/s per CPU second)")
    return out


def aligned(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A table's lines for the terminal: the first column left, the others right, a
    rule under the headers."""
    matrix = [headers, *rows]
    widths = [max(len(r[i]) for r in matrix) for i in range(len(headers))]
    out = []
    for n, r in enumerate(matrix):
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(r, widths, strict=True))))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def markdown_rows(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A table's lines as Markdown."""
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers),
            *("| " + " | ".join(r) + " |" for r in rows)]


def markdown_targets(shown: list[Target]) -> list[str]:
    """Targets as a Markdown table: what, this run's value, the verdict."""
    return ["| target (tidecord) | this run | verdict |", "|---|---|---|",
            *(f"| {t.text} | {t.shown} | {t.verdict} |" for t in shown)]


def text_table(results: dict[str, Any]) -> str:
    """The table for the terminal, columns aligned, then the targets."""
    out = aligned(HEADERS, _matrix(results))
    out.append("")
    out += [t.line for t in targets(results)]
    out += ["", *cluster_lines(results), *sandbox_lines(results), *scan_lines(results),
            *walk_pair_lines(results), *contention_notes(results), *_overheads(results)]
    return "\n".join(out)


def markdown_table(results: dict[str, Any]) -> str:
    """The same table as Markdown, plus the targets as a second table."""
    out = [*markdown_rows(HEADERS, _matrix(results)), "", *markdown_targets(targets(results))]
    out += ["", *(f"- {line}" for line in (*cluster_lines(results), *sandbox_lines(results),
                                           *scan_lines(results), *walk_pair_lines(results),
                                           *contention_notes(results)))]
    for entry, where in _OVERHEADS:
        overhead = overhead_lines(results.get(entry), where)
        if overhead:
            out += ["", overhead[0], "", *(f"- {line.strip()}" for line in overhead[1:])]
    return "\n".join(out)


_OVERHEADS = (("metrics_overhead", "through the sandbox"),
              ("metrics_overhead_inprocess", "on the client's hot path"))


def _overheads(results: dict[str, Any]) -> list[str]:
    return [line for entry, where in _OVERHEADS
            for line in overhead_lines(results.get(entry), where)]


if __name__ == "__main__":
    data = json.loads(Path(sys.argv[1]).read_text())
    print(markdown_table(data) if "--markdown" in sys.argv else text_table(data))
