"""Bots that block the loop the way users write them, generated from a seed and run on
the sandbox with the client's own watchdog.

Every place user code runs (event and raw event handlers, prefix, hybrid and slash
commands, checks, converters, invoke hooks, the error handler, cog listeners,
cog_load, setup_hook, an extension's setup, a tasks.loop and its before_loop, view
buttons, selects and interaction_check, a modal's on_submit, autocomplete, a wait_for
check) blocks once, with one kind of block (time.sleep, a CPU loop, a socket read, a
subprocess, a thread lock, a backtracking regex) at one depth (in the handler, in a
helper of another module of the bot, inside an installed library's call). Each must
give one warning, naming the bot's own line and the handler, with advice that names
the call; the bot goes on answering others. For one case of each kind the advice's
own fix is applied to the bot, which then runs without a warning. The opposite too:
a large guild, a firehose of messages and the library's own member walks give none.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import random
import re
import selectors
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tidecord.gateway import compression, shard
from tidecord.health import LoopWatchdog, Stall, shutdown_offload
from tidecord.health.frames import FrameInfo
from tidecord.health.sampling import Ended, StallInProgress
from tidecord.sandbox import Sandbox
from tidecord.sandbox.world import World

from .sandbox_thread import SandboxThread

# These bots block the loop on purpose: strict mode would stop them at the first stall.
pytestmark = [pytest.mark.tidecord_strict(False), pytest.mark.timeout(60),
              # Discord's heartbeat is tens of seconds: a stall here is a warning, not the
              # error one near the heartbeat interval would be.
              pytest.mark.sandbox(heartbeat_interval=41250)]

SEED = 20261204
KINDS = ("sleep", "cpu", "sock", "subprocess", "lock", "regex")
DEPTHS = ("direct", "helper", "library")
# place -> (how the warning names the handler, whether it is an async def of the bot's)
PLACES: dict[str, tuple[str, bool]] = {
    "on_message": ("in task 'tidecord:on_message'", True),
    "raw": ("in task 'tidecord:on_raw_reaction_add'", True),
    "prefix": ("in command 'pre'", True),
    "hybrid": ("in command 'hyb'", True),
    "slash": ("in app command 'sl'", True),
    "check": ("in command 'chk'", False),
    "converter": ("in command 'conv'", True),
    "before_invoke": ("in command 'hook'", True),
    "after_invoke": ("in command 'hook'", True),
    "error_handler": ("in task 'tidecord:on_command_error'", True),
    "cog_listener": ("in task 'tidecord:on_message' (MyCog.on_message)", True),
    "button": ("in view 'View'", True),
    "select": ("in view 'View'", True),
    "interaction_check": ("in view 'View'", True),
    "modal": ("in modal 'Form'", True),
    "autocomplete": ("in autocomplete 'ac'", True),
    "wait_for": ("in wait_for check 'message'", False),
    "on_ready": ("in task 'tidecord:on_ready'", True),
    "setup_hook": ("in task 'tidecord:setup_hook'", True),
    "cog_load": ("in task 'tidecord:setup_hook'", True),
    "extension": ("in task 'tidecord:setup_hook'", True),
    "loop": ("in task 'tidecord-ext-tasks: ticker'", True),
    "before_loop": ("in task 'tidecord-ext-tasks: ticker'", True),
}
AT_STARTUP = {"on_ready", "setup_hook", "cog_load", "extension", "loop", "before_loop"}
# The helpers' functions run plain (no await there), so their fix is at the call.
IN_A_PROCESS = {"cpu", "regex"}

# The blocking statement written in the handler itself; the last line blocks.
DIRECT = {
    "sleep": ["time.sleep(0.3)"],
    "cpu": ["_end = time.perf_counter() + 0.3",
            "while time.perf_counter() < _end: pass"],
    "sock": ["_a, _b = socket.socketpair()", "blocky_helpers.later(_b.send, b'x')",
             "_a.recv(1)"],
    "subprocess": ["subprocess.run(['sleep', '0.3'])"],
    "lock": ["_lock = threading.Lock(); _lock.acquire()",
             "blocky_helpers.later(_lock.release)", "_lock.acquire()"],
    "regex": ["re.match(r'(a+)+$', 'a' * 23 + 'b')"],
}
# What the advice tells to write instead (a fragment of the warning), for a direct block.
INSTEAD = {
    "sleep": "`await asyncio.sleep(seconds)`",
    "cpu": "`await tidecord.to_process(fn, ...)`",
    "sock": "`reader, writer = await asyncio.open_connection(host, port)`",
    "subprocess": "`await asyncio.create_subprocess_exec(...)`, then `await process.communicate()`",
    "lock": "`await tidecord.to_thread(fn, ...)`",
    "regex": "`await tidecord.to_process(fn, ...)`",
}
# That advice, applied: the handler's lines once fixed.
FIXED_DIRECT = {
    "sleep": ["await asyncio.sleep(0.3)"],
    "cpu": ["await tidecord.to_process(blocky_helpers.block_cpu)"],
    "sock": ["_a, _b = socket.socketpair()", "blocky_helpers.later(_b.send, b'x')",
             "_reader, _writer = await asyncio.open_connection(sock=_a)",
             "await _reader.read(1)", "_writer.close()"],
    "subprocess": ["_process = await asyncio.create_subprocess_exec('sleep', '0.3')",
                   "await _process.communicate()"],
    "lock": ["_lock = threading.Lock(); _lock.acquire()",
             "blocky_helpers.later(_lock.release)", "await tidecord.to_thread(_lock.acquire)"],
    "regex": ["await tidecord.to_process(blocky_helpers.block_regex)"],
}

HELPERS = '''
import re, socket, subprocess, threading, time


def later(fn, *args):
    timer = threading.Timer(0.3, fn, args)
    timer.daemon = True
    timer.start()


def block_sleep():
    time.sleep(0.3)  # <- helper sleep


def block_cpu():
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end: pass  # <- helper cpu


def block_sock():
    a, b = socket.socketpair()
    later(b.send, b"x")
    a.recv(1)  # <- helper sock
    a.close(), b.close()


def block_subprocess():
    subprocess.run(["sleep", "0.3"])  # <- helper subprocess


def block_lock():
    lock = threading.Lock()
    lock.acquire()
    later(lock.release)
    lock.acquire()  # <- helper lock


def block_regex():
    return bool(re.match(r"(a+)+$", "a" * 23 + "b"))  # <- helper regex
'''

# An installed library (its path has site-packages in it) that blocks deep inside.
SLOWLIB = '''
import re, socket, subprocess, threading, time


def _later(fn, *args):
    timer = threading.Timer(0.3, fn, args)
    timer.daemon = True
    timer.start()


def _wait(seconds):
    time.sleep(seconds)


def fetch_sleep():
    _wait(0.3)


def fetch_cpu():
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:
        pass


def fetch_sock():
    a, b = socket.socketpair()
    _later(b.send, b"x")
    return a.recv(1)


def fetch_subprocess():
    subprocess.run(["sleep", "0.3"])


def fetch_lock():
    lock = threading.Lock()
    lock.acquire()
    _later(lock.release)
    lock.acquire()


def fetch_regex():
    return bool(re.match(r"(a+)+$", "a" * 23 + "b"))
'''

BOT = '''
import asyncio, re, socket, subprocess, threading, time
import tidecord
import tidecord as discord
from tidecord.ext import commands, tasks
from tidecord import app_commands, ui
import blocky_helpers, slowlib

PLACE = {place!r}


class Conv(commands.Converter):
    async def convert(self, ctx, argument):
        if PLACE == "converter":
            {{block:converter}}
        return argument


def pred(ctx):
    if PLACE == "check":
        {{block:check}}
    return True


class View(ui.View):
    async def interaction_check(self, interaction):
        if PLACE == "interaction_check":
            {{block:interaction_check}}
        return True

    @ui.button(label="go", custom_id="go")
    async def go(self, interaction, button):
        if PLACE == "button":
            {{block:button}}
        await interaction.response.send_message("clicked")

    @ui.select(custom_id="pick", options=[discord.SelectOption(label="a")])
    async def pick(self, interaction, select):
        if PLACE == "select":
            {{block:select}}
        await interaction.response.send_message("picked")


class Form(ui.Modal, title="form"):
    name = ui.TextInput(label="name", custom_id="name")

    async def on_submit(self, interaction):
        if PLACE == "modal":
            {{block:modal}}
        await interaction.response.send_message("submitted")


class MyCog(commands.Cog):
    async def cog_load(self):
        if PLACE == "cog_load":
            {{block:cog_load}}

    @commands.Cog.listener()
    async def on_message(self, message):
        if PLACE == "cog_listener" and message.content == "go":
            {{block:cog_listener}}


class Bot(commands.Bot):
    async def setup_hook(self):
        if PLACE == "setup_hook":
            {{block:setup_hook}}
        await self.add_cog(MyCog())
        if PLACE == "extension":
            await self.load_extension({extension!r})
        if PLACE in ("loop", "before_loop"):
            ticker.start()


bot = Bot(command_prefix="!", intents=discord.Intents.all(), help_command=None)


@tasks.loop(seconds=0.5, count=1)
async def ticker():
    if PLACE == "loop":
        {{block:loop}}


@ticker.before_loop
async def before_ticker():
    if PLACE == "before_loop":
        {{block:before_loop}}


@bot.event
async def on_ready():
    if PLACE == "on_ready":
        {{block:on_ready}}


@bot.event
async def on_message(message):
    if PLACE == "on_message" and message.content == "go":
        {{block:on_message}}
    if message.content == "ping":
        await message.channel.send("pong")
    await bot.process_commands(message)


@bot.event
async def on_raw_reaction_add(payload):
    if PLACE == "raw":
        {{block:raw}}


@bot.command()
async def pre(ctx):
    if PLACE == "prefix":
        {{block:prefix}}
    await ctx.send("pre done")


@bot.hybrid_command()
async def hyb(ctx):
    if PLACE == "hybrid":
        {{block:hybrid}}
    await ctx.send("hyb done")


@bot.tree.command()
async def sl(interaction: discord.Interaction):
    if PLACE == "slash":
        {{block:slash}}
    await interaction.response.send_message("sl done")


@bot.tree.command()
async def form(interaction: discord.Interaction):
    await interaction.response.send_modal(Form())


async def complete(interaction, current):
    if PLACE == "autocomplete":
        {{block:autocomplete}}
    return [app_commands.Choice(name="x", value="x")]


@bot.tree.command()
@app_commands.autocomplete(thing=complete)
async def ac(interaction: discord.Interaction, thing: str):
    await interaction.response.send_message(thing)


@bot.command()
@commands.check(pred)
async def chk(ctx):
    await ctx.send("chk done")


@bot.command()
async def conv(ctx, x: Conv):
    await ctx.send("conv done")


@bot.command()
async def hook(ctx):
    await ctx.send("hook done")


@hook.before_invoke
async def before_hook(ctx):
    if PLACE == "before_invoke":
        {{block:before_invoke}}


@hook.after_invoke
async def after_hook(ctx):
    if PLACE == "after_invoke":
        {{block:after_invoke}}


@bot.command()
async def err(ctx):
    raise ValueError("boom")


@bot.event
async def on_command_error(ctx, error):
    if PLACE == "error_handler":
        {{block:error_handler}}
    await ctx.send("error handled")


@bot.command()
async def menu(ctx):
    await ctx.send("menu", view=View())


@bot.command()
async def waiter(ctx):
    def check(message):
        if PLACE == "wait_for" and message.content == "answer":
            {{block:wait_for}}
        return message.content == "answer"

    await ctx.send("waiting")
    await bot.wait_for("message", check=check, timeout=5)
    await ctx.send("got answer")
'''

EXTENSION = '''
import asyncio, re, socket, subprocess, threading, time
import tidecord
import blocky_helpers, slowlib


async def setup(bot):
    {block:extension}
'''


@dataclass(frozen=True)
class Case:
    place: str
    kind: str
    depth: str
    fix: bool = False  # also apply the advice and run again

    def __str__(self) -> str:
        return f"{self.place}-{self.kind}-{self.depth}" + ("-fixed" if self.fix else "")

    @property
    def statement(self) -> list[str]:
        if self.depth == "direct":
            return DIRECT[self.kind]
        module = "blocky_helpers.block_" if self.depth == "helper" else "slowlib.fetch_"
        return [f"{module}{self.kind}()"]

    @property
    def fixed(self) -> list[str]:
        if self.depth == "direct":
            return FIXED_DIRECT[self.kind]
        offload = "to_process" if self.kind in IN_A_PROCESS else "to_thread"
        return [f"await tidecord.{offload}({self.statement[0].removesuffix('()')})"]

    @property
    def instead(self) -> str:
        """What the warning must say to write instead."""
        offload = "to_process" if self.kind in IN_A_PROCESS else "to_thread"
        callee = self.statement[0].removesuffix("()")
        if self.depth == "library" and self.kind != "cpu":
            return f"`await tidecord.{offload}({callee}, ...)`"
        if self.depth == "helper" and PLACES[self.place][1]:
            return f"`await tidecord.{offload}({callee}, ...)` runs it off the loop"
        return INSTEAD[self.kind]


def generated_cases(seed: int) -> list[Case]:
    """Every place once, the kinds and depths dealt out so that each comes up, in an
    order the seed decides; one case of each kind, at an async place, is also fixed."""
    rng = random.Random(seed)
    places = list(PLACES)
    rng.shuffle(places)
    kinds = [KINDS[i % len(KINDS)] for i in range(len(places))]
    depths = [DEPTHS[i % len(DEPTHS)] for i in range(len(places))]
    rng.shuffle(kinds)
    rng.shuffle(depths)
    cases = [Case(p, k, d) for p, k, d in zip(places, kinds, depths, strict=True)]
    fixed: set[str] = set()
    out = []
    for case in cases:
        if case.kind not in fixed and PLACES[case.place][1] and case.place not in AT_STARTUP:
            fixed.add(case.kind)
            case = Case(case.place, case.kind, case.depth, fix=True)
        out.append(case)
    return out


CASES = generated_cases(SEED)


def test_the_generated_sweep_covers_every_place_kind_and_depth():
    assert {c.place for c in CASES} == set(PLACES)
    assert {c.kind for c in CASES} == set(KINDS) == {c.kind for c in CASES if c.fix}
    assert {c.depth for c in CASES} == set(DEPTHS)


def indent_blocks(source: str, place: str, lines: list[str]) -> str:
    """``source`` with ``place``'s ``{block:place}`` line replaced by ``lines`` at its
    indent (the last of them carrying the ``# <- block`` marker), every other place's
    by ``pass``."""
    out = []
    for text in source.splitlines():
        slot = re.fullmatch(r"(\s*)\{block:(\w+)\}", text)
        if slot is None:
            out.append(text)
        elif slot[2] != place:
            out.append(f"{slot[1]}pass")
        else:
            out.extend(slot[1] + line for line in lines[:-1])
            out.append(f"{slot[1]}{lines[-1]}  # <- block")
    return "\n".join(out) + "\n"


def marked(path: Path, marker: str) -> list[int]:
    return [n for n, text in enumerate(path.read_text().splitlines(), 1)
            if text.endswith(f"# <- {marker}")]


@pytest.fixture
def bot_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder of bot modules on ``sys.path`` (and an installed-looking library)."""
    library = tmp_path / "site-packages"
    (library / "slowlib").mkdir(parents=True)
    (library / "slowlib" / "__init__.py").write_text(SLOWLIB)
    (tmp_path / "blocky_helpers.py").write_text(textwrap.dedent(HELPERS))
    sys.path[:0] = [str(tmp_path), str(library)]
    try:
        yield tmp_path
    finally:
        for entry in (str(tmp_path), str(library)):
            sys.path.remove(entry)
        for name in [n for n in sys.modules if n.startswith(("blocky", "slowlib"))]:
            del sys.modules[name]


@pytest.fixture
def health_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="tidecord.health")
    return caplog


async def until(predicate, limit: float = 5.0) -> None:
    async with asyncio.timeout(limit):
        while not predicate():  # noqa: ASYNC110 - the watchdog's thread fills the log
            await asyncio.sleep(0.02)


async def trigger(sb: Sandbox, place: str) -> None:
    """What a person does to run ``place`` (the places at startup need nothing)."""
    say = {"on_message": "go", "cog_listener": "go", "prefix": "!pre", "hybrid": "!hyb",
           "check": "!chk", "converter": "!conv x", "before_invoke": "!hook",
           "after_invoke": "!hook", "error_handler": "!err"}
    if place in say:
        await sb.send_message("alice", "general", say[place])
    elif place == "raw":
        message = await sb.send_message("alice", "general", "react here")
        await sb.react("alice", message, "👍")
    elif place == "slash":
        await sb.invoke_command("alice", "general", "sl")
    elif place in ("button", "select", "interaction_check"):
        await sb.send_message("alice", "general", "!menu")
        menu = await sb.wait_for_message(channel="general", author=sb.bot_user, timeout=5)
        if place == "select":
            await sb.click_button("alice", menu, "pick", values=["a"])
        else:
            await sb.click_button("alice", menu, "go")
    elif place == "modal":
        opened = await sb.invoke_command("alice", "general", "form")
        await sb.submit_modal("alice", opened, {"name": "x"})
    elif place == "autocomplete":
        await sb.autocomplete("alice", "general", "ac", {"thing": "x"}, "thing")
    elif place == "wait_for":
        await sb.send_message("alice", "general", "!waiter")
        await sb.wait_for_message(channel="general", author=sb.bot_user, timeout=5)
        await sb.send_message("alice", "general", "answer")


def stall_of(record: logging.LogRecord) -> Stall | None:
    return getattr(record, "tidecord_stall", None)


def of_the_code(record: logging.LogRecord) -> bool:
    """Whether ``record`` reports a stall of code at a line, not the machine's: an
    overloaded CPU, or a garbage collection of the test process's heap (100 ms and more
    once a worker has run a thousand tests) that happened to pause the loop there."""
    stall = stall_of(record)
    return (stall is not None and stall.site is not None and not stall.overloaded
            and not stall.collected)


async def named_in_time(named, health_log: pytest.LogCaptureFixture) -> bool:
    """Whether the watchdog named the block's stall in the bot's folder. On an overloaded
    machine its sampler waits for a CPU too and may see nothing of the block: then the
    stall it logged says the machine was overloaded (``Stall.overloaded``, what
    of_the_code() excuses), and that, only that, is accepted instead of a name."""
    try:
        await until(lambda: bool(named()))
    except TimeoutError:
        machine = [r for r in health_log.records
                   if (stall := stall_of(r)) is not None and stall.overloaded
                   and stall.duration >= 0.2]
        assert machine, [r.getMessage()[:600] for r in health_log.records]
        return False
    return True


def in_folder(record: logging.LogRecord, folder: Path) -> bool:
    stall = stall_of(record)
    return bool(stall and stall.site and stall.site.filename.startswith(str(folder)))


async def run_bot(sb: Sandbox, folder: Path, case: Case, lines: list[str], tag: str) -> None:
    """Write the bot with ``lines`` as the block, run it, set its place off, and check
    that it still answers someone else."""
    extension = f"blocky_ext_{tag}"
    (folder / f"{extension}.py").write_text(indent_blocks(EXTENSION, case.place, lines))
    source = BOT.format(place=case.place, extension=extension)
    (folder / f"blocky_bot_{tag}.py").write_text(indent_blocks(source, case.place, lines))
    bot = importlib.import_module(f"blocky_bot_{tag}").bot
    bot.api_url = sb.api_url
    task = asyncio.create_task(bot.start(sb.token), name=f"test bot {tag}")
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        if case.place in ("slash", "modal", "autocomplete"):
            await bot.tree.sync()
        await trigger(sb, case.place)
        await asyncio.sleep(0.35)  # the block, off the loop or not
        # Someone else is still served.
        await sb.send_message("bob", "general", "ping")
        await sb.wait_for_message(channel="general", author=sb.bot_user,
                                  check=lambda m: m.content == "pong", timeout=5)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


@pytest.mark.parametrize("case", CASES, ids=str)
async def test_a_blocking_handler_is_named_once_with_advice_that_works(
    case: Case, sandbox: Sandbox, bot_folder: Path, health_log: pytest.LogCaptureFixture
):
    await run_bot(sandbox, bot_folder, case, case.statement, "broken")
    bot_file = bot_folder / ("blocky_ext_broken.py" if case.place == "extension"
                             else "blocky_bot_broken.py")
    if case.depth == "helper":
        where = (bot_folder / "blocky_helpers.py", marked(bot_folder / "blocky_helpers.py",
                                                          f"helper {case.kind}"))
    else:
        where = (bot_file, marked(bot_file, "block"))

    def named() -> list[logging.LogRecord]:
        return [r for r in health_log.records if in_folder(r, bot_folder)]

    if await named_in_time(named, health_log):
        await asyncio.sleep(0.2)  # a second warning for the same stall would come now
        assert len(named()) == 1, [r.getMessage()[:1500] for r in named()]  # one per stall
        [record] = named()
        stall = stall_of(record)
        assert stall is not None and stall.site is not None
        assert record.levelno == logging.WARNING
        # The bot's own line, not tidecord's frames nor asyncio's.
        assert (Path(stall.site.filename), stall.site.lineno) in [(where[0], n) for n in where[1]]
        text = record.getMessage()
        head = text.partition("\nloop thread stack")[0]
        assert f"at {stall.site.location} in " in head
        who, _ = PLACES[case.place]
        assert who in head, head
        assert "Dispatcher" not in head and "tidecord/" not in head, head
        assert case.instead in head, head
        # The stack shows the bot's own frames; what called them is one line each time.
        stack = text.partition("\nloop thread stack")[2].splitlines()[1:]
        frames = [line for line in stack if line.startswith('  File "')]
        assert str(bot_folder) in frames[0], text
        last = max(i for i, line in enumerate(frames) if str(bot_folder) in line)
        assert all("/tidecord/" not in line for line in frames[:last]), text
        # Nothing else was a warning: tidecord's own work on the way is not the bot's.
        others = [r for r in health_log.records if r is not record and r.levelno >= logging.WARNING
                  and of_the_code(r)]
        assert others == [], [r.getMessage()[:300] for r in others]

    if not case.fix:
        return
    health_log.clear()
    await run_bot(sandbox, bot_folder, case, case.fixed, "fixed")
    await shutdown_offload()  # the pools the fix started, shut down as the client does
    await asyncio.sleep(0.2)
    noticed = [r for r in health_log.records if r.levelno >= logging.WARNING
               and of_the_code(r)]
    assert noticed == [], [r.getMessage()[:300] for r in noticed]


async def test_no_warning_for_tidecords_own_work(bot_folder: Path,
                                                 health_log: pytest.LogCaptureFixture):
    # The sandbox runs on its own thread (as Discord is elsewhere), so what stalls the
    # bot's loop is the bot's and tidecord's work only: a large guild arriving with its
    # members, a firehose of messages, the library's member walks, startup, shutdown.
    (bot_folder / "quiet_bot.py").write_text(textwrap.dedent('''
        import tidecord
        from tidecord.ext import commands

        bot = commands.Bot(command_prefix="!", intents=tidecord.Intents.all())
        seen = []


        @bot.event
        async def on_message(message):
            seen.append(message.id)
            if message.content == "census":
                guild = message.guild
                await message.channel.send(f"{len(guild.members)} {len(bot.users)}")
    '''))
    world = World.generate(guilds=2, members_per_guild=5000, channels=3, roles=6)
    async with SandboxThread(world=world, heartbeat_interval=5000,
                             identify_interval=0.0) as remote:
        sb = remote.sandbox
        assert sb is not None
        quiet = importlib.import_module("quiet_bot")
        bot = quiet.bot
        bot.api_url = sb.api_url
        task = asyncio.create_task(bot.start(sb.token), name="quiet bot")
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 15)
            assert [len(g.members) for g in bot.guilds] == [5000, 5000]
            channel = bot.guilds[0].text_channels[0].id
            people = [u.username for u in world.users[:40]]

            async def firehose(sb: Sandbox) -> None:
                for n in range(800):
                    await sb.send_message(people[n % len(people)], channel, f"message {n}")

            await remote.call(firehose)
            await until(lambda: len(quiet.seen) >= 800, 15)
            await remote.call(lambda sb: sb.send_message(people[0], channel, "census"))
            reply = await remote.call(lambda sb: sb.wait_for_message(
                author=sb.bot_user, timeout=5))
            assert reply.content.startswith("5000 ")
        finally:
            await bot.close()
            await asyncio.wait_for(task, 5)
    warnings = [r for r in health_log.records if r.levelno >= logging.WARNING
                and of_the_code(r)]
    assert warnings == [], [r.getMessage()[:600] for r in warnings]


# Stalls the watchdog is handed by hand (as the sampler would), with stacks as a bot run
# with ``bot.run(token)`` has them: the bot file's last line above the loop.
BOT_FILE = str(Path(__file__).resolve())
ABOVE_THE_LOOP = (
    FrameInfo(BOT_FILE, 200, "<module>"),  # bot.run(token)
    FrameInfo(asyncio.runners.__file__, 118, "Runner.run"),
    FrameInfo(asyncio.base_events.__file__, 1922, "BaseEventLoop._run_once"),
)


def handed(stall: StallInProgress, dump: tuple[FrameInfo, ...] | None = None) -> Stall:
    watchdog = LoopWatchdog(threshold=0.1, gil_fallback=1.0)  # never started: driven by hand
    watchdog._loop_thread = threading.main_thread().ident
    watchdog._stall = stall
    if dump is not None:
        assert watchdog._fallback is not None
        watchdog._fallback._captured = [(11.0, dump)]
    watchdog._ended.append(Ended(10.05, 11.6, 1.55))
    watchdog._drain(11.6)
    [report] = watchdog.health.recent
    return report


def test_tidecords_own_work_is_not_blamed_on_the_line_that_started_the_bot(health_log):
    # Reading a large guild's GUILD_CREATE held the loop: the only line of the bot's on
    # the stack is bot.run(token), above the loop. It was named, with advice to move
    # "CPU-bound work" to a process, in a warning at every large guild's arrival.
    stack = (*ABOVE_THE_LOOP,
             FrameInfo(asyncio.events.__file__, 80, "Handle._run"),
             FrameInfo(shard.__file__, 320, "Shard._read_loop"),
             FrameInfo(compression.__file__, 115, "ZstdInflater.feed"))
    stall = StallInProgress(10.05)
    stall.add(stack, False)
    report = handed(stall)
    assert report.site is not None and report.site.name == "ZstdInflater.feed"
    assert report.ours and report.as_dict()["advice"] is None
    text = report.describe()
    assert "tidecord's own work, not your bot's code" in text and "CPU-bound" not in text
    [record] = [r for r in health_log.records if stall_of(r) is report]
    assert record.levelno == logging.DEBUG


def test_a_copy_of_the_loop_idle_names_no_line():
    # The signal's copy taken while the loop waited in select() (the process was not
    # running) named bot.run(token), the bot's only frame on that stack.
    idle = (*ABOVE_THE_LOOP, FrameInfo(selectors.__file__, 468, "EpollSelector.select"))
    report = handed(StallInProgress(10.05), dump=idle)
    assert report.site is None


FORGETFUL = '''
import asyncio
from tidecord.ext import commands
import tidecord

bot = commands.Bot(command_prefix="!", intents=tidecord.Intents.all())


@bot.event
async def on_message(message):
    if message.content == "forget":
        message.channel.send("never sent")  # <- dropped at once
    if message.content == "keep":
        pending = message.reply("never sent either")  # <- kept, dropped later
        await asyncio.sleep(0)
    if message.content == "ping":
        await message.channel.send("pong")
'''


async def test_a_forgotten_await_is_named_with_its_line_and_the_fix(
        sandbox: Sandbox, bot_folder: Path, recwarn: pytest.WarningsRecorder):
    # Python's own warning names where the coroutine was dropped (tidecord's eager.py,
    # for one kept in a variable) and suggests tracemalloc; it says nothing of await.
    bot_file = bot_folder / "forgetful_bot.py"
    bot_file.write_text(FORGETFUL)
    bot = importlib.import_module("forgetful_bot").bot
    bot.api_url = sandbox.api_url
    task = asyncio.create_task(bot.start(sandbox.token), name="forgetful bot")
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        for content in ("forget", "keep", "keep"):
            # One at a time: each handler done (the pong after it) before the next.
            await sandbox.send_message("alice", "general", content)
            await sandbox.send_message("alice", "general", "ping")
            await sandbox.wait_for_message(channel="general", author=sandbox.bot_user,
                                           check=lambda m: m.content == "pong", timeout=5)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
        sys.set_coroutine_origin_tracking_depth(0)
    said = [(Path(w.filename), w.lineno, str(w.message)) for w in recwarn.list
            if "never awaited" in str(w.message)]
    [dropped] = marked(bot_file, "dropped at once")
    [kept] = marked(bot_file, "kept, dropped later")
    assert said[0] == (bot_file, dropped, (
        "coroutine 'ChannelMessages.send' was never awaited, so it never ran: at"
        f" {FrameInfo(str(bot_file), dropped, '').location}"
        " (`message.channel.send(\"never sent\")  # <- dropped at once`), write"
        " `await message.channel.send(...)`"))
    # The first kept one was dropped in tidecord's code: said so, and the next is named.
    assert "a call to reply(...) in your code lacks `await`" in said[1][2]
    assert "the next such warning names it" in said[1][2]
    assert said[2][:2] == (bot_file, kept)
    assert said[2][2].endswith("write `await message.reply(...)`")
    assert len(said) == 3


UNKNOWN_CALL = '''
import select
import tidecord
from tidecord.ext import commands

bot = commands.Bot(command_prefix="!", intents=tidecord.Intents.all())


@bot.command()
{marked}async def wait(ctx):
    select.select([], [], [], 0.3)  # <- unknown call
    await {send}
'''


async def test_the_general_advice_works_as_written(
        sandbox: Sandbox, bot_folder: Path, health_log: pytest.LogCaptureFixture):
    # A call tidecord does not know gets the general advice, whose last option is to
    # mark the handler @tidecord.blocking. Marked and nothing more, the command's
    # ctx.send ran on the worker thread's loop and failed ("Timeout context manager
    # should be used inside a task"): the advice must say how its calls are written.
    async def run(tag: str, source: str) -> None:
        (bot_folder / f"waiting_bot_{tag}.py").write_text(source)
        bot = importlib.import_module(f"waiting_bot_{tag}").bot
        bot.api_url = sandbox.api_url
        task = asyncio.create_task(bot.start(sandbox.token), name=f"waiting bot {tag}")
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 10)
            await sandbox.send_message("alice", "general", "!wait")
            reply = await sandbox.wait_for_message(channel="general",
                                                   author=sandbox.bot_user, timeout=5)
            assert reply.content == "waited"
        finally:
            await bot.close()
            await asyncio.wait_for(task, 5)

    await run("broken", UNKNOWN_CALL.format(marked="", send='ctx.send("waited")'))
    await until(lambda: any(in_folder(r, bot_folder) for r in health_log.records))
    [record] = [r for r in health_log.records if in_folder(r, bot_folder)]
    advice = record.getMessage().partition("\nloop thread stack")[0]
    assert "mark the handler `@tidecord.blocking`" in advice
    assert "`await tidecord.home(ctx.send(...))`" in advice
    health_log.clear()
    await run("fixed", UNKNOWN_CALL.format(marked="@tidecord.blocking\n",
                                           send='tidecord.home(ctx.send("waited"))'))
    await asyncio.sleep(0.2)
    assert [r for r in health_log.records if in_folder(r, bot_folder)] == []


TWO_LISTENERS = '''
import time
import tidecord
from tidecord.ext import commands

bot = commands.Bot(command_prefix="!", intents=tidecord.Intents.all())


class Greeter(commands.Cog):
    @commands.Cog.listener()
    async def on_message(self, message):
        if message.content == "go":
            time.sleep(0.3)  # <- the cog's


@bot.event
async def setup_hook():
    await bot.add_cog(Greeter())


@bot.event
async def on_message(message):
    if message.content == "go":
        time.sleep(0.3)  # <- the bot's
        await message.channel.send("gone")
'''


async def test_two_handlers_blocking_in_one_stall_are_both_named(
        sandbox: Sandbox, bot_folder: Path, health_log: pytest.LogCaptureFixture):
    # Both handlers of one message start at once and block in turn: one stall of 0.6 s,
    # whose warning named only the line sampled most; fixing it revealed the other.
    bot_file = bot_folder / "two_listeners_bot.py"
    bot_file.write_text(TWO_LISTENERS)
    bot = importlib.import_module("two_listeners_bot").bot
    bot.api_url = sandbox.api_url
    task = asyncio.create_task(bot.start(sandbox.token), name="two listeners")
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        await sandbox.send_message("alice", "general", "go")
        await sandbox.wait_for_message(channel="general", author=sandbox.bot_user, timeout=5)
        await until(lambda: any(in_folder(r, bot_folder) for r in health_log.records))
        await asyncio.sleep(0.2)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
    [record] = [r for r in health_log.records if in_folder(r, bot_folder)]
    head = record.getMessage().partition("\nloop thread stack")[0]
    for marker in ("the cog's", "the bot's"):
        [line] = marked(bot_file, marker)
        assert f"{FrameInfo(str(bot_file), line, '').location} in " in head, head
