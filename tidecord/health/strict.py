"""pytest strict mode: a sandbox test fails if its bot blocks the event loop.

Loaded for every run by tidecord's pytest plugin. It acts only on async tests
that use the ``sandbox`` fixture (or are marked ``@pytest.mark.tidecord_strict``);
every other test is left alone. While such a test runs, on its event loop:

* a ``LoopWatchdog`` watches for stalls beyond the threshold (default 100 ms);
  a stall fails the test when the line to blame is in the user's code, i.e.
  the innermost frame outside the stdlib and installed packages is neither
  tidecord nor the sandbox (those doing their job are not the bot's fault),
  and the loop thread was not mostly waiting for a CPU (an overloaded machine
  is not the bot's fault either; measured on Linux), nor mostly not running at
  all (a paused process, a virtual machine not scheduled: Linux), nor mostly
  collecting garbage (which pauses whatever line is running);
* blockbuster patches the known blocking APIs (``time.sleep``, blocking
  sockets, file and sqlite3 I/O, ``input``, contended locks...) so a call on
  the test's loop thread from user code raises ``BlockingError`` on the spot
  and fails the test. Calls from other threads, from tidecord's own code and
  the ones blockbuster itself exempts (imports, pytest's internals) pass.

The failure message names the offending ``file:line`` and its source. The test
is stopped at the first violation (its task cancelled), so a test waiting for a
reply that the blocked bot will never send fails at once, not after its timeout.

Switches: ``@pytest.mark.tidecord_strict(False)`` on a test or module,
``@pytest.mark.tidecord_strict(threshold=0.25)``, the ini options
``tidecord_strict = false`` / ``tidecord_strict_threshold = 0.25``, or
``--tidecord-strict=off`` on the command line.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import os
import sys
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from types import FrameType
from typing import Any

import pytest

from .calls import GENERIC, Advice, advice_for, split_dotted
from .frames import (
    CodeKind,
    FrameInfo,
    blame,
    calls_below,
    format_stack,
    stack_of,
    task_part,
)
from .stats import Stall
from .watchdog import LoopWatchdog

__all__ = ["StrictGuard"]

SANDBOX_FIXTURE = "sandbox"
_log = logging.getLogger("tidecord.health.strict")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ini options and the command-line switch."""
    group = parser.getgroup("tidecord", "tidecord")
    group.addoption(
        "--tidecord-strict",
        choices=("on", "off"),
        default=None,
        help="fail sandbox tests whose bot blocks the event loop (default: the ini value, on)",
    )
    parser.addini(
        "tidecord_strict",
        type="bool",
        default=True,
        help="strict mode for tests using the sandbox fixture (default true)",
    )
    parser.addini(
        "tidecord_strict_threshold",
        default="0.1",
        help="seconds the loop may be blocked before strict mode fails the test",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker."""
    config.addinivalue_line(
        "markers",
        "tidecord_strict(enabled=True, *, threshold=None): turn tidecord's strict mode on or off"
        " for this test (on by default for tests using the sandbox fixture)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Run a strict test under the guard and fail it for what the guard saw."""
    guard = StrictGuard.for_item(item)
    if guard is None:
        return (yield)
    original = item.obj  # type: ignore[attr-defined]
    item.obj = guard.wrap(original)  # type: ignore[attr-defined]
    error: BaseException | None = None
    result: object = None
    try:
        result = yield
    except BaseException as exc:  # re-raised below unless strict mode has more to say
        error = exc
    finally:
        item.obj = original  # type: ignore[attr-defined]
    report = guard.report()
    if report and not isinstance(error, pytest.skip.Exception):
        if error is not None:
            # Often a consequence (the BlockingError itself, a reply that never came).
            report += f"\n(the test also failed: {type(error).__name__}: {error})"
        pytest.fail(report, pytrace=False)
    if error is not None:
        raise error
    return result


@dataclass(frozen=True)
class Violation:
    """One thing the bot did wrong: what, at which user line, with which stack, and the fix."""

    what: str
    site: FrameInfo
    stack: tuple[FrameInfo, ...]
    advice: Advice = GENERIC


class StrictGuard:
    """The watchdog and the blocking-call detector around one test's coroutine."""

    def __init__(self, threshold: float, *, gil_fallback: bool = True) -> None:
        self.threshold = threshold
        self.gil_fallback = gil_fallback
        self.violations: list[Violation] = []
        self._lock = threading.Lock()
        # The stalls already looked at, kept alive so that identity stays meaningful.
        self._judged: list[Stall] = []
        self._stop_test: Callable[[], object] | None = None
        self.stopped = False  # the test was cancelled at a violation

    @classmethod
    def for_item(cls, item: pytest.Item) -> StrictGuard | None:
        """The guard for ``item``, or ``None`` if strict mode does not apply to it."""
        marker = item.get_closest_marker("tidecord_strict")
        uses_sandbox = SANDBOX_FIXTURE in getattr(item, "fixturenames", ())
        if marker is None and not uses_sandbox:
            return None
        option = item.config.getoption("--tidecord-strict", None)
        enabled = option == "on" if option else bool(item.config.getini("tidecord_strict"))
        threshold = float(item.config.getini("tidecord_strict_threshold"))
        if marker is not None:
            enabled = bool(marker.args[0]) if marker.args else marker.kwargs.get("enabled", True)
            threshold = float(marker.kwargs.get("threshold") or threshold)
        if not enabled or option == "off":
            return None
        if not inspect.iscoroutinefunction(getattr(item, "obj", None)):
            return None  # no event loop to watch in a plain test
        return cls(threshold)

    def wrap(self, test: Callable[..., Any]) -> Callable[..., Any]:
        """The test coroutine function, run under the guard on its own loop."""

        @functools.wraps(test)
        async def guarded(*args: Any, **kwargs: Any) -> Any:
            watchdog = LoopWatchdog(
                self.threshold,
                report_interval=0.0,
                gil_fallback=max(0.25, 2 * self.threshold) if self.gil_fallback else None,
                logger=_log,
                on_stall=self.judge,
            )
            loop = asyncio.get_running_loop()
            task = asyncio.current_task()
            assert task is not None
            self._stop_test = functools.partial(loop.call_soon_threadsafe, self._cancel, task)
            watchdog.start(loop)
            buster = self._blockbuster(threading.get_ident())
            buster.activate()
            try:
                return await test(*args, **kwargs)
            except asyncio.CancelledError:
                if not self.stopped:
                    raise
                task.uncancel()  # our own stop: the report says why the test failed
                return None
            finally:
                self._stop_test = None
                buster.deactivate()
                watchdog.stop()
                for stall in watchdog.health.recent:  # any that ended as the watchdog stopped
                    self.judge(stall)

        return guarded

    def judge(self, stall: Stall) -> None:
        """Record ``stall`` as a violation if the user's code is to blame for it."""
        with self._lock:
            if any(seen is stall for seen in self._judged):
                return
            self._judged.append(stall)
        # Only stacks seen during the stall: a late sample may show a line the
        # loop merely reached after the OS or the GIL let it go.
        # Nor a stall the garbage collector spent: it pauses whatever line is running.
        # Nor a paused process: it stopped whatever line was running. Unless what is left
        # beside the pause is a stall itself (the pause came in the middle of a block);
        # the sampler's lateness misses up to half a threshold of the pause's start.
        paused = stall.paused and stall.duration - stall.stopped < 1.5 * self.threshold
        trusted = (stall.source in ("sampler", "signal") and not stall.overloaded
                   and not stall.collected and not paused)
        site = blame(stall.stack) if trusted else None
        if site is None or _awaiting_asyncio(stall.stack, site):
            return  # tidecord's or asyncio's own work, a busy machine, no stack: logged only
        task = f" in task {stall.task_name!r}" if stall.task_name else ""
        what = (
            f"event loop blocked for {stall.duration * 1000:.0f} ms{task}"
            f" (threshold {self.threshold * 1000:.0f} ms)"
        )
        self._add(Violation(what, site, stall.stack, stall.advice or GENERIC))

    def _add(self, violation: Violation) -> None:
        with self._lock:
            self.violations.append(violation)
            stop, self._stop_test = self._stop_test, None
        if stop is not None:
            stop()  # at most once: the first violation ends the test

    def _cancel(self, task: asyncio.Task[Any]) -> None:
        if not task.done():
            self.stopped = True
            task.cancel("tidecord strict mode: the bot blocked the event loop")

    def _blockbuster(self, loop_thread: int) -> Any:
        try:
            from blockbuster import BlockBuster  # imported only when a strict test runs
        except ImportError:  # not installed (it comes with tidecord[testing]): watchdog only
            return _NoBuster()
        buster = BlockBuster()
        for function in buster.functions.values():
            function.can_block_predicate = self._predicate(function, loop_thread)
        return buster

    def _predicate(self, function: Any, loop_thread: int) -> Callable[..., bool]:
        """Decide for blockbuster whether a call may block; record the ones that may not."""
        allowed = function.can_block_predicate
        exemptions: list[tuple[str, Any]] = function.can_block_functions

        def can_block(*args: Any, **kwargs: Any) -> bool:
            if allowed(*args, **kwargs) or threading.get_ident() != loop_thread \
                    or _to_devnull(args):
                return True
            caller = sys._getframe(1)  # blockbuster's wrapper, then whoever called it
            stack = stack_of(caller)
            site = blame(stack)
            if site is None or _exempt(caller, exemptions):
                return True
            # The library the user called (requests) names the fix, not the socket below it.
            advice = advice_for([*calls_below(stack, site), *split_dotted(function.full_name)])
            # Up to the user's line: the frames below it are blockbuster's wrapper.
            stack = stack[: stack.index(site) + 1]
            self._add(Violation(f"blocking call {function.full_name}()", site, stack, advice))
            return False  # blockbuster raises BlockingError at the call

        return can_block

    def report(self) -> str | None:
        """The failure message, or ``None`` if the bot behaved."""
        with self._lock:
            violations = list(self.violations)
        if not violations:
            return None
        lines = ["tidecord strict mode: the bot blocked the event loop"
                 + (" (the test was stopped at the first one)" if self.stopped else "")]
        for v in violations[:5]:
            lines.append(f"  {v.site}  <- {v.what}")
            lines.append(f"      {v.advice}")
        if len(violations) > 5:
            lines.append(f"  ... and {len(violations) - 5} more")
        first = violations[0]
        lines += [
            "stack of the first one (most recent call last):",
            format_stack(task_part(first.stack)),
            "To allow it here: @pytest.mark.tidecord_strict(False).",
        ]
        return "\n".join(lines)


def _awaiting_asyncio(stack: tuple[FrameInfo, ...], site: FrameInfo) -> bool:
    """Whether the user's line was inside asyncio itself when the loop stalled.

    ``await asyncio.create_subprocess_exec(...)`` starts a thread and waits for it;
    on a loaded machine that can take over 100 ms. The bot awaited an asyncio API as
    it should: what stalled was asyncio's own machinery, not the bot's code.
    """
    below = stack[stack.index(site) + 1:]
    if not below or below[0].kind is not CodeKind.STDLIB:
        return False
    return "/asyncio/" in below[0].filename.replace("\\", "/")


class _NoBuster:
    """Stands in for blockbuster where it is not installed: stalls are still caught."""

    def activate(self) -> None:
        """Nothing to patch."""

    def deactivate(self) -> None:
        """Nothing to restore."""


def _to_devnull(args: tuple[Any, ...]) -> bool:
    """Whether the call writes to ``os.devnull``, which never blocks: pytest's own log
    file handler writes there by default, so a bot's ``log.warning(...)`` would be
    blamed for pytest's handler."""
    return bool(args) and getattr(args[0], "name", None) == os.devnull


def _exempt(frame: FrameType | None, exemptions: list[tuple[str, Any]]) -> bool:
    """blockbuster's own allow-list (imports, pytest's assertion rewriting, coverage...)."""
    while frame is not None:
        filename = frame.f_code.co_filename.replace("\\", "/")
        for suffix, names in exemptions:
            if filename.endswith(suffix) and frame.f_code.co_name in names:
                return True
        frame = frame.f_back
    return False
