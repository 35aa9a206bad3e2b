"""``IdMap``: objects by id that read like the lists discord.py hands out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

__all__ = ["IdMap"]

T = TypeVar("T")


class IdMap(dict[int, T]):
    """A dict from id to object whose iteration, ``in`` and indexing see the objects.

    ``guild.members`` is one: ``for m in guild.members``, ``len(guild.members)``,
    ``member in guild.members`` and ``guild.members[0]`` behave as on a list, while
    ``guild.members.get(user_id)`` is a constant-time lookup.
    """

    __slots__ = ()

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.values())

    def __reversed__(self) -> Iterator[T]:  # type: ignore[override]
        # reversed(guild.roles), highest first, as on discord.py's list (a dict's own
        # reversed() would give the ids).
        return reversed(list(self.__iter__()))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, int):
            return dict.__contains__(self, item)
        key = getattr(item, "id", None)
        return key is not None and dict.__contains__(self, key)

    def __getitem__(self, index: Any) -> Any:
        # Positions, as on the list discord.py returns; ids go through .get().
        # (Each reads the order __iter__ gives, which a subclass may change.)
        values = list(self)
        return values[index]

    # What discord.py's sequence proxies also answer (``guild.roles.index(role)``).
    def index(self, value: Any, *bounds: Any) -> int:
        """Where ``value`` sits in the sequence (``ValueError`` if absent)."""
        return list(self).index(value, *bounds)

    def count(self, value: Any) -> int:
        """How many times ``value`` is in the sequence: 1 or 0."""
        return list(self).count(value)

    def __repr__(self) -> str:
        return f"[{', '.join(repr(v) for v in self)}]"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return list(self) == other
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None
