"""Slash commands (``Command``) and context menus (``ContextMenu``), and the decorators
that make and describe them: ``command``, ``context_menu``, ``describe``, ``rename``,
``choices``, ``autocomplete``, ``guilds``."""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Self, TypeVar

from ..commands import docstrings
from ..commands.checks import all_pass
from ..models import Member, Message, User
from .decorate import Pending, is_command, pending, target_of, update
from .enums import AppCommandType
from .errors import AppCommandError, CheckFailure, CommandInvokeError, CommandSignatureMismatch
from .models import Choice
from .parameters import MISSING, Parameter, description_of, extract_parameters, is_inside_class
from .translator import locale_str

if TYPE_CHECKING:
    from ..interactions import Interaction, Namespace

__all__ = [
    "Command",
    "ContextMenu",
    "autocomplete",
    "choices",
    "command",
    "context_menu",
    "describe",
    "guilds",
    "rename",
    "run_checks",
]

T = TypeVar("T")
Callback = Callable[..., Coroutine[Any, Any, Any]]
_SLASH_NAME = re.compile(r"^[-_\w]{1,32}$")


def check_name(name: str, *, slash: bool = True) -> str:
    """A valid command (or group) name, else ValueError as discord.py raises."""
    if slash and (not _SLASH_NAME.match(name) or name != name.lower()):
        raise ValueError(f"{name!r} must be between 1-32 characters and contain only "
                         "lower-case letters, numbers, hyphens, or underscores.")
    if not slash and not 1 <= len(name) <= 32:
        raise ValueError("context menu names must be between 1-32 characters")
    return name


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


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
            "default_member_permissions": None if self.default_permissions is None
            else str(self.default_permissions.value),
            "contexts": tree.allowed_contexts.merge_to_array(self.allowed_contexts),
            "integration_types": tree.allowed_installs.merge_to_array(self.allowed_installs),
        }


class Command(_CommandBase):
    """A slash command (or a subcommand of a :class:`Group`)."""

    def __init__(self, *, name: str | locale_str, description: str | locale_str,
                 callback: Callback, nsfw: bool = False, parent: Any = None,
                 guild_ids: list[int] | None = None, allowed_contexts: Any = None,
                 allowed_installs: Any = None, auto_locale_strings: bool = True,
                 extras: dict[Any, Any] | None = None) -> None:
        settings = self._setup(name, callback, slash=True, guild_ids=guild_ids,
                               allowed_contexts=allowed_contexts,
                               allowed_installs=allowed_installs, nsfw=nsfw,
                               auto_locale_strings=auto_locale_strings, extras=extras)
        self._locale_description = description if isinstance(description, locale_str) else (
            locale_str(description) if auto_locale_strings else None)
        self.description: str = str(description)
        if not 1 <= len(self.description) <= 100:
            raise ValueError("description must be between 1 and 100 characters")
        self.parent = parent
        self.binding: Any = None
        self._params = self._read_parameters(callback)
        self._apply(settings)

    def _read_parameters(self, callback: Callback) -> dict[str, Parameter]:
        """The options, from the callback's signature (hybrid commands read their own)."""
        return extract_parameters(callback)

    # -- what decorators say about parameters --------------------------------------
    def _apply(self, settings: Pending) -> None:
        for name, text in settings.descriptions.items():
            self._param(name, "describe").description = _described(text)
        for name, new in settings.renames.items():
            self._param(name, "rename").rename(new)
        for name, options in settings.choices.items():
            param = self._param(name, "choices")
            param.choices = list(options)
        for name, func in settings.autocompletes.items():
            param = self._param(name, "autocomplete")
            if param.choices:
                raise TypeError("an option with choices cannot also have autocomplete")
            param.autocomplete = func
        self._check_choices()

    def _check_choices(self) -> None:
        for param in self._params.values():
            if len(param.choices) > 25:
                raise TypeError(f"parameter {param.name!r} has more than 25 choices")
            for choice in param.choices:
                if choice._option_type != param.type:
                    raise TypeError(f"choices of parameter {param.name!r} must be of type "
                                    f"{param.type.name}")

    def _param(self, name: str, what: str) -> Parameter:
        param = self._params.get(name)
        if param is None:
            raise TypeError(f"unknown parameter given to {what}: {name!r}")
        return param

    # -- reading it ------------------------------------------------------------------
    @property
    def parameters(self) -> list[Parameter]:
        """Its options, in order."""
        return list(self._params.values())

    def get_parameter(self, name: str) -> Parameter | None:
        """A parameter by its Python name."""
        return self._params.get(name)

    @property
    def root_parent(self) -> Any:
        """The top-level group it is in, if any."""
        parent = self.parent
        return None if parent is None else (parent.parent or parent)

    @property
    def qualified_name(self) -> str:
        """``"group sub command"``."""
        return self.name if self.parent is None else f"{self.parent.qualified_name} {self.name}"

    def __repr__(self) -> str:
        return f"<Command name={self.qualified_name!r}>"

    def to_dict(self, tree: Any) -> dict[str, Any]:
        """The command as ``sync`` registers it."""
        # type 1: a slash command at the top, a subcommand (option type 1) in a group
        data: dict[str, Any] = {"name": self.name, "description": self.description,
                                "type": 1, "options": [p.to_dict() for p in self._params.values()]}
        if self.parent is not None:
            return data
        data.update(self._top_dict(tree))
        return data

    # -- decorators on the command object ---------------------------------------------
    def autocomplete(self, name: str) -> Callable[[Callback], Callback]:
        """``@cmd.autocomplete("option")`` on ``async def f(interaction, current)``."""
        def decorator(coro: Callback) -> Callback:
            if not inspect.iscoroutinefunction(coro):
                raise TypeError("autocomplete callback must be a coroutine function")
            param = self._param(name, "autocomplete")
            if param.choices:
                raise TypeError("an option with choices cannot also have autocomplete")
            param.autocomplete = coro
            return coro
        return decorator

    def _copy_with(self, *, parent: Any, binding: Any) -> Self:
        """A copy living in ``parent`` and bound to ``binding`` (a group or cog instance)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.parent = parent
        copy.binding = binding
        copy.checks = list(self.checks)
        return copy

    # -- running it ------------------------------------------------------------------
    async def _can_run(self, interaction: Interaction[Any]) -> bool:
        for owner in (self.parent.parent if self.parent is not None else None, self.parent):
            if owner is not None and owner is not self.binding:
                if not await _maybe_await(owner.interaction_check(interaction)):
                    return False
        if self.binding is not None:
            check = getattr(self.binding, "interaction_check", None)
            if check is not None and not await _maybe_await(check(interaction)):
                return False
        return await run_checks(self.checks, interaction)

    async def _invoke_with_namespace(self, interaction: Interaction[Any],
                                     namespace: Namespace) -> Any:
        if not await self._can_run(interaction):
            raise CheckFailure(f"The check functions for command {self.name!r} failed.")
        values = await self._transform_arguments(interaction, namespace)
        try:
            if self.binding is not None:
                return await self._callback(self.binding, interaction, **values)
            return await self._callback(interaction, **values)
        except AppCommandError:
            raise
        except Exception as exc:
            raise CommandInvokeError(self, exc) from exc

    async def _transform_arguments(self, interaction: Interaction[Any], namespace: Namespace
                                   ) -> dict[str, Any]:
        """What the callback receives for each parameter, from the options given."""
        values: dict[str, Any] = {}
        for param in self._params.values():
            raw = namespace.__dict__.get(param.display_name, MISSING)
            if raw is MISSING or raw is None:
                if param.required:
                    raise CommandSignatureMismatch(self)
                values[param.name] = await self._default(interaction, param)
            else:
                values[param.name] = await param.transform(interaction, raw)
        return values

    async def _default(self, interaction: Interaction[Any], param: Parameter) -> Any:
        """The value of an option left out."""
        return param.default

    async def _invoke_autocomplete(self, interaction: Interaction[Any], name: str,
                                   namespace: Namespace) -> None:
        param = next((p for p in self._params.values() if p.display_name == name), None)
        if param is None or param.autocomplete is None:
            raise CommandSignatureMismatch(self)
        value = namespace.__dict__.get(name)
        func = param.autocomplete
        if self.binding is not None and inspect.isfunction(func) and is_inside_class(func):
            offered = await func(self.binding, interaction, value)
        else:
            offered = await func(interaction, value)
        if not interaction.response.is_done():
            await interaction.response.autocomplete(offered)

    async def _invoke_error_handlers(self, interaction: Interaction[Any],
                                     error: AppCommandError) -> None:
        if self.on_error is not None:
            if self.binding is not None and is_inside_class(self.on_error):
                await self.on_error(self.binding, interaction, error)
            else:
                await self.on_error(interaction, error)
        parent = self.parent
        while parent is not None:
            await parent.on_error(interaction, error)
            parent = parent.parent
        cog = self._cog()
        if cog is not None:
            await cog.cog_app_command_error(interaction, error)

    def _cog(self) -> Any:
        """The cog the command was defined in (bound to it, or to a group bound to it),
        whose ``cog_app_command_error`` hears its errors; ``None`` outside cogs."""
        holder = self
        while holder is not None:
            if hasattr(holder.binding, "cog_app_command_error"):
                return holder.binding
            holder = holder.parent
        return None

    def _has_any_error_handlers(self) -> bool:
        if self.on_error is not None:
            return True
        parent = self.parent
        while parent is not None:
            if parent._has_error_handler():
                return True
            parent = parent.parent
        cog = self._cog()
        return cog is not None and bool(cog.has_app_command_error_handler())


class ContextMenu(_CommandBase):
    """A command in the Apps menu of a member (``user``) or a message (``message``)."""

    def __init__(self, *, name: str | locale_str, callback: Callback,
                 type: AppCommandType | None = None, nsfw: bool = False,
                 guild_ids: list[int] | None = None, allowed_contexts: Any = None,
                 allowed_installs: Any = None, auto_locale_strings: bool = True,
                 extras: dict[Any, Any] | None = None) -> None:
        self._setup(name, callback, slash=False, guild_ids=guild_ids,
                    allowed_contexts=allowed_contexts, allowed_installs=allowed_installs,
                    nsfw=nsfw, auto_locale_strings=auto_locale_strings, extras=extras)
        self.type = type if type is not None else _menu_type(callback)
        self.parent = None

    @property
    def qualified_name(self) -> str:
        """The menu's name."""
        return self.name

    def __repr__(self) -> str:
        return f"<ContextMenu name={self.name!r} type={self.type!r}>"

    def to_dict(self, tree: Any) -> dict[str, Any]:
        """The menu as ``sync`` registers it."""
        data: dict[str, Any] = {"name": self.name, "type": int(self.type)}
        data.update(self._top_dict(tree))
        return data

    def _has_any_error_handlers(self) -> bool:
        return self.on_error is not None

    async def _invoke(self, interaction: Interaction[Any], target: Any) -> None:
        try:
            if not await run_checks(self.checks, interaction):
                raise CheckFailure(f"The check functions for context menu {self.name!r} "
                                   "failed.")
            await self._callback(interaction, target)
        except AppCommandError:
            raise
        except Exception as exc:
            raise CommandInvokeError(self, exc) from exc


def _menu_type(callback: Callback) -> AppCommandType:
    """A user menu when the target is a member or user, a message menu for a message."""
    params = list(inspect.signature(callback).parameters.values())
    if len(params) != 2:
        raise TypeError("context menu callbacks require 2 parameters: (interaction, target)")
    try:
        hints = typing.get_type_hints(callback)
    except Exception:
        hints = {}
    annotation = hints.get(params[1].name, params[1].annotation)
    args = set(typing.get_args(annotation)) or {annotation}
    if args == {Message}:
        return AppCommandType.message
    if args and args <= {Member, User}:
        return AppCommandType.user
    raise TypeError(f"unsupported context menu parameter annotation {annotation!r}: "
                    "use Member, User (or both) or Message")


# -- decorators -------------------------------------------------------------------------

def command(*, name: str | locale_str = MISSING, description: str | locale_str = MISSING,
            nsfw: bool = False, auto_locale_strings: bool = True,
            extras: dict[Any, Any] | None = None) -> Callable[[Callback], Command]:
    """Make a slash command of ``async def name(interaction, option: type, ...)``.

    The name defaults to the function's, the description to its docstring.
    """
    def decorator(func: Callback) -> Command:
        if not inspect.iscoroutinefunction(func):
            raise TypeError("command function must be a coroutine function")
        return Command(name=func.__name__ if name is MISSING else name,
                       description=description_of(func) if description is MISSING
                       else description, callback=func, nsfw=nsfw,
                       auto_locale_strings=auto_locale_strings, extras=extras)
    return decorator


def context_menu(*, name: str | locale_str = MISSING, nsfw: bool = False,
                 auto_locale_strings: bool = True, extras: dict[Any, Any] | None = None
                 ) -> Callable[[Callback], ContextMenu]:
    """Make a context menu of ``async def f(interaction, member: Member)`` (or a message)."""
    def decorator(func: Callback) -> ContextMenu:
        return ContextMenu(name=func.__name__.title() if name is MISSING else name,
                           callback=func, nsfw=nsfw, auto_locale_strings=auto_locale_strings,
                           extras=extras)
    return decorator


def _described(text: Any) -> Any:
    """A description as ``describe`` gives it: text is shortened to fit Discord's limit;
    a :class:`locale_str` is left to the translator."""
    if isinstance(text, str):
        return docstrings.shorten(text)
    if not isinstance(text, locale_str):
        raise TypeError("description must be a string")
    return text


def _params_decorator(field: str, what: str, values: dict[str, Any]
                      ) -> Callable[[T], T]:
    def decorator(target: T) -> T:
        command = target_of(target)
        if is_command(command):
            for key, value in values.items():
                param = command._param(key, what)
                if field == "descriptions":
                    param.description = _described(value)
                elif field == "renames":
                    param.rename(value)
                elif field == "choices":
                    param.choices = list(value)
                else:
                    param.autocomplete = value
            command._check_choices()
        else:
            getattr(pending(command), field).update(values)
        return target
    return decorator


def describe(**parameters: str | locale_str) -> Callable[[T], T]:
    """Describe options: ``@app_commands.describe(member="Who to greet")``."""
    return _params_decorator("descriptions", "describe", parameters)


def rename(**parameters: str | locale_str) -> Callable[[T], T]:
    """Show options under other names: ``@app_commands.rename(the_user="user")``."""
    return _params_decorator("renames", "rename", parameters)


def choices(**parameters: list[Choice[Any]]) -> Callable[[T], T]:
    """Fixed choices: ``@app_commands.choices(fruit=[Choice(name="Apple", value="apple")])``;
    the callback receives the chosen :class:`Choice`."""
    for name, given in parameters.items():
        if not all(isinstance(c, Choice) for c in given):
            raise TypeError(f"choices for {name!r} must be a list of Choice")
    return _params_decorator("choices", "choices", parameters)


def autocomplete(**parameters: Callback) -> Callable[[T], T]:
    """Suggest values while typing: ``@app_commands.autocomplete(fruit=fruit_names)``."""
    for name, func in parameters.items():
        if not inspect.iscoroutinefunction(func):
            raise TypeError(f"autocomplete callback for {name!r} must be a coroutine function")
    return _params_decorator("autocompletes", "autocomplete", parameters)


def guilds(*guild_ids: Any) -> Callable[[T], T]:
    """Register only in these guilds (ids or objects with ``id``)."""
    ids = [int(getattr(g, "id", g)) for g in guild_ids]

    def decorator(target: T) -> T:
        inner = target_of(target)
        update(inner, _guild_ids=ids) if is_command(inner) else update(inner, guild_ids=ids)
        return target
    return decorator
