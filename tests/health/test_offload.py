"""Offloading is one call: results, exceptions and cancellation cross the boundary cleanly."""

# ruff: noqa: ASYNC251 - blocking handlers are the point: they run off the loop

import asyncio
import contextvars
import inspect
import os
import threading
import time

import pytest

from tidecord.health import (
    LoopWatchdog,
    Offloader,
    Stall,
    blocking,
    configure_offload,
    home,
    is_blocking,
    shutdown_offload,
    to_process,
    to_thread,
)

from .health_workloads import crunch, fail, pid_after, touch


def stalls_here(watchdog: LoopWatchdog) -> list[Stall]:
    """Stalls blamed on this file (a loaded machine may add stalls of its own, unblamed)."""
    return [s for s in watchdog.health.recent
            if any(f.filename == __file__ for f in s.stack)]


request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


async def test_to_thread_returns_the_result_and_keeps_context_variables():
    request_id.set("r42")

    def work(a: int, *, b: int) -> tuple[int, str, bool]:
        return a + b, request_id.get(), threading.current_thread() is threading.main_thread()

    assert await to_thread(work, 1, b=2) == (3, "r42", False)


async def test_to_thread_raises_the_functions_exception():
    with pytest.raises(ValueError, match="bad idea"):
        await to_thread(fail, "bad idea")


async def test_cancelling_a_to_thread_caller_discards_running_work_and_drops_queued_work(
    tmp_path,
):
    release = threading.Event()
    async with Offloader(max_threads=1) as pools:
        running = asyncio.create_task(pools.to_thread(release.wait, 5))
        queued = asyncio.create_task(pools.to_thread(touch, str(tmp_path / "queued-ran")))
        await asyncio.sleep(0.05)

        started = time.monotonic()
        running.cancel()
        queued.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        with pytest.raises(asyncio.CancelledError):
            await queued
        # The caller did not wait for the thread (which waits 5 s for the release below);
        # the bound leaves room for a loaded machine's stalls of 0.4-0.5 s.
        assert time.monotonic() - started < 3.0
        release.set()
    # The pool was drained on exit: the queued call never ran.
    assert not (tmp_path / "queued-ran").exists()


async def test_to_process_runs_in_another_process_and_raises_its_exception():
    assert await to_process(pid_after, 0) != os.getpid()
    assert await to_process(crunch, 0.05) > 0
    with pytest.raises(ValueError, match="from afar") as caught:
        await to_process(fail, "from afar")
    assert "fail" in str(caught.value.__cause__)  # the child's traceback comes along


async def test_cancelling_a_to_process_caller_cancels_work_not_yet_started(tmp_path):
    async with Offloader(max_processes=1) as pools:
        await pools.to_process(pid_after, 0)  # the worker process is up
        busy = asyncio.create_task(pools.to_process(pid_after, 0.8))
        # While the worker is busy, two more calls fit in the pool's call queue
        # (those count as started); the next one waits in the executor.
        queued = [asyncio.create_task(pools.to_process(pid_after, 0)) for _ in range(2)]
        waiting = asyncio.create_task(pools.to_process(touch, str(tmp_path / "waiting-ran")))
        await asyncio.sleep(0.2)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert await busy > 0
        assert all(await asyncio.gather(*queued))
    assert not (tmp_path / "waiting-ran").exists()


async def test_shutdown_releases_the_pools_and_they_come_back_on_next_use():
    await to_thread(time.sleep, 0)
    assert any(t.name.startswith("tidecord-offload") for t in threading.enumerate())
    await shutdown_offload()
    assert not any(t.name.startswith("tidecord-offload") for t in threading.enumerate())
    assert await to_thread(sum, [1, 2]) == 3
    await shutdown_offload()


async def test_a_blocking_sync_handler_runs_in_a_worker_thread_without_stalling(watch):
    watchdog = watch(0.1)

    class Bot:
        @blocking
        def on_message(self, content: str) -> str:
            time.sleep(0.3)
            return f"{content} from {threading.current_thread().name}"

    bot = Bot()
    assert is_blocking(Bot.on_message)
    assert inspect.iscoroutinefunction(bot.on_message)  # the dispatcher just awaits it
    reply = await bot.on_message("hello")
    assert reply.startswith("hello from tidecord-offload")
    await asyncio.sleep(0.05)
    assert stalls_here(watchdog) == []


async def test_a_blocking_async_handler_runs_on_a_private_loop_and_awaits_home(watch):
    watchdog = watch(0.1)
    client_loop = asyncio.get_running_loop()

    async def reply(text: str) -> tuple[str, bool]:
        return text, asyncio.get_running_loop() is client_loop

    @blocking
    async def on_message(text: str) -> tuple[bool, tuple[str, bool]]:
        time.sleep(0.3)  # only the worker thread waits
        away = asyncio.get_running_loop() is not client_loop
        return away, await home(reply(text))

    assert await on_message("hi") == (True, ("hi", True))
    await asyncio.sleep(0.05)
    assert stalls_here(watchdog) == []


async def test_cancelling_a_blocking_async_handler_cancels_it_on_its_private_loop():
    seen = threading.Event()
    entered = threading.Event()

    @blocking
    async def on_message() -> None:
        entered.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            seen.set()
            raise

    task = asyncio.create_task(on_message())
    await to_thread(entered.wait, 2)
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await to_thread(seen.wait, 2)


@pytest.mark.parametrize("size", [{"max_threads": 0}, {"max_threads": -1},
                                  {"max_processes": 0}, {"max_threads": "4"}])
async def test_a_bad_pool_size_is_refused_where_it_is_given(size: dict[str, object]) -> None:
    (name,) = size
    with pytest.raises(ValueError, match=name):
        Offloader(**size)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=name):
        configure_offload(**size)  # type: ignore[arg-type]
    try:
        assert await asyncio.wait_for(to_thread(sum, [1, 2]), 10) == 3
    finally:
        await shutdown_offload()


async def test_the_pools_say_how_many_calls_wait_and_run():
    release = threading.Event()
    async with Offloader(max_threads=1) as pools:
        calls = [asyncio.create_task(pools.to_thread(release.wait, 10)) for _ in range(3)]
        async with asyncio.timeout(5):
            # Polled: the counts are plain ints the worker threads update.
            while pools.stats()["threads"] != {"size": 1, "queued": 2, "running": 1}:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        calls[2].cancel()  # a queued call given up is queued no more
        await asyncio.gather(calls[2], return_exceptions=True)
        assert pools.stats()["threads"]["queued"] == 1
        release.set()
        assert await asyncio.gather(*calls[:2]) == [True, True]
        assert pools.stats()["threads"] == {"size": 1, "queued": 0, "running": 0}
        assert pools.stats()["processes"]["in_flight"] == 0
