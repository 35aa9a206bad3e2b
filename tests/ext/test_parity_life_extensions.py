"""Extensions and cogs as in discord.py 2.7.1, without a connection: what loads, what
each failure raises and leaves behind, a reload that fails putting the old version back,
what unloading takes away, and a cog's name, description, commands and listeners.

The extensions (``programs/life/life_exts``) are copied into a fresh folder for each
library, so that a test can rewrite one and reload it.
"""

from __future__ import annotations

import asyncio
import importlib
import shutil
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands

from .parity import LIBRARIES

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

EXTENSIONS = Path(__file__).with_name("programs") / "life" / "life_exts"
MODULES = {"tidecord": (tidecord, td_commands), "discord.py": (dpy, dpy_commands)}
PACKAGE = "life_exts"


def forget_package() -> None:
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def fresh_copy(folder: Path) -> Path:
    """The extensions in ``folder`` (put first on sys.path), none of them imported."""
    shutil.copytree(EXTENSIONS, folder / PACKAGE,
                    ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(folder))
    forget_package()
    importlib.invalidate_caches()
    return folder / PACKAGE


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    # Each version has its own length, so a bytecode cache can never pass for it.
    path.write_text(text.replace(old, new), encoding="utf-8")
    importlib.invalidate_caches()


async def outcome(what: str, step: Awaitable[Any], log: list[str]) -> None:
    """``what``: ok, or the error and its cause."""
    try:
        await step
    except Exception as exc:
        cause = getattr(exc, "original", None)
        log.append(f"{what}: {type(exc).__name__} name={getattr(exc, 'name', None)} "
                   f"[{exc}]" + (f" from {type(cause).__name__}: {cause}" if cause else ""))
    else:
        log.append(f"{what}: ok")


def state(bot: Any) -> str:
    own = sorted(m for m in sys.modules if m.startswith(PACKAGE + "."))
    listeners = sorted(f"{event}:{len(funcs)}" for event, funcs in bot.extra_events.items()
                       if funcs)
    return (f"extensions={sorted(bot.extensions)} cogs={sorted(bot.cogs)} "
            f"commands={sorted(c.name for c in bot.commands)} listeners={listeners} "
            f"modules={own}")


async def extension_life(library: str, folder: Path) -> list[str]:
    discord, commands = MODULES[library]
    package = await asyncio.to_thread(fresh_copy, folder)
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(),
                       help_command=None)
    bot.life_log = log = []
    try:
        await outcome("load garden", bot.load_extension("life_exts.garden"), log)
        await outcome("load garden again", bot.load_extension("life_exts.garden"), log)
        await outcome("load a missing one", bot.load_extension("life_exts.missing"), log)
        await outcome("load one without setup", bot.load_extension("life_exts.no_setup"), log)
        await outcome("load one whose setup fails",
                      bot.load_extension("life_exts.broken_setup"), log)
        log.append(state(bot))
        await outcome("load by a relative name",
                      bot.load_extension(".relative", package="life_exts.sub"), log)
        await outcome("load a relative name without package",
                      bot.load_extension(".relative"), log)
        log.append(f"the extension's module: {bot.extensions['life_exts.garden'].__name__}")
        log.append(state(bot))
        await outcome("unload one whose teardown fails",
                      bot.unload_extension("life_exts.sub.relative"), log)
        await outcome("unload it again", bot.unload_extension("life_exts.sub.relative"), log)
        await outcome("reload one not loaded", bot.reload_extension("life_exts.nothing"), log)

        garden = package / "garden.py"
        await asyncio.to_thread(
            rewrite, garden, "VERSION = 1\n",
            'VERSION = 2\nraise LookupError("version 2 does not import")\n')
        await outcome("reload to a version that fails", bot.reload_extension("life_exts.garden"),
                      log)
        log.append(f"after the failed reload: version "
                   f"{bot.extensions['life_exts.garden'].VERSION}; {state(bot)}")
        await asyncio.to_thread(
            rewrite, garden, 'VERSION = 2\nraise LookupError("version 2 does not import")\n',
            "VERSION = 30\n")
        await outcome("reload to a good version", bot.reload_extension("life_exts.garden"), log)
        log.append(f"version {bot.extensions['life_exts.garden'].VERSION}; {state(bot)}")
        await outcome("unload garden", bot.unload_extension("life_exts.garden"), log)
        log.append(state(bot))
        await bot.load_extension("life_exts.garden")
    finally:
        await bot.close()
        log.append(f"closed: {state(bot)}")
        sys.path.remove(str(folder))
        forget_package()
    return log


async def test_extensions_load_fail_roll_back_and_unload_as_in_discord_py(
        tmp_path: Path) -> None:
    said = {library: await extension_life(library, tmp_path / library.replace(".", ""))
            for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"]
    log = said["tidecord"]
    assert ("load one whose setup fails: ExtensionFailed name=life_exts.broken_setup "
            "[Extension 'life_exts.broken_setup' raised an error: ValueError: no soil] "
            "from ValueError: no soil") in log
    # A failed setup takes back the command it added and its module.
    assert ("extensions=['life_exts.garden'] cogs=['Garden'] commands=['dig', 'water'] "
            "listeners=['on_member_join:1'] modules=['life_exts.garden']") in log
    assert "after the failed reload: version 1;" in " ".join(log)
    assert "garden v30: teardown, cog still there: False" in log


async def cog_life(library: str) -> list[str]:
    discord, commands = MODULES[library]
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(),
                       help_command=None)
    log: list[str] = []

    class Toolbox(commands.Cog, name="Tools", command_attrs={"hidden": True}):
        """Things to fix the garden with.

        Spanners, mostly."""

        def __init__(self, label: str) -> None:
            self.label = label

        async def cog_load(self) -> None:
            log.append(f"{self.label}: cog_load")

        async def cog_unload(self) -> None:
            log.append(f"{self.label}: cog_unload")

        @commands.command()
        async def spanner(self, ctx: Any) -> None:
            pass

        @commands.command(hidden=False)
        async def hammer(self, ctx: Any) -> None:
            pass

        @commands.group()
        async def box(self, ctx: Any) -> None:
            pass

        @box.command()
        async def lid(self, ctx: Any) -> None:
            pass

        @commands.Cog.listener()
        async def on_message(self, message: Any) -> None:
            pass

        @commands.Cog.listener("on_message")
        async def also_reads(self, message: Any) -> None:
            pass

    class Plain(commands.Cog):
        pass

    first = Toolbox("first")
    await bot.add_cog(first)
    await outcome("add a second cog of that name", bot.add_cog(Toolbox("second")), log)
    await outcome("add it with override", bot.add_cog(Toolbox("third"), override=True), log)
    await outcome("add something not a cog", bot.add_cog(object()), log)
    cog = bot.get_cog("Tools")
    log.append(f"get_cog: {cog.label}; by class name: {bot.get_cog('Toolbox')}; "
               f"cogs: {sorted(bot.cogs)}")
    log.append(f"qualified_name={cog.qualified_name!r} description={cog.description!r}")
    log.append(f"get_commands={[c.name for c in cog.get_commands()]} "
               f"walk={[c.qualified_name for c in cog.walk_commands()]}")
    log.append(f"hidden={[(c.name, c.hidden) for c in cog.walk_commands()]} "
               f"cog_name={bot.get_command('box lid').cog_name}")
    log.append(f"listeners={[(name, method.__name__) for name, method in cog.get_listeners()]}"
               f" on the bot: {len(bot.extra_events['on_message'])}")
    plain = Plain()
    await bot.add_cog(plain)
    log.append(f"Plain description={plain.description!r}")
    removed = await bot.remove_cog("Plain")
    log.append(f"remove_cog gives the cog: {removed is plain}; again: "
               f"{await bot.remove_cog('Plain')}")
    await bot.remove_cog("Tools")
    log.append(f"after removing: commands={sorted(c.name for c in bot.commands)} "
               f"listeners={len(bot.extra_events.get('on_message', []))}")
    return log


async def test_cogs_added_replaced_read_and_removed_as_in_discord_py() -> None:
    said = {library: await cog_life(library) for library in LIBRARIES}
    assert said["tidecord"] == said["discord.py"]
    log = said["tidecord"]
    assert "add a second cog of that name: ClientException name=None " \
           "[Cog named 'Tools' already loaded]" in log
    assert ["first: cog_load", "third: cog_load"] == [line for line in log
                                                      if "cog_load" in line]
