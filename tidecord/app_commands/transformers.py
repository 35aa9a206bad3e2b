"""From a parameter's annotation to a Discord option, and from the option's value back.

A :class:`Transformer` says which option type a parameter is (and its choices,
bounds, channel types) and turns what Discord sent into what the callback
receives. Annotations map to built-in ones: ``str``, ``int``, ``float``,
``bool``, ``Member``, ``User``, ``Role``, ``Member | Role`` (mentionable),
channel kinds (``TextChannel``...; ``AppCommandChannel`` raw), ``Attachment``,
``Literal[...]`` and ``Enum`` (choices), ``Choice[T]``, ``Range[T, lo, hi]``,
``Transform[T, MyTransformer]`` (or ``Annotated[T, MyTransformer]``), a class with a
``transform`` classmethod; ``Optional[...]`` makes it not required.
"""

from __future__ import annotations

import datetime
import enum
import inspect
import types
import typing
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union

from ..commands import resolve
from ..commands.ranges import Limits
from ..interactions.resolved import AppCommandChannel, AppCommandThread
from ..models import Attachment, ChannelType, Member, Role, User
from ..models.kinds import (
    CategoryChannel,
    ForumChannel,
    GuildChannel,
    StageChannel,
    TextChannel,
    Thread,
    VoiceChannel,
)
from .enums import AppCommandOptionType
from .errors import TransformerError
from .models import Choice

if TYPE_CHECKING:
    from ..interactions import Interaction

__all__ = ["Range", "Timestamp", "Transform", "Transformer", "transformer_for"]

_NONE = type(None)


class Transformer:
    """Override :meth:`transform` (and the properties) to accept your own kind of value.

    >>> class Point(app_commands.Transformer):
    ...     async def transform(self, interaction, value: str):
    ...         x, y = value.split(",")
    ...         return (int(x), int(y))
    """

    __tidecord_transformer__: ClassVar[bool] = True
    __tidecord_is_choice__: ClassVar[bool] = False

    def __class_getitem__(cls, params: Any) -> types.GenericAlias:
        # ``class Point(app_commands.Transformer[MyBot])``, as discord.py's generic
        # Transformer allows: the alias subclasses as the class itself.
        return types.GenericAlias(cls, params)

    @property
    def type(self) -> AppCommandOptionType:
        """The option type Discord shows (text by default)."""
        return AppCommandOptionType.string

    @property
    def channel_types(self) -> list[ChannelType]:
        """For channel options: the kinds of channel allowed."""
        return []

    @property
    def min_value(self) -> int | float | None:
        """The smallest number (or shortest text) allowed."""
        return None

    @property
    def max_value(self) -> int | float | None:
        """The largest number (or longest text) allowed."""
        return None

    @property
    def choices(self) -> list[Choice[Any]] | None:
        """Fixed choices, if any."""
        return None

    @property
    def _error_display_name(self) -> str:
        name = type(self).__name__
        return name[:-len("Transformer")] if name.endswith("Transformer") and \
            len(name) > len("Transformer") else name

    def has_autocomplete(self) -> bool:
        """Whether :meth:`autocomplete` was overridden."""
        return type(self).autocomplete is not Transformer.autocomplete

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        """Turn what Discord sent into what the callback receives."""
        raise NotImplementedError("Derived classes need to implement this.")

    async def autocomplete(self, interaction: Interaction[Any], value: Any, /
                           ) -> list[Choice[Any]]:
        """Offer choices while the user types (override to enable autocomplete)."""
        raise NotImplementedError("Derived classes can implement this.")


_PLAIN: dict[AppCommandOptionType, tuple[type, ...]] = {
    AppCommandOptionType.string: (str,), AppCommandOptionType.integer: (int,),
    AppCommandOptionType.number: (int, float), AppCommandOptionType.boolean: (bool,),
}


class IdentityTransformer(Transformer):
    """The value as Discord resolved it (text, numbers, users, roles, files)."""

    def __init__(self, kind: AppCommandOptionType) -> None:
        self._kind = kind

    @property
    def type(self) -> AppCommandOptionType:
        return self._kind

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        # Discord sends each option typed as registered; another type means the
        # registration and the code disagree (sync the tree): say so, do not pass it on.
        expected = _PLAIN.get(self._kind)
        if expected is not None and (not isinstance(value, expected) or (
                isinstance(value, bool) and bool not in expected)):
            raise TransformerError(value, self._kind, self)
        return value


if TYPE_CHECKING:
    Timestamp = datetime.datetime
else:

    class Timestamp(Transformer):
        """A text option holding Discord's ``<t:1700000000:R>`` marker -> that moment as an
        aware UTC ``datetime`` (the marker has no time zone); else :class:`TransformerError`.

        ``async def remind(interaction, when: app_commands.Timestamp)``
        """

        async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
            found = resolve.timestamp(value)
            if found is None:
                raise TransformerError(value, AppCommandOptionType.string, self)
            return found


class InlineTransformer(Transformer):
    """A class with ``async def transform(cls, interaction, value)`` as a classmethod,
    used as the annotation itself: a text option it turns into what the callback gets."""

    def __init__(self, owner: type) -> None:
        method = owner.__dict__["transform"].__func__
        if len(inspect.signature(method).parameters) != 3:
            raise TypeError("Inline transformer with transform classmethod requires 3 "
                            "parameters")
        if not inspect.iscoroutinefunction(method):
            raise TypeError("Inline transformer with transform classmethod must be a "
                            "coroutine")
        self.annotation: Any = owner

    @property
    def _error_display_name(self) -> str:
        return str(self.annotation.__name__)

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        return await self.annotation.transform(interaction, value)


class RangeTransformer(IdentityTransformer):
    """A number within bounds, or text of a length within bounds."""

    def __init__(self, limits: Limits) -> None:
        kind = {int: AppCommandOptionType.integer, float: AppCommandOptionType.number,
                str: AppCommandOptionType.string}[limits.kind]
        super().__init__(kind)
        self.limits = limits

    @property
    def min_value(self) -> int | float | None:
        return self.limits.minimum

    @property
    def max_value(self) -> int | float | None:
        return self.limits.maximum

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        # Discord enforces the bounds; a value outside them is not from Discord's client.
        if self.limits.violated(value):
            raise TransformerError(value, self.type, self)
        return value


class LiteralTransformer(IdentityTransformer):
    """``Literal["a", "b"]``: one of these values."""

    def __init__(self, values: tuple[Any, ...]) -> None:
        first = _option_type_of(type(values[0]))
        super().__init__(first)
        self._choices = [Choice(name=str(v), value=v) for v in values]
        if any(c._option_type != first for c in self._choices):
            raise TypeError("Literal values must all be of one type (str, int or float)")

    @property
    def choices(self) -> list[Choice[Any]]:
        return list(self._choices)


def _option_type_of(kind: Any) -> AppCommandOptionType:
    """The option type of a ``Literal``'s, ``Choice[...]``'s or enum's values, judged by
    the first value's exact type as discord.py does (``bool`` is not an ``int`` here)."""
    kinds = {str: AppCommandOptionType.string, int: AppCommandOptionType.integer,
             float: AppCommandOptionType.number}
    if kind not in kinds:
        raise TypeError(f"expected int, str, or float values not {kind!r}")
    return kinds[kind]


class ChoiceTransformer(IdentityTransformer):
    """``Choice[str]`` with ``@app_commands.choices``: the chosen :class:`Choice`."""

    __tidecord_is_choice__ = True

    def __init__(self, inner: type) -> None:
        super().__init__(_option_type_of(inner))


class EnumTransformer(IdentityTransformer):
    """An ``Enum``: its members are the choices, the callback gets the member."""

    def __init__(self, enum_class: type[enum.Enum]) -> None:
        members = list(enum_class)
        if len(members) < 2:
            raise TypeError("enum.Enum requires at least two values.")
        if len(members) > 25:
            raise TypeError("enum cannot have more than 25 values")
        self._enum = enum_class
        kind = AppCommandOptionType.string
        if all(isinstance(m.value, str | int | float) for m in members):
            kind = _option_type_of(type(members[0].value))  # a bool value is refused
        # Values of mixed types are offered by name (discord.py sends them, Discord refuses).
        self._by_value = len({type(m.value) for m in members}) == 1 and (
            kind is not AppCommandOptionType.string or isinstance(members[0].value, str))
        self._choices = [Choice(name=m.name, value=m.value if self._by_value else m.name)
                         for m in members]
        super().__init__(kind if self._by_value else AppCommandOptionType.string)

    @property
    def choices(self) -> list[Choice[Any]]:
        return list(self._choices)

    @property
    def _error_display_name(self) -> str:
        return self._enum.__name__

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        return self._enum(value) if self._by_value else self._enum[value]


class MemberTransformer(IdentityTransformer):
    """A :class:`Member`: a user who is not a member of the guild is refused."""

    def __init__(self) -> None:
        super().__init__(AppCommandOptionType.user)

    @property
    def _error_display_name(self) -> str:
        return "Member"

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        if not isinstance(value, Member):
            raise TransformerError(value, self.type, self)
        return value


CHANNEL_TYPES: dict[Any, list[ChannelType]] = {
    AppCommandChannel: [ChannelType(t) for t in (13, 2, 0, 5, 4, 15, 16)],
    GuildChannel: [ChannelType(t) for t in (13, 2, 0, 5, 4, 15, 16)],
    AppCommandThread: [ChannelType(t) for t in (10, 12, 11)],
    Thread: [ChannelType(t) for t in (10, 12, 11)],
    StageChannel: [ChannelType(13)],
    VoiceChannel: [ChannelType(2)],
    TextChannel: [ChannelType(0), ChannelType(5)],
    CategoryChannel: [ChannelType(4)],
    ForumChannel: [ChannelType(15), ChannelType(16)],
}


class ChannelTransformer(IdentityTransformer):
    """Channel kinds: the cached channel (refused if not cached or of another kind);
    ``AppCommandChannel`` / ``AppCommandThread`` are handed over as Discord described them."""

    def __init__(self, *kinds: Any) -> None:
        super().__init__(AppCommandOptionType.channel)
        self._kinds = kinds
        self._types: list[ChannelType] = []
        for kind in kinds:
            for t in CHANNEL_TYPES[kind]:
                if t not in self._types:
                    self._types.append(t)
        self._raw = all(k in (AppCommandChannel, AppCommandThread) for k in kinds)

    @property
    def channel_types(self) -> list[ChannelType]:
        return list(self._types)

    @property
    def _error_display_name(self) -> str:
        names = [k.__name__ for k in self._kinds]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" or {names[-1]}"

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        if self._raw:
            return value
        resolved = value.resolve() if hasattr(value, "resolve") else value
        if resolved is None or not isinstance(resolved, self._kinds):
            raise TransformerError(value, self.type, self)
        return resolved


_BUILT_IN: dict[Any, Transformer] = {
    str: IdentityTransformer(AppCommandOptionType.string),
    int: IdentityTransformer(AppCommandOptionType.integer),
    float: IdentityTransformer(AppCommandOptionType.number),
    bool: IdentityTransformer(AppCommandOptionType.boolean),
    User: IdentityTransformer(AppCommandOptionType.user),
    Member: MemberTransformer(),
    Role: IdentityTransformer(AppCommandOptionType.role),
    Attachment: IdentityTransformer(AppCommandOptionType.attachment),
    **{kind: ChannelTransformer(kind) for kind in CHANNEL_TYPES},
}
# What a default may be, per option type (others only None).
ALLOWED_DEFAULTS: dict[AppCommandOptionType, tuple[type, ...]] = {
    AppCommandOptionType.string: (str, _NONE),
    AppCommandOptionType.integer: (int, _NONE),
    AppCommandOptionType.boolean: (bool, _NONE),
    AppCommandOptionType.number: (float, _NONE),
}


# Python 3.12's ``type Name = ...``, which stands for its value (no such type before).
_TYPE_ALIAS: Any = getattr(typing, "TypeAliasType", ())


def transformer_for(annotation: Any) -> tuple[Transformer, bool, bool]:
    """The transformer of an annotation, whether it is optional (``X | None``), and
    whether the parameter's default must be checked against the option type."""
    found = _BUILT_IN.get(annotation) if _hashable(annotation) else None
    if found is not None:
        return found, False, True
    if isinstance(annotation, Transformer):
        return annotation, False, False
    if inspect.isclass(annotation):
        if issubclass(annotation, Transformer):
            return annotation(), False, False
        if issubclass(annotation, enum.Enum):
            return EnumTransformer(annotation), False, False
        if annotation is Choice:
            raise TypeError("Choice requires a type argument of int, str, or float")
        if isinstance(annotation.__dict__.get("transform"), classmethod):
            return InlineTransformer(annotation), False, False
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:  # what Transform stands for: its first note decides
        return transformer_for(annotation.__metadata__[0])
    if origin is Literal:
        return LiteralTransformer(typing.get_args(annotation)), False, True
    if origin is Choice:
        return ChoiceTransformer(typing.get_args(annotation)[0]), False, True
    if origin not in (Union, types.UnionType):
        if isinstance(annotation, _TYPE_ALIAS):
            return transformer_for(annotation.__value__)
        raise TypeError(f"unsupported type annotation {annotation!r}")
    args = typing.get_args(annotation)
    optional = _NONE in args
    args = tuple(a for a in args if a is not _NONE)
    if len(args) == 1:
        inner, _, validate = transformer_for(args[0])
        return inner, optional, validate
    if any(_hashable(a) and a in CHANNEL_TYPES for a in args):
        if not all(_hashable(a) and a in CHANNEL_TYPES for a in args):
            raise TypeError("Union type of channels must be entirely made up of channels")
        return ChannelTransformer(*args), optional, True
    if not all(a in (Member, User, Role) for a in args):
        raise TypeError(f"unsupported types given inside {annotation!r}")
    if set(args) == {Member, User}:
        return _BUILT_IN[User], optional, True
    return IdentityTransformer(AppCommandOptionType.mentionable), optional, True


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _tuple_of_arguments(items: Any) -> None:
    """``Transform[X]`` or ``Range[int]``: one argument, not the tuple of them."""
    if not isinstance(items, tuple):
        raise TypeError(f"expected tuple for arguments, received {type(items).__name__} "
                        "instead")


class Transform:
    """``Transform[Point, PointTransformer]``: the callback receives what the transformer
    returns (type checkers see ``Point``)."""

    def __class_getitem__(cls, items: Any) -> Any:
        _tuple_of_arguments(items)
        if len(items) != 2:
            raise TypeError("Transform only accepts exactly two arguments")
        _, transformer = items
        if inspect.isclass(transformer):
            if not issubclass(transformer, Transformer):
                raise TypeError(f"second argument of Transform must be a Transformer class "
                                f"not {transformer!r}")
            transformer = transformer()
        elif not isinstance(transformer, Transformer):
            raise TypeError(f"second argument of Transform must be a Transformer "
                            f"not {type(transformer).__name__}")
        return transformer


class Range:
    """``Range[int, 1, 10]``: a number within bounds; ``Range[str, 2, 32]``: a length."""

    def __class_getitem__(cls, items: Any) -> Any:
        _tuple_of_arguments(items)
        if len(items) == 2:
            items = (*items, None)
        if len(items) != 3:
            raise TypeError("Range accepts either two or three arguments with the first "
                            "being the type of range.")
        kind, low, high = items
        return RangeTransformer(Limits.of(kind, low, high))
