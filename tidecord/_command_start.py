"""The ``tidecord`` command's Ctrl-C while the library is still importing (its first
few tenths of a second): it stops the command as a Ctrl-C during the start-up that
follows does, quietly with exit code 130, not with the traceback of whichever import
it cut short. Imported first by the package; a program that imports tidecord keeps
Python's own Ctrl-C (only the command, or ``python -m tidecord.cli``, is concerned)."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

__all__ = ["release"]

#: As ``tidecord.cli.errors.EXIT_INTERRUPTED`` (not importable yet: the package is not).
_INTERRUPTED = 130


def _stop(signum: int, frame: FrameType | None) -> None:
    print("tidecord: stopped", flush=True)
    # At once: nothing has started that needs ending, and an exception would unwind
    # through half-imported modules (a C extension cut short can crash the exit).
    os._exit(_INTERRUPTED)


def release() -> None:
    """Give Ctrl-C back to Python (``KeyboardInterrupt``) once the command runs."""
    if signal.getsignal(signal.SIGINT) is _stop:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _started_as_command() -> bool:
    # The command line as given (sys.argv is the parent's in a spawned worker).
    given = sys.orig_argv[1:3]
    return given == ["-m", "tidecord.cli"] or os.path.basename(given[0] if given else "") \
        == "tidecord"


# Only where Python's own handler is in place (not an ignored SIGINT, nor anyone's own).
if _started_as_command() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, _stop)
