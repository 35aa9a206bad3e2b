"""Filling a command's parameters from the message text, in discord.py's order and rules.

Positional parameters take one argument each (a word or a quoted string); a
keyword-only parameter takes the rest of the message ("consume rest"); ``*args``
takes every argument left; ``Greedy[T]`` takes arguments while they convert;
``Optional[T]`` gives way to the next parameter when its argument does not fit;
``discord.Attachment`` parameters take the message's files, not text.
"""

from __future__ import annotations

import inspect
from typing import Any

from ...models import Attachment
from .conversion import Greedy, is_optional, run_converters
from .errors import (
    ArgumentParsingError,
    CommandError,
    MissingRequiredArgument,
    MissingRequiredAttachment,
    TooManyArguments,
)

__all__ = ["parse_arguments"]

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
_KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY
_VAR_POSITIONAL = inspect.Parameter.VAR_POSITIONAL


class _NoMore(Exception):
    """``*args`` has taken all it can."""


class _Files:
    """The message's attachments, handed out one by one."""

    __slots__ = ("_items", "_next")

    def __init__(self, items: list[Any]) -> None:
        self._items = items
        self._next = 0

    def take(self) -> Any:
        if self._next >= len(self._items):
            raise StopIteration
        self._next += 1
        return self._items[self._next - 1]

    def rest(self) -> list[Any]:
        left = self._items[self._next:]
        self._next = len(self._items)
        return left

    def empty(self) -> bool:
        return self._next >= len(self._items)


async def parse_arguments(command: Any, ctx: Any) -> None:
    """Fill ``ctx.args`` and ``ctx.kwargs`` for ``command`` from ``ctx.view``."""
    ctx.args = args = [ctx] if command.cog is None else [command.cog, ctx]
    ctx.kwargs = kwargs = {}
    view = ctx.view
    files = _Files(ctx.message.attachments)
    for name, param in command.params.items():
        ctx.current_parameter = param
        kind = param.kind
        if kind in _POSITIONAL:
            args.append(await _transform(command, ctx, param, files))
        elif kind is _KEYWORD_ONLY:
            if command.rest_is_raw:
                ctx.current_argument = rest = view.read_rest()
                kwargs[name] = await run_converters(ctx, param.converter, rest, param)
            else:
                kwargs[name] = await _transform(command, ctx, param, files)
            break
        elif kind is _VAR_POSITIONAL:
            if view.eof and command.require_var_positional:
                raise MissingRequiredArgument(param)
            while not view.eof:
                try:
                    args.append(await _transform(command, ctx, param, files))
                except _NoMore:
                    break
    if not command.ignore_extra and not view.eof:
        raise TooManyArguments("Too many arguments passed to " + command.qualified_name)


async def _transform(command: Any, ctx: Any, param: Any, files: _Files) -> Any:
    converter = param.converter
    consume_rest = param.kind is _KEYWORD_ONLY and not command.rest_is_raw
    view = ctx.view
    view.skip_ws()
    if isinstance(converter, Greedy):
        if converter.converter is Attachment:
            return files.rest()
        if param.kind in _POSITIONAL:
            return await _greedy(ctx, param, converter.constructed_converter)
        if param.kind is _VAR_POSITIONAL:
            return await _greedy_one(ctx, param, converter.constructed_converter)
        converter = converter.constructed_converter  # keyword-only: Greedy[X] reads as X
    attached = _attachment(converter, param, files)
    if attached is not _NOT_ATTACHMENT:
        return attached
    if view.eof:
        if param.kind is _VAR_POSITIONAL:
            raise _NoMore()
        if param.required:
            if is_optional(param.annotation):
                return None
            if hasattr(converter, "__commands_is_flag__") and converter._can_be_constructible():
                return await converter._construct_default(ctx)
            raise MissingRequiredArgument(param)
        return await param.get_default(ctx)
    previous = view.index
    if consume_rest:
        ctx.current_argument = argument = view.read_rest().strip()
    else:
        try:
            ctx.current_argument = argument = view.get_quoted_word()
        except ArgumentParsingError:
            if not is_optional(param.annotation):
                raise
            view.index = previous  # an Optional gives its unreadable argument way
            return None if param.required else await param.get_default(ctx)
    view.previous = previous
    return await run_converters(ctx, converter, argument, param)


_NOT_ATTACHMENT = object()


def _attachment(converter: Any, param: Any, files: _Files) -> Any:
    """An attachment parameter's file, or ``_NOT_ATTACHMENT`` for any other parameter."""
    if converter is Attachment:
        try:
            return files.take()
        except StopIteration:
            raise MissingRequiredAttachment(param) from None
    annotation = param.annotation
    if is_optional(annotation) and annotation.__args__[0] is Attachment:
        if files.empty():
            return None if param.default is inspect.Parameter.empty else param.default
        return files.take()
    return _NOT_ATTACHMENT


async def _greedy(ctx: Any, param: Any, converter: Any) -> Any:
    view = ctx.view
    result = []
    while not view.eof:
        previous = view.index  # to give back the argument that does not convert
        view.skip_ws()
        try:
            ctx.current_argument = argument = view.get_quoted_word()
            value = await run_converters(ctx, converter, argument, param)
        except (CommandError, ArgumentParsingError):
            view.index = previous
            break
        result.append(value)
    if not result and not param.required:
        return await param.get_default(ctx)
    return result


async def _greedy_one(ctx: Any, param: Any, converter: Any) -> Any:
    view = ctx.view
    previous = view.index
    try:
        ctx.current_argument = argument = view.get_quoted_word()
        return await run_converters(ctx, converter, argument, param)
    except (CommandError, ArgumentParsingError):
        view.index = previous
        raise _NoMore() from None

