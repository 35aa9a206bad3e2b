"""``guild.members``: every member of a guild, most of them kept as columns.

A GUILD_CREATE can carry thousands of members; a ``Member`` and its ``User``
cost ~700 bytes, and a bot in many guilds holds hundreds of thousands of them.
:class:`GuildMembers` keeps the GUILD_CREATE member list packed
(:class:`~tidecord.cache.packed.PackedMembers`, ~60 bytes a member) and hands out
light :class:`~tidecord.cache.member_view.PackedMember` views made on access:

- ``len``, ``in`` and ``get`` need no view but the one asked for;
- a view handed out stays the one handed out while anything holds it: the
  guild remembers it (``get_member(id) is member``), and forgets it once only
  the cache refers to it, when the cache sweeps (:mod:`.sweep`); the columns
  never change, so a view made again reads the same member;
- members added by events and chunks live in the dict itself, as full
  ``Member`` structs, as does a packed member an event replaced: the packed
  copy then counts as gone, as does one that left.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import chain, compress, repeat
from operator import is_, is_not, itemgetter, not_
from typing import TYPE_CHECKING, Any, Final

import msgspec

from ..models import Member, User
from .idmap import IdMap
from .member_view import PackedMember
from .packed import PackedMembers
from .rows import MEMBER_RARE, rows_decoder
from .sweep import drop_unreferenced, referenced, walked_now

if TYPE_CHECKING:
    from .cache import Cache

__all__ = ["GuildMembers"]

_drain: Final[Callable[[Iterable[Any]], Any]] = partial(deque, maxlen=0)  # a map, run in C


_ROWS: Final = rows_decoder()
_N_RARE: Final = len(MEMBER_RARE)
# Iteration makes views this many at a time.
_CHUNK: Final = 256
_COPY: Final[Callable[[Any], Any]] = msgspec.Struct.__copy__  # type: ignore[attr-defined]
# A view's joined_at_iso until first read (see PackedMember).
_UNREAD: Final[Any] = msgspec.UNSET
# No packed member gone: shared (an empty set takes 216 bytes; most guilds lose no one).
_NONE_GONE: Final[frozenset[int]] = frozenset()


def _pick(values: Sequence[Any], indexes: Sequence[int]) -> Sequence[Any]:
    """``values`` at ``indexes``, in one C call (a bound ``__getitem__`` mapped over
    indexes goes through a slot wrapper per item: several times slower)."""
    if isinstance(indexes, range) and indexes.step == 1:
        return values[indexes.start:indexes.stop]
    if len(indexes) == 1:
        return [values[indexes[0]]]
    return itemgetter(*indexes)(values) if indexes else []


def _within(found: dict[int, Any] | None,
            indexes: Sequence[int]) -> list[tuple[int, int, Any]]:
    """The entries of ``found`` (by index) whose index is one of ``indexes`` (ascending),
    each as (its place in ``indexes``, index, value)."""
    if not found or not indexes:
        return []
    first, last = indexes[0], indexes[-1]
    return [(j, i, v) for i, v in found.items() if first <= i <= last
            and indexes[j := bisect_left(indexes, i)] == i]


class GuildMembers(IdMap[Member]):
    """A guild's members by user id; reads like discord.py's list (see :class:`IdMap`).

    ``guild.members.get(user_id)``, ``len(guild.members)`` and ``user_id in
    guild.members`` never make more than the one member asked for.
    """

    __slots__ = ("_cache", "_fresh", "_gone", "_guild_id", "_pack", "_pinned", "_templates",
                 "_views")

    def __init__(self, cache: Cache, guild_id: int) -> None:
        super().__init__()
        self._cache = cache
        self._guild_id = guild_id
        self._pack: PackedMembers | None = None
        # Packed members that left or were replaced (a set once there is one).
        self._gone: set[int] | frozenset[int] = _NONE_GONE
        self._views: dict[int, PackedMember] = {}
        # Views an iteration made since the last sweep, by first index: (their user
        # ids, the views), kept as made and put in ``_views`` only if still held
        # then (a walk's views mostly are not), or when anything else asks.
        self._fresh: dict[int, tuple[Sequence[int], list[PackedMember]]] = {}
        self._templates: list[PackedMember] = []
        # index -> user kept for good (held here: the cache keeps a user while
        # anything holds it, see CacheUsers.sweep_departed)
        self._pinned: dict[int, User] = {}

    # -- filling ----------------------------------------------------------------
    def pack(self, rows: list[Any] | msgspec.Raw | bytes) -> None:
        """Keep a GUILD_CREATE member list (rows, or its JSON) packed.

        Members an event added before stay as they are; the list replaces any
        list packed before.
        """
        if not isinstance(rows, list):
            rows = _ROWS.decode(rows)
        cache = self._cache
        gid = self._guild_id
        pack = PackedMembers(rows, gid, cache.roles_kind_of, cache.role_ids(gid),
                             cache.role_ranks_of)
        self._set_aside_lists()  # views of the list packed before, held by someone
        self._pack = pack
        self._views.clear()
        self._fresh.clear()
        self._gone = {i for i in map(pack.find, dict.keys(self)) if i >= 0} or _NONE_GONE
        # Users kept for good (the bot's own, first of all): their views use them.
        users = cache.users
        if len(users) <= 64:
            self._pinned = {i: user for i, user in ((pack.find(u), user) for u, user
                                                     in users.items()) if i >= 0}
        else:
            self._pinned = {i: users[u] for i, u in enumerate(pack.ids) if u in users}
        cache.share_rares(pack.rare)
        self._templates = []  # made with the first views

    def _make_templates(self) -> list[PackedMember]:
        """One view to copy per combination of rare fields; kept while views are."""
        pack: Any = self._pack
        state, gid = self._cache.state, self._guild_id
        self._templates = [
            PackedMember(**dict(zip(MEMBER_RARE, combo[:_N_RARE], strict=True)), nick=None,
                         user=msgspec.UNSET, joined_at_iso=_UNREAD, role_set=_UNREAD,
                         _state=state,
                         _guild_id=gid, _pack=pack, _members=self)
            for combo in pack.rare
        ]
        return self._templates

    # -- what needs no view -------------------------------------------------------
    def __len__(self) -> int:
        pack = self._pack
        return dict.__len__(self) + (pack.n - len(self._gone) if pack is not None else 0)

    def __contains__(self, item: object) -> bool:
        key = item if isinstance(item, int) else getattr(item, "id", None)
        if not isinstance(key, int):
            return False
        return dict.__contains__(self, key) or self._index(key) >= 0

    @property
    def packed(self) -> int:
        """How many members are kept packed (views handed out included)."""
        pack = self._pack
        return pack.n - len(self._gone) if pack is not None else 0

    @property
    def pending(self) -> int:
        """How many packed members have no ``Member`` object right now."""
        return self.packed - len(self._settled())

    def _settled(self) -> dict[int, PackedMember]:
        """``_views``, with the views iterations made since the last sweep in it."""
        fresh = self._fresh
        if fresh:
            views = self._views
            for uids, chunk in fresh.values():
                views.update(zip(uids, chunk, strict=True))
            fresh.clear()
        return self._views

    def _index(self, key: int) -> int:
        pack = self._pack
        if pack is None or not isinstance(key, int) or not 0 < key < 1 << 64:
            return -1
        i = pack.find(key)
        return -1 if i < 0 or i in self._gone else i

    # -- one member at a time -------------------------------------------------------
    def get(self, key: int, default: Any = None) -> Any:
        """The member with user id ``key``, else ``default``."""
        found = dict.get(self, key)
        if found is not None:
            return found
        found = self._views.get(key)
        if found is not None:
            return found
        if self._fresh:
            found = self._settled().get(key)
            if found is not None:
                return found
        if not isinstance(key, int):
            return default
        i = self._index(key)
        return self._view(i, key) if i >= 0 else default

    def made(self, key: int) -> Member | None:
        """The ``Member`` object kept for ``key``, if one was made (an event's record,
        or a view handed out); ``None`` otherwise, even when ``key`` is packed."""
        found = dict.get(self, key)
        if found is None:
            found = self._views.get(key)
            if found is None and self._fresh:
                found = self._settled().get(key)
        return found

    def __setitem__(self, key: int, member: Member) -> None:
        # A newer record of a packed member replaces it: the packed copy is gone.
        if self._pack is not None:
            i = self._index(key)
            if i >= 0:
                self._mark_gone(i)
                view = self._settled().pop(key, None)
                if view is not None:
                    view.roles_changed()
        dict.__setitem__(self, key, member)

    def pop(self, key: int, *default: Any) -> Any:
        """Remove and return a member."""
        if dict.__contains__(self, key):
            return dict.pop(self, key)
        i = self._index(key) if isinstance(key, int) else -1
        if i < 0:
            if default:
                return default[0]
            raise KeyError(key)
        member = self._settled().pop(key, None) or self._view(i, key, keep=False)
        self._mark_gone(i)
        member.roles_changed()
        return member

    def _mark_gone(self, i: int) -> None:
        gone = self._gone
        if not isinstance(gone, set):  # the shared empty one
            gone = self._gone = set()
        gone.add(i)
        if self._pinned:  # a user kept for this member is not kept for them any more
            self._pinned.pop(i, None)

    def __delitem__(self, key: int) -> None:
        self.pop(key)

    def shared_user(self, pack: PackedMembers, i: int) -> User:
        """The shared ``User`` of packed member ``i`` (a view's ``user``)."""
        cache = self._cache
        return cache.shared_user(pack.ids[i], lambda: pack.make_user(i, cache.state))

    def user_of(self, user_id: int) -> User | None:
        """The shared ``User`` of a packed member, without making a ``Member``."""
        i = self._index(user_id)
        pack = self._pack
        return self.shared_user(pack, i) if i >= 0 and pack is not None else None

    def use_user(self, user: User) -> None:
        """``user`` is kept for good (it may differ from what was packed): views use it."""
        i = self._index(user.id)
        if i >= 0:
            self._pinned[i] = user
            view = self._settled().get(user.id)
            if view is not None:
                view.user = user

    def _view(self, i: int, user_id: int, keep: bool = True) -> PackedMember:
        [view] = self._make([i])
        if keep:
            self._views[user_id] = view
        self._cache.views_made(1 if keep else 0, self)  # role sets were made either way
        return view

    def _make(self, indexes: Sequence[int]) -> list[PackedMember]:
        """New views of the packed members at ``indexes`` (ascending), made list-wise:
        copies of the templates, then each column set with one ``map`` (C loops)."""
        pack: Any = self._pack
        count = len(indexes)
        rare, odd = pack.rare_index, pack.rare_odd
        templates = self._templates or self._make_templates()
        if rare is not None:
            chosen = list(map(templates.__getitem__, _pick(rare, indexes)))
        else:  # the usual combination, but for a few (the bot, a booster)
            chosen = [templates[0]] * count
            for j, _, at in _within(odd, indexes):
                chosen[j] = templates[at]
        views: list[PackedMember] = list(map(_COPY, chosen))
        _drain(map(setattr, views, repeat("_i"), indexes))
        # The role set itself is made when read (see PackedMember): ``roles`` needs none.
        _drain(map(setattr, views, repeat("_roles_copy"),
                   pack.role_lists_of(_pick(pack.role_index, indexes))))
        if isinstance(indexes, range):  # a run of members: their names in one split
            texts = pack.texts_of(indexes.start, indexes.stop)
        else:
            texts = [text for i in indexes for text in pack.texts(i)]
        nicks = texts[0::3]
        for j in compress(range(count), nicks):
            views[j].nick = nicks[j]
        shown = texts[1::3]  # the global name, else the username
        names = texts[2::3]
        for j in compress(range(count), map(not_, shown)):
            shown[j] = names[j]
        _drain(map(setattr, views, repeat("_shown"), shown))
        for j, i, _ in _within(pack.odd_nick, indexes):  # absent, or empty
            views[j].nick = pack.nick(i)
        for j, _, user in _within(self._pinned, indexes):  # the bot, or a changed user
            views[j].user = user
        return views

    # -- everything ----------------------------------------------------------------
    def _packed_chunks(self) -> Iterator[list[PackedMember]]:
        """The views of the packed members, made (or found) a chunk at a time."""
        pack = self._pack
        if pack is None:
            return
        views, fresh, ids, cache = self._views, self._fresh, pack.ids, self._cache
        for lo in range(0, pack.n, _CHUNK):
            kept = fresh.get(lo)
            if kept is not None:  # made by an iteration since the last sweep
                yield kept[1]
                continue
            gone = self._gone
            span = range(lo, min(lo + _CHUNK, pack.n))
            indexes: Sequence[int] = [i for i in span if i not in gone] if gone else span
            uids = _pick(ids, indexes)
            found: list[Any] | None = list(map(views.get, uids)) if views else None
            if found is None or not any(map(is_not, found, repeat(None))):
                chunk = self._make(indexes)
                fresh[lo] = (uids, chunk)
                made = len(chunk)
            else:  # some were handed out before: the same objects again
                missing = list(compress(range(len(found)), map(is_, found, repeat(None))))
                for j, view in zip(missing, self._make([indexes[j] for j in missing]),
                                   strict=True):
                    found[j] = views[uids[j]] = view
                chunk, made = found, len(missing)
            cache.views_made(made, self)
            yield chunk

    def __iter__(self) -> Iterator[Member]:  # type: ignore[override]
        # Chained in C: no generator frame resumed per member, only per chunk.
        return chain(chain.from_iterable(self._packed_chunks()), dict.values(self))

    def values(self) -> list[Member]:  # type: ignore[override]
        """Every member."""
        return list(self.__iter__())

    def keys(self) -> list[int]:  # type: ignore[override]
        """Every member's user id."""
        pack = self._pack
        packed = [] if pack is None else [
            uid for i, uid in enumerate(pack.ids) if not self._gone or i not in self._gone]
        return [*packed, *dict.keys(self)]

    def items(self) -> list[tuple[int, Member]]:  # type: ignore[override]
        """Every (user id, member) pair."""
        return [(m.id, m) for m in self]

    def __getitem__(self, index: Any) -> Any:
        # Positions, as on the list discord.py returns; ids go through .get().
        return self.values()[index]

    def __reversed__(self) -> Iterator[Member]:  # type: ignore[override]
        return reversed(self.values())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return self.values() == other
        if isinstance(other, dict):
            return dict(self.items()) == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None

    def copy(self) -> IdMap[Member]:
        """A plain id map of every member."""
        return IdMap(self.items())

    def __or__(self, other: Any) -> IdMap[Member]:  # type: ignore[override]
        return IdMap({**dict(self.items()), **other})

    def __ior__(self, other: Any) -> GuildMembers:  # type: ignore[override]
        self.update(other)
        return self

    def update(self, *others: Any, **more: Any) -> None:
        """Add or replace members (``{user_id: member}`` pairs)."""
        for key, member in dict(*others, **more).items():
            self[key] = member

    def setdefault(self, key: int, default: Any = None) -> Any:
        """The member of ``key``, else store ``default`` there."""
        found = self.get(key)
        if found is None:
            self[key] = default
            found = default
        return found

    def popitem(self) -> tuple[int, Member]:
        """Remove and return the last (user id, member)."""
        if dict.__len__(self):
            return dict.popitem(self)
        keys = self.keys()
        if not keys:
            raise KeyError("popitem(): no members")
        return keys[-1], self.pop(keys[-1])

    def __repr__(self) -> str:
        # Not a reason to make every member (a logged Guild's repr shows this).
        if self._pack is not None:
            return f"<GuildMembers {len(self)} members, {self.packed} packed>"
        return IdMap.__repr__(self)

    def clear(self) -> None:
        """Forget every member."""
        self._pack = None
        self._gone = _NONE_GONE
        self._views.clear()
        self._fresh.clear()
        self._templates = []
        self._pinned = {}
        dict.clear(self)

    def decoded(self) -> list[Member]:
        """The ``Member`` objects that exist now: events' members and views handed out."""
        return [*self._settled().values(), *dict.values(self)]

    def users(self) -> list[User]:
        """The shared users of every member."""
        live = [m.user for m in dict.values(self) if isinstance(m.user, User)]
        pack = self._pack
        if pack is None:
            return live
        gone = self._gone
        return [*(self.shared_user(pack, i) for i in range(pack.n) if i not in gone), *live]

    def detached(self) -> list[Member]:
        """Every member as a plain ``Member`` (for policies that keep only some)."""
        return [m.detach() if isinstance(m, PackedMember) else m for m in self]

    def forget_role_lists(self) -> None:
        """The guild's roles change: every view reads its roles from its set from now
        on, and views made later from lists made anew."""
        if self._pack is not None:
            self._pack.made_lists.clear()
            self._pack.ranks = None
            self._set_aside_lists()

    def _set_aside_lists(self) -> None:
        for view in self._settled().values():
            view.roles_changed()

    def drop_role(self, role_id: int, share: Callable[[list[int]], Any]) -> None:
        """A role was deleted: no member holds it any more (``share`` makes a role set)."""
        for member in [*dict.values(self), *self._settled().values()]:
            if role_id in member.role_set:
                member.role_set = share([r for r in member.role_ids if r != role_id])
        pack = self._pack
        if pack is not None:
            pack.gone_roles = pack.gone_roles | {role_id}
            pack.made_roles.clear()
            self.forget_role_lists()

    def sweep(self) -> int:
        """Forget the views (and role sets) only the cache still refers to; returns how
        many views are left."""
        fresh, views = self._fresh, self._views
        if fresh:
            for entry in fresh.values():
                now = walked_now(entry)  # before ``chunk`` below refers to it too
                uids, chunk = entry
                if now:  # an iteration is on this chunk: as if held
                    views.update(zip(uids, chunk, strict=True))
                else:
                    held = referenced(chunk)
                    if held is not None:
                        views.update(compress(zip(uids, chunk, strict=True), held))
            fresh.clear()
        drop_unreferenced(views)
        if self._pack is not None:
            drop_unreferenced(self._pack.made_roles)
            drop_unreferenced(self._pack.made_lists)
            if not self._pack.made_lists:
                self._pack.ranks = None
        if not self._views:
            self._templates = []  # a guild no one looks at: made again when needed
        return len(self._views)

    def holds_role_sets(self) -> bool:
        """Whether role sets made for views are still kept (held by someone)."""
        pack = self._pack
        return pack is not None and bool(pack.made_roles or pack.made_lists)
