"""A guild's members from GUILD_CREATE, kept as columns: about 55 bytes a member.

A decoded ``Member`` with its ``User`` costs about 700 bytes; a million of them
do not fit in a small bot's memory. :class:`PackedMembers` keeps what Discord
sent in a handful of flat arrays, sorted by user id:

- ``ids``: the user ids (``array('Q')``), found by bisection;
- ``text``: each member's nickname, global name and username, each followed by
  a NUL, back to back in one ``bytes`` (UTF-8), member ``i`` at ``starts[i]``
  (so the texts of any run of members split in one call: :meth:`texts_of`);
- ``avatars``: the avatar hashes as 16 raw bytes each, for the members that have
  one (in order; ``avatar_ranks`` counts them by blocks of members); a bit per
  member in ``avatar_held`` says whether it has one, and one in ``avatar_animated``
  (``None`` if no one's is) whether it is animated (``a_``);
- ``joined``: ``joined_at`` as 18 BCD digits (9 bytes; the century, 20, is
  implied) when it has Discord's usual shape, which is almost always;
- ``role_index``: which of the guild's distinct role sets the member holds (the
  sets back to back in ``role_places``, from ``role_starts``, each role as its
  place in ``role_objects``);
- which of the guild's few distinct combinations of the other fields (flags,
  pending, discriminator, bot...) the member has: ``rare[0]``, the usual one,
  unless ``rare_odd`` (a few members, by index) or ``rare_index`` (many) says.

Everything is built with whole-column operations (``map``, ``join``, slicing,
``bytes`` methods), so packing costs about as much as decoding. Values the
columns cannot hold (an empty string where ``None`` is usual, a nickname absent
rather than null, an oddly written date or avatar) are kept apart in ``odd``, by
field and index. The columns never change once built: the views handed out read
them, and the owner (:class:`~tidecord.cache.members.GuildMembers`) tracks
departures itself.
"""

from __future__ import annotations

import array
import binascii
import itertools
import operator
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from operator import is_
from typing import Any, Final

from ..models import UNSET, User
from .rows import MEMBER_RARE, USER_RARE, rare_of, row_user_id

__all__ = ["PackedMembers", "ranked_roles"]

_USERS: Final = operator.attrgetter("user")
_NICKS: Final = operator.attrgetter("nick")
_ROLES: Final = operator.attrgetter("role_set")
_JOINED: Final = operator.attrgetter("joined_at_iso")
_NAMES: Final = operator.attrgetter("username")
_GLOBALS: Final = operator.attrgetter("global_name")
_AVATARS: Final = operator.attrgetter("avatar_hash")
_ENCODE: Final = str.encode
_SEP: Final = "\x00"
_N_MEMBER_RARE: Final = len(MEMBER_RARE)
# joined_at as Discord writes it: 2021-03-04T05:06:07.123456+00:00 (in the 2000s:
# the century is not kept)
_ISO_LEN: Final = 32
_ISO_MARKS: Final = ((0, b"2"), (1, b"0"), (4, b"-"), (7, b"-"), (10, b"T"), (13, b":"),
                     (16, b":"), (19, b"."), (26, b"+"), (27, b"0"), (28, b"0"), (29, b":"),
                     (30, b"0"), (31, b"0"))
_UTC_SUFFIX: Final = b"+00:00"
# A member's avatar while packing: none, a hash, an animated one ("a_" + hash), or
# something else (kept in ``odd``).
_KIND_NONE, _KIND_PLAIN, _KIND_ANIMATED, _KIND_ODD = 0, 1, 2, 3
# The kinds as the ASCII digits of their bits, for int(..., 2): held, animated.
_HELD_DIGITS: Final = bytes.maketrans(bytes(range(4)), b"0111")
_ANIMATED_DIGITS: Final = bytes.maketrans(bytes(range(4)), b"0010")
# Members with an avatar (odd ones too, unused) have a slot in ``avatars``, in
# order; ``avatar_ranks`` has how many slots come before each block of this many
# members.
_AVATAR_BLOCK_BITS: Final = 6
_AVATAR_BLOCK: Final = 1 << _AVATAR_BLOCK_BITS
_BLANK: Final[dict[Any, str]] = {None: ""}
_NONE_KIND: Final[dict[Any, int]] = {None: _KIND_NONE}
_NO_ROLES: Final[frozenset[int]] = frozenset()


class KeptRoles(list[Any]):
    """The roles of one role set as ``member.roles`` lists them, kept while views use
    them. Calling it gives a copy, a plain ``list``: a view reads its roles through it
    with no Python frame. One object a set; a bound ``list.copy`` beside the list was a
    second, and a walk's survivors set off the garbage collector (47 young collections
    in a 50,000-member walk, 23 with this)."""

    __slots__ = ()
    __call__ = list.copy


def _iso_text(digits: str) -> str:
    d = digits  # the 18 digits after the century
    return f"20{d[0:2]}-{d[2:4]}-{d[4:6]}T{d[6:8]}:{d[8:10]}:{d[10:12]}.{d[12:18]}+00:00"


class PackedMembers:
    """The columns of one guild's GUILD_CREATE member list (see the module docstring)."""

    __slots__ = (
        "avatar_animated", "avatar_held", "avatar_ranks", "avatars", "gone_roles", "guild_id",
        "ids", "joined", "made_lists", "made_roles", "n", "odd", "odd_avatar", "odd_nick",
        "odd_texts", "ranks", "ranks_of", "rare", "rare_index", "rare_odd", "role_index",
        "role_objects", "role_places", "role_starts", "roles_kind", "starts", "text",
    )

    def __init__(self, rows: list[Any], guild_id: int,
                 roles_kind: Callable[[int], Callable[[Any], Any]],
                 role_ids: dict[int, int],
                 ranks_of: Callable[[int], tuple[list[Any], dict[int, int]]]) -> None:
        """Pack ``rows`` (``MemberRow`` objects; their order is not kept). Role sets
        are made by ``roles_kind(guild_id)(ids)``, ids mapped through ``role_ids``;
        ``ranks_of(guild_id)`` ranks the guild's roles for the lists views read."""
        self.guild_id = guild_id
        self.ranks_of = ranks_of
        self.odd: dict[str, dict[int, Any]] = {}
        rows, ids = _usable(rows)
        self.n = len(rows)
        self.ids = array.array("Q", ids)
        users = list(map(_USERS, rows))
        self._pack_text(users, list(map(_NICKS, rows)))
        self._pack_avatars(list(map(_AVATARS, users)))
        self._pack_joined(list(map(_JOINED, rows)))
        self._pack_roles(list(map(_ROLES, rows)), roles_kind, role_ids)
        self._pack_rare(rare_of(rows, users))
        # Looked at for every view: None unless some value needed keeping apart.
        self.odd_nick = self.odd.get("nick")
        self.odd_texts = self.odd.get("texts")
        self.odd_avatar = self.odd.get("avatar") or None

    # -- building ---------------------------------------------------------------
    def _pack_text(self, users: list[Any], nicks: list[Any]) -> None:
        names = self._plain("username", list(map(_NAMES, users)))
        globals_ = self._plain("global_name", list(map(_GLOBALS, users)))
        nicks = self._plain("nick", nicks)
        texts = list(map(_SEP.join, zip(nicks, globals_, names, repeat(""))))
        joined = "".join(texts)
        if joined.count(_SEP) != 3 * self.n:  # a NUL inside a name: keep those apart
            texts = self._odd_texts(texts, nicks, globals_, names)
            joined = "".join(texts)
        if joined.isascii():
            self.text = joined.encode()
            lengths = map(len, texts)
        else:
            encoded = list(map(_ENCODE, texts))
            self.text = b"".join(encoded)
            lengths = map(len, encoded)
        # From a list: an array built from an iterator over-allocates by 1/16.
        self.starts = array.array(_code(len(self.text)),
                                  list(itertools.accumulate(lengths, initial=0)))

    def _plain(self, field: str, values: list[Any]) -> list[Any]:
        """``values`` as text, ``None`` as ``""``; ``""`` and ``UNSET`` go to ``odd``."""
        if values.count("") + values.count(UNSET):
            self.odd[field] = {i: v for i, v in enumerate(values) if v == "" or v is UNSET}
            values = ["" if v is UNSET else v for v in values]
        return list(map(_BLANK.get, values, values)) if None in values else values

    def _odd_texts(self, texts: list[str], *fields: list[str]) -> list[str]:
        odd = self.odd.setdefault("texts", {})
        for i, parts in enumerate(zip(*fields, strict=True)):
            if any(_SEP in part for part in parts):
                odd[i] = parts
                texts[i] = _SEP * 3
        return texts

    def _pack_avatars(self, avatars: list[Any]) -> None:
        """Avatar hashes into 16-byte slots of ``avatars`` (members without an avatar
        have no slot), which members have one and which are animated into bits."""
        n = self.n
        present: list[str] = list(filter(None, avatars))
        sizes = list(map(len, present))
        animated = sizes.count(34)
        text = "".join(present)
        if len(present) + avatars.count(None) == n and sizes.count(32) + animated == len(
                present) and text == text.lower() and (
                not animated or all(a.startswith("a_") for a in present if len(a) == 34)):
            try:
                self.avatars = bytes.fromhex(text.replace("a_", "") if animated else text)
            except ValueError:
                pass
            else:
                kinds = list(map(_NONE_KIND.get, avatars, itertools.repeat(_KIND_PLAIN)))
                if animated:
                    for i, a in enumerate(avatars):
                        if a is not None and len(a) == 34:
                            kinds[i] = _KIND_ANIMATED
                self._rank_avatars(bytes(kinds))
                return
        # Some avatar is not a lowercase hash: those are kept as given.
        slots: list[bytes] = []
        kinds = []
        odd: dict[int, Any] = {}
        for i, a in enumerate(avatars):
            raw = b"" if a is None else _one_avatar(a)
            if a is None:
                kinds.append(_KIND_NONE)
            elif not raw:
                kinds.append(_KIND_ODD)
                odd[i] = a
                slots.append(bytes(16))  # a slot unused (only members without have none)
            else:
                kinds.append(_KIND_ANIMATED if len(raw) == 17 else _KIND_PLAIN)
                slots.append(raw[-16:])
        self.odd["avatar"] = odd
        self.avatars = b"".join(slots)
        self._rank_avatars(bytes(kinds))

    def _rank_avatars(self, kinds: bytes) -> None:
        """The bits of ``kinds`` (one byte a member), and the slots before each block."""
        size = (self.n + 7) // 8
        # Member i is bit i: the digits reversed put member 0 last, as the lowest bit.
        self.avatar_held = _bits(kinds, _HELD_DIGITS, size)
        self.avatar_animated = (_bits(kinds, _ANIMATED_DIGITS, size)
                                if _KIND_ANIMATED in kinds else None)
        held, bits, step = 0, self.avatar_held, _AVATAR_BLOCK // 8
        ranks = []
        for start in range(0, size, step):
            ranks.append(held)
            held += int.from_bytes(bits[start:start + step], "little").bit_count()
        self.avatar_ranks = array.array(_code(held), ranks)

    def _pack_joined(self, joined: list[Any]) -> None:
        n = self.n
        if None not in joined:
            text = "".join(joined).encode()
            if len(text) == _ISO_LEN * n and _canonical(text, n):
                self.joined = _digits(text)
                return
        # Some dates are missing or written otherwise: those are kept as given.
        odd: dict[int, Any] = {}
        for i, value in enumerate(joined):
            raw = value.encode() if type(value) is str else b""
            if not (len(raw) == _ISO_LEN and _canonical(raw, 1)):
                odd[i] = value
                joined[i] = "2015-01-01T00:00:00.000000+00:00"
        self.odd["joined_at_iso"] = odd
        self.joined = _digits("".join(joined).encode())

    def _pack_roles(self, roles: list[Any], kind: Callable[[int], Callable[[Any], Any]],
                    role_ids: dict[int, int]) -> None:
        found: dict[Any, int] = dict.fromkeys(roles, 0)
        for number, key in enumerate(found):
            found[key] = number
        self.role_index = array.array(_code(len(found) - 1, small=True),
                                      list(map(found.__getitem__, roles)))
        # The distinct sets back to back, each role as its place in ``role_objects``
        # (the guild's own id objects); MemberRoles are made from them on demand.
        objects: dict[int, int] = dict.fromkeys(itertools.chain.from_iterable(found), 0)
        for number, role_id in enumerate(objects):
            objects[role_id] = number
        self.role_objects = [role_ids.get(r, r) for r in objects]
        self.role_places = array.array(_code(len(objects) - 1, small=True), map(
            objects.__getitem__, itertools.chain.from_iterable(found)))
        self.role_starts = array.array(_code(len(self.role_places)), list(
            itertools.accumulate(map(len, found), initial=0)))
        self.roles_kind = kind
        self.gone_roles: frozenset[int] = _NO_ROLES  # deleted since (rarely any)
        self.made_roles: dict[int, Any] = {}
        self.made_lists: dict[int, Any] = {}
        # The guild's roles ranked, kept with the lists (the guild's MemberRoles type
        # keeps them too, but a walk makes none: they would be ranked per chunk).
        self.ranks: tuple[list[Any], dict[int, int]] | None = None

    def _pack_rare(self, rares: list[tuple[Any, ...]]) -> None:
        self.rare_index: array.array[int] | None = None
        self.rare_odd: dict[int, int] | None = None
        if not rares:
            self.rare: list[tuple[Any, ...]] = [()]
            return
        # The usual combination: the one most of a few samples agree with. Which
        # rows differ from it is found in the same pass that counts it.
        n = len(rares)
        usual = rares[n // 2]
        differs = list(map(usual.__ne__, rares))
        seen = n - differs.count(True)
        for i in (0, n - 1):
            if 2 * seen >= n:
                break
            count = rares.count(rares[i])
            if count > seen:
                usual, seen = rares[i], count
                differs = list(map(usual.__ne__, rares))
        self.rare = [usual]
        if seen == n:
            return
        table: dict[Any, int] = {}
        odd: dict[int, int] = {}
        for i in itertools.compress(range(n), differs):
            combo = rares[i]
            try:
                at = table.get(combo)
            except TypeError:  # holds a dict: compare instead
                at = next((k for k, t in enumerate(self.rare) if t == combo), None)
            if at is None:
                at = len(self.rare)
                self.rare.append(combo)
                try:
                    table[combo] = at
                except TypeError:
                    pass
            odd[i] = at
        if len(odd) * 16 < n:  # a few (the bot, a booster): by index
            self.rare_odd = odd
        else:
            code = _code(len(self.rare) - 1, small=True)
            index = array.array(code, bytes(array.array(code).itemsize * n))
            for i, at in odd.items():
                index[i] = at
            self.rare_index = index

    def roles_of(self, kinds: Sequence[int]) -> list[Any]:
        """The ``MemberRoles`` of each of ``kinds`` (distinct role set numbers), the
        missing ones made together: a walk meets each set of a guild again and again."""
        return _each_made(self.made_roles, kinds, self._make_roles)

    def _make_roles(self, kinds: Iterable[int]) -> None:
        kind = self.roles_kind(self.guild_id)  # the guild's MemberRoles type, once
        made, starts = self.made_roles, self.role_starts
        objects, places, gone = self.role_objects, self.role_places, self.gone_roles
        for k in kinds:
            start, end = starts[k], starts[k + 1]
            # Most members hold one or two roles: those without the general case's map.
            if end - start == 1:
                ids: Any = (objects[places[start]],)
            elif end - start == 2:
                ids = (objects[places[start]], objects[places[start + 1]])
            else:
                ids = list(map(objects.__getitem__, places[start:end]))
            if gone:
                ids = [r for r in ids if r not in gone]
            made[k] = kind(ids)

    def role_lists_of(self, kinds: Sequence[int]) -> list[Any]:
        """The :class:`KeptRoles` (what ``member.roles`` copies) of each of ``kinds``
        (distinct role set numbers), the missing ones made together. They are kept
        while views use them, and forgotten when the guild's roles change."""
        return _each_made(self.made_lists, kinds, self._make_lists)

    def _make_lists(self, kinds: Iterable[int]) -> None:
        # What MemberRoles.as_roles makes of each set (a deleted role has no rank),
        # with no MemberRoles made: a walk that reads roles needs none.
        ranks = self.ranks
        if ranks is None:
            ranks = self.ranks = self.ranks_of(self.guild_id)
        kinds = list(kinds)
        lists = ranked_roles(kinds, self.role_starts, self.role_objects, self.role_places, ranks)
        self.made_lists.update(zip(kinds, map(KeptRoles, lists), strict=True))

    def rare_at(self, i: int) -> int:
        """Which of ``rare`` member ``i`` has."""
        index = self.rare_index
        if index is not None:
            return index[i]
        odd = self.rare_odd
        return odd.get(i, 0) if odd else 0

    # -- reading ------------------------------------------------------------------
    def find(self, user_id: int) -> int:
        """The index of ``user_id``, or -1."""
        ids = self.ids
        i = bisect_left(ids, user_id)
        return i if i < self.n and ids[i] == user_id else -1

    def texts(self, i: int) -> list[str]:
        """Nickname, global name and username of member ``i`` (``""`` for none)."""
        odd = self.odd_texts
        if odd is not None and i in odd:
            return list(odd[i])
        starts = self.starts
        return self.text[starts[i]:starts[i + 1]].decode().split(_SEP)[:3]

    def texts_of(self, first: int, end: int) -> list[str]:
        """Nickname, global name and username of members ``first`` to ``end - 1``,
        three items each, in one decode and one split."""
        starts = self.starts
        texts = self.text[starts[first]:starts[end]].decode().split(_SEP)
        texts.pop()  # after the last NUL
        odd = self.odd_texts
        if odd is not None:
            for i, parts in odd.items():
                if first <= i < end:
                    texts[3 * (i - first):3 * (i - first) + 3] = parts
        return texts

    def nick(self, i: int) -> Any:
        """Member ``i``'s nickname (None when unset)."""
        odd = self.odd_nick
        if odd and i in odd:
            return odd[i]
        return self.texts(i)[0] or None

    def global_name(self, i: int) -> str | None:
        """Member ``i``'s global display name."""
        odd = self.odd.get("global_name")
        if odd and i in odd:
            return odd[i]  # type: ignore[no-any-return]
        return self.texts(i)[1] or None

    def username(self, i: int) -> str:
        """Member ``i``'s username."""
        odd = self.odd.get("username")
        if odd and i in odd:
            return odd[i]  # type: ignore[no-any-return]
        return self.texts(i)[2]

    def avatar(self, i: int) -> str | None:
        """Member ``i``'s user avatar hash."""
        held = self.avatar_held
        if not held[i >> 3] >> (i & 7) & 1:
            return None
        odd = self.odd_avatar
        if odd is not None and i in odd:
            return odd[i]  # type: ignore[no-any-return]
        # The slot: those of the members before i in its block that have one.
        start = i & -_AVATAR_BLOCK
        before = int.from_bytes(held[start >> 3:(i >> 3) + 1], "little")
        before &= (1 << (i - start)) - 1
        at = 16 * (self.avatar_ranks[i >> _AVATAR_BLOCK_BITS] + before.bit_count())
        text = self.avatars[at:at + 16].hex()
        animated = self.avatar_animated
        return "a_" + text if animated is not None and animated[i >> 3] >> (i & 7) & 1 else text

    def joined_at(self, i: int) -> str | None:
        """Member ``i``'s ``joined_at`` as Discord wrote it."""
        odd = self.odd.get("joined_at_iso")
        if odd and i in odd:
            return odd[i]  # type: ignore[no-any-return]
        return _iso_text(self.joined[9 * i:9 * i + 9].hex())

    def rare_of(self, i: int) -> tuple[Any, ...]:
        """Member ``i``'s other fields (member's, then user's)."""
        return self.rare[self.rare_at(i)]

    def make_user(self, i: int, state: Any) -> User:
        """A new ``User`` for member ``i``."""
        user = User(id=int(self.ids[i]), username=self.username(i),
                    global_name=self.global_name(i), avatar_hash=self.avatar(i),
                    **dict(zip(USER_RARE, self.rare_of(i)[_N_MEMBER_RARE:], strict=True)))
        user._state = state
        return user

    def nbytes(self) -> int:
        """What the columns take, in bytes (tables of shared objects not counted)."""
        arrays = (self.ids, self.starts, self.role_index, self.rare_index, self.role_places,
                  self.role_starts, self.avatar_ranks)
        columns = (self.text, self.avatars, self.avatar_held, self.avatar_animated or b"",
                   self.joined)
        return sum(map(len, columns)) + sum(a.itemsize * len(a) for a in arrays if a is not None)


def _each_made(made: dict[int, Any], kinds: Sequence[int],
               make: Callable[[Iterable[int]], None]) -> list[Any]:
    """``made[k]`` for each of ``kinds``, after ``make`` filled in the missing ones, all
    in one call (a chunk of views asks for a few hundred, mostly made already)."""
    found = list(map(made.get, kinds))
    if None in found:
        make(set(compress(kinds, map(is_, found, repeat(None)))))
        found = list(map(made.__getitem__, kinds))
    return found


def ranked_roles(sets: Iterable[int], starts: Sequence[int], ids: Sequence[int],
                 places: Sequence[int], ranks: tuple[list[Any], dict[int, int]]) -> list[list[Any]]:
    """What ``member.roles`` reads of each of ``sets``, role sets numbered as packed (set
    ``k`` holds ``ids[places[i]]`` for ``i`` from ``starts[k]`` to ``starts[k + 1]``):
    ``@everyone`` first, as discord.py lists it for every member, then the others in
    hierarchy order, from ``ranks``, the guild's roles ranked
    (:meth:`MemberRoles._rank_roles <tidecord.cache.roles.MemberRoles._rank_roles>`);
    a role the guild lacks is left out. Many sets in one call, with no call per set:
    a walk meets a few hundred a guild."""
    ordered, rank = ranks
    everyone = ordered[0]
    out = []
    for k in sets:
        start, end = starts[k], starts[k + 1]
        # The usual member holds a role or two: those without a sort.
        if end - start == 1:
            first = rank.get(ids[places[start]])
            held = [everyone, ordered[first]] if first else [everyone]
        elif end - start == 2:
            first = rank.get(ids[places[start]])
            second = rank.get(ids[places[start + 1]])
            if first and second:
                held = ([everyone, ordered[first], ordered[second]] if first < second
                        else [everyone, ordered[second], ordered[first]])
            else:
                either = first or second
                held = [everyone, ordered[either]] if either else [everyone]
        # Three roles are common too: three compares cost half a sort.
        elif end - start == 3 and (a := rank.get(ids[places[start]])) and (
                b := rank.get(ids[places[start + 1]])) and (
                c := rank.get(ids[places[start + 2]])):
            if a > b:
                a, b = b, a
            if b > c:
                b, c = c, b
                if a > b:
                    a, b = b, a
            held = [everyone, ordered[a], ordered[b], ordered[c]]
        else:
            held = [everyone, *map(ordered.__getitem__, sorted(filter(None, map(
                rank.get, map(ids.__getitem__, places[start:end])))))]
        if everyone is None:  # no @everyone cached
            del held[0]
        out.append(held)
    return out


def _bits(kinds: bytes, digits: bytes, size: int) -> bytes:
    """One bit per member of ``kinds`` (member i is bit i), 1 where ``digits`` maps its
    kind to the digit 1."""
    text = kinds.translate(digits)[::-1]
    return int(text, 2).to_bytes(size, "little") if text else b""


def _code(largest: int, *, small: bool = False) -> str:
    """The smallest array type code of unsigned values up to ``largest`` (from "H", or
    from "B" if ``small``)."""
    if small and largest < 256:
        return "B"
    return "H" if largest < 65536 else "I"


def _one_avatar(a: str) -> bytes:
    body, prefix = (a[2:], b"a") if a.startswith("a_") else (a, b"")
    if len(body) != 32 or body != body.lower():
        return b""
    try:
        return prefix + bytes.fromhex(body)
    except ValueError:
        return b""


def _canonical(text: bytes, n: int) -> bool:
    """Whether ``text`` is ``n`` dates written exactly as Discord writes them."""
    for at, mark in _ISO_MARKS:
        if text[at::_ISO_LEN] != mark * n:
            return False
    return True


def _digits(text: bytes) -> bytes:
    """Canonical dates (all in the 2000s) as BCD: their 18 digits after the century
    in 9 bytes (raises on a non-digit)."""
    # Each date's "+00:00" and the next one's century go in one replace.
    text = (_UTC_SUFFIX + text).replace(_UTC_SUFFIX + b"20", b"")
    return binascii.unhexlify(text[:-len(_UTC_SUFFIX)].translate(None, b"-T:."))


def _usable(rows: list[Any]) -> tuple[list[Any], list[int]]:
    """Rows with a user, sorted by user id, the last of any repeated id kept; and the ids."""
    try:
        ids = list(map(row_user_id, rows))
    except AttributeError:  # a member without a user cannot be found by id
        rows = [r for r in rows if r.user is not UNSET]
        ids = list(map(row_user_id, rows))
    if not all(map(operator.lt, ids, itertools.islice(ids, 1, None))):
        rows = sorted(rows, key=row_user_id)
        ids.sort()
        if any(map(operator.eq, ids, itertools.islice(ids, 1, None))):
            keep = list(map(operator.ne, ids, [*ids[1:], None]))
            rows = list(itertools.compress(rows, keep))
            ids = list(itertools.compress(ids, keep))
    return rows, ids
