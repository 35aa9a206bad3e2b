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
import logging
import os
import re
import sys
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
)
from functools import cached_property
from typing import Any, NamedTuple, TypeVar, overload
from urllib.parse import urlencode

import yarl

from .models.base import Snowflake, snowflake_time

__all__ = [
    "DEFAULT_FILE_SIZE_LIMIT_BYTES",
    "MISSING",
    "TIMESTAMP_PATTERN",
    "ResolvedInvite",
    "as_chunks",
    "cached_property",
    "compute_timedelta",
    "copy_doc",
    "escape_markdown",
    "escape_mentions",
    "find",
    "format_dt",
    "get",
    "maybe_coroutine",
    "oauth_url",
    "parse_time",
    "remove_markdown",
    "resolve_invite",
    "resolve_template",
    "setup_logging",
    "sleep_until",
    "snowflake_time",
    "time_snowflake",
    "utcnow",
    "valid_icon_size",
]

T = TypeVar("T")

@overload
def find(predicate: Callable[[T], Any], iterable: AsyncIterable[T], /) -> Awaitable[T | None]: ...
@overload
def find(predicate: Callable[[T], Any], iterable: Iterable[T], /) -> T | None: ...
def find(predicate: Callable[[T], Any], iterable: Iterable[T] | AsyncIterable[T],
         /) -> T | Awaitable[T | None] | None:
    """The first element for which ``predicate`` is true, else ``None``; of an async
    iterable (``channel.history()``, ``guild.fetch_members()``), a coroutine of it, as
    in discord.py: ``await utils.find(pred, channel.history())``."""
    if isinstance(iterable, AsyncIterable):
        return _afind(predicate, iterable)
    for element in iterable:
        if predicate(element):
            return element
    return None


async def _afind(predicate: Callable[[T], Any], iterable: AsyncIterable[T]) -> T | None:
    async for element in iterable:
        if predicate(element):
            return element
    return None


async def maybe_coroutine(f: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Call ``f``; await the result when it is awaitable (checks and hooks may be either)."""
    value = f(*args, **kwargs)
    if inspect.isawaitable(value):
        return await value
    return value


@overload
def get(iterable: AsyncIterable[T], /, **attrs: Any) -> Awaitable[T | None]: ...
@overload
def get(iterable: Iterable[T], /, **attrs: Any) -> T | None: ...
def get(iterable: Iterable[T] | AsyncIterable[T], /,
        **attrs: Any) -> T | Awaitable[T | None] | None:
    """The first element whose attributes equal ``attrs``; ``__`` walks into attributes.

    ``get(guild.members, name="bob")``, ``get(channels, category__name="Text")``. An
    attribute an element lacks raises ``AttributeError`` (a misspelt name shows), and an
    async iterable gives a coroutine, as in discord.py.
    """
    paths = [(key.split("__"), value) for key, value in attrs.items()]

    def matches(element: T) -> bool:
        for path, wanted in paths:
            value: Any = element
            for name in path:
                value = getattr(value, name)
            if value != wanted:
                return False
        return True

    return find(matches, iterable)


def utcnow() -> datetime.datetime:
    """The current time, timezone-aware in UTC (what Discord timestamps compare with)."""
    return datetime.datetime.now(datetime.UTC)


#: A ``<t:unix>`` or ``<t:unix:style>`` marker at the start of a text (group 1: the
#: seconds); what ``commands.Timestamp`` and ``app_commands.Timestamp`` read.
TIMESTAMP_PATTERN: re.Pattern[str] = re.compile(r"<t:(-?\d+)(?::[tTdDfFsSR])?>")


def format_dt(dt: datetime.datetime | str, /, style: str | None = None) -> str:
    """A ``<t:unix:style>`` marker that Discord shows in each reader's time zone.

    Styles: ``t`` ``T`` (times), ``d`` ``D`` (dates), ``f`` ``F`` ``s`` ``S`` (both),
    ``R`` (relative); another letter is written as given, as discord.py does.
    A naive ``dt`` is taken as local time, as ``datetime.timestamp`` does. Discord's
    ISO 8601 text, as Discord sends it, is accepted too.
    """
    if isinstance(dt, str):
        dt = datetime.datetime.fromisoformat(dt)
    seconds = int(dt.timestamp())
    return f"<t:{seconds}>" if style is None else f"<t:{seconds}:{style}>"


def time_snowflake(dt: datetime.datetime, /, *, high: bool = False) -> int:
    """The lowest (or with ``high``, the highest) id made at ``dt``, for ``before=``/``after=``."""
    return int(Snowflake.from_datetime(dt, high=high))


async def sleep_until(when: datetime.datetime, result: T | None = None) -> T | None:
    """Sleep until ``when`` (naive means local time, as discord.py reads it); returns
    ``result``."""
    await asyncio.sleep(compute_timedelta(when))
    return result


# A link stays as it is: <scheme:/...> (its embed suppressed) or a bare http(s) or
# steam URL, whose last character is not punctuation that ends a sentence.
_LINK = r"(?P<url><[^: >]+:/[^ >]+>|(?:https?|steam)://[^\s<]+[^<.,:;\"\'\]\s])"
# Markdown that means something only where it stands: a quote or block quote, a
# heading or a list item at a line's start, and a masked link anywhere.
_PLACED = r"^>(?:>>)?\s|\[.+\]\(.+\)|^#{1,3}|^\s*-"
# Every marker character, and the placed markdown.
_ANY_MARKDOWN = rf"(?P<markdown>[_\\~|*`]|{_PLACED})"
# A marker character only when another of its kind comes later: it could pair up.
_PAIRABLE = "|".join(rf"\{c}(?=([\s\S]*((?<!\{c})\{c})))" for c in "*`_~|")
_NEEDED = re.compile(rf"(?P<markdown>{_PAIRABLE}|{_PLACED})", re.MULTILINE)
_MASS_MENTION = re.compile(r"@(everyone|here|[!&]?[0-9]{17,20})")


def _markdown_pattern(ignore_links: bool) -> str:
    return rf"(?:{_LINK}|{_ANY_MARKDOWN})" if ignore_links else _ANY_MARKDOWN


def escape_markdown(text: str, *, as_needed: bool = False, ignore_links: bool = True) -> str:
    """``text`` with Discord's markdown backslash-escaped, so that it shows literally.

    Links are left alone (``ignore_links``). With ``as_needed``, only what could be
    read as markdown is escaped (a ``*`` with another after it, a ``>`` starting a
    line...), and backslashes are doubled.
    """
    if as_needed:
        return _NEEDED.sub(r"\\\1", text.replace("\\", "\\\\"))

    def escaped(match: re.Match[str]) -> str:
        link = match.group("url") if ignore_links else None
        return link if link else "\\" + match.group("markdown")

    return re.sub(_markdown_pattern(ignore_links), escaped, text, flags=re.MULTILINE)


def remove_markdown(text: str, *, ignore_links: bool = True) -> str:
    """``text`` without Discord's markdown characters (``**bold**`` -> ``bold``). It
    does not parse markdown: ``10 * 5`` loses its ``*`` too. Links are kept
    (``ignore_links``)."""
    def kept(match: re.Match[str]) -> str:
        return (match.group("url") or "") if ignore_links else ""

    return re.sub(_markdown_pattern(ignore_links), kept, text, flags=re.MULTILINE)


def escape_mentions(text: str) -> str:
    """``text`` with @everyone, @here and user/role mentions defused (a zero-width space)."""
    return _MASS_MENTION.sub("@\u200b\\1", text)


class _Missing:
    """``MISSING``: "not given", where ``None`` means something. Falsy, equal to nothing."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return False

    def __bool__(self) -> bool:
        return False

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "..."


MISSING: Any = _Missing()


@overload
def as_chunks(iterator: AsyncIterable[T], max_size: int) -> AsyncIterator[list[T]]: ...


@overload
def as_chunks(iterator: Iterable[T], max_size: int) -> Iterator[list[T]]: ...


def as_chunks(iterator: Any, max_size: int) -> Any:
    """Lists of up to ``max_size`` items taken in turn from ``iterator`` (sync or
    async, the result is the same kind); the last may be shorter."""
    if max_size <= 0:
        raise ValueError("Chunk sizes must be greater than 0.")
    if isinstance(iterator, AsyncIterable):
        return _async_chunks(iterator, max_size)
    return _chunks(iterator, max_size)


def _chunks(iterator: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in iterator:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def _async_chunks(iterator: AsyncIterable[T], size: int) -> AsyncIterator[list[T]]:
    chunk: list[T] = []
    async for item in iterator:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Off a terminal, the layout of discord.py's lines, so what reads or greps them reads ours.
_LOG_FORMAT = "[%(asctime)s] [%(levelname)-8s] %(name)s: %(message)s"
_LOG_DATES = "%Y-%m-%d %H:%M:%S"
# Each level's colour on a terminal (ANSI): grey, blue, yellow, red, red background.
_LEVEL_COLOURS = {logging.DEBUG: "\x1b[90m", logging.INFO: "\x1b[34;1m",
                  logging.WARNING: "\x1b[33;1m", logging.ERROR: "\x1b[31m",
                  logging.CRITICAL: "\x1b[41m"}


class _ColourFormatter(logging.Formatter):
    """The log format with the time dim, the level in its colour and the logger's name
    in magenta, for a terminal."""

    def __init__(self) -> None:
        super().__init__(_LOG_FORMAT, _LOG_DATES)
        self._by_level = {
            level: logging.Formatter(f"\x1b[2m%(asctime)s\x1b[0m {colour}%(levelname)-8s"
                                     f"\x1b[0m \x1b[35m%(name)s\x1b[0m: %(message)s",
                                     _LOG_DATES)
            for level, colour in _LEVEL_COLOURS.items()}

    def format(self, record: logging.LogRecord) -> str:
        formatter = self._by_level.get(record.levelno, self._by_level[logging.DEBUG])
        return formatter.format(record)


def _colour_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    if not callable(isatty) or not isatty() or "NO_COLOR" in os.environ:
        return False
    return sys.platform != "win32" or "WT_SESSION" in os.environ or "ANSICON" in os.environ


def setup_logging(*, handler: logging.Handler = MISSING, formatter: logging.Formatter = MISSING,
                  level: int = MISSING, root: bool = True) -> None:
    """Log to stderr (or ``handler``) at ``level`` (INFO), in colour on a terminal, as
    discord.py's: the root logger by default, tidecord's own with ``root=False``."""
    if level is MISSING:
        level = logging.INFO
    if handler is MISSING:
        handler = logging.StreamHandler()
    if formatter is MISSING:
        stream = getattr(handler, "stream", None)
        formatter = (_ColourFormatter() if _colour_terminal(stream)
                     else logging.Formatter(_LOG_FORMAT, _LOG_DATES))
    logger = logging.getLogger() if root else logging.getLogger("tidecord")
    handler.setFormatter(formatter)
    logger.setLevel(level)
    logger.addHandler(handler)


def oauth_url(
    client_id: int | str,
    *,
    permissions: Any = None,
    guild: Any = None,
    scopes: Iterable[str] | None = MISSING,
    redirect_uri: str | None = None,
    disable_guild_select: bool = False,
    state: str | None = None,
) -> str:
    """The link that invites a bot: ``oauth_url(app_id, permissions=Permissions(...))``;
    ``redirect_uri`` asks for a code sent there (with ``state`` echoed back). Scopes
    left out (or empty) ask for ``bot`` and ``applications.commands``; ``scopes=None``
    leaves the scope out of the link, as discord.py does."""
    # discord.py's MISSING means "not given" here, as None does.
    permissions = None if permissions is MISSING else permissions
    guild = None if guild is MISSING else guild
    redirect_uri = None if redirect_uri is MISSING else redirect_uri
    state = None if state is MISSING else state
    url = f"https://discord.com/oauth2/authorize?client_id={client_id}"
    if scopes is not None:
        url += "&scope=" + "+".join(scopes or ("bot", "applications.commands"))
    if permissions is not None:
        url += f"&permissions={int(getattr(permissions, 'value', permissions))}"
    if guild is not None:
        url += f"&guild_id={getattr(guild, 'id', guild)}"
    if disable_guild_select:
        url += "&disable_guild_select=true"
    if redirect_uri is not None:
        url += "&response_type=code&" + urlencode({"redirect_uri": redirect_uri})
    if state is not None:
        url += "&" + urlencode({"state": state})
    return url


#: What a message's files may weigh together without a boost (10 MiB).
DEFAULT_FILE_SIZE_LIMIT_BYTES = 10 * 1024 * 1024


def parse_time(timestamp: str | None) -> datetime.datetime | None:
    """Discord's ISO 8601 text as a datetime (``None`` for none)."""
    return datetime.datetime.fromisoformat(timestamp) if timestamp else None


def compute_timedelta(dt: datetime.datetime) -> float:
    """Seconds from now until ``dt`` (0 if it has passed; naive means local time)."""
    if dt.tzinfo is None:
        dt = dt.astimezone()
    return max(0.0, (dt - utcnow()).total_seconds())


def valid_icon_size(size: int) -> bool:
    """Whether the CDN serves images ``size`` wide: a power of two from 16 to 4096."""
    return 16 <= size <= 4096 and size & (size - 1) == 0


def copy_doc(original: Callable[..., Any]) -> Callable[[T], T]:
    """Give the decorated function ``original``'s docstring and signature."""
    def apply(target: T) -> T:
        target.__doc__ = original.__doc__
        target.__signature__ = inspect.signature(original)  # type: ignore[attr-defined]
        return target
    return apply


class ResolvedInvite(NamedTuple):
    """An invite's code, and the scheduled event it points at (if any)."""

    code: str
    event: int | None


# discord.py's shapes: a scheme is optional, ``www.`` is not taken, and what follows the
# host is read as yarl reads a URL (the last path segment; ``?event=`` in the query).
_INVITE_LINK = re.compile(r"(?:https?://)?discord(?:\.gg|(?:app)?\.com/invite)/[^/]+")
_INVITE_CODE = re.compile(r"[a-zA-Z0-9\-_]+")
_TEMPLATE_LINK = re.compile(r"(?:https?://)?discord(?:\.new|(?:app)?\.com/template)/(.+)")


def resolve_invite(invite: Any) -> ResolvedInvite:
    """The code (and ``?event=`` id) of an invite, an invite link or a bare code.

    A bare code of anything but letters, digits, ``-`` and ``_`` raises ``ValueError``.
    """
    code = getattr(invite, "code", None)
    if isinstance(code, str):
        event = getattr(invite, "scheduled_event_id", None)
        return ResolvedInvite(code, event if isinstance(event, int) else None)
    if _INVITE_LINK.match(invite):
        url = yarl.URL(invite)
        event = url.query.get("event")
        return ResolvedInvite(url.parts[-1], int(event) if event else None)
    if not _INVITE_CODE.fullmatch(invite):
        raise ValueError("Invite contains characters that are not allowed")
    return ResolvedInvite(invite, None)


def resolve_template(code: Any) -> str:
    """The code of a guild template, a template link or a bare code."""
    given = getattr(code, "code", None)
    if isinstance(given, str):
        return given
    found = _TEMPLATE_LINK.match(code)
    return found.group(1) if found is not None else str(code)
