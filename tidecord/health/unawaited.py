"""A coroutine the bot made and never awaited: its line, and the fix, in the warning.

``message.channel.send("hi")`` without ``await`` makes a coroutine and drops it:
nothing is sent, and Python's only sign is a RuntimeWarning, "coroutine
'ChannelMessages.send' was never awaited", at the line where the coroutine was
dropped, followed by advice to enable tracemalloc that does not help here. Once a
client starts, tidecord words that warning as what to write (``await`` before the
call). A coroutine kept in a variable is dropped later, inside tidecord or asyncio,
where Python names their line instead: tidecord then says so and has Python record
where coroutines are made (``sys.set_coroutine_origin_tracking_depth``, a small cost
per coroutine, paid only once a bot has shown this bug), so that the next such
warning names the bot's line.

Only the text changes: the warning goes through the program's filters and display
(``-W error`` still raises, pytest still records it).
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import Final, TextIO

from .calls import written_call
from .frames import CodeKind, FrameInfo, kind_of, source_lines

__all__ = ["NEVER_AWAITED", "explain", "install", "made_at"]

NEVER_AWAITED: Final = "was never awaited"
#: Frames recorded per coroutine once a dropped one could not be placed.
ORIGIN_DEPTH: Final = 8
_MARK: Final = "__tidecord_unawaited__"
_ORIGIN_FRAME: Final = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in ', re.M)


def install() -> None:
    """Word never-awaited warnings as their fix from now on (idempotent)."""
    previous = warnings.showwarning
    if getattr(previous, _MARK, False):
        return

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: TextIO | None = None, line: str | None = None) -> None:
        text = str(message)
        if issubclass(category, RuntimeWarning) and NEVER_AWAITED in text \
                and "await`" not in text:
            made = made_at(text, filename, lineno)
            message = category(explain(text, made))
            if made is not None:  # shown at the bot's line, with its source
                filename, lineno, line = made[0], made[1], None
        previous(message, category, filename, lineno, file, line)

    setattr(show, _MARK, True)
    warnings.showwarning = show


def made_at(text: str, filename: str, lineno: int) -> tuple[str, int] | None:
    """Where the bot made the coroutine a warning is about: the innermost line of its
    own code in the origin Python adds while it records origins, else the warning's
    line if that is the bot's; ``None`` when neither is."""
    found: tuple[str, int] | None = None
    for frame in _ORIGIN_FRAME.finditer(text):
        if kind_of(frame["file"]) is CodeKind.USER:
            found = (frame["file"], int(frame["line"]))
    if found is None and kind_of(filename) is CodeKind.USER:
        found = (filename, lineno)
    return found


def explain(text: str, made: tuple[str, int] | None) -> str:
    """The warning's first line, with what to write where the coroutine was ``made``."""
    quoted = re.search(r"coroutine '([^']+)'", text)
    name = quoted[1] if quoted else "a coroutine"
    first = text.splitlines()[0]
    if made is None:
        if sys.get_coroutine_origin_tracking_depth() < ORIGIN_DEPTH:
            sys.set_coroutine_origin_tracking_depth(ORIGIN_DEPTH)
        # The bare method name, as the bot wrote it (tidecord's class names are its own).
        bare = name.rpartition(".")[2]
        return (f"{first}, so it never ran: a call to {bare}(...) in your code lacks"
                " `await`. It was dropped later, in code that is not yours, so its line is"
                " not known; tidecord now records where coroutines are made, and the next"
                " such warning names it")
    path, number = made
    source = source_lines(path, number, number)[0].strip()
    callee = written_call(source, name) or name
    where = FrameInfo(path, number, "").location
    return (f"{first}, so it never ran: at {where} (`{source}`),"
            f" write `await {callee}(...)`")

