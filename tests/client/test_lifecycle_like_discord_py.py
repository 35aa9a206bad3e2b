"""Generated lives of a client, lived on tidecord and on discord.py 2.7.1: started with
``start``, ``async with`` or ``login`` then ``connect``; closed before login, as start
begins, during login, in ``setup_hook``, while the gateway is asked for, in
``on_connect``, ``on_ready`` or a handler, once ready, during a reconnect, or its
start task cancelled; closed once, twice or from two tasks at once; a ``setup_hook``
that raises or cancels; a token refused at login (401) or at identify (4004); started
again after, with or without ``clear()``.

What came out of ``start``, the flags after and what became of those who waited must
match discord.py's, except where discord.py is broken (said at each exception below);
and tidecord must leave nothing behind in any of them: no task, thread, file
descriptor, warning or asyncio complaint.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .. import discordpy_ready
from .lifecycle_plans import Plan, live, plans

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

SEED = 20261204

# discord.py 2.7.1 is broken where a close came before (or while) it logged in: its
# close() set its loop to MISSING, and its start then fails with AttributeError
# ('_MissingSentinel' object has no attribute 'create_future') or aiohttp's
# "Connector is closed."; tidecord's start returns quietly (as after a close in any
# other place), and a start after a finished close starts again.
DISCORD_PY_BROKEN_CLOSERS = {"before_login", "as_start_begins", "during_login"}


def compared(plan: Plan, said: list[str]) -> list[str]:
    """The lines both libraries must agree on. Left out: the waiters (discord.py leaves
    a ``wait_for`` pending forever at close, tidecord cancels it: nothing may wait on a
    closed client) and the second start (discord.py cannot start again after close, not
    even after ``clear()``: "Session is closed")."""
    kept = [line for line in said if not line.startswith(("waiters", "again"))]
    # discord.py closed in on_ready (or just as it became ready) may still say it is
    # ready: its ready flag is set after the close cleared it. A closed tidecord client
    # is never ready (check_tidecord).
    return [line.replace("closed=True ready=True", "closed=True ready=False")
            for line in kept]


def check_tidecord(plan: Plan, said: list[str]) -> None:
    """What tidecord must do in every plan, whatever discord.py does."""
    closed = [line for line in said if line.startswith("after: closed=True")]
    assert not any(line.startswith("after: closed=True ready=True") for line in said), said
    if closed:  # a closed client has nobody waiting on wait_for
        waiters = next(line for line in said if line.startswith("waiters"))
        assert "pending" not in waiters.partition(",")[2], waiters
    if plan.closer in DISCORD_PY_BROKEN_CLOSERS and plan.hook == "ok" and not plan.refused:
        # A close that came first, or while logging in: start returns quietly (having
        # opened nothing more if the close was still under way), and the client is
        # closed.
        said = [line for line in said if not line.startswith("still running")]
        assert said[1:3] == ["start: returned", "after: closed=True ready=False user="
                             f"{plan.closer == 'before_login'}"], said
    if plan.again is not None:
        last = [line for line in said if line.startswith("again: start")][-1]
        # The hook's failure or refusal comes in the second life when the first never
        # reached setup_hook; else the second start runs until closed.
        assert last in ("again: start returned", "again: start cancelled",
                        "again: start LookupError: the hook broke",
                        "again: start ConnectionClosed 4004"), said


@pytest.mark.parametrize("batch", range(3))
async def test_generated_lives_match_discord_py_and_leave_nothing(
        sandbox_factory: Callable[..., Any], batch: int) -> None:
    for plan in plans(SEED + batch, 12):
        lives = {}
        for library in ("tidecord", "discord.py"):
            lives[library] = await live(library, await sandbox_factory(), plan)
        ours, theirs = lives["tidecord"], lives["discord.py"]
        assert ours.left == [], (str(plan), ours.said, ours.left)
        check_tidecord(plan, ours.said)
        if plan.closer not in DISCORD_PY_BROKEN_CLOSERS:
            assert compared(plan, ours.said) == compared(plan, theirs.said), str(plan)


async def test_more_generated_lives_on_tidecord_alone_leave_nothing(
        sandbox_factory: Callable[..., Any]) -> None:
    """More plans than the comparison can afford, with what tidecord must do alone."""
    for plan in plans(SEED * 7, 24):
        ours = await live("tidecord", await sandbox_factory(), plan)
        assert ours.left == [], (str(plan), ours.said, ours.left)
        check_tidecord(plan, ours.said)


# A program of its own, as users write them: run(), asyncio.run(start()) without
# `async with`, or asyncio.run() of login() then connect(); closed in setup_hook or
# on_ready. When asyncio.run ends, whatever the client still had running is cancelled
# and its leftovers complain on stderr as the process ends: there must be none.
PROGRAM = """
import asyncio, gc, os, runpy, sys
library, entry, closer = sys.argv[1:4]
if library == "tidecord":
    import logging
    import tidecord as discord
    # The loop watchdog's word on a stall of a loaded machine ("event loop blocked for
    # 486 ms outside any task") is no leftover: kept off stderr, the rest of it stays.
    logging.getLogger("tidecord.health").addHandler(logging.NullHandler())
else:
    import discord, yarl
    discord.http.Route.BASE = os.environ["API_URL"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["GATEWAY_URL"])
    runpy.run_path(os.environ["READY_AT_ONCE"])["install"]()

class Bot(discord.Client):
    async def setup_hook(self):
        if closer == "setup_hook":
            await self.close()
        elif closer == "setup_hook_raises":
            raise LookupError("the hook broke")

    async def on_ready(self):
        if closer == "on_ready":
            await self.close()

bot = Bot(intents=discord.Intents.default())
if library == "tidecord":
    bot.api_url = os.environ["API_URL"]
token = os.environ["BOT_TOKEN"]
if entry == "run":
    bot.run(token, log_handler=None)
elif entry == "start":
    asyncio.run(bot.start(token))
elif entry == "start_in_two_loops":
    asyncio.run(bot.start(token))
    print(f"closed={bot.is_closed()} ready={bot.is_ready()}", end="; ")
    asyncio.run(bot.start(token))
else:
    async def main():
        await bot.login(token)
        await bot.connect()
    asyncio.run(main())
print(f"closed={bot.is_closed()} ready={bot.is_ready()}")
del bot  # what it left unclosed complains now
gc.collect()
"""


async def run_program(library: str, sb: Any, entry: str, closer: str, program: Any,
                      token: str | None = None) -> str:
    env = {**os.environ, "API_URL": sb.api_url, "GATEWAY_URL": sb.gateway_url,
           "BOT_TOKEN": token or sb.token, "READY_AT_ONCE": str(discordpy_ready.PATH)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-W", "error::ResourceWarning", "-W", "always::RuntimeWarning",
        str(program), library, entry, closer, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    return f"[exit {proc.returncode}] {out.decode().strip()} | stderr: {err.decode().strip()}"


@pytest.mark.parametrize("closer", ["setup_hook", "on_ready"])
@pytest.mark.parametrize("entry", ["run", "start", "login_then_connect"])
async def test_a_program_closed_in_a_hook_ends_as_on_discord_py_and_leaves_nothing(
        sandbox_factory: Callable[..., Any], tmp_path: Path, entry: str, closer: str) -> None:
    program = tmp_path / "bot.py"
    program.write_text(PROGRAM)
    sb = await sandbox_factory()
    said = {library: await run_program(library, sb, entry, closer, program)
            for library in ("tidecord", "discord.py")}
    # discord.py closed in on_ready may still say it is ready (see compared()).
    theirs = said["discord.py"].replace("closed=True ready=True", "closed=True ready=False")
    assert said["tidecord"] == theirs.partition(" | ")[0] + " | stderr: ", (closer, said)


@pytest.mark.parametrize("closer", ["setup_hook", "on_ready"])
async def test_a_client_closed_starts_again_in_a_new_event_loop_and_leaves_nothing(
        sandbox_factory: Callable[..., Any], tmp_path: Path, closer: str) -> None:
    # A script (or a test suite) that runs the same client under two asyncio.run().
    # discord.py 2.7.1 cannot: its close() dropped the loop, and the second start
    # ends in a CancelledError out of __aexit__ (or "Session is closed" after clear()).
    program = tmp_path / "bot.py"
    program.write_text(PROGRAM)
    sb = await sandbox_factory()
    said = await run_program("tidecord", sb, "start_in_two_loops", closer, program)
    assert said == "[exit 0] closed=True ready=False; closed=True ready=False | stderr: "
    assert sb.gateway_report()["identifies"] == (2 if closer == "on_ready" else 0)


@pytest.mark.parametrize("entry", ["start", "login_then_connect"])
async def test_a_refused_token_ends_a_program_as_on_discord_py_and_leaves_no_socket(
        sandbox_factory: Callable[..., Any], tmp_path: Path, entry: str) -> None:
    # asyncio.run(bot.start(token)) without `async with`, nor a close: the refusal ends
    # the program. discord.py 2.7.1 leaves the connection it asked on open (unclosed
    # transport and socket, as ResourceWarnings); tidecord let it go.
    program = tmp_path / "bot.py"
    program.write_text(PROGRAM)
    sb = await sandbox_factory()
    said = {library: await run_program(library, sb, entry, "none", program, "MTIz.refused")
            for library in ("tidecord", "discord.py")}
    for library, text in said.items():
        assert text.startswith("[exit 1]  | stderr: Traceback"), (library, text)
        assert ".LoginFailure: Improper token has been passed.\n" in text + "\n", (library, text)
    # Its traceback and nothing after: not the exit by a signal (-41) the loop
    # watchdog's timer made as Python shut down, no unclosed socket.
    assert said["tidecord"].endswith("LoginFailure: Improper token has been passed."), said
    assert "ResourceWarning: unclosed" in said["discord.py"]  # see above


@pytest.mark.parametrize("entry", ["start", "login_then_connect"])
async def test_a_hook_that_raises_ends_a_program_as_on_discord_py(
        sandbox_factory: Callable[..., Any], tmp_path: Path, entry: str) -> None:
    # The client started, is never closed, and the program ends on the hook's error:
    # both end with its traceback, exit 1 (tidecord's loop watchdog, left running,
    # must not end the process by its timer's signal as Python shuts down).
    program = tmp_path / "bot.py"
    program.write_text(PROGRAM)
    sb = await sandbox_factory()
    said = {library: await run_program(library, sb, entry, "setup_hook_raises", program)
            for library in ("tidecord", "discord.py")}
    for library, text in said.items():
        assert text.startswith("[exit 1]  | stderr: Traceback"), (library, text)
        assert "\nLookupError: the hook broke" in text, (library, text)
    # discord.py's unclosed session and connector follow its traceback; nothing, ours.
    assert said["tidecord"].endswith("\nLookupError: the hook broke"), said
