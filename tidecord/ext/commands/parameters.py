"""A command's parameters: read from its signature, with discord.py's extras.

``commands.param(converter=..., default=..., description=..., displayed_default=...,
displayed_name=...)`` as a default value describes a parameter; ``Author``,
``CurrentChannel`` and ``CurrentGuild`` default to where the command was used.
Annotations are evaluated once, when the command is made: string annotations (``from
__future__ import annotations``), ``X | None`` (as ``Optional[X]``), ``Annotated[T,
converter]`` (the converter), ``Literal`` values.
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable
from operator import attrgetter
from typing import Any, Literal, Union

from ...models import Member, User
from ...models.kinds import DMChannel, TextChannel, Thread, VoiceChannel
from ...utils import maybe_coroutine
from .conversion import Greedy, is_union
from .converter import GuildConverter
from .errors import NoPrivateMessage

__all__ = [
    "Author",
    "CurrentChannel",
    "CurrentGuild",
    "Parameter",
    "evaluate_annotation",
    "param",
    "parameter",
    "signature_parameters",
    "unwrap_function",
]

empty: Any = inspect.Parameter.empty
_KEEP: Any = object()  # replace(): "leave this field as it is"


class Parameter(inspect.Parameter):
    """A command parameter: ``inspect.Parameter`` plus a description and how help shows it."""

    __slots__ = ("_description", "_displayed_default", "_displayed_name", "_fallback")

    def __init__(self, name: str, kind: Any, default: Any = empty, annotation: Any = empty,
                 description: Any = empty, displayed_default: Any = empty,
                 displayed_name: Any = empty) -> None:
        super().__init__(name=name, kind=kind, default=default, annotation=annotation)
        self._description = description
        self._displayed_default = displayed_default
        self._displayed_name = displayed_name
        # A default's annotation used only when the parameter has none of its own.
        self._fallback = False

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} required={self.required}>"

    def replace(self, *, name: Any = _KEEP, kind: Any = _KEEP,
                default: Any = _KEEP, annotation: Any = _KEEP, description: Any = _KEEP,
                displayed_default: Any = _KEEP, displayed_name: Any = _KEEP) -> Parameter:
        """A copy with some fields changed (``empty`` is a value here: it clears one)."""

        def pick(given: Any, current: Any) -> Any:
            return current if given is _KEEP else given

        made = type(self)(
            name=pick(name, self.name), kind=pick(kind, self.kind),
            default=pick(default, self.default), annotation=pick(annotation, self.annotation),
            description=pick(description, self._description),
            displayed_default=pick(displayed_default, self._displayed_default),
            displayed_name=pick(displayed_name, self._displayed_name),
        )
        made._fallback = self._fallback
        return made

    @property
    def required(self) -> bool:
        """Whether the parameter has no default."""
        return self.default is empty

    @property
    def converter(self) -> Any:
        """What converts the argument: the annotation, else the default's type, else ``str``."""
        if self.annotation is empty:
            return type(self.default) if self.default not in (empty, None) else str
        return self.annotation

    @property
    def description(self) -> str | None:
        """The description help shows."""
        return None if self._description is empty else self._description

    @property
    def displayed_default(self) -> str | None:
        """The default as help shows it (``None``: not shown)."""
        if self._displayed_default is not empty:
            return self._displayed_default  # type: ignore[no-any-return]
        if self.required or callable(self.default) or self.default is None:
            return None
        return str(self.default)

    @property
    def displayed_name(self) -> str | None:
        """The name help and errors show, if not the parameter's own."""
        return None if self._displayed_name is empty else self._displayed_name

    async def get_default(self, ctx: Any) -> Any:
        """The default for ``ctx``: called (and awaited) when it is a function."""
        if callable(self.default):
            return await maybe_coroutine(self.default, ctx)
        return self.default


def parameter(*, converter: Any = empty, default: Any = empty, description: Any = empty,
              displayed_default: Any = empty, displayed_name: Any = empty) -> Any:
    """Describe a parameter where its default goes::

        async def kick(ctx, member: discord.Member, reason: str = commands.param(
                default="no reason", description="Why")): ...
    """
    if isinstance(default, Parameter):
        if displayed_default is empty:
            displayed_default = default._displayed_default
        default = default.default
    return Parameter(name="empty", kind=inspect.Parameter.POSITIONAL_OR_KEYWORD,
                     annotation=converter, default=default, description=description,
                     displayed_default=displayed_default, displayed_name=displayed_name)


param = parameter


def _fallback(made: Parameter) -> Parameter:
    made._fallback = True
    return made


Author = _fallback(parameter(default=attrgetter("author"), displayed_default="<you>",
                             converter=Member | User))
CurrentChannel = _fallback(parameter(
    default=attrgetter("channel"), displayed_default="<this channel>",
    converter=TextChannel | DMChannel | Thread | VoiceChannel))


def _current_guild(ctx: Any) -> Any:
    if ctx.guild is not None:
        return ctx.guild
    raise NoPrivateMessage()


CurrentGuild = _fallback(parameter(default=_current_guild, displayed_default="<this server>",
                                   converter=GuildConverter))


def unwrap_function(function: Any) -> Any:
    """The function under decorators and ``functools.partial``."""
    while True:
        if hasattr(function, "__wrapped__"):
            function = function.__wrapped__
        elif isinstance(function, functools.partial):
            function = function.func
        else:
            return function


_LITERAL_VALUES = (str, int, bool, type(None))
# Python 3.12's ``type Name = ...``, which stands for its value (no such type before).
_TYPE_ALIAS: Any = getattr(typing, "TypeAliasType", ())


def evaluate_annotation(tp: Any, globalns: dict[str, Any], cache: dict[str, Any],
                        *, implicit_str: bool = True) -> Any:
    """An annotation as the framework uses it (see the module docstring)."""
    if isinstance(tp, typing.ForwardRef):
        tp, implicit_str = tp.__forward_arg__, True
    if implicit_str and isinstance(tp, str):
        if tp not in cache:
            cache[tp] = evaluate_annotation(eval(tp, globalns, globalns), globalns, cache)
        return cache[tp]
    if isinstance(tp, _TYPE_ALIAS):
        return evaluate_annotation(tp.__value__, globalns, cache)
    if hasattr(tp, "__supertype__"):  # typing.NewType
        return evaluate_annotation(tp.__supertype__, globalns, cache)
    if hasattr(tp, "__metadata__"):  # Annotated[X, converter]: the converter
        return evaluate_annotation(tp.__metadata__[0], globalns, cache)
    args = getattr(tp, "__args__", None)
    if args is None:
        return tp
    origin = getattr(tp, "__origin__", None)
    if origin is None:
        if isinstance(tp, types.UnionType):
            return evaluate_annotation(Union[args], globalns, cache)  # noqa: UP007
        return tp
    if is_union(tp) and type(None) in args:
        # None goes last, so "Optional" is recognised wherever it was written.
        args = (*(a for a in args if a is not type(None)), type(None))
    literal = origin is Literal
    evaluated = tuple(evaluate_annotation(a, globalns, cache, implicit_str=not literal)
                      for a in args)
    if literal and not all(isinstance(v, _LITERAL_VALUES) for v in evaluated):
        raise TypeError("Literal arguments must be of type str, int, bool, or NoneType.")
    try:
        return tp.copy_with(evaluated)
    except AttributeError:
        return origin[evaluated]


def _inside_class(function: Callable[..., Any]) -> bool:
    # A method's qualified name is dotted (``Cog.cmd``); a nested function's too,
    # but through ``<locals>``.
    if function.__qualname__ == function.__name__:
        return False
    owner, _, _ = function.__qualname__.rpartition(".")
    return not owner.endswith("<locals>")


def signature_parameters(function: Callable[..., Any], globalns: dict[str, Any], *,
                         skip: int | None = None) -> dict[str, Parameter]:
    """The parameters users fill in: after ``ctx`` (and ``self`` in a cog)."""
    signature = inspect.signature(function)
    required = (_inside_class(function) + 1) if skip is None else skip
    if len(signature.parameters) < required:
        raise TypeError(f"Command signature requires at least {required - 1} parameter(s)")
    params: dict[str, Parameter] = {}
    cache: dict[str, Any] = {}
    for name, plain in list(signature.parameters.items())[required:]:
        made = Parameter(name, plain.kind, plain.default, plain.annotation)
        given = plain.default
        if isinstance(given, Parameter):
            if given.annotation is not empty and (not given._fallback
                                                  or plain.annotation is empty):
                made = made.replace(annotation=given.annotation)
            made = made.replace(default=given.default, description=given._description,
                                displayed_default=given._displayed_default,
                                displayed_name=given._displayed_name)
        annotation = made.annotation
        if annotation is None:
            params[name] = made.replace(annotation=type(None))
            continue
        if annotation is not empty:
            annotation = evaluate_annotation(annotation, globalns, cache)
            if annotation is Greedy:
                raise TypeError("Unparameterized Greedy[...] is disallowed in signature.")
        params[name] = made.replace(annotation=annotation)
    return params
