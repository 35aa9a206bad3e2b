"""What ``Client.run`` does to the process around the bot: logging set up as
discord.py's ``run`` does it, and a refusal nobody caught said in one line.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from .gateway import ConnectionClosed
from .rest import LoginFailure
from .utils import MISSING, setup_logging

__all__ = [
    "inside_loop_error",
    "one_line_when_uncaught",
    "said_in_one_line",
    "set_up_logging",
    "token_type_error",
]

_ONE_LINE = "tidecord_one_line"


def token_type_error(token: object) -> TypeError:
    """The error for a token that is not a ``str``: exactly discord.py's ``TypeError``
    (programs print its type's name), marked for ``run`` to say in one line. ``None``
    is most often ``run(os.getenv("TOKEN"))`` with the variable unset: it says so."""
    hint = " (is the environment variable that holds it set?)" if token is None else ""
    error = TypeError(f"token must be a str, not {type(token).__name__}{hint}")
    setattr(error, _ONE_LINE, True)
    return error


def inside_loop_error() -> RuntimeError:
    """The error for ``run`` called from async code (an ``async def main()`` run by
    ``asyncio.run``): a ``RuntimeError`` as on discord.py, where asyncio's own says only
    that a loop is running and a warning about a coroutine never awaited follows; this
    one names the fix, and is said in one line when nobody catches it."""
    error = RuntimeError("Client.run() starts its own event loop, so it cannot be called "
                         "from async code; there, use `await client.start(token)`")
    setattr(error, _ONE_LINE, True)
    return error


def said_in_one_line(error: BaseException) -> bool:
    """Whether ``run`` ends with one line for ``error`` when nobody catches it: a
    refused or missing token, a fatal gateway close, ``run`` called from async code."""
    return isinstance(error, (LoginFailure, ConnectionClosed)) or getattr(error, _ONE_LINE, False)


def set_up_logging(handler: logging.Handler | None, formatter: logging.Formatter,
                   level: int, root: bool) -> None:
    """``run``'s logging keywords: nothing for ``handler=None``; else
    :func:`setup_logging`, unless no handler was given and the program already set
    logging up itself (discord.py would add its handler anyway, and each line of the
    library would come out twice)."""
    if handler is None or (handler is MISSING and _logging_configured(root)):
        return
    setup_logging(handler=handler, formatter=formatter, level=level, root=root)


def _logging_configured(root: bool) -> bool:
    """Whether the logger ``run`` would set up has a handler already (or the root logger
    has one, which tidecord's lines reach too)."""
    return bool(logging.getLogger().handlers
                or (not root and logging.getLogger("tidecord").handlers))


def one_line_when_uncaught() -> None:
    """Have an uncaught refused (or missing) token or fatal gateway close print one line:
    what it was.
    Any other uncaught exception goes to the hook there was before."""
    previous = sys.excepthook
    if getattr(previous, _ONE_LINE, False):
        return

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if said_in_one_line(value):
            print(f"tidecord: {value}", file=sys.stderr)
        else:
            previous(kind, value, tb)

    setattr(hook, _ONE_LINE, True)
    sys.excepthook = hook
