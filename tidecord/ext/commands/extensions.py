"""Extensions: modules with an async ``setup(bot)`` loaded, unloaded and reloaded live.

``await bot.load_extension("cogs.ideas")`` imports the module and awaits its
``setup(bot)``; ``unload_extension`` awaits its ``teardown(bot)`` if it has one and
removes every cog, command and listener the module (or its submodules) added;
``reload_extension`` does both, and puts the old version back if the new one fails.
A failing ``setup`` leaves nothing behind (:class:`ExtensionFailed`).
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import types
import warnings
from collections.abc import Mapping
from typing import Any

from tidecord.health.offload import renew_process_workers

from .errors import (
    ExtensionAlreadyLoaded,
    ExtensionFailed,
    ExtensionNotFound,
    ExtensionNotLoaded,
    NoEntryPointError,
)

__all__ = ["Extensions", "is_submodule"]

_NEVER_AWAITED = "was never awaited"


async def _call_entry(func: Any, bot: Any, what: str) -> None:
    """Call an extension's ``setup`` or ``teardown``, awaiting it if it is a coroutine.

    A plain function is accepted (a leniency), but one written for discord.py 1.x calls
    ``bot.add_cog(...)`` without ``await``: that coroutine never runs, so the cog would
    silently be missing. Python says so in a RuntimeWarning as the coroutine is dropped,
    which is caught here and turned into the error that says what to write.
    """
    if inspect.iscoroutinefunction(func):
        await func(bot)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(bot)
    dropped = [w for w in caught
               if issubclass(w.category, RuntimeWarning) and _NEVER_AWAITED in str(w.message)]
    for w in caught:
        if w not in dropped:  # someone else's warning: shown as it would have been
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno,
                                   source=w.source)
    if dropped:
        coroutine = str(dropped[0].message).split(_NEVER_AWAITED)[0].strip()
        raise TypeError(
            f"{what}() is a plain function and called {coroutine} without await, so it "
            f"never ran: write 'async def {what}(bot)' and await it (discord.py 2)")
    if inspect.isawaitable(result):
        await result


def _source_files(name: str) -> dict[str, int]:
    """The files of module ``name`` and its submodules, with their modification times."""
    found = {}
    for key, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and is_submodule(name, key):
            try:
                found[path] = os.stat(path).st_mtime_ns
            except OSError:
                continue
    return found


def is_submodule(parent: str, child: str) -> bool:
    """Whether ``child`` is ``parent`` or a module inside it."""
    return parent == child or child.startswith(parent + ".")


class Extensions:
    """The extension half of a bot (mixed into ``BotBase``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.__extensions: dict[str, types.ModuleType] = {}
        self.__files: dict[str, dict[str, int]] = {}
        super().__init__(*args, **kwargs)

    @property
    def extensions(self) -> Mapping[str, types.ModuleType]:
        """The loaded extensions, by name (read-only)."""
        return types.MappingProxyType(self.__extensions)

    def extension_files(self, name: str) -> dict[str, int]:
        """The source files extension ``name`` was loaded from, with their modification
        times (ns) at that moment: what ``tidecord run --reload`` compares against."""
        return dict(self.__files.get(name, {}))

    def _resolve_name(self, name: str, package: str | None) -> str:
        try:
            return importlib.util.resolve_name(name, package)
        except ImportError:
            # Not hidden: the import error says why (no package given, or one dot too
            # many), and discord.py's traceback shows it as the error being handled.
            raise ExtensionNotFound(name)  # noqa: B904

    async def load_extension(self, name: str, *, package: str | None = None) -> None:
        """Import ``name`` and await its ``setup(bot)``."""
        name = self._resolve_name(name, package)
        if name in self.__extensions:
            raise ExtensionAlreadyLoaded(name)
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            # discord.py lets this error out (e.g. "cogs.music.py": __path__ attribute not
            # found on 'cogs.music'); it stays here as the error being handled.
            raise ExtensionNotFound(name)  # noqa: B904
        if spec is None:
            raise ExtensionNotFound(name)
        # A namespace package (a folder without __init__.py) is found without a loader and
        # given one here: it loads, and then has no setup, as in discord.py.
        module = importlib.util.module_from_spec(spec)
        if spec.loader is None:
            raise ExtensionNotFound(name)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            del sys.modules[name]
            raise ExtensionFailed(name, exc) from exc
        try:
            setup = module.setup
        except AttributeError:
            del sys.modules[name]
            # The AttributeError stays the error being handled, as in discord.py.
            raise NoEntryPointError(name)  # noqa: B904
        try:
            await _call_entry(setup, self, "setup")
        except Exception as exc:
            # Take back whatever setup added before it failed.
            del sys.modules[name]
            await self._remove_module_references(module.__name__)
            await self._call_module_finalizers(module, name)
            raise ExtensionFailed(name, exc) from exc
        self.__extensions[name] = module
        self.__files[name] = _source_files(name)

    async def unload_extension(self, name: str, *, package: str | None = None) -> None:
        """Await the module's ``teardown(bot)`` and remove everything it added."""
        name = self._resolve_name(name, package)
        module = self.__extensions.get(name)
        if module is None:
            raise ExtensionNotLoaded(name)
        await self._remove_module_references(module.__name__)
        await self._call_module_finalizers(module, name)

    async def reload_extension(self, name: str, *, package: str | None = None) -> None:
        """Unload then load ``name``; if the new version fails, the old one stays loaded."""
        name = self._resolve_name(name, package)
        module = self.__extensions.get(name)
        if module is None:
            raise ExtensionNotLoaded(name)
        saved = {key: mod for key, mod in sys.modules.items()
                 if is_submodule(module.__name__, key)}
        stamps = self.__files.get(name, {})
        try:
            await self._remove_module_references(module.__name__)
            await self._call_module_finalizers(module, name)
            await self.load_extension(name)
        except Exception:
            # Roll back: what the old setup added, then the old module and its
            # submodules. If the old setup fails too, its error is raised and the modules
            # stay out of sys.modules, as the extension is no longer loaded.
            await self._remove_module_references(module.__name__)
            await _call_entry(module.setup, self, "setup")
            self.__extensions[name] = module
            self.__files[name] = stamps
            sys.modules.update(saved)
            raise
        renew_process_workers()  # to_process workers hold the old module

    async def _remove_module_references(self, name: str) -> None:
        bot: Any = self
        for cog_name, cog in dict(bot.cogs).items():
            if is_submodule(name, type(cog).__module__):
                await bot.remove_cog(cog_name)
        for cmd in list(bot.all_commands.values()):
            if cmd.module is not None and is_submodule(name, cmd.module):
                if hasattr(cmd, "recursively_remove_all_commands"):
                    cmd.recursively_remove_all_commands()
                bot.remove_command(cmd.name)
        for event, listeners in list(bot.extra_events.items()):
            for listener in list(listeners):
                module = getattr(listener, "__module__", None)
                if module is not None and is_submodule(name, module):
                    bot.remove_listener(listener, event)
        # Slash commands the module added to the tree itself (not through a cog).
        bot.tree._remove_where(lambda c: c.module is not None and is_submodule(name, c.module))

    async def _call_module_finalizers(self, module: types.ModuleType, key: str) -> None:
        try:
            teardown = getattr(module, "teardown", None)
            if teardown is not None:
                try:
                    await _call_entry(teardown, self, "teardown")
                except Exception:  # a failing teardown must not keep the module loaded
                    pass
        finally:
            self.__extensions.pop(key, None)
            self.__files.pop(key, None)
            sys.modules.pop(key, None)
            for loaded in list(sys.modules):
                if is_submodule(module.__name__, loaded):
                    del sys.modules[loaded]
