"""How long a thread has waited for a CPU: tells a stalled loop from an overloaded machine.

When the machine has more runnable threads than cores, the OS may leave the
loop thread off the CPU for a while: its tick is late although no code of the
bot blocked anything. Linux counts, per thread, the time spent runnable but
waiting on a run queue (``/proc/self/task/<tid>/schedstat``, second field, in
nanoseconds). Read before and after a stall, it says how much of the stall was
the machine's doing. Elsewhere the clock reports ``None`` and nothing changes.
"""

from __future__ import annotations

import os
import time

__all__ = ["RunQueueClock", "ThreadCpuClock"]


class RunQueueClock:
    """Seconds one thread has spent waiting for a CPU, read from any thread."""

    def __init__(self, native_thread_id: int) -> None:
        try:
            self._fd: int | None = os.open(
                f"/proc/self/task/{native_thread_id}/schedstat", os.O_RDONLY
            )
        except OSError:  # not Linux, or schedstats not compiled in
            self._fd = None

    def read(self) -> float | None:
        """The thread's total run-queue wait so far, or ``None`` where not available."""
        if self._fd is None:
            return None
        try:
            fields = os.pread(self._fd, 128, 0).split()
            return int(fields[1]) / 1e9
        except (OSError, IndexError, ValueError):
            return None

    def close(self) -> None:
        """Release the file descriptor."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


class ThreadCpuClock:
    """CPU seconds one thread has used, read from any thread (``None`` where unsupported).

    Over a stall it tells code that computes (the thread on the CPU all along)
    from code that waits (a sleep, a socket, a lock).
    """

    def __init__(self, thread_ident: int) -> None:
        try:
            self._clock: int | None = time.pthread_getcpuclockid(thread_ident)
        except (AttributeError, OSError):  # Windows, macOS, or a thread that is gone
            self._clock = None

    def read(self) -> float | None:
        """The thread's CPU time so far, or ``None``."""
        if self._clock is None:
            return None
        try:
            return time.clock_gettime(self._clock)
        except OSError:
            return None
