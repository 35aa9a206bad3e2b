"""Offloading under generated work: what users expect from ``asyncio.to_thread`` and a
``ProcessPoolExecutor`` holds for ``tidecord.to_thread`` / ``tidecord.to_process``, and
the cases a bare executor handles badly (a worker that dies, a thing that does not
pickle, a function defined in a bot file ``tidecord run`` loaded) fail one call, clearly,
and leave the pools working."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import multiprocessing
import os
import random
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import tidecord
from tidecord.cli.loader import find_bot, load_module, run_again
from tidecord.ext import commands
from tidecord.health import LoopWatchdog, Offloader, shutdown_offload, to_process, to_thread

from ..ext.parity import both
from . import offload_workloads as work

WORKLOADS = str(Path(work.__file__).resolve())


def line_of(marker: str) -> int:
    lines = Path(WORKLOADS).read_text().splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.endswith(f"# <- {marker}"))


def generated_values(seed: int, count: int) -> list[Any]:
    """Picklable return values of many shapes, some nested, one large."""
    rng = random.Random(seed)

    def leaf() -> Any:
        return rng.choice([
            None, True, rng.randint(-10**40, 10**40), rng.random() * 1e6, -0.0, math.inf,
            "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(0, 40))),
            rng.randbytes(rng.randint(0, 3000)),
        ])

    def value(depth: int) -> Any:
        if depth == 0 or rng.random() < 0.3:
            return leaf()
        kind = rng.choice(["list", "tuple", "dict", "set", "card"])
        items = [value(depth - 1) for _ in range(rng.randint(0, 4))]
        if kind == "list":
            return items
        if kind == "tuple":
            return tuple(items)
        if kind == "dict":
            return {f"k{i}": item for i, item in enumerate(items)}
        if kind == "set":
            return frozenset(str(item) for item in items)
        return work.Card(str(rng.random()), [str(i) for i in items], {"nested": items})

    return [value(4) for _ in range(count)] + [rng.randbytes(8 * 1024 * 1024)]


def here(watchdog: LoopWatchdog) -> list[Any]:
    """Stalls blamed on these tests or their workloads: not those a busy machine made
    (the loop thread waiting for a CPU), nor a garbage collection of the test worker's
    heap, which pauses whatever line runs (150 ms once a worker has run many tests)."""
    mine = (__file__, WORKLOADS)
    return [s for s in watchdog.health.recent if not (s.overloaded or s.collected)
            and any(f.filename in mine for f in s.stack)]


async def test_generated_results_come_back_as_asyncio_to_thread_and_a_process_pool_give_them(
    watch,
):
    values = await to_thread(generated_values, 8, 40)
    watchdog = watch(0.1)
    for value in values:
        # A thread hands back the very object, as asyncio.to_thread does.
        assert await to_thread(work.echo, value) is await asyncio.to_thread(work.echo, value)
    copies = await asyncio.gather(*(to_process(work.echo, value) for value in values))
    assert copies == values
    assert [type(c) for c in copies] == [type(v) for v in values]
    # Keyword arguments named like the API's own parameters are the function's.
    assert await to_thread(work.named, fn=1, func=2) == (1, 2)
    assert await to_process(work.named, fn="a", func="b") == ("a", "b")
    await asyncio.sleep(0.05)
    assert here(watchdog) == []


async def test_exceptions_arrive_with_their_type_message_and_the_raising_line():
    with pytest.raises(work.BotError, match="no such card") as caught:
        await to_thread(work.raise_bot_error, "no such card")
    last = traceback.extract_tb(caught.value.__traceback__)[-1]
    assert (last.filename, last.lineno) == (WORKLOADS, line_of("bot error"))

    with pytest.raises(work.BotError, match="far away") as caught:
        await to_process(work.raise_bot_error, "far away")
    # The worker's traceback comes along as the cause, naming the raising line.
    assert f'{WORKLOADS}", line {line_of("bot error")}' in str(caught.value.__cause__)


async def test_an_exception_that_cannot_be_pickled_is_still_told_with_its_type_and_line():
    # A process pool alone says only "cannot pickle '_thread.lock' object".
    with pytest.raises(RuntimeError) as caught:
        await to_process(work.raise_unpicklable, "the deck is locked")
    told = str(caught.value)
    assert told.startswith("HoldsALock: ('the deck is locked', <unlocked _thread.lock")
    assert f'{WORKLOADS}", line {line_of("unpicklable error")}' in told
    assert await to_process(work.echo, "still working") == "still working"


class Bot(tidecord.Client):
    def score(self, n: int) -> int:
        return n


@pytest.mark.parametrize(("call", "named"), [
    (lambda: to_process(work.echo, lambda: 1), "argument 1 (function)"),
    (lambda: to_process(work.named, fn=1, func=threading.Lock()), "keyword argument func= (lock)"),
    (lambda: to_process(Bot().score, 3), "the function Bot.score"),
    (lambda: to_process(work.echo, 1, (lambda n: lambda: n)(2)), "argument 2 (function)"),
], ids=["lambda", "lock-keyword", "bound-method", "closure"])
async def test_a_thing_that_does_not_pickle_is_named_and_the_pool_goes_on(call, named):
    with pytest.raises(TypeError, match=r"to_process cannot send ") as caught:
        await call()
    assert f"cannot send {named} to a worker process" in str(caught.value)
    assert await to_process(work.echo, 5) == 5


@pytest.mark.parametrize(("fn", "named"), [(work.a_lock, "a_lock returned (lock)"),
                                           (work.a_generator, "a_generator returned (generator)")])
async def test_a_result_that_does_not_pickle_is_named_as_the_result(fn, named):
    # A process pool alone says "cannot pickle '_thread.lock' object", as if of an argument.
    with pytest.raises(TypeError, match=re.escape(f"to_process cannot send back what {named},")):
        await to_process(fn)
    assert await to_process(work.echo, 6) == 6


@pytest.mark.parametrize("death", [(work.exit_abruptly, 3), (work.kill_myself,)])
async def test_a_worker_that_dies_fails_its_call_and_the_next_call_works(death):
    async with Offloader(max_processes=1) as pools:
        first = await pools.to_process(work.nap, 0)
        with pytest.raises(BrokenProcessPool):
            await pools.to_process(*death)
        # A bare ProcessPoolExecutor refuses every later call; the pool is replaced.
        assert await pools.to_process(work.nap, 0) != first
        assert await asyncio.gather(*(pools.to_process(work.echo, i) for i in range(5))) == [
            0, 1, 2, 3, 4]
    assert multiprocessing.active_children() == []


async def test_a_timeout_leaves_the_pools_usable_and_the_late_result_unseen():
    async with Offloader(max_threads=2, max_processes=1) as pools:
        release = threading.Event()
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.1):
                await pools.to_thread(release.wait, 5)
        # A nap well past the timeout: a loaded machine's stall of the test's process
        # (0.4-0.5 s) could otherwise let a 0.5 s nap's answer come in with the timer.
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.3):
                await pools.to_process(work.nap, 1.5)
        release.set()
        assert await pools.to_thread(work.echo, "thread") == "thread"
        assert await pools.to_process(work.echo, "process") == "process"
        assert pools.stats()["threads"]["running"] == 0


async def test_hundreds_of_calls_with_a_semaphore_as_the_guides_teach(watch):
    watchdog = watch(0.1)
    limit = asyncio.Semaphore(20)
    async with Offloader(max_threads=8, max_processes=2) as pools:

        async def one(i: int) -> tuple[int, int]:
            async with limit:
                if i % 25 == 0:
                    return i, await pools.to_process(work.echo, i)
                await pools.to_thread(time.sleep, 0.002)
                return i, await pools.to_thread(work.echo, i)

        results = await asyncio.gather(*(one(i) for i in range(300)))
        assert results == [(i, i) for i in range(300)]
        assert pools.stats()["threads"] == {"size": 8, "queued": 0, "running": 0}
    await asyncio.sleep(0.05)
    assert here(watchdog) == []


_bot_files = itertools.count()

# A bot file as newcomers write them: a helper and a class at module level, the
# offload in a handler, and an unguarded bot.run(...) at the end.
BOT_FILE = '''\
import os
import tidecord


class Result:
    def __init__(self, n):
        self.n = n


def square(result):
    return Result(result.n * result.n)


class Bot(tidecord.Client):
    async def on_message(self, message):
        if message.author == self.user:
            return
        n = int(message.content.removeprefix("!square "))
        try:
            got = await tidecord.to_process(square, Result(n))
        except Exception as exc:
            await message.reply(f"failed: {type(exc).__name__}: {exc}"[:300])
        else:
            await message.reply(f"{type(got).__name__} {got.n}")


intents = tidecord.Intents.default()
intents.message_content = True
Bot(intents=intents).run(os.environ["NO_TOKEN_IN_THIS_TEST"])
'''


@pytest.mark.parametrize("name", ["offload_bot_{}.py", "offload-bot-{}.py"])
async def test_a_function_defined_in_the_bot_file_runs_in_a_worker_process(
    sandbox, tmp_path, name
):
    # tidecord run imports the file as a module (a made-up name when the file's is not
    # an identifier) and stops at its bot.run(...): a worker must load it the same way.
    path = tmp_path / name.format(next(_bot_files))
    await to_thread(path.write_text, BOT_FILE)
    module = await to_thread(load_module, str(path))
    bot = find_bot(module)
    bot.api_url = sandbox.api_url
    task = asyncio.create_task(bot.start(sandbox.token))
    try:
        async with asyncio.timeout(10):
            await bot.wait_until_ready()
        for n in (7, 12):
            await sandbox.send_message("alice", "general", f"!square {n}")
            reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user,
                                                   timeout=15)
            assert reply.content == f"Result {n * n}"
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)
        sys.modules.pop(module.__name__, None)
    assert multiprocessing.active_children() == []


async def test_nothing_is_left_behind_after_shutdown():
    fds = len(os.listdir("/proc/self/fd"))
    await to_thread(work.echo, 1)
    await to_process(work.echo, 1)
    await shutdown_offload()
    assert not [t for t in threading.enumerate() if t.name.startswith("tidecord-")]
    assert multiprocessing.active_children() == []
    assert len(os.listdir("/proc/self/fd")) <= fds + 1  # the spawn resource tracker's pipe


class Cruncher(tidecord.Client):
    """Starts a long computation in a worker process from a handler."""

    async def on_message(self, message: tidecord.Message) -> None:
        if message.author == self.user:
            return
        await message.reply("crunching")
        await tidecord.to_process(work.nap, 30)


async def test_closing_does_not_wait_for_process_work_no_handler_awaits_any_more(sandbox):
    intents = tidecord.Intents.default()
    intents.message_content = True
    bot = Cruncher(intents=intents, api_url=sandbox.api_url)
    task = asyncio.create_task(bot.start(sandbox.token))
    async with asyncio.timeout(10):
        await bot.wait_until_ready()
    await sandbox.send_message("alice", "general", "!crunch")
    await sandbox.wait_for_message(channel="general", author=sandbox.bot_user)
    async with asyncio.timeout(5):
        while not multiprocessing.active_children():  # noqa: ASYNC110 - the worker starts
            await asyncio.sleep(0.02)
    started = time.monotonic()
    await asyncio.wait_for(bot.close(), 10)
    await asyncio.wait_for(task, 10)
    # The handler was cancelled: its worker is stopped, not waited for (30 s).
    assert time.monotonic() - started < 3
    assert multiprocessing.active_children() == []
    assert await to_process(work.echo, "again") == "again"


async def test_shutdown_still_waits_for_process_work_a_caller_awaits():
    pools = Offloader(max_processes=1)
    await pools.to_process(work.nap, 0)
    call = asyncio.create_task(pools.to_process(work.nap, 0.5))
    await asyncio.sleep(0.1)
    await pools.shutdown()
    assert await call > 0


async def test_a_call_made_just_before_shutdown_completes_and_leaves_no_pool_behind():
    await to_process(work.echo, 0)
    # Its large argument is still being pickled when the shutdown begins.
    call = asyncio.create_task(to_process(len, b"x" * 100_000_000))
    await asyncio.sleep(0)
    await shutdown_offload()
    assert await call == 100_000_000
    assert not [t for t in threading.enumerate() if t.name.startswith("tidecord-")]
    assert multiprocessing.active_children() == []


@contextlib.asynccontextmanager
async def bot_process(*argv: str, cwd: Path, env: dict[str, str], stderr: int
                      ) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run a bot in a process of its own session, so that its worker processes can be
    ended with it; at the end, kill it and any worker it left (they hold its output
    pipes) and read what it wrote."""
    process = await asyncio.create_subprocess_exec(
        *argv, cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=stderr,
        start_new_session=True)
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await asyncio.wait_for(process.communicate(), 15)


# A bot file that doubles a number in a worker process after sleeping that many seconds.
DOUBLER_BOT = '''\
import os
import time

import tidecord


def double_after(seconds):
    time.sleep(seconds)
    return seconds * 2


class Bot(tidecord.Client):
    async def on_message(self, message):
        if message.author != self.user:
            got = await tidecord.to_process(double_after, float(message.content))
            await message.reply(f"doubled: {got}")


intents = tidecord.Intents.default()
intents.message_content = True
Bot(intents=intents).run(os.environ["DISCORD_TOKEN"])
'''


# The same, with both workers started for it.
CLI_BOT = DOUBLER_BOT.replace("intents = ", "tidecord.configure_offload(max_processes=2)\n"
                              "intents = ", 1)


async def test_tidecord_run_on_a_bot_file_offloading_its_own_function(tmp_path):
    """The real command on a file whose name is no module name: its function runs in a
    worker, and Ctrl-C during a long computation stops the bot at once, quietly."""
    path = tmp_path / "my-doubler.py"
    await to_thread(path.write_text, CLI_BOT)
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "TIDECORD_API_URL")}
    env["PYTHONUNBUFFERED"] = "1"
    script = Path(sys.executable).with_name("tidecord")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "tidecord.cli"]
    async with bot_process(*argv, "run", str(path), cwd=tmp_path, env=env,
                           stderr=asyncio.subprocess.PIPE) as process:
        assert process.stdout is not None
        base = ""
        async with asyncio.timeout(20):
            while not (line := (await process.stdout.readline()).decode()).startswith(
                    "tidecord: logged in"):
                assert line, "tidecord run ended before the bot logged in"
                if "chat page:" in line:
                    base = line.split()[-1]
        async with aiohttp.ClientSession() as http:

            async def say(content: str) -> None:
                body = {"as": "alice", "channel": "general", "content": content}
                async with http.post(base + "_sandbox/messages", json=body) as response:
                    assert response.status == 200, await response.text()

            async def bot_said() -> list[str]:
                async with http.get(base + "_sandbox/channels/general/messages") as response:
                    return [m["content"] for m in await response.json()
                            if m["author"].get("bot")]

            await say("0.25")
            await say("0.5")  # at once: the two take both workers
            async with asyncio.timeout(20):
                while {"doubled: 0.5", "doubled: 1.0"} - set(await bot_said()):  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
            await say("60")  # a minute's computation in one worker; the other is idle
            await asyncio.sleep(1)
        os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C: the whole group
        started = time.monotonic()
        out, err = await asyncio.wait_for(process.communicate(), 20)
        assert time.monotonic() - started < 10
        assert process.returncode == 0, err.decode()
        assert "Traceback" not in err.decode() and out.decode().rstrip().endswith(
            "tidecord: stopped")


async def test_nested_offloads_and_exits_raised_in_a_worker_as_a_process_pool_gives_them():
    value, worker = await to_process(work.thread_inside_process, {"deep": [1, 2]})
    assert value == {"deep": [1, 2]} and worker != os.getpid()
    loop = asyncio.get_running_loop()
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as reference:
        for call in [(work.raise_system_exit, 4), (work.raise_keyboard_interrupt,)]:
            with pytest.raises(BaseException) as expected:
                await loop.run_in_executor(reference, *call)
            with pytest.raises(BaseException) as got:
                await to_process(*call)
            assert (type(got.value), got.value.args) == (type(expected.value),
                                                          expected.value.args)


def guide_idioms_bot(discord: Any, commands: Any) -> Any:
    """The asyncio idioms the guides teach, each in a prefix command."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def thread(ctx, n: int):
        await ctx.send(f"to_thread: {await asyncio.to_thread(work.square, n)}")

    @bot.command()
    async def executor(ctx, n: int):
        loop = asyncio.get_running_loop()
        await ctx.send(f"default executor: {await loop.run_in_executor(None, work.square, n)}")

    @bot.command()
    async def threads(ctx, n: int):
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(2) as pool:
            got = await asyncio.gather(*(loop.run_in_executor(pool, work.square, i)
                                         for i in range(n)))
        await ctx.send(f"thread pool: {got}")

    @bot.command()
    async def processes(ctx, n: int):
        loop = asyncio.get_running_loop()
        with ProcessPoolExecutor(2) as pool:  # the platform's default start method
            got = await asyncio.gather(*(loop.run_in_executor(pool, work.square, i)
                                         for i in range(n)))
        await ctx.send(f"process pool: {got}")

    @bot.command()
    async def limited(ctx, n: int):
        limit = asyncio.Semaphore(3)

        async def one(i):
            async with limit:
                return await asyncio.to_thread(work.square, i)

        await ctx.send(f"semaphore: {sum(await asyncio.gather(*(one(i) for i in range(n))))}")

    @bot.command()
    async def fails(ctx):
        await asyncio.to_thread(work.raise_bot_error, "the card is gone")

    @bot.command()
    async def slow(ctx):
        try:
            async with asyncio.timeout(0.05):
                await asyncio.to_thread(time.sleep, 0.5)
        except TimeoutError:
            await ctx.send("timed out")

    @bot.event
    async def on_command_error(ctx, error):
        original = getattr(error, "original", error)
        await ctx.send(f"error: {type(original).__name__}: {original}")

    return bot


@pytest.mark.tidecord_strict(False)
# The guide's ProcessPoolExecutor takes the platform's default start method: fork on
# Linux before 3.14, which 3.12 and 3.13 warn about in a process with threads (this
# test's, not a bot's: the sandbox runs beside it).
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded, use of fork"
                            ":DeprecationWarning")
async def test_the_guides_asyncio_idioms_in_commands_answer_as_on_discord_py(
    sandbox_factory, watch
):
    watchdog = watch(0.1)
    lines = [("alice", "general", f"!{command}")
             for command in ["thread 7", "executor 8", "threads 4", "processes 3",
                             "limited 20", "fails", "slow"]]
    said = await both(sandbox_factory, guide_idioms_bot, lines)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][:2] == ["#general: to_thread: 49", "#general: default executor: 64"]
    assert said["tidecord"][-2:] == ["#general: error: BotError: the card is gone",
                                     "#general: timed out"]
    assert [stall for stall in here(watchdog) if not pool_upkeep(stall)] == []


def pool_upkeep(stall: Any) -> bool:
    """A stall of the guide's ``with ProcessPoolExecutor(...)`` starting or stopping its
    workers: a fork and a join on the loop thread, which took 105 to 142 ms in a test
    worker with a large heap. That is the idiom's own cost, the same in both libraries
    (in a bot, tidecord names it, as it should), not what the test checks."""
    return any(frame.name.endswith(".processes") for frame in stall.stack)


async def test_a_bot_file_run_again_by_reload_runs_its_new_code_in_the_workers(tmp_path):
    path = tmp_path / f"reloaded_bot_{next(_bot_files)}.py"
    await to_thread(path.write_text, "def version():\n    return 'first'\n")
    module = await to_thread(load_module, str(path))
    try:
        async with Offloader(max_processes=1) as pools:
            assert await pools.to_process(module.version) == "first"
            slow = asyncio.create_task(pools.to_process(work.nap, 0.3))  # sent before
            # As tidecord run --reload does when the file changes.
            await to_thread(path.write_text, "def version():\n    return 'second'\n")
            fresh = await to_thread(run_again, module)
            sys.modules[module.__name__] = fresh
            assert await pools.to_process(fresh.version) == "second"
            assert await slow > 0  # work the old workers had taken still finishes
    finally:
        sys.modules.pop(module.__name__, None)


async def test_a_reloaded_extension_runs_its_new_code_in_the_workers(tmp_path, monkeypatch):
    name = f"offloading_cog_{next(_bot_files)}"
    path = tmp_path / f"{name}.py"
    source = "def version():\n    return {!r}\n\nasync def setup(bot):\n    pass\n"
    await to_thread(path.write_text, source.format("first"))
    monkeypatch.syspath_prepend(str(tmp_path))  # a spawned worker gets this sys.path too
    bot = commands.Bot(command_prefix="!", intents=tidecord.Intents.default())
    try:
        async with Offloader(max_processes=1) as pools:
            await bot.load_extension(name)
            assert await pools.to_process(sys.modules[name].version) == "first"
            await to_thread(path.write_text, source.format("second"))
            await bot.reload_extension(name)
            assert await pools.to_process(sys.modules[name].version) == "second"
    finally:
        sys.modules.pop(name, None)


async def test_python_bot_py_ending_in_an_unguarded_run_offloads_its_own_function(
    sandbox, tmp_path
):
    """``python bot.py`` as discord.py's README writes it: a spawned worker runs the
    script again (as ``__mp_main__``) to find its function, and must not log in a
    second bot there (on discord.py a fork ProcessPoolExecutor re-runs nothing)."""
    path = tmp_path / "plain_bot.py"
    await to_thread(path.write_text, DOUBLER_BOT)
    env = dict(os.environ, DISCORD_TOKEN=sandbox.token, TIDECORD_API_URL=sandbox.api_url)
    async with bot_process(sys.executable, str(path), cwd=tmp_path, env=env,
                           stderr=asyncio.subprocess.STDOUT) as process:
        async with asyncio.timeout(15):
            while not sandbox.hub.live():  # noqa: ASYNC110 - another process connects
                await asyncio.sleep(0.05)
        await sandbox.send_message("alice", "general", "0.25")
        reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user,
                                               timeout=15)
        assert reply.content == "doubled: 0.5"
        assert len(sandbox.hub.live()) == 1  # the bot's own session only
        process.send_signal(signal.SIGINT)
        out, _ = await asyncio.wait_for(process.communicate(), 15)
        assert process.returncode == 0, out.decode()


async def test_callers_cancelled_at_random_points_leave_nothing_behind():
    rng = random.Random(11)
    async with Offloader(max_threads=4, max_processes=2) as pools:
        calls = [asyncio.create_task(
            pools.to_process(work.nap, rng.choice([0, 0.01, 0.05])) if i % 3 == 0
            else pools.to_thread(time.sleep, rng.choice([0, 0.01, 0.05])))
            for i in range(90)]
        for _ in range(6):
            await asyncio.sleep(rng.random() * 0.05)
            for call in rng.sample(calls, 8):
                call.cancel()
        done = await asyncio.gather(*calls, return_exceptions=True)
        finished = [d for d in done if not isinstance(d, asyncio.CancelledError)]
        assert all(d is None or isinstance(d, int) for d in finished)
        assert pools.stats()["processes"]["in_flight"] == 0
    # Once shut down (a cancelled call's thread may have been still running before).
    assert pools.stats()["threads"] == {"size": 4, "queued": 0, "running": 0}
    assert not [t for t in threading.enumerate() if t.name.startswith("tidecord-")]
    assert multiprocessing.active_children() == []
