"""``PackedMember``: a ``Member`` read from the packed columns, made when asked for.

The cache hands out these for members it keeps packed (:mod:`.packed`). One is a
``Member`` in every way user code can tell (``isinstance``, fields, properties,
methods, ``==`` and ``hash`` by user id, ``repr``) and costs about a tenth of a
microsecond to make: it is a copy of a per-guild template with its index, role
set and nickname filled in. ``user`` and ``joined_at_iso`` are read from the
columns on first access (the ``User`` is shared with ``client.get_user``), and
names are read straight from the columns while the ``User`` is not needed.
"""

from __future__ import annotations

import operator
from typing import Any, Final

import msgspec

from ..models import UNSET, Member, User
from ..models.user import _HasUser

__all__ = ["PackedMember"]

_USER: Final[Any] = Member.__dict__["user"]
_JOINED: Final[Any] = Member.__dict__["joined_at_iso"]
_FIELDS: Final = Member.__struct_fields__


class PackedMember(Member, kw_only=True, gc=False):
    """A member of the compact cache (see the module docstring).

    ``_pack`` is the guild's :class:`~tidecord.cache.packed.PackedMembers`, ``_i``
    this member's index in it, ``_members`` the guild's
    :class:`~tidecord.cache.members.GuildMembers` (which shares users).
    """

    _pack: Any = None
    _i: int = 0
    _members: Any = None
    # Global name, else username, as packed: what display_name shows while the
    # user is not looked at (it is read from the user once that is set).
    _shown: str = ""

    # -- read on first access ------------------------------------------------------
    @property  # type: ignore[misc]
    def user(self) -> Any:
        """The member's user, shared with the user cache."""
        user = _USER.__get__(self)
        if user is UNSET:
            user = self._members.shared_user(self._pack, self._i)
            _USER.__set__(self, user)
        return user

    @user.setter
    def user(self, value: Any) -> None:
        _USER.__set__(self, value)

    @property  # type: ignore[misc]
    def joined_at_iso(self) -> Any:
        """``joined_at`` as Discord wrote it."""
        text = _JOINED.__get__(self)
        if text is UNSET:
            text = self._pack.joined_at(self._i)
            _JOINED.__set__(self, text)
        return text

    @joined_at_iso.setter
    def joined_at_iso(self, value: Any) -> None:
        _JOINED.__set__(self, value)

    # The member's roles, a new list each read (``Member.roles``): a view's role set is
    # always the cache's shared one, read here without a second Python call.
    roles = property(operator.attrgetter("role_set.as_roles"), doc=Member.roles.__doc__)

    # -- what needs no User object -------------------------------------------------
    @property
    def id(self) -> int:
        """The member's user id."""
        return int(self._pack.ids[self._i])

    @property
    def name(self) -> str:
        """The username."""
        user = _USER.__get__(self)
        return user.username if user is not UNSET else self._pack.username(self._i)  # type: ignore[no-any-return]

    @property
    def global_name(self) -> str | None:
        """The user's global display name."""
        user = _USER.__get__(self)
        return user.global_name if user is not UNSET else self._pack.global_name(self._i)  # type: ignore[no-any-return]

    @property
    def display_name(self) -> str:
        """Nickname, else global name, else username."""
        nick = self.nick
        if nick:
            return nick
        user = _USER.__get__(self)
        if user is not UNSET:
            return user.global_name or user.username  # type: ignore[no-any-return]
        return self._shown

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (User, _HasUser)):
            return bool(getattr(other, "id", None) == self._pack.ids[self._i])
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._pack.ids[self._i])

    def __str__(self) -> str:
        return str(self.user)

    def __repr__(self) -> str:
        return repr(self.detach())

    def detach(self) -> Member:
        """A plain ``Member`` with the same values, independent of the columns."""
        # The stored values (some attributes read as views of them), with the two
        # read from the columns on first access.
        values = msgspec.structs.asdict(self)
        values.update(user=self.user, joined_at_iso=self.joined_at_iso)
        return Member(**{f: values[f] for f in _FIELDS})


# User code that prints or compares ``type(member).__name__`` sees what discord.py
# shows ("Member"); ``isinstance(member, Member)`` holds as for any subclass.
PackedMember.__name__ = PackedMember.__qualname__ = "Member"
