"""``guild.members``: every member of a guild, most of them still as wire bytes.

A GUILD_CREATE can carry thousands of members; decoding each into ``Member`` and
``User`` structs costs ~700 bytes a member, and most bots never look at most of
them. :class:`GuildMembers` keeps the GUILD_CREATE member list as its JSON bytes,
zstd-compressed (the list compresses very well: the same keys on every member),
plus the user ids in list order, so that it knows, without decoding:

- how many members there are (``len``), and whether a user is one (``in``);
- where to find a member when asked for one.

A member is decoded the first time it is asked for (``get``, ``pop``, an event
about it) and then lives in the dict, as any member added by an event or a chunk
does; iterating (``for m in guild.members``, ``values()``, ``guild.members[0]``)
decodes the rest of the guild at once, as does the 17th one-by-one decode in a
guild (past that, one pass is cheaper). The packed part only shrinks: a member
that is decoded, replaced by an event or removed leaves it (its id is zeroed).
So nothing is ever missing, and a member once handed out stays the same object.
"""

from __future__ import annotations

import array
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import msgspec
import zstandard

from ..models import Member, decoder
from .idmap import IdMap

if TYPE_CHECKING:
    from .cache import Cache

__all__ = ["GuildMembers", "decode_members"]


class _UserId(msgspec.Struct, gc=False):
    id: int


class _MemberId(msgspec.Struct, gc=False):
    user: _UserId | None = None


_IDS: Final = msgspec.json.Decoder(list[_MemberId], strict=False)
_RAWS: Final = msgspec.json.Decoder(list[msgspec.Raw])
_MEMBERS: Final[msgspec.json.Decoder[list[Member]]] = decoder(list[Member])
_MEMBER: Final[msgspec.json.Decoder[Member]] = decoder(Member)
_ZERO: Final = bytes(8)
# After this many one-by-one decodes in a guild, decoding the rest at once is cheaper
# than going on (each single decode unpacks and scans the whole list).
_LOAD_AFTER: Final = 16
_MISSING: Final[Any] = object()

# zstd contexts are not thread-safe; clients may run in several threads.
_local = threading.local()


def _codec() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    pair: tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor] | None = getattr(
        _local, "pair", None
    )
    if pair is None:
        # Level 1: ~2 GB/s here, and already ~30x on member lists.
        pair = _local.pair = (zstandard.ZstdCompressor(level=1), zstandard.ZstdDecompressor())
    return pair


def decode_members(raw: msgspec.Raw | bytes) -> list[Member]:
    """The members of a wire member list (JSON array)."""
    return _MEMBERS.decode(raw)


class GuildMembers(IdMap[Member]):
    """A guild's members by user id; reads like discord.py's list (see :class:`IdMap`).

    ``guild.members.get(user_id)``, ``len(guild.members)`` and ``user_id in
    guild.members`` never decode more than the one member asked for.
    """

    __slots__ = ("_cache", "_gone_roles", "_guild_id", "_ids", "_packed", "_pending", "_singles")

    def __init__(self, cache: Cache, guild_id: int) -> None:
        super().__init__()
        self._cache = cache
        self._guild_id = guild_id
        self._packed: bytes | None = None
        self._ids = bytearray()
        self._pending = 0
        self._singles = 0
        self._gone_roles: set[int] | None = None

    # -- filling ----------------------------------------------------------------
    def pack(self, raw: msgspec.Raw) -> None:
        """Keep a GUILD_CREATE member list as bytes (members of that list only)."""
        self.load()  # at most one packed list at a time
        ids = [0 if m.user is None else m.user.id for m in _IDS.decode(raw)]
        if dict.__len__(self):  # members an event added first stay as they are
            ids = [0 if dict.__contains__(self, uid) else uid for uid in ids]
        self._ids = bytearray(array.array("Q", ids))
        self._pending = len(ids) - ids.count(0)
        # Copied: zstandard returns its output in a buffer sized for the worst case.
        self._packed = bytes(memoryview(_codec()[0].compress(raw))) if self._pending else None
        self._singles = 0

    # -- what needs no decoding ---------------------------------------------------
    def __len__(self) -> int:
        return dict.__len__(self) + self._pending

    def __contains__(self, item: object) -> bool:
        key = item if isinstance(item, int) else getattr(item, "id", None)
        if not isinstance(key, int):
            return False
        return dict.__contains__(self, key) or self._position(key) >= 0

    def packs(self, user_id: int) -> bool:
        """Whether ``user_id`` is a member not decoded yet."""
        return self._position(user_id) >= 0

    @property
    def pending(self) -> int:
        """How many members are still kept as wire bytes."""
        return self._pending

    # -- one member at a time -------------------------------------------------------
    def get(self, key: int, default: Any = None) -> Any:
        """The member with user id ``key`` (decoded on first access), else ``default``."""
        found = dict.get(self, key, _MISSING)
        if found is _MISSING:
            found = self._take(key) if self._pending else None
            if found is None:
                return default
        return found

    def __setitem__(self, key: int, member: Member) -> None:
        # A newer record of a packed member replaces it: it leaves the packed part.
        if self._pending:
            self._unpack_slot(self._position(key))
        dict.__setitem__(self, key, member)

    def pop(self, key: int, *default: Any) -> Any:
        """Remove and return a member (decoded if need be)."""
        if self._pending and not dict.__contains__(self, key):
            self._take(key)
        return dict.pop(self, key, *default)

    def __delitem__(self, key: int) -> None:
        self.pop(key)

    def __repr__(self) -> str:
        # Not a reason to decode a whole guild (a logged Guild's repr shows this).
        if self._pending:
            return f"<GuildMembers {len(self)} members, {self._pending} not decoded yet>"
        return IdMap.__repr__(self)

    def clear(self) -> None:
        """Forget every member."""
        self._clear_packed()
        dict.clear(self)

    def decoded(self) -> list[Member]:
        """The members decoded so far (no decoding)."""
        return list(dict.values(self))

    def drop_role(self, role_id: int, share: Callable[[list[int]], Any]) -> None:
        """A role was deleted: no member holds it any more (``share`` makes a role set)."""
        for member in dict.values(self):
            if role_id in member.roles:
                member.roles = share([r for r in member.role_ids if r != role_id])
        if self._pending:
            if self._gone_roles is None:
                self._gone_roles = set()
            self._gone_roles.add(role_id)

    # -- everything at once ----------------------------------------------------------
    def load(self) -> None:
        """Decode every member still packed (iteration does this by itself)."""
        if self._packed is None:
            return
        members = _MEMBERS.decode(_codec()[1].decompress(self._packed))
        live = memoryview(self._ids).cast("Q")
        try:
            for i, member in enumerate(members):
                if live[i]:
                    self._adopt(member)
                    dict.__setitem__(self, member.id, member)
        finally:
            live.release()
        self._clear_packed()

    def _take(self, key: Any) -> Member | None:
        pos = self._position(key)
        if pos < 0:
            return None
        self._singles += 1
        if self._singles > _LOAD_AFTER:
            self.load()
            return dict.get(self, key)
        assert self._packed is not None
        raws = _RAWS.decode(_codec()[1].decompress(self._packed))
        member = self._adopt(_MEMBER.decode(raws[pos]))
        self._unpack_slot(pos)
        dict.__setitem__(self, member.id, member)
        return member

    def _adopt(self, member: Member) -> Member:
        gone = self._gone_roles
        if gone:
            member.roles = [r for r in member.roles if r not in gone]
        return self._cache.adopt(self._guild_id, member)

    def _position(self, key: Any) -> int:
        if not self._pending or not isinstance(key, int) or not 0 < key < 1 << 64:
            return -1
        ids = self._ids
        needle = int(key).to_bytes(8, sys.byteorder)
        at = ids.find(needle)
        while at >= 0 and at % 8:  # a match straddling two ids
            at = ids.find(needle, at + 1)
        return at // 8 if at >= 0 else -1

    def _unpack_slot(self, pos: int) -> None:
        if pos < 0:
            return
        self._ids[pos * 8:pos * 8 + 8] = _ZERO
        self._pending -= 1
        if not self._pending:
            self._clear_packed()

    def _clear_packed(self) -> None:
        self._packed = None
        self._ids = bytearray()
        self._pending = 0
        self._gone_roles = None


def _loading(name: str) -> Any:
    base = getattr(IdMap, name)

    def method(self: GuildMembers, *args: Any, **kwargs: Any) -> Any:
        if self._packed is not None:
            self.load()
        return base(self, *args, **kwargs)

    method.__name__ = name
    method.__qualname__ = f"GuildMembers.{name}"
    method.__doc__ = base.__doc__
    return method


# Everything that walks the members, or changes them wholesale, decodes them first.
for _name in ("values", "keys", "items", "__iter__", "__reversed__", "__getitem__",
              "__eq__", "__or__", "__ior__", "copy", "popitem", "setdefault",
              "update"):
    setattr(GuildMembers, _name, _loading(_name))
del _name
