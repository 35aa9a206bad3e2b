"""Cooldowns and concurrency limits as decorators: ``@commands.cooldown(1, 30, BucketType.user)``.

The buckets and windows are the shared core's (:mod:`tidecord.commands.cooldowns`);
here they become discord.py's decorators and errors. A prefix command's cooldown is
timed by its message's own time, so a sandbox whose clock moves expires it too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ...commands import BucketType, Cooldown, CooldownMapping, DynamicCooldownMapping
from ...commands import MaxConcurrency as _CoreConcurrency
from ...models.base import Snowflake
from .base import BaseCommand
from .errors import MaxConcurrencyReached

__all__ = [
    "BucketType",
    "Cooldown",
    "CooldownMapping",
    "DynamicCooldownMapping",
    "MaxConcurrency",
    "cooldown",
    "cooldown_time",
    "dynamic_cooldown",
    "max_concurrency",
]

T = TypeVar("T")


class MaxConcurrency(_CoreConcurrency):
    """At most ``number`` runs at once per ``per``; without ``wait``, one more raises
    :class:`MaxConcurrencyReached`."""

    __slots__ = ()

    async def acquire(self, message: Any) -> bool:
        """Take a slot, waiting for one if ``wait``; else raise when none is free."""
        if not await super().acquire(message):
            raise MaxConcurrencyReached(self.number, self.per)
        return True


def cooldown_time(ctx: Any) -> float:
    """When a command's message was sent (or last edited), in seconds since the epoch."""
    message = ctx.message
    if message.edited_timestamp:
        return message.edited_at.timestamp()  # type: ignore[no-any-return]
    return Snowflake(message.id).timestamp_ms / 1000


def _attach(func: Any, attribute: str, value: Any, command_attribute: str) -> Any:
    # A decorator may sit above or below @commands.command(): handle both.
    if isinstance(func, BaseCommand):
        setattr(func, command_attribute, value)
    else:
        setattr(func, attribute, value)
    return func


def cooldown(rate: int, per: float,
             type: BucketType | Callable[[Any], Hashable] = BucketType.default
             ) -> Callable[[T], T]:
    """Allow ``rate`` uses per ``per`` seconds in each ``type`` bucket; more raise
    :class:`CommandOnCooldown` (with ``retry_after``)."""

    def decorator(func: T) -> T:
        return _attach(func, "__commands_cooldown__",  # type: ignore[no-any-return]
                       CooldownMapping(Cooldown(rate, per), type), "_buckets")

    return decorator


def dynamic_cooldown(cooldown: Callable[[Any], Cooldown | None],
                     type: BucketType | Callable[[Any], Hashable]) -> Callable[[T], T]:
    """A cooldown chosen per invocation by ``cooldown(ctx)`` (``None``: none this time)."""
    if not callable(cooldown):
        raise TypeError("A callable must be provided")
    if type is BucketType.default:
        raise ValueError("BucketType.default cannot be used in dynamic cooldowns")

    def decorator(func: T) -> T:
        return _attach(func, "__commands_cooldown__",  # type: ignore[no-any-return]
                       DynamicCooldownMapping(cooldown, type), "_buckets")

    return decorator


def max_concurrency(number: int, per: BucketType = BucketType.default, *,
                    wait: bool = False) -> Callable[[T], T]:
    """At most ``number`` runs at once per ``per`` bucket; the next one waits (``wait``)
    or raises :class:`MaxConcurrencyReached`."""

    def decorator(func: T) -> T:
        return _attach(func, "__commands_max_concurrency__",  # type: ignore[no-any-return]
                       MaxConcurrency(number, per=per, wait=wait), "_max_concurrency")

    return decorator
