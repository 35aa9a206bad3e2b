"""Decorators may sit above or below ``@app_commands.command``: one place to store what
they say, on the command object if it exists already, else on the function until
the command is made from it. Above a hybrid command (``commands.hybrid_command``)
they apply to its slash side.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Pending", "add_check", "is_command", "peek", "pending", "setting", "target_of",
           "update"]

# The attribute a function carries its pending settings in.
_PENDING = "__tidecord_app_command__"


class Pending:
    """What decorators said about a function before it became a command."""

    def __init__(self) -> None:
        self.guild_only: bool | None = None
        self.allowed_contexts: Any = None
        self.allowed_installs: Any = None
        self.default_permissions: Any = None
        self.nsfw: bool | None = None
        self.guild_ids: list[int] | None = None
        self.checks: list[Any] = []
        self.descriptions: dict[str, Any] = {}
        self.renames: dict[str, Any] = {}
        self.choices: dict[str, Any] = {}
        self.autocompletes: dict[str, Any] = {}


def is_command(target: Any) -> bool:
    """Whether ``target`` is a command, context menu or group (not a function, and not
    a ``Group`` subclass: decorators above a class wait for its instances)."""
    return not isinstance(target, type) and getattr(
        target, "__tidecord_app_command_object__", False) is True


def target_of(target: Any) -> Any:
    """What a decorator applies to: a hybrid command's slash side, else ``target``."""
    inner = getattr(target, "__tidecord_app_command_unwrap__", None)
    return target if inner is None else inner


def _holder(target: Any) -> Any:
    target = target_of(target)
    return target if is_command(target) else pending(target)


def pending(func: Any) -> Pending:
    """The pending settings of a function (made on first use); a bound method's are its
    function's (``ContextMenu(callback=self.hug)`` in a cog), where decorators put them."""
    func = getattr(func, "__func__", func)
    found = getattr(func, _PENDING, None)
    if found is None:
        found = Pending()
        setattr(func, _PENDING, found)
    return found


def peek(target: Any) -> Pending:
    """What decorators said about ``target`` (a function or a class), leaving it untouched."""
    found = getattr(target, _PENDING, None)
    return found if found is not None else Pending()


def setting(target: Any, name: str) -> Any:
    """A setting of a command (its attribute) or of a function (pending)."""
    return getattr(_holder(target), name)


def update(target: Any, **values: Any) -> None:
    """Set settings on a command (attributes) or a function (pending)."""
    holder = _holder(target)
    for name, value in values.items():
        setattr(holder, name, value)


def add_check(target: Any, predicate: Any) -> None:
    """Add a check to a command (or to a function, for when it becomes one)."""
    _holder(target).checks.append(predicate)
