"""Members' role sets: role ids underneath ``member.roles``.

discord.py code reads ``member.roles`` as a list of roles (``[r.name for r in
member.roles]``, ``role in member.roles``, ``roles.append(role)``); the wire and the
cache hold ids. A member keeps a :class:`MemberRoles`, a tuple of ids that resolves
the guild's current roles into a new list when ``member.roles`` is read, and one
instance is shared by every member of a guild holding the same set, so a large guild
pays for a few of them.

:class:`CacheRoles` is the cache's side of roles: it shares those sets, and indexes a
guild's roles with their equal values (permissions, one-colour ``colors``) shared.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from ..models import Guild, Permissions, Role
from ..models.role import ROLE_PERMISSIONS, bind_role
from .idmap import IdMap
from .members import GuildMembers
from .packed import ranked_roles

__all__ = ["CacheRoles", "MemberRoles", "RoleMap", "rank_roles", "roles_kind"]

# discord.py's hierarchy: by position; at one position the newer role is lower.
_RANK: Final = Role._rank
# The one set MemberRoles.as_roles asks ranked_roles for.
_ONE: Final = (0,)


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
    """A member's role ids, as Discord sent them; :attr:`as_roles` gives the guild's
    :class:`Role` objects, by position, ``@everyone`` first (discord.py's
    ``Member.roles``), and ``in`` takes a role or an id.

    Each guild has its own subclass (:func:`roles_kind`) that knows the guild, so
    an instance is a bare tuple: no per-set dict, made in C.
    """

    __slots__ = ()
    _cache: Any = None
    _guild_id: int = 0
    _ranks: tuple[list[Any], dict[int, int]] | None = None

    @property
    def ids(self) -> tuple[int, ...]:
        """The role ids, as Discord sent them."""
        return tuple.__getitem__(self, slice(None))

    @property
    def as_roles(self) -> list[Any]:
        """The guild's roles of this set, as a new list (what ``member.roles`` reads):
        ``@everyone`` first, as discord.py lists it for every member, then the others
        in hierarchy order, from the guild's roles ranked once (:meth:`_rank_roles`)."""
        ranks = self._ranks
        size = len(self)  # one set, set 0: its ids in order
        [held] = ranked_roles(_ONE, (0, size), self, range(size),
                              ranks if ranks is not None else self._rank_roles())
        return held

    def as_list(self) -> list[Any]:
        """:attr:`as_roles` as a method (what a packed view's ``roles`` calls once its
        kept list is set aside)."""
        return self.as_roles

    @classmethod
    def ranks(cls) -> tuple[list[Any], dict[int, int]]:
        """The guild's roles ranked (see :meth:`_rank_roles`), ranked now if need be."""
        ranks = cls._ranks
        return ranks if ranks is not None else cls._rank_roles()

    @classmethod
    def _rank_roles(cls) -> tuple[list[Any], dict[int, int]]:
        """The guild's roles ranked (:func:`rank_roles`), kept by the guild's set type
        until its roles change (:meth:`CacheRoles.forget_role_ranks`), so resolving a
        set is a sort of a few small ints."""
        cls._ranks = ranks = rank_roles(cls._cache.guilds.get(cls._guild_id), cls._guild_id)
        return ranks

    def __contains__(self, item: object) -> bool:
        key = item if isinstance(item, int) else getattr(item, "id", None)
        return key is not None and (key == self._guild_id or tuple.__contains__(self, key))

    def __reduce__(self) -> Any:
        return (tuple, (self.ids,))


def rank_roles(guild: Guild | None, guild_id: int) -> tuple[list[Any], dict[int, int]]:
    """A guild's roles in discord.py's hierarchy order, ``@everyone`` (or None) first,
    and each other role's place in it."""
    roles = guild.roles if guild is not None else None
    table: dict[int, Any] = roles if isinstance(roles, dict) else {}
    everyone = table.get(guild_id)
    ordered = [everyone, *sorted((r for r in dict.values(table) if r is not everyone),
                                 key=_RANK)]
    return ordered, {r.id: place for place, r in enumerate(ordered) if place}


def roles_kind(cache: Any, guild_id: int) -> type[MemberRoles]:
    """The :class:`MemberRoles` subclass of one guild of ``cache``."""
    return type("MemberRoles", (MemberRoles,), {
        "__slots__": (), "_cache": cache, "_guild_id": guild_id, "_ranks": None,
        "__module__": __name__,
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

    def role_ranks(self, guild_id: int) -> tuple[list[Any], dict[int, int]]:
        """The guild's roles ranked (:func:`rank_roles`): its :class:`MemberRoles` type's,
        if one is made, else ranked now without making one (a walk that reads members'
        roles makes no role set, and a type costs as much to make as the ranking)."""
        kind = self._roles_kinds.get(guild_id)
        if kind is not None:
            return kind.ranks()
        return rank_roles(self.guilds.get(guild_id), guild_id)

    def forget_role_ranks(self, guild_id: int) -> None:
        """A role of the guild was made, changed or deleted, or the guild's roles were
        replaced: they are ranked again when a member's roles are next read."""
        kind = self._roles_kinds.get(guild_id)
        if kind is not None:
            kind._ranks = None
        guild = self.guilds.get(guild_id)
        if guild is not None and isinstance(guild.members, GuildMembers):
            guild.members.forget_role_lists()

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
        self.forget_role_ranks(gid)
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
