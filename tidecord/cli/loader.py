"""Import a bot file or module (never as ``__main__``) and find the bot in it.

A file that ends with its own ``bot.run(...)`` gives that bot, and stops importing
there (see :mod:`tidecord.cli.capture`): its token is never read.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import inspect
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType

from tidecord.client import Client
from tidecord.health.offload import run_files_in_workers

from .capture import (
    EntryCalled,
    RunCalled,
    capturing_run,
    compile_capturing,
    discord_py_advice,
    is_discord_py_client,
)
from .errors import CLIError

__all__ = ["RUN_ENTRY", "RUN_LINE", "find_bot", "load_bot", "load_file_as", "load_module",
           "run_again"]

#: tidecord's own folder: its lines are never the user's line in an error.
_TIDECORD = Path(__file__).resolve().parents[1]
#: Set on a module whose import stopped at its own ``bot.run(...)``: that bot.
RUN_BOT = "__tidecord_bot__"
#: Set on a module whose import stopped at a module-level ``bot.run(...)``: its line.
RUN_LINE = "__tidecord_run_line__"
#: Set on a module whose import stopped at its own ``asyncio.run(EXPR)``: makes EXPR.
RUN_ENTRY = "__tidecord_entry__"


def load_bot(target: str) -> Client:
    """Import ``target`` (a ``.py`` path or a dotted module name) and return its bot."""
    return find_bot(load_module(target))


def load_module(target: str) -> ModuleType:
    """Import a file by path or a module by dotted name, as ``import`` would, not as a script.

    A file's folder goes first on ``sys.path`` so its sibling imports work, exactly as
    with ``python file.py``; its ``if __name__ == "__main__":`` block does not run,
    unless it ends in ``asyncio.run(main())`` (see :mod:`tidecord.cli.capture`).
    Raises :class:`CLIError` with one line for a missing target or a failing import.
    """
    path = Path(target)
    if path.is_dir() and not (path / "__init__.py").is_file():
        raise CLIError(_folder_advice(path))
    if path.suffix == ".py" or path.is_file() or not _is_dotted_name(target):
        return _load_file(path)
    # As `python -m` does: modules in the working directory are importable by name.
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        # Only a missing *target* is a usage error; a missing import inside it is not.
        spec = importlib.util.find_spec(target)
    except (ImportError, ValueError):
        spec = None
    except Exception as exc:  # a parent package failed while being imported
        raise CLIError(f"could not import {target}: {_describe(exc)}") from None
    if spec is None:
        raise CLIError(f"no such file or module: {target}")
    if target in sys.modules:
        return sys.modules[target]
    return _execute(spec, target)


def find_bot(module: ModuleType) -> Client:
    """Return the module's bot: a module-level Client instance, else its Client subclass.

    A subclass is instantiated with no arguments. More than one candidate, none,
    or a subclass whose ``__init__`` needs arguments is a :class:`CLIError`.
    """
    where = module.__file__ or module.__name__
    ran = vars(module).get(RUN_BOT)
    if isinstance(ran, Client):
        return ran  # the bot the file itself called .run() on
    instances = {name: value for name, value in vars(module).items() if isinstance(value, Client)}
    if len(instances) == 1:
        return next(iter(instances.values()))
    if instances:
        raise CLIError(f"{where} has several bots ({', '.join(sorted(instances))}); keep one")
    classes = [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, Client)
        and value is not Client
        and value.__module__ == module.__name__
    ]
    # A base class the file subclasses again is not the bot; its most derived class is.
    leaves = [c for c in classes if not any(o is not c and issubclass(o, c) for o in classes)]
    if not leaves:
        foreign = sorted(name for name, value in vars(module).items()
                         if is_discord_py_client(value) and not name.startswith("_"))
        if foreign:
            raise CLIError(discord_py_advice(f"{where} defines {foreign[0]},"))
        raise CLIError(
            f"no bot found in {where}: define a tidecord.Client subclass "
            "(class MyBot(tidecord.Client)) or a module-level Client instance"
        )
    if len(leaves) > 1:
        names = ", ".join(sorted(cls.__name__ for cls in leaves))
        raise CLIError(f"{where} defines several bots ({names}); keep one or create an instance")
    bot_class = leaves[0]
    try:
        inspect.signature(bot_class).bind()
    except TypeError as exc:
        raise CLIError(
            f"{bot_class.__name__}() needs arguments ({exc}); give them defaults "
            "or create the bot at module level"
        ) from None
    except ValueError:
        pass  # no signature to inspect (C-level __init__): just try it
    try:
        return bot_class()
    except Exception as exc:
        raise CLIError(f"{bot_class.__name__}() failed: "
                       f"{_describe(exc, getattr(module, '__file__', None))}") from None


def _folder_advice(folder: Path) -> str:
    """A folder given where a file was meant (the project's, as `tidecord new` made it):
    which of its files holds the bot, when that can be told."""
    files = sorted(p.name for p in folder.glob("*.py"))
    chosen = "bot.py" if "bot.py" in files else files[0] if len(files) == 1 else None
    if chosen is None:
        return f"{folder} is a folder: give the .py file that defines the bot"
    return f"{folder} is a folder: give the bot's file, tidecord run {folder / chosen}"


def _load_file(path: Path) -> ModuleType:
    if not path.is_file():
        raise CLIError(f"no such file: {path}" if not path.exists() else f"not a file: {path}")
    path = path.resolve()
    name = path.stem if path.stem.isidentifier() else "_tidecord_bot"
    existing = sys.modules.get(name)
    if existing is not None and getattr(existing, "__file__", None) != str(path):
        name = f"_tidecord_bot_{name}"  # never shadow an unrelated module of the same name
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CLIError(f"cannot import {path}: not a Python file")
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return _execute(spec, path.name)


def load_file_as(name: str, path: str) -> ModuleType:
    """In a ``to_process`` worker: load a bot file under the name the bot's process gave
    it, stopping at its own ``bot.run(...)`` there too, so pickled calls can refer to it."""
    parent = name.rpartition(".")[0]
    if parent:
        importlib.import_module(parent)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CLIError(f"cannot import {path}: not a Python file")
    return _execute(spec, Path(path).name)


def run_again(module: ModuleType) -> ModuleType:
    """Run a loaded file's current code into a fresh module (``tidecord run --reload``),
    stopping at its own ``bot.run(...)`` as the first load did; on failure the old module
    stays in ``sys.modules`` and :class:`CLIError` says why."""
    spec = importlib.util.spec_from_file_location(module.__name__, module.__file__ or "")
    if spec is None or spec.loader is None:
        raise CLIError(f"cannot find the source of {module.__name__}")
    try:
        return _execute(spec, Path(module.__file__ or module.__name__).name)
    except CLIError:
        sys.modules[module.__name__] = module
        raise


def _execute(spec: importlib.machinery.ModuleSpec, shown: str) -> ModuleType:
    """Run the module's code as ``import`` would, stopping at its own ``bot.run(...)``."""
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        with capturing_run(module.__dict__):
            source = _source(spec)
            if source is None:  # compiled or extension modules: no calls to rewrite
                assert spec.loader is not None
                spec.loader.exec_module(module)
            else:
                exec(compile_capturing(source, spec.origin or shown), module.__dict__)
    except RunCalled as called:
        setattr(module, RUN_BOT, called.bot)
        setattr(module, RUN_LINE, called.line)
    except EntryCalled as called:
        setattr(module, RUN_ENTRY, called.entry)
    except CLIError as exc:  # the file's own run() refused (a discord.py bot)
        del sys.modules[spec.name]
        raise CLIError(f"{shown}: {exc}") from None
    except Exception as exc:
        del sys.modules[spec.name]
        raise CLIError(f"could not import {shown}: {_describe(exc, spec.origin)}") from None
    except SystemExit as exc:
        del sys.modules[spec.name]
        raise CLIError(f"{shown} called exit({exc.code!r}) while being imported") from None
    parent, _, child = spec.name.rpartition(".")
    if parent in sys.modules:  # as import does: `package.bot` is an attribute of `package`
        setattr(sys.modules[parent], child, module)
    if spec.origin and spec.has_location and spec.submodule_search_locations is None:
        # A to_process worker imports it the same way, not by a plain import.
        run_files_in_workers(spec.name, spec.origin)
    return module


def _source(spec: importlib.machinery.ModuleSpec) -> str | None:
    get_source = getattr(spec.loader, "get_source", None)
    if get_source is None or not (spec.origin or "").endswith(".py"):
        return None
    source: str | None = get_source(spec.name)
    return source


def _describe(exc: BaseException, origin: str | None = None) -> str:
    """One line: the exception and where in the user's code it was raised.

    With ``origin`` (the bot file), that is the innermost line in the bot's folder:
    a ``TypeError`` a library raises about the user's call (``@client.event`` on a plain
    ``def``) names the user's line, not the library's.
    """
    text = traceback.format_exception_only(type(exc), exc)[-1].strip()
    if isinstance(exc, SyntaxError):
        return f"{text} ({Path(exc.filename or '?').name}, line {exc.lineno})"
    frames = traceback.extract_tb(exc.__traceback__)
    folder = Path(origin).resolve().parent if origin else None
    own = [f for f in frames if folder is not None and _inside(Path(f.filename), folder)]
    if own or frames:
        where = (own or frames)[-1]
        text += f" ({Path(where.filename).name}, line {where.lineno})"
    return text


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is a file of ``folder`` (or below), not of tidecord itself nor of
    a library installed there (a virtual environment inside the project)."""
    return (path.is_relative_to(folder) and not path.is_relative_to(_TIDECORD)
            and "site-packages" not in path.parts)


def _is_dotted_name(text: str) -> bool:
    return all(part.isidentifier() for part in text.split("."))
