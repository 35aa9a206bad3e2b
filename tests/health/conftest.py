"""Loop-health tests: shared fixtures, and the ``pytester`` plugin for the strict-mode tests.

pytest refuses ``pytest_plugins`` in a conftest below the rootdir when the whole
suite runs, so the pytester plugin is registered here by hand, with the two
options its fixture reads (their defaults), unless the run already loaded it.
"""

import asyncio
import logging
from collections.abc import Callable

import pytest

from tidecord.health import LoopWatchdog, shutdown_offload


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("pytester"):
        return
    config.option.runpytest = getattr(config.option, "runpytest", "inprocess")
    config.option.lsof = getattr(config.option, "lsof", False)
    config.pluginmanager.import_plugin("pytester")


@pytest.fixture
async def watch():
    """Start ``LoopWatchdog``s on the test's loop; every one is stopped at teardown."""
    started: list[LoopWatchdog] = []

    def start(threshold: float = 0.1, **options: object) -> LoopWatchdog:
        watchdog = LoopWatchdog(threshold, **options)  # type: ignore[arg-type]
        watchdog.start(asyncio.get_running_loop())
        started.append(watchdog)
        return watchdog

    yield start
    for watchdog in started:
        watchdog.stop()


@pytest.fixture
def health_log(caplog: pytest.LogCaptureFixture) -> Callable[[], list[logging.LogRecord]]:
    """The records the watchdog logged on ``tidecord.health`` so far."""
    caplog.set_level(logging.WARNING, logger="tidecord.health")
    return lambda: [r for r in caplog.records if r.name == "tidecord.health"]


@pytest.fixture(autouse=True)
async def _release_offload_pools():
    """Tests that use the default pools leave no worker thread or process behind."""
    yield
    await shutdown_offload()
