"""The base every Discord model is declared on, and the wire codec.

Models are msgspec structs: declared once, decoded straight from the gateway's and
REST's bytes, and encoded back by the sandbox, so the client and the sandbox read
and write the very same shapes.

Conventions, following Discord's docs:

- a field Discord may leave out (``field?`` in the docs) defaults to ``UNSET`` and
  is omitted on encode;
- a nullable field (``?type`` in the docs) defaults to ``None`` and is encoded as
  ``null``;
- snowflakes are :class:`Snowflake` (an ``int``) in Python and strings on the wire.
"""

from __future__ import annotations

import copy
import datetime
import enum
import functools
import types
from typing import Any, Final, TypeVar

import msgspec
from msgspec import UNSET, UnsetType

__all__ = [
    "DISCORD_EPOCH_MS",
    "UNSET",
    "Model",
    "NamedEnum",
    "OpenEnum",
    "Snowflake",
    "UnsetType",
    "convert",
    "copied_on_read",
    "decode",
    "decoder",
    "encode",
    "enum_of",
    "none_if_unset",
    "public_slots",
    "register_wire_type",
    "sent_true",
    "snowflake_time",
    "to_builtins",
    "update_in_place",
    "viewed_field",
]

DISCORD_EPOCH_MS: Final = 1_420_070_400_000


class _NamedEnumType(enum.EnumMeta):
    """Python 3.11's enums answer a missing name with ``AttributeError('nothing')``;
    discord.py's, as any class does, with ``type object 'AuditLogAction' has no
    attribute 'nothing'``: a bot looking an action up by a name it was given shows
    people that text."""

    def __getattr__(cls, name: str) -> Any:
        try:
            return cls._member_map_[name]
        except KeyError:
            raise AttributeError(f"type object {cls.__name__!r} has no attribute "
                                 f"{name!r}") from None


class TryValue:
    """Gives an enum discord.py's ``try_value``: ``ChannelType.try_value(raw)`` is the
    member whose value is ``raw``, or ``raw`` itself when none is (what a bot reading a
    raw payload's field calls). Listed before the enum base: ``class X(TryValue, Enum)``."""

    @classmethod
    def try_value(cls, value: Any) -> Any:
        members: dict[Any, Any] = cls._value2member_map_  # type: ignore[attr-defined]
        try:
            return members[value]
        except (KeyError, TypeError):  # TypeError: an unhashable value is no member's
            return value


class NamedEnum(TryValue, enum.IntEnum, metaclass=_NamedEnumType):
    """An int enum that prints as discord.py's do (``EventStatus.active``), not as its
    number."""

    def __str__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


class OpenEnum(NamedEnum):
    """A :class:`NamedEnum` that takes values it does not list: a type Discord adds
    later must not make its payloads undecodable. Such a value reads as
    ``unknown_<n>``, as discord.py's ``try_enum`` makes it."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int):
            return None
        member = int.__new__(cls, value)
        member._name_, member._value_ = f"unknown_{value}", value
        return member

T = TypeVar("T")


class Snowflake(int):
    """A Discord id: an ``int`` that knows when it was made.

    >>> Snowflake(175928847299117063).created_at.year
    2016
    """

    __slots__ = ()

    @property
    def created_at(self) -> datetime.datetime:
        """When Discord generated this id (UTC)."""
        return snowflake_time(self)

    @property
    def timestamp_ms(self) -> int:
        """Milliseconds since the Unix epoch encoded in the id."""
        return (self >> 22) + DISCORD_EPOCH_MS

    @classmethod
    def from_datetime(cls, when: datetime.datetime, *, high: bool = False) -> Snowflake:
        """The smallest (or with ``high`` the largest) id made at ``when``."""
        # Truncated after the epoch is taken off, as discord.py does: before 2015 the
        # milliseconds are negative and round toward zero, not down.
        ms = int(when.timestamp() * 1000 - DISCORD_EPOCH_MS)
        return cls((ms << 22) + ((1 << 22) - 1 if high else 0))


def snowflake_of(value: Any, *, high: bool = False, name: str = "before or after"
                 ) -> int | None:
    """An id for ``before=``/``after=``: an id, anything with an ``id``, or a datetime
    (the smallest id made then, or with ``high`` the largest); ``None`` stays ``None``.
    Anything else is a TypeError naming the argument ``name``."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return int(Snowflake.from_datetime(value, high=high))
    return id_of(value, name, "an object with an id, an id or a datetime")


def id_of(value: Any, name: str, takes: str = "an object with an id, or an id") -> int:
    """The id of ``value`` (anything with an ``id``, or an id itself), or a TypeError
    naming the argument ``name`` (and what it ``takes``): a user's name, say, is refused
    before any request, rather than sent for Discord to answer 400 far from the mistake."""
    try:
        return int(getattr(value, "id", value))
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be {takes}, not {type(value).__name__}") from None


def enum_of(kind: type[enum.Enum], value: Any) -> Any:
    """``value`` as a member of ``kind``. A value Discord added later never fails: it
    reads as discord.py's ``try_enum`` makes it, a stand-in member named
    ``unknown_<value>`` (so ``.name``, ``.value`` and ``str()`` work as on any member,
    where a bare int would make ``channel.type.name`` raise). Anything else (``None``,
    a value of the wrong kind) is handed back as it is."""
    try:
        return kind(value)
    except ValueError:
        if isinstance(value, int | str) and not isinstance(value, bool):
            return _unknown_member(kind, value)
        return value


@functools.lru_cache(maxsize=256)  # bounded: the values are the server's to choose
def _unknown_member(kind: type[enum.Enum], value: int | str) -> Any:
    """The one stand-in member of ``kind`` for ``value`` (one, so that those of an
    identity-compared plain ``Enum`` are equal to each other)."""
    base: Any = kind._member_type_  # type: ignore[attr-defined]  # int, str or object
    if not isinstance(value, base):
        return value
    member = object.__new__(kind) if base is object else base.__new__(kind, value)
    member._name_, member._value_ = f"unknown_{value}", value
    return member


def snowflake_time(id: int) -> datetime.datetime:
    """When Discord generated the id ``id`` (UTC); any ``int`` id will do."""
    ms = (id >> 22) + DISCORD_EPOCH_MS
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)


class Model(msgspec.Struct, kw_only=True, omit_defaults=False):
    """Base of every Discord object: keyword construction, unknown fields ignored."""

    def __ne__(self, other: object) -> bool:
        # msgspec's own ``!=`` compares every field, even where a model defines ``__eq__``
        # by id: a member and its user were then both equal and not equal. Derive it.
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal


def _dec_hook(type_: type, obj: Any) -> Any:
    # Flag types register themselves in _DECODABLE (see flags.py) so this module
    # stays free of imports from its siblings.
    if type_ is Snowflake:
        return Snowflake(obj)
    factory = _DECODABLE.get(type_)
    if factory is not None:
        return factory(obj)
    raise NotImplementedError(f"cannot decode {type_!r}")


def _enc_hook(obj: Any) -> Any:
    if isinstance(obj, Snowflake):
        return str(int(obj))
    encoder = _ENCODABLE.get(type(obj))
    if encoder is not None:
        return encoder(obj)
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


_DECODABLE: dict[type, Any] = {}
_ENCODABLE: dict[type, Any] = {}


class _CopiedOnRead:
    """A struct field whose attribute reads hand out ``copy(stored)``.

    msgspec reads and writes the field through its slot (decoding, encoding,
    ``structs.replace``, equality); only attribute access comes here.
    """

    __slots__ = ("copy", "stored")

    def __init__(self, stored: Any, copy: Any) -> None:
        self.stored = stored  # the field's own slot descriptor
        self.copy = copy

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return self.copy(self.stored.__get__(instance, owner))

    def __set__(self, instance: object, value: Any) -> None:
        self.stored.__set__(instance, value)


class _Viewed(_CopiedOnRead):
    """A struct field read through ``read`` and written through ``write``."""

    __slots__ = ("write",)

    def __init__(self, stored: Any, read: Any, write: Any) -> None:
        super().__init__(stored, read)
        self.write = write

    def __set__(self, instance: object, value: Any) -> None:
        self.stored.__set__(instance, self.write(value))


def copied_on_read(cls: type, name: str, copy: Any) -> Any:
    """Make reading ``obj.<name>`` (a field of struct ``cls``) give ``copy(value)``, so
    what code does to what it read never reaches the record, and records may share
    one stored value. Returns the field's slot descriptor, which reads the stored
    value itself."""
    return viewed_field(cls, name, copy)


def viewed_field(cls: type, name: str, read: Any, write: Any = None) -> Any:
    """Make ``obj.<name>`` (a field of struct ``cls``) read as ``read(stored)`` and, with
    ``write``, store ``write(value)`` when set: the attribute speaks discord.py's types
    while msgspec keeps the wire's. Returns the field's slot descriptor (the raw value).
    On a subclass, the view is the subclass's own (a base's field read its own way)."""
    stored = next(k.__dict__[name] for k in cls.__mro__ if name in k.__dict__)
    if isinstance(stored, _CopiedOnRead):
        stored = stored.stored
    setattr(cls, name, _CopiedOnRead(stored, read) if write is None
            else _Viewed(stored, read, write))
    return stored


def none_if_unset(value: Any) -> Any:
    """``None`` for a field Discord left out, as discord.py's attributes read."""
    return None if value is UNSET else value


def sent_true(value: Any) -> bool:
    """Whether a flag Discord sends only when it holds was sent true (left out: False,
    as discord.py's attributes read)."""
    return value is True


_SLOTS: dict[type, tuple[Any, ...]] = {}


def public_slots(cls: type) -> tuple[Any, ...]:
    """The slot descriptors of ``cls``'s public fields (under any copy-on-read)."""
    found = _SLOTS.get(cls)
    if found is None:
        slots = []
        for name in cls.__struct_fields__:  # type: ignore[attr-defined]
            if name.startswith("_"):
                continue
            attr = next(k.__dict__[name] for k in cls.__mro__ if name in k.__dict__)
            slot = attr.stored if isinstance(attr, _CopiedOnRead) else attr
            if not isinstance(slot, types.MemberDescriptorType):
                raise TypeError(f"{cls.__name__}.{name} is not a plain field")
            slots.append(slot)
        found = _SLOTS[cls] = tuple(slots)
    return found


def update_in_place(record: T, fresh: T, keep: frozenset[str] = frozenset()) -> T:
    """Give ``record`` the public fields of ``fresh`` (its newer state, same type) but
    ``keep``, so that references code holds to the record see the change, as discord.py
    updates its models; returns a copy of the record as it was (an event's "before")."""
    before = copy.copy(record)
    for slot in public_slots(type(record)):
        if slot.__name__ not in keep:
            slot.__set__(record, slot.__get__(fresh))
    return before


def register_wire_type(type_: type, *, decode: Any, encode: Any) -> None:
    """Teach the codec a custom type (used by the flag types)."""
    _DECODABLE[type_] = decode
    _ENCODABLE[type_] = encode


_ENCODER: Final = msgspec.json.Encoder(enc_hook=_enc_hook)
_DECODERS: dict[Any, msgspec.json.Decoder[Any]] = {}


def encode(obj: Any) -> bytes:
    """JSON bytes of a model (or any plain value), snowflakes as strings."""
    return _ENCODER.encode(obj)


def decoder(type_: type[T] | Any) -> msgspec.json.Decoder[T]:
    """A cached JSON decoder into ``type_``: lax about ids sent as strings."""
    dec = _DECODERS.get(type_)
    if dec is None:
        dec = msgspec.json.Decoder(type_, strict=False, dec_hook=_dec_hook)
        _DECODERS[type_] = dec
    return dec


def decode(data: bytes | str, type_: type[T]) -> T:
    """Decode JSON ``data`` into ``type_``; raises ``msgspec.ValidationError``."""
    return decoder(type_).decode(data)


def convert(obj: Any, type_: type[T]) -> T:
    """Build ``type_`` from already-decoded builtins (dicts, lists, strings)."""
    return msgspec.convert(obj, type_, strict=False, dec_hook=_dec_hook)


def to_builtins(obj: Any) -> Any:
    """Plain dicts and lists of a model, as they would be on the wire."""
    return msgspec.to_builtins(obj, enc_hook=_enc_hook)
