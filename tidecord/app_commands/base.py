"""What every application command shares: slash commands, context menus and groups.

A valid name, the callback and its error handler, the settings decorators left on
the function (where it may be used, its permissions, its checks), and the fields
only top-level commands send to Discord.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Coroutine
from typing import Any

from ..commands.checks import all_pass
from .decorate import Pending, pending
from .translator import locale_str

__all__ = ["Callback", "check_name", "run_checks"]

Callback = Callable[..., Coroutine[Any, Any, Any]]
# Thai and Devanagari combining marks are not \w, yet Discord takes them in names.
_SLASH_NAME = re.compile(r"^[-_\w\u0E31-\u0E3A\u0E47-\u0E4E\u0900-\u0903\u093A-\u093C"
                         r"\u093E-\u094F\u0955-\u0957\u0962\u0963]{1,32}$")


def check_name(name: str, *, slash: bool = True) -> str:
    """A valid command, group or option name, else ValueError as discord.py raises (the
    shape first, then the case)."""
    if slash and not _SLASH_NAME.match(name):
        raise ValueError(f"{name!r} must be between 1-32 characters and contain only "
                         "lower-case letters, numbers, hyphens, or underscores.")
    if slash and name != name.lower():
        raise ValueError(f"{name!r} must be all lower-case")
    if not slash and not 1 <= len(name) <= 32:
        raise ValueError("context menu names must be between 1-32 characters")
    return name


run_checks = all_pass
"""Whether every check passes for an interaction (the core's
:func:`~tidecord.commands.checks.all_pass`; a check may raise its own CheckFailure)."""


class _CommandBase:
    """What commands, context menus and groups share: where they may be used, checks."""

    __tidecord_app_command_object__ = True
    name: str
    guild_only: bool
    allowed_contexts: Any
    allowed_installs: Any
    default_permissions: Any
    checks: list[Callable[..., Any]]
    _guild_ids: list[int] | None
    on_error: Callback | None
    nsfw: bool

    async def get_translated_payload(self, tree: Any, translator: Any) -> dict[str, Any]:
        """The command as ``tree.sync()`` registers it, its strings localised by
        ``translator`` (an :class:`~tidecord.app_commands.Translator`)."""
        from .translate import translated_payload  # it reads the kinds defined over this

        return await translated_payload(self, tree, translator)  # type: ignore[arg-type]

    def _setup(self, name: str | locale_str, callback: Callback, *, slash: bool,
               guild_ids: list[int] | None, allowed_contexts: Any, allowed_installs: Any,
               nsfw: bool, auto_locale_strings: bool, extras: dict[Any, Any] | None) -> Pending:
        """What commands and context menus share: name, callback, decorators' settings."""
        if not inspect.iscoroutinefunction(callback):
            raise TypeError("command function must be a coroutine function")
        self._locale_name = name if isinstance(name, locale_str) else (
            locale_str(name) if auto_locale_strings else None)
        self.name = check_name(str(name), slash=slash)
        self._callback = callback
        self.on_error = None
        self.module: str | None = callback.__module__
        self.extras: dict[Any, Any] = extras or {}
        settings = pending(callback)
        self._take_pending(settings)
        if guild_ids is not None:
            self._guild_ids = guild_ids
        self.allowed_contexts = allowed_contexts or self.allowed_contexts
        self.allowed_installs = allowed_installs or self.allowed_installs
        self.nsfw = bool(settings.nsfw) or nsfw
        return settings

    @property
    def callback(self) -> Callback:
        """The coroutine it runs."""
        return self._callback

    def error(self, coro: Callback) -> Callback:
        """Register a local error handler: ``async def on_err(interaction, error)``."""
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("The error handler must be a coroutine.")
        self.on_error = coro
        return coro

    def _take_pending(self, settings: Pending) -> None:
        self.guild_only = bool(settings.guild_only)
        self.allowed_contexts = settings.allowed_contexts
        self.allowed_installs = settings.allowed_installs
        self.default_permissions = settings.default_permissions
        self.checks = list(settings.checks)
        self._guild_ids = settings.guild_ids

    def add_check(self, func: Callable[..., Any], /) -> None:
        """Add a check: ``func(interaction)`` returns (or awaits) a bool, or raises."""
        self.checks.append(func)

    def remove_check(self, func: Callable[..., Any], /) -> None:
        """Remove a check (nothing happens if it was not there)."""
        if func in self.checks:
            self.checks.remove(func)

    def _top_dict(self, tree: Any) -> dict[str, Any]:
        """The fields only top-level commands carry."""
        return {
            "nsfw": bool(getattr(self, "nsfw", False)),
            "dm_permission": not self.guild_only,
            # A number, as discord.py writes it (Discord takes a number or a string).
            "default_member_permissions": None if self.default_permissions is None
            else self.default_permissions.value,
            "contexts": tree.allowed_contexts.merge_to_array(self.allowed_contexts),
            "integration_types": tree.allowed_installs.merge_to_array(self.allowed_installs),
        }
