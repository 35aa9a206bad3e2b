"""A bot's life as in discord.py 2.7.1: how ``run`` sets up logging and lets a refusal
out, which loggers the library's own lines and the default error output go to, the
warning for a prefix bot without message content, a bot started, talked to and stopped,
its loop read before and after, and an auto-sharded bot's shard events. (Extensions and
cogs: ``test_parity_life_extensions.py``.)

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


# -- a bot's life, and its events ----------------------------------------------------------


def living_bot(seen: list[str]) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        class Bot(commands.Bot):
            async def setup_hook(self) -> None:
                seen.append(f"setup_hook: ready={self.is_ready()} user={self.user is not None}")
                self.waiter = asyncio.create_task(self.note_ready())

            async def note_ready(self) -> None:
                await self.wait_until_ready()
                # Kept apart: whether this or on_ready comes first is the loop's choice.
                self.waited = f"wait_until_ready from setup_hook: ready={self.is_ready()}"

            async def on_connect(self) -> None:
                seen.append("on_connect")

            async def on_ready(self) -> None:
                seen.append(f"on_ready: ready={self.is_ready()}")

            async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
                kind, error, _ = sys.exc_info()
                name = kind.__name__ if kind else None
                await args[0].send(f"on_error {event_method} ({args[0].name}, {kwargs}): "
                                   f"{name}: {error}")

        async def prefix(bot: Any, message: Any) -> list[str]:  # an async prefix function
            return commands.when_mentioned_or("!")(bot, message)

        intents = discord.Intents.default()
        intents.message_content = True
        bot = Bot(command_prefix=prefix, intents=intents, help_command=None,
                  case_insensitive=True, strip_after_prefix=True)
        seen.append(f"before login: user={bot.user} ready={bot.is_ready()} "
                    f"closed={bot.is_closed()}")

        @bot.command()
        async def ask(ctx: Any) -> None:
            await ctx.send("which seeds?")
            answer = await bot.wait_for(
                "message", check=lambda m: m.author == ctx.author and m.channel == ctx.channel,
                timeout=5)
            await ctx.send(f"planting {answer.content}")

        @bot.command()
        async def hurry(ctx: Any) -> None:
            try:
                await bot.wait_for("message", check=lambda m: False, timeout=0.1)
            except TimeoutError as exc:  # asyncio.TimeoutError is the builtin one
                await ctx.send(f"gave up: {type(exc).__name__}")

        @bot.command()
        async def party(ctx: Any) -> None:
            bot.dispatch("garden_party", ctx.channel, flower="roses")

        @bot.event
        async def on_garden_party(channel: Any, flower: str) -> None:
            await channel.send(f"a party with {flower}")

        @bot.listen("on_garden_party")
        async def also_at_the_party(channel: Any, flower: str) -> None:
            seen.append(f"the listener came to the party too, with {flower}")

        @bot.command()
        async def oops(ctx: Any) -> None:
            bot.dispatch("mishap", ctx.channel, hose="green")

        @bot.event
        async def on_mishap(channel: Any, hose: str) -> None:
            raise LookupError(f"the {hose} hose burst")

        async def echo(message: Any) -> None:
            if message.content == "echo?":
                await message.channel.send("echo!")

        bot.add_listener(echo, "on_message")

        @bot.command()
        async def hush(ctx: Any) -> None:
            bot.remove_listener(echo, "on_message")
            await ctx.send("hushed")

        @bot.event
        async def on_message(message: Any) -> None:
            await message.channel.send("the first on_message")

        @bot.event  # type: ignore[no-redef]
        async def on_message(message: Any) -> None:  # noqa: F811 - replaces the first one
            await bot.process_commands(message)

        return bot
    return setup


async def test_a_bot_lives_as_on_discord_py(sandbox_factory: Callable[..., Any]) -> None:
    lives: dict[str, tuple[list[str], list[str]]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        seen: list[str] = []
        async with running(library, sb, living_bot(seen)) as bot:
            said = await converse(sb, [
                ("alice", "general", "!ask"), ("bob", "general", "not alice", 0),
                ("alice", "general", "tulips"),
                ("alice", "general", "!  HURRY"),
                ("alice", "general", lambda sb: f"<@{sb.bot_user.id}>   party"),
                ("alice", "general", "!oops"),
                ("alice", "general", "echo?"), ("alice", "general", "!hush"),
                ("alice", "general", "echo?", 0),
            ])
            await bot.waiter
        seen.append(bot.waited)
        seen.append(f"closed: {bot.is_closed()} ready: {bot.is_ready()}")
        await bot.close()  # a second close does nothing more
        seen.append(f"closed again: {bot.is_closed()}")
        lives[library] = (seen, said)
    assert lives["tidecord"] == lives["discord.py"]
    seen, said = lives["tidecord"]
    assert seen[:4] == ["before login: user=None ready=False closed=False",
                        "setup_hook: ready=False user=True", "on_connect",
                        "on_ready: ready=True"]
    assert "#general: gave up: TimeoutError" in said
    assert ("#general: on_error on_mishap (general, {'hose': 'green'}): LookupError: "
            "the green hose burst") in said


def loop_readings(library: str) -> list[str]:
    discord, commands = MODULES[library]
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    said = [f"before: has a loop attribute: {hasattr(bot, 'loop')}"]
    try:
        _ = bot.loop.create_task
    except AttributeError as exc:
        said.append(f"before, asked for create_task: AttributeError: {exc}")

    async def inside() -> str:
        async with bot:
            return f"inside async with: the running loop: {bot.loop is asyncio.get_running_loop()}"

    said.append(asyncio.run(inside()))
    try:
        _ = bot.loop.create_task
    except AttributeError:
        said.append("after, asked for create_task: AttributeError")
    return said


def test_the_loop_reads_as_in_discord_py_before_during_and_after() -> None:
    said = {library: loop_readings(library) for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][1].startswith("before, asked for create_task: AttributeError: "
                                          "loop attribute cannot be accessed")


def sharded_bot(seen: list[str]) -> Callable[[Any, Any], Any]:
    def setup(discord: Any, commands: Any) -> Any:
        class Bot(commands.AutoShardedBot):
            async def on_connect(self) -> None:
                seen.append("on_connect")

            async def on_shard_connect(self, shard_id: int) -> None:
                seen.append(f"on_shard_connect {shard_id}")

            async def on_shard_ready(self, shard_id: int) -> None:
                seen.append(f"on_shard_ready {shard_id}")

            async def on_ready(self) -> None:
                seen.append(f"on_ready: shards {sorted(self.shards)}")

        return Bot(command_prefix="!", intents=discord.Intents.default())
    return setup


async def test_an_auto_sharded_bot_hears_of_its_shards_as_on_discord_py(
        sandbox_factory: Callable[..., Any]) -> None:
    heard: dict[str, list[str]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        heard[library] = seen = []
        async with running(library, sb, sharded_bot(seen)):
            async with asyncio.timeout(5):
                while not any(line.startswith("on_ready") for line in seen):  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
    assert heard["tidecord"] == heard["discord.py"] == [
        "on_connect", "on_shard_connect 0", "on_shard_ready 0", "on_ready: shards [0]"]


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


def test_an_application_id_given_is_known_before_login(
        caplog: pytest.LogCaptureFixture) -> None:
    known = {}
    with caplog.at_level(logging.WARNING):
        for library in LIBRARIES:
            discord, commands = MODULES[library]
            bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(),
                               application_id=1234)
            known[library] = bot.application_id
    assert known["tidecord"] == known["discord.py"] == 1234
    assert not [r for r in caplog.records if "ignores" in r.getMessage()]


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
