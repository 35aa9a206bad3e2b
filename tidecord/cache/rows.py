"""GUILD_CREATE's member list as the cache decodes it: rows with plain ``int`` ids.

The rows are ``Member`` and ``User`` declared again with every ``Snowflake``
turned into ``int``, derived from the models so the two cannot drift apart:
msgspec then decodes a whole member list in C without calling the ``Snowflake``
hook for every id (that hook was most of what decoding members cost). The cache
turns the rows into columns (:mod:`.packed`) and drops them.
"""

from __future__ import annotations

import itertools
import operator
import types
from operator import attrgetter
from typing import Any, Final, Union, get_args, get_origin

import msgspec

from ..models import Member, Snowflake, User

__all__ = [
    "MEMBER_RARE",
    "USER_RARE",
    "MemberRow",
    "UserRow",
    "rare_of",
    "row_user_id",
    "rows_decoder",
]

# What almost every member has its own value for: columns of their own.
_MEMBER_COMMON: Final = ("user", "nick", "role_set", "joined_at_iso")
_USER_COMMON: Final = ("id", "username", "global_name", "avatar_hash")

#: The other fields, in this order, as one tuple per member (see :func:`rare_of`).
MEMBER_RARE: Final = tuple(
    f for f in Member.__struct_fields__ if not f.startswith("_") and f not in _MEMBER_COMMON)
USER_RARE: Final = tuple(
    f for f in User.__struct_fields__ if not f.startswith("_") and f not in _USER_COMMON)


def _plain_ids(tp: Any) -> Any:
    """``tp`` with every ``Snowflake`` (also inside lists and unions) as ``int``."""
    if tp is Snowflake:
        return int
    origin, args = get_origin(tp), get_args(tp)
    if origin is list:
        return list[_plain_ids(args[0])]  # type: ignore[misc]
    if origin in (Union, types.UnionType):
        return Union[tuple(_plain_ids(a) for a in args)]  # noqa: UP007 - built at runtime
    return tp


def _row_of(model: type[msgspec.Struct], name: str, common: tuple[str, ...],
            swap: dict[Any, Any]) -> Any:
    # The common fields first: ``astuple(row)[len(common):]`` is then the rare part.
    info = {f.name: f for f in msgspec.structs.fields(model) if not f.name.startswith("_")}
    fields: list[tuple[str, Any, Any]] = []
    for f in [*(info[c] for c in common), *(v for k, v in info.items() if k not in common)]:
        tp = _plain_ids(f.type)
        for old, new in swap.items():
            if tp == old:
                tp = new
        if f.default_factory is list and get_origin(tp) is tuple:
            default = msgspec.field(default=(), name=f.encode_name)
        elif f.default is not msgspec.NODEFAULT:
            default = msgspec.field(default=f.default, name=f.encode_name)
        elif f.default_factory is not msgspec.NODEFAULT:
            default = msgspec.field(default_factory=f.default_factory, name=f.encode_name)
        else:
            default = msgspec.field(name=f.encode_name)
        fields.append((f.name, tp, default))
    return msgspec.defstruct(name, fields, kw_only=True, gc=False, module=__name__)


UserRow: Any = _row_of(User, "UserRow", _USER_COMMON, {})
MemberRow: Any = _row_of(Member, "MemberRow", _MEMBER_COMMON,
                         {User | msgspec.UnsetType: UserRow | msgspec.UnsetType,
                          # hashable: role sets are counted with a dict
                          list[int]: tuple[int, ...]})

_RARE_PART: Final = itertools.repeat(slice(len(_MEMBER_COMMON), None))
_USER_RARE_PART: Final = itertools.repeat(slice(len(_USER_COMMON), None))
row_user_id: Final = attrgetter("user.id")


def rare_of(rows: list[Any], users: list[Any]) -> list[tuple[Any, ...]]:
    """The rare fields of each row, member's (``MEMBER_RARE``) then user's
    (``USER_RARE``), as one tuple per row; whole-list C calls (astuple is ~10x
    faster than an attrgetter of 23 names)."""
    astuple = msgspec.structs.astuple
    return list(map(operator.add,
                    map(operator.getitem, map(astuple, rows), _RARE_PART),
                    map(operator.getitem, map(astuple, users), _USER_RARE_PART)))


def rows_decoder() -> msgspec.json.Decoder[list[Any]]:
    """A decoder of a member list into rows (for tests and the non-gateway paths)."""
    from ..models.base import _dec_hook

    return msgspec.json.Decoder(list[MemberRow], strict=False, dec_hook=_dec_hook)
