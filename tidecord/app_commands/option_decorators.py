"""The decorators that describe a command's options, above or below ``@command``:
``describe``, ``rename``, ``choices``, ``autocomplete``; and ``guilds``, which says
where a command is registered."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from ..commands import docstrings
from .base import Callback
from .decorate import is_command, pending, target_of, update
from .models import Choice
from .parameters import may_autocomplete
from .translator import locale_str

__all__ = ["autocomplete", "choices", "describe", "guilds", "rename"]

T = TypeVar("T")


def _described(text: Any) -> Any:
    """A description as ``describe`` gives it: text is shortened to fit Discord's limit;
    a :class:`locale_str` is left to the translator."""
    if isinstance(text, str):
        return docstrings.shorten(text)
    if not isinstance(text, locale_str):
        raise TypeError("description must be a string")
    return text


def _params_decorator(field: str, what: str, values: dict[str, Any]
                      ) -> Callable[[T], T]:
    def decorator(target: T) -> T:
        command = target_of(target)
        if is_command(command):
            for key, value in values.items():
                param = command._param(key, what)
                if field == "descriptions":
                    param.description = _described(value)
                elif field == "renames":
                    param.rename(value)
                elif field == "choices":
                    param.choices = list(value)
                else:
                    may_autocomplete(param, value)
                    param.autocomplete = value
            command._check_choices()
        else:
            getattr(pending(command), field).update(values)
        return target
    return decorator


def describe(**parameters: str | locale_str) -> Callable[[T], T]:
    """Describe options: ``@app_commands.describe(member="Who to greet")``."""
    return _params_decorator("descriptions", "describe", parameters)


def rename(**parameters: str | locale_str) -> Callable[[T], T]:
    """Show options under other names: ``@app_commands.rename(the_user="user")``."""
    return _params_decorator("renames", "rename", parameters)


def choices(**parameters: list[Choice[Any]]) -> Callable[[T], T]:
    """Fixed choices: ``@app_commands.choices(fruit=[Choice(name="Apple", value="apple")])``;
    the callback receives the chosen :class:`Choice`."""
    for given in parameters.values():
        if not isinstance(given, list) or not all(isinstance(c, Choice) for c in given):
            raise TypeError("choices must be a list of Choice")
    return _params_decorator("choices", "choices", parameters)


def autocomplete(**parameters: Callback) -> Callable[[T], T]:
    """Suggest values while typing: ``@app_commands.autocomplete(fruit=fruit_names)``."""
    for func in parameters.values():
        if not inspect.iscoroutinefunction(func):
            raise TypeError("autocomplete callback must be a coroutine function")
    return _params_decorator("autocompletes", "autocomplete", parameters)


def guilds(*guild_ids: Any) -> Callable[[T], T]:
    """Register only in these guilds (ids or objects with ``id``)."""
    ids = [int(getattr(g, "id", g)) for g in guild_ids]

    def decorator(target: T) -> T:
        inner = target_of(target)
        update(inner, _guild_ids=ids) if is_command(inner) else update(inner, guild_ids=ids)
        return target
    return decorator
