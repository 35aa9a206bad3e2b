"""The fallback for stalls in C code that holds the GIL (a catastrophic regex, say).

While C code holds the GIL no other Python thread runs, so the watchdog's sampler
cannot read the loop thread's stack. A signal handler can: Python runs it in the
main thread, with the GIL, either as soon as C code checks for signals (the regex
engine does every few thousand steps, which is how Ctrl-C stops it) or right after
the call returns, in the frame that made it. So where the loop runs in the main
thread, ``SIGPROF`` gets a handler that copies the stack of the frame it
interrupts, and the sampler keeps a ``setitimer(ITIMER_PROF)`` timer from
running out whenever it gets to run. The timer counts the process's CPU time (user
and system: a loop that keeps asking the kernel for the time is mostly system), so it
runs out only when the process keeps computing while the sampler is starved: C code
holding the GIL, or a machine too busy to schedule the sampler. In both cases the
copy is of the very code the loop thread was running, taken by that thread itself.

``faulthandler.dump_traceback_later`` did this job before, and could kill the
process: its timer thread reads every thread's frames without the GIL, and a thread
that is running Python meanwhile (which a starved sampler does not rule out) leaves
it a dangling pointer; the SIGSEGV comes with an empty stderr (CPython issues 116008
and 131580). Nothing here reads another thread's frames.

One process has one such timer, so one watchdog at a time owns it. It is not taken
where the signal already has a handler (the program's own), nor off the main
thread, nor where ``setitimer`` does not exist (Windows): the stall is then timed
and not named, as any stall the sampler cannot see.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType
from typing import Any

from .frames import FrameInfo, stack_of

__all__ = ["GilFallback"]

_SIGNAL: Any = getattr(signal, "SIGPROF", None)
_TIMER: Any = getattr(signal, "ITIMER_PROF", None)
_owner_lock = threading.Lock()
_owner: GilFallback | None = None


class GilFallback:
    """A CPU-time timer the sampler keeps re-arming; when it runs out, the main
    thread copies its own stack."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._active = False
        self._previous: Any = None
        # Stacks the handler copied: (when, the main thread's stack).
        self._captured: list[tuple[float, tuple[FrameInfo, ...]]] = []

    @property
    def active(self) -> bool:
        """True while this instance owns the process's timer and signal."""
        return self._active

    def acquire(self) -> bool:
        """Take the timer and the signal; False where that cannot be done here."""
        global _owner
        if _SIGNAL is None or _TIMER is None or threading.current_thread() is not \
                threading.main_thread():
            return False
        with _owner_lock:
            if _owner is not None:
                return False
            current = signal.getsignal(_SIGNAL)
            if isinstance(getattr(current, "__self__", None), GilFallback):
                current = signal.SIG_DFL  # left behind, inert, by one released off the main thread
            if current not in (signal.SIG_DFL, None):
                return False  # the program's own handler: not ours to replace
            _owner = self
        self._previous = current
        self._captured = []
        signal.signal(_SIGNAL, self._on_signal)
        signal.siginterrupt(_SIGNAL, False)  # C calls interrupted by it resume
        self._active = True
        return True

    def rearm(self, now: float) -> None:
        """Push the deadline back (from the sampler thread; one system call)."""
        if not self._active:
            return
        if signal.getsignal(_SIGNAL) != self._on_signal:
            # The program installed its own handler since: the timer must not feed it.
            self._active = False
            signal.setitimer(_TIMER, 0)
            return
        signal.setitimer(_TIMER, self.timeout)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # In the main thread, holding the GIL: reading its own frames is safe.
        if self._active and frame is not None:
            self._captured.append((time.monotonic(), stack_of(frame)))

    def take(self, thread_id: int) -> list[tuple[float, tuple[FrameInfo, ...]]]:
        """Every stack copied since the last call: ``(when, the loop thread's stack)``.

        Empty unless the loop thread is the main thread (the one the handler runs in).
        """
        captured, self._captured = self._captured, []
        if thread_id != threading.main_thread().ident:
            return []
        return captured

    def discard(self) -> None:
        """Drop copies that belong to no stall (the OS held up the sampler alone)."""
        self._captured = []

    def release(self) -> None:
        """Stop the timer and give the signal back."""
        global _owner
        if not self._active:
            return
        self._active = False
        signal.setitimer(_TIMER, 0)
        if threading.current_thread() is threading.main_thread():
            signal.signal(_SIGNAL, self._previous if self._previous is not None
                          else signal.SIG_DFL)
        # Off the main thread the handler stays, inert: nothing arms the timer again.
        with _owner_lock:
            if _owner is self:
                _owner = None
        self._captured = []
