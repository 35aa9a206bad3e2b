"""The fallback for stalls in C code that holds the GIL (a catastrophic regex, say).

While C code holds the GIL no other Python thread runs, so the watchdog's sampler
cannot read the loop thread's stack. A signal handler can: Python runs it in the
main thread, with the GIL, either as soon as C code checks for signals (the regex
engine does every few thousand steps, which is how Ctrl-C stops it) or right after
the call returns, in the frame that made it. So where the loop runs in the main
thread, a real-time signal (``SIGRTMIN + 7``) gets a handler that copies the stack
of the frame it interrupts, and the sampler keeps a POSIX timer on the monotonic
clock (``timer_create``) from running out whenever it gets to run. It runs out only
when the sampler has been held back for ``timeout`` seconds: C code holding the
GIL, or a machine too busy to schedule the sampler. Either way the copy is of the
very code the loop thread was running, taken by that thread itself.

Not ``setitimer``: its real-time timer is the program's ``alarm()`` (pytest-timeout's
too), and arming either CPU-time timer makes the process CPU clock
(``time.process_time()``) tick-grained, 4 ms here, for the whole program.

``faulthandler.dump_traceback_later`` did this job before, and could kill the
process: its timer thread reads every thread's frames without the GIL, and a thread
that is running Python meanwhile (which a starved sampler does not rule out) leaves
it a dangling pointer; the SIGSEGV comes with an empty stderr (CPython issues 116008
and 131580). Nothing here reads another thread's frames.

One process has one such timer, so one watchdog at a time owns it. It is not taken
where the signal already has a handler (the program's own), off the main thread, or
where POSIX timers are missing (macOS, Windows): the stall is then timed and not
named, as any stall the sampler cannot see.
"""

from __future__ import annotations

import asyncio
import atexit
import ctypes
import ctypes.util
import functools
import signal
import sys
import threading
import time
from types import FrameType
from typing import Any

from .frames import FrameInfo, stack_of

__all__ = ["Copied", "GilFallback"]

_RTMIN: int | None = getattr(signal, "SIGRTMIN", None)
_SIGNAL: int | None = _RTMIN + 7 if _RTMIN is not None else None
_CLOCK_MONOTONIC = 1  # Linux's clockid_t
_SIGEV_THREAD_ID = 4  # Linux: the signal goes to one thread, named by its id
_owner_lock = threading.Lock()
_owner: GilFallback | None = None


class _Timespec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long))


class _Itimerspec(ctypes.Structure):
    _fields_ = (("it_interval", _Timespec), ("it_value", _Timespec))


class _Sigevent(ctypes.Structure):
    # Linux's struct sigevent: the value, the signal, how to notify, then a union
    # whose first member is the thread id SIGEV_THREAD_ID sends to; 64 bytes in all
    # on every architecture.
    _fields_ = (("sigev_value", ctypes.c_void_p), ("sigev_signo", ctypes.c_int),
                ("sigev_notify", ctypes.c_int), ("sigev_tid", ctypes.c_int),
                ("_rest", ctypes.c_byte * (60 - ctypes.sizeof(ctypes.c_void_p) - 8)))


@functools.cache
def _timer_library() -> ctypes.CDLL:
    """The C library with ``timer_create``, looked up once per process (Linux)."""
    if not sys.platform.startswith("linux"):
        raise OSError("POSIX timers are used on Linux only")
    libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols: libc's among them
    if not hasattr(libc, "timer_create"):  # glibc before 2.34 keeps them in librt
        libc = ctypes.CDLL(ctypes.util.find_library("rt") or "librt.so.1", use_errno=True)
    return libc


class _SignalTimer:
    """A one-shot POSIX timer on the monotonic clock that sends ``signo`` to the
    calling thread (Linux).

    To that thread, not to the process: the kernel may hand a process-wide signal to
    any thread that does not block it, and CPython 3.11 wakes its main thread for a
    signal only when the main thread itself received it. Received by the sampler, the
    handler would wait for the stall to end and copy the wrong stack.
    """

    def __init__(self, signo: int) -> None:
        libc = _timer_library()
        self._settime = libc.timer_settime
        self._delete = libc.timer_delete
        event = _Sigevent(sigev_signo=signo, sigev_notify=_SIGEV_THREAD_ID,
                          sigev_tid=threading.get_native_id())
        self._id = ctypes.c_void_p()
        if libc.timer_create(_CLOCK_MONOTONIC, ctypes.byref(event), ctypes.byref(self._id)):
            raise OSError(ctypes.get_errno(), "timer_create failed")

    def arm(self, seconds: float) -> None:
        """Fire once, ``seconds`` from now (0 disarms); replaces any earlier deadline."""
        whole = int(seconds)
        spec = _Itimerspec(it_value=_Timespec(whole, int((seconds - whole) * 1e9)))
        self._settime(self._id, 0, ctypes.byref(spec), None)

    def close(self) -> None:
        """Delete the timer."""
        self._delete(self._id)


class Copied(tuple[FrameInfo, ...]):
    """A stack the signal handler copied, with the task its loop was running then:
    ``task`` is (name, coroutine qualname), or ``None`` outside any task."""

    task: tuple[str, str | None] | None = None


class GilFallback:
    """A timer the sampler keeps pushing back; when it runs out, the main thread
    copies its own stack."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._timer: _SignalTimer | None = None
        self._signo = 0
        self._previous: Any = None
        # Stacks the handler copied: (when, the main thread's stack).
        self._captured: list[tuple[float, tuple[FrameInfo, ...]]] = []

    @property
    def active(self) -> bool:
        """True while this instance owns the timer and the signal."""
        return self._timer is not None

    def acquire(self) -> bool:
        """Take the timer and the signal; False where that cannot be done here."""
        global _owner
        signo = _SIGNAL
        if signo is None or threading.current_thread() is not threading.main_thread():
            return False
        with _owner_lock:
            if _owner is not None:
                return False
            current = signal.getsignal(signo)
            if isinstance(getattr(current, "__self__", None), GilFallback):
                current = signal.SIG_DFL  # left behind, inert, by one released off the main thread
            if current not in (signal.SIG_DFL, None):
                return False  # the program's own handler: not ours to replace
            try:
                timer = _SignalTimer(signo)
            except OSError:
                return False
            _owner = self
        self._signo, self._previous = signo, current
        self._captured = []
        signal.signal(signo, self._on_signal)
        signal.siginterrupt(signo, False)  # C calls interrupted by it resume
        self._timer = timer
        # Released at exit at the latest: a program that ends without closing its client
        # (its start failed, say) must not be killed by the timer as it shuts down, once
        # Python gave the signal back its default action (terminate).
        atexit.register(self.release)
        return True

    def rearm(self) -> None:
        """Push the deadline back (from the sampler thread; one system call)."""
        timer = self._timer
        if timer is None:
            return
        if signal.getsignal(self._signo) != self._on_signal:
            # The program installed its own handler since: the timer must not feed it.
            timer.arm(0)
            return
        timer.arm(self.timeout)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # In the main thread, holding the GIL: reading its own frames is safe, and so is
        # asking its loop which task runs (the sampler, starved, never saw it).
        if self._timer is not None and frame is not None:
            copy = Copied(stack_of(frame))
            try:
                task = asyncio.current_task()
                if task is not None:
                    copy.task = (task.get_name(),
                                 getattr(task.get_coro(), "__qualname__", None))
            except Exception:  # no loop here; and nothing may escape into the loop's code
                pass
            self._captured.append((time.monotonic(), copy))

    def take(self, thread_id: int) -> list[tuple[float, tuple[FrameInfo, ...]]]:
        """Every stack copied since the last call: ``(when, the loop thread's stack)``.

        Empty unless the loop thread is the main thread (the one the handler runs in).
        """
        captured, self._captured = self._captured, []
        if thread_id != threading.main_thread().ident:
            return []
        return captured

    def keep(self, captured: list[tuple[float, tuple[FrameInfo, ...]]]) -> None:
        """Put back copies :meth:`take` returned that no ended stall claimed yet."""
        self._captured = captured + self._captured

    def discard(self, before: float) -> None:
        """Drop copies taken before ``before`` that belong to no stall (the OS held up
        the sampler alone); later ones may belong to a stall still going on."""
        self._captured = [copy for copy in self._captured if copy[0] >= before]

    def release(self) -> None:
        """Delete the timer and give the signal back."""
        global _owner
        timer, self._timer = self._timer, None
        if timer is None:
            return
        atexit.unregister(self.release)
        timer.close()
        if threading.current_thread() is threading.main_thread():
            signal.signal(self._signo, self._previous if self._previous is not None
                          else signal.SIG_DFL)
        # Off the main thread the handler stays, inert: no timer sends its signal.
        with _owner_lock:
            if _owner is self:
                _owner = None
        self._captured = []
