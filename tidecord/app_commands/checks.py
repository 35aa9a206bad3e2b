"""``app_commands.checks``: who may run a command, and how often.

Built on the shared core (:mod:`tidecord.commands`): the predicates answer with a
denial, turned here into app-command errors (``MissingRole``, ``MissingPermissions``,
``CommandOnCooldown``...). Each decorator goes above or below ``@app_commands.command``.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from ..commands import checks as core
from ..commands.checks import Denial, Reason
from ..commands.cooldowns import Cooldown
from ..utils import maybe_coroutine
from .decorate import add_check
from .errors import (
    BotMissingPermissions,
    CheckFailure,
    CommandOnCooldown,
    MissingAnyRole,
    MissingPermissions,
    MissingRole,
    NoPrivateMessage,
)

if TYPE_CHECKING:
    from ..interactions import Interaction

__all__ = [
    "Cooldown",
    "bot_has_permissions",
    "check",
    "cooldown",
    "dynamic_cooldown",
    "has_any_role",
    "has_permissions",
    "has_role",
]

T = TypeVar("T")
Predicate = Callable[..., Any]


def check(predicate: Predicate) -> Callable[[T], T]:
    """A check of your own: ``predicate(interaction)`` returns (or awaits) a bool, or raises
    a :class:`CheckFailure`. ``check.predicate`` is the predicate, for reuse."""
    def decorator(target: T) -> T:
        add_check(target, predicate)
        return target

    decorator.predicate = predicate  # type: ignore[attr-defined]
    return decorator


def _raise(denial: Denial) -> None:
    """The app-command error for a core denial."""
    reason = denial.reason
    if reason is Reason.GUILD_ONLY:
        raise NoPrivateMessage()
    if reason is Reason.MISSING_ROLE:
        raise MissingRole(denial.missing[0])
    if reason is Reason.MISSING_ANY_ROLE:
        raise MissingAnyRole(list(denial.missing))
    if reason is Reason.MISSING_PERMISSIONS:
        raise MissingPermissions(list(denial.missing))
    if reason is Reason.BOT_MISSING_PERMISSIONS:
        raise BotMissingPermissions(list(denial.missing))
    raise CheckFailure(f"check failed: {reason.value}")


def _core_check(run: Callable[[Any], Any]) -> Callable[[T], T]:
    async def predicate(interaction: Interaction[Any]) -> bool:
        denial = run(interaction)
        if inspect.isawaitable(denial):
            denial = await denial
        if denial is not None:
            _raise(denial)
        return True
    return check(predicate)


def has_role(item: int | str, /) -> Callable[[T], T]:
    """The user has the role ``item`` (an id or a name); guilds only."""
    return _core_check(lambda i: core.has_role(i, item))


def has_any_role(*items: int | str) -> Callable[[T], T]:
    """The user has at least one of ``items`` (ids or names); guilds only."""
    return _core_check(lambda i: core.has_any_role(i, items))


def has_permissions(**perms: bool) -> Callable[[T], T]:
    """The user has these permissions in the channel (as Discord computed them)."""
    core.validate_permissions(perms)
    return _core_check(lambda i: core.has_permissions(i, perms))


def bot_has_permissions(**perms: bool) -> Callable[[T], T]:
    """The bot has these permissions in the channel."""
    core.validate_permissions(perms)
    return _core_check(lambda i: core.has_permissions(i, perms, bot=True))


def _user_key(interaction: Interaction[Any]) -> Hashable:
    return int(interaction.user.id)


def _now(interaction: Interaction[Any]) -> float:
    # The interaction's own time (its id), so a sandbox clock moved forward counts.
    return interaction.created_at.timestamp() if hasattr(interaction, "created_at") \
        else time.time()


def _cooldown_check(key: Callable[[Interaction[Any]], Any],
                    factory: Callable[[Interaction[Any]], Any]) -> Callable[[T], T]:
    """The check behind both cooldowns: one bucket per ``key(interaction)``, made by
    ``factory(interaction)`` (``None``: no cooldown for it); either may be a coroutine
    function, as discord.py allows."""
    buckets: dict[Hashable, Cooldown] = {}

    async def predicate(interaction: Interaction[Any]) -> bool:
        now = _now(interaction)
        # A bucket unused for a whole window is as good as new: forget it.
        for stale in [k for k, c in buckets.items() if now > c.last_used + c.per]:
            del buckets[stale]
        found = await maybe_coroutine(key, interaction)
        bucket = buckets.get(found)
        if bucket is None:
            bucket = await maybe_coroutine(factory, interaction)
            if bucket is None:
                return True
            buckets[found] = bucket
        retry_after = bucket.update_rate_limit(now)
        if retry_after is not None:
            raise CommandOnCooldown(bucket, retry_after)
        return True
    return check(predicate)


def _everyone(interaction: Interaction[Any]) -> None:
    return None


def cooldown(rate: float, per: float, *,
             key: Callable[[Interaction[Any]], Any] | None = _user_key
             ) -> Callable[[T], T]:
    """At most ``rate`` uses per ``per`` seconds, per ``key(interaction)`` (the user by
    default; ``None``: one shared bucket; a coroutine function is awaited). Over it:
    :class:`CommandOnCooldown`."""
    return _cooldown_check(key if key is not None else _everyone,
                           lambda interaction: Cooldown(rate, per))


def dynamic_cooldown(factory: Callable[[Interaction[Any]], Any], *,
                     key: Callable[[Interaction[Any]], Any] | None = _user_key
                     ) -> Callable[[T], T]:
    """A cooldown chosen per interaction by ``factory`` (``None``: no cooldown for it);
    ``factory`` and ``key`` may be coroutine functions."""
    return _cooldown_check(key if key is not None else _everyone, factory)
