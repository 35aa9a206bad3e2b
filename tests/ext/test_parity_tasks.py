"""One tasks program, run on ``discord.ext.tasks`` and on ``tidecord.ext.tasks``: a
loop's life (start, a second start, count, before and after, stop, cancel,
restart), its error handling, its settings and their errors, and loops bound to a
cog's instances all read the same on both."""

from __future__ import annotations

import asyncio
import datetime
import importlib
from collections.abc import Callable
from typing import Any

import pytest

Log = Callable[[str], None]


async def _life(tasks: Any, log: Log) -> None:
    @tasks.loop(seconds=0.01, count=3)
    async def counted() -> None:
        log(f"iteration {counted.current_loop} running={counted.is_running()} "
            f"next={type(counted.next_iteration).__name__}")

    @counted.before_loop
    async def before() -> None:
        log("before")

    @counted.after_loop
    async def after() -> None:
        log(f"after cancelled={counted.is_being_cancelled()} failed={counted.failed()} "
            f"loop={counted.current_loop}")

    task = counted.start()
    log(f"start gives a {type(task).__name__}")
    with pytest.raises(RuntimeError) as twice:
        counted.start()
    log(f"started twice: {twice.value}")
    await task
    log(f"ended running={counted.is_running()} loop={counted.current_loop} "
        f"next={counted.next_iteration}")

    @tasks.loop(seconds=10)
    async def slow() -> None:
        log("slow iteration")

    @slow.after_loop
    async def slow_after() -> None:
        log(f"slow after cancelled={slow.is_being_cancelled()}")

    slow.start()
    await asyncio.sleep(0.02)
    slow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await slow.get_task()
    log(f"slow running={slow.is_running()}")

    @tasks.loop(seconds=0.01)
    async def stopping() -> None:
        log(f"stopping {stopping.current_loop}")
        if stopping.current_loop == 1:
            stopping.stop()
            log(f"asked to stop: running={stopping.is_running()} "
                f"cancelling={stopping.is_being_cancelled()}")

    await stopping.start()

    @tasks.loop(seconds=0.01, count=2)
    async def restarted() -> None:
        log(f"restarted {restarted.current_loop}")

    finished = asyncio.Event()

    @restarted.after_loop
    async def restarted_after() -> None:
        log(f"restarted after cancelled={restarted.is_being_cancelled()}")
        if not restarted.is_being_cancelled():
            finished.set()

    restarted.start()
    await asyncio.sleep(0.005)
    restarted.restart()
    await finished.wait()


async def _errors(tasks: Any, log: Log) -> None:
    @tasks.loop(seconds=0.01)
    async def failing(value: int) -> None:
        log(f"failing with {value}")
        raise ValueError("bad")

    @failing.error
    async def on_failure(*args: Any) -> None:
        log(f"handler got {[type(arg).__name__ for arg in args]}")

    with pytest.raises(ValueError):
        await failing.start(7)
    log(f"failed={failing.failed()} running={failing.is_running()}")

    @tasks.loop(seconds=0.01, count=1)
    async def typed() -> None:
        pass

    log(f"add {typed.add_exception_type(KeyError)} remove "
        f"{typed.remove_exception_type(KeyError)} again {typed.remove_exception_type(KeyError)}")
    with pytest.raises(TypeError) as not_an_exception:
        typed.add_exception_type(int)
    log(f"not an exception type: {not_an_exception.value}")


async def _settings(tasks: Any, log: Log) -> None:
    @tasks.loop(minutes=1)
    async def minutely() -> None:
        pass

    log(f"interval {minutely.seconds} {minutely.minutes} {minutely.hours} {minutely.time}")
    minutely.change_interval(seconds=5)
    log(f"changed {minutely.seconds} {minutely.minutes} {minutely.hours}")
    with pytest.raises(ValueError) as negative:
        minutely.change_interval(seconds=-1)
    log(f"negative: {negative.value}")
    with pytest.raises(TypeError) as plain:
        tasks.loop(seconds=1)(lambda: None)
    log(f"not a coroutine function: {plain.value}")

    @tasks.loop(time=[datetime.time(3, 0), datetime.time(1, 30, tzinfo=datetime.UTC)])
    async def daily() -> None:
        pass

    log(f"times {daily.time}")


async def _in_a_cog(tasks: Any, log: Log) -> None:
    class Cog:
        def __init__(self) -> None:
            self.runs = 0
            self.job.start()

        @tasks.loop(seconds=0.01, count=2)
        async def job(self) -> None:
            self.runs += 1

        @job.after_loop
        async def job_after(self) -> None:
            log(f"cog loop ended after {self.runs}")

    first, second = Cog(), Cog()
    log(f"each instance its own loop: {first.job is not second.job}, "
        f"{type(Cog.job).__name__}")
    await asyncio.gather(first.job.get_task(), second.job.get_task())


@pytest.mark.parametrize("part", [_life, _errors, _settings, _in_a_cog])
async def test_a_tasks_program_reads_the_same_on_both(part: Any) -> None:
    said: dict[str, list[str]] = {}
    for library in ("discord", "tidecord"):
        tasks = importlib.import_module(f"{library}.ext.tasks")
        said[library] = []
        await asyncio.wait_for(part(tasks, said[library].append), 10)
    assert said["tidecord"] == said["discord"]
    assert said["tidecord"]
