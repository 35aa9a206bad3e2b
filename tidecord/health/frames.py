"""Stacks as plain data: capture, classify (whose code is this?), format.

A stall report must not keep frames alive (they pin every local of the blocked
handler), so stacks are copied into ``FrameInfo`` tuples as soon as they are
sampled. Source lines are looked up only when a report is written.
"""

from __future__ import annotations

import linecache
import os
import site
import sys
import sysconfig
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from inspect import CO_COROUTINE
from types import FrameType
from typing import Final

__all__ = [
    "CodeKind",
    "FrameInfo",
    "blame",
    "calls_below",
    "culprit",
    "format_stack",
    "is_idle",
    "kind_of",
    "module_of",
    "source_lines",
    "stack_of",
    "task_part",
]


def _file_lines(filename: str) -> list[str]:
    """A source file's lines, read through ``linecache`` without leaving the file in
    it: a report names a few lines of files the process may never read again (a
    stack through asyncio alone is thousands of lines kept for good)."""
    kept = filename in linecache.cache
    lines = linecache.getlines(filename)
    if not kept:
        linecache.cache.pop(filename, None)
    return lines


def _line_of(lines: list[str], n: int) -> str:
    return lines[n - 1] if 0 < n <= len(lines) else ""


def source_lines(filename: str, first: int, last: int) -> list[str]:
    """Lines ``first`` to ``last`` of a source file (``""`` where there is none)."""
    lines = _file_lines(filename)
    return [_line_of(lines, n) for n in range(first, last + 1)]


class CodeKind(Enum):
    """Who wrote the code a frame is running."""

    USER = "user"
    """The bot or the test: anything that is neither Python, an installed package nor tidecord."""
    TIDECORD = "tidecord"
    """tidecord itself (the client, the sandbox, this watchdog)."""
    LIBRARY = "library"
    """An installed third-party package (site-packages / dist-packages)."""
    STDLIB = "stdlib"
    """The standard library, frozen modules and other ``<...>`` pseudo-files."""


@dataclass(frozen=True, slots=True)
class FrameInfo:
    """One frame of a captured stack: where it was and which function.

    ``module`` is the frame's module name (``None`` when its globals have none: see
    :attr:`module_name`); ``coroutine``: whether it runs an ``async def``.
    """

    filename: str
    lineno: int
    name: str
    module: str | None = field(default=None, compare=False)
    #: The frame runs an ``async def`` (where ``await`` can be written).
    coroutine: bool = field(default=False, compare=False)

    @property
    def module_name(self) -> str:
        """The module the frame's code belongs to, from the frame or else its file's path."""
        return self.module or module_of(self.filename)

    @property
    def line(self) -> str:
        """The stripped source line, or ``""`` when the file cannot be read."""
        return source_lines(self.filename, self.lineno, self.lineno)[0].strip()

    @property
    def kind(self) -> CodeKind:
        """Whose code this frame runs (see ``CodeKind``)."""
        return kind_of(self.filename)

    @property
    def location(self) -> str:
        """``path:line``, with the path relative to the working directory when inside it."""
        return f"{_short_path(self.filename)}:{self.lineno}"

    def __str__(self) -> str:
        text = f"{self.location} in {self.name}"
        line = self.line
        return f"{text}: {line}" if line else text


def _norm(path: str) -> str:
    return os.path.normcase(os.path.realpath(path)).rstrip(os.sep) + os.sep


_TIDECORD_DIR = _norm(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_THIRD_PARTY_DIRS = tuple(
    {
        _norm(p)
        for p in [
            *site.getsitepackages(),
            site.getusersitepackages(),
            sysconfig.get_paths()["purelib"],
            sysconfig.get_paths()["platlib"],
        ]
        if p
    }
)
_STDLIB_DIRS = tuple(
    {_norm(sysconfig.get_paths()[key]) for key in ("stdlib", "platstdlib")}
)
_kind_cache: dict[str, CodeKind] = {}


def kind_of(filename: str) -> CodeKind:
    """Classify a code object's filename (cached: called for every sampled frame)."""
    kind = _kind_cache.get(filename)
    if kind is None:
        kind = _classify(filename)
        _kind_cache[filename] = kind
    return kind


def _classify(filename: str) -> CodeKind:
    if filename.startswith("<"):
        return CodeKind.STDLIB
    path = _norm(filename)
    if path.startswith(_TIDECORD_DIR):
        return CodeKind.TIDECORD
    # Third-party first: site-packages usually lives inside the stdlib directory.
    if path.startswith(_THIRD_PARTY_DIRS) or os.sep + "site-packages" + os.sep in path:
        return CodeKind.LIBRARY
    if path.startswith(_STDLIB_DIRS):
        return CodeKind.STDLIB
    return CodeKind.USER


def _short_path(filename: str) -> str:
    try:
        rel = os.path.relpath(filename)
    except ValueError:  # another drive on Windows
        return filename
    return filename if rel.startswith("..") else rel


def stack_of(frame: FrameType | None) -> tuple[FrameInfo, ...]:
    """Copy a live frame chain into data, outermost call first (like a traceback)."""
    frames: list[FrameInfo] = []
    while frame is not None:
        code = frame.f_code
        module = frame.f_globals.get("__name__")
        frames.append(FrameInfo(code.co_filename, frame.f_lineno or 0, code.co_qualname,
                                module if isinstance(module, str) else None,
                                bool(code.co_flags & CO_COROUTINE)))
        frame = frame.f_back
    frames.reverse()
    return tuple(frames)


def culprit(stack: Sequence[FrameInfo]) -> FrameInfo | None:
    """The frame to name in a report: the innermost frame of the user's own code
    in the running task (see ``task_part``).

    Falls back to the innermost tidecord frame, then the innermost third-party
    frame, then the innermost frame at all, so a stall is never unattributed. The
    frames above the task never count: the line that started the loop
    (``bot.run(token)``, ``asyncio.run(main())``) is the user's, but it is not what
    the loop was running when it stalled.
    """
    own = task_part(stack)
    for wanted in (CodeKind.USER, CodeKind.TIDECORD, CodeKind.LIBRARY):
        for info in reversed(own):
            if info.kind is wanted:
                return info
    return stack[-1] if stack else None


def blame(stack: Iterable[FrameInfo]) -> FrameInfo | None:
    """The user's frame responsible for what the innermost frames do, or ``None``.

    Walks from the innermost frame outwards over the standard library and
    installed packages; the first frame beyond them decides. If it is tidecord's
    own code (the client or the sandbox doing its job) nobody in the user's code
    is to blame; nor is the line above the running task that started the loop.
    Strict mode fails a test only for a stack with someone to blame.
    """
    for info in reversed(task_part(list(stack))):
        kind = info.kind
        if kind is CodeKind.USER:
            return info
        if kind is CodeKind.TIDECORD:
            return None
    return None


def calls_below(stack: Sequence[FrameInfo], site: FrameInfo | None) -> list[tuple[str, str]]:
    """The calls ``site`` was in, outermost first, as (module, qualname) pairs.

    ``requests.get(url)`` on the user's line shows as ``("requests.api", "get")``,
    then urllib3's and http.client's frames, down to the socket.
    """
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] == site:
            return [(info.module_name, info.name) for info in stack[index + 1:]]
    return []


_module_paths: dict[str, str] = {}
_module_paths_for: list[str] = []


def module_of(filename: str) -> str:
    """A module name for a file: its path below the ``sys.path`` entry that holds it.

    ``.../site-packages/requests/api.py`` -> ``requests.api``; a frozen module's
    ``<frozen zipimport>`` -> ``zipimport``; elsewhere the file's stem.
    """
    if filename.startswith("<frozen ") and filename.endswith(">"):
        return filename[len("<frozen "):-1]
    if _module_paths_for != sys.path:
        _module_paths.clear()
        _module_paths_for[:] = sys.path
    found = _module_paths.get(filename)
    if found is None:
        found = _module_paths[filename] = _module_from_path(filename)
    return found


def _module_from_path(filename: str) -> str:
    path = os.path.normcase(os.path.realpath(filename))
    roots = sorted((_norm(p or os.getcwd()) for p in sys.path), key=len, reverse=True)
    stem, _ = os.path.splitext(path)
    for root in roots:
        if stem.startswith(root):
            parts = stem[len(root):].split(os.sep)
            if parts[-1] == "__init__":
                parts.pop()
            if parts and all(p.isidentifier() for p in parts):
                return ".".join(parts)
    return os.path.basename(stem)


_EAGER_STARTS: Final = ("first_step", "start_eagerly")


def task_part(stack: Sequence[FrameInfo]) -> Sequence[FrameInfo]:
    """The frames of the running task or callback: what follows asyncio's ``Handle._run``,
    or tidecord's ``first_step`` or ``start_eagerly`` (a handler's first step runs
    inline: in ``first_step`` on Python 3.11, in the eager task ``start_eagerly``
    starts on 3.12 and later, whose frame the C task leaves as the caller's; see
    :mod:`tidecord.events.eager`).

    The frames above it (the loop's machinery, ``asyncio.run``, a test runner)
    are the same in every report; the whole stack stays available on the record.
    """
    for index in range(len(stack) - 1, -1, -1):
        info = stack[index]
        path = info.filename.replace("\\", "/")
        if (info.name.endswith("_run") and path.endswith("asyncio/events.py")) or (
                info.name in _EAGER_STARTS and path.endswith("tidecord/events/eager.py")):
            return stack[index + 1 :] or stack
    return stack


def is_idle(stack: Sequence[FrameInfo]) -> bool:
    """True when the innermost frame is the loop waiting in its selector (nothing running)."""
    if not stack:
        return False
    innermost = stack[-1]
    return innermost.name.endswith("select") and innermost.filename.replace(
        "\\", "/"
    ).endswith("/selectors.py")


def format_stack(stack: Sequence[FrameInfo]) -> str:
    """The stack as a traceback body (most recent call last), with source lines."""
    lines: list[str] = []
    files: dict[str, list[str]] = {}  # each file read once, however many frames it has
    for info in stack:
        lines.append(f'  File "{info.filename}", line {info.lineno}, in {info.name}')
        text = files.get(info.filename)
        if text is None:
            text = files[info.filename] = _file_lines(info.filename)
        source = _line_of(text, info.lineno).strip()
        if source:
            lines.append(f"    {source}")
    return "\n".join(lines)
