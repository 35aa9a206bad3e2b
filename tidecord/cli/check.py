"""``tidecord check PATH...``: list the blocking calls in a bot's async code, before it runs.

Exit code 1 when there are findings, 0 when there are none, 2 for a bad path: it
fits a CI step or a pre-commit hook as it is. ``tidecord run`` prints the same
check's one-line summary before it starts the bot.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from tidecord.health.check import CheckError, check_paths

from .errors import CLIError

__all__ = ["EXIT_FINDINGS", "run_check", "summary_for"]

#: Exit code when the check found blocking calls.
EXIT_FINDINGS = 1


def run_check(paths: Sequence[str], *, use_ruff: bool = True) -> int:
    """Print every finding with its advice, then the summary; return the exit code."""
    try:
        report = check_paths(paths, use_ruff=use_ruff)
    except CheckError as exc:
        raise CLIError(str(exc)) from None
    for finding in report.findings:
        print(finding.describe())
    print(report.summary)
    return EXIT_FINDINGS if report.findings else 0


def summary_for(target: str) -> str | None:
    """The check's summary for what ``tidecord run`` was given (a file or a module name)."""
    path = _source_of(target)
    if path is None:
        return None
    try:
        report = check_paths([path])
    except CheckError:
        return None  # the import reports a broken file better than the check could
    if not report.findings:
        return report.summary
    return f"{report.summary}; `tidecord check {path}` lists them"


def _source_of(target: str) -> str | None:
    if Path(target).suffix == ".py" or Path(target).is_file():
        return target
    try:
        spec = importlib.util.find_spec(target)
    except (ImportError, ValueError):
        return None
    origin = spec.origin if spec is not None else None
    return origin if origin and origin.endswith(".py") else None
