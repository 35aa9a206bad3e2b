"""``tidecord.utils``: the helpers discord.py programs reach for as ``discord.utils``.

>>> from tidecord import utils
>>> class R:
...     def __init__(self, name: str) -> None:
...         self.name = name
>>> utils.get([R("a"), R("Moderator")], name="Moderator").name
'Moderator'
"""

from __future__ import annotations

import asyncio
import datetime
import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .models.base import Snowflake, snowflake_time

__all__ = [
    "escape_markdown",
    "escape_mentions",
    "find",
    "format_dt",
    "get",
    "maybe_coroutine",
    "oauth_url",
    "sleep_until",
    "snowflake_time",
    "time_snowflake",
    "utcnow",
]

T = TypeVar("T")

_MISSING = object()


def find(predicate: Callable[[T], Any], iterable: Iterable[T], /) -> T | None:
    """The first element for which ``predicate`` is true, else ``None``."""
    for element in iterable:
        if predicate(element):
            return element
    return None


async def maybe_coroutine(f: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Call ``f``; await the result when it is awaitable (checks and hooks may be either)."""
    value = f(*args, **kwargs)
    if inspect.isawaitable(value):
        return await value
    return value


def get(iterable: Iterable[T], /, **attrs: Any) -> T | None:
    """The first element whose attributes equal ``attrs``; ``__`` walks into attributes.

    ``get(guild.members, name="bob")``, ``get(channels, category__name="Text")``.
    """
    paths = [(key.split("__"), value) for key, value in attrs.items()]

    def matches(element: T) -> bool:
        for path, wanted in paths:
            value: Any = element
            for name in path:
                value = getattr(value, name, _MISSING)
                if value is _MISSING:
                    return False
            if value != wanted:
                return False
        return True

    return find(matches, iterable)


def utcnow() -> datetime.datetime:
    """The current time, timezone-aware in UTC (what Discord timestamps compare with)."""
    return datetime.datetime.now(datetime.UTC)


_STYLES = frozenset("tTdDfFR")


def format_dt(dt: datetime.datetime | str, /, style: str | None = None) -> str:
    """A ``<t:unix:style>`` marker that Discord shows in each reader's time zone.

    Styles: ``t`` ``T`` (times), ``d`` ``D`` (dates), ``f`` ``F`` (both), ``R`` (relative).
    A naive ``dt`` is taken as local time, as ``datetime.timestamp`` does. Discord's
    ISO 8601 text, as Discord sends it, is accepted too.
    """
    if style is not None and style not in _STYLES:
        raise ValueError(f"unknown timestamp style {style!r}")
    if isinstance(dt, str):
        dt = datetime.datetime.fromisoformat(dt)
    seconds = int(dt.timestamp())
    return f"<t:{seconds}>" if style is None else f"<t:{seconds}:{style}>"


def time_snowflake(dt: datetime.datetime, /, *, high: bool = False) -> int:
    """The lowest (or with ``high``, the highest) id made at ``dt``, for ``before=``/``after=``."""
    return int(Snowflake.from_datetime(dt, high=high))


async def sleep_until(when: datetime.datetime, result: T | None = None) -> T | None:
    """Sleep until ``when`` (naive means UTC); returns ``result``."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    delay = (when - utcnow()).total_seconds()
    await asyncio.sleep(max(delay, 0.0))
    return result


_MARKDOWN = re.compile(r"([\\*_~`|>])")
_MASS_MENTION = re.compile(r"@(everyone|here|[!&]?[0-9]{17,20})")


def escape_markdown(text: str, *, as_needed: bool = False, ignore_links: bool = True) -> str:
    """``text`` with Discord's markdown characters backslash-escaped, shown literally."""
    return _MARKDOWN.sub(r"\\\1", text)


def escape_mentions(text: str) -> str:
    """``text`` with @everyone, @here and user/role mentions defused (a zero-width space)."""
    return _MASS_MENTION.sub("@\u200b\\1", text)


def oauth_url(
    client_id: int | str,
    *,
    permissions: Any = None,
    guild: Any = None,
    scopes: Iterable[str] | None = None,
) -> str:
    """The link that invites a bot: ``oauth_url(app_id, permissions=Permissions(...))``."""
    scope = "+".join(scopes) if scopes is not None else "bot+applications.commands"
    url = f"https://discord.com/oauth2/authorize?client_id={client_id}&scope={scope}"
    if permissions is not None:
        url += f"&permissions={int(getattr(permissions, 'value', permissions))}"
    if guild is not None:
        url += f"&guild_id={getattr(guild, 'id', guild)}"
    return url
