"""Typed bots subscript discord.py's generic classes in annotations that are evaluated
when their module loads (no ``from __future__ import annotations``):
``interaction: discord.Interaction[MyBot]``, ``ctx: commands.Context[MyBot]``,
``response: discord.InteractionResponse[MyBot]``. Every class discord.py 2.7.1 lets one
subscript, found by trying each public class of its modules, must subscript here too,
or the bot's file does not even import."""

import importlib
import inspect

import pytest

MODULES = [("discord", "tidecord"), ("discord.ext.commands", "tidecord.ext.commands"),
           ("discord.app_commands", "tidecord.app_commands"), ("discord.ui", "tidecord.ui"),
           ("discord.ext.tasks", "tidecord.ext.tasks")]
# Not in tidecord at all, on purpose: voice audio (no audio), and ext.tasks' internal
# backoff and the typing Sequence its module happens to import.
ABSENT = {"tidecord.PCMVolumeTransformer", "tidecord.ext.tasks.ExponentialBackoff",
          "tidecord.ext.tasks.Sequence"}


# What annotations put in the brackets: one type, two, or discord.py's Command[Cog, P, T].
PARAMS: list[object] = [int, (int, int), (int, ..., int)]


def _subscriptable(cls: type, params: object) -> bool:
    try:
        cls[params]  # type: ignore[index]
    except Exception:  # (an enum looks its members up by name: KeyError)
        return False
    return True


def _generic_classes() -> list[tuple[str, str, object]]:
    found = []
    for theirs, ours in MODULES:
        module = importlib.import_module(theirs)
        for name in dir(module):
            value = getattr(module, name)
            if name.startswith("_") or not inspect.isclass(value):
                continue
            params = next((p for p in PARAMS if _subscriptable(value, p)), None)
            if params is not None:
                found.append((ours, name, params))
    return found


GENERIC = _generic_classes()


def test_discord_py_has_the_generic_classes_bots_annotate_with() -> None:
    names = {f"{ours}.{name}" for ours, name, _ in GENERIC}
    assert {"tidecord.Interaction", "tidecord.ext.commands.Context",
            "tidecord.ext.commands.Command", "tidecord.InteractionResponse",
            "tidecord.ui.Button"} <= names


@pytest.mark.parametrize(("module", "name", "params"), GENERIC,
                         ids=[f"{m}.{n}" for m, n, _ in GENERIC])
def test_each_subscripts_as_in_discord_py(module: str, name: str, params: object) -> None:
    where = f"{module}.{name}"
    ours = getattr(importlib.import_module(module), name, None)
    if where in ABSENT:
        assert ours is None
        return
    assert ours is not None, f"{where} is missing"
    assert _subscriptable(ours, params), f"{where}[{params}] raises"


def test_a_typed_bot_module_imports() -> None:
    import tidecord as discord
    from tidecord.ext import commands

    class MyBot(commands.Bot):
        pass

    async def answer(interaction: discord.Interaction[MyBot],
                     response: discord.InteractionResponse[MyBot],
                     done: discord.InteractionCallbackResponse[MyBot]) -> None: ...

    class Mixed(commands.GroupMixin[MyBot]):
        pass

    assert inspect.signature(answer).parameters["response"].annotation is not None
    assert issubclass(Mixed, commands.GroupMixin)
