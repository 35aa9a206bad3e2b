"""``commands.Bot``: a :class:`~tidecord.Client` that reads commands from messages.

``Bot(command_prefix="!")`` (a string, a list, or a function of ``(bot, message)``,
sync or async, such as ``commands.when_mentioned_or("!")``); ``on_message`` calls
:meth:`BotBase.process_commands`, which builds a :class:`Context` and invokes the
command it names. Bot-wide checks (``@bot.check``, ``@bot.check_once``), hooks
(``@bot.before_invoke``), cogs, extensions and the help command live here too;
``bot.tree`` and hybrid commands in :mod:`.bot_slash`.
"""

from __future__ import annotations

import collections.abc
import inspect
import logging
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from ...app_commands.parameters import MISSING
from ...autoshard import AutoShardedClient
from ...client import Client
from ...commands import checks as core_checks
from ...interactions import Interaction
from ...rest import ClientException
from ...utils import maybe_coroutine
from .bot_slash import SlashCommands
from .checks import run_checks
from .cog import Cog
from .context import Context
from .errors import CheckFailure, CommandError, CommandNotFound
from .extensions import Extensions
from .help.base import HelpCommand
from .help.default import DefaultHelpCommand
from .view import StringView

__all__ = ["AutoShardedBot", "Bot", "BotBase", "when_mentioned", "when_mentioned_or"]

log = logging.getLogger("tidecord.ext.commands.bot")

F = TypeVar("F", bound=Callable[..., Any])


def when_mentioned(bot: Any, msg: Any, /) -> list[str]:
    """A prefix function: a mention of the bot (``@Bot help``)."""
    return [f"<@{bot.user.id}> ", f"<@!{bot.user.id}> "]


def when_mentioned_or(*prefixes: str) -> Callable[[Any, Any], list[str]]:
    """A prefix function: a mention of the bot, or any of ``prefixes``."""

    def inner(bot: Any, msg: Any) -> list[str]:
        return when_mentioned(bot, msg) + list(prefixes)

    return inner


def _prefix_needs_content(prefix: Any) -> bool:
    """Whether commands with this prefix need the message content intent (a mention of
    the bot alone is sent in full without it)."""
    if callable(prefix):
        return prefix is not when_mentioned
    if isinstance(prefix, str):
        return True
    return isinstance(prefix, Iterable) and bool(list(prefix))


class _Default:
    def __repr__(self) -> str:
        return "<default-help-command>"


_DEFAULT: Any = _Default()


class BotBase(SlashCommands, Extensions):
    """What makes a client a commands bot (see the module docstring)."""

    def __init__(self, command_prefix: Any = None, *, help_command: Any = _DEFAULT,
                 description: str | None = None, **options: Any) -> None:
        tree_options: dict[str, Any] = {
            key: options.pop(key) for key in ("tree_cls", "allowed_contexts", "allowed_installs")
            if key in options}
        owner_id = options.pop("owner_id", None)
        owner_ids = options.pop("owner_ids", set())
        strip_after_prefix = options.pop("strip_after_prefix", False)
        super().__init__(case_insensitive=options.pop("case_insensitive", False), **options)
        # Made before anything registers commands (the help command is one).
        self._make_tree(tree_options)
        self.command_prefix = command_prefix
        self.extra_events: dict[str, list[Callable[..., Any]]] = {}
        self.__cogs: dict[str, Cog] = {}
        self._checks: list[Callable[..., Any]] = []
        self._check_once: list[Callable[..., Any]] = []
        self._before_invoke: Callable[..., Any] | None = None
        self._after_invoke: Callable[..., Any] | None = None
        self._help_command: HelpCommand | None = None
        self.description = inspect.cleandoc(description) if description else ""
        self.owner_id: int | None = owner_id
        self.owner_ids: Any = owner_ids
        self.strip_after_prefix: bool = strip_after_prefix
        if self.owner_id and self.owner_ids:
            raise TypeError("Both owner_id and owner_ids are set.")
        if self.owner_ids and not isinstance(self.owner_ids, collections.abc.Collection):
            raise TypeError(f"owner_ids must be a collection not {type(self.owner_ids).__name__}")
        self.help_command = DefaultHelpCommand() if help_command is _DEFAULT else help_command

    # -- running ----------------------------------------------------------------------
    async def login(self, token: str) -> None:
        """Log in (see :meth:`Client.login`), first warning when the prefix needs what
        messages say and the message content intent is off."""
        if not self.intents.message_content and _prefix_needs_content(  # type: ignore[attr-defined]
                self._command_prefix):
            # Discord then sends messages empty but for those mentioning the bot: the
            # commands would never answer, and nothing else would say why.
            log.warning("The message content intent is off: prefix commands will only see "
                        "messages that mention the bot (Intents.message_content).")
        await super().login(token)  # type: ignore[misc]

    async def close(self) -> None:
        """Unload extensions and cogs, then close the client."""
        for name in tuple(self.extensions):
            try:
                await self.unload_extension(name)
            except Exception:
                log.debug("extension %s failed to unload on close", name, exc_info=True)
        for name in tuple(self.__cogs):
            try:
                await self.remove_cog(name)
            except Exception:
                log.debug("cog %s failed to unload on close", name, exc_info=True)
        await super().close()  # type: ignore[misc]

    async def on_command_error(self, context: Context, exception: CommandError, /) -> None:
        """The default: log the error with its traceback, unless something else handles it."""
        if self.extra_events.get("on_command_error"):
            return
        command = context.command
        if command is not None and command.has_error_handler():
            return
        cog = context.cog
        if cog is not None and cog.has_error_handler():
            return
        log.error("Ignoring exception in command %s", command, exc_info=exception)

    # -- bot-wide checks and hooks ------------------------------------------------------
    def check(self, func: F, /) -> F:
        """Decorator: a check for every command."""
        self.add_check(func)
        return func

    def check_once(self, func: F, /) -> F:
        """Decorator: a check run once per invocation (not again for subcommands)."""
        self.add_check(func, call_once=True)
        return func

    def add_check(self, func: Callable[..., Any], /, *, call_once: bool = False) -> None:
        """Add a bot-wide check."""
        (self._check_once if call_once else self._checks).append(func)

    def remove_check(self, func: Callable[..., Any], /, *, call_once: bool = False) -> None:
        """Remove a bot-wide check if present."""
        checks = self._check_once if call_once else self._checks
        if func in checks:
            checks.remove(func)

    async def can_run(self, ctx: Context, /, *, call_once: bool = False) -> bool:
        """Whether the bot-wide checks pass."""
        return await run_checks(self._check_once if call_once else self._checks, ctx)

    async def is_owner(self, user: Any, /) -> bool:
        """Whether ``user`` owns the bot (``owner_id(s)``, else the application's owner
        or team admins and developers; learned once)."""
        if self.owner_id:
            return bool(user.id == self.owner_id)
        if self.owner_ids:
            return user.id in self.owner_ids
        owners = await core_checks.owner_ids(self)
        app = getattr(self, "application", None)
        if app is not None and app.team:
            self.owner_ids = set(owners)
        elif owners:
            self.owner_id = next(iter(owners))
        return user.id in owners

    def before_invoke(self, coro: F, /) -> F:
        """Decorator: run ``coro(ctx)`` before every command."""
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("The pre-invoke hook must be a coroutine.")
        self._before_invoke = coro
        return coro

    def after_invoke(self, coro: F, /) -> F:
        """Decorator: run ``coro(ctx)`` after every command."""
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("The post-invoke hook must be a coroutine.")
        self._after_invoke = coro
        return coro

    # -- listeners ----------------------------------------------------------------------
    def add_listener(self, func: Callable[..., Any], /, name: str | None = None) -> None:
        """Also call ``func`` for event ``name`` (default: the function's name)."""
        name = func.__name__ if name is None else name
        if not inspect.iscoroutinefunction(func):
            raise TypeError("Listeners must be coroutines")
        self.extra_events.setdefault(name, []).append(func)
        super().add_listener(func, name)  # type: ignore[misc]

    def remove_listener(self, func: Callable[..., Any], /, name: str | None = None) -> None:
        """Stop calling ``func`` for ``name``."""
        name = func.__name__ if name is None else name
        listeners = self.extra_events.get(name)
        if listeners and func in listeners:
            listeners.remove(func)
        super().remove_listener(func, name)  # type: ignore[misc]

    def listen(self, name: str | None = None) -> Callable[[F], F]:
        """Decorator: a listener (several may listen to one event)."""
        if callable(name):  # ``@bot.listen`` without parentheses: discord.py never adds it
            raise TypeError(f"listen() takes an event name, not the function "
                            f"{getattr(name, '__name__', name)!r}: write @bot.listen(), "
                            "with parentheses")

        def decorator(func: F) -> F:
            self.add_listener(func, name)
            return func

        return decorator

    # -- cogs ---------------------------------------------------------------------------
    async def add_cog(self, cog: Cog, /, *, override: bool = False, guild: Any = MISSING,
                      guilds: Any = MISSING) -> None:
        """Add a cog: its commands, listeners and checks, and its slash commands to
        :attr:`tree` (globally, or to ``guild`` / ``guilds``). ``override`` replaces a cog
        of the same name, and slash commands of the same names."""
        if not isinstance(cog, Cog):
            raise TypeError("cogs must derive from Cog")
        name = cog.__cog_name__
        if name in self.__cogs:
            if not override:
                raise ClientException(f"Cog named {name!r} already loaded")
            await self.remove_cog(name, guild=guild, guilds=guilds)
        self.__cogs[name] = await cog._inject(self, override=override, guild=guild,
                                              guilds=guilds)

    def get_cog(self, name: str, /) -> Cog | None:
        """A cog by name."""
        return self.__cogs.get(name)

    async def remove_cog(self, name: str, /, *, guild: Any = MISSING,
                         guilds: Any = MISSING) -> Cog | None:
        """Remove a cog and everything it added (its slash commands only from ``guild`` /
        ``guilds`` when given)."""
        cog = self.__cogs.pop(name, None)
        if cog is None:
            return None
        help_command = self._help_command
        if help_command is not None and help_command.cog is cog:
            help_command.cog = None
        await cog._eject(self, guild=guild, guilds=guilds)
        return cog

    @property
    def cogs(self) -> Mapping[str, Cog]:
        """The cogs, by name (read-only)."""
        return types.MappingProxyType(self.__cogs)

    # -- help ---------------------------------------------------------------------------
    @property
    def help_command(self) -> HelpCommand | None:
        """The help command (``None``: no help command)."""
        return self._help_command

    @help_command.setter
    def help_command(self, value: HelpCommand | None) -> None:
        if value is not None and not isinstance(value, HelpCommand):
            raise TypeError("help_command must be a subclass of HelpCommand")
        if self._help_command is not None:
            self._help_command._remove_from_bot(self)
        self._help_command = value
        if value is not None:
            value._add_to_bot(self)

    # -- reading commands ---------------------------------------------------------------
    async def get_prefix(self, message: Any, /) -> list[str] | str:
        """The prefix (or prefixes) that count for ``message``."""
        prefix = self._command_prefix
        if callable(prefix):
            prefix = await maybe_coroutine(prefix, self, message)
        if isinstance(prefix, str):
            return prefix
        if not isinstance(prefix, Iterable):
            raise TypeError("command_prefix must be plain string, iterable of strings, or "
                            f"callable returning either of these, not {type(prefix).__name__}")
        prefixes = list(prefix)
        for value in prefixes:
            if not isinstance(value, str):
                raise TypeError("Iterable command_prefix or list returned from get_prefix must "
                                f"contain only strings, not {type(value).__name__}")
        return prefixes

    async def get_context(self, origin: Any, /, *, cls: type[Any] = Context) -> Any:
        """The context of ``origin``: a message (``valid`` if it names a command), or a
        slash command's interaction (see :meth:`Context.from_interaction`)."""
        if isinstance(origin, Interaction):
            return await cls.from_interaction(origin)
        view = StringView(origin.content)
        ctx = cls(prefix=None, view=view, bot=self, message=origin)
        me = self.user  # type: ignore[attr-defined]
        if me is not None and origin.author.id == me.id:
            return ctx
        prefix = self._command_prefix
        if type(prefix) is not str or type(self).get_prefix is not BotBase.get_prefix:
            prefix = await self.get_prefix(origin)
        if isinstance(prefix, str):
            if not view.skip_string(prefix):
                return ctx
            used = prefix
        else:
            found = next((p for p in prefix if view.skip_string(p)), None)
            if found is None:
                return ctx
            used = found
        if self.strip_after_prefix:
            view.skip_ws()
        invoker = view.get_word()
        ctx.invoked_with = invoker
        ctx.prefix = used
        ctx.command = self.all_commands.get(invoker)
        return ctx

    async def invoke(self, ctx: Context, /) -> None:
        """Run ``ctx``'s command, sending errors to the handlers (``CommandNotFound``
        when a prefix was followed by an unknown name)."""
        if ctx.command is not None:
            self.dispatch("command", ctx)  # type: ignore[attr-defined]
            try:
                if (not self._check_once and self._own_can_run) \
                        or await self.can_run(ctx, call_once=True):
                    await ctx.command.invoke(ctx)
                else:
                    raise CheckFailure("The global check once functions failed.")
            except CommandError as exc:
                await ctx.command.dispatch_error(ctx, exc)
            else:
                self.dispatch("command_completion", ctx)  # type: ignore[attr-defined]
        elif ctx.invoked_with:
            error = CommandNotFound(f'Command "{ctx.invoked_with}" is not found')
            self.dispatch("command_error", ctx, error)  # type: ignore[attr-defined]

    async def process_commands(self, message: Any, /) -> None:
        """Run the command ``message`` names, if any (bots' messages are ignored)."""
        fast = self._fast_prefix
        if fast is not None and not message.content.startswith(fast):
            return  # most messages: no prefix, nothing to build
        if message.author.bot:
            return
        ctx = await self.get_context(message)
        await self.invoke(ctx)

    @property
    def command_prefix(self) -> Any:
        """The prefix: a string, strings, or a function of ``(bot, message)`` giving either."""
        return self._command_prefix

    @command_prefix.setter
    def command_prefix(self, value: Any) -> None:
        self._command_prefix = value
        # A single string prefix lets process_commands turn most messages away with one
        # startswith, which is invisible only while get_prefix, get_context and invoke
        # are ours.
        kind = type(self)
        plain = (kind.get_prefix is BotBase.get_prefix
                 and kind.get_context is BotBase.get_context and kind.invoke is BotBase.invoke)
        self._fast_prefix: str | None = value if type(value) is str and plain else None

    @property
    def _own_can_run(self) -> bool:
        # With no checks to run, BotBase.can_run is True without being awaited.
        return type(self).can_run is BotBase.can_run

    async def on_message(self, message: Any, /) -> None:
        """Commands: override and call :meth:`process_commands` to keep them working."""
        await self.process_commands(message)


class Bot(BotBase, Client):
    """A commands bot: ``commands.Bot(command_prefix="!", intents=...)``."""


class AutoShardedBot(BotBase, AutoShardedClient):
    """A commands bot over every shard Discord recommends (one client runs them all)."""
