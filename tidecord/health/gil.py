"""The fallback for stalls in C code that holds the GIL (a catastrophic regex, say).

While C code holds the GIL no Python thread runs, so the watchdog's sampler
cannot read the loop thread's stack. ``faulthandler``'s timer thread is plain C
and needs no GIL: the sampler keeps pushing its deadline back whenever it gets
to run, so the timer fires only when the sampler itself has been starved for
longer than ``timeout / 2`` to ``timeout``. It then writes every thread's stack
to a temporary file, and the sampler reads the loop thread's part afterwards.

Opt-in only (``LoopWatchdog(gil_fallback=seconds)``), because the dump is not
safe. The timer thread walks every thread's frames without the GIL, so it must
only fire while they are frozen. A starved sampler does not mean that: on a
busy machine the OS, or the GIL handover, can hold the sampler back while the
loop thread runs Python, pushing and popping the very frames being read. The
read then follows a dangling pointer (CPython issues 116008 and 131580) and,
since that thread blocks every signal, the kernel kills the process with
SIGSEGV before ``faulthandler``'s own handler can print a word: exit -11, an
empty stderr. A watchdog must never be what brings the bot down.

``faulthandler`` has one such timer per process, so one watchdog at a time owns
it; the others run without the fallback. Code that arms that timer for itself
(pytest's ``faulthandler_timeout``, say) should run with ``gil_fallback=None``.
"""

from __future__ import annotations

import faulthandler
import tempfile
import threading
from typing import BinaryIO

from .frames import FrameInfo, parse_faulthandler_dump

__all__ = ["GilFallback"]

_owner_lock = threading.Lock()
_owner: GilFallback | None = None


class GilFallback:
    """A ``faulthandler.dump_traceback_later`` timer re-armed by the sampler thread."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._file: BinaryIO | None = None
        self._armed_at = 0.0
        # Dumps in the file: (when the timer fired, start offset, end offset).
        self._dumps: list[tuple[float, int, int]] = []

    @property
    def active(self) -> bool:
        """True while this instance owns the process's faulthandler timer."""
        return self._file is not None

    def acquire(self) -> bool:
        """Take the process-wide timer; False if another watchdog holds it."""
        global _owner
        with _owner_lock:
            if _owner is not None:
                return False
            _owner = self
        # Unbuffered: faulthandler writes to the descriptor, we seek and read it.
        self._file = tempfile.TemporaryFile(buffering=0)
        self._armed_at = 0.0
        self._dumps = []
        return True

    def rearm(self, now: float) -> None:
        """Push the deadline back; cheap enough to call on every sampler wake-up.

        Re-arming starts a new C timer thread, so it is done only every
        ``timeout / 2``: the price is that C stalls shorter than ``timeout``
        may go without a stack (the sampler still reports their duration).
        """
        file = self._file
        if file is None or now - self._armed_at < self.timeout / 2:
            return
        self._note(file)
        faulthandler.dump_traceback_later(self.timeout, repeat=False, file=file)
        self._armed_at = now

    def _note(self, file: BinaryIO) -> None:
        """Record a dump the current timer wrote, with the time it fired."""
        start = self._dumps[-1][2] if self._dumps else 0
        end = file.tell()
        if end > start:
            self._dumps.append((self._armed_at + self.timeout, start, end))

    def take(self, thread_id: int) -> list[tuple[float, tuple[FrameInfo, ...]]]:
        """Every dump written since the last call: ``(when it fired, the thread's stack)``."""
        file = self._file
        if file is None:
            return []
        self._note(file)
        dumps, self._dumps = self._dumps, []
        if not dumps:
            return []
        file.seek(0)
        data = file.read()
        file.seek(0)
        file.truncate()
        found = []
        for fired_at, start, end in dumps:
            text = data[start:end].decode("utf-8", "replace")
            stack = parse_faulthandler_dump(text, thread_id)
            if stack is not None:
                found.append((fired_at, stack))
        return found

    def discard(self) -> None:
        """Drop dumps that belong to no stall (the OS held up the sampler alone)."""
        if self._file is not None and self._file.tell():
            self.take(0)

    def release(self) -> None:
        """Cancel the timer, close the file and give the timer back."""
        global _owner
        file, self._file = self._file, None
        if file is None:
            return
        faulthandler.cancel_dump_traceback_later()
        file.close()
        with _owner_lock:
            if _owner is self:
                _owner = None
