"""Check decorators: ``@commands.has_permissions(kick_members=True)`` and friends.

A check is a function of the context returning true (or raising a
:class:`CheckFailure`); the built-in ones ask the shared core's predicates
(:mod:`tidecord.commands.checks`) and raise discord.py's errors with its messages.
Each decorator's ``.predicate`` is the coroutine check, for :func:`check_any`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from ...app_commands import decorate as slash_settings
from ...commands import checks as core
from ...commands.checks import Denial, Reason
from .base import BaseCommand
from .errors import (
    BotMissingAnyRole,
    BotMissingPermissions,
    BotMissingRole,
    CheckAnyFailure,
    CheckFailure,
    MissingAnyRole,
    MissingPermissions,
    MissingRole,
    NoPrivateMessage,
    NotOwner,
    NSFWChannelRequired,
    PrivateMessageOnly,
)

__all__ = [
    "bot_has_any_role", "bot_has_guild_permissions", "bot_has_permissions", "bot_has_role",
    "check", "check_any", "denial_error", "dm_only", "guild_only", "has_any_role",
    "has_guild_permissions", "has_permissions", "has_role", "is_nsfw", "is_owner",
]

T = TypeVar("T")

_ERRORS: dict[Reason, Callable[[Denial], CheckFailure]] = {
    Reason.GUILD_ONLY: lambda d: NoPrivateMessage(),
    Reason.DM_ONLY: lambda d: PrivateMessageOnly(),
    Reason.NSFW_REQUIRED: lambda d: NSFWChannelRequired(d.channel),
    Reason.MISSING_ROLE: lambda d: MissingRole(d.missing[0]),
    Reason.BOT_MISSING_ROLE: lambda d: BotMissingRole(d.missing[0]),
    Reason.MISSING_ANY_ROLE: lambda d: MissingAnyRole(list(d.missing)),
    Reason.BOT_MISSING_ANY_ROLE: lambda d: BotMissingAnyRole(list(d.missing)),
    Reason.MISSING_PERMISSIONS: lambda d: MissingPermissions(list(d.missing)),
    Reason.BOT_MISSING_PERMISSIONS: lambda d: BotMissingPermissions(list(d.missing)),
    Reason.NOT_OWNER: lambda d: NotOwner("You do not own this bot."),
}


def denial_error(denial: Denial) -> CheckFailure:
    """The error discord.py raises for a failed built-in check."""
    return _ERRORS[denial.reason](denial)


def check(predicate: Callable[[Any], Any], /) -> Callable[[T], T]:
    """Decorator: the command runs only if ``predicate(ctx)`` (sync or async) is true."""

    def decorator(func: T) -> T:
        if isinstance(func, BaseCommand):
            func.checks.append(predicate)  # type: ignore[attr-defined]
        else:
            if not hasattr(func, "__commands_checks__"):
                func.__commands_checks__ = []  # type: ignore[attr-defined]
            func.__commands_checks__.append(predicate)  # type: ignore[attr-defined]
        return func

    if inspect.iscoroutinefunction(predicate):
        decorator.predicate = predicate  # type: ignore[attr-defined]
    else:
        @functools.wraps(predicate)
        async def as_coroutine(ctx: Any) -> Any:
            return predicate(ctx)

        decorator.predicate = as_coroutine  # type: ignore[attr-defined]
    return decorator


def check_any(*checks: Callable[..., Any]) -> Callable[[T], T]:
    """Decorator: passes if any of ``checks`` (made with :func:`check`) passes."""
    predicates = []
    for wrapped in checks:
        try:
            predicates.append(wrapped.predicate)  # type: ignore[attr-defined]
        except AttributeError:
            raise TypeError(f"{wrapped!r} must be wrapped by commands.check decorator") from None

    async def any_of(ctx: Any) -> bool:
        errors: list[CheckFailure] = []
        for predicate in predicates:
            try:
                if await predicate(ctx):
                    return True
            except CheckFailure as exc:
                errors.append(exc)
        raise CheckAnyFailure(predicates, errors)

    return check(any_of)


def _core(test: Callable[[Any], Denial | None]) -> Callable[[T], T]:
    def predicate(ctx: Any) -> bool:
        denial = test(ctx)
        if denial is not None:
            raise denial_error(denial)
        return True

    return check(predicate)


def has_role(item: int | str, /) -> Callable[[T], T]:
    """The author has the role ``item`` (an id or a name)."""
    return _core(lambda ctx: core.has_role(ctx, item))


def has_any_role(*items: int | str) -> Callable[[T], T]:
    """The author has at least one of ``items``."""
    return _core(lambda ctx: core.has_any_role(ctx, items))


def bot_has_role(item: int | str, /) -> Callable[[T], T]:
    """The bot has the role ``item``."""
    return _core(lambda ctx: core.has_role(ctx, item, bot=True))


def bot_has_any_role(*items: int | str) -> Callable[[T], T]:
    """The bot has at least one of ``items``."""
    return _core(lambda ctx: core.has_any_role(ctx, items, bot=True))


def has_permissions(**perms: bool) -> Callable[[T], T]:
    """The author has ``perms`` in this channel."""
    core.validate_permissions(perms)
    return _core(lambda ctx: core.has_permissions(ctx, perms))


def bot_has_permissions(**perms: bool) -> Callable[[T], T]:
    """The bot has ``perms`` in this channel."""
    core.validate_permissions(perms)
    return _core(lambda ctx: core.has_permissions(ctx, perms, bot=True))


def has_guild_permissions(**perms: bool) -> Callable[[T], T]:
    """The author has ``perms`` guild-wide."""
    core.validate_permissions(perms)
    return _core(lambda ctx: core.has_guild_permissions(ctx, perms))


def bot_has_guild_permissions(**perms: bool) -> Callable[[T], T]:
    """The bot has ``perms`` guild-wide."""
    core.validate_permissions(perms)
    return _core(lambda ctx: core.has_guild_permissions(ctx, perms, bot=True))


def _also_slash(decorator: Callable[[T], T], **setting: bool) -> Callable[[T], T]:
    """``decorator``, which on a hybrid command (or a function about to become one)
    also says ``setting`` to its slash side, as ``app_commands.guild_only()`` would."""

    def apply(func: T) -> T:
        func = decorator(func)
        if not isinstance(func, BaseCommand):
            slash_settings.update(func, **setting)
        elif getattr(func, "app_command", None) is not None:  # a hybrid command
            slash_settings.update(func, **setting)
        return func

    apply.predicate = decorator.predicate  # type: ignore[attr-defined]
    return apply


def dm_only() -> Callable[[T], T]:
    """Only in direct messages (:class:`PrivateMessageOnly` elsewhere)."""
    return _core(core.dm_only)


def guild_only() -> Callable[[T], T]:
    """Only in guilds (:class:`NoPrivateMessage` in DMs); a hybrid command's slash side
    is registered as guild-only too."""
    return _also_slash(_core(core.guild_only), guild_only=True)


def is_nsfw() -> Callable[[T], T]:
    """Only in age-restricted channels (DMs pass); a hybrid command's slash side is
    registered as age-restricted too."""
    return _also_slash(_core(core.is_nsfw), nsfw=True)


def is_owner() -> Callable[[T], T]:
    """Only the bot's owner (:class:`NotOwner` for anyone else)."""

    async def predicate(ctx: Any) -> bool:
        if not await ctx.bot.is_owner(ctx.author):
            raise NotOwner("You do not own this bot.")
        return True

    return check(predicate)


run_checks = core.all_pass
"""Whether every check passes for ``ctx`` (the core's
:func:`~tidecord.commands.checks.all_pass`)."""
