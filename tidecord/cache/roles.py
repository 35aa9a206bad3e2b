"""``member.roles``: role ids underneath, :class:`Role` objects to whoever iterates.

discord.py code reads ``member.roles`` as a list of roles (``[r.name for r in
member.roles]``, ``role in member.roles``); the wire and the cache hold ids. A
:class:`MemberRoles` is a tuple of ids whose iteration and indexing resolve the
guild's current roles, and one instance is shared by every member of a guild
holding the same set, so a large guild pays for a few of them.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from typing import Any, Final

__all__ = ["MemberRoles", "roles_kind"]

_RANK: Final = operator.attrgetter("position", "id")


class MemberRoles(tuple[int, ...]):
    """A member's role ids; iterates as the guild's :class:`Role` objects, by position,
    ``@everyone`` first (as discord.py's ``Member.roles``).

    ``ids`` gives the ids Discord sent; ``x in member.roles`` accepts a role or an id.
    Each guild has its own subclass (:func:`roles_kind`) that knows the guild, so
    an instance is a bare tuple: no per-set dict, made in C.
    """

    __slots__ = ()
    _cache: Any = None
    _guild_id: int = 0

    @property
    def ids(self) -> tuple[int, ...]:
        """The role ids, as Discord sent them."""
        return tuple.__getitem__(self, slice(None))

    def _table(self) -> dict[int, Any]:
        guild = self._cache.guilds.get(self._guild_id)
        roles = guild.roles if guild is not None else None
        return roles if isinstance(roles, dict) else {}

    def _resolved(self) -> list[Any]:
        table = self._table()
        gid = self._guild_id
        found = list(filter(None, map(dict.get, itertools.repeat(table), tuple.__iter__(self))))
        if tuple.__contains__(self, gid):
            found = [r for r in found if r.id != gid]
        if len(found) > 1:
            found.sort(key=_RANK)
        # As in discord.py, every member has @everyone (the guild's id), listed first.
        everyone = table.get(gid)
        return found if everyone is None else [everyone, *found]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._resolved())

    def __getitem__(self, index: Any) -> Any:
        return self._resolved()[index]

    def __len__(self) -> int:
        # How many roles iteration gives, without looking them up one by one.
        table = self._table()
        gid = self._guild_id
        held = sum(map(dict.__contains__, itertools.repeat(table), tuple.__iter__(self)))
        if tuple.__contains__(self, gid):
            held -= dict.__contains__(table, gid)
        return held + dict.__contains__(table, gid)

    def __contains__(self, item: object) -> bool:
        key = item if isinstance(item, int) else getattr(item, "id", None)
        return key is not None and (key == self._guild_id or tuple.__contains__(self, key))

    def __repr__(self) -> str:
        return f"<MemberRoles ids={list(tuple.__iter__(self))}>"

    def __reduce__(self) -> Any:
        return (tuple, (self.ids,))


def roles_kind(cache: Any, guild_id: int) -> type[MemberRoles]:
    """The :class:`MemberRoles` subclass of one guild of ``cache``."""
    return type("MemberRoles", (MemberRoles,), {
        "__slots__": (), "_cache": cache, "_guild_id": guild_id, "__module__": __name__,
        "__doc__": MemberRoles.__doc__,
    })
