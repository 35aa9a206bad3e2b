"""``member.roles``: role ids underneath, :class:`Role` objects to whoever iterates.

discord.py code reads ``member.roles`` as a list of roles (``[r.name for r in
member.roles]``, ``role in member.roles``); the wire and the cache hold ids. A
:class:`MemberRoles` is a tuple of ids whose iteration and indexing resolve the
guild's current roles, and one instance is shared by every member of a guild
holding the same set, so a large guild pays for a few of them.

:class:`CacheRoles` is the cache's side of roles: it shares those sets, and indexes a
guild's roles with their equal values (permissions, one-colour ``colors``) shared.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from ..models import Guild, Permissions, Role
from ..models.role import ROLE_PERMISSIONS, bind_role
from .idmap import IdMap
from .members import GuildMembers

__all__ = ["CacheRoles", "MemberRoles", "RoleMap", "roles_kind"]

# discord.py's hierarchy: by position; at one position the newer role is lower.
_RANK: Final = Role._rank


class RoleMap(IdMap[Role]):
    """A guild's roles by id (``guild.roles``); as a sequence, in discord.py's hierarchy
    order, lowest first: ``guild.roles[-1]`` is the highest role, and a role made
    after the guild arrived takes its place by position, not at the end."""

    __slots__ = ()

    def __iter__(self) -> Iterator[Role]:  # type: ignore[override]
        return iter(sorted(self.values(), key=_RANK))
# A role's ``colors`` as Discord sends it for a role of one colour: the cache keeps
# one such dict per colour, shared by the roles that have it (a dict is ~220 bytes;
# a bot in thousands of guilds holds tens of thousands of roles).
_COLOR_KEYS: Final = ["primary_color", "secondary_color", "tertiary_color"]


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

    def __repr__(self) -> str:  # the list discord.py's Member.roles would print
        return repr(self._resolved())

    # -- what a list of roles also does (discord.py's Member.roles is a list) ----------
    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return self._resolved() == other
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = tuple.__hash__

    def __add__(self, other: Any) -> list[Any]:  # type: ignore[override]
        return [*self._resolved(), *other]

    def __radd__(self, other: Any) -> list[Any]:
        return [*other, *self._resolved()]

    def __mul__(self, count: Any) -> list[Any]:  # type: ignore[override]
        return list(self._resolved()) * int(count)

    def index(self, value: Any, *bounds: Any) -> int:
        """Where ``value`` (a role) sits in the list."""
        return self._resolved().index(value, *bounds)

    def count(self, value: Any) -> int:
        """1 if the member has ``value`` (a role), else 0."""
        return self._resolved().count(value)

    def copy(self) -> list[Any]:
        """The roles as a new list."""
        return self._resolved()

    def __reduce__(self) -> Any:
        return (tuple, (self.ids,))


def roles_kind(cache: Any, guild_id: int) -> type[MemberRoles]:
    """The :class:`MemberRoles` subclass of one guild of ``cache``."""
    return type("MemberRoles", (MemberRoles,), {
        "__slots__": (), "_cache": cache, "_guild_id": guild_id, "__module__": __name__,
        "__doc__": MemberRoles.__doc__,
    })


class CacheRoles:
    """The role calls of :class:`~tidecord.cache.Cache` (mixed into it): members' role
    sets, shared per guild, and guilds' roles indexed with their values shared."""

    if TYPE_CHECKING:
        state: Any
        guilds: dict[int, Guild]
        _role_sets: dict[int, dict[tuple[int, ...], MemberRoles]]
        _roles_kinds: weakref.WeakValueDictionary[int, type[MemberRoles]]
        _colors: dict[int, dict[str, Any]]
        _permissions: dict[int, Permissions]

    def share_roles(self, guild_id: int, ids: Any) -> MemberRoles:
        """The shared :class:`MemberRoles` for this set of role ids in this guild."""
        sets = self._role_sets.get(guild_id)
        if sets is None:
            sets = self._role_sets[guild_id] = {}
        # A decoded member's roles are a list; getattr's miss would cost more than the rest.
        key = tuple(ids) if ids.__class__ is list else tuple(getattr(ids, "ids", ids))
        shared = sets.get(key)
        if shared is None:
            same = self.role_ids(guild_id).get
            shared = sets[key] = self.roles_kind(guild_id)(map(same, key, key))
        return shared

    def roles_kind(self, guild_id: int) -> type[MemberRoles]:
        """The :class:`MemberRoles` type of a guild: made when a role set of the guild
        is, and forgotten with the last of them (at 1M members, 2,000 idle types
        would hold 3.6 MB), so a walk over every guild leaves none behind."""
        kind = self._roles_kinds.get(guild_id)
        if kind is None:
            kind = self._roles_kinds[guild_id] = roles_kind(self, guild_id)
        return kind

    def role_ids(self, guild_id: int) -> dict[int, int]:
        """The guild's role ids, each mapped to itself: a set of ids made with these
        shares the roles' own ``Snowflake`` objects instead of one per member."""
        guild = self.guilds.get(guild_id)
        table: dict[int, Any] = (
            guild.roles if guild is not None and isinstance(guild.roles, dict) else {})
        return {k: k for k in dict.keys(table)}

    def drop_role(self, guild_id: int, role_id: int) -> None:
        """GUILD_ROLE_DELETE: members lose the role too, as Discord does."""
        guild = self.guilds.get(guild_id)
        if guild is not None and isinstance(guild.members, GuildMembers):
            guild.members.drop_role(role_id, lambda ids: self.share_roles(guild_id, ids))

    def bind_role(self, guild_id: int, role: Role) -> Role:
        """A role of the guild, knowing its client and guild (``role.edit()``...)."""
        return bind_role(role, self.state, guild_id)

    def _index_roles(self, gid: int, roles: Any) -> RoleMap:
        out = RoleMap()
        shared = self._colors
        permissions = self._permissions
        state = self.state
        for role in roles:
            out[role.id] = bind_role(role, state, gid)
            # Equal permissions: one stored object (reading one gives a copy).
            stored = ROLE_PERMISSIONS.__get__(role)
            if type(stored) is Permissions:
                ROLE_PERMISSIONS.__set__(role, permissions.setdefault(stored.value, stored))
            colors = role.colors
            # A one-colour role's dict: the one already kept for that colour.
            if (type(colors) is dict and list(colors) == _COLOR_KEYS
                    and colors["secondary_color"] is None and colors["tertiary_color"] is None):
                primary = colors["primary_color"]
                if type(primary) is int:
                    role.colors = shared.setdefault(primary, colors)
        return out
