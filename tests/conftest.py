"""Settings every test file shares."""

from __future__ import annotations

import os
import signal
import sys

import pytest

# Compile once, not in every process: the run caches bytecode (in the gitignored
# __pycache__ folders) even where PYTHONDONTWRITEBYTECODE is set. Otherwise each of the
# workers rewrites and compiles every test module again (about 10 s of CPU each),
# and each of the suite's hundreds of bot, CLI and pytest subprocesses compiles tidecord
# again (half a second each). Python checks a cached file against its source's mtime and
# size, so an edited file is compiled afresh. A test that sets the variable for a
# program of its own still keeps it for that program.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_configure() -> None:
    # A test run started in the background by a non-interactive shell (`make test &`,
    # nohup, some CI wrappers) ignores SIGINT, and every program a test spawns then
    # inherits that: the Ctrl-C tests' bots would never hear their Ctrl-C. What they
    # test is a program run from a terminal, so their parent hands them the default.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


# The few tests that take tens of seconds each (a docs build, a benchmark run, a wheel
# installed into a fresh venv, programs run as processes) go first among files of as
# many tests. Workers take whole files as they go (--dist loadfile, in pyproject.toml),
# and xdist hands out the files with the most tests first (its default reordering); a
# run with this order kept whole (--no-loadscope-reorder) started every long file at
# once and took 463 s against 386 to 402 s.
LONG_FIRST = (
    "tests/docs/test_docs_build.py",
    "tests/bench/test_bench_smoke.py",
    "tests/cli/test_new_project.py",
    "tests/chaos/test_fuzz.py",
    "tests/chaos/test_reconnect_storm.py",
    "tests/proof/test_programs.py",
    "tests/project/test_makefile.py",
    "tests/project/test_checkout_place.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.partition("::")[0]
        return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: each file's tests keep their order
