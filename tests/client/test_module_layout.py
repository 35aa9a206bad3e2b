"""discord.py's modules by name: code that reaches a class through the module
discord.py defines it in (``commands.core.Command`` in a hint, ``from
discord.ui.container import Container``, ``discord.errors.Forbidden``) runs on
tidecord, and finds there the very objects the package exports."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

import tidecord

PACKAGES = ("", "ext.commands", "app_commands", "ui")


def _modules_of(package: str) -> list[tuple[str, list[str]]]:
    """discord.py's modules of ``package`` that declare what they export."""
    root = importlib.import_module(f"discord.{package}" if package else "discord")
    found = []
    for info in pkgutil.iter_modules(root.__path__):
        module = importlib.import_module(f"{root.__name__}.{info.name}")
        names = getattr(module, "__all__", None)
        if names:
            found.append((info.name, list(names)))
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_each_discord_py_module_reads_the_packages_own_objects(package: str) -> None:
    ours = importlib.import_module(f"tidecord.{package}" if package else "tidecord")
    lacking = []
    for name, exported in _modules_of(package):
        theirs = importlib.import_module(f"discord.{package}.{name}".replace("..", "."))
        top = importlib.import_module(theirs.__name__.rpartition(".")[0])
        # what the package exports too (``discord.abc.User`` is not ``discord.User``)
        shared = [item for item in exported if hasattr(ours, item)
                  and getattr(theirs, item) is getattr(top, item, None)]
        if not shared:
            continue  # a module of things tidecord does not have (voice, oggparse...)
        module = importlib.import_module(f"{ours.__name__}.{name}")
        assert isinstance(module, ModuleType)
        lacking += [f"{name}.{item}" for item in shared
                    if getattr(module, item, None) is not getattr(ours, item)]
    assert lacking == []


def test_the_modules_a_hint_or_an_import_names_work() -> None:
    # written as a bot would (``from discord.ext.commands.core import Command``), by
    # name, since the modules exist only once the packages are imported
    pairs = {"ext.commands.core": ("Command", "ext.commands"),
             "ext.commands.converter": ("Greedy", "ext.commands"),
             "app_commands.namespace": ("Namespace", "app_commands"),
             "ui.container": ("Container", "ui"), "errors": ("Forbidden", "")}
    for module, (name, package) in pairs.items():
        for library in ("discord", "tidecord"):
            found = getattr(importlib.import_module(f"{library}.{module}"), name)
            exported = importlib.import_module(f"{library}.{package}".rstrip("."))
            assert found is getattr(exported, name), (library, module, name)
    assert tidecord.Forbidden.__module__.startswith("tidecord")
