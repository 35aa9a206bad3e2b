"""The one error type the command turns into a one-line message and exit code 2."""

from __future__ import annotations

import sys

__all__ = ["EXIT_INTERRUPTED", "EXIT_USAGE", "CLIError", "report"]

#: Exit code for a problem the user can fix (bad path, no bot, bad token), as argparse uses.
EXIT_USAGE = 2
#: Exit code when Ctrl-C cut a start-up short or forced a stop (128 + SIGINT, as shells do).
EXIT_INTERRUPTED = 130


class CLIError(Exception):
    """A user-facing failure: printed as ``tidecord: error: <message>``, exit code 2."""


def report(error: CLIError) -> int:
    """Print ``error`` as one line on stderr; return the exit code for it."""
    print(f"tidecord: error: {error}", file=sys.stderr)
    return EXIT_USAGE
