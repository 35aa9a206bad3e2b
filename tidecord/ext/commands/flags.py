"""``FlagConverter``: ``name: value`` arguments, declared as a class.

::

    class BanFlags(commands.FlagConverter, prefix="--", delimiter=" "):
        member: discord.Member
        reason: str = "no reason"
        days: int = commands.flag(name="delete_days", aliases=["d"], default=0)

    @bot.command()
    async def ban(ctx, *, flags: BanFlags): ...       # !ban --member bob --d 1

Class keywords: ``prefix``, ``delimiter`` (``":"`` by default), ``case_insensitive``.
A flag annotated ``list[T]`` may be given many times; ``tuple[...]`` takes several
words; ``dict[K, V]`` pairs; ``Optional[T]`` defaults to ``None``; ``positional=True``
takes the text before the first flag.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterator
from typing import Any, Literal, Self, Union

from ...utils import maybe_coroutine
from .conversion import is_optional, is_union, run_converters
from .errors import (
    BadFlagArgument,
    MissingFlagArgument,
    MissingRequiredFlag,
    TooManyArguments,
    TooManyFlags,
)
from .parameters import evaluate_annotation
from .view import StringView

__all__ = ["Flag", "FlagConverter", "flag"]

class _Missing:
    def __repr__(self) -> str:
        return "..."

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


@dataclasses.dataclass
class Flag:
    """One flag: its name, aliases, attribute, annotation, default, ``max_args``
    (``-1``: any number), ``override`` (the last value wins), ``positional``."""

    name: str = MISSING
    aliases: list[str] = dataclasses.field(default_factory=list)
    attribute: str = MISSING
    annotation: Any = MISSING
    default: Any = MISSING
    max_args: int = MISSING
    override: bool = MISSING
    description: str = MISSING
    positional: bool = MISSING
    cast_to_dict: bool = False

    @property
    def required(self) -> bool:
        """Whether the flag has no default."""
        return self.default is MISSING


def flag(*, name: str = MISSING, aliases: list[str] = MISSING, default: Any = MISSING,
         max_args: int = MISSING, override: bool = MISSING, converter: Any = MISSING,
         description: str = MISSING, positional: bool = MISSING) -> Any:
    """Describe a flag where its default goes (``days: int = commands.flag(...)``)."""
    return Flag(name=name, aliases=aliases, default=default, max_args=max_args,
                override=override, annotation=converter, description=description,
                positional=positional)


def _annotations(namespace: dict[str, Any]) -> dict[str, Any]:
    try:  # Python 3.14: annotations are evaluated lazily
        from annotationlib import (  # type: ignore[import-not-found,unused-ignore]
            call_annotate_function,
            get_annotate_from_class_namespace,
        )
    except ImportError:
        return dict(namespace.get("__annotations__", {}))
    annotate = get_annotate_from_class_namespace(namespace)
    if annotate is not None:
        return dict(call_annotate_function(annotate, 3))  # 3: FORWARDREF
    return dict(namespace.get("__annotations__", {}))


def _validate_name(name: str, forbidden: set[str]) -> None:
    if not name:
        raise ValueError("flag names should not be empty")
    for char in name:
        if char.isspace():
            raise ValueError(f"flag name {name!r} cannot have spaces")
        if char == "\\":
            raise ValueError(f"flag name {name!r} cannot have backslashes")
        if char in forbidden:
            raise ValueError(f"flag name {name!r} cannot have any of {forbidden!r} within them")


def _complete(flag: Flag) -> None:
    """Fill ``max_args``, ``override`` and implied defaults from the annotation."""
    annotation = flag.annotation
    if flag.default is MISSING and hasattr(annotation, "__commands_is_flag__") \
            and annotation._can_be_constructible():
        flag.default = annotation._construct_default
    if flag.aliases is MISSING:
        flag.aliases = []
    origin = getattr(annotation, "__origin__", None)
    many = 1
    if is_union(annotation):
        if annotation.__args__[-1] is type(None) and flag.default is MISSING:
            flag.default = None
    elif origin is list:
        many = -1
    elif origin is dict:
        flag.cast_to_dict = True
        many = -1
        if flag.override is MISSING:
            flag.override = True
    elif origin not in (None, tuple, Literal):
        raise TypeError(f"Unsupported typing annotation {annotation!r} for {flag.name!r} flag")
    if flag.max_args is MISSING:
        flag.max_args = many
    if flag.override is MISSING:
        flag.override = False


def get_flags(namespace: dict[str, Any], globalns: dict[str, Any],
              case_insensitive: bool) -> dict[str, Flag]:
    """The flags a class body declares."""
    flags: dict[str, Flag] = {}
    names: set[str] = set()
    positional: Flag | None = None
    cache: dict[str, Any] = {}
    for attribute, annotation in _annotations(namespace).items():
        given = namespace.pop(attribute, MISSING)
        if isinstance(given, Flag):
            made = given
            if made.annotation is MISSING:
                made.annotation = annotation
        else:
            made = Flag(name=attribute, annotation=annotation, default=given)
        made.attribute = attribute
        if made.name is MISSING:
            made.name = attribute
        if made.positional:
            if positional is not None:
                raise TypeError(f"{made.name!r} positional flag conflicts with "
                                f"{positional.name!r} flag.")
            positional = made
        made.annotation = evaluate_annotation(made.annotation, globalns, cache)
        _complete(made)
        for index, key in enumerate((made.name, *made.aliases)):
            folded = key.casefold() if case_insensitive else key
            if folded in names:
                # As discord.py's: an alias is named as compared (case-folded).
                what = f"flag alias {folded!r}" if index else "flag"
                raise TypeError(f"{made.name!r} {what} conflicts with previous flag or alias.")
            names.add(folded)
        flags[made.name] = made
    return flags


class FlagsMeta(type):
    """Reads a ``FlagConverter`` class body into its flags and their pattern."""

    __commands_is_flag__: bool
    __commands_flags__: dict[str, Flag]
    __commands_flag_aliases__: dict[str, str]
    __commands_flag_regex__: re.Pattern[str]
    __commands_flag_case_insensitive__: bool
    __commands_flag_delimiter__: str
    __commands_flag_prefix__: str
    __commands_flag_positional__: Flag | None

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any], *,
                case_insensitive: bool = MISSING, delimiter: str = MISSING,
                prefix: str = MISSING) -> FlagsMeta:
        attrs["__commands_is_flag__"] = True
        module = sys.modules.get(attrs.get("__module__", ""))
        globalns = vars(module) if module is not None else {}
        flags: dict[str, Flag] = {}
        aliases: dict[str, str] = {}
        settings: dict[str, Any] = {"case_insensitive": case_insensitive,
                                    "delimiter": delimiter, "prefix": prefix}
        for base in reversed(bases):
            if base.__dict__.get("__commands_is_flag__", False):
                flags.update(base.__dict__["__commands_flags__"])
                aliases.update(base.__dict__["__commands_flag_aliases__"])
                for key, value in settings.items():
                    if value is MISSING:
                        settings[key] = base.__dict__[f"__commands_flag_{key}__"]
        case_insensitive = settings["case_insensitive"] is True
        delimiter = ":" if settings["delimiter"] is MISSING else str(settings["delimiter"])
        prefix = "" if settings["prefix"] is MISSING else str(settings["prefix"])
        attrs["__commands_flag_case_insensitive__"] = case_insensitive
        attrs["__commands_flag_delimiter__"] = delimiter
        attrs["__commands_flag_prefix__"] = prefix
        positional: Flag | None = None
        for flag_name, made in get_flags(attrs, globalns, case_insensitive).items():
            flags[flag_name] = made
            aliases.update({alias: flag_name for alias in made.aliases})
            if made.positional:
                positional = made
        attrs["__commands_flag_positional__"] = positional
        forbidden = set(delimiter).union(prefix)
        for key in [*flags, *aliases]:
            _validate_name(key, forbidden)
        regex_flags = 0
        if case_insensitive:
            flags = {k.casefold(): v for k, v in flags.items()}
            aliases = {k.casefold(): v.casefold() for k, v in aliases.items()}
            regex_flags = re.IGNORECASE
        keys = sorted((re.escape(k) for k in [*flags, *aliases]), key=len, reverse=True)
        attrs["__commands_flag_regex__"] = re.compile(
            f"(({re.escape(prefix)})(?P<flag>{'|'.join(keys)}){re.escape(delimiter)})",
            regex_flags)
        attrs["__commands_flags__"] = flags
        attrs["__commands_flag_aliases__"] = aliases
        return type.__new__(mcs, name, bases, attrs)


async def _convert_words(ctx: Any, argument: str, made: Flag, converters: Any,
                         exact: bool) -> tuple[Any, ...]:
    # tuple[int, ...] (every word, ``exact`` off) or tuple[int, str] (one word each).
    view = StringView(argument)
    results = []
    param = ctx.current_parameter
    for converter in converters:
        view.skip_ws()
        if view.eof:
            break
        word = view.get_quoted_word()
        if word is None:
            break
        try:
            results.append(await run_converters(ctx, converter, word, param))
        except Exception as exc:
            raise BadFlagArgument(made, word, exc) from exc
    if exact and len(results) != len(converters):
        raise MissingFlagArgument(made)
    return tuple(results)


class _Repeat:
    """``converter`` for as many words as there are."""

    def __init__(self, converter: Any) -> None:
        self.converter = converter

    def __iter__(self) -> Iterator[Any]:
        while True:
            yield self.converter


async def convert_flag(ctx: Any, argument: str, made: Flag, annotation: Any = None) -> Any:
    """One value of ``made`` from its text."""
    annotation = annotation or made.annotation
    origin = getattr(annotation, "__origin__", None)
    if origin is tuple:
        args = annotation.__args__
        if args[-1] is Ellipsis:
            return await _convert_words(ctx, argument, made, _Repeat(args[0]), exact=False)
        return await _convert_words(ctx, argument, made, args, exact=True)
    if origin is list:
        return await convert_flag(ctx, argument, made, annotation.__args__[0])
    if is_optional(annotation):
        inner: Any = Union[tuple(a for a in annotation.__args__ if a is not type(None))]  # noqa: UP007
        return await run_converters(ctx, inner, argument, ctx.current_parameter)
    if origin is dict:
        return await _convert_words(ctx, argument, made, annotation.__args__, exact=True)
    try:
        return await run_converters(ctx, annotation, argument, ctx.current_parameter)
    except Exception as exc:
        raise BadFlagArgument(made, argument, exc) from exc


class FlagConverter(metaclass=FlagsMeta):
    """Base of flag classes (see the module docstring)."""

    @classmethod
    def get_flags(cls) -> dict[str, Flag]:
        """The flags, by name."""
        return cls.__commands_flags__.copy()

    @classmethod
    def _can_be_constructible(cls) -> bool:
        return all(not f.required for f in cls.__commands_flags__.values())

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        for made in type(self).__commands_flags__.values():
            yield made.name, getattr(self, made.attribute)

    @classmethod
    async def _construct_default(cls, ctx: Any) -> Self:
        self = cls.__new__(cls)
        for made in cls.__commands_flags__.values():
            setattr(self, made.attribute, await _default_of(made, ctx))
        return self

    def __repr__(self) -> str:
        pairs = " ".join(f"{f.attribute}={getattr(self, f.attribute)!r}"
                         for f in self.get_flags().values())
        return f"<{type(self).__name__} {pairs}>"

    @classmethod
    def parse_flags(cls, argument: str, *, ignore_extra: bool = True) -> dict[str, list[str]]:
        """The text of each flag's values, by flag name."""
        result: dict[str, list[str]] = {}
        flags = cls.__commands_flags__
        aliases = cls.__commands_flag_aliases__
        folded = cls.__commands_flag_case_insensitive__
        pattern = cls.__commands_flag_regex__
        last_position = 0
        last_flag: Flag | None = None

        def keep(made: Flag, value: str) -> None:
            key = made.name.casefold() if folded else made.name
            result.setdefault(key, []).append(value)

        positional = cls.__commands_flag_positional__
        if positional is not None:
            first = pattern.search(argument)
            value = argument[:first.start()].strip() if first else argument.strip()
            if first is None:
                last_position = len(argument)
            if value:
                keep(positional, value)
        for match in pattern.finditer(argument):
            begin, end = match.span(0)
            key = match.group("flag")
            if folded:
                key = key.casefold()
            key = aliases.get(key, key)
            if last_position and last_flag is not None:
                value = argument[last_position:begin - 1].lstrip()
                if not value:
                    raise MissingFlagArgument(last_flag)
                keep(last_flag, value)
            last_position = end
            last_flag = flags.get(key)
        value = argument[last_position:].strip()
        if last_flag is not None:
            if not value:
                raise MissingFlagArgument(last_flag)
            keep(last_flag, value)
        elif value and not ignore_extra:
            raise TooManyArguments(f"Too many arguments passed to {cls.__name__}")
        return result

    @classmethod
    async def convert(cls, ctx: Any, argument: str) -> Self:
        """Parse and convert every flag (``MissingRequiredFlag``, ``TooManyFlags``...)."""
        ignore_extra = True
        param = ctx.current_parameter
        if ctx.command is not None and param is not None and param.kind == param.KEYWORD_ONLY:
            ignore_extra = ctx.command.ignore_extra
        given = cls.parse_flags(argument, ignore_extra=ignore_extra)
        self = cls.__new__(cls)
        for key, made in cls.__commands_flags__.items():
            values = given.get(key)
            if values is None:
                if made.required:
                    raise MissingRequiredFlag(made)
                setattr(self, made.attribute, await _default_of(made, ctx))
                continue
            if 0 < made.max_args < len(values):
                if not made.override:
                    raise TooManyFlags(made, values)
                values = values[-made.max_args:]
            if made.max_args == 1:
                setattr(self, made.attribute, await convert_flag(ctx, values[0], made))
                continue
            converted = [await convert_flag(ctx, v, made) for v in values]
            setattr(self, made.attribute, dict(converted) if made.cast_to_dict else converted)
        return self


async def _default_of(made: Flag, ctx: Any) -> Any:
    if callable(made.default):
        return await maybe_coroutine(made.default, ctx)
    return made.default
