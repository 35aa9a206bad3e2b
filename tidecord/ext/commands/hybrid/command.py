"""``HybridCommand`` and ``HybridGroup``: one definition, a prefix command and a slash
command.

::

    @bot.hybrid_command()
    @app_commands.describe(member="Who to greet")
    async def hello(ctx, member: discord.Member):
        await ctx.send(f"Hello {member.mention}")      # "!hello bob" or "/hello member:bob"

The prefix side is a plain :class:`~tidecord.ext.commands.Command`; its
``app_command`` (``None`` with ``with_app_command=False``) is the slash side
(:class:`~.slash.HybridAppCommand`), added to ``bot.tree`` with the command. A
:class:`HybridGroup`'s slash side is an ``app_commands.Group`` of its subcommands
(slash groups cannot run themselves: ``fallback="name"`` makes a subcommand that
runs the group's own callback). App-command decorators (``describe``, ``rename``,
``choices``, ``autocomplete``, ``guilds``, ``guild_only``, checks) apply to the slash
side, above or below the hybrid decorator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Self

from .... import app_commands
from ....app_commands.decorate import peek
from ....app_commands.parameters import MISSING
from ..command import Command, Coro
from ..errors import DisabledCommand
from ..group import Group
from .slash import HybridAppCommand

__all__ = ["HybridCommand", "HybridGroup", "hybrid_command", "hybrid_group"]


def _split(value: Any) -> tuple[Any, app_commands.locale_str | None]:
    """``(text, locale_str or None)`` of a name or description given either way."""
    if isinstance(value, app_commands.locale_str):
        return value.message, value
    return value, None


def _take_names(kwargs: dict[str, Any], name: Any, description: Any) -> tuple[Any, Any]:
    name, name_locale = _split(name)
    description, description_locale = _split(description)
    if name is not MISSING:
        kwargs["name"] = name
    if description is not MISSING:
        kwargs["description"] = description
    return name_locale, description_locale


def _running_slash(ctx: Any) -> HybridAppCommand | None:
    """The slash command ``ctx`` was made for, when it is a hybrid one."""
    interaction = ctx.interaction
    command = None if interaction is None else interaction.command
    return command if isinstance(command, HybridAppCommand) else None


class _HybridMixin:
    """What hybrid commands and groups add to the prefix ones: the slash side runs the
    checks and fills the arguments when the context came from an interaction."""

    __commands_is_hybrid__ = True
    app_command: Any
    _cog: Any

    @property
    def __tidecord_app_command_unwrap__(self) -> Any:
        # App-command decorators placed above the hybrid decorator apply to this.
        return self.app_command

    @property
    def cog(self) -> Any:
        """The cog the command belongs to (also the slash side's binding)."""
        return self._cog

    @cog.setter
    def cog(self, value: Any) -> None:
        self._cog = value
        for slash in self._bound_slash():
            slash.binding = value

    def _bound_slash(self) -> list[Any]:
        return []

    async def can_run(self, ctx: Any, /) -> bool:
        slash = _running_slash(ctx)
        if slash is None:
            return await super().can_run(ctx)  # type: ignore[misc,no-any-return]
        if not self.enabled:  # type: ignore[attr-defined]
            raise DisabledCommand(f"{self.name} command is disabled")  # type: ignore[attr-defined]
        return await slash._check_can_run(ctx.interaction)

    async def _parse_arguments(self, ctx: Any) -> None:
        slash = _running_slash(ctx)
        if slash is None:
            await super()._parse_arguments(ctx)  # type: ignore[misc]
            return
        interaction = ctx.interaction
        ctx.kwargs = await slash._transform_arguments(interaction, interaction.namespace)


class HybridCommand(_HybridMixin, Command):
    """A prefix command that is also a slash command (see the module docstring).

    Extra keywords: ``with_app_command`` (default ``True``), ``guild_ids``.
    """

    def __init__(self, func: Coro, /, *, name: Any = MISSING, description: Any = MISSING,
                 **kwargs: Any) -> None:
        self._locale_name, self._locale_description = _take_names(kwargs, name, description)
        self.slash_guild_ids: list[int] | None = kwargs.get("guild_ids")
        super().__init__(func, **kwargs)
        self.with_app_command: bool = kwargs.get("with_app_command", True)
        self.app_command: HybridAppCommand | None = (
            HybridAppCommand(self) if self.with_app_command else None)

    def _bound_slash(self) -> list[Any]:
        return [] if self.app_command is None else [self.app_command]

    def _ensure_assignment_on_copy(self, other: Self) -> Self:
        copy = super()._ensure_assignment_on_copy(other)
        if self.app_command is None:
            copy.app_command = None
        else:  # the slash side as it is now (autocomplete and decorators kept)
            copy.app_command = self.app_command._copy_with(
                parent=self.app_command.parent, binding=self.app_command.binding)
            copy.app_command.wrapped = copy
        return copy

    def autocomplete(self, name: str) -> Callable[[Coro], Coro]:
        """``@cmd.autocomplete("option")``: suggestions for the slash side's option
        (``async def f(interaction, current)``)."""
        if self.app_command is None:
            raise TypeError("This command does not have a registered application command")
        return self.app_command.autocomplete(name)


class HybridGroup(_HybridMixin, Group):
    """A prefix group that is also a slash group (see the module docstring).

    Always ``invoke_without_command=True``. Extra keywords: ``with_app_command``,
    ``fallback`` (a subcommand name that runs the group's callback), ``guild_ids``.
    """

    def __init__(self, *args: Any, name: Any = MISSING, description: Any = MISSING,
                 fallback: Any = None, **attrs: Any) -> None:
        self._locale_name, self._locale_description = _take_names(attrs, name, description)
        self.slash_guild_ids = attrs.get("guild_ids")
        super().__init__(*args, **attrs)
        self.invoke_without_command = True
        self.with_app_command: bool = attrs.get("with_app_command", True)
        self.fallback, self.fallback_locale = _split(fallback)
        parent = self.parent
        if parent is not None and not isinstance(parent, HybridGroup):
            raise TypeError(f"HybridGroup parent must be HybridGroup not {type(parent)}")
        self.app_command: app_commands.Group | None = None
        if self.with_app_command:
            self.app_command = self._slash_group()
            self.app_command.parent = None if parent is None else parent.app_command
            if self.fallback is not None:
                self.app_command.add_command(HybridAppCommand(
                    self, name=self.fallback_locale or self.fallback))

    def _slash_group(self) -> app_commands.Group:
        said = peek(self.callback)
        group = app_commands.Group(
            name=self._locale_name or self.name,
            description=self._locale_description or self.description or self.short_doc
            or "…", guild_ids=self.slash_guild_ids or said.guild_ids,
            guild_only=bool(said.guild_only), default_permissions=said.default_permissions,
            nsfw=bool(said.nsfw), allowed_contexts=said.allowed_contexts,
            allowed_installs=said.allowed_installs)
        group.module = self.module
        return group

    @property
    def _fallback_command(self) -> HybridAppCommand | None:
        if self.app_command is None or self.fallback is None:
            return None
        found = self.app_command.get_command(self.fallback)
        return found if isinstance(found, HybridAppCommand) else None

    def _bound_slash(self) -> list[Any]:
        fallback = self._fallback_command
        return [] if fallback is None else [fallback]

    def _ensure_assignment_on_copy(self, other: Self) -> Self:
        copy = super()._ensure_assignment_on_copy(other)
        mine, theirs = self._fallback_command, copy._fallback_command
        if mine is not None and theirs is not None and copy.app_command is not None:
            # The fallback as it is now (its autocomplete kept), running the copy.
            kept = mine._copy_with(parent=copy.app_command, binding=theirs.binding)
            kept.wrapped = copy
            copy.app_command.add_command(kept, override=True)
        return copy

    def autocomplete(self, name: str) -> Callable[[Coro], Coro]:
        """Suggestions for an option of the ``fallback`` subcommand (nothing without one)."""
        fallback = self._fallback_command
        if fallback is None:
            return lambda func: func
        return fallback.autocomplete(name)

    # -- holding hybrid commands -----------------------------------------------------
    def add_command(self, command: Command, /) -> None:
        """Add a hybrid subcommand (or subgroup, one level deep), on both sides."""
        if not isinstance(command, HybridCommand | HybridGroup):
            raise TypeError("The command passed must be a subclass of HybridCommand or "
                            "HybridGroup")
        if isinstance(command, HybridGroup) and self.parent is not None:
            raise ValueError(f"{command.qualified_name!r} is too nested, groups can only be "
                             "nested at most one level")
        super().add_command(command)
        if command.app_command is not None and self.app_command is not None:
            try:
                self.app_command.add_command(command.app_command)
            except Exception:
                super().remove_command(command.name)
                raise

    def remove_command(self, name: str, /) -> Command | None:
        """Remove a subcommand (an alias: the prefix side only)."""
        removed = super().remove_command(name)
        if removed is not None and name not in removed.aliases and self.app_command is not None:
            self.app_command.remove_command(removed.name)
        return removed

    def command(self, name: Any = MISSING, *args: Any, with_app_command: bool = True,
                **kwargs: Any) -> Callable[[Coro], HybridCommand]:
        """Decorator: a hybrid subcommand of this group."""
        return self._registering(hybrid_command(
            name, with_app_command=with_app_command, **{"parent": self, **kwargs}))

    def group(self, name: Any = MISSING, *args: Any, with_app_command: bool = True,
              **kwargs: Any) -> Callable[[Coro], HybridGroup]:
        """Decorator: a hybrid subgroup of this group."""
        return self._registering(hybrid_group(
            name, with_app_command=with_app_command, **{"parent": self, **kwargs}))


def _decorator(kind: type[Any], name: Any, attrs: dict[str, Any]) -> Callable[[Coro], Any]:
    def decorator(func: Coro) -> Any:
        if isinstance(func, Command):
            raise TypeError("Callback is already a command.")
        return kind(func, name=name, **attrs)

    return decorator


def hybrid_command(name: Any = MISSING, *, with_app_command: bool = True,
                   **attrs: Any) -> Callable[[Coro], HybridCommand]:
    """Decorator: make a :class:`HybridCommand` (a prefix and a slash command)."""
    return _decorator(HybridCommand, name, {"with_app_command": with_app_command, **attrs})


def hybrid_group(name: Any = MISSING, *, with_app_command: bool = True,
                 **attrs: Any) -> Callable[[Coro], HybridGroup]:
    """Decorator: make a :class:`HybridGroup` (a prefix and a slash group)."""
    return _decorator(HybridGroup, name, {"with_app_command": with_app_command, **attrs})
