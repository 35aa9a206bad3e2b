"""``PackedMember``: a ``Member`` read from the packed columns, made when asked for.

The cache hands out these for members it keeps packed (:mod:`.packed`). One is a
``Member`` in every way user code can tell (``isinstance``, fields, properties,
methods, ``==`` and ``hash`` by user id, ``repr``) and costs about a tenth of a
microsecond to make: it is a copy of a per-guild template with its index, role
set's list and nickname filled in. ``user``, ``joined_at_iso`` and ``role_set``
are read from the columns on first access (the ``User`` is shared with
``client.get_user``), and names are read straight from the columns while the
``User`` is not needed.

``roles`` copies a list of the guild's roles kept for the member's role set while
views are (:meth:`~tidecord.cache.packed.PackedMembers.role_lists_of`), with no
Python frame: a walk reads it once per member and meets each set about three
times. A view whose role set was written, that left its guild's views, or whose
guild's roles changed, reads its set's ``as_roles`` instead (:meth:`PackedMember.roles_changed`).
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
_ROLE_SET: Final[Any] = Member.__dict__["role_set"]
_STRUCT_COPY: Final[Any] = msgspec.Struct.__copy__  # type: ignore[attr-defined]
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
    # Global name, else username, as packed: what display_name shows while the view
    # has no user. Emptied when it gets one (display_name then reads the user), so
    # that display_name needs one check, not a read of the user's slot.
    _shown: str = ""
    # What ``roles`` calls: the KeptRoles of this member's role set (calling it copies
    # it), or the set's ``as_list`` (see the module docstring).
    _roles_copy: Any = None

    # -- read on first access ------------------------------------------------------
    @property  # type: ignore[misc]
    def user(self) -> Any:
        """The member's user, shared with the user cache."""
        user = _USER.__get__(self)
        if user is UNSET:
            user = self._members.shared_user(self._pack, self._i)
            _USER.__set__(self, user)
            self._shown = ""
        return user

    @user.setter
    def user(self, value: Any) -> None:
        _USER.__set__(self, value)
        self._shown = ""

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

    @property  # type: ignore[misc]
    def role_set(self) -> Any:
        """The member's role ids, the guild's shared set."""
        roles = _ROLE_SET.__get__(self)
        if roles is UNSET:
            pack = self._pack
            [roles] = pack.roles_of([pack.role_index[self._i]])
            _ROLE_SET.__set__(self, roles)
        return roles

    @role_set.setter
    def role_set(self, value: Any) -> None:
        _ROLE_SET.__set__(self, value)
        _ROLES_COPY.__set__(self, value.as_list)

    # The member's roles, a new list each read (``Member.roles``), made in C (see the
    # module docstring).
    roles = property(operator.methodcaller("_roles_copy"), doc=Member.roles.__doc__)

    def slots_written(self) -> None:
        """The view's fields were written through ``Member``'s slots (an update of the
        member): its names and roles are read from what was written from now on."""
        self._shown = ""
        self.roles_changed()

    def roles_changed(self) -> None:
        """Read ``roles`` from the role set from now on (its kept list may not follow
        what changes next): the set was written through its slot, the view left its
        guild's views, or the guild's roles changed."""
        _ROLES_COPY.__set__(self, self.role_set.as_list)

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
        return self.nick or self._shown or self._named_by_user()

    def _named_by_user(self) -> str:
        user = self.user
        return user.global_name or user.username  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (User, _HasUser)):
            return bool(getattr(other, "id", None) == self._pack.ids[self._i])
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._pack.ids[self._i])

    def __str__(self) -> str:
        return str(self.user)

    def __copy__(self) -> PackedMember:
        # A copy is in no guild's views: the guild cannot set its kept list aside.
        copied: PackedMember = _STRUCT_COPY(self)
        copied.roles_changed()
        return copied

    def __repr__(self) -> str:
        return repr(self.detach())

    def detach(self) -> Member:
        """A plain ``Member`` with the same values, independent of the columns."""
        # The stored values (some attributes read as views of them), with the three
        # read from the columns on first access.
        values = msgspec.structs.asdict(self)
        values.update(user=self.user, joined_at_iso=self.joined_at_iso, role_set=self.role_set)
        return Member(**{f: values[f] for f in _FIELDS})


_ROLES_COPY: Final[Any] = PackedMember.__dict__["_roles_copy"]

# User code that prints or compares ``type(member).__name__`` sees what discord.py
# shows ("Member"); ``isinstance(member, Member)`` holds as for any subclass.
PackedMember.__name__ = PackedMember.__qualname__ = "Member"
