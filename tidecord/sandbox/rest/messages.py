"""Messages of a channel: list, get, create, edit, delete, bulk delete, reactions."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any, Final

import msgspec
from aiohttp import web

from tidecord.models import Emoji, Permissions, Snowflake

from ..state import StateError
from . import audit
from .access import sees
from .bodies import (
    MessageBody,
    check_deletable,
    check_pinnable,
    check_thread_activity,
    create_message,
    edit_fields,
    named_fields,
)
from .context import query_id, query_limit, read_body, sandbox_of, snowflake
from .errors import APIError, bad_length, empty_response, form_error, json_response

if TYPE_CHECKING:
    from ..state import State

__all__ = ["ROUTES", "parse_emoji", "pin_logged"]

ADD_REACTIONS: Final[int] = Permissions.add_reactions
MANAGE_MESSAGES: Final[int] = Permissions.manage_messages
SEND_MESSAGES: Final[int] = Permissions.send_messages
READ_HISTORY: Final[int] = Permissions.read_message_history
USE_EXTERNAL_EMOJIS: Final[int] = Permissions.use_external_emojis
FOURTEEN_DAYS_MS = 14 * 24 * 3600 * 1000
# GET .../reactions/{emoji}?type=: Discord's reaction types.
NORMAL, BURST = 0, 1


class _BulkDelete(msgspec.Struct):
    messages: list[Snowflake]


def _viewable(request: web.Request) -> int:
    """The channel id of the path, after checking the bot may see the channel."""
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    if not sees(sb.state, channel, sb.state.bot_user.id):
        raise APIError(403, 50001, "Missing Access")
    return channel.id


def _require(request: web.Request, channel_id: int, bits: int) -> None:
    sb = sandbox_of(request)
    if not sb.state.can(channel_id, sb.state.bot_user.id, bits):
        raise APIError(403, 50013, "Missing Permissions")


def _moderate(request: web.Request, channel_id: int) -> None:
    """What acting on others' messages needs: Manage Messages in a guild; in a DM
    nobody may (403 50003), as Discord has no permissions there to grant it."""
    sb = sandbox_of(request)
    if sb.state.guild_id_of(sb.state.channel(channel_id)) is None:
        raise APIError(403, 50003, "Cannot execute action on a DM channel")
    _require(request, channel_id, MANAGE_MESSAGES)


async def list_messages(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/messages."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    if not sb.state.can(cid, sb.state.bot_user.id, READ_HISTORY):
        return json_response([])
    limit = query_limit(request, 50, 100)
    newest_first = sorted(sb.state.messages.get(cid, {}).values(), key=lambda m: -m.id)
    around, before, after = (query_id(request, k) for k in ("around", "before", "after"))
    if around is not None:
        pivot = around
        older = [m for m in newest_first if m.id <= pivot][: (limit + 1) // 2]
        newer = [m for m in reversed(newest_first) if m.id > pivot][: limit // 2]
        picked = list(reversed(newer)) + older
    elif after is not None:
        picked = list(reversed([m for m in reversed(newest_first) if m.id > after][:limit]))
    else:
        picked = [m for m in newest_first if before is None or m.id < before][:limit]
    return json_response(picked)


async def get_message(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/messages/{message_id}."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    _require(request, cid, READ_HISTORY)
    return json_response(sb.state.message(cid, snowflake(request, "message_id")))


async def post_message(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/messages."""
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    body, files = await read_body(request, MessageBody)
    message = create_message(sb, channel, sb.state.bot_user, body, files)
    return json_response(message)


async def patch_message(request: web.Request) -> web.Response:
    """PATCH /channels/{channel_id}/messages/{message_id}."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    message = sb.state.message(cid, snowflake(request, "message_id"))
    body, files = await read_body(request, MessageBody)
    if message.author.id != sb.state.bot_user.id:
        sent = named_fields(body) & {"content", "embeds", "embed", "components",
                                     "attachments"}
        if sent or files:
            raise APIError(403, 50005, "Cannot edit a message authored by another user")
        if body.flags is not None:  # suppressing someone's embeds
            _require(request, cid, MANAGE_MESSAGES)
    changes = edit_fields(sb, cid, message, body, files)
    check_thread_activity(sb, sb.state.channel(cid), sb.state.bot_user.id, "edit")
    return json_response(sb.state.edit_message(cid, message.id, **changes))


async def delete_message(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}/messages/{message_id}."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    message = sb.state.message(cid, snowflake(request, "message_id"))
    mine = message.author.id == sb.state.bot_user.id
    if not mine:
        _moderate(request, cid)
    check_deletable(message)
    sb.state.delete_message(cid, message.id)
    gid = sb.state.guild_id_of(sb.state.channel(cid))
    if not mine and gid is not None:  # Discord logs only the deletion of others' messages
        audit.record(request, gid, audit.Action.MESSAGE_DELETE, message.author.id,
                     options={"channel_id": cid, "count": "1"})
    return empty_response()


async def bulk_delete(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/messages/bulk-delete."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    _moderate(request, cid)
    body, _ = await read_body(request, _BulkDelete)
    ids = list(dict.fromkeys(body.messages))
    if len(ids) != len(body.messages):
        # Discord's docs: any duplicate id fails the call (the spec: uniqueItems); the
        # error's code and words are a guess at Discord's array-uniqueness error.
        raise form_error({"messages": ("ARRAY_ITEM_VALUE_ALREADY_EXISTS",
                                       "The specified value already exists in the array.")})
    if not 2 <= len(ids) <= 100:
        raise form_error({"messages": bad_length(2, 100)})
    # On the sandbox's clock, which dates its ids: a world moved on 15 days has old
    # messages, whatever the wall clock says.
    oldest_allowed = sb.state.clock.time_ms() - FOURTEEN_DAYS_MS
    if any(m.timestamp_ms < oldest_allowed for m in ids):
        raise APIError(400, 50034, "You can only bulk delete messages that are under 14 days old.")
    box = sb.state.messages.get(cid, {})
    found: list[int] = [m for m in ids if m in box]
    for mid in found:  # none goes if one may not (a thread's notices)
        check_deletable(box[mid])
    sb.state.bulk_delete(cid, found)
    gid = sb.state.guild_id_of(sb.state.channel(cid))
    if gid is not None:
        audit.record(request, gid, audit.Action.MESSAGE_BULK_DELETE, cid,
                     options={"count": str(len(found))})
    return empty_response()


def pin_logged(state: State, channel_id: int, message_id: int, pinning: bool, by: int,
               reason: str | None = None) -> None:
    """``by`` (the bot, or a person) pins or unpins a message; in a guild, a pin or
    unpin that changed something is in the audit log (MESSAGE_PIN / MESSAGE_UNPIN, the
    message's author as target, where in options), whoever made it, as Discord keeps it."""
    message = state.message(channel_id, message_id)
    if pinning:
        try:
            check_pinnable(message)
        except APIError as exc:  # a person's pin answers through the control API
            raise StateError(exc.code, exc.message, exc.status) from None
    was = message.id in state.pins.get(int(channel_id), {})
    state.pin(channel_id, message.id, pinning, by=by)
    gid = state.guild_id_of(state.channel(channel_id))
    if gid is not None and was != pinning:
        audit.keep(state, gid, audit.Action.MESSAGE_PIN if pinning else audit.Action.MESSAGE_UNPIN,
                   by, message.author.id,
                   options={"channel_id": int(channel_id), "message_id": message.id},
                   reason=reason)


def parse_emoji(raw: str, state: Any, channel_id: int, *, adding: bool = False) -> Emoji:
    """``👍`` or ``name:id`` (URL-decoded) as an emoji; 10014 when it cannot be one.
    ``adding`` a custom emoji of another guild than the channel's needs Use External
    Emojis."""
    channel_guild = state.guild_id_of(state.channel(channel_id))
    text = urllib.parse.unquote(raw)
    if ":" in text:
        _, _, eid = text.rpartition(":")
        found = state.custom_emoji(int(eid)) if eid.isdigit() else None
        if found is None:
            # A custom emoji must be one of a guild the sandbox's bot is in.
            raise APIError(400, 10014, "Unknown Emoji")
        gid, emoji = found
        if adding and gid != channel_guild and not state.can(
                channel_id, state.bot_user.id, USE_EXTERNAL_EMOJIS):
            raise APIError(403, 50013, "Missing Permissions")
        return Emoji(id=emoji.id, name=emoji.name, animated=emoji.animated)
    if not text or len(text) > 32 or text.isascii():
        raise APIError(400, 10014, "Unknown Emoji")
    return Emoji(id=None, name=text)


async def add_reaction(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user}."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    _require(request, cid, READ_HISTORY)
    emoji = parse_emoji(request.match_info["emoji"], sb.state, cid, adding=True)
    mid = snowflake(request, "message_id")
    sb.state.message(cid, mid)
    if not sb.state.has_reaction(mid, emoji):
        _require(request, cid, ADD_REACTIONS)
    check_thread_activity(sb, sb.state.channel(cid), sb.state.bot_user.id, "react")
    sb.state.add_reaction(cid, mid, sb.state.bot_user.id, emoji)
    return empty_response()


async def remove_reaction(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user}."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    emoji = parse_emoji(request.match_info["emoji"], sb.state, cid)
    who = request.match_info["user"]
    if who == "@me":
        user_id = sb.state.bot_user.id
    else:
        user_id = snowflake(request, "user")
        if user_id != sb.state.bot_user.id:
            _moderate(request, cid)
    sb.state.remove_reaction(cid, snowflake(request, "message_id"), user_id, emoji)
    return empty_response()


async def reaction_users(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/messages/{message_id}/reactions/{emoji}."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    emoji = parse_emoji(request.match_info["emoji"], sb.state, cid)
    mid = snowflake(request, "message_id")
    sb.state.message(cid, mid)
    after = query_id(request, "after") or 0
    limit = query_limit(request, 25, 100)
    if _reaction_type(request) == BURST:
        return json_response([])  # nobody super-reacts in the sandbox
    # By user id, as Discord pages them with ``after``.
    users = sorted(sb.state.reaction_users(mid, emoji), key=lambda u: u.id)
    return json_response([u for u in users if u.id > after][:limit])


def _reaction_type(request: web.Request) -> int:
    """The ``type`` of reactions asked for: 0 (normal, by default) or 1 (burst); 50035
    for anything else."""
    raw = request.query.get("type", "0")
    try:
        kind = int(raw)
    except ValueError:
        raise form_error({"type": ("NUMBER_TYPE_COERCE", f'Value "{raw}" is not int.')}) from None
    if kind not in (NORMAL, BURST):
        raise form_error({"type": ("BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")})
    return kind


async def clear_reactions(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}/messages/{message_id}/reactions (and its variants)."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    _moderate(request, cid)
    raw = request.match_info.get("emoji")
    sb.state.clear_reactions(cid, snowflake(request, "message_id"),
                             parse_emoji(raw, sb.state, cid) if raw is not None else None)
    return empty_response()


async def crosspost(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/messages/{message_id}/crosspost: publish a message of
    an announcement channel (the bot's own: Send Messages; others': Manage Messages)."""
    sb = sandbox_of(request)
    cid = _viewable(request)
    message = sb.state.message(cid, snowflake(request, "message_id"))
    if sb.state.channel(cid).type != 5:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    own = message.author.id == sb.state.bot_user.id
    _require(request, cid, SEND_MESSAGES if own else MANAGE_MESSAGES)
    published = sb.state.crosspost(cid, message.id)
    sb.state.deliver_crosspost(published)
    return json_response(published)


_M = "/channels/{channel_id}/messages"
_R = _M + "/{message_id}/reactions"
ROUTES = [
    ("GET", _M, list_messages),
    ("POST", _M, post_message),
    ("POST", _M + "/bulk-delete", bulk_delete),
    ("GET", _M + "/{message_id}", get_message),
    ("PATCH", _M + "/{message_id}", patch_message),
    ("DELETE", _M + "/{message_id}", delete_message),
    ("POST", _M + "/{message_id}/crosspost", crosspost),
    ("DELETE", _R, clear_reactions),
    ("GET", _R + "/{emoji}", reaction_users),
    ("DELETE", _R + "/{emoji}", clear_reactions),
    ("PUT", _R + "/{emoji}/{user}", add_reaction),
    ("DELETE", _R + "/{emoji}/{user}", remove_reaction),
]
