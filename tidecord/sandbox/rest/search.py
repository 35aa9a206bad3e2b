"""GET /guilds/{guild_id}/messages/search: a guild's messages found by what they say,
who wrote them, where, and what they carry, as Discord's search answers a bot.

Discord searches an index that may lag (it then answers 202 and asks to come back);
the sandbox's index is always ready. Words of ``content`` must all appear in a message,
in any case, as whole words or their beginnings; ``slop`` (how far apart they may be)
does not narrow the sandbox's search.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import msgspec
from aiohttp import web

from tidecord.models import Permissions, encode
from tidecord.models.message import MessageReferenceType

from .access import sees
from .context import query_bool, query_id, query_limit, sandbox_of, snowflake
from .errors import APIError, FormError, form_error, json_response

if TYPE_CHECKING:
    from tidecord.models import Channel, Message

    from ..state import State

__all__ = ["ROUTES"]

READ_HISTORY: Final[int] = Permissions.read_message_history
MAX_OFFSET: Final = 9975  # Discord's: limit + offset never reach past 10,000 results
_LINK = re.compile(r"https?://([^/\s<>]+)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# The ``has`` values Discord takes, each with what it asks of a message; ``-x`` asks
# for its absence.
_HAS: Final[dict[str, Callable[[Message], bool]]] = {
    "link": lambda m: bool(_LINK.search(m.content)),
    "embed": lambda m: bool(m.embeds),
    "file": lambda m: bool(m.attachments),
    "image": lambda m: _carries(m, "image"),
    "video": lambda m: _carries(m, "video"),
    "sound": lambda m: _carries(m, "audio"),
    "sticker": lambda m: bool(m.sticker_items),
    "poll": lambda m: m.poll_data is not msgspec.UNSET,
    "snapshot": lambda m: bool(m.snapshots_data),
}
_AUTHOR_TYPES: Final[dict[str, Callable[[Message], bool]]] = {
    "user": lambda m: not m.author.bot and m.webhook_id_raw is msgspec.UNSET,
    "bot": lambda m: bool(m.author.bot) and m.webhook_id_raw is msgspec.UNSET,
    "webhook": lambda m: m.webhook_id_raw is not msgspec.UNSET,
}
_EMBED_TYPES: Final = {"image": "image", "video": "video", "gif": "gifv", "sound": "audio",
                       "article": "article"}


def _carries(message: Message, kind: str) -> bool:
    return any(isinstance(a.content_type, str) and a.content_type.startswith(kind + "/")
               for a in message.attachments)


async def search_messages(request: web.Request) -> web.Response:
    """The page of a guild's messages the query finds, newest first (or oldest with
    ``sort_order=asc``), from the channels and threads the bot reads the history of."""
    state = sandbox_of(request).state
    gid = snowflake(request, "guild_id")
    state.guild(gid)
    if state.bot_user.id not in state.members.get(gid, {}):
        raise APIError(403, 50001, "Missing Access")
    limit = query_limit(request, 25, 25)
    offset = _offset(request)
    tests = _tests(request)
    channels = _searched(state, gid, request)
    found = [m for cid in channels for m in state.messages.get(cid, {}).values()
             if all(test(m) for test in tests)]
    found.sort(key=lambda m: m.id, reverse=request.query.get("sort_order", "desc") != "asc")
    page = found[offset:offset + limit]
    threads = sorted({m.channel_id for m in page if channels[m.channel_id].is_thread})
    me = state.bot_user.id
    return json_response({
        "messages": [[{**msgspec.json.decode(encode(m)), "hit": True}] for m in page],
        "total_results": len(found),
        "doing_deep_historical_index": False,
        "threads": [channels[t] for t in threads],
        "members": [tm for t in threads for tm in state.thread_member_list(t)
                    if tm.id == me],
    })


def _offset(request: web.Request) -> int:
    raw = request.query.get("offset", "0")
    if not raw.isdigit():
        raise form_error({"offset": ("NUMBER_TYPE_COERCE", f'Value "{raw}" is not int.')})
    if int(raw) > MAX_OFFSET:
        raise form_error({"offset": ("NUMBER_TYPE_MAX",
                                     f"int value should be <= {MAX_OFFSET} and >= 0.")})
    return int(raw)


def _searched(state: State, gid: int, request: web.Request) -> dict[int, Channel]:
    """The channels (and threads) searched: those named by ``channel_id`` or else all of
    the guild's, less those the bot cannot read the history of, and age-restricted ones
    unless ``include_nsfw``."""
    named = _ids(request, "channel_id")
    nsfw = query_bool(request, "include_nsfw")
    me = state.bot_user.id
    out = {}
    for channel in [*state.guild_channels.get(gid, {}).values(),
                    *state.threads.get(gid, {}).values()]:
        parent = state.channels.get(int(channel.parent_id or 0)) if channel.is_thread else None
        age_restricted = bool((parent or channel).nsfw)
        if ((named and channel.id not in named) or (age_restricted and not nsfw)
                or not sees(state, channel, me) or not state.can(channel.id, me, READ_HISTORY)):
            continue
        out[channel.id] = channel
    return out


def _ids(request: web.Request, name: str) -> set[int]:
    """An array of snowflakes (``name=1&name=2``); 50035 for one that is not."""
    values = request.query.getall(name, [])
    for n, raw in enumerate(values):
        if not raw.isdigit() or len(raw) > 20:
            raise form_error({f"{name}.{n}": ("NUMBER_TYPE_COERCE",
                                              f'Value "{raw}" is not snowflake.')})
    return {int(v) for v in values}


def _choices(request: web.Request, name: str, allowed: set[str]) -> list[str]:
    values = request.query.getall(name, [])
    bad: dict[str, FormError] = {
        f"{name}.{n}": ("BASE_TYPE_CHOICES", f"Value must be one of {sorted(allowed)}.")
        for n, v in enumerate(values) if v not in allowed}
    if bad:
        raise form_error(bad)
    return values


def _tests(request: web.Request) -> list[Callable[[Message], bool]]:
    """What each found message must pass, one test per filter the query gives."""
    tests: list[Callable[[Message], bool]] = []
    content = request.query.get("content")
    if content:
        if len(content) > 1024:
            raise form_error({"content": ("BASE_TYPE_MAX_LENGTH",
                                          "Must be 1024 or fewer in length.")})
        words = [w.lower() for w in _WORD.findall(content)]
        tests.append(lambda m: all(
            any(have.startswith(w) for have in _WORD.findall(m.content.lower()))
            for w in words))
    for name, read in _ID_FILTERS.items():
        wanted = _ids(request, name)
        if wanted:
            tests.append(_shares(read, wanted))
    for flag in ("pinned", "mention_everyone"):
        if flag in request.query:
            tests.append(_flag_is(flag, query_bool(request, flag)))
    low, high = query_id(request, "min_id"), query_id(request, "max_id")
    if low is not None:
        tests.append(lambda m: m.id > low)
    if high is not None:
        tests.append(lambda m: m.id < high)
    for name, table in (("has", _HAS), ("author_type", _AUTHOR_TYPES)):
        for choice in _choices(request, name, {*table, *(f"-{k}" for k in table)}):
            tests.append(_passes(table[choice.lstrip("-")], negated=choice.startswith("-")))
    tests.extend(_attachment_and_embed_tests(request))
    if "sort_by" in request.query:
        _choices(request, "sort_by", {"timestamp", "relevance"})
    if "sort_order" in request.query:
        _choices(request, "sort_order", {"asc", "desc"})
    return tests


def _shares(read: Callable[[Message], set[int]], wanted: set[int]
            ) -> Callable[[Message], bool]:
    return lambda m: bool(read(m) & wanted)


def _flag_is(name: str, value: bool) -> Callable[[Message], bool]:
    return lambda m: getattr(m, name) is value


def _passes(test: Callable[[Message], bool], *, negated: bool) -> Callable[[Message], bool]:
    return lambda m: test(m) is not negated


def _attachment_and_embed_tests(request: web.Request) -> list[Callable[[Message], bool]]:
    tests: list[Callable[[Message], bool]] = []
    names = {v.lower() for v in request.query.getall("attachment_filename", [])}
    if names:
        tests.append(lambda m: any(a.filename.lower() in names for a in m.attachments))
    extensions = {v.lower().lstrip(".") for v in request.query.getall("attachment_extension", [])}
    if extensions:
        tests.append(lambda m: any(a.filename.lower().rpartition(".")[2] in extensions
                                   for a in m.attachments))
    hosts = {v.lower() for v in request.query.getall("link_hostname", [])}
    if hosts:
        tests.append(lambda m: any(h.lower() in hosts for h in _LINK.findall(m.content)))
    kinds = {_EMBED_TYPES[v] for v in _choices(request, "embed_type", set(_EMBED_TYPES))}
    if kinds:
        tests.append(lambda m: any(e.type in kinds for e in m.embeds))
    providers = {v.lower() for v in request.query.getall("embed_provider", [])}
    if providers:
        tests.append(lambda m: any(_provider(e) in providers for e in m.embeds))
    return tests


def _provider(embed: Any) -> str | None:
    provider = embed.provider
    name = getattr(provider, "name", None)
    return name.lower() if isinstance(name, str) else None


def _replied_to_user(message: Message) -> set[int]:
    ref = message.referenced_message
    return {ref.author.id} if ref is not None and ref is not msgspec.UNSET else set()


def _replied_to_message(message: Message) -> set[int]:
    ref = message.message_reference
    if (ref is msgspec.UNSET or ref.type == MessageReferenceType.forward
            or not isinstance(ref.message_id, int)):
        return set()
    return {ref.message_id}


# The id filters: each names ids of which a message must share one.
_ID_FILTERS: Final[dict[str, Callable[[Message], set[int]]]] = {
    "author_id": lambda m: {m.author.id},
    "mentions": lambda m: {u.id for u in m.mentions},
    "mentions_role_id": lambda m: set(m.mention_roles),
    "replied_to_user_id": _replied_to_user,
    "replied_to_message_id": _replied_to_message,
}

ROUTES = [("GET", "/guilds/{guild_id}/messages/search", search_messages)]
