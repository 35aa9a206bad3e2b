"""``tidecord run --reload``: reload what changed on disk while the bot stays connected.

Every half second the files of the bot's loaded extensions (and their submodules) and
of the bot's own module are checked. A changed extension is reloaded with
``bot.reload_extension`` (which keeps the old version if the new one fails). A changed
bot module is executed again, into a fresh module, and what can move over to the
running bot does: commands and listeners defined at module level, ``@bot.event``
handlers, and the methods of the bot's class. Each reload is reported in one line.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from tidecord.client import Client

from .errors import CLIError
from .lifecycle import say
from .loader import find_bot, run_again

__all__ = ["Reloader"]

#: Seconds between two looks at the files.
INTERVAL = 0.5


def _say(text: str) -> None:
    say(f"tidecord: {text}")


def _mtimes(paths: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for path in paths:
        try:
            found[path] = os.stat(path).st_mtime_ns
        except OSError:
            found[path] = -1  # gone for now (an editor saving by rename)
    return found


def _one_line(exc: BaseException) -> str:
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


class Reloader:
    """Watches ``bot``'s files and reloads what changes (see the module docstring).

    A file counts as changed when its modification time differs from the one it had
    when it was loaded (``bot.extension_files``), so an edit made just after loading is
    not missed; a version that failed to load is not tried again until it changes.
    """

    def __init__(self, bot: Client, module: ModuleType, interval: float = INTERVAL) -> None:
        self.bot = bot
        self.module = module
        self.interval = interval
        self._module_files = _mtimes([module.__file__] if module.__file__ else [])
        self._tried: dict[str, int] = {}

    def _expected(self) -> dict[str, tuple[int, str, str]]:
        """File -> (modification time when loaded, "extension" or "bot", name)."""
        files = {path: (stamp, "bot", self.module.__name__)
                 for path, stamp in self._module_files.items()}
        extension_files = getattr(self.bot, "extension_files", None)
        for name in getattr(self.bot, "extensions", {}):
            for path, stamp in (extension_files(name) if extension_files else {}).items():
                files[path] = (stamp, "extension", name)
        return files

    async def run(self) -> None:
        """Watch until cancelled."""
        while True:
            await asyncio.sleep(self.interval)
            expected = self._expected()
            now = await asyncio.to_thread(_mtimes, expected)
            stale = [
                (kind, name) for path, (stamp, kind, name) in expected.items()
                if now[path] >= 0 and now[path] != stamp and now[path] != self._tried.get(path)
            ]
            for path, (stamp, _, _) in expected.items():
                if now[path] != stamp:
                    self._tried[path] = now[path]
            for kind, name in dict.fromkeys(stale):
                if kind == "extension":
                    await self.reload_extension(name)
                else:
                    await self.reload_bot_module()

    async def reload_extension(self, name: str) -> None:
        """Reload one extension and say how it went."""
        try:
            await self.bot.reload_extension(name)  # type: ignore[attr-defined]
        except Exception as exc:
            cause = getattr(exc, "original", exc)
            _say(f"could not reload extension {name}: {_one_line(cause)} "
                 "(the previous version keeps running)")
        else:
            _say(f"reloaded extension {name}")

    async def reload_bot_module(self) -> None:
        """Run the bot's module again and move what it defines onto the running bot."""
        old = self.module
        shown = Path(old.__file__ or old.__name__).name
        try:
            fresh = await asyncio.to_thread(run_again, old)
            new_bot = find_bot(fresh)
        except CLIError as exc:  # a syntax error, a failing import, no bot...
            sys.modules[old.__name__] = old
            reason = str(exc).removeprefix(f"could not import {shown}: ")
            _say(f"could not reload {shown}: {reason} (the previous version keeps running)")
            return
        moved = _transplant(self.bot, new_bot, old.__name__)
        sys.modules[old.__name__] = fresh
        self.module = fresh
        self._module_files = await asyncio.to_thread(_mtimes, [fresh.__file__ or ""])
        _say(f"reloaded {Path(fresh.__file__ or fresh.__name__).name}: {moved}")


def _transplant(bot: Any, new_bot: Any, module_name: str) -> str:
    """Move ``new_bot``'s module-level definitions onto ``bot``; say what moved."""
    moved = []
    old_class, new_class = type(bot), type(new_bot)
    if (new_class is not old_class and new_class.__module__ == module_name
            and new_class.__qualname__ == old_class.__qualname__):
        bot.__class__ = new_class  # methods (on_message, setup...) from the new code
        moved.append(f"class {new_class.__name__}")
    handlers = {k: v for k, v in vars(new_bot).items()
                if k.startswith("on_") and inspect.iscoroutinefunction(v)}
    for name in [k for k in vars(bot) if k.startswith("on_") and k not in handlers]:
        delattr(bot, name)  # an @bot.event handler the new code no longer has
    for name, handler in handlers.items():
        setattr(bot, name, handler)
    if handlers:
        moved.append(f"{len(handlers)} event handler(s)")
    if hasattr(bot, "all_commands") and hasattr(new_bot, "all_commands"):
        moved.extend(_move_commands(bot, new_bot, module_name))
    bot._dispatcher.invalidate()
    return ", ".join(moved) or "nothing to move"


def _move_commands(bot: Any, new_bot: Any, module_name: str) -> list[str]:
    moved = []
    mine = [c for c in list(bot.commands) if c.cog is None and c.module == module_name]
    for cmd in mine:
        bot.remove_command(cmd.name)
    fresh = [c for c in new_bot.commands if c.cog is None and c.module == module_name]
    for cmd in fresh:
        new_bot.remove_command(cmd.name)
        if bot.get_command(cmd.name) is not None:
            continue  # a name now taken elsewhere (a cog): keep that one
        bot.add_command(cmd)
    moved.append(f"{len(fresh)} command(s)")
    listeners = 0
    for event, funcs in list(bot.extra_events.items()):
        for func in list(funcs):
            if getattr(func, "__module__", None) == module_name:
                bot.remove_listener(func, event)
    for event, funcs in new_bot.extra_events.items():
        for func in funcs:
            if getattr(func, "__module__", None) == module_name:
                bot.add_listener(func, event)
                listeners += 1
    if listeners:
        moved.append(f"{listeners} listener(s)")
    return moved
