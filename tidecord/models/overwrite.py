"""``PermissionOverwrite``: what a channel allows, denies or leaves alone for one role
or member, by permission name, as discord.py's ``PermissionOverwrite`` is.

Each name is ``True`` (allowed), ``False`` (denied) or ``None`` (left to the roles).
On the wire an overwrite is an ``allow`` and a ``deny`` bit set
(:class:`~tidecord.models.ChannelOverwrite`); :meth:`PermissionOverwrite.pair` and
:meth:`PermissionOverwrite.from_pair` go between the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from .base import Model, Snowflake
from .flags import Permissions

__all__ = ["ChannelOverwrite", "PermissionOverwrite"]

# Each permission by its own name (discord.py's from_pair gives no alias), in order.
_NAMES: dict[str, int] = dict(Permissions._LISTED)
# Every name, alias or not, to the name its value is kept under (discord.py's aliases
# read and write their permission's own name).
_KEY: dict[str, str] = {name: next(own for own, own_bit in _NAMES.items() if own_bit == bit)
                        for name, bit in Permissions.VALID_FLAGS.items()}


class PermissionOverwrite:
    """``PermissionOverwrite(send_messages=False, view_channel=True)``; any permission
    name of :class:`Permissions` reads and writes as ``True``, ``False`` or ``None``."""

    __slots__ = ("_values",)
    _values: dict[str, bool]  # by each permission's own name; a name left alone is absent
    #: Every name an overwrite takes (discord.py's ``VALID_NAMES``).
    VALID_NAMES: ClassVar[frozenset[str]] = frozenset(Permissions.VALID_FLAGS)
    #: Those that are no other's alias (discord.py's ``PURE_FLAGS``).
    PURE_FLAGS: ClassVar[frozenset[str]] = frozenset(_NAMES)

    def __init__(self, **permissions: bool | None) -> None:
        object.__setattr__(self, "_values", {})
        for name, value in permissions.items():
            if name not in self.VALID_NAMES:
                raise ValueError(f"no permission called {name}.")
            setattr(self, name, value)

    def update(self, **permissions: bool | None) -> None:
        """Set several names at once; an unknown name is ignored, as in discord.py
        (``PermissionOverwrite(unknown=...)`` raises ``ValueError``)."""
        for name, value in permissions.items():
            if name in self.VALID_NAMES:
                setattr(self, name, value)

    def __getattr__(self, name: str) -> bool | None:
        key = _KEY.get(name)
        if key is not None:
            return self._values.get(key)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self.VALID_NAMES:
            raise AttributeError(f"no permission called {name}.")
        if value not in (True, False, None):  # 1 and 0 pass, as in discord.py
            raise TypeError(f"Expected bool or NoneType, received {type(value).__name__}")
        key = _KEY[name]
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = bool(value)

    def pair(self) -> tuple[Permissions, Permissions]:
        """The ``(allow, deny)`` bit sets this overwrite stands for."""
        allow = deny = 0
        for name, value in self._values.items():
            if value is True:
                allow |= Permissions.VALID_FLAGS[name]
            elif value is False:
                deny |= Permissions.VALID_FLAGS[name]
        return Permissions(allow), Permissions(deny)

    @classmethod
    def from_pair(cls, allow: Permissions, deny: Permissions) -> PermissionOverwrite:
        """The overwrite of an ``allow`` and a ``deny`` bit set (a bit in both is denied,
        as in discord.py), by each permission's own name, not its aliases."""
        out = cls()
        values = out._values
        for name, bit in _NAMES.items():
            if allow.value & bit == bit:
                values[name] = True
        for name, bit in _NAMES.items():
            if deny.value & bit == bit:
                values[name] = False
        return out

    def is_empty(self) -> bool:
        """Whether every permission is left alone (``None``)."""
        return not self._values

    def __iter__(self) -> Iterator[tuple[str, bool | None]]:
        """``(name, True/False/None)`` for every permission, by its own name."""
        for name in _NAMES:
            yield name, self._values.get(name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PermissionOverwrite) and self._values == other._values

    __hash__ = None  # type: ignore[assignment]  # changeable, as discord.py's

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value}" for name, value in sorted(self._values.items()))
        return f"<PermissionOverwrite {shown}>"


class ChannelOverwrite(Model, gc=False, kw_only=True):
    """Allow and deny bits for a role (type 0) or a member (type 1) in one channel."""

    id: Snowflake
    type: int
    allow: Permissions
    deny: Permissions
