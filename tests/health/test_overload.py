"""The watchdog measures, for every stall, how long the loop thread waited for a CPU.

On a loaded machine (several test runs at once on two cores) the loop thread can
sit in the run queue for hundreds of milliseconds at any line. Strict mode excuses
such a stall only if the wait was measured; these tests check it is measured for
the stalls that used to go without it: one that begins before the watchdog's first
calm moment, and one that the final tick of ``stop()`` ends.

A loop thread running Python code also waits, asleep, for the GIL it must hand to
another thread of the process (CPython's forced switch): when that thread itself
waits for a CPU, the stall is the machine's too, though not in the loop thread's
own run-queue wait. A loop thread asleep in a call (``time.sleep``, a socket) is
not waiting for the GIL, and its stall stays the line's.
"""

# ruff: noqa: ASYNC251 - these scenarios block the loop on purpose

import asyncio
import socket
import threading
import time
from pathlib import Path

import pytest

from tidecord.health import LoopWatchdog
from tidecord.health import watchdog as watchdog_module
from tidecord.health.sampling import Ended, StallInProgress
from tidecord.health.sched import asleep_in_a_call

pytestmark = pytest.mark.skipif(
    not Path("/proc/thread-self/schedstat").exists(), reason="Linux's run-queue accounting"
)


def the_stall(watchdog: LoopWatchdog, at_least: float) -> list[float | None]:
    return [s.waiting for s in watchdog.health.recent if s.duration >= at_least]


async def test_a_stall_that_begins_as_the_watchdog_starts_has_its_cpu_wait_measured() -> None:
    # Strict mode starts the watchdog and runs the test at once: a busy machine can
    # hold up its very first lines, before the first tick and the sampler's first look.
    watchdog = LoopWatchdog(0.1, gil_fallback=None)
    watchdog.start()
    try:
        time.sleep(0.25)
        await asyncio.sleep(0.1)
    finally:
        watchdog.stop()
    waits = the_stall(watchdog, 0.2)
    assert len(waits) == 1 and waits[0] is not None
    assert 0.0 <= waits[0] <= 0.3


async def test_a_stall_that_stop_ends_has_its_cpu_wait_measured() -> None:
    watchdog = LoopWatchdog(0.1, gil_fallback=None)
    watchdog.start()
    try:
        await asyncio.sleep(0.1)
        time.sleep(0.25)
    finally:
        watchdog.stop()  # its last tick ends the stall, after the sampler has gone
    waits = the_stall(watchdog, 0.2)
    assert len(waits) == 1 and waits[0] is not None


def test_the_gil_handed_to_a_thread_waiting_for_a_cpu_counts_as_the_machines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Measured under load: a 133 ms stall of a loop doing json.loads, its thread on a
    # CPU 5 ms and in the run queue 69 ms, asleep the rest, while the watchdog's own
    # thread (handed the GIL) waited 118 ms for a CPU.
    watchdog = LoopWatchdog(0.1)  # never started: driven by hand
    watchdog._loop_native_id = threading.get_native_id()
    readings = iter([{"7": 1.0, "8": 0.5}, {"7": 1.118}])  # thread 8 ended meanwhile
    monkeypatch.setattr(watchdog_module, "others_waiting", lambda _: next(readings))
    stall = StallInProgress(10.0)
    stall.others = next(readings)
    ended = Ended(10.0, 10.133, 0.133, waiting=0.069, running=0.005)
    assert watchdog._off_cpu(ended, stall) == pytest.approx(0.069 + 0.059)  # asleep: 59 ms

    # Asleep in a call, the loop thread was not waiting for the GIL: only its own wait.
    readings = iter([{"7": 1.118}])
    stall.in_call = True
    assert watchdog._off_cpu(ended, stall) == pytest.approx(0.069)


def test_a_thread_asleep_in_a_call_is_told_from_one_on_the_gil_or_a_cpu() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    server, _ = listener.accept()
    stop = threading.Event()

    def computing() -> None:
        while not stop.is_set():
            sum(range(100))

    threads = [threading.Thread(target=time.sleep, args=(0.5,)),
               threading.Thread(target=server.recv, args=(1,)),
               threading.Thread(target=computing)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.1)
        sleeper, reader, computer = (thread.native_id or 0 for thread in threads)
        assert asleep_in_a_call(sleeper)
        assert asleep_in_a_call(reader)
        # Running, or asleep on the GIL this thread holds now: not in a call.
        deadline = time.monotonic() + 0.05
        while time.monotonic() < deadline:
            assert not asleep_in_a_call(computer)
    finally:
        stop.set()
        client.sendall(b"x")
        for thread in threads:
            thread.join()
        for sock in (client, server, listener):
            sock.close()
