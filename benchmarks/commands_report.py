"""The commands workload's table and its two targets (see ``commands_workload``)."""

from __future__ import annotations

from typing import Any

from .report import BASELINE, Target, aligned, markdown_rows, markdown_targets

__all__ = ["commands_markdown", "commands_targets", "commands_text"]


class MicrosecondsTarget(Target):
    """A target on a cost in microseconds rather than on a ratio."""

    @property
    def shown(self) -> str:
        return "-" if self.value is None else f"{self.value:+.2f} us"

HEADERS = ["library", "commands workload msgs/s", "vs dpy", "CPU us/msg",
           "of which in process_commands", "plain msg us (Client path)", "no-prefix extra us",
           "(firehose diff)", "messages"]
NO_FRAMEWORK = "hikari has no prefix-commands framework: not in this table"


def _method(results: dict[str, Any]) -> str:
    cfg = results.get("config") or {}
    ours = _entry(results, "tidecord")
    text = (f"{cfg.get('commands_batches', '?')} batches per library, the libraries taking "
            f"turns, summed (both connected to the sandbox above, each as one shard of two: "
            f"half the world cached)")
    ratio = ours.get("batch_ratio_median")
    if ratio is not None:
        text += f"; discord.py's CPU per message over tidecord's, median batch: {ratio:.2f}x"
    theirs = (_entry(results, BASELINE).get("measure") or {}).get("inside_us_per_event")
    inside = (ours.get("measure") or {}).get("inside_us_per_event")
    if inside and theirs:
        text += (f"; time inside process_commands, discord.py's over tidecord's: "
                 f"{theirs / inside:.2f}x")
    return (text + "; the no-prefix extra is timed inside process_commands on the plain "
            "rounds (the firehose diff column is the same cost from two firehoses' CPU, "
            "noisy)")


def _entry(results: dict[str, Any], name: str) -> dict[str, Any]:
    return (results.get("commands") or {}).get(name) or {}


def _rate(entry: dict[str, Any]) -> float | None:
    return (entry.get("measure") or {}).get("events_per_s")


def _cpu(entry: dict[str, Any]) -> float | None:
    return (entry.get("measure") or {}).get("cpu_us_per_event")


def commands_targets(results: dict[str, Any]) -> list[Target]:
    """Issue 10's targets: 3x discord.py's commands throughput; < 1 us without a prefix."""
    ours, theirs = _entry(results, "tidecord"), _entry(results, BASELINE)
    rate_ours, rate_theirs = _rate(ours), _rate(theirs)
    cpu_ours, cpu_theirs = _cpu(ours), _cpu(theirs)
    return [
        Target("commands workload messages/s >= 3x discord.py",
               rate_ours / rate_theirs if rate_ours and rate_theirs else None, 3.0, True,
               cpu_theirs / cpu_ours if cpu_ours and cpu_theirs else None),
        MicrosecondsTarget("a message without the prefix costs < 1 us more with commands.Bot",
               ours.get("non_command_extra_us"), 1.0, False),
    ]


def _rows(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    base = _rate(_entry(results, BASELINE))
    for name, entry in (results.get("commands") or {}).items():
        rate, cpu = _rate(entry), _cpu(entry)
        version = (entry.get("ready") or {}).get("version", "")
        extra, plain = entry.get("non_command_extra_us"), entry.get("plain_us")
        diff = entry.get("non_command_extra_firehose_us")
        inside = (entry.get("measure") or {}).get("inside_us_per_event")
        count = (entry.get("measure") or {}).get("count")
        label = f"{name} {version}".strip()
        if entry.get("error"):
            label += f" (FAILED: {entry['error'][:60]})"
        rows.append([
            label,
            "-" if rate is None else f"{rate:,.0f}",
            "-" if rate is None or not base else f"{rate / base:.2f}x",
            "-" if cpu is None else f"{cpu:.1f}",
            "-" if inside is None else f"{inside:.1f}",
            "-" if plain is None else f"{plain:.2f}",
            "-" if extra is None else f"{extra:+.2f}",
            "-" if diff is None else f"{diff:+.1f}",
            "-" if count is None else f"{count:,}",
        ])
    return rows


def commands_text(results: dict[str, Any]) -> str:
    """The table for the terminal ("" when the workload did not run)."""
    if "commands" not in results:
        return ""
    out = ["commands workload (half the messages are !hit <@member> 42):",
           *aligned(HEADERS, _rows(results))]
    out.append(NO_FRAMEWORK)
    out.append(_method(results))
    out += [t.line for t in commands_targets(results)]
    return "\n".join(out)


def commands_markdown(results: dict[str, Any]) -> str:
    """The same as Markdown ("" when the workload did not run)."""
    if "commands" not in results:
        return ""
    out = markdown_rows(HEADERS, _rows(results))
    out += [f"| hikari | {NO_FRAMEWORK.split(': ')[0]} |" + " - |" * (len(HEADERS) - 2)]
    method = _method(results)
    out += ["", method[:1].upper() + method[1:] + ".", ""]
    out += markdown_targets(commands_targets(results))
    return "\n".join(out)
