"""The reply-latency table and its target (see :mod:`benchmarks.latency`)."""

from __future__ import annotations

from typing import Any

from .report import BASELINE, Target, aligned, markdown_rows, markdown_targets

__all__ = ["latency_markdown", "latency_targets", "latency_text"]

HEADERS = ["library", "p50 idle ms", "p99 idle ms", "p50 loaded ms", "p99 loaded ms",
           "max loaded ms", "load sent/s", "answered"]


def _rounds(results: dict[str, Any], name: str) -> dict[str, Any]:
    entry = results.get("libraries", {}).get(name) or {}
    return entry.get("latency") or {}


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _rows(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    for name, entry in results.get("libraries", {}).items():
        rounds = entry.get("latency")
        if not rounds:
            continue
        idle, load = rounds.get("idle") or {}, rounds.get("load") or {}
        version = (entry.get("ready") or {}).get("version", "")
        answered = sum(r.get("answered", 0) for r in (idle, load))
        pings = sum(r.get("pings", 0) for r in (idle, load))
        rows.append([f"{name} {version}".strip(), _ms(idle.get("p50_ms")),
                     _ms(idle.get("p99_ms")), _ms(load.get("p50_ms")),
                     _ms(load.get("p99_ms")), _ms(load.get("max_ms")),
                     f"{load.get('load_achieved_per_s', 0):,.0f}", f"{answered}/{pings}"])
    return rows


def latency_targets(results: dict[str, Any]) -> list[Target]:
    """Issue 13's target 4: tidecord's p99 under load <= 1/3 of discord.py's."""
    ours = (_rounds(results, "tidecord").get("load") or {}).get("p99_ms")
    theirs = (_rounds(results, BASELINE).get("load") or {}).get("p99_ms")
    return [Target("reply p99 under load <= 1/3 of discord.py's",
                   ours / theirs if ours is not None and theirs else None, 1 / 3, False)]


def _method(results: dict[str, Any]) -> str:
    cfg = results.get("config") or {}
    return (f"{cfg.get('latency_pings', '?')} pings a round, one every "
            f"{cfg.get('latency_interval_s', 0) * 1000:.0f} ms; loaded: "
            f"{cfg.get('latency_load', 0):,} other MESSAGE_CREATE/s asked on the same "
            "connection (load sent/s is what the connection took); from the sandbox "
            "writing the ping's frame to its handling the POST that answers it")


def latency_text(results: dict[str, Any]) -> str:
    """The table for the terminal ("" when no latency round ran)."""
    rows = _rows(results)
    if not rows:
        return ""
    out = ["reply latency (!ping answered with a message):", *aligned(HEADERS, rows)]
    out.append(_method(results))
    out += [t.line for t in latency_targets(results)]
    return "\n".join(out)


def latency_markdown(results: dict[str, Any]) -> str:
    """The same as Markdown ("" when no latency round ran)."""
    rows = _rows(results)
    if not rows:
        return ""
    out = markdown_rows(HEADERS, rows)
    method = _method(results)
    out += ["", method[:1].upper() + method[1:] + ".", ""]
    out += markdown_targets(latency_targets(results))
    return "\n".join(out)
