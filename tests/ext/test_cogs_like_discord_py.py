"""Cogs and extensions under generated sequences of operations, on tidecord and on
discord.py 2.7.1: the same seeded extension modules (written to a fresh folder for each
library), the same seeded loads, unloads, reloads, rewrites, ``add_cog`` and
``remove_cog``, and after each step what each library raised (type, message, ``.name``,
``.original``), its extensions, cogs, commands, slash commands, listeners and the
modules it left in ``sys.modules``. Once without a connection, once on the sandbox,
where people's messages then show which commands answer and which listeners run.

Not generated here (tidecord's documented leniencies, see docs/commands.md): a
``setup`` that is a plain function returning nothing, and a dotted name whose package
does not exist.
"""

# No "from __future__ import annotations": the cogs' annotations name their locals.
import asyncio
import importlib
import random
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands

from ..proof.harness import answer
from .hybrid_parity import registered
from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

MODULES = {"tidecord": (tidecord, td_commands), "discord.py": (dpy, dpy_commands)}
PACKAGE = "cogsgen"
SEEDS = (5, 10, 55)


@dataclass
class Extension:
    """One generated extension module, ``cogsgen.m<index>`` (or a package of that name
    whose cog lives in a submodule imported relatively)."""

    index: int
    setup: str  # "async", "returns" (plain, hands back add_cog's coroutine), "none",
    #             "raises" (after adding its cog), "loads" (loads another extension first)
    teardown: str  # "none", "async", "sync", "raises"
    cog_name: str
    group_cog: bool
    hybrid: bool
    slash: bool
    group_attr: bool
    command: str  # the prefix command's name (shared names collide)
    cog_load: str  # "none", "sync", "async", "raises"
    cog_unload: str  # "none", "sync", "async", "raises"
    package: bool
    slash_name: str = ""
    hybrid_name: str = ""
    module_parts: bool = False  # setup adds a command, a listener and a slash command
    bot_checks: bool = False  # bot_check and bot_check_once, sync and async
    loads: int = 0
    broken: str = ""  # "", "import", "syntax", "raise": how the module fails to import
    version: int = 1
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{PACKAGE}.m{self.index}"


def generated(seed: int, count: int = 6) -> list[Extension]:
    rng = random.Random(seed)
    made = []
    for index in range(count):
        made.append(Extension(
            index=index,
            # "loads" only an earlier extension: a cycle would load forever in either.
            setup=rng.choice(["async", "async", "returns", "none", "raises"]
                             + ["loads"] * (index > 0)),
            teardown=rng.choice(["none", "async", "sync", "raises"]),
            cog_name=rng.choice([f"Cog{index}", f"Cog{index}", "Shared"]),
            group_cog=rng.random() < 0.3,
            hybrid=rng.random() < 0.4,
            slash=rng.random() < 0.5,
            group_attr=rng.random() < 0.3,
            command=rng.choice([f"c{index}", f"c{index}", f"c{index}", "dup"]),
            cog_load=rng.choice(["none", "sync", "async", "async", "raises", "raises sync"]),
            cog_unload=rng.choice(["none", "sync", "async", "raises"]),
            package=rng.random() < 0.3,
            loads=rng.randrange(max(index, 1)),
            slash_name=rng.choice([f"s{index}", f"s{index}", "sdup"]),
            hybrid_name=rng.choice([f"h{index}", f"h{index}", "hdup"]),
            module_parts=rng.random() < 0.4,
            bot_checks=rng.random() < 0.3,
            settings={"hidden": True} if rng.random() < 0.3 else {},
        ))
    for ext in made:
        if ext.slash and ext.slash_name == "sdup":
            # Refused for a slash name taken after its cog_load ran, a cog's cog_unload
            # runs in tidecord and not in discord.py 2.7.1 (test_hybrid_registration).
            ext.cog_unload = "none"
    return made


def cog_source(ext: Extension, lib: str) -> str:
    """The cog class of ``ext``, written against ``lib`` (``tidecord`` or ``discord``)."""
    i = ext.index
    base = "commands.GroupCog" if ext.group_cog else "commands.Cog"
    # A GroupCog is named as its group: discord.py 2.7.1 takes a group back from the tree
    # by the cog's name, and leaves one named otherwise there (tidecord takes it back,
    # see test_parity_extensions_depth).
    name = f"g{i}" if ext.group_cog else ext.cog_name
    keywords = [f'name="{name}"', f'description="cog {i} v{ext.version}"']
    if ext.settings:
        keywords.append(f"command_attrs={ext.settings!r}")
    if ext.group_cog:
        keywords.append(f'group_description="group {i}"')
    lines = [
        f"from {lib} import app_commands",
        f"from {lib}.ext import commands",
        "",
        "",
        f"class Cog{i}({base}, {', '.join(keywords)}):",
        "    def __init__(self, bot):",
        "        self.bot = bot",
        "",
        "    def note(self, text):",
        f"        self.bot.log.append(f'm{i} v{ext.version}: {{text}}')",
        "",
    ]
    for hook in ("cog_load", "cog_unload"):
        style = getattr(ext, hook)
        if style == "sync":
            lines += [f"    def {hook}(self):", f"        self.note('{hook} (sync)')", ""]
        elif style == "async":
            lines += [f"    async def {hook}(self):", f"        self.note('{hook}')", ""]
        elif style == "raises":
            lines += [f"    async def {hook}(self):", f"        self.note('{hook} raises')",
                      f"        raise RuntimeError('{hook} of m{i} failed')", ""]
        elif style == "raises sync":
            lines += [f"    def {hook}(self):", f"        self.note('{hook} raises (sync)')",
                      f"        raise KeyError('{hook} of m{i}')", ""]
    if ext.bot_checks:
        lines += ["    def bot_check(self, ctx):",
                  "        self.note(f'bot_check {ctx.command.qualified_name}')",
                  "        return 'veto' not in ctx.message.content",
                  "",
                  "    async def bot_check_once(self, ctx):",
                  "        self.note('bot_check_once')",
                  "        return 'once' not in ctx.message.content",
                  ""]
    lines += [
        "    async def interaction_check(self, interaction):",
        "        self.note(f'interaction_check {interaction.command.qualified_name}')",
        "        return interaction.user.name != 'bob'",
        "",
        "    async def cog_app_command_error(self, interaction, error):",
        "        self.note(f'cog_app_command_error {type(error).__name__}')",
        "        await interaction.response.send_message(f'refused {type(error).__name__}')",
        "",
        "    async def cog_check(self, ctx):",
        "        self.note(f'cog_check {ctx.command.qualified_name}')",
        "        return 'deny' not in ctx.message.content",
        "",
        "    async def cog_command_error(self, ctx, error):",
        "        self.note(f'cog_command_error {type(error).__name__}')",
        "        if ctx.interaction is not None:",
        "            await ctx.send(f'hybrid refused {type(error).__name__}')",
        "",
        "    async def cog_before_invoke(self, ctx):",
        "        self.note('before')",
        "",
        "    async def cog_after_invoke(self, ctx):",
        "        self.note('after')",
        "",
        f"    @commands.group(name='{ext.command}', invoke_without_command=True)",
        "    async def prefix(self, ctx):",
        f"        await ctx.send('m{i} v{ext.version} {ext.command}')",
        "",
        "    @prefix.command(name='sub')",
        "    async def prefix_sub(self, ctx, n: int):",
        f"        await ctx.send(f'm{i} sub {{n * 2}}')",
        "",
        "    @commands.Cog.listener()",
        "    async def on_message(self, message):",
        "        if not message.author.bot:",
        "            self.note(f'on_message {message.content}')",
        "",
        "    @commands.Cog.listener('on_message')",
        "    async def second_reader(self, message):",
        "        if not message.author.bot:",
        "            self.note('second reader')",
        "",
    ]
    if ext.hybrid:
        lines += [f"    @commands.hybrid_command(name='{ext.hybrid_name}', "
                  f"description='hybrid {i}')",
                  "    async def hybrid(self, ctx):",
                  f"        await ctx.send('m{i} hybrid')", ""]
    if ext.slash:
        lines += [f"    @app_commands.command(name='{ext.slash_name}', description='slash {i}')",
                  "    async def slash(self, interaction):",
                  f"        await interaction.response.send_message('m{i} slash')", ""]
    if ext.group_attr and not ext.group_cog:
        lines += [f"    inner = app_commands.Group(name='grp{i}', description='attr {i}')",
                  "",
                  "    @inner.command(name='leaf', description='leaf')",
                  "    async def leaf(self, interaction):",
                  f"        await interaction.response.send_message('m{i} leaf')", ""]
    return "\n".join(lines) + "\n"


def entry_source(ext: Extension, cog_module: str, lib: str) -> str:
    """The module-level part: the import of the cog, ``setup`` and ``teardown``."""
    i = ext.index
    lines = [f"VERSION = {ext.version}"]
    if ext.broken == "import":
        lines.append(f"import {PACKAGE}_not_there_{i}")
    elif ext.broken == "syntax":
        lines.append("def broken(:")
    elif ext.broken == "raise":
        lines.append(f"raise LookupError('m{i} v{ext.version} does not import')")
    lines.append(cog_module)
    if ext.module_parts:
        lines += [f"from {lib} import app_commands as slash_commands",
                  f"from {lib}.ext import commands as prefix_commands",
                  f"@prefix_commands.command(name='free{i}')",
                  "async def free(ctx):",
                  f"    await ctx.send('m{i} free')",
                  "async def overheard(message):",
                  "    if not message.author.bot:",
                  f"        LOG.append('m{i}: overheard')",
                  f"@slash_commands.command(name='tree{i}', description='tree {i}')",
                  "async def tree_command(interaction):",
                  f"    await interaction.response.send_message('m{i} tree')",
                  "LOG = []",
                  "async def add_parts(bot):",
                  "    global LOG",
                  "    LOG = bot.log",
                  "    bot.add_command(free)",
                  "    bot.add_listener(overheard, 'on_message')",
                  "    bot.tree.add_command(tree_command)"]
    parts = ["    await add_parts(bot)"] if ext.module_parts else []
    if ext.setup == "async":
        lines += ["async def setup(bot):", *parts,
                  f"    bot.log.append('m{i} v{ext.version}: setup')",
                  f"    await bot.add_cog(Cog{i}(bot))"]
    elif ext.setup == "returns":
        lines += ["def setup(bot):",
                  f"    bot.log.append('m{i} v{ext.version}: setup (plain)')",
                  f"    return bot.add_cog(Cog{i}(bot))"]
    elif ext.setup == "raises":
        lines += ["async def setup(bot):", *parts,
                  f"    await bot.add_cog(Cog{i}(bot))",
                  "    bot.add_listener(stray, 'on_message')",
                  f"    raise ValueError('setup of m{i} gave up')",
                  "async def stray(message):",
                  "    pass"]
    elif ext.setup == "loads":
        lines += ["async def setup(bot):", *parts,
                  f"    await bot.load_extension('{PACKAGE}.m{ext.loads}')",
                  f"    await bot.add_cog(Cog{i}(bot))"]
    if ext.teardown == "async":
        lines += ["async def teardown(bot):",
                  f"    bot.log.append(f'm{i} v{ext.version}: teardown, "
                  f"cogs {{sorted(bot.cogs)}}')"]
    elif ext.teardown == "sync":
        lines += ["def teardown(bot):",
                  f"    bot.log.append('m{i} v{ext.version}: teardown (plain)')"]
    elif ext.teardown == "raises":
        lines += ["async def teardown(bot):",
                  f"    raise OSError('teardown of m{i} failed')"]
    return "\n".join(lines) + "\n"


def write(folder: Path, ext: Extension, lib: str) -> None:
    """Write ``ext`` under ``folder`` (the package's folder) for ``lib``."""
    # A comment as long as the version keeps each version's size apart, so a bytecode
    # cache can never pass for the new source.
    cog = cog_source(ext, lib) + f"# {'v' * ext.version}\n"
    if ext.package:
        where = folder / f"m{ext.index}"
        where.mkdir(exist_ok=True)
        (where / "parts.py").write_text(cog, encoding="utf-8")
        text = entry_source(ext, f"from .parts import Cog{ext.index}  # {'v' * ext.version}",
                            lib)
        (where / "__init__.py").write_text(text, encoding="utf-8")
    else:
        text = entry_source(ext, cog, lib)
        (folder / f"m{ext.index}.py").write_text(text, encoding="utf-8")
    importlib.invalidate_caches()


def forget_package() -> None:
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@contextmanager
def package_on_path(folder: Path) -> Iterator[Path]:
    """An empty ``cogsgen`` package in ``folder``, first on sys.path, none of it imported."""
    root = folder / PACKAGE
    root.mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(folder))
    forget_package()
    importlib.invalidate_caches()
    try:
        yield root
    finally:
        sys.path.remove(str(folder))
        forget_package()


Step = tuple[str, Any]


def generated_steps(seed: int, extensions: list[Extension], count: int = 30) -> list[Step]:
    rng = random.Random(seed * 7919)
    steps: list[Step] = []
    for _ in range(count):
        kind = rng.choice(["load"] * 5 + ["unload", "reload", "reload", "reload", "break",
                                          "mend", "add_cog", "remove_cog", "load_missing",
                                          "relative"])
        index = rng.randrange(len(extensions))
        if kind == "break":
            steps.append((kind, (index, rng.choice(["import", "syntax", "raise"]))))
        elif kind == "add_cog":
            steps.append((kind, (rng.choice(["Loose", "Shared", "Cog0"]), rng.random() < 0.5)))
        elif kind == "remove_cog":
            steps.append((kind, rng.choice(["Loose", "Shared", "Cog1", "Cog2", "Nobody"])))
        else:
            steps.append((kind, index))
    return steps


def described(exc: BaseException, folder: Path) -> str:
    """An error as comparable text: type, ``.name``, message, ``.original``, and the
    error it was raised while handling (paths of the library's own folder taken out)."""
    original = getattr(exc, "original", None)
    handling = exc.__context__ if not exc.__suppress_context__ else None
    text = (f"{type(exc).__name__} name={getattr(exc, 'name', None)} [{exc}]"
            + (f" original {type(original).__name__}: {original}" if original else "")
            + (f" while handling {type(handling).__name__}" if handling else ""))
    return text.replace(str(folder), "<folder>")


def state(bot: Any) -> str:
    modules = sorted(m for m in sys.modules if m.startswith(PACKAGE + "."))
    listeners = sorted(f"{event}:{len(funcs)}" for event, funcs in bot.extra_events.items()
                       if funcs)
    commands = sorted(f"{c.qualified_name}{'(hidden)' if c.hidden else ''}:{c.cog_name}"
                      for c in bot.walk_commands())
    tree = sorted(c.name for c in bot.tree.get_commands())
    return (f"extensions={list(bot.extensions)} cogs={list(bot.cogs)} commands={commands} "
            f"tree={tree} listeners={listeners} modules={modules}")


def cog_details(bot: Any) -> list[str]:
    said = []
    for name, cog in bot.cogs.items():
        said.append(
            f"{name}: {cog.qualified_name} {cog.description!r} "
            f"commands={[c.name for c in cog.get_commands()]} "
            f"walk={[c.qualified_name for c in cog.walk_commands()]} "
            f"app={sorted(c.qualified_name for c in cog.walk_app_commands())} "
            f"listeners={[(e, m.__name__) for e, m in cog.get_listeners()]} "
            f"error_handler={cog.has_error_handler()} "
            f"group={getattr(cog.app_command, 'name', None)}")
    return said


def loose_cog(commands: Any, name: str) -> Any:
    """A cog added by hand, not from an extension (its module is this test's)."""
    class Loose(commands.Cog, name=name):
        def __init__(self, bot: Any) -> None:
            self.bot = bot

        async def cog_load(self) -> None:
            self.bot.log.append(f"{name} (by hand): cog_load")

        async def cog_unload(self) -> None:
            self.bot.log.append(f"{name} (by hand): cog_unload")

        @commands.command(name=f"loose_{name.lower()}")
        async def loose(self, ctx: Any) -> None:
            await ctx.send(f"loose {name}")

        @commands.Cog.listener()
        async def on_message(self, message: Any) -> None:
            if not message.author.bot:
                self.bot.log.append(f"{name} (by hand): on_message")

    return Loose


async def play(library: str, bot: Any, root: Path, extensions: list[Extension],
               steps: list[Step]) -> list[str]:
    """Write the extensions, take ``steps`` on ``bot``, and say what happened."""
    _, commands = MODULES[library]
    lib = "tidecord" if library == "tidecord" else "discord"
    log: list[str] = bot.log
    for ext in extensions:
        await asyncio.to_thread(write, root, ext, lib)
    for kind, arg in steps:
        if kind in ("break", "mend"):
            ext = extensions[arg[0] if kind == "break" else arg]
            ext.version += 1
            ext.broken = arg[1] if kind == "break" else ""
            await asyncio.to_thread(write, root, ext, lib)
            log.append(f"{kind} m{ext.index} (v{ext.version})")
            continue
        if kind == "add_cog":
            what = f"add_cog {arg[0]} override={arg[1]}"
            call = bot.add_cog(loose_cog(commands, arg[0])(bot), override=arg[1])
        elif kind == "remove_cog":
            what = f"remove_cog {arg}"
            call = bot.remove_cog(arg)
        elif kind == "load_missing":
            what = "load missing"
            call = bot.load_extension(f"{PACKAGE}.missing{arg}")
        elif kind == "relative":
            what = f"load .m{arg} relative"
            call = bot.load_extension(f".m{arg}", package=PACKAGE)
        else:
            what = f"{kind} m{arg}"
            call = getattr(bot, f"{kind}_extension")(f"{PACKAGE}.m{arg}")
        try:
            result = await call
        except Exception as exc:
            log.append(f"{what}: {described(exc, root)}")
        else:
            shown = f" -> {type(result).__name__}" if kind == "remove_cog" else ""
            log.append(f"{what}: ok{shown}")
        log.append(state(bot))
    log.extend(cog_details(bot))
    return log


def new_bot(library: str) -> Any:
    discord, commands = MODULES[library]
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all(), help_command=None)
    bot.log = []
    bot.seen = []

    async def seen(message: Any) -> None:
        bot.seen.append(message.content)

    bot.add_listener(seen, "on_message")
    return bot


async def offline(library: str, folder: Path, seed: int) -> list[str]:
    extensions = generated(seed)
    with package_on_path(folder) as root:
        bot = new_bot(library)
        try:
            return await play(library, bot, root, extensions, generated_steps(seed, extensions))
        finally:
            await bot.close()
            bot.log.append(f"closed: {state(bot)}")


@pytest.mark.parametrize("seed", SEEDS)
async def test_generated_extension_sequences_as_in_discord_py(tmp_path: Path,
                                                              seed: int) -> None:
    said = {library: await offline(library, tmp_path / library.replace(".", ""), seed)
            for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"]
    assert any(": ok" in line for line in said["tidecord"])


CHAT = [*(f"!c{i}" for i in range(6)), "!dup", "!c1 sub 4", "!c2 deny", "!c3 sub x", "!c0 veto",
        "!dup once", "!h1", "!h3", "!loose_loose", "!loose_shared", "hello"]


async def settled(sb: Any, bot: Any, content: str) -> None:
    """Wait for the bot to see ``content``, then until neither its log nor the sandbox's
    messages have changed for 0.15 s (at most 5 s)."""
    def mark() -> tuple[int, int]:
        return len(bot.log), sum(len(m) for m in sb.state.messages.values())

    async with asyncio.timeout(5):
        while content not in bot.seen:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        last, since = mark(), asyncio.get_running_loop().time()
        while asyncio.get_running_loop().time() - since < 0.15:
            await asyncio.sleep(0.01)
            if mark() != last:
                last, since = mark(), asyncio.get_running_loop().time()


def slash_uses(sb: Any) -> list[tuple[str, dict[str, Any]]]:
    """Each slash command Discord holds, with the options that reach its first leaf (a
    group of no commands, as a GroupCog of none makes, cannot be used)."""
    def first_leaf(options: list[dict[str, Any]]) -> dict[str, Any]:
        for option in options:
            if option["type"] in (1, 2):  # a subcommand, a subcommand group
                return {option["name"]: first_leaf(option.get("options") or [])}
        return {}

    return [(c["name"], first_leaf(c.get("options") or []))
            for c in registered(sb) if c.get("type", 1) == 1 and not (
                c.get("options") == [] and c["description"].startswith("group "))]


async def online(library: str, sandbox_factory: Any, folder: Path, seed: int) -> list[str]:
    """The same on a bot connected to the sandbox; then people talk to it."""
    extensions = generated(seed)
    with package_on_path(folder) as root:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, lambda d, c: new_bot(library)) as bot:
            # Then every extension mended and loaded, so that more of them answer.
            steps = [*generated_steps(seed, extensions, count=20),
                     *(("mend", ext.index) for ext in extensions),
                     *(("load", ext.index) for ext in extensions)]
            log = await play(library, bot, root, extensions, steps)
            for content in CHAT:
                mark = len(log)
                await sb.send_message("alice", "general", content)
                await settled(sb, bot, content)
                # Listeners run side by side: their order is each library's scheduling.
                log[mark:] = sorted(log[mark:])
                log.append(f"after {content!r}")
            await bot.tree.sync()
            log.append(f"registered: {registered(sb)}")
            for person in ("alice", "bob"):
                for name, options in slash_uses(sb):
                    mark = len(log)
                    record = await sb.invoke_command(person, "general", name, options)
                    try:
                        await record.wait_response(5)
                    except TimeoutError:
                        raise AssertionError(f"/{name} {options} by {person}: no answer "
                                             f"on {library}") from None
                    await asyncio.sleep(0.02)
                    log[mark:] = sorted(log[mark:])
                    log.append(f"/{name} {options} by {person}: {answer(record)['original']}")
            bot_id = sb.bot_user.id
            replies = sorted((m for messages in sb.state.messages.values()
                              for m in messages.values() if m.author.id == bot_id),
                             key=lambda m: m.id)
            log.extend(f"said: {m.content}" for m in replies)
    return log


@pytest.mark.parametrize("seed", SEEDS[:2])
async def test_generated_sequences_on_the_sandbox_as_in_discord_py(
        sandbox_factory: Any, tmp_path: Path, seed: int) -> None:
    said = {}
    for library in LIBRARIES:
        said[library] = await online(library, sandbox_factory,
                                     tmp_path / library.replace(".", ""), seed)
    assert said["tidecord"] == said["discord.py"]
    assert any(line.startswith("said: ") for line in said["tidecord"])



ONCE = '''\
from {lib}.ext import commands
from .parts import helper  # {pad}


class Once(commands.Cog):
    @commands.command()
    async def once(self, ctx):
        pass


async def setup(bot):
    {fail}
    if getattr(bot, "set_up_before", False):
        raise RuntimeError("this setup runs only once")
    bot.set_up_before = True
    await bot.add_cog(Once())
'''


async def reload_without_a_way_back(library: str, folder: Path) -> list[str]:
    lib = "tidecord" if library == "tidecord" else "discord"
    with package_on_path(folder) as root:
        (root / "once").mkdir()
        (root / "once" / "parts.py").write_text("helper = 1\n", encoding="utf-8")
        entry = root / "once" / "__init__.py"
        entry.write_text(ONCE.format(lib=lib, pad="", fail="pass"), encoding="utf-8")
        bot = new_bot(library)
        await bot.load_extension(f"{PACKAGE}.once")
        entry.write_text(ONCE.format(lib=lib, pad="v2", fail="raise LookupError('v2')"),
                         encoding="utf-8")
        importlib.invalidate_caches()
        said = []
        try:
            await bot.reload_extension(f"{PACKAGE}.once")
        except Exception as exc:
            said.append(described(exc, root))
        said.append(state(bot))
        await bot.close()
    return said


async def test_a_reload_whose_old_version_fails_to_come_back_leaves_no_module(
        tmp_path: Path) -> None:
    """The new version fails, and so does the old one's setup put back: the error is the
    old setup's, and the extension's modules are gone from sys.modules, as it is not
    loaded any more (tidecord put them back first, leaving them behind)."""
    said = {library: await reload_without_a_way_back(library, tmp_path / library[:4])
            for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "RuntimeError name=None [this setup runs only once] while handling ExtensionFailed",
        "extensions=[] cogs=[] commands=[] tree=[] listeners=['on_message:1'] modules=[]"]


async def test_a_module_without_a_spec_is_not_found_with_the_reason_kept() -> None:
    """A module imported without a spec (``__main__`` run as a script) cannot be loaded
    again: discord.py lets importlib's ValueError out, tidecord raises ExtensionNotFound
    (docs/commands.md) with that error as the one being handled."""
    name = f"{PACKAGE}_specless"
    sys.modules[name] = types.ModuleType(name)  # __spec__ is None
    bot, theirs = new_bot("tidecord"), new_bot("discord.py")
    try:
        with pytest.raises(td_commands.ExtensionNotFound) as caught:
            await bot.load_extension(name)
        with pytest.raises(ValueError, match="__spec__ is None"):
            await theirs.load_extension(name)
    finally:
        del sys.modules[name]
        await bot.close()
        await theirs.close()
    assert caught.value.name == name
    assert isinstance(caught.value.__context__, ValueError)
    assert name not in bot.extensions
