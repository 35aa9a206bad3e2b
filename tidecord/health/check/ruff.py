"""ruff's ``ASYNC`` rules, where ruff is installed, as findings beside tidecord's own.

ruff knows calls tidecord's table may not (and the other way round: ruff looks
only at an ``async def``'s own body, tidecord follows it into helpers). Its
findings are merged by line: where both flag a line, tidecord's finding carries
ruff's code too.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from ..calls import BLOCKING_CALLS, Advice

__all__ = ["RuffFinding", "run_ruff"]

#: ruff's rules that name a blocking call tidecord's table knows: the same advice.
_SAME_AS: dict[str, str] = {
    "ASYNC210": "requests",
    "ASYNC212": "httpx (sync)",
    "ASYNC220": "subprocess",
    "ASYNC221": "subprocess",
    "ASYNC222": "subprocess",
    "ASYNC230": "open() / file I/O",
    "ASYNC240": "file system call",
    "ASYNC251": "time.sleep",
}
TIMEOUT = 60.0


@dataclass(frozen=True)
class RuffFinding:
    """One ruff ``ASYNC`` diagnostic."""

    path: str
    line: int
    column: int
    code: str
    message: str

    @property
    def advice(self) -> Advice:
        """tidecord's advice for the call ruff names, else ruff's own message."""
        name = _SAME_AS.get(self.code)
        for known in BLOCKING_CALLS:
            if known.name == name:
                return Advice("known", known.instead, known.name, known)
        return Advice("ruff", self.message)


def run_ruff(paths: Sequence[str]) -> list[RuffFinding] | None:
    """ruff's ``ASYNC`` findings in ``paths``, or ``None`` when ruff is not installed."""
    command = _ruff_command()
    if command is None or not paths:
        return None if command is None else []
    try:
        done = subprocess.run(
            [*command, "check", "--select", "ASYNC", "--output-format", "json", "--isolated",
             "--no-cache", "--exit-zero", *paths],
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )
        diagnostics = json.loads(done.stdout or "[]")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return None  # a ruff that does not answer is a ruff we do not have
    found = []
    for item in diagnostics:
        location = item.get("location") or {}
        found.append(RuffFinding(
            path=str(item.get("filename", "")),
            line=int(location.get("row", 0)),
            column=int(location.get("column", 0)),
            code=str(item.get("code", "")),
            message=str(item.get("message", "")),
        ))
    return found


def _ruff_command() -> list[str] | None:
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    executable = shutil.which("ruff")
    return [executable] if executable else None
