"""Check files and folders: tidecord's findings and ruff's, merged, with a summary."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .ruff import RuffFinding, run_ruff
from .scan import Finding, scan_source

__all__ = ["CheckError", "Report", "check_paths"]

# Folders a project's own code is never in.
_SKIPPED = frozenset({"__pycache__", "node_modules", "build", "dist", "venv", "site-packages"})


class CheckError(Exception):
    """A path that cannot be checked: missing, not Python, or not parseable."""


@dataclass(frozen=True)
class Report:
    """What ``tidecord check`` found: the findings, the files read, and whether ruff ran."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    ruff: bool

    @property
    def summary(self) -> str:
        """One line: how many blocking calls, where, and the first one."""
        where = self.files[0] if len(self.files) == 1 else f"{len(self.files)} files"
        name = "tidecord check (with ruff's ASYNC rules)" if self.ruff else "tidecord check"
        if not self.findings:
            return f"{name}: no blocking calls in the async code of {where}"
        first = self.findings[0]
        count = len(self.findings)
        calls = "blocking call" if count == 1 else "blocking calls"
        return (f"{name}: {count} {calls} in the async code of {where}"
                f" (first: {first.path}:{first.line} {first.call})")


def check_paths(paths: Sequence[str], *, use_ruff: bool = True) -> Report:
    """Check ``.py`` files and the ``.py`` files under folders.

    Raises :class:`CheckError` for a path that does not exist, a file that is
    not Python, or one that does not parse.
    """
    files = list(_expand(paths))
    findings: list[Finding] = []
    for shown in files:
        try:
            source = Path(shown).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CheckError(f"cannot read {shown}: {exc}") from None
        try:
            findings += scan_source(source, shown)
        except SyntaxError as exc:
            raise CheckError(f"cannot parse {shown}: {exc.msg} (line {exc.lineno})") from None
    diagnostics = run_ruff(files) if use_ruff else None
    if diagnostics:
        findings = _merge(findings, diagnostics, files)
    findings.sort(key=lambda f: (files.index(f.path), f.line, f.column))
    return Report(tuple(findings), tuple(files), diagnostics is not None)


def _expand(paths: Iterable[str]) -> Iterable[str]:
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*.py")
                if not any(part.startswith(".") or part in _SKIPPED
                           for part in p.relative_to(path).parts[:-1])
            )
        elif path.is_file():
            if path.suffix != ".py":
                raise CheckError(f"not a Python file: {given}")
            found = [path]
        else:
            raise CheckError(f"no such file or folder: {given}")
        for file in found:
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                yield str(file)


def _merge(findings: list[Finding], diagnostics: list[RuffFinding], files: list[str]
           ) -> list[Finding]:
    """Add ruff's codes to the finding on the same line; ruff's alone become findings too."""
    shown = {os.path.realpath(f): f for f in files}
    merged = {(os.path.realpath(f.path), f.line): f for f in findings}
    for item in diagnostics:
        key = (os.path.realpath(item.path), item.line)
        found = merged.get(key)
        if found is None:
            merged[key] = Finding(shown.get(key[0], item.path), item.line, item.column,
                                  item.message, item.advice, "", rules=(item.code,))
        elif item.code not in found.rules:
            merged[key] = replace(found, rules=(*found.rules, item.code))
    return list(merged.values())
