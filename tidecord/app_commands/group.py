"""``Group``: ``/settings channel`` and ``/settings role`` under one name (one level of
subgroups at most, as Discord allows).

Either an instance with ``@group.command()``, or a subclass whose methods are
``@app_commands.command()`` (they take ``self``; the instance is their binding)::

    class Settings(app_commands.Group, name="settings"):
        \"\"\"Bot settings\"\"\"

        @app_commands.command()
        async def channel(self, interaction, where: tidecord.TextChannel): ...
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from copy import copy as shallow_copy
from typing import TYPE_CHECKING, Any, ClassVar

from .base import Callback, _CommandBase, check_name
from .commands import Command
from .decorate import Pending, peek
from .errors import AppCommandError, CommandAlreadyRegistered
from .parameters import MISSING, description_of
from .translator import locale_str

if TYPE_CHECKING:
    from ..interactions import Interaction

__all__ = ["Group", "kebab_case"]

MAX_CHILDREN = 25


def kebab_case(name: str) -> str:
    """``SettingsPanel`` -> ``settings-panel``: a class name as a command name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


class Group(_CommandBase):
    """A slash command with subcommands (and at most one level of subgroups)."""

    __tidecord_group_children__: ClassVar[dict[str, Any]] = {}
    __tidecord_group_name__: ClassVar[Any] = MISSING
    __tidecord_group_description__: ClassVar[Any] = MISSING
    __tidecord_group_settings__: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, *, name: str | locale_str = MISSING,
                          description: str | locale_str = MISSING,
                          guild_only: bool = MISSING, nsfw: bool = False,
                          auto_locale_strings: bool = True, default_permissions: Any = MISSING,
                          extras: dict[Any, Any] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        children: dict[str, Any] = {}
        for base in reversed(cls.__mro__):
            for attr, value in vars(base).items():
                # A command made by ``@sub.command()`` belongs to ``sub``, not here.
                if isinstance(value, Command | Group) and value.parent is None:
                    children[attr] = value
        if len(children) > MAX_CHILDREN:
            raise TypeError("groups cannot have more than 25 commands")
        cls.__tidecord_group_children__ = children
        cls.__tidecord_group_name__ = kebab_case(cls.__name__) if name is MISSING else name
        cls.__tidecord_group_description__ = (
            (inspect.cleandoc(cls.__doc__).split("\n\n")[0][:100] if cls.__doc__ else "…")
            if description is MISSING else description)
        settings: dict[str, Any] = {"nsfw": nsfw, "auto_locale_strings": auto_locale_strings,
                                    "extras": extras}
        if guild_only is not MISSING:
            settings["guild_only"] = guild_only
        if default_permissions is not MISSING:
            settings["default_permissions"] = default_permissions
        cls.__tidecord_group_settings__ = settings

    def __init__(self, *, name: str | locale_str = MISSING,
                 description: str | locale_str = MISSING, parent: Group | None = None,
                 guild_ids: list[int] | None = None, guild_only: bool = MISSING,
                 allowed_contexts: Any = None, allowed_installs: Any = None,
                 nsfw: bool = MISSING, auto_locale_strings: bool = MISSING,
                 default_permissions: Any = MISSING,
                 extras: dict[Any, Any] | None = None) -> None:
        cls = type(self)
        defaults = cls.__tidecord_group_settings__
        decorated = peek(cls)  # what decorators above the class said
        settings = Pending()
        settings.guild_only = guild_only if guild_only is not MISSING else \
            defaults.get("guild_only", bool(decorated.guild_only))
        settings.default_permissions = default_permissions if default_permissions is not \
            MISSING else defaults.get("default_permissions", decorated.default_permissions)
        settings.guild_ids = guild_ids
        settings.allowed_contexts = allowed_contexts or _copied(decorated.allowed_contexts)
        settings.allowed_installs = allowed_installs or _copied(decorated.allowed_installs)
        self._take_pending(settings)
        # ``@app_commands.guilds(...)`` on the class sets the class's _guild_ids.
        self._guild_ids = guild_ids if guild_ids is not None else \
            getattr(cls, "_guild_ids", None)
        if name is MISSING:
            name = cls.__tidecord_group_name__
        if name is MISSING:
            raise TypeError("groups must have a name")
        if description is MISSING:
            description = cls.__tidecord_group_description__
        if not description:  # a subclass has its docstring's line, or "…"
            raise TypeError("groups must have a description")
        auto = defaults.get("auto_locale_strings", True) if auto_locale_strings is MISSING \
            else auto_locale_strings
        self._locale_name = name if isinstance(name, locale_str) else (
            locale_str(name) if auto else None)
        self.name: str = check_name(str(name))
        self._locale_description = description if isinstance(description, locale_str) else (
            locale_str(description) if auto else None)
        self.description: str = str(description)
        self.nsfw: bool = defaults.get("nsfw", False) if nsfw is MISSING else nsfw
        self.extras: dict[Any, Any] = extras or defaults.get("extras") or {}
        # A bare ``Group(...)`` belongs to the module of its commands (see ``module``).
        self._module: str | None = None if cls is Group else cls.__module__
        self.parent: Group | None = None
        self.binding: Any = None
        self._error_handler: Callback | None = None
        self._children: dict[str, Command | Group] = {}
        if parent is not None:
            self._set_parent(parent)  # refuses a third level before the children come
        for child in cls.__tidecord_group_children__.values():
            self._adopt(child, binding=self)
        if parent is not None:  # ``Group(name=..., parent=outer)`` joins ``outer``
            parent.add_command(self)

    @property
    def module(self) -> str | None:
        """The module that defined the group (unloading its extension removes it): its
        class's, or for a bare ``Group(...)`` the module of its commands."""
        if self._module is not None:
            return self._module
        return next((c.module for c in self._children.values() if c.module), None)

    @module.setter
    def module(self, value: str | None) -> None:
        self._module = value

    def _set_parent(self, parent: Group) -> None:
        if parent.parent is not None:
            raise ValueError("groups can only be nested at most one level")
        self.parent = parent

    def _adopt(self, child: Command | Group, *, binding: Any) -> None:
        """Take a class-level command or subgroup as this instance's own copy."""
        if isinstance(child, Command):
            copy = child._copy_with(parent=self, binding=binding)
            self._children[copy.name] = copy
            return
        sub = child._copy_with(parent=self, binding=binding)
        self._children[sub.name] = sub

    def _copy_with(self, *, parent: Group | None, binding: Any) -> Group:
        """A copy of this group in ``parent``. Its commands bound to this group follow
        the copy; unbound ones (written in an outer class body) get ``binding``."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.parent = None
        if parent is not None:
            copy._set_parent(parent)
        copy.binding = binding
        copy._children = {}
        for name, child in self._children.items():
            child_binding = copy if child.binding is self else (
                binding if child.binding is None else child.binding)
            copy._children[name] = child._copy_with(parent=copy, binding=child_binding)
        return copy

    # -- reading ---------------------------------------------------------------------
    @property
    def commands(self) -> list[Command | Group]:
        """The subcommands and subgroups."""
        return list(self._children.values())

    def walk_commands(self) -> Iterator[Command | Group]:
        """Every subcommand and subgroup, nested ones included."""
        for child in self._children.values():
            yield child
            if isinstance(child, Group):
                yield from child.walk_commands()

    def get_command(self, name: str, /) -> Command | Group | None:
        """A direct child by name."""
        return self._children.get(name)

    _get_internal_command = get_command

    @property
    def qualified_name(self) -> str:
        """``"parent child"``."""
        return self.name if self.parent is None else f"{self.parent.name} {self.name}"

    @property
    def root_parent(self) -> Group | None:
        """The group this one is in, if any."""
        return self.parent

    def __repr__(self) -> str:
        return f"<Group name={self.qualified_name!r} commands={len(self._children)}>"

    def to_dict(self, tree: Any) -> dict[str, Any]:
        """The group as ``sync`` registers it."""
        data: dict[str, Any] = {
            "name": self.name, "description": self.description,
            "type": 1 if self.parent is None else 2,
            "options": [child.to_dict(tree) for child in self._children.values()]}
        if self.parent is None:
            data.update(self._top_dict(tree))
        return data

    # -- building --------------------------------------------------------------------
    def add_command(self, command: Command | Group, /, *, override: bool = False) -> None:
        """Add a subcommand or subgroup."""
        if not isinstance(command, Command | Group):
            raise TypeError(f"expected Command or Group not {type(command).__name__}")
        if isinstance(command, Group):
            if self.parent is not None:
                raise ValueError(f"{command.name!r} is too nested, groups can only be nested "
                                 "at most one level")
            command._set_parent(self)
        else:
            command.parent = self
        if command.name in self._children and not override:
            raise CommandAlreadyRegistered(command.name, None)
        if len(self._children) >= MAX_CHILDREN and command.name not in self._children:
            raise ValueError("maximum number of child commands exceeded")
        self._children[command.name] = command

    def remove_command(self, name: str, /) -> Command | Group | None:
        """Remove a child by name; returns it."""
        return self._children.pop(name, None)

    def command(self, *, name: str | locale_str = MISSING,
                description: str | locale_str = MISSING, nsfw: bool = False,
                auto_locale_strings: bool = True, extras: dict[Any, Any] | None = None
                ) -> Callable[[Callback], Command]:
        """``@group.command()``: a subcommand of this group."""
        def decorator(func: Callback) -> Command:
            made = Command(name=func.__name__ if name is MISSING else name,
                           description=description_of(func) if description is MISSING
                           else description, callback=func, nsfw=nsfw, parent=self,
                           auto_locale_strings=auto_locale_strings, extras=extras)
            self.add_command(made)
            return made
        return decorator

    # -- behaviour ---------------------------------------------------------------------
    async def interaction_check(self, interaction: Interaction[Any], /) -> bool:
        """Override: return False to refuse any of the group's commands."""
        return True

    async def on_error(self, interaction: Interaction[Any], error: AppCommandError, /) -> None:
        """Override (or use ``@group.error``): errors of the group's commands."""
        if self._error_handler is not None:
            await self._error_handler(interaction, error)

    def error(self, coro: Callback) -> Callback:
        """Register the group's error handler: ``async def f(interaction, error)``."""
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("The error handler must be a coroutine.")
        self._error_handler = coro
        return coro

    def _has_error_handler(self) -> bool:
        return self._error_handler is not None or type(self).on_error is not Group.on_error


def _copied(value: Any) -> Any:
    """Each instance of a decorated group class gets its own copy of a class setting."""
    return None if value is None else shallow_copy(value)
