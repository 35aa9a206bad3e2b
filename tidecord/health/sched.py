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

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

__all__ = ["RunQueueClock", "ThreadCpuClock", "asleep_in_a_call", "others_waiting",
           "own_switches", "waited_since"]


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
        both = self.read_both()
        return None if both is None else both[1]

    def read_both(self) -> tuple[float, float] | None:
        """The thread's (CPU time, run-queue wait) so far, or ``None``."""
        if self._fd is None:
            return None
        try:
            fields = os.pread(self._fd, 128, 0).split()
            return int(fields[0]) / 1e9, int(fields[1]) / 1e9
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


def others_waiting(native_thread_id: int) -> dict[str, float] | None:
    """The run-queue wait so far of each of the process's other threads (by id), or
    ``None`` where not available; see ``waited_since`` for the difference.

    While the loop thread runs Python code, another thread that wants the GIL gets
    it handed over, and the loop thread sleeps until that thread has taken it
    (CPython's forced switch) and let it go: when that thread waits for a CPU,
    the loop thread waits too, asleep, so its own run-queue wait does not show it.
    """
    waits = {}
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return None
    for task in tasks:
        if task == str(native_thread_id):
            continue
        try:
            with open(f"/proc/self/task/{task}/schedstat", "rb") as file:
                waits[task] = int(file.read().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            continue  # a thread that has just ended
    return waits


def waited_since(before: dict[str, float], now: dict[str, float]) -> float:
    """Seconds the threads of both readings waited for a CPU in between, in total
    (a thread that started or ended meanwhile is left out)."""
    return sum(max(0.0, now[task] - wait) for task, wait in before.items() if task in now)


def asleep_in_a_call(native_thread_id: int) -> bool:
    """Whether the thread sleeps in the kernel on something other than a futex:
    ``time.sleep``, a socket, a pipe, ``select()`` (a futex is the GIL, or a lock).

    ``False`` when running, waiting for a CPU, or not known.
    """
    try:
        with open(f"/proc/self/task/{native_thread_id}/wchan", "rb") as file:
            where = file.read().strip()
    except OSError:
        return False
    return where not in (b"", b"0") and not where.startswith(b"futex")


_THREAD = getattr(resource, "RUSAGE_THREAD", None)  # Linux


def own_switches() -> int | None:
    """How many times the calling thread has gone to sleep so far (its voluntary context
    switches), or ``None`` where not counted.

    A thread held up because the process was stopped sleeps once; one waiting for the
    GIL wakes every switch interval (5 ms) to ask for it, sleeping again each time.
    """
    if _THREAD is None:
        return None
    return int(resource.getrusage(_THREAD).ru_nvcsw)
