"""Cooldowns: how often a command may run, per user, channel, guild... (discord.py's model).

A :class:`Cooldown` allows ``rate`` uses in a window of ``per`` seconds that opens
at the first use; a :class:`CooldownMapping` keeps one per key (the key comes from
a :class:`BucketType` or any function of the subject) and forgets the ones whose
window has passed, so memory stays bounded by the users active in one window.
Times are seconds since the epoch; prefix commands pass the message's own time,
so a sandbox whose clock is advanced expires cooldowns with it.

These classes never raise a front-end's error: ``update_rate_limit`` returns the
seconds to wait (or ``None``), and ``commands.CommandOnCooldown`` /
``app_commands.CommandOnCooldown`` are raised from that.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Hashable
from types import GenericAlias
from typing import Any, Self

from ..models.base import TryValue
from .subject import author_of, channel_of, guild_of

__all__ = ["BucketType", "Cooldown", "CooldownMapping", "DynamicCooldownMapping"]


class BucketType(TryValue, enum.Enum):
    """What a cooldown or a concurrency limit is counted per."""

    default = 0
    user = 1
    guild = 2
    channel = 3
    member = 4
    category = 5
    role = 6

    # ``msg`` (and ``message`` below) as discord.py names them, so that calls by keyword
    # written for it work: what is passed may be a context, interaction or message.
    def get_key(self, msg: Any) -> Hashable:
        """The bucket ``msg`` (a context, interaction or message) falls in."""
        return _KEYS[self](msg)

    def __call__(self, msg: Any) -> Hashable:
        return self.get_key(msg)


def _guild_key(s: Any) -> Any:
    guild = guild_of(s)
    return (guild if guild is not None else author_of(s)).id  # DMs: per person


def _member_key(s: Any) -> Any:
    guild = guild_of(s)
    return (guild.id if guild is not None else None, author_of(s).id)


def _category_key(s: Any) -> Any:
    channel = channel_of(s)
    category = getattr(channel, "category", None)
    return (category or channel).id


def _role_key(s: Any) -> Any:
    # In a DM there are no roles: the channel stands in, as for a guild with
    # only @everyone.
    if guild_of(s) is None:
        return channel_of(s).id
    top = getattr(author_of(s), "top_role", None)
    return top.id if top is not None else guild_of(s).id


_KEYS: dict[BucketType, Callable[[Any], Hashable]] = {
    BucketType.default: lambda s: None,  # one bucket for everyone; discord.py's key
    BucketType.user: lambda s: author_of(s).id,
    BucketType.guild: _guild_key,
    BucketType.channel: lambda s: channel_of(s).id,
    BucketType.member: _member_key,
    BucketType.category: _category_key,
    BucketType.role: _role_key,
}


class Cooldown:
    """``rate`` uses per ``per`` seconds; the window opens at the first use.

    >>> c = Cooldown(2, 10.0)
    >>> c.update_rate_limit(100.0), c.update_rate_limit(101.0), c.update_rate_limit(102.0)
    (None, None, 8.0)
    >>> c.get_retry_after(105.0), c.update_rate_limit(111.0)
    (5.0, None)
    """

    __slots__ = ("_last", "_tokens", "_window", "per", "rate")

    def __init__(self, rate: float, per: float) -> None:
        self.rate = int(rate)
        self.per = float(per)
        # A rate of 0 is taken, as discord.py takes it: every use waits ``per`` (0: none).
        if self.rate < 0:
            raise ValueError(f"a cooldown's rate must be 0 or more, not {rate!r}")
        if self.per < 0:
            raise ValueError(f"a cooldown's per must be 0 or more seconds, not {per!r}")
        self._window = 0.0
        self._tokens = self.rate
        self._last = 0.0

    def get_tokens(self, current: float | None = None) -> int:
        """Uses left at ``current`` (now by default)."""
        current = current or time.time()
        if current > self._window + self.per:
            return self.rate
        return max(self._tokens, 0)

    def get_retry_after(self, current: float | None = None) -> float:
        """Seconds until a use is allowed again (0.0 when one is allowed now)."""
        current = current or time.time()
        if self.get_tokens(current) == 0:
            return self.per - (current - self._window)
        return 0.0

    def update_rate_limit(self, current: float | None = None, *, tokens: int = 1) -> float | None:
        """Use ``tokens``; ``None`` if allowed, else the seconds to wait.

        A refused use is still counted, as in discord.py: asking for more tokens than
        are left empties the window (the count goes below zero, read back as 0), so a
        smaller use right after is refused too."""
        current = current or time.time()
        self._last = current
        available = self.get_tokens(current)
        if available == self.rate:
            self._window = current  # the first use opens a new window
        self._tokens = available - tokens
        if self._tokens < 0:
            return self.per - (current - self._window)
        return None

    def reset(self) -> None:
        """Forget every use."""
        self._tokens = self.rate
        self._last = 0.0

    def copy(self) -> Self:
        """A fresh cooldown with the same rate and period."""
        return type(self)(self.rate, self.per)

    @property
    def last_used(self) -> float:
        """When it was last used (0.0 if never)."""
        return self._last

    def __repr__(self) -> str:
        return (f"<Cooldown rate: {self.rate} per: {self.per} window: {self._window}"
                f" tokens: {self._tokens}>")


class CooldownMapping:
    """One :class:`Cooldown` per key; ``type`` is a :class:`BucketType` or a function
    of the subject returning a hashable key (app commands key by user by default)."""

    # Typed bots write ``commands.CooldownMapping[discord.Message]`` in annotations,
    # evaluated when their module loads (as discord.py's generic classes allow).
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

    def __init__(self, original: Cooldown | None, type: Callable[[Any], Hashable]) -> None:
        if not callable(type):
            raise TypeError("Cooldown type must be a BucketType or callable")
        self._cache: dict[Hashable, Cooldown] = {}
        self._cooldown = original
        self._type = type

    @classmethod
    def from_cooldown(cls, rate: float, per: float, type: Callable[[Any], Hashable]) -> Self:
        """A mapping of ``Cooldown(rate, per)`` per ``type``."""
        return cls(Cooldown(rate, per), type)

    def copy(self) -> Self:
        """The same rule, with the same buckets so far."""
        other = self._blank()
        other._cache = self._cache.copy()
        return other

    def _blank(self) -> Self:
        return type(self)(self._cooldown, self._type)

    @property
    def valid(self) -> bool:
        """Whether there is a cooldown at all."""
        return self._cooldown is not None

    @property
    def type(self) -> Callable[[Any], Hashable]:
        """What the buckets are keyed by."""
        return self._type

    @property
    def cooldown(self) -> Cooldown | None:
        """The rule each bucket copies."""
        return self._cooldown

    def _verify_cache_integrity(self, current: float | None = None) -> None:
        # A bucket unused for a whole window is as good as new: drop it.
        current = current or time.time()
        dead = [key for key, c in self._cache.items() if current > c.last_used + c.per]
        for key in dead:
            del self._cache[key]

    def create_bucket(self, message: Any) -> Cooldown | None:
        """A new bucket for ``message``'s key (a context, interaction or message)."""
        assert self._cooldown is not None
        return self._cooldown.copy()

    def get_bucket(self, message: Any, current: float | None = None) -> Cooldown | None:
        """The bucket ``message`` (a context, interaction or message) falls in
        (``None``: no cooldown applies to it)."""
        if self._type is BucketType.default:
            return self._cooldown
        self._verify_cache_integrity(current)
        key = self._type(message)
        bucket = self._cache.get(key)
        if bucket is None:
            bucket = self.create_bucket(message)
            if bucket is not None:
                self._cache[key] = bucket
        return bucket

    def update_rate_limit(self, message: Any, current: float | None = None,
                          tokens: int = 1) -> float | None:
        """Use ``message``'s bucket: ``None`` if allowed, else the seconds to wait."""
        bucket = self.get_bucket(message, current)
        if bucket is None:
            return None
        return bucket.update_rate_limit(current, tokens=tokens)


class DynamicCooldownMapping(CooldownMapping):
    """A cooldown chosen per subject by ``factory`` (``None``: no cooldown for it)."""

    def __init__(self, factory: Callable[[Any], Cooldown | None],
                 type: Callable[[Any], Hashable]) -> None:
        super().__init__(None, type)
        self._factory = factory

    def _blank(self) -> Self:
        return type(self)(self._factory, self._type)

    @property
    def valid(self) -> bool:
        """Always: the factory decides per subject."""
        return True

    def create_bucket(self, message: Any) -> Cooldown | None:
        """The factory's cooldown for ``message``."""
        return self._factory(message)
