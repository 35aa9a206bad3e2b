"""Groups of commands (``idea add``, ``idea top``) and the decorators that make commands.

``GroupMixin`` is what holds commands: the bot and every :class:`Group`. A group
runs its own callback first, then the subcommand named next (``invoke_without_command=
True``: only when no subcommand is named).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import GenericAlias
from typing import Any, Self, TypeVar

from .base import BaseCommand
from .command import Command, Coro, _named_task
from .errors import CommandRegistrationError

__all__ = ["Group", "GroupMixin", "after_invoke", "before_invoke", "command", "group"]

T = TypeVar("T")


class _CaseInsensitiveDict(dict[str, Any]):
    """Names looked up case-folded (``case_insensitive=True``)."""

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key.casefold() if isinstance(key, str) else key)

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(key.casefold())

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key.casefold(), value)

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key.casefold())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.casefold(), default)

    def pop(self, key: str, *default: Any) -> Any:
        return super().pop(key.casefold(), *default)


class GroupMixin:
    """Holds commands by name and alias (``all_commands``)."""

    # ``commands.GroupMixin[Any]`` in typed code, as discord.py's generic one.
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        case_insensitive = kwargs.get("case_insensitive", False)
        self.all_commands: dict[str, Command] = (
            _CaseInsensitiveDict() if case_insensitive else {})
        self.case_insensitive: bool = case_insensitive
        if not isinstance(self, Command):
            # A bot's own setting: the client below it has no use for it. (A group
            # command keeps it among its options, which its copies are made from.)
            kwargs.pop("case_insensitive", None)
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> set[Command]:
        """Every command here once (aliases not repeated)."""
        return set(self.all_commands.values())

    def recursively_remove_all_commands(self) -> None:
        """Empty this holder and every group in it."""
        for cmd in self.all_commands.copy().values():
            if isinstance(cmd, GroupMixin):
                cmd.recursively_remove_all_commands()
            self.remove_command(cmd.name)

    def add_command(self, command: Command, /) -> None:
        """Register ``command`` (and its aliases); a taken name raises
        :class:`CommandRegistrationError`."""
        if not isinstance(command, Command):
            raise TypeError("The command passed must be a subclass of Command")
        if isinstance(self, Command):
            command.parent = self
        if command.name in self.all_commands:
            raise CommandRegistrationError(command.name)
        self.all_commands[command.name] = command
        for alias in command.aliases:
            if alias in self.all_commands:
                self.remove_command(command.name)
                raise CommandRegistrationError(alias, alias_conflict=True)
            self.all_commands[alias] = command

    def remove_command(self, name: str, /) -> Command | None:
        """Remove a command by name (with its aliases) or just an alias."""
        cmd = self.all_commands.pop(name, None)
        if cmd is None:
            return None
        if name in cmd.aliases:
            return cmd  # only the alias goes
        for alias in cmd.aliases:
            other = self.all_commands.pop(alias, None)
            if other is not None and other is not cmd:
                self.all_commands[alias] = other  # an alias another command owns stays
        return cmd

    def walk_commands(self) -> Iterator[Command]:
        """Every command here and in the groups below."""
        for cmd in self.commands:
            yield cmd
            if isinstance(cmd, GroupMixin):
                yield from cmd.walk_commands()

    def get_command(self, name: str, /) -> Command | None:
        """A command by name or alias; ``"idea add"`` walks into groups."""
        if " " not in name:
            return self.all_commands.get(name)
        names = name.split()
        if not names:
            return None
        found: Any = self.all_commands.get(names[0])
        if not isinstance(found, GroupMixin):
            return found  # type: ignore[no-any-return]  # a plain command: the words after it are its arguments
        for part in names[1:]:
            if not isinstance(found, GroupMixin):
                return None
            found = found.all_commands.get(part)
        return found  # type: ignore[no-any-return]

    def command(self, name: str | None = None, cls: type[Command] | None = None,
                *args: Any, **kwargs: Any) -> Callable[[Coro], Command]:
        """Decorator: make a command and register it here."""
        return self._registering(command(name, cls, *args, **{"parent": self, **kwargs}))

    def group(self, name: str | None = None, cls: type[Group] | None = None,
              *args: Any, **kwargs: Any) -> Callable[[Coro], Group]:
        """Decorator: make a group and register it here."""
        return self._registering(group(name, cls, *args, **{"parent": self, **kwargs}))

    def _registering(self, make: Callable[[Coro], Any]) -> Callable[[Coro], Any]:
        def decorator(func: Coro) -> Any:
            made = make(func)
            self.add_command(made)
            return made

        return decorator


class Group(GroupMixin, Command):
    """A command with subcommands: ``idea`` holding ``idea add`` and ``idea top``."""

    def __init__(self, *args: Any, **attrs: Any) -> None:
        self.invoke_without_command: bool = attrs.pop("invoke_without_command", False)
        super().__init__(*args, **attrs)

    def copy(self) -> Self:
        """A copy, subcommands copied too."""
        made = super().copy()
        for cmd in self.commands:
            made.add_command(cmd.copy())
        return made

    async def invoke(self, ctx: Any, /) -> None:
        """Run the group, then the subcommand named next (see the class)."""
        ctx.invoked_subcommand = None
        ctx.subcommand_passed = None
        early = not self.invoke_without_command
        with _named_task(self):
            if early:
                await self.prepare(ctx)
            view = ctx.view
            previous = view.index
            trigger = self._read_trigger(ctx)
            if early:
                await self._run_callback(ctx)
        ctx.invoked_parents.append(ctx.invoked_with)
        if trigger and ctx.invoked_subcommand:
            ctx.invoked_with = trigger
            await ctx.invoked_subcommand.invoke(ctx)
        elif not early:
            view.index = previous  # not a subcommand: those words are the group's arguments
            view.previous = previous
            await super().invoke(ctx)

    def _read_trigger(self, ctx: Any) -> str:
        """Read the next word: the subcommand named, if it is one."""
        ctx.view.skip_ws()
        trigger: str = ctx.view.get_word()
        if trigger:
            ctx.subcommand_passed = trigger
            ctx.invoked_subcommand = self.all_commands.get(trigger, None)
        return trigger

    async def reinvoke(self, ctx: Any, /, *, call_hooks: bool = False) -> None:
        """Run again without checks or cooldowns."""
        ctx.invoked_subcommand = None
        early = not self.invoke_without_command
        if early:
            ctx.command = self
            await self._parse_arguments(ctx)
            if call_hooks:
                await self.call_before_hooks(ctx)
        view = ctx.view
        previous = view.index
        trigger = self._read_trigger(ctx)
        if early:
            await self._reinvoke_callback(ctx, call_hooks)
        ctx.invoked_parents.append(ctx.invoked_with)
        if trigger and ctx.invoked_subcommand:
            ctx.invoked_with = trigger
            await ctx.invoked_subcommand.reinvoke(ctx, call_hooks=call_hooks)
        elif not early:
            view.index = previous
            view.previous = previous
            await super().reinvoke(ctx, call_hooks=call_hooks)


def command(name: str | None = None, cls: type[Command] | None = None,
            **attrs: Any) -> Callable[[Coro], Any]:
    """Decorator: make a :class:`Command` (``cls`` to use your own class)."""
    made_by = cls or Command
    if callable(name):
        # ``@bot.command`` without its parentheses: discord.py hands back a decorator
        # and the command is silently never made.
        raise TypeError(f"command() takes the command's name, not its function "
                        f"{getattr(name, '__name__', name)!r}: write @bot.command(), "
                        "with parentheses")

    def decorator(func: Coro) -> Any:
        if isinstance(func, Command):
            raise TypeError("Callback is already a command.")
        return made_by(func, name=name, **attrs)

    return decorator


def group(name: str | None = None, cls: type[Group] | None = None,
          **attrs: Any) -> Callable[[Coro], Any]:
    """Decorator: make a :class:`Group`."""
    return command(name=name, cls=cls or Group, **attrs)


def _hook(attribute: str, method: str) -> Callable[[Coro], Callable[[T], T]]:
    def make(coro: Coro) -> Callable[[T], T]:
        def decorator(func: T) -> T:
            if isinstance(func, BaseCommand):
                getattr(func, method)(coro)
            else:
                setattr(func, attribute, coro)
            return func
        return decorator
    return make


before_invoke = _hook("__before_invoke__", "before_invoke")
before_invoke.__doc__ = "Decorator: run ``coro(ctx)`` before the command (command level)."
after_invoke = _hook("__after_invoke__", "after_invoke")
after_invoke.__doc__ = "Decorator: run ``coro(ctx)`` after the command (command level)."
