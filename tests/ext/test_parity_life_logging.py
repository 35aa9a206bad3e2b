"""Logging and run() as in discord.py 2.7.1: how ``run`` sets up logging and lets a
refusal out, the layout of ``setup_logging``'s lines, which loggers the library's own
lines (logging in, a shard connected or resumed) and the default error output go to, and
the warning for a prefix bot without the message content intent.

Log lines are compared by logger (the library's name left out), level and, for the
error output, message and exception; the startup lines' words are each library's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import re
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands
from tidecord.sandbox import Sandbox

from .parity import LIBRARIES, converse, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

LIFE = Path(__file__).with_name("programs") / "life"
LAUNCH = LIFE.parent / "launch_discordpy.py"
MODULES = {"tidecord": (tidecord, td_commands), "discord.py": (dpy, dpy_commands)}


@contextlib.contextmanager
def library_records(library: str, level: int = logging.INFO) -> Any:
    """The records the library's loggers write meanwhile (at ``level`` and above)."""
    logger = logging.getLogger("tidecord" if library == "tidecord" else "discord")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(level)
    handler.emit = records.append  # type: ignore[method-assign]
    before = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before)


def logger_of(record: logging.LogRecord) -> str:
    """The record's logger without the library's name: ``.client``, ``.ext.commands.bot``."""
    return "." + record.name.partition(".")[2]


# -- run() and logging ----------------------------------------------------------------


def discord_py_copy(program: Path, folder: Path) -> Path:
    """``program`` for discord.py, in ``folder``: only its imports change."""
    copy = folder / program.name
    copy.write_text(program.read_text(encoding="utf-8")
                    .replace("import tidecord as discord", "import discord")
                    .replace("from tidecord.ext import", "from discord.ext import"),
                    encoding="utf-8")
    return copy


async def run_program(library: str, sb: Sandbox, program: Path, tmp_path: Path,
                      **env: str) -> str:
    """What ``program`` prints, run as a process on ``library`` (only its imports
    rewritten for discord.py), with ``env`` added to its environment."""
    if library == "tidecord":
        argv = [sys.executable, str(program)]
    else:
        copy = await asyncio.to_thread(discord_py_copy, program, tmp_path)
        argv = [sys.executable, str(LAUNCH), str(copy)]
    env = {**os.environ, "BOT_TOKEN": sb.token, "TIDECORD_API_URL": sb.api_url,
           "SANDBOX_API_URL": sb.api_url, "SANDBOX_GATEWAY_URL": sb.gateway_url,
           "PYTHONDONTWRITEBYTECODE": "1", **env}
    proc = await asyncio.create_subprocess_exec(
        *argv, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    if not env.get("UNCAUGHT"):
        assert proc.returncode == 0, err.decode()[-3000:]
    return out.decode() + (f"[exit {proc.returncode}] {err.decode()}" if proc.returncode else "")


async def test_run_sets_up_logging_as_discord_py(sandbox: Sandbox, tmp_path: Path) -> None:
    said = {library: await run_program(library, sandbox, LIFE / "run_logging.py", tmp_path)
            for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"]
    lines = said["tidecord"].splitlines()
    assert "default: library logger INFO ['StreamHandler(default)']" in lines
    # log_handler=None: the program sets logging up itself, run touches nothing.
    assert "no handler: library logger NOTSET []" in lines
    assert "formatter: library logger INFO ['StreamHandler(given)']" in lines
    assert "handler at debug on root: root logger DEBUG ['StreamHandler(given)']" in lines
    # Logging in is said at INFO, by the client's logger.
    assert "caught: INFO .client" in lines


async def test_a_refused_bot_raises_out_of_run_as_in_discord_py(
        sandbox_factory: Callable[..., Any], tmp_path: Path) -> None:
    # An application without the message content intent, as on a fresh portal page.
    strict = await sandbox_factory(privileged_intents=[])
    program = LIFE / "refused.py"
    said = {library: await run_program(library, strict, program, tmp_path)
            for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"] == (
        "caught LoginFailure: Improper token has been passed.\n"
        "caught PrivilegedIntentsRequired for shard None\n")
    # Where tidecord adds to discord.py: uncaught, the refusal is one line, not a traceback.
    uncaught = await run_program("tidecord", strict, program, tmp_path, UNCAUGHT="1")
    assert uncaught.endswith("[exit 1] tidecord: Improper token has been passed.\n"), uncaught


CONFIGURED = """
import logging, os
import tidecord as discord
logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")
class Bot(discord.Client):
    async def setup_hook(self):
        await self.close()
Bot(intents=discord.Intents.default()).run(os.environ["BOT_TOKEN"])
"""


async def test_run_leaves_a_program_s_own_logging_alone(sandbox: Sandbox,
                                                         tmp_path: Path) -> None:
    """Where tidecord differs on purpose: after ``logging.basicConfig()``, discord.py's
    ``run`` adds its own handler too and every line of the library comes out twice."""
    program = tmp_path / "configured.py"
    await asyncio.to_thread(program.write_text, CONFIGURED, encoding="utf-8")
    env = {**os.environ, "BOT_TOKEN": sandbox.token, "TIDECORD_API_URL": sandbox.api_url}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(program), env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    logged_in = [line for line in err.decode().splitlines() if "logged in as" in line]
    assert logged_in == [f"tidecord.client logged in as {sandbox.bot_user.username} "
                         f"(id {sandbox.bot_user.id})"]


# -- what the library logs, and where ---------------------------------------------------


def erring_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    class Tools(commands.Cog):
        async def cog_command_error(self, ctx: Any, error: Exception) -> None:
            await ctx.send(f"the cog handled {type(error).__name__}")

        @commands.command()
        async def spanner(self, ctx: Any) -> None:
            raise KeyError("no spanner")

    @bot.command()
    async def boom(ctx: Any) -> None:
        raise ValueError("it broke")

    @bot.command()
    async def fine(ctx: Any) -> None:
        await ctx.send("fine")

    @bot.listen("on_message")
    async def fragile(message: Any) -> None:
        if message.content == "fragile":
            raise RuntimeError("the listener broke")

    @bot.event
    async def setup_hook() -> None:
        await bot.add_cog(Tools())

    return bot


async def test_startup_lines_and_default_error_output_use_discord_py_s_loggers(
        sandbox_factory: Callable[..., Any]) -> None:
    logged: dict[str, list[tuple[str, ...]]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        with library_records(library) as records:
            async with running(library, sb, erring_bot):
                startup = sorted({(logger_of(r), r.levelname) for r in records
                                  if r.levelno == logging.INFO})
                await converse(sb, [("alice", "general", "!boom", 0),
                                    ("alice", "general", "!nosuch", 0),
                                    ("alice", "general", "!spanner"),
                                    ("alice", "general", "fragile", 0),
                                    ("alice", "general", "!fine")])
                async with asyncio.timeout(5):
                    while sum(r.levelno >= logging.ERROR for r in records) < 3:  # noqa: ASYNC110
                        await asyncio.sleep(0.01)
        errors = sorted((logger_of(r), r.levelname, r.getMessage(),
                         type(r.exc_info[1]).__name__ if r.exc_info else "-")
                        for r in records if r.levelno >= logging.ERROR)
        logged[library] = [*startup, *errors]
    assert logged["tidecord"] == logged["discord.py"]
    assert logged["tidecord"] == [
        (".client", "INFO"), (".gateway", "INFO"),  # logged in; the shard connected
        (".client", "ERROR", "Ignoring exception in on_message", "RuntimeError"),
        (".ext.commands.bot", "ERROR", "Ignoring exception in command None",
         "CommandNotFound"),
        (".ext.commands.bot", "ERROR", "Ignoring exception in command boom",
         "CommandInvokeError"),
    ]


@contextlib.asynccontextmanager
async def logged_in(library: str, sb: Sandbox, bot: Any) -> AsyncIterator[Any]:
    """``bot`` logged in to ``sb`` (no gateway), closed after."""
    old = dpy.http.Route.BASE
    if library == "tidecord":
        bot.api_url = sb.api_url
    else:
        dpy.http.Route.BASE = sb.api_url
    try:
        await bot.login(sb.token)
        yield bot
    finally:
        await bot.close()
        dpy.http.Route.BASE = old


async def test_a_prefix_bot_without_message_content_is_warned_as_on_discord_py(
        sandbox: Sandbox) -> None:
    warned: dict[str, list[tuple[str, str]]] = {}
    for library in LIBRARIES:
        discord, commands = MODULES[library]
        for prefix in ("!", commands.when_mentioned, commands.when_mentioned_or("!")):
            bot = commands.Bot(command_prefix=prefix, intents=discord.Intents.default())
            with library_records(library, logging.WARNING) as records:
                async with logged_in(library, sandbox, bot):
                    pass
            warned.setdefault(library, []).extend(
                (logger_of(r), r.levelname) for r in records if "intent" in r.getMessage())
    assert warned["tidecord"] == warned["discord.py"]
    # "!" and when_mentioned_or("!") need what messages say; a mention alone does not.
    assert warned["tidecord"] == [(".ext.commands.bot", "WARNING")] * 2


def test_setup_logging_writes_discord_py_s_lines_off_a_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # discord.py colours in a container even off a terminal; outside one it does not,
    # which is the case compared here (tidecord colours only on a terminal).
    monkeypatch.setattr(dpy.utils, "is_docker", lambda: False)
    written = {}
    for library in LIBRARIES:
        name = "tidecord" if library == "tidecord" else "discord"
        stream = io.StringIO()
        logger = logging.getLogger(name)
        before = list(logger.handlers), logger.level
        try:
            MODULES[library][0].utils.setup_logging(handler=logging.StreamHandler(stream),
                                                    root=False)
            logging.getLogger(f"{name}.client").warning("the hose burst")
        finally:
            logger.handlers[:], level = before
            logger.setLevel(level)
        written[library] = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "<time>",
                                  stream.getvalue().replace(name, "<library>"))
    assert written["tidecord"] == written["discord.py"] == (
        "[<time>] [WARNING ] <library>.client: the hose burst\n")


def resuming_bot(resumed: asyncio.Event) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())

        @bot.event
        async def on_resumed() -> None:
            resumed.set()

        return bot
    return setup


async def test_a_resumed_session_is_said_at_info_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    said: dict[str, list[tuple[str, str]]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        resumed = asyncio.Event()
        async with running(library, sb, resuming_bot(resumed)):
            with library_records(library) as records:
                await sb.send_reconnect()  # op 7: reconnect and resume
                async with asyncio.timeout(10):
                    await resumed.wait()
        said[library] = [(logger_of(r), r.levelname) for r in records
                         if "resumed" in r.getMessage().lower()]
    assert said["tidecord"] == said["discord.py"] == [(".gateway", "INFO")]
