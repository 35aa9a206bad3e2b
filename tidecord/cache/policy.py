"""Which members the cache keeps: all, none, only the bot, or a bounded LRU."""

from __future__ import annotations

from typing import Self

from ..models import Flags, Intents
from ..models.flags import _Flag

__all__ = ["MemberCacheFlags", "MemberCachePolicy"]


class MemberCachePolicy:
    """How many members to keep.

    >>> MemberCachePolicy.lru(10_000).max_members
    10000

    ``all()`` keeps every member seen (default), ``none()`` keeps no member but the
    bot's own, ``only_self()`` is the same spelled plainly, ``lru(n)`` keeps the
    ``n`` most recently seen members across all guilds (plus the bot's own).
    """

    __slots__ = ("max_members", "mode")

    def __init__(self, mode: str = "all", max_members: int | None = None) -> None:
        if mode not in ("all", "self", "lru"):
            raise ValueError(f"unknown member cache mode {mode!r}")
        if mode == "lru" and (max_members is None or max_members < 1):
            raise ValueError("an LRU member cache needs max_members >= 1")
        self.mode = mode
        self.max_members = max_members

    @classmethod
    def all(cls) -> Self:
        """Keep every member."""
        return cls("all")

    @classmethod
    def none(cls) -> Self:
        """Keep only the bot's own member in each guild."""
        return cls("self")

    only_self = none

    @classmethod
    def lru(cls, max_members: int) -> Self:
        """Keep the ``max_members`` most recently seen members."""
        return cls("lru", max_members)

    def __repr__(self) -> str:
        extra = f" max_members={self.max_members}" if self.mode == "lru" else ""
        return f"<MemberCachePolicy {self.mode}{extra}>"


class MemberCacheFlags(Flags):
    """discord.py's spelling: which members to keep (``none()`` keeps only the bot)."""

    __slots__ = ()
    voice = _Flag(1 << 0)
    joined = _Flag(1 << 1)

    def __init__(self, value: int | None = None, **named: bool) -> None:
        # As discord.py's: every flag set unless told otherwise, so that
        # ``MemberCacheFlags(joined=False)`` still keeps voice members.
        super().__init__(sum(self.VALID_FLAGS.values()) if value is None
                         else value, **named)

    @classmethod
    def from_intents(cls, intents: Intents) -> Self:
        """What the intents allow: joined members with GUILD_MEMBERS, voice with VOICE_STATES."""
        flags = cls()
        flags.joined = intents.members
        flags.voice = intents.voice_states
        return flags

    def verify(self, intents: Intents) -> None:
        """Refuse flags the intents cannot feed, as discord.py's client does."""
        if self.voice and not intents.voice_states:
            raise ValueError("MemberCacheFlags.voice requires Intents.voice_states")
        if self.joined and not intents.members:
            raise ValueError("MemberCacheFlags.joined requires Intents.members")

    def to_policy(self) -> MemberCachePolicy:
        """The equivalent :class:`MemberCachePolicy`."""
        return MemberCachePolicy.all() if self.value else MemberCachePolicy.none()
