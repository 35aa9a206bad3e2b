"""A hybrid command's slash options, made from its prefix parameters.

What slash commands take natively stays native: ``str``, ``int``, ``float``, ``bool``,
``Member``, ``User``, ``Role``, channel kinds, ``Attachment``, ``Literal``, ``Enum``,
``commands.Range`` (as ``app_commands.Range``), ``Optional[...]``, transformers.
Discord resolves those; everything else becomes a text option read by the prefix
side's own converter, through the core's lookups (``Message``, ``Emoji``, ``Guild``,
``Colour``, your ``Converter`` classes, plain functions); ``Greedy[T]`` a text option
split into words; a ``FlagConverter`` one option per flag. What neither side can
take (``*args``, ``list[T]``, a ``Union`` of converters) raises TypeError when the
command is made, as discord.py does.
"""

from __future__ import annotations

import inspect
import types
import typing
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from ....app_commands import Transformer
from ....app_commands.parameters import MISSING, CommandParameter
from ....app_commands.transformers import ALLOWED_DEFAULTS, RangeTransformer, transformer_for
from ....commands import docstrings
from ....models import Attachment
from ...commands.conversion import Greedy, Range, run_converters
from ...commands.converter import CONVERTER_MAPPING, is_converter
from ...commands.errors import BadArgument, CommandError
from ...commands.view import StringView

if TYPE_CHECKING:
    from ....interactions import Interaction

__all__ = ["CallableDefault", "FlagOption", "slash_parameters"]

_NONE = type(None)
_EMPTY = inspect.Parameter.empty


class CallableDefault:
    """A default computed for each use (``commands.Author``, a function of ``ctx``)."""

    __slots__ = ("func",)

    def __init__(self, func: Any) -> None:
        self.func = func

    def __repr__(self) -> str:
        return f"<computed default {getattr(self.func, '__name__', self.func)!r}>"


class FlagOption(NamedTuple):
    """A FlagConverter parameter spread over one option per flag."""

    parameter: str
    flags: Any  # a FlagConverter class


class _Converted(Transformer):
    """A text option read by a prefix converter, with the command's Context."""

    def __init__(self, converter: Any, parameter: Any) -> None:
        self.converter = converter
        self.parameter = parameter

    @property
    def _error_display_name(self) -> str:
        return getattr(self.converter, "__name__", type(self.converter).__name__)

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        ctx = interaction._baton
        ctx.current_parameter = self.parameter
        ctx.current_argument = value
        return await run_converters(ctx, self.converter, value, self.parameter)


class _Greedy(_Converted):
    """``Greedy[T]``: the text split as a prefix command splits it, each word converted."""

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        ctx = interaction._baton
        ctx.current_parameter = self.parameter
        view = StringView(value)
        found: list[Any] = []
        while True:
            view.skip_ws()
            ctx.current_argument = word = view.get_quoted_word()
            if word is None:
                return found
            found.append(await run_converters(ctx, self.converter, word, self.parameter))


class _Called(Transformer):
    """A plain function of the text (``def lower(text): ...``)."""

    def __init__(self, func: Any) -> None:
        self.func = func

    async def transform(self, interaction: Interaction[Any], value: Any, /) -> Any:
        try:
            return self.func(value)
        except CommandError:
            raise
        except Exception as exc:
            raise BadArgument(f'Converting to "{self.func.__name__}" failed') from exc


def _one_argument(func: Any) -> bool:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return sum(p.default is _EMPTY for p in params) == 1


def _transformer(converter: Any, parameter: Any) -> tuple[Transformer, bool, bool]:
    """The option for ``converter``, whether it may be left out (``Optional``), and
    whether a default must be of its type (for what slash commands take natively)."""
    try:
        return transformer_for(converter)
    except TypeError:
        pass
    if isinstance(converter, Range):
        return RangeTransformer(converter.limits), False, False
    if isinstance(converter, Greedy):
        if converter.converter is Attachment:
            raise TypeError("discord.Attachment with Greedy is not supported in hybrid "
                            "commands")
        return _Greedy(converter.constructed_converter, parameter), False, False
    if is_converter(converter) or _mapped(converter):
        return _Converted(converter, parameter), False, False
    origin = typing.get_origin(converter)
    if origin in (Union, types.UnionType):
        args = typing.get_args(converter)
        if len(args) == 2 and args[-1] is _NONE:
            return _transformer(args[0], parameter)[0], True, False
        raise TypeError(f"unsupported types given inside {converter!r}")  # discord.py's
    if origin is None and callable(converter) and not inspect.isclass(converter) \
            and _one_argument(converter):
        return _Called(converter), False, False
    raise TypeError(f"unsupported type annotation {converter!r}")


def _mapped(converter: Any) -> bool:
    try:
        return converter in CONVERTER_MAPPING
    except TypeError:  # unhashable
        return False


def _option(name: str, converter: Any, default: Any, parameter: Any) -> CommandParameter:
    transformer, optional, typed = _transformer(converter, parameter)
    if default is _EMPTY:
        default = None if optional else MISSING
    elif callable(default) and not isinstance(default, type):
        default = CallableDefault(default)
    elif typed:  # as a slash command's: Discord could not show another type's default
        allowed = ALLOWED_DEFAULTS.get(transformer.type, (_NONE,))
        if not isinstance(default, allowed):
            raise TypeError(f"invalid default parameter type given ({type(default)}), "
                            f"expected {allowed}")
    return CommandParameter(name, transformer, default=default, required=default is MISSING)


def slash_parameters(command: Any) -> tuple[dict[str, CommandParameter], FlagOption | None]:
    """The slash options of prefix ``command`` (required ones first), described from
    flag descriptions and the docstring; and the
    FlagConverter parameter spread into options, if any."""
    out: dict[str, CommandParameter] = {}
    described: dict[str, str] = {}
    renames: dict[str, str] = {}
    flag_option: FlagOption | None = None
    for name, param in command.params.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD, param.POSITIONAL_ONLY):
            raise TypeError(f"unsupported parameter kind in callback: {param.kind!s}")
        converter = param.converter
        if not hasattr(converter, "__commands_is_flag__"):
            # ``commands.param(description=...)`` is for the help command only: discord.py
            # shows "…" for it on the slash side too.
            out[name] = _option(name, converter, param.default, param)
            continue
        flag_option = FlagOption(name, converter)
        for flag in converter.__commands_flags__.values():
            if flag.attribute in command.params:
                raise TypeError(f"{flag.attribute!r} flag would shadow a pre-existing "
                                "parameter")
            out[flag.attribute] = _option(flag.attribute, flag.annotation,
                                          _EMPTY if flag.required else flag.default, param)
            if flag.description:
                described[flag.attribute] = flag.description
            if flag.name != flag.attribute:
                renames[flag.attribute] = flag.name
    written = docstrings.parameter_descriptions(inspect.getdoc(command.callback), out)
    for name, text in {**written, **described}.items():
        out[name].description = docstrings.shorten(text)
    for name, shown in renames.items():
        out[name].rename(shown)
    return dict(sorted(out.items(), key=lambda item: not item[1].required)), flag_option
