"""``Command``: a coroutine people call by name, with its checks, cooldown and hooks.

Invoking one runs, in discord.py's order: the enabled flag and checks (bot-wide,
the cog's ``cog_check``, the command's own), the concurrency limit, the cooldown,
argument parsing, the before-invoke hooks (command, cog, bot), the callback, then
the after-invoke hooks. An exception from the callback becomes
:class:`CommandInvokeError`; every :class:`CommandError` goes to the error handlers
(command, cog, then the bot's ``on_command_error``).

While it runs, the task is named ``tidecord:command:<qualified name>``, so the
loop watchdog reports a command that blocks as ``command 'idea add'``.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Coroutine
from types import GenericAlias
from typing import Any, Self

from ...commands import CooldownMapping
from ...utils import maybe_coroutine
from .arguments import parse_arguments
from .base import BaseCommand
from .checks import run_checks
from .cooldowns import BucketType, Cooldown, MaxConcurrency, cooldown_time
from .errors import (
    CheckFailure,
    CommandError,
    CommandInvokeError,
    CommandOnCooldown,
    DisabledCommand,
)
from .parameters import Parameter, signature_parameters, unwrap_function
from .usage import help_from_docstring, signature

__all__ = ["Command", "is_overridden", "wrap_call"]

Coro = Callable[..., Coroutine[Any, Any, Any]]


def is_overridden(cog: Any, name: str) -> Callable[..., Any] | None:
    """The cog's ``name`` special method if its class overrides ``Cog``'s, else ``None``."""
    method = getattr(cog, name)
    return None if hasattr(method.__func__, "__cog_special_method__") else method


class Command(BaseCommand):
    """A prefix command; made by ``@commands.command()`` or ``@bot.command()``.

    Options (keywords): ``name``, ``aliases``, ``help`` (else the docstring), ``brief``,
    ``usage``, ``description``, ``hidden``, ``enabled``, ``checks``, ``cooldown``,
    ``max_concurrency``, ``rest_is_raw``, ``ignore_extra`` (default ``True``),
    ``require_var_positional``, ``cooldown_after_parsing``, ``extras``.
    """

    # Typed bots write ``commands.Command[Any, ..., Any]`` in annotations,
    # evaluated when their module loads (as discord.py's generic classes allow).
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

    __original_kwargs__: dict[str, Any]

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        # Keep the options as given, before subclasses pop any: copies are made from them.
        self = super().__new__(cls)
        self.__original_kwargs__ = kwargs.copy()
        return self

    def __init__(self, func: Coro, /, **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(func):
            raise TypeError("Callback must be a coroutine.")
        name = kwargs.get("name") or func.__name__
        if not isinstance(name, str):
            raise TypeError("Name of a command must be a string.")
        self.name: str = name
        self.callback = func
        self.enabled: bool = kwargs.get("enabled", True)
        given_help = kwargs.get("help")
        self.help: str | None = (inspect.cleandoc(given_help) if given_help is not None
                                 else help_from_docstring(func, self.params))
        self.brief: str | None = kwargs.get("brief")
        self.usage: str | None = kwargs.get("usage")
        self.rest_is_raw: bool = kwargs.get("rest_is_raw", False)
        self.aliases: list[str] | tuple[str, ...] = kwargs.get("aliases", [])
        if not isinstance(self.aliases, list | tuple):
            raise TypeError("Aliases of a command must be a list or a tuple of strings.")
        self.extras: dict[Any, Any] = kwargs.get("extras", {})
        self.description: str = inspect.cleandoc(kwargs.get("description", ""))
        self.hidden: bool = kwargs.get("hidden", False)
        checks = getattr(func, "__commands_checks__", None)
        if checks is not None:
            # Decorators apply bottom-up and checks run top-down, so the function's list
            # is turned round, in place, and kept as the command's, as discord.py does:
            # a copy (a cog's, made when the cog is) turns it round again, so in a cog
            # the checks run bottom-up, and a bot moved from discord.py must see the
            # same check fail first.
            checks.reverse()
        else:
            checks = list(kwargs.get("checks", []))
        self.checks: list[Callable[..., Any]] = checks
        buckets = getattr(func, "__commands_cooldown__", kwargs.get("cooldown"))
        if buckets is None:
            buckets = CooldownMapping(None, BucketType.default)
        elif not isinstance(buckets, CooldownMapping):
            raise TypeError("Cooldown must be an instance of CooldownMapping or None.")
        self._buckets: CooldownMapping = buckets
        self._max_concurrency: MaxConcurrency | None = getattr(
            func, "__commands_max_concurrency__", kwargs.get("max_concurrency"))
        self.require_var_positional: bool = kwargs.get("require_var_positional", False)
        self.ignore_extra: bool = kwargs.get("ignore_extra", True)
        self.cooldown_after_parsing: bool = kwargs.get("cooldown_after_parsing", False)
        self._cog: Any = None
        parent = kwargs.get("parent")
        # The bot itself is passed as parent by @bot.command(): only a group counts.
        self.parent: Any = parent if isinstance(parent, Command) else None
        self._before_invoke: Coro | None = None
        self._after_invoke: Coro | None = None
        if hasattr(func, "__before_invoke__"):
            self.before_invoke(func.__before_invoke__)
        if hasattr(func, "__after_invoke__"):
            self.after_invoke(func.__after_invoke__)

    # -- identity ---------------------------------------------------------------------
    @property
    def cog(self) -> Any:
        """The cog the command belongs to, if any."""
        return self._cog

    @cog.setter
    def cog(self, value: Any) -> None:
        self._cog = value

    @property
    def callback(self) -> Coro:
        """The coroutine the command runs."""
        return self._callback

    @callback.setter
    def callback(self, function: Coro) -> None:
        self._callback = function
        unwrapped = unwrap_function(function)
        self.module: str | None = unwrapped.__module__
        globalns = getattr(unwrapped, "__globals__", {})
        self.params: dict[str, Parameter] = signature_parameters(function, globalns)

    @property
    def clean_params(self) -> dict[str, Parameter]:
        """The parameters people fill in (a copy)."""
        return self.params.copy()

    @property
    def full_parent_name(self) -> str:
        """The names of the groups above, outermost first (``"idea"`` for ``idea add``)."""
        return " ".join(reversed([p.name for p in self.parents]))

    @property
    def parents(self) -> list[Any]:
        """The groups above, innermost first."""
        found = []
        parent = self.parent
        while parent is not None:
            found.append(parent)
            parent = parent.parent
        return found

    @property
    def root_parent(self) -> Any:
        """The outermost group above, or ``None``."""
        parents = self.parents
        return parents[-1] if parents else None

    @property
    def qualified_name(self) -> str:
        """The full name people type: ``idea add``."""
        parent = self.full_parent_name
        return f"{parent} {self.name}" if parent else self.name

    def __str__(self) -> str:
        return self.qualified_name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.qualified_name!r}>"

    @property
    def cog_name(self) -> str | None:
        """The name of the command's cog."""
        return type(self.cog).__cog_name__ if self.cog is not None else None

    @property
    def short_doc(self) -> str:
        """``brief``, else the first line of ``help``."""
        if self.brief is not None:
            return self.brief
        return self.help.split("\n", 1)[0] if self.help is not None else ""

    @property
    def signature(self) -> str:
        """The usage line help shows (``<member> [reason]``)."""
        return signature(self)

    @property
    def cooldown(self) -> Cooldown | None:
        """The command's cooldown rule, if any."""
        return self._buckets.cooldown

    # -- copies -------------------------------------------------------------------------
    def update(self, **kwargs: Any) -> None:
        """Re-make the command with changed options (keeps its cog)."""
        cog = self.cog
        self.__init__(self.callback, **dict(self.__original_kwargs__, **kwargs))  # type: ignore[misc]
        self.cog = cog

    def copy(self) -> Self:
        """A copy with the same options, checks, hooks and error handler."""
        made = type(self)(self.callback, **self.__original_kwargs__)
        return self._ensure_assignment_on_copy(made)

    def _ensure_assignment_on_copy(self, other: Self) -> Self:
        other._before_invoke = self._before_invoke
        other._after_invoke = self._after_invoke
        other.extras = self.extras
        if self.checks != other.checks:
            other.checks = self.checks.copy()
        if self._buckets.valid and not other._buckets.valid:
            other._buckets = self._buckets.copy()
        if self._max_concurrency and self._max_concurrency != other._max_concurrency:
            other._max_concurrency = self._max_concurrency.copy()
        if hasattr(self, "on_error"):
            other.on_error = self.on_error
        return other

    def _update_copy(self, kwargs: dict[str, Any]) -> Self:
        if not kwargs:
            return self.copy()
        options = dict(kwargs)
        options.update(self.__original_kwargs__)  # the command's own options win
        return self._ensure_assignment_on_copy(type(self)(self.callback, **options))

    # -- checks, hooks, errors ----------------------------------------------------------
    def add_check(self, func: Callable[..., Any], /) -> None:
        """Add a check (``commands.check`` without the decorator)."""
        self.checks.append(func)

    def remove_check(self, func: Callable[..., Any], /) -> None:
        """Remove a check if present."""
        if func in self.checks:
            self.checks.remove(func)

    def error(self, coro: Coro, /) -> Coro:
        """Decorator: this command's own error handler, called before the bot's."""
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("The error handler must be a coroutine.")
        self.on_error: Coro = coro
        return coro

    def has_error_handler(self) -> bool:
        """Whether the command has its own error handler."""
        return hasattr(self, "on_error")

    def before_invoke(self, coro: Coro, /) -> Coro:
        """Decorator: run ``coro(ctx)`` just before the command."""
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("The pre-invoke hook must be a coroutine.")
        self._before_invoke = coro
        return coro

    def after_invoke(self, coro: Coro, /) -> Coro:
        """Decorator: run ``coro(ctx)`` just after the command, even if it failed."""
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("The post-invoke hook must be a coroutine.")
        self._after_invoke = coro
        return coro

    async def _call_hook(self, hook: Coro, ctx: Any) -> None:
        owner = getattr(hook, "__self__", self.cog)
        if owner:
            await hook(owner, ctx)
        else:
            await hook(ctx)

    async def call_before_hooks(self, ctx: Any, /) -> None:
        """The command's, the cog's, then the bot's before-invoke hook."""
        if self._before_invoke is not None:
            await self._call_hook(self._before_invoke, ctx)
        if self.cog is not None:
            hook = is_overridden(self.cog, "cog_before_invoke")
            if hook is not None:
                await hook(ctx)
        if ctx.bot._before_invoke is not None:
            await ctx.bot._before_invoke(ctx)

    async def call_after_hooks(self, ctx: Any, /) -> None:
        """The command's, the cog's, then the bot's after-invoke hook."""
        if self._after_invoke is not None:
            await self._call_hook(self._after_invoke, ctx)
        if self.cog is not None:
            hook = is_overridden(self.cog, "cog_after_invoke")
            if hook is not None:
                await hook(ctx)
        if ctx.bot._after_invoke is not None:
            await ctx.bot._after_invoke(ctx)

    async def dispatch_error(self, ctx: Any, error: CommandError, /) -> None:
        """Hand ``error`` to the command's handler, the cog's, then ``on_command_error``."""
        ctx.command_failed = True
        cog = self.cog
        try:
            handler = getattr(self, "on_error", None)
            if handler is not None:
                if cog is not None:
                    await wrap_call(handler, cog, ctx, error)
                else:
                    await wrap_call(handler, ctx, error)
            if cog is not None:
                local = is_overridden(cog, "cog_command_error")
                if local is not None:
                    await wrap_call(local, ctx, error)
        finally:
            ctx.bot.dispatch("command_error", ctx, error)

    async def can_run(self, ctx: Any, /) -> bool:
        """Whether the checks pass (bot-wide, cog, the command's); a check may raise."""
        if not self.enabled:
            raise DisabledCommand(f"{self.name} command is disabled")
        original = ctx.command
        ctx.command = self
        try:
            bot = ctx.bot
            if (bot._checks or not bot._own_can_run) and not await bot.can_run(ctx):
                raise CheckFailure(f"The global check functions for command "
                                   f"{self.qualified_name} failed.")
            if self.cog is not None:
                local = is_overridden(self.cog, "cog_check")
                if local is not None and not await maybe_coroutine(local, ctx):
                    return False
            return await run_checks(self.checks, ctx)
        finally:
            ctx.command = original

    # -- cooldowns ----------------------------------------------------------------------
    def _prepare_cooldowns(self, ctx: Any) -> None:
        if self._buckets.valid:
            now = cooldown_time(ctx)
            bucket = self._buckets.get_bucket(ctx, now)
            if bucket is not None:
                retry_after = bucket.update_rate_limit(now)
                if retry_after:
                    raise CommandOnCooldown(bucket, retry_after, self._buckets.type)

    def is_on_cooldown(self, ctx: Any, /) -> bool:
        """Whether ``ctx``'s bucket has no use left."""
        if not self._buckets.valid:
            return False
        bucket = self._buckets.get_bucket(ctx)
        return bucket is not None and bucket.get_tokens(cooldown_time(ctx)) == 0

    def reset_cooldown(self, ctx: Any, /) -> None:
        """Forget ``ctx``'s bucket's uses."""
        if self._buckets.valid:
            bucket = self._buckets.get_bucket(ctx)
            if bucket is not None:
                bucket.reset()

    def get_cooldown_retry_after(self, ctx: Any, /) -> float:
        """Seconds until ``ctx`` may use the command again (0.0 if now)."""
        if self._buckets.valid:
            bucket = self._buckets.get_bucket(ctx)
            if bucket is not None:
                return bucket.get_retry_after(cooldown_time(ctx))
        return 0.0

    # -- running ------------------------------------------------------------------------
    async def _parse_arguments(self, ctx: Any) -> None:
        await parse_arguments(self, ctx)

    async def prepare(self, ctx: Any, /) -> None:
        """Checks, concurrency, cooldown, arguments, before-invoke hooks."""
        ctx.command = self
        if not await self.can_run(ctx):
            raise CheckFailure(f"The check functions for command {self.qualified_name} failed.")
        limit = self._max_concurrency
        if limit is not None:
            await limit.acquire(ctx)
        try:
            if self.cooldown_after_parsing:
                await self._parse_arguments(ctx)
                self._prepare_cooldowns(ctx)
            else:
                self._prepare_cooldowns(ctx)
                await self._parse_arguments(ctx)
            if self._has_hooks(ctx, "_before_invoke", "cog_before_invoke"):
                await self.call_before_hooks(ctx)
        except BaseException:
            if limit is not None:
                await limit.release(ctx)
            raise

    def _has_hooks(self, ctx: Any, attribute: str, cog_method: str) -> bool:
        return (getattr(self, attribute) is not None or getattr(ctx.bot, attribute) is not None
                or (self.cog is not None and is_overridden(self.cog, cog_method) is not None))

    @property
    def _task_label(self) -> str:
        """``tidecord:command:<qualified name>``, remembered while parent and name stay."""
        cached = self.__dict__.get("_label")
        if cached is None or cached[0] is not self.parent or cached[1] is not self.name:
            cached = (self.parent, self.name, "tidecord:command:" + self.qualified_name)
            self.__dict__["_label"] = cached
        return cached[2]

    async def invoke(self, ctx: Any, /) -> None:
        """Prepare and run the command for ``ctx``."""
        with _named_task(self):
            await self.prepare(ctx)
            ctx.invoked_subcommand = None
            ctx.subcommand_passed = None
            await self._run_callback(ctx)

    async def _run_callback(self, ctx: Any) -> None:
        try:
            await self.callback(*ctx.args, **ctx.kwargs)
        except CommandError:
            ctx.command_failed = True
            raise
        except asyncio.CancelledError:
            ctx.command_failed = True
            return
        except Exception as exc:
            ctx.command_failed = True
            raise CommandInvokeError(exc) from exc
        finally:
            if self._max_concurrency is not None:
                await self._max_concurrency.release(ctx)
            if self._has_hooks(ctx, "_after_invoke", "cog_after_invoke"):
                await self.call_after_hooks(ctx)

    async def reinvoke(self, ctx: Any, /, *, call_hooks: bool = False) -> None:
        """Run again, skipping checks and cooldowns (hooks only if ``call_hooks``)."""
        ctx.command = self
        await self._parse_arguments(ctx)
        if call_hooks:
            await self.call_before_hooks(ctx)
        ctx.invoked_subcommand = None
        await self._reinvoke_callback(ctx, call_hooks)

    async def _reinvoke_callback(self, ctx: Any, call_hooks: bool) -> None:
        try:
            await self.callback(*ctx.args, **ctx.kwargs)
        except BaseException:
            ctx.command_failed = True
            raise
        finally:
            if call_hooks:
                await self.call_after_hooks(ctx)

    async def __call__(self, context: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call the callback directly: no checks, converters, hooks or cooldowns."""
        if self.cog is not None:
            return await self.callback(self.cog, context, *args, **kwargs)
        return await self.callback(context, *args, **kwargs)


async def wrap_call(func: Callable[..., Any], *args: Any) -> Any:
    """Await ``func(*args)``; any exception but a ``CommandError`` becomes
    :class:`CommandInvokeError` (a cancellation just ends it)."""
    try:
        return await func(*args)
    except CommandError:
        raise
    except asyncio.CancelledError:
        return None
    except Exception as exc:
        raise CommandInvokeError(exc) from exc


class _named_task:
    """Name the running task after the command while it runs (for the loop watchdog)."""

    __slots__ = ("_old", "_task", "command")

    def __init__(self, command: Command) -> None:
        self.command = command
        self._task: asyncio.Task[Any] | None = None
        self._old = ""

    def __enter__(self) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._task = task
            self._old = task.get_name()
            task.set_name(self.command._task_label)

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.set_name(self._old)
