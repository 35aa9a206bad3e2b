"""Filling a command's parameters from the message text, in discord.py's order and rules.

Positional parameters take one argument each (a word or a quoted string); a
keyword-only parameter takes the rest of the message ("consume rest"); ``*args``
takes every argument left; ``Greedy[T]`` takes arguments while they convert;
``Optional[T]`` gives way to the next parameter when its argument does not fit;
``discord.Attachment`` parameters take the message's files, not text.

What each parameter needs is worked out once per command (:func:`plans`), not for
every message: this runs for every command people use.
"""

from __future__ import annotations

import inspect
from typing import Any, NamedTuple

from ...models import Attachment
from .conversion import (
    Greedy,
    convert_now,
    convert_with,
    converter_plan,
    is_optional,
    is_sync,
    quick_lookup,
    run_converters,
)
from .errors import (
    ArgumentParsingError,
    CommandError,
    MissingRequiredArgument,
    MissingRequiredAttachment,
    TooManyArguments,
)

__all__ = ["Plan", "parse_arguments", "plans"]

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
_KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY
_VAR_POSITIONAL = inspect.Parameter.VAR_POSITIONAL
_EMPTY = inspect.Parameter.empty

# How a parameter takes its value.
_TEXT, _GREEDY, _GREEDY_ONE, _FILES, _FILE, _MAYBE_FILE = range(6)


class Plan(NamedTuple):
    """One parameter, read once: how it is filled and with which converter."""

    name: str
    param: Any
    kind: Any
    how: int
    converter: Any
    optional: bool  # Optional[...]: gives way when its argument does not fit
    flags: bool  # a FlagConverter
    # int, str, bool or a plain function: converted on the spot, nothing to await.
    sync: tuple[int, Any, Any] | None
    # A converter class or object (Member...): its convert, awaited straight away.
    direct: tuple[int, Any, Any] | None
    # For a direct plan (Member): the value from the cache, or None to await convert.
    quick: Any = None


def _plan(name: str, param: Any) -> Plan:
    converter = param.converter
    kind = param.kind
    how = _TEXT
    if isinstance(converter, Greedy):
        if converter.converter is Attachment:
            how = _FILES
        elif kind in _POSITIONAL:
            how = _GREEDY
        elif kind is _VAR_POSITIONAL:
            how = _GREEDY_ONE
        converter = converter.constructed_converter  # keyword-only: Greedy[X] reads as X
    elif converter is Attachment:
        how = _FILE
    optional = is_optional(param.annotation)
    if how == _TEXT and optional and param.annotation.__args__[0] is Attachment:
        how = _MAYBE_FILE
    sync = direct = None
    if getattr(converter, "__origin__", None) is None and not isinstance(converter, Greedy):
        found = converter_plan(converter)
        if is_sync(found):
            sync = found
        else:
            direct = found
    quick = quick_lookup(direct) if direct is not None and how == _TEXT else None
    return Plan(name, param, kind, how, converter, optional,
                hasattr(converter, "__commands_is_flag__"), sync, direct, quick)


def _planned(command: Any) -> tuple[Any, list[Plan], bool]:
    """``(params, plans, whether any takes attachments)``, made again only when
    ``params`` change."""
    cached = command.__dict__.get("_plans")
    params = command.params
    if cached is None or cached[0] is not params:
        found = [_plan(name, param) for name, param in params.items()]
        files = any(plan.how in (_FILES, _FILE, _MAYBE_FILE) for plan in found)
        cached = command.__dict__["_plans"] = (params, found, files)
    return cached  # type: ignore[no-any-return]


def plans(command: Any) -> list[Plan]:
    """The command's parameters as plans (made again only when ``params`` change)."""
    return _planned(command)[1]


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


_NO_FILES = _Files([])


async def parse_arguments(command: Any, ctx: Any) -> None:
    """Fill ``ctx.args`` and ``ctx.kwargs`` for ``command`` from ``ctx.view``."""
    ctx.args = args = [ctx] if command.cog is None else [command.cog, ctx]
    ctx.kwargs = kwargs = {}
    view = ctx.view
    _, planned, needs_files = _planned(command)
    files = _Files(ctx.message.attachments) if needs_files else _NO_FILES
    for plan in planned:
        ctx.current_parameter = plan.param
        kind = plan.kind
        if kind in _POSITIONAL:
            if (plan.sync is not None and plan.how == _TEXT) or plan.quick is not None:
                value = _on_the_spot(ctx, plan)
                if value is _CONVERT:  # read, but not in the cache: the converter decides
                    assert plan.direct is not None
                    value = await convert_with(plan.direct, ctx, ctx.current_argument,
                                               plan.param)
                if value is not _LATER:
                    args.append(value)
                    continue
            args.append(await _transform(command, ctx, plan, files))
        elif kind is _KEYWORD_ONLY:
            if command.rest_is_raw:
                ctx.current_argument = rest = view.read_rest()
                kwargs[plan.name] = await run_converters(ctx, plan.param.converter, rest,
                                                         plan.param)
            else:
                kwargs[plan.name] = await _transform(command, ctx, plan, files)
            break
        elif kind is _VAR_POSITIONAL:
            if view.eof and command.require_var_positional:
                raise MissingRequiredArgument(plan.param)
            while not view.eof:
                try:
                    args.append(await _transform(command, ctx, plan, files))
                except _NoMore:
                    break
    if not command.ignore_extra and not view.eof:
        raise TooManyArguments("Too many arguments passed to " + command.qualified_name)


_LATER: Any = object()
_CONVERT: Any = object()


def _on_the_spot(ctx: Any, plan: Plan) -> Any:
    """A positional argument with a synchronous converter (``int``...) or a cache
    lookup (``Member``), without a coroutine: :func:`_transform`'s text path.
    ``_LATER``: nothing read, the rest is :func:`_transform`'s; ``_CONVERT``: read
    (``ctx.current_argument``), not in the cache, the converter is to be awaited."""
    view = ctx.view
    start = view.index
    view.skip_ws()
    if view.eof:
        # A default, None, or MissingRequiredArgument: _transform skips the spaces
        # again, from where they began, so view.previous is as discord.py leaves it.
        view.index = start
        return _LATER
    previous = view.index
    try:
        ctx.current_argument = argument = view.get_quoted_word()
    except ArgumentParsingError:
        if not plan.optional:
            raise
        view.index = previous
        return _LATER
    view.previous = previous
    if plan.sync is not None:
        return convert_now(plan.sync, argument, plan.param)
    found = plan.quick(ctx, argument)
    return _CONVERT if found is None else found


async def _transform(command: Any, ctx: Any, plan: Plan, files: _Files) -> Any:
    param = plan.param
    view = ctx.view
    view.skip_ws()
    how = plan.how
    if how != _TEXT:
        if how == _GREEDY:
            return await _greedy(ctx, param, plan.converter)
        if how == _GREEDY_ONE:
            return await _greedy_one(ctx, param, plan.converter)
        if how == _FILES:
            return files.rest()
        if how == _FILE:
            try:
                return files.take()
            except StopIteration:
                raise MissingRequiredAttachment(param) from None
        if files.empty():  # _MAYBE_FILE
            return None if param.default is _EMPTY else param.default
        return files.take()
    if view.eof:
        if plan.kind is _VAR_POSITIONAL:
            raise _NoMore()
        if param.required:
            if plan.optional:
                return None
            if plan.flags and plan.converter._can_be_constructible():
                return await plan.converter._construct_default(ctx)
            raise MissingRequiredArgument(param)
        return await param.get_default(ctx)
    previous = view.index
    if plan.kind is _KEYWORD_ONLY and not command.rest_is_raw:
        ctx.current_argument = argument = view.read_rest().strip()
    else:
        try:
            ctx.current_argument = argument = view.get_quoted_word()
        except ArgumentParsingError:
            if not plan.optional:
                raise
            view.index = previous  # an Optional gives its unreadable argument way
            if plan.kind is _VAR_POSITIONAL:
                # To nothing: *args would read the same text again, forever (discord.py
                # does, and the bot hangs). Its collection ends there instead.
                raise _NoMore() from None
            return None if param.required else await param.get_default(ctx)
    view.previous = previous
    if plan.sync is not None:
        return convert_now(plan.sync, argument, param)
    if plan.direct is not None:
        return await convert_with(plan.direct, ctx, argument, param)
    return await run_converters(ctx, plan.converter, argument, param)


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
