"""Settings every test file shares."""

from __future__ import annotations

import signal


def pytest_configure() -> None:
    # A test run started in the background by a non-interactive shell (`make test &`,
    # nohup, some CI wrappers) ignores SIGINT, and every program a test spawns then
    # inherits that: the Ctrl-C tests' bots would never hear their Ctrl-C. What they
    # test is a program run from a terminal, so their parent hands them the default.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
