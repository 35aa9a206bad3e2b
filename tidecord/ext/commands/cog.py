"""Cogs: a class bundling commands, listeners, checks and hooks, added and removed as one.

::

    class Ideas(commands.Cog):
        def __init__(self, bot):
            self.bot = bot

        @commands.command()
        async def idea(self, ctx): ...

        @commands.Cog.listener()
        async def on_member_join(self, member): ...

    await bot.add_cog(Ideas(bot))

Special methods a cog may define: ``cog_load`` / ``cog_unload`` (sync or async),
``cog_check``, ``bot_check``, ``bot_check_once``, ``cog_command_error``,
``cog_before_invoke``, ``cog_after_invoke``, and for its slash commands
``interaction_check`` and ``cog_app_command_error``.

A cog may hold slash commands (``@app_commands.command()`` methods and
``app_commands.Group`` attributes) and hybrid commands beside its prefix commands;
:class:`GroupCog` makes one slash group of them (see :mod:`.cog_app`).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Self, TypeVar

from ... import app_commands
from ...app_commands.parameters import MISSING
from ...utils import maybe_coroutine
from .base import BaseCommand
from .cog_app import (
    add_to_tree,
    bind_app_commands,
    group_options,
    is_app_command,
    remove_from_tree,
)

__all__ = ["Cog", "CogMeta", "GroupCog"]

log = logging.getLogger("tidecord.ext.commands.cog")

F = TypeVar("F", bound=Callable[..., Any])

_RESERVED = ("cog_", "bot_")


class CogMeta(type):
    """Collects a cog class's commands and listeners; ``name=``, ``description=`` and
    ``command_attrs=`` as class keywords."""

    __cog_name__: str
    __cog_description__: str
    __cog_settings__: dict[str, Any]
    __cog_commands__: list[Any]
    __cog_app_commands__: list[Any]
    __cog_app_command_attrs__: list[str]
    __cog_listeners__: list[tuple[str, str]]

    def __new__(mcs, *args: Any, **kwargs: Any) -> CogMeta:
        # The class keyword ``name=`` would clash with a ``name`` parameter: take args whole.
        name, bases, attrs = args
        if any(issubclass(base, app_commands.Group) for base in bases):
            raise TypeError("Cannot inherit from app_commands.Group with commands.Cog, "
                            "consider using commands.GroupCog instead")
        attrs["__cog_name__"] = kwargs.get("name", name)
        attrs["__cog_settings__"] = kwargs.pop("command_attrs", {})
        description = kwargs.pop("description", None)
        if description is None:
            description = inspect.cleandoc(attrs.get("__doc__", "") or "")
        attrs["__cog_description__"] = description
        attrs.update(group_options(name, kwargs, description))  # takes name= and group_*=
        new_cls = super().__new__(mcs, name, bases, attrs, **kwargs)
        commands: dict[str, Any] = {}
        slash: dict[str, Any] = {}
        listeners: dict[str, Any] = {}
        for base in reversed(new_cls.__mro__):
            for elem, value in base.__dict__.items():
                commands.pop(elem, None)  # a subclass's attribute replaces the base's
                slash.pop(elem, None)
                listeners.pop(elem, None)
                is_static = isinstance(value, staticmethod)
                if is_static:
                    value = value.__func__
                if isinstance(value, BaseCommand) or is_app_command(value):
                    if is_static:
                        raise TypeError(f"Command in method {base}.{elem!r} must not be "
                                        "staticmethod.")
                    _refuse_reserved(base, elem)
                    (commands if isinstance(value, BaseCommand) else slash)[elem] = value
                elif inspect.iscoroutinefunction(value) and hasattr(value, "__cog_listener__"):
                    _refuse_reserved(base, elem)
                    listeners[elem] = value
        new_cls.__cog_commands__ = list(commands.values())
        new_cls.__cog_app_commands__ = list(slash.values())
        new_cls.__cog_app_command_attrs__ = list(slash)
        new_cls.__cog_listeners__ = [(event, listener.__name__)
                                     for listener in listeners.values()
                                     for event in listener.__cog_listener_names__]
        return new_cls

    def __init__(cls, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args)

    @property
    def qualified_name(cls) -> str:
        """The cog's name."""
        return cls.__cog_name__


def _refuse_reserved(base: type, elem: str) -> None:
    if elem.startswith(_RESERVED):
        raise TypeError("Commands or listeners must not start with cog_ or bot_ "
                        f"(in method {base.__name__}.{elem})")


def _special(func: F) -> F:
    func.__cog_special_method__ = None  # type: ignore[attr-defined]
    return func


class Cog(metaclass=CogMeta):
    """Base class of cogs (see the module docstring)."""

    __cog_name__: ClassVar[str]
    __cog_description__: str
    __cog_settings__: ClassVar[dict[str, Any]]
    __cog_commands__: list[Any]
    __cog_app_commands__: list[Any]
    __cog_app_command_attrs__: ClassVar[list[str]]
    __cog_listeners__: ClassVar[list[tuple[str, str]]]
    __cog_group_name__: ClassVar[Any]
    __cog_group_description__: ClassVar[Any]
    __cog_group_nsfw__: ClassVar[bool]
    __cog_group_auto_locale_strings__: ClassVar[bool]
    __cog_group_extras__: ClassVar[dict[Any, Any]]
    __cog_is_app_commands_group__: ClassVar[bool] = False
    __cog_app_commands_group__: app_commands.Group | None

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        self = super().__new__(cls)
        # Each instance gets its own copies of the commands, bound to it.
        settings = cls.__cog_settings__
        self.__cog_commands__ = [c._update_copy(settings) for c in cls.__cog_commands__]
        by_name = {c.qualified_name: c for c in self.__cog_commands__}
        for command in self.__cog_commands__:
            setattr(self, command.callback.__name__, command)
            parent = command.parent
            if parent is not None:
                # Re-attach to this instance's copy of the group.
                parent = by_name[parent.qualified_name]
                parent.remove_command(command.name)
                parent.add_command(command)
        bind_app_commands(self, [c for c in self.__cog_commands__
                                 if c.parent is None and getattr(c, "app_command", None)])
        return self

    @property
    def qualified_name(self) -> str:
        """The cog's name."""
        return self.__cog_name__

    @property
    def description(self) -> str:
        """The cog's description (its docstring by default)."""
        return self.__cog_description__

    @description.setter
    def description(self, text: str) -> None:
        self.__cog_description__ = text

    def get_commands(self) -> list[Any]:
        """The cog's top-level commands."""
        return [c for c in self.__cog_commands__ if c.parent is None]

    def walk_commands(self) -> Iterator[Any]:
        """Every command of the cog, subcommands included."""
        for command in self.__cog_commands__:
            if command.parent is None:
                yield command
                if hasattr(command, "walk_commands"):
                    yield from command.walk_commands()

    def get_app_commands(self) -> list[Any]:
        """The cog's top-level slash commands and groups (none for a GroupCog: its
        commands are in :attr:`app_command`)."""
        return [c for c in self.__cog_app_commands__ if c.parent is None]

    def walk_app_commands(self) -> Iterator[Any]:
        """Every slash command and group of the cog, subcommands included."""
        for command in self.__cog_app_commands__:
            yield command
            if isinstance(command, app_commands.Group):
                yield from command.walk_commands()

    @property
    def app_command(self) -> app_commands.Group | None:
        """A GroupCog's slash group (``None`` for other cogs)."""
        return self.__cog_app_commands_group__

    def get_listeners(self) -> list[tuple[str, Callable[..., Any]]]:
        """``(event name, bound method)`` for each listener."""
        return [(name, getattr(self, method)) for name, method in self.__cog_listeners__]

    @classmethod
    def listener(cls, name: str | None = None) -> Callable[[F], F]:
        """Decorator: listen to an event (``name``, else the method's name)."""
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Cog.listener expected str but received {type(name).__name__} "
                            "instead.")

        def decorator(func: F) -> F:
            actual = func.__func__ if isinstance(func, staticmethod) else func
            if not inspect.iscoroutinefunction(actual):
                raise TypeError("Listener function must be a coroutine function.")
            actual.__cog_listener__ = True  # type: ignore[attr-defined]
            names = getattr(actual, "__cog_listener_names__", None)
            if names is None:
                names = actual.__cog_listener_names__ = []  # type: ignore[attr-defined]
            names.append(name or actual.__name__)
            return func

        return decorator

    def has_error_handler(self) -> bool:
        """Whether the cog defines ``cog_command_error``."""
        return not hasattr(self.cog_command_error.__func__, "__cog_special_method__")  # type: ignore[attr-defined]

    def has_app_command_error_handler(self) -> bool:
        """Whether the cog defines ``cog_app_command_error``."""
        return not hasattr(self.cog_app_command_error.__func__, "__cog_special_method__")  # type: ignore[attr-defined]

    @_special
    async def cog_load(self) -> None:
        """Override: runs when the cog is added (async setup goes here)."""

    @_special
    async def cog_unload(self) -> None:
        """Override: runs when the cog is removed."""

    @_special
    def bot_check_once(self, ctx: Any) -> Any:
        """Override: a bot-wide check run once per invocation."""
        return True

    @_special
    def bot_check(self, ctx: Any) -> Any:
        """Override: a bot-wide check for every command."""
        return True

    @_special
    def cog_check(self, ctx: Any) -> Any:
        """Override: a check for every command of this cog."""
        return True

    @_special
    async def cog_command_error(self, ctx: Any, error: Exception) -> None:
        """Override: errors of this cog's commands, before ``on_command_error``."""

    @_special
    def interaction_check(self, interaction: Any, /) -> Any:
        """Override: a check for every slash command of this cog (False refuses)."""
        return True

    @_special
    async def cog_app_command_error(self, interaction: Any, error: Exception) -> None:
        """Override: errors of this cog's slash commands, before the tree's ``on_error``."""

    @_special
    async def cog_before_invoke(self, ctx: Any) -> None:
        """Override: runs before each of this cog's commands."""

    @_special
    async def cog_after_invoke(self, ctx: Any) -> None:
        """Override: runs after each of this cog's commands."""

    async def _inject(self, bot: Any, *, override: bool = False, guild: Any = MISSING,
                      guilds: Any = MISSING) -> Self:
        cls = type(self)
        # A GroupCog's group goes to the tree before cog_load, as in discord.py: a group
        # of a name already there refuses the cog before it has loaded anything.
        group_first = self.__cog_app_commands_group__ is not None
        if group_first:
            add_to_tree(self, bot.tree, override=override, guild=guild, guilds=guilds)
        try:
            await maybe_coroutine(self.cog_load)
        except BaseException:
            if group_first:
                remove_from_tree(self, bot.tree)
            raise
        added: list[Any] = []
        try:
            for command in self.__cog_commands__:
                command.cog = self
                if command.parent is None:
                    bot.add_command(command)
                    added.append(command)
            if not group_first:
                add_to_tree(self, bot.tree, override=override, guild=guild, guilds=guilds)
        except Exception as exc:
            # Take back what was added, then say why (even if cog_unload fails too).
            for command in added:
                bot.remove_command(command.name)
            if group_first:
                remove_from_tree(self, bot.tree)
            try:
                await maybe_coroutine(self.cog_unload)
            finally:
                raise exc
        if cls.bot_check is not Cog.bot_check:
            bot.add_check(self.bot_check)
        if cls.bot_check_once is not Cog.bot_check_once:
            bot.add_check(self.bot_check_once, call_once=True)
        for name, method in self.__cog_listeners__:
            bot.add_listener(getattr(self, method), name)
        return self

    async def _eject(self, bot: Any, *, guild: Any = MISSING, guilds: Any = MISSING) -> None:
        cls = type(self)
        try:
            for command in self.__cog_commands__:
                if command.parent is None:
                    bot.remove_command(command.name)
            remove_from_tree(self, bot.tree, guild=guild, guilds=guilds)
            for name, method in self.__cog_listeners__:
                bot.remove_listener(getattr(self, method), name)
            if cls.bot_check is not Cog.bot_check:
                bot.remove_check(self.bot_check)
            if cls.bot_check_once is not Cog.bot_check_once:
                bot.remove_check(self.bot_check_once, call_once=True)
        finally:
            try:
                await maybe_coroutine(self.cog_unload)
            except Exception:
                log.exception("Ignoring exception in cog unload for Cog %r (%r)", cls,
                              self.qualified_name)


class GroupCog(Cog):
    """A cog whose slash commands form one group, ``/<group_name> <command>``.

    Class keywords ``group_name`` (default: ``name=``, else the class name in kebab
    case), ``group_description``, ``group_nsfw``, ``group_auto_locale_strings``,
    ``group_extras``; ``@app_commands.guild_only()``, ``guilds(...)`` and
    ``default_permissions(...)`` on the class apply to the group. Hybrid commands join
    the group as slash commands and stay top-level prefix commands.
    """

    __cog_is_app_commands_group__: ClassVar[bool] = True
