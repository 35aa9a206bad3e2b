"""Running a parameter's converter: ``Union``, ``Optional``, ``Literal``, ``bool`` words,
``Greedy``, ``Range``, converter classes and plain functions, as discord.py does.

>>> await run_converters(ctx, Optional[int], "12", param)   # doctest: +SKIP
12
"""

from __future__ import annotations

from types import UnionType
from typing import Any, Literal, Union

from ...commands import Limits, resolve
from .converter import CONVERTER_MAPPING, MemberConverter, is_converter, needs_instance
from .errors import (
    BadArgument,
    BadBoolArgument,
    BadLiteralArgument,
    BadUnionArgument,
    CommandError,
    ConversionError,
    RangeError,
)

__all__ = [
    "Greedy", "Range", "convert_bool", "convert_now", "convert_with", "converter_plan",
    "is_optional", "is_sync", "is_union", "quick_lookup",
    "run_converters",
]

_TRUE = frozenset({"yes", "y", "true", "t", "1", "enable", "on"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "disable", "off"})
_NONE = type(None)
_FAILED = object()  # a Literal value type the argument did not convert to
_UNIONS = (Union, UnionType)  # one type since Python 3.14


def convert_bool(argument: str) -> bool:
    """discord.py's yes/no words: yes y true t 1 enable on, no n false f 0 disable off."""
    lowered = argument.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise BadBoolArgument(lowered)


def is_union(annotation: Any) -> bool:
    """Whether ``annotation`` is ``Union[X, Y]``, ``Optional[X]`` or ``X | Y``, on every
    Python (before 3.14 ``X | Y`` is another type, without ``__origin__``). What
    ``typing.get_origin(annotation) in _UNIONS`` says, at a third of its cost: it runs
    for every argument a union converts."""
    return isinstance(annotation, UnionType) or getattr(annotation, "__origin__", None) in _UNIONS


def is_optional(annotation: Any) -> bool:
    """Whether ``annotation`` is ``Optional[...]`` (a Union with ``None``)."""
    return is_union(annotation) and _NONE in annotation.__args__


class Greedy(list[Any]):
    """``Greedy[T]``: take as many arguments as convert to ``T``, then move on.

    ``async def ban(ctx, members: Greedy[discord.Member], *, reason)``: every
    member named, then the reason.
    """

    __slots__ = ("converter",)

    def __init__(self, *, converter: Any) -> None:
        self.converter = converter

    def __repr__(self) -> str:
        return f"Greedy[{getattr(self.converter, '__name__', repr(self.converter))}]"

    def __class_getitem__(cls, params: Any) -> Greedy:  # type: ignore[override]
        if not isinstance(params, tuple):
            params = (params,)
        if len(params) != 1:
            raise TypeError("Greedy[...] only takes a single argument")
        converter = params[0]
        args = getattr(converter, "__args__", ())
        if isinstance(converter, UnionType):
            converter = Union[args]  # noqa: UP007 - built from a runtime tuple
        origin = getattr(converter, "__origin__", None)
        if not (callable(converter) or is_converter(converter) or origin is not None):
            raise TypeError("Greedy[...] expects a type or a Converter instance.")
        if converter in (str, _NONE) or origin is Greedy:
            raise TypeError(f"Greedy[{converter.__name__}] is invalid.")
        if is_optional(converter):
            raise TypeError(f"Greedy[{converter!r}] is invalid.")
        return cls(converter=converter)

    @property
    def constructed_converter(self) -> Any:
        """The converter, instantiated when it is a converter class with a plain method."""
        converter: Any = self.converter
        if needs_instance(converter):
            return converter()
        return converter


class Range:
    """``Range[int, 1, 10]``, ``Range[float, None, 5.0]``, ``Range[str, 2, 32]`` (length):
    the value converted, then checked (:class:`RangeError` outside the bounds)."""

    def __init__(self, *, annotation: Any, min: Any = None, max: Any = None) -> None:
        self.limits = Limits.of(annotation, min, max)
        self.annotation = annotation
        self.min = self.limits.minimum
        self.max = self.limits.maximum

    async def convert(self, ctx: Any, value: str) -> Any:
        """Convert, then check the bounds."""
        try:
            converted = self.annotation(value)
        except ValueError:
            raise BadArgument(f'Converting to "{self.annotation.__name__}" failed for parameter '
                              f'"{ctx.current_parameter.name}".') from None
        if self.limits.violated(converted):
            raise RangeError(converted, minimum=self.min, maximum=self.max)
        return converted

    def __call__(self) -> None:
        # Callable, so typing accepts it inside Optional[...] and Union[...].
        pass

    def __or__(self, other: Any) -> Any:
        return Union[self, other]  # noqa: UP007 - Range is not a type

    def __repr__(self) -> str:
        return f"Range[{self.annotation.__name__}, {self.min}, {self.max}]"

    def __class_getitem__(cls, params: Any) -> Range:
        if not isinstance(params, tuple):
            raise TypeError(f"expected tuple for arguments, received {type(params).__name__} "
                            "instead")
        if len(params) == 2:
            params = (*params, None)
        elif len(params) != 3:
            raise TypeError("Range accepts either two or three arguments with the first being "
                            "the type of range.")
        annotation, low, high = params
        return cls(annotation=annotation, min=low, max=high)


def _converter_name(converter: Any) -> str:
    return getattr(converter, "__name__", type(converter).__name__)


# How a converter is applied, worked out once per converter (they are few; the
# commands using them run often). Our own converters are stateless: one instance
# serves every call. A user's converter class is instantiated for each call, as
# discord.py does, since it may keep state.
_BOOL, _STR, _SHARED, _PER_CALL, _CALL = range(5)
# converter -> (how, what to call, what a ConversionError names: as discord.py, the
# converter class, or the instance it was given).
_HOW: dict[Any, tuple[int, Any, Any]] = {}
# Converter type (exactly) -> its synchronous cache lookup (see quick_lookup).
_QUICK: dict[type, Any] = {MemberConverter: resolve.cached_member}


def _how(converter: Any) -> tuple[int, Any, Any]:
    if converter is bool:
        return _BOOL, None, bool
    if converter is str:
        return _STR, None, str
    try:
        mapped = CONVERTER_MAPPING.get(converter)
    except TypeError:  # unhashable
        mapped = None
    if mapped is not None:
        return _SHARED, mapped(), mapped
    if is_converter(converter):
        if needs_instance(converter):
            return _PER_CALL, converter, converter
        return _SHARED, converter, converter
    return _CALL, converter, converter


def converter_plan(converter: Any) -> tuple[int, Any, Any]:
    """How ``converter`` is applied (worked out once per hashable converter)."""
    try:
        return _HOW[converter]
    except KeyError:
        plan = _HOW[converter] = _how(converter)
        return plan
    except TypeError:  # an unhashable converter: worked out each time
        return _how(converter)


def quick_lookup(plan: tuple[int, Any, Any]) -> Any:
    """For our own converters that usually answer from the cache (``Member``): a
    synchronous ``lookup(ctx, argument)`` giving the value, or ``None`` when the
    converter's ``convert`` must be awaited after all. ``None`` for any other plan
    (a subclass may have overridden ``convert``)."""
    kind, target, _ = plan
    if kind is not _SHARED:
        return None
    return _QUICK.get(type(target))


def is_sync(plan: tuple[int, Any, Any]) -> bool:
    """Whether the plan converts without awaiting (``int``, ``str``, ``bool``, a function)."""
    return plan[0] in (_CALL, _STR, _BOOL)


def convert_now(plan: tuple[int, Any, Any], argument: str, param: Any) -> Any:
    """Apply a synchronous plan."""
    kind, target, _ = plan
    if kind is _STR:
        return argument
    if kind is _BOOL:
        return convert_bool(argument)
    try:
        return target(argument)
    except CommandError:
        raise
    except Exception as exc:
        raise BadArgument(f'Converting to "{_converter_name(target)}" failed for '
                          f'parameter "{param.name}".') from exc


async def convert_with(plan: tuple[int, Any, Any], ctx: Any, argument: str, param: Any) -> Any:
    """Apply a plan (awaiting its converter's ``convert`` when it has one)."""
    kind, target, named = plan
    if kind in (_CALL, _STR, _BOOL):
        return convert_now(plan, argument, param)
    if kind is _PER_CALL:
        target = target()
    try:
        return await target.convert(ctx, argument)
    except CommandError:
        raise
    except Exception as exc:
        raise ConversionError(named, exc) from exc


def _convert_one(ctx: Any, converter: Any, argument: str, param: Any) -> Any:
    return convert_with(converter_plan(converter), ctx, argument, param)


async def run_converters(ctx: Any, converter: Any, argument: str, param: Any) -> Any:
    """Convert ``argument`` for ``param`` with ``converter``, as discord.py does."""
    if is_union(converter):
        errors: list[CommandError] = []
        for option in converter.__args__:
            if option is _NONE and param.kind != param.VAR_POSITIONAL:
                # Nothing fits: the argument is left for the next parameter.
                ctx.view.undo()
                return None if param.required else await param.get_default(ctx)
            try:
                return await run_converters(ctx, option, argument, param)
            except CommandError as exc:
                errors.append(exc)
        raise BadUnionArgument(param, converter.__args__, errors)
    origin = getattr(converter, "__origin__", None)
    if origin is Literal:
        literal_errors: list[CommandError] = []
        tried: dict[type, Any] = {}
        for value in converter.__args__:
            kind = type(value)
            if kind not in tried:
                try:
                    tried[kind] = await _convert_one(ctx, kind, argument, param)
                except CommandError as exc:
                    literal_errors.append(exc)
                    tried[kind] = _FAILED
                    continue
            if tried[kind] == value:
                return tried[kind]
        raise BadLiteralArgument(param, converter.__args__, literal_errors, argument)
    if origin is not None and not isinstance(converter, Range):
        converter = origin  # list[int] and friends: the container type itself
    return await _convert_one(ctx, converter, argument, param)

