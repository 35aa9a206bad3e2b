"""``HelpCommand``: the ``help`` command, made to be subclassed.

The bot registers it as a command named ``help``. Each use works on a fresh copy
(so state set in ``prepare_help_command`` never leaks between uses) and calls one
of ``send_bot_help(mapping)``, ``send_cog_help(cog)``, ``send_group_help(group)``,
``send_command_help(command)``, or ``send_error_message`` for an unknown name.
``filter_commands`` leaves out hidden commands and those whose checks fail.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Self, TypeVar

from ....utils import MISSING, maybe_coroutine
from ..command import Command, wrap_call
from ..errors import CommandError
from ..group import Group
from ..parameters import signature_parameters
from .paginator import string_width

__all__ = ["HelpCommand", "PagedHelpCommand", "send_help"]

F = TypeVar("F", bound=Callable[..., Any])


def _not_overridden(func: F) -> F:
    func.__help_command_not_overridden__ = True  # type: ignore[attr-defined]
    return func


def _is_cog(obj: Any) -> bool:
    return hasattr(obj, "__cog_commands__")


class _HelpCommandImpl(Command):
    """The command the bot registers; runs a fresh copy of the help command each time."""

    def __init__(self, inject: HelpCommand, *args: Any, **kwargs: Any) -> None:
        super().__init__(inject.command_callback, *args, **kwargs)
        self._original = inject
        self._injected = inject
        self.params = signature_parameters(inject.command_callback, globals(), skip=1)

    async def prepare(self, ctx: Any) -> None:
        self._injected = injected = self._original.copy()
        injected.context = ctx
        self.callback = injected.command_callback
        self.params = signature_parameters(injected.command_callback, globals(), skip=1)
        on_error = injected.on_help_command_error
        if not hasattr(on_error, "__help_command_not_overridden__"):
            self.on_error = self._cog_on_error if self.cog is not None else on_error
        await super().prepare(ctx)

    async def _parse_arguments(self, ctx: Any) -> None:
        # The callback is a bound method: no cog argument to pass, even inside a cog.
        cog = self.cog
        self.cog = None
        try:
            await super()._parse_arguments(ctx)
        finally:
            self.cog = cog

    async def _cog_on_error(self, _cog: Any, ctx: Any, error: CommandError) -> None:
        await self._injected.on_help_command_error(ctx, error)

    def _inject_into_cog(self, cog: Any) -> None:
        own_get, own_walk = cog.get_commands, cog.walk_commands

        def get_commands() -> list[Any]:
            return [*own_get(), self]

        def walk_commands() -> Iterable[Any]:
            yield from own_walk()
            yield self

        get_commands.__wrapped__ = own_get  # type: ignore[attr-defined]
        walk_commands.__wrapped__ = own_walk  # type: ignore[attr-defined]
        cog.get_commands, cog.walk_commands = get_commands, walk_commands
        self.cog = cog

    def _eject_cog(self) -> None:
        cog = self.cog
        if cog is None:
            return
        cog.get_commands = cog.get_commands.__wrapped__
        cog.walk_commands = cog.walk_commands.__wrapped__
        self.cog = None
        self.on_error = self._injected.on_help_command_error

    def update(self, **kwargs: Any) -> None:
        cog = self.cog
        self.__init__(self._original, **dict(self.__original_kwargs__, **kwargs))  # type: ignore[misc]
        self.cog = cog


class HelpCommand:
    """Base of help commands; options: ``show_hidden``, ``verify_checks`` (``None``:
    only in guilds), ``command_attrs`` (the command's name, aliases, checks...)."""

    MENTION_TRANSFORMS = {
        "@everyone": "@\u200beveryone",
        "@here": "@\u200bhere",
        r"<@!?[0-9]{17,22}>": "@deleted-user",
        r"<@&[0-9]{17,22}>": "@deleted-role",
    }
    MENTION_PATTERN = re.compile("|".join(MENTION_TRANSFORMS))

    __original_kwargs__: dict[str, Any]
    __original_args__: tuple[Any, ...]

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        self = super().__new__(cls)
        self.__original_kwargs__ = {k: copy.deepcopy(v) for k, v in kwargs.items()}
        self.__original_args__ = copy.deepcopy(args)
        return self

    def __init__(self, **options: Any) -> None:
        self.show_hidden: bool = options.pop("show_hidden", False)
        self.verify_checks: bool | None = options.pop("verify_checks", True)
        self.command_attrs = attrs = options.pop("command_attrs", {})
        attrs.setdefault("name", "help")
        attrs.setdefault("help", "Shows this message")
        self.context: Any = MISSING
        self._command_impl = _HelpCommandImpl(self, **self.command_attrs)

    def copy(self) -> Self:
        """A fresh instance with the same options (one per use)."""
        made = type(self)(*self.__original_args__, **self.__original_kwargs__)
        made._command_impl = self._command_impl
        return made

    def _add_to_bot(self, bot: Any) -> None:
        self._command_impl.update(**self.command_attrs)
        bot.add_command(self._command_impl)

    def _remove_from_bot(self, bot: Any) -> None:
        bot.remove_command(self._command_impl.name)
        self._command_impl._eject_cog()

    def add_check(self, func: Callable[..., Any], /) -> None:
        """A check on the help command itself."""
        self._command_impl.add_check(func)

    def remove_check(self, func: Callable[..., Any], /) -> None:
        """Remove a check of the help command."""
        self._command_impl.remove_check(func)

    @property
    def cog(self) -> Any:
        """The cog the help command is listed under, if any."""
        return self._command_impl.cog

    @cog.setter
    def cog(self, cog: Any) -> None:
        self._command_impl._eject_cog()
        if cog is not None:
            self._command_impl._inject_into_cog(cog)

    def get_bot_mapping(self) -> dict[Any, list[Command]]:
        """Cog (``None`` for no cog) -> its commands."""
        bot = self.context.bot
        mapping: dict[Any, list[Command]] = {cog: cog.get_commands() for cog in bot.cogs.values()}
        mapping[None] = [c for c in bot.commands if c.cog is None]
        return mapping

    @property
    def invoked_with(self) -> str | None:
        """The name help was called by (an alias if one was used)."""
        name = self._command_impl.name
        ctx = self.context
        if ctx is MISSING or ctx.command is None or ctx.command.qualified_name != name:
            return name
        return ctx.invoked_with  # type: ignore[no-any-return]

    def get_command_signature(self, command: Command, /) -> str:
        """``!idea add <text>``: how to call ``command``."""
        entries = []
        parent = command.parent
        while parent is not None:
            if not parent.signature or parent.invoke_without_command:
                entries.append(parent.name)
            else:
                entries.append(f"{parent.name} {parent.signature}")
            parent = parent.parent
        parents = " ".join(reversed(entries))
        if command.aliases:
            name = f"[{command.name}|{'|'.join(command.aliases)}]"
        else:
            name = command.name
        full = f"{parents} {name}" if parents else name
        return f"{self.context.clean_prefix}{full} {command.signature}"

    def remove_mentions(self, string: str, /) -> str:
        """Defuse mentions in text that came from people."""
        return self.MENTION_PATTERN.sub(
            lambda m: self.MENTION_TRANSFORMS.get(m.group(0), "@invalid"), string)

    def command_not_found(self, string: str, /) -> str:
        """The message for an unknown command name."""
        return f'No command called "{string}" found.'

    def subcommand_not_found(self, command: Command, string: str, /) -> str:
        """The message for an unknown subcommand."""
        if isinstance(command, Group) and command.all_commands:
            return f'Command "{command.qualified_name}" has no subcommand named {string}'
        return f'Command "{command.qualified_name}" has no subcommands.'

    async def filter_commands(self, commands: Iterable[Command], /, *, sort: bool = False,
                              key: Callable[[Command], Any] | None = None) -> list[Command]:
        """``commands`` without hidden ones and, with ``verify_checks``, those whose checks
        fail for the person asking."""
        order: Callable[[Command], Any] = key if key is not None else _by_name
        shown = list(commands) if self.show_hidden else [c for c in commands if not c.hidden]
        if self.verify_checks is False or (self.verify_checks is None
                                           and not self.context.guild):
            return sorted(shown, key=order) if sort else shown
        allowed = []
        for cmd in shown:
            try:
                if await cmd.can_run(self.context):
                    allowed.append(cmd)
            except CommandError:
                pass
        if sort:
            allowed.sort(key=order)
        return allowed

    def get_max_size(self, commands: Sequence[Any], /) -> int:
        """The widest name among ``commands`` (parameters work too)."""
        return max((string_width(c.name) for c in commands), default=0)

    def get_destination(self) -> Any:
        """Where the help goes (the channel)."""
        return self.context.channel

    async def send_error_message(self, error: str, /) -> None:
        """Send an error (unknown command...) where help goes."""
        await self.get_destination().send(error)

    @_not_overridden
    async def on_help_command_error(self, ctx: Any, error: CommandError, /) -> None:
        """Override: errors while showing help."""

    async def send_bot_help(self, mapping: Mapping[Any, list[Command]], /) -> None:
        """Override: ``help`` with no argument."""

    async def send_cog_help(self, cog: Any, /) -> None:
        """Override: ``help CogName``."""

    async def send_group_help(self, group: Group, /) -> None:
        """Override: ``help group``."""

    async def send_command_help(self, command: Command, /) -> None:
        """Override: ``help command``."""

    async def prepare_help_command(self, ctx: Any, command: str | None = None, /) -> None:
        """Override: runs before any of the ``send_*`` methods."""

    async def command_callback(self, ctx: Any, /, *, command: str | None = None) -> None:
        """What ``help [command]`` runs: finds the cog, group or command, sends its help."""
        await self.prepare_help_command(ctx, command)
        bot = ctx.bot
        if command is None:
            return await self.send_bot_help(self.get_bot_mapping())
        cog = bot.get_cog(command)
        if cog is not None:
            return await self.send_cog_help(cog)
        keys = command.split(" ")
        found = bot.all_commands.get(keys[0])
        if found is None:
            text = await maybe_coroutine(self.command_not_found, self.remove_mentions(keys[0]))
            return await self.send_error_message(text)
        for key in keys[1:]:
            child = found.all_commands.get(key) if isinstance(found, Group) else None
            if child is None:
                text = await maybe_coroutine(self.subcommand_not_found, found,
                                             self.remove_mentions(key))
                return await self.send_error_message(text)
            found = child
        if isinstance(found, Group):
            return await self.send_group_help(found)
        return await self.send_command_help(found)


class PagedHelpCommand(HelpCommand):
    """What the default and minimal help commands share: a paginator, sent page by page
    to the channel (or the author's DMs, with ``dm_help``)."""

    paginator: Any
    dm_help: bool | None
    dm_help_threshold: int

    async def send_pages(self) -> None:
        """Send every page where help goes."""
        destination = self.get_destination()
        for page in self.paginator.pages:
            await destination.send(page)

    def get_destination(self) -> Any:
        """The channel, or the author's DMs (``dm_help``; ``None``: when long)."""
        ctx = self.context
        if self.dm_help is True or (self.dm_help is None
                                    and len(self.paginator) > self.dm_help_threshold):
            return ctx.author
        return ctx.channel

    async def prepare_help_command(self, ctx: Any, command: str | None = None, /) -> None:
        """Start from empty pages."""
        self.paginator.clear()
        await super().prepare_help_command(ctx, command)


def _by_name(command: Command) -> str:
    return command.name


async def send_help(ctx: Any, *args: Any) -> Any:
    """``ctx.send_help()``: help for the bot, or for a cog, group or command (or its name)."""
    help_command = ctx.bot.help_command
    if help_command is None:
        return None
    help_command = help_command.copy()
    help_command.context = ctx
    if not args:
        await help_command.prepare_help_command(ctx, None)
        try:
            return await wrap_call(help_command.send_bot_help,
                                         help_command.get_bot_mapping())
        except CommandError as exc:
            await help_command.on_help_command_error(ctx, exc)
            return None
    entity = args[0]
    if isinstance(entity, str):
        entity = ctx.bot.get_cog(entity) or ctx.bot.get_command(entity)
    if entity is None or not hasattr(entity, "qualified_name"):
        return None
    await help_command.prepare_help_command(ctx, entity.qualified_name)
    if _is_cog(entity):
        show: Any = help_command.send_cog_help
    elif isinstance(entity, Group):
        show = help_command.send_group_help
    elif isinstance(entity, Command):
        show = help_command.send_command_help
    else:
        return None
    try:
        return await wrap_call(show, entity)
    except CommandError as exc:
        await help_command.on_help_command_error(ctx, exc)
        return None
