"""A null for an optional field reads as the field left out, as on Discord.

Discord's spec marks most optional request fields nullable (``tts``, a thread's
``auto_archive_duration``, an embed's ``type``, an overwrite's ``allow``), and Discord
reads such a null as "not given". The sandbox's body structs (some shared with the
client, which must not take None where Discord never sends it) say so by leaving
None out of a field's type: :func:`nulls_left_out` drops those nulls, at every depth,
before the body is decoded.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec
from msgspec import inspect

__all__ = ["json_nulls_left_out", "nulls_left_out"]


@functools.cache
def _info(type_: Any) -> inspect.Type:
    return inspect.type_info(type_)


def _kinds(t: inspect.Type) -> tuple[inspect.Type, ...]:
    return t.types if isinstance(t, inspect.UnionType) else (t,)


def _struct_for(t: inspect.Type, data: dict[str, Any]) -> inspect.StructType | None:
    """The struct among ``t``'s kinds that ``data`` is (by its tag in a tagged union)."""
    structs = [k for k in _kinds(t) if isinstance(k, inspect.StructType)]
    if len(structs) > 1:
        structs = [s for s in structs if s.tag_field is None or data.get(s.tag_field) == s.tag]
    return structs[0] if len(structs) == 1 else None


def _strip(data: Any, t: inspect.Type) -> Any:
    if isinstance(data, list):
        items = [k.item_type for k in _kinds(t) if isinstance(k, inspect.ListType)]
        return [_strip(x, items[0]) for x in data] if items else data
    if not isinstance(data, dict):
        return data
    struct = _struct_for(t, data)
    if struct is None:
        return data
    fields = {f.encode_name: f for f in struct.fields}
    out: dict[str, Any] = {}
    for key, value in data.items():
        f = fields.get(key)
        if f is None:
            out[key] = value
        elif value is None:
            if f.required or any(isinstance(k, inspect.NoneType) for k in _kinds(f.type)):
                out[key] = value  # null is its own value here (or refused as missing)
        else:
            out[key] = _strip(value, f.type)
    return out


def nulls_left_out(data: Any, type_: Any) -> Any:
    """``data`` (decoded JSON) without the nulls ``type_`` cannot hold in optional fields."""
    return _strip(data, _info(type_))


def json_nulls_left_out(raw: bytes, type_: Any) -> bytes:
    """:func:`nulls_left_out` for a JSON body (as sent when it has no null at all)."""
    if b"null" not in raw:
        return raw
    try:
        data = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return raw  # the decoder answers it
    return msgspec.json.encode(nulls_left_out(data, type_))
