"""``member.roles``: role ids underneath, :class:`Role` objects to whoever iterates.

discord.py code reads ``member.roles`` as a list of roles (``[r.name for r in
member.roles]``, ``role in member.roles``); the wire and the cache hold ids. A
:class:`MemberRoles` is a tuple of ids whose iteration and indexing resolve the
guild's current roles, and one instance is shared by every member of a guild
holding the same set, so a large guild pays for a handful of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["MemberRoles"]


class MemberRoles(tuple[int, ...]):
    """A member's role ids; iterates as the guild's :class:`Role` objects, by position,
    ``@everyone`` first (as discord.py's ``Member.roles``).

    ``ids`` gives the ids Discord sent; ``x in member.roles`` accepts a role or an id.
    """

    _cache: Any
    _guild_id: int

    def __new__(cls, ids: tuple[int, ...], cache: Any, guild_id: int) -> MemberRoles:
        self = super().__new__(cls, ids)
        self._cache = cache
        self._guild_id = guild_id
        return self

    @property
    def ids(self) -> tuple[int, ...]:
        """The role ids, as Discord sent them."""
        return tuple.__getitem__(self, slice(None))

    def _resolved(self) -> list[Any]:
        guild = self._cache.guilds.get(self._guild_id)
        table = guild.roles if guild is not None and isinstance(guild.roles, dict) else {}
        found = [r for r in (table.get(i) for i in tuple.__iter__(self))
                 if r is not None and r.id != self._guild_id]
        found.sort(key=lambda r: (r.position, r.id))
        # As in discord.py, every member has @everyone (the guild's id), listed first.
        everyone = table.get(self._guild_id)
        return found if everyone is None else [everyone, *found]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._resolved())

    def __getitem__(self, index: Any) -> Any:
        return self._resolved()[index]

    def __len__(self) -> int:
        return len(self._resolved())

    def __contains__(self, item: object) -> bool:
        key = item if isinstance(item, int) else getattr(item, "id", None)
        return key is not None and (key == self._guild_id or tuple.__contains__(self, key))

    def __repr__(self) -> str:
        return f"<MemberRoles ids={list(tuple.__iter__(self))}>"

    def __reduce__(self) -> Any:
        return (tuple, (self.ids,))
