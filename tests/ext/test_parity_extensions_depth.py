"""Extensions and cogs over a bot's life, deeper than ``test_parity_life_extensions``:
the same bots on tidecord and on discord.py 2.7.1.

- Without a connection: a package extension loaded by a relative name, a setup that
  raises after adding a cog, a command and listeners (all taken back, teardown called),
  a reload whose helper module fails to import or whose new setup fails halfway (the
  old version stays, its cog loaded again), a package's submodules imported again on
  reload and gone from ``sys.modules`` on unload, a folder without ``__init__.py``; the
  errors each mistake raises and what they chain.
- Cogs' slash commands added to guilds and removed, and the errors a cog class or
  ``add_cog`` refuses with.
- On the sandbox: extensions loaded in ``setup_hook``; cog checks, hooks and error
  handlers for prefix and slash commands; unloading, reloading (from a command of the
  extension itself) and loading a changed version, with the commands Discord holds
  after each ``tree.sync()``.

The extensions (``programs/extensions_depth/depthpkg``) are copied into a fresh folder
for each test, so that a test can rewrite them.
"""

# No "from __future__ import annotations": the bots' annotations name their locals.
import asyncio
import contextlib
import importlib
import shutil
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands

from .hybrid_parity import Act, Registered, Say, Slash, transcripts
from .parity import LIBRARIES

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

SOURCE = Path(__file__).with_name("programs") / "extensions_depth" / "depthpkg"
PACKAGE = "depthpkg"
MODULES = {"tidecord": (tidecord, td_commands), "discord.py": (dpy, dpy_commands)}


def forget_package() -> None:
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@contextlib.contextmanager
def fresh_package(folder: Path) -> Iterator[Path]:
    """A fresh copy of the extensions in ``folder``, first on sys.path, none of them
    imported (a folder of its own for each library: bytecode caches stay apart)."""
    shutil.copytree(SOURCE, folder / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(folder))
    forget_package()
    importlib.invalidate_caches()
    try:
        yield folder / PACKAGE
    finally:
        sys.path.remove(str(folder))
        forget_package()


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    # Each version has its own length, so a bytecode cache can never pass for it.
    path.write_text(text.replace(old, new), encoding="utf-8")
    importlib.invalidate_caches()


async def outcome(log: list[str], what: str, step: Awaitable[Any]) -> None:
    """``what``: ok, or the error, its cause and the error it was raised handling."""
    try:
        await step
    except Exception as exc:
        cause = getattr(exc, "original", None)
        handling = exc.__context__ if not exc.__suppress_context__ else None
        log.append(f"{what}: {type(exc).__name__} name={getattr(exc, 'name', None)} [{exc}]"
                   + (f" from {type(cause).__name__}: {cause}" if cause else "")
                   + (f" while handling {type(handling).__name__}: {handling}"
                      if handling else ""))
    else:
        log.append(f"{what}: ok")


def state(bot: Any) -> str:
    own = sorted(m for m in sys.modules if m.startswith(PACKAGE + "."))
    listeners = sorted(f"{event}:{len(funcs)}" for event, funcs in bot.extra_events.items()
                       if funcs)
    return (f"extensions={list(bot.extensions)} cogs={list(bot.cogs)} "
            f"commands={sorted(c.name for c in bot.commands)} listeners={listeners} "
            f"modules={own}")


async def extension_depth(library: str, package: Path) -> list[str]:
    discord, commands = MODULES[library]
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)
    bot.log = log = []
    try:
        await outcome(log, "load alpha", bot.load_extension("depthpkg.alpha"))
        await outcome(log, "load .alpha again by package",
                      bot.load_extension(".alpha", package="depthpkg"))
        await outcome(log, "load .alpha without package", bot.load_extension(".alpha"))
        await outcome(log, "unload a name above the top", bot.unload_extension(
            "...alpha", package="depthpkg"))
        await outcome(log, "load a folder without __init__.py",
                      bot.load_extension("depthpkg.shelf"))
        await outcome(log, "load an extension in it", bot.load_extension("depthpkg.shelf.extra"))
        await outcome(log, "load half", bot.load_extension("depthpkg.half"))
        log.append(state(bot))
        await outcome(log, "load .plug", bot.load_extension(".plug", package="depthpkg"))
        log.append(state(bot))

        await asyncio.to_thread(rewrite, package / "helper.py", "X = 1\n",
                                "X = 22\nraise OSError('helper broken')\n")
        # A reload imports the extension and its submodules again, not its siblings.
        await outcome(log, "reload alpha, its helper broken on disk",
                      bot.reload_extension("depthpkg.alpha"))
        alpha = bot.extensions["depthpkg.alpha"]
        log.append(f"alpha v{alpha.VERSION}, the module in sys.modules: "
                   f"{sys.modules['depthpkg.alpha'] is alpha}, "
                   f"helper {sys.modules['depthpkg.helper'].X}; {state(bot)}")
        await asyncio.to_thread(rewrite, package / "helper.py",
                                "X = 22\nraise OSError('helper broken')\n", "X = 333\n")
        await asyncio.to_thread(rewrite, package / "alpha.py", "VERSION = 1\n", "VERSION = 2\n")
        await outcome(log, "reload alpha v2", bot.reload_extension("depthpkg.alpha"))
        await asyncio.to_thread(rewrite, package / "alpha.py", "VERSION = 2\n", "VERSION = 3\n")
        await asyncio.to_thread(rewrite, package / "alpha.py", "    await bot.add_cog(Alpha())\n",
                                "    await bot.add_cog(Alpha())\n    raise ValueError('v3')\n")
        await outcome(log, "reload alpha v3, its setup failing after add_cog",
                      bot.reload_extension(".alpha", package="depthpkg"))
        log.append(f"alpha v{bot.extensions['depthpkg.alpha'].VERSION}; {state(bot)}")

        await asyncio.to_thread(rewrite, package / "plug" / "parts" / "cog.py",
                                "VERSION = 1\n", "VERSION = 10\n")
        await outcome(log, "reload plug", bot.reload_extension("depthpkg.plug"))
        await outcome(log, "unload plug", bot.unload_extension("depthpkg.plug"))
        log.append(state(bot))
    finally:
        await bot.close()
        log.append(f"closed: {state(bot)}")
    return log


async def test_package_extensions_fail_reload_and_unload_as_in_discord_py(
        tmp_path: Path) -> None:
    said = {}
    for library in LIBRARIES:
        with fresh_package(tmp_path / library.replace(".", "")) as package:
            said[library] = await extension_depth(library, package)
    assert said["tidecord"] == said["discord.py"]
    log = said["tidecord"]
    # The resolving error is the one being handled, as discord.py's traceback shows it.
    assert any(line.startswith(
        "load .alpha without package: ExtensionNotFound name=.alpha [Extension '.alpha' "
        "could not be loaded or found.] while handling ImportError: ") for line in log)
    assert ("load a folder without __init__.py: NoEntryPointError name=depthpkg.shelf "
            "[Extension 'depthpkg.shelf' has no 'setup' function.] while handling "
            "AttributeError: module 'depthpkg.shelf' has no attribute 'setup'") in log
    # The half-done setup is taken back whole, and its teardown called.
    assert log.index("Half: cog_unload") < log.index("half: teardown (a plain function)")
    assert "alpha v1, the module in sys.modules: True, helper 1;" in " ".join(log)
    # The failed reload put v2 back (a reload moves the extension to the end).
    assert ("alpha v2; extensions=['depthpkg.shelf.extra', 'depthpkg.plug', 'depthpkg.alpha']"
            in " ".join(log))
    assert "Plug v10 (depthpkg.plug): cog_load" in log


def cog_depth(discord: Any, commands: Any) -> Callable[[], Awaitable[list[str]]]:
    app_commands = discord.app_commands

    async def run() -> list[str]:
        bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(),
                           help_command=None)
        log: list[str] = []
        first, second = discord.Object(id=111), discord.Object(id=222)

        def tree(guild: Any = None) -> list[str]:
            return sorted(c.qualified_name for c in bot.tree.walk_commands(guild=guild))

        class Ledger(commands.Cog):
            @app_commands.command(description="sum")
            async def total(self, interaction: Any) -> None:
                pass

            @commands.hybrid_group(description="entries", fallback="list")
            async def entry(self, ctx: Any) -> None:
                pass

            @entry.command(description="add one")
            async def add(self, ctx: Any, amount: int) -> None:
                pass

        @app_commands.default_permissions(manage_messages=True)
        @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=True)
        class Books(commands.GroupCog, group_name="books", group_description="Books"):
            @app_commands.command(description="open a book")
            async def open(self, interaction: Any) -> None:
                pass

        await bot.add_cog(Ledger(), guild=first)
        await bot.add_cog(Books(), guilds=[first, second])
        log.append(f"global {tree()}, first {tree(first)}, second {tree(second)}")
        group = bot.get_cog("Books").app_command
        log.append(f"the group as sent: {sorted(group.to_dict(bot.tree).items())}")
        await bot.remove_cog("Ledger", guild=first)
        log.append(f"global {tree()}, first {tree(first)}, second {tree(second)}")
        class Journal(commands.GroupCog, group_name="journal"):
            @app_commands.command(description="write")
            async def write(self, interaction: Any) -> None:
                pass

        await outcome(log, "add with guild and guilds",
                      bot.add_cog(Journal(), guild=first, guilds=[second]))

        def refused(what: str, make: Callable[[], Any]) -> None:
            try:
                make()
            except TypeError as exc:
                log.append(f"{what}: {exc}")
            else:
                log.append(f"{what}: accepted")

        refused("add to the tree with guild and guilds", lambda: bot.tree.add_command(
            Books().app_command, guild=first, guilds=[second]))

        class Shelf(commands.GroupCog, group_name="books"):  # a group name taken
            async def cog_load(self) -> None:
                log.append("Shelf: cog_load")

            @app_commands.command(description="dust")
            async def dust(self, interaction: Any) -> None:
                pass

        class Clumsy(commands.Cog):
            async def cog_load(self) -> None:
                log.append("Clumsy: cog_load")

            async def cog_unload(self) -> None:
                raise RuntimeError("cannot unload either")

            @commands.command()
            async def fresh(self, ctx: Any) -> None:
                pass

            @commands.command(name="entry")  # taken by Ledger's hybrid group
            async def taken(self, ctx: Any) -> None:
                pass

        await bot.add_cog(Ledger())
        await outcome(log, "add a GroupCog whose group name is taken",
                      bot.add_cog(Shelf(), guild=first))
        await outcome(log, "add a cog whose command and cog_unload fail",
                      bot.add_cog(Clumsy()))
        log.append(f"cogs {list(bot.cogs)}, commands {sorted(c.name for c in bot.commands)}, "
                   f"global {tree()}, first {tree(first)}")

        def menu_in_a_cog() -> None:
            class Menus(commands.Cog):
                @app_commands.context_menu(name="Weigh")
                async def weigh(self, interaction: Any, member: discord.Member) -> None:
                    pass

        def reserved_name() -> None:
            class Reserved(commands.Cog):
                @commands.Cog.listener()
                async def bot_message(self, message: Any) -> None:
                    pass

        def cog_and_group() -> None:
            class Both(commands.Cog, app_commands.Group):
                pass

        refused("a context menu in a cog", menu_in_a_cog)
        refused("a listener named bot_", reserved_name)
        refused("a cog that is a group", cog_and_group)
        refused("a listener that is no coroutine",
                lambda: commands.Cog.listener()(lambda self: None))
        refused("a listener name that is no string", lambda: commands.Cog.listener(3))
        await outcome(log, "add a cog class", bot.add_cog(Ledger))
        await bot.close()
        return log

    return run


async def test_cogs_slash_commands_by_guild_and_refusals_as_in_discord_py() -> None:
    said = {library: await cog_depth(*MODULES[library])() for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"]
    log = said["tidecord"]
    assert "a context menu in a cog: context menus cannot be defined inside a class" in log
    assert ("add with guild and guilds: TypeError name=None [cannot mix guild and guilds "
            "keyword arguments]") in log
    # The permissions a number, as discord.py writes them.
    assert ("('default_member_permissions', 8192)" in
            next(line for line in log if line.startswith("the group as sent")))
    # A GroupCog refused for its group's name never loads; a failing cog_unload does
    # not hide why the cog was refused.
    assert "Shelf: cog_load" not in log
    assert ("add a cog whose command and cog_unload fail: CommandRegistrationError "
            "name=entry [The command entry is already an existing command or alias.] while "
            "handling RuntimeError: cannot unload either") in log


def on_disk() -> Path:
    """The package the running bot imports its extensions from."""
    return Path(sys.modules[PACKAGE].__file__ or "").parent


def life_bot(folder: Path, orders: dict[str, list[str]]) -> Callable[[Any, Any], Any]:
    """A bot that loads ``keeper`` and ``admin`` in ``setup_hook`` and syncs; each
    library imports its own copy of the package (in ``folder``)."""
    def setup(discord: Any, commands: Any) -> Any:
        for path in [p for p in sys.path if p.startswith(str(folder))]:
            sys.path.remove(path)  # the other library's copy
        forget_package()
        copy = folder / discord.__name__
        shutil.copytree(SOURCE, copy / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
        sys.path.insert(0, str(copy))
        importlib.invalidate_caches()

        bot = commands.Bot(command_prefix="!", intents=discord.Intents.all(),
                           help_command=None)
        bot.order = orders[discord.__name__] = []

        async def setup_hook() -> None:
            bot.order.append("setup_hook")
            await bot.load_extension("depthpkg.keeper")
            await bot.load_extension(".admin", package="depthpkg")
            bot.order.append(f"setup_hook done: cogs {list(bot.cogs)}")
            await bot.tree.sync()

        bot.setup_hook = setup_hook

        @bot.event
        async def on_ready() -> None:
            bot.order.append("on_ready")

        @bot.event
        async def on_command_error(ctx: Any, error: Exception) -> None:
            await ctx.send(f"bot error {type(error).__name__}: {error}")

        @bot.tree.error
        async def on_tree_error(interaction: Any, error: Exception) -> None:
            if interaction.response.is_done():
                await interaction.followup.send(f"tree error too: {type(error).__name__}")
            else:
                await interaction.response.send_message(f"tree error {error}")

        return bot

    return setup


def rewritten(label: str, name: str, *changes: tuple[str, str]) -> Act:
    async def act(bot: Any) -> None:
        for old, new in changes:
            await asyncio.to_thread(rewrite, on_disk() / name, old, new)
    return Act(label, act)


def done(label: str, *steps: Callable[[Any], Awaitable[Any]]) -> Act:
    async def act(bot: Any) -> None:
        for step in steps:
            await step(bot)
        await bot.tree.sync()
        bot.order.append(f"{label}: cogs {list(bot.cogs)}, extensions "
                         f"{list(bot.extensions)}, tree "
                         f"{sorted(c.name for c in bot.tree.get_commands())}")
    return Act(label, act)


LIFE = [
    Registered(),
    Say("alice", "general", "!keep 3", 3),
    Say("alice", "general", "!keep deny", 2),
    Say("carol", "general", "!keep 1", 2),
    Say("alice", "general", "!keep -1", 4),
    Slash("bob", "stash"),
    Slash("alice", "stash", {"fail": True}, followups=1),
    Slash("alice", "tools", {"saw": {}}),
    Slash("bob", "gate", {"open": {}}),
    Slash("alice", "gate", {"inner": {"deep": {"n": -2}}}, followups=1),
    Slash("alice", "Inspect", target=lambda sb: sb.state.user("bob")),
    rewritten("admin v22", "admin.py", ("VERSION = 1\n", "VERSION = 22\n")),
    Say("alice", "general", "!reloadme", 2),
    Say("alice", "general", "?admin", 1),
    rewritten("admin v333 broken", "admin.py",
              ("VERSION = 22\n", "VERSION = 333\nraise SystemError('v333 broken')\n")),
    Say("alice", "general", "!reloadme", 2),
    Say("alice", "general", "!reloadme depthpkg.nothing", 2),
    Say("alice", "general", "?admin", 1),
    done("keeper unloaded", lambda bot: bot.unload_extension("depthpkg.keeper")),
    Registered(),
    Say("alice", "general", "?ping", 0),
    Say("alice", "general", "!keep 1", 1),
    rewritten("keeper v4444", "keeper.py", ("VERSION = 1\n", "VERSION = 4444\n"),
              ('group_name="tools"', 'group_name="toolbox"')),
    done("keeper loaded again", lambda bot: bot.load_extension("depthpkg.keeper")),
    Registered(),
    Slash("alice", "toolbox", {"hammer": {}}),
    Say("alice", "general", "!keep 5", 3),
    Say("alice", "general", "!unloadme", 1),
    done("synced"),
    Registered(),
]


async def test_extensions_over_a_bot_s_life_on_the_sandbox(sandbox_factory: Any,
                                                           tmp_path: Path) -> None:
    orders: dict[str, list[str]] = {}
    try:
        said = await transcripts(sandbox_factory, life_bot(tmp_path, orders), LIFE)
    finally:
        for path in [p for p in sys.path if p.startswith(str(tmp_path))]:
            sys.path.remove(path)
        forget_package()
    assert said["tidecord"] == said["discord.py"]
    assert orders["tidecord"] == orders["discord"]
    registered = [step for step in said["tidecord"] if isinstance(step, list)]
    assert [sorted(c["name"] for c in commands) for commands in registered] == [
        ["Inspect", "gate", "loose", "stash", "tools"], ["Inspect", "gate", "loose"],
        ["Inspect", "gate", "loose", "stash", "toolbox"], ["stash", "toolbox"]]
    assert ("!reloadme", ["reloading depthpkg.admin from v22", "reload failed: ExtensionFailed: "
            "Extension 'depthpkg.admin' raised an error: SystemError: v333 broken"]
            ) in said["tidecord"]


async def test_remove_cog_takes_back_what_discord_py_leaves_in_the_tree() -> None:
    """Where discord.py 2.7.1 leaves a removed cog's slash commands in the tree (a group
    named otherwise than its cog, and commands added to a guild but removed without
    one), tidecord takes them back, as docs/commands.md says."""
    app_commands = tidecord.app_commands
    bot = td_commands.Bot(command_prefix="!", intents=tidecord.Intents.default())
    guild = tidecord.Object(id=111)

    class Stores(td_commands.GroupCog, group_name="stores"):
        @app_commands.command(description="count")
        async def count(self, interaction: Any) -> None:
            pass

    class Ledger(td_commands.Cog):
        @app_commands.command(description="sum")
        async def total(self, interaction: Any) -> None:
            pass

    await bot.add_cog(Stores())
    await bot.add_cog(Ledger(), guild=guild)
    assert [c.name for c in bot.tree.get_commands()] == ["stores"]
    assert [c.name for c in bot.tree.get_commands(guild=guild)] == ["total"]
    await bot.remove_cog("Stores")
    await bot.remove_cog("Ledger")
    assert bot.tree.get_commands() == [] and bot.tree.get_commands(guild=guild) == []
    await bot.close()


async def test_a_file_name_for_an_extension_says_why_it_is_not_found(tmp_path: Path) -> None:
    """``load_extension("cogs.music.py")``: discord.py lets the ModuleNotFoundError out;
    tidecord raises ExtensionNotFound (docs/commands.md) with that error as the one
    being handled, so the traceback still says why."""
    bot = td_commands.Bot(command_prefix="!", intents=tidecord.Intents.default())
    with fresh_package(tmp_path):
        with pytest.raises(td_commands.ExtensionNotFound) as caught:
            await bot.load_extension("depthpkg.alpha.py")
    assert caught.value.name == "depthpkg.alpha.py"
    assert isinstance(caught.value.__context__, ModuleNotFoundError)
    assert "__path__ attribute not found on 'depthpkg.alpha'" in str(caught.value.__context__)
    await bot.close()
