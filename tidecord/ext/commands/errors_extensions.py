"""The errors of setting a bot up rather than of running a command.

Loading, unloading and reloading extensions (``ExtensionError`` and its kinds), and
registering a command whose name or alias is taken. None is a ``CommandError``:
they reach the code that called ``load_extension`` or ``add_command``."""

from __future__ import annotations

from typing import Any

from ...rest import ClientException, DiscordException
from .errors_invoking import _defused

__all__ = [
    "CommandRegistrationError", "ExtensionAlreadyLoaded", "ExtensionError", "ExtensionFailed",
    "ExtensionNotFound", "ExtensionNotLoaded", "NoEntryPointError",
]


class ExtensionError(DiscordException):
    """Base of the extension errors (``name``: the extension)."""

    def __init__(self, message: str | None = None, *args: Any, name: str) -> None:
        self.name = name
        super().__init__(_defused(message or f"Extension {name!r} had an error."), *args)


class ExtensionAlreadyLoaded(ExtensionError):
    """Loaded already."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Extension {name!r} is already loaded.", name=name)


class ExtensionNotLoaded(ExtensionError):
    """Not loaded."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Extension {name!r} has not been loaded.", name=name)


class NoEntryPointError(ExtensionError):
    """The module has no ``setup``."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Extension {name!r} has no 'setup' function.", name=name)


class ExtensionFailed(ExtensionError):
    """Importing the module, or its ``setup``, raised ``original``."""

    def __init__(self, name: str, original: Exception) -> None:
        self.original = original
        super().__init__(f"Extension {name!r} raised an error: {type(original).__name__}: "
                         f"{original}", name=name)


class ExtensionNotFound(ExtensionError):
    """No such module."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Extension {name!r} could not be loaded or found.", name=name)


class CommandRegistrationError(ClientException):
    """A command name or alias is taken."""

    def __init__(self, name: str, *, alias_conflict: bool = False) -> None:
        self.name = name
        self.alias_conflict = alias_conflict
        kind = "alias" if alias_conflict else "command"
        super().__init__(f"The {kind} {name} is already an existing command or alias.")
