"""Generated lives of a client: how it is started, where and how it is closed, what
its ``setup_hook`` does, what waits on it meanwhile, and whether it is started again.

``live(library, sandbox, plan)`` lives one :class:`Plan` with tidecord or discord.py
2.7.1 and returns a :class:`Life`: what came out of ``start`` (and of the waiters),
the flags after, and what was left behind (tasks, threads, file descriptors, warnings
and asyncio's complaints about destroyed tasks or unclosed sessions).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import random
import threading
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord as dpy
import yarl

import tidecord
from tidecord.sandbox import Sandbox

from ..discordpy_ready import ready_at_once

ENTRIES = ("start", "async_with", "login_then_connect")
# Where close() comes: before login; just after the task that starts was made (before
# it ran); while GET /users/@me is held; inside setup_hook; while GET /gateway/bot is
# held; in before_identify_hook; in on_connect; in on_ready; in an on_message handler;
# from the test once ready; right after the gateway connection dropped (a reconnect).
# "cancel": the task running start() is cancelled once ready, and nobody closes.
CLOSERS = ("before_login", "as_start_begins", "during_login", "in_setup_hook",
           "during_gateway_ask", "before_identify", "on_connect", "on_ready", "in_handler",
           "after_ready", "during_reconnect", "cancel")
HOW = ("once", "twice", "two_tasks")
HOOKS = ("ok", "raises", "cancels")
REFUSALS = (None, "token", "gateway")  # a 401 at login, or 4004 at identify
AGAIN = (None, "start", "clear_then_start")


@dataclass(frozen=True)
class Plan:
    entry: str
    closer: str
    how: str
    hook: str
    refused: str | None
    again: str | None

    def __str__(self) -> str:
        return (f"{self.entry}/{self.closer}/{self.how}/hook={self.hook}/"
                f"refused={self.refused}/again={self.again}")


def plans(seed: int, count: int) -> list[Plan]:
    """``count`` plans drawn with ``seed``."""
    rng = random.Random(seed)
    # Mostly a hook that works and a token accepted: else close has no chance to come.
    return [Plan(rng.choice(ENTRIES), rng.choice(CLOSERS), rng.choice(HOW),
                 rng.choices(HOOKS, (6, 1, 1))[0], rng.choices(REFUSALS, (6, 1, 1))[0],
                 rng.choice(AGAIN))
            for _ in range(count)]


@dataclass
class Life:
    """What one plan did, as comparable text, and what it left behind."""

    said: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


def outcome(task: asyncio.Task[Any] | None) -> str:
    if task is None:
        return "not started"
    if not task.done():
        return "pending"
    if task.cancelled():
        return "cancelled"
    error = task.exception()
    if error is None:
        return "returned"
    if isinstance(error, (dpy.ConnectionClosed, tidecord.ConnectionClosed)):
        # tidecord's 4004 is a TokenRefused, a ConnectionClosed (as discord.py's) that
        # is also a LoginFailure, worded its own way.
        return f"ConnectionClosed {error.code}"
    return f"{type(error).__name__}: {error}"


def _the_sandbox_s(task: asyncio.Task[Any]) -> bool:
    """A task of the sandbox's web server (a request it still holds), not the bot's."""
    code = getattr(task.get_coro(), "cr_code", None)
    return code is not None and "aiohttp/web_" in code.co_filename


def fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _point_at(library: str, sb: Sandbox) -> Any:
    if library == "tidecord":
        return tidecord
    dpy.http.Route.BASE = sb.api_url
    dpy.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sb.gateway_url)
    return dpy


def _gateway_bot(sb: Sandbox) -> bytes:
    return json.dumps({"url": sb.gateway_url, "shards": 1, "session_start_limit": {
        "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}}).encode()


async def live(library: str, sb: Sandbox, plan: Plan) -> Life:
    life = Life()
    said = life.said
    loop = asyncio.get_running_loop()
    complaints: list[str] = []
    old_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _, context: complaints.append(str(context["message"])))
    before_tasks = asyncio.all_tasks()
    before_threads = {t.ident for t in threading.enumerate()}
    before_fds = fds()
    client: Callable[[], Any] = lambda: None  # noqa: E731
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            client = await _live(library, sb, plan, said)
        finally:
            gc.collect()
            await asyncio.sleep(0.05)
            gc.collect()
            loop.set_exception_handler(old_handler)
        # The sandbox closes its side of each socket a moment later.
        for _ in range(50):
            if fds() <= before_fds:
                break
            await asyncio.sleep(0.02)
    left = life.left
    tasks = [t.get_name() + " " + repr(t.get_coro())[:80]
             for t in asyncio.all_tasks() - before_tasks
             if not t.done() and not _the_sandbox_s(t)]
    left += [f"task {name}" for name in tasks]
    left += [f"thread {t.name}" for t in threading.enumerate() if t.ident not in before_threads]
    if fds() > before_fds:
        left.append(f"{fds() - before_fds} more fds")
    left += [f"{w.category.__name__}: {w.message}"[:160] for w in caught]
    left += [f"complaint: {c}"[:160] for c in complaints]
    if library == "tidecord" and client() is not None:  # closed, and nobody holds it
        left.append("the client: never freed")
    return life


async def _live(library: str, sb: Sandbox, plan: Plan, said: list[str]
                ) -> weakref.ref[Any]:
    """Live ``plan``; returns the client, known weakly."""
    discord = _point_at(library, sb)
    reached: list[str] = []
    waiters: list[asyncio.Task[Any]] = []
    closers: list[asyncio.Task[Any]] = []

    async def close(bot: Any) -> None:
        reached.append(f"close: {plan.closer}")
        if plan.how == "once":
            await bot.close()
        elif plan.how == "twice":
            await bot.close()
            await bot.close()
        else:
            await asyncio.gather(bot.close(), bot.close())

    class Bot(discord.Client):  # type: ignore[misc,name-defined]  # either library's
        async def setup_hook(self) -> None:
            if reached.count("setup_hook"):
                return  # the second start's: plain
            reached.append("setup_hook")
            waiters.append(asyncio.create_task(self.wait_until_ready(), name="test:waiter"))
            waiters.append(asyncio.create_task(self.wait_for("never"), name="test:waiter"))
            if plan.refused == "gateway":
                sb.state.token = sb.state.token + "x"  # the identify is refused (4004)
                sb.answer_next_rest(1, 200, _gateway_bot(sb),
                                    {"Content-Type": "application/json"})
            elif plan.closer == "during_gateway_ask":
                sb.slow_next_rest(1, seconds=0.6)
                closers.append(asyncio.create_task(later(self, 0.1), name="test:closer"))
            if plan.hook == "raises":
                raise LookupError("the hook broke")
            if plan.hook == "cancels":
                task = asyncio.current_task()
                assert task is not None
                task.cancel()
                await asyncio.sleep(0)
            if plan.closer == "in_setup_hook":
                await close(self)

        async def before_identify_hook(self, shard_id: int | None, *,
                                       initial: bool = False) -> None:
            if plan.closer == "before_identify":
                await close(self)

        async def on_connect(self) -> None:
            if plan.closer == "on_connect":
                await close(self)

        async def on_ready(self) -> None:
            if plan.closer == "on_ready":
                await close(self)

        async def on_message(self, message: Any) -> None:
            if plan.closer == "in_handler":
                await close(self)

    async def later(bot: Any, delay: float) -> None:
        await asyncio.sleep(delay)
        await close(bot)

    bot = Bot(intents=discord.Intents.default())
    if library == "tidecord":
        bot.api_url = sb.api_url
    good = sb.token
    token = good if plan.refused != "token" else "MTIz.refused.token"

    async def run() -> None:
        if plan.entry == "start":
            await bot.start(token)
        elif plan.entry == "login_then_connect":
            await bot.login(token)
            await bot.connect()
        else:
            async with bot:
                await bot.start(token)

    if library != "tidecord":
        # Before login, as the plan may ask: discord.py's waits need its loop set up.
        await bot._async_setup_hook()
        ready_at_once(bot._connection)
    if plan.closer == "before_login":
        await close(bot)
    if plan.closer == "during_login":
        sb.slow_next_rest(1, seconds=0.6)
        closers.append(asyncio.create_task(later(bot, 0.1), name="test:closer"))
    task = asyncio.create_task(run(), name="test:run")
    if plan.closer == "as_start_begins":
        await close(bot)
    await _until_ready_or_done(bot, task)
    if not task.done() and plan.closer in ("after_ready", "in_handler", "during_reconnect",
                                            "cancel"):
        await _until_ready_or_done(bot, task)
        if bot.is_ready() and not task.done():
            if plan.closer == "after_ready":
                await close(bot)
            elif plan.closer == "in_handler":
                await sb.send_message("alice", "general", "close, please")
            elif plan.closer == "during_reconnect":
                await sb.drop_connections(4000)
                await asyncio.sleep(0.01)
                await close(bot)
            else:
                task.cancel()
    # A close planned in a handler comes within a few loop turns of ready.
    await asyncio.wait([task], timeout=1 if bot.is_ready() else 5)
    if not task.done():  # the plan's close never came (its point was never reached)
        said.append(f"still running, ready={bot.is_ready()}; the test closes it")
        await bot.close()
        await asyncio.wait([task], timeout=5)
    if closers:  # let a close from its own task end (cancelled, discord.py's breaks)
        await asyncio.wait(closers, timeout=5)
    said.append(f"close reached: {[r for r in reached if r.startswith('close')][:1]}")
    said.append(f"start: {outcome(task)}")
    said.append(f"after: closed={bot.is_closed()} ready={bot.is_ready()} "
                f"user={bot.user is not None}")
    await asyncio.sleep(0.05)
    said.append("waiters: " + ", ".join(outcome(w) for w in waiters))
    for waiter in waiters:
        waiter.cancel()
    if plan.again is not None:
        if plan.again == "clear_then_start":
            bot.clear()
        said.append(f"again: closed={bot.is_closed()} ready={bot.is_ready()}")
        sb.state.token = good
        sb.faults.clear()
        again = asyncio.create_task(bot.start(good), name="test:again")
        await _until_ready_or_done(bot, again)
        said.append(f"again: start {outcome(again)}, ready={bot.is_ready()}")
        await bot.close()
        await asyncio.wait([again], timeout=5)
        said.append(f"again: start {outcome(again)}")
    if not bot.is_closed():
        said.append("left open: the test closes it")
        await bot.close()
    for waiter in waiters:  # the second life's too
        waiter.cancel()
        with contextlib.suppress(BaseException):
            await waiter
    return weakref.ref(bot)


async def _until_ready_or_done(bot: Any, task: asyncio.Task[Any]) -> None:
    for _ in range(300):
        if task.done() or bot.is_ready():
            return
        await asyncio.sleep(0.01)
