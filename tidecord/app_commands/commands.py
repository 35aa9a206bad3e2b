"""Slash commands (``Command``) and the ``command`` decorator that makes one.

What they share with context menus and groups is in ``base.py``; context menus
(``ContextMenu``, ``context_menu``) are in ``menus.py`` and the decorators that
describe options (``describe``, ``rename``, ``choices``, ``autocomplete``,
``guilds``) in ``option_decorators.py``; all are importable from here, as before."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import GenericAlias
from typing import TYPE_CHECKING, Any, Self

from .base import Callback, _CommandBase, run_checks
from .decorate import Pending
from .errors import AppCommandError, CheckFailure, CommandInvokeError, CommandSignatureMismatch
from .menus import ContextMenu, context_menu
from .option_decorators import _described, autocomplete, choices, describe, guilds, rename
from .parameters import (
    MISSING,
    TYPED_BY_HAND,
    CommandParameter,
    Parameter,
    description_of,
    extract_parameters,
    is_inside_class,
    may_autocomplete,
)
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


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class Command(_CommandBase):
    """A slash command (or a subcommand of a :class:`Group`)."""

    # Typed bots write ``app_commands.Command[Any, ..., Any]`` in annotations,
    # evaluated when their module loads (as discord.py's generic classes allow).
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

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
        self._auto_locale_strings = auto_locale_strings
        self.description: str = str(description)
        if not 1 <= len(self.description) <= 100:
            raise ValueError("description must be between 1 and 100 characters")
        self.parent = parent
        self.binding: Any = None
        self._params = self._read_parameters(callback)
        self._apply(settings)
        if self._guild_ids is not None and parent is not None:
            raise ValueError("child commands cannot have default guilds set, consider setting "
                             "them in the parent instead")

    def _read_parameters(self, callback: Callback) -> dict[str, CommandParameter]:
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
            may_autocomplete(param, func)
            param.autocomplete = func
        self._check_choices()

    def _check_choices(self) -> None:
        for param in self._params.values():
            if len(param.choices) > 25:
                raise TypeError(f"parameter {param.name!r} has more than 25 choices")
            if param.choices and param.autocomplete is not None:
                # Whichever decorator came first (Discord refuses both at sync).
                raise TypeError("an option with choices cannot also have autocomplete")
            if param.choices and param.type not in TYPED_BY_HAND:
                raise TypeError("choices are only supported for integer, string, or number "
                                "option types")
            if any(choice._option_type != param.type for choice in param.choices):
                raise TypeError("choices must all have the same inner option type as the "
                                "parameter choice type")

    def _param(self, name: str, what: str) -> CommandParameter:
        param = self._params.get(name)
        if param is None:
            # discord.py raises ValueError for rename, TypeError for the others.
            error = ValueError if what == "rename" else TypeError
            raise error(f"unknown parameter given: {name}")
        return param

    # -- reading it ------------------------------------------------------------------
    @property
    def parameters(self) -> list[Parameter]:
        """Its options, in order."""
        return [Parameter(p, self) for p in self._params.values()]

    def get_parameter(self, name: str) -> Parameter | None:
        """A parameter by its Python name."""
        found = self._params.get(name)
        return None if found is None else Parameter(found, self)

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
                raise TypeError("The autocomplete callback must be a coroutine function.")
            param = self._params.get(name)
            if param is None:
                raise TypeError(f"unknown parameter: {name!r}")
            may_autocomplete(param, coro)
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

    async def _default(self, interaction: Interaction[Any], param: CommandParameter) -> Any:
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
