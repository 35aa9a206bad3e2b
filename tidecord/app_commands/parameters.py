"""A command's parameters, read from its callback: names, annotations, defaults, docstring.

Each becomes a :class:`CommandParameter` (discord.py's name): the option Discord
shows, and the transformer that turns the option's value back into what the callback
receives; ``command.parameters`` hands out read-only :class:`Parameter` views of them,
as discord.py does. ``describe``, ``rename``, ``choices`` and ``autocomplete``
decorators fill in the rest.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..commands import docstrings
from ..models import ChannelType
from .base import check_name
from .enums import AppCommandOptionType
from .errors import AppCommandError, TransformerError
from .models import Choice
from .transformers import ALLOWED_DEFAULTS, Transformer, transformer_for
from .translator import locale_str

if TYPE_CHECKING:
    from ..interactions import Interaction

__all__ = ["MISSING", "TYPED_BY_HAND", "CommandParameter", "Parameter", "extract_parameters",
           "is_inside_class", "may_autocomplete"]

class _Missing:
    def __repr__(self) -> str:
        return "..."  # discord.py's MISSING reads so

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


class CommandParameter:
    """One option of a command, and how its value reaches the callback."""

    def __init__(self, name: str, transformer: Transformer, *, default: Any = MISSING,
                 required: bool = True) -> None:
        self.name = name
        self._rename: str | locale_str | Any = MISSING
        self.description: str | locale_str = "…"
        self.transformer = transformer
        self.type: AppCommandOptionType = transformer.type
        self.default = default
        self.required = required
        self.choices: list[Choice[Any]] = list(transformer.choices or [])
        self.channel_types: list[ChannelType] = list(transformer.channel_types)
        self.min_value = transformer.min_value
        self.max_value = transformer.max_value
        self.autocomplete: Callable[..., Any] | None = (
            transformer.autocomplete if transformer.has_autocomplete() else None)

    @property
    def display_name(self) -> str:
        """The name Discord shows (the renamed one)."""
        return self.name if self._rename is MISSING else str(self._rename)

    @property
    def locale_name(self) -> Any:
        """The name as given (a :class:`locale_str` for translation)."""
        return self.name if self._rename is MISSING else self._rename

    def rename(self, value: str | locale_str) -> None:
        """Show the parameter under another name (``@app_commands.rename``)."""
        check_name(str(value))
        self._rename = value

    def to_dict(self) -> dict[str, Any]:
        """The option as Discord takes it."""
        data: dict[str, Any] = {"type": int(self.type), "name": self.display_name,
                                "description": str(self.description),
                                "required": self.required}
        if self.choices:
            data["choices"] = [c.to_dict() for c in self.choices]
        if self.channel_types:
            data["channel_types"] = [int(t) for t in self.channel_types]
        if self.autocomplete is not None:
            data["autocomplete"] = True
        low, high = ("min_length", "max_length") if self.type == AppCommandOptionType.string \
            else ("min_value", "max_value")
        if self.min_value is not None:
            data[low] = self.min_value
        if self.max_value is not None:
            data[high] = self.max_value
        return data

    async def transform(self, interaction: Interaction[Any], value: Any) -> Any:
        """What the callback receives for the value Discord sent."""
        if self.transformer.__tidecord_is_choice__:
            found = next((c for c in self.choices if c.value == value), None)
            if found is None:
                raise TransformerError(value, self.type, self.transformer)
            return found
        try:
            result = self.transformer.transform(interaction, value)
            if inspect.isawaitable(result):
                result = await result
        except AppCommandError:
            raise
        except Exception as exc:
            raise TransformerError(value, self.type, self.transformer) from exc
        return result

    def __repr__(self) -> str:
        return f"<Parameter name={self.name!r} type={self.type!r} required={self.required}>"


class Parameter:
    """A command's parameter as ``command.parameters`` hands it out (read-only), with the
    ``command`` it belongs to."""

    __slots__ = ("_command", "_parent")

    def __init__(self, parent: CommandParameter, command: Any) -> None:
        self._parent = parent
        self._command = command

    @property
    def command(self) -> Any:
        """The command the parameter belongs to."""
        return self._command

    @property
    def name(self) -> str:
        """The name in the callback."""
        return self._parent.name

    @property
    def display_name(self) -> str:
        """The name Discord shows (the renamed one)."""
        return self._parent.display_name

    @property
    def required(self) -> bool:
        """Whether the option must be filled in."""
        return self._parent.required

    @property
    def description(self) -> str:
        """The option's description."""
        return str(self._parent.description)

    def _as_locale_str(self, text: Any, plain: str) -> locale_str | None:
        # A command made with auto_locale_strings (the default) makes one of any text.
        if isinstance(text, locale_str):
            return text
        return locale_str(plain) if getattr(self._command, "_auto_locale_strings", True) \
            else None

    @property
    def locale_name(self) -> locale_str | None:
        """The name as a :class:`locale_str` (``None`` for a plain one when the command
        was made with ``auto_locale_strings=False``)."""
        return self._as_locale_str(self._parent._rename, self.display_name)

    @property
    def locale_description(self) -> locale_str | None:
        """The description as a :class:`locale_str`, as :attr:`locale_name`."""
        return self._as_locale_str(self._parent.description, self.description)

    @property
    def autocomplete(self) -> bool:
        """Whether the option offers choices while typed."""
        return self._parent.autocomplete is not None

    @property
    def default(self) -> Any:
        """What the callback receives when the option is left out."""
        return self._parent.default

    @property
    def type(self) -> AppCommandOptionType:
        """The option's type."""
        return self._parent.type

    @property
    def choices(self) -> list[Choice[Any]]:
        """The fixed choices, if any."""
        return list(self._parent.choices)

    @property
    def channel_types(self) -> list[ChannelType]:
        """The channel kinds a channel option takes."""
        return list(self._parent.channel_types)

    @property
    def min_value(self) -> int | float | None:
        """The smallest number, or shortest text, allowed."""
        return self._parent.min_value

    @property
    def max_value(self) -> int | float | None:
        """The largest number, or longest text, allowed."""
        return self._parent.max_value


def is_inside_class(func: Callable[..., Any]) -> bool:
    """Whether ``func`` was written in a class body (then it takes ``self`` first)."""
    if func.__qualname__ == func.__name__:
        return False
    remaining, _, _ = func.__qualname__.rpartition(".")
    return not remaining.endswith("<locals>")

TYPED_BY_HAND = (AppCommandOptionType.string, AppCommandOptionType.integer,
                  AppCommandOptionType.number)
"""The option types a person types a value of: the only ones with choices or
autocomplete."""


def may_autocomplete(param: CommandParameter, callback: Callable[..., Any]) -> None:
    """Refuse autocomplete where Discord and discord.py do: an option picked rather than
    typed, one with choices (a ``Choice`` annotation names them too), or a callback not
    taking ``(interaction, current)`` (and ``self`` if written in a class)."""
    if param.type not in TYPED_BY_HAND:
        raise TypeError("autocomplete is only supported for integer, string, or number "
                        "option types")
    if param.transformer.__tidecord_is_choice__:
        raise TypeError("Choice annotation unsupported for autocomplete parameters, consider "
                        "using a regular annotation instead")
    wanted = 2 if getattr(callback, "__self__", None) is not None else (
        2 + is_inside_class(callback))
    if len(inspect.signature(callback).parameters) != wanted:
        raise TypeError(f"autocomplete callback {callback.__qualname__!r} requires either 2 "
                        "or 3 parameters to be passed")
    if param.choices:
        raise TypeError("an option with choices cannot also have autocomplete")


def extract_parameters(func: Callable[..., Any]) -> dict[str, CommandParameter]:
    """The parameters after ``interaction`` (and ``self``), in order."""
    signature = inspect.signature(func)
    try:
        hints = typing.get_type_hints(func, include_extras=True)
    except Exception:
        hints = {}
    params = list(signature.parameters.values())
    skip = 2 if is_inside_class(func) else 1
    if len(params) < skip:
        raise TypeError(f"callback {func.__qualname__!r} must have more than {skip - 1} "
                        "parameter(s)")
    out: dict[str, CommandParameter] = {}
    for param in params[skip:]:
        if param.kind in (param.POSITIONAL_ONLY, param.VAR_KEYWORD, param.VAR_POSITIONAL):
            raise TypeError(f"unsupported parameter kind in callback: {param.kind!s}")
        annotation = hints.get(param.name, param.annotation)
        if isinstance(annotation, str):
            annotation = _evaluate(annotation, func)
        if annotation is param.empty:
            raise TypeError(f"parameter {param.name!r} is missing a type annotation in "
                            f"callback {func.__qualname__!r}")
        transformer, optional, validate = transformer_for(annotation)
        default = param.default if param.default is not param.empty else (
            None if optional else MISSING)
        if default is not MISSING and validate:
            allowed = ALLOWED_DEFAULTS.get(transformer.type, (type(None),))
            if not isinstance(default, allowed):
                raise TypeError(f"invalid default parameter type given ({type(default)}), "
                                f"expected {allowed}")
        out[param.name] = CommandParameter(param.name, transformer, default=default,
                                           required=default is MISSING)
    for name, text in docstrings.parameter_descriptions(inspect.getdoc(func), out).items():
        out[name].description = docstrings.shorten(text)
    # Discord takes the required options first (keyword-only ones may follow optional).
    return dict(sorted(out.items(), key=lambda item: not item[1].required))


def _evaluate(annotation: str, func: Callable[..., Any]) -> Any:
    """A string annotation (``from __future__ import annotations``), evaluated where the
    function was written (a name not defined there is a NameError, as in discord.py)."""
    return eval(annotation, getattr(func, "__globals__", {}), {})


def description_of(func: Callable[..., Any]) -> str:
    """A command's description from its docstring's first paragraph, else "…"."""
    return docstrings.shorten(inspect.getdoc(func) or "") or "…"
