"""Channels: get, modify, delete, typing, pins and threads."""

from __future__ import annotations

import datetime
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Channel, ChannelOverwrite, Permissions, UnsetType

from ..snowflakes import iso_timestamp
from . import audit
from .bodies import check_send
from .context import query_id, query_limit, query_time, read_body, sandbox_of, snowflake
from .errors import APIError, empty_response, form_error, json_response

# What a channel's audit log entries show of it.
CHANNEL_AUDIT_KEYS: Final = ("name", "type", "topic", "nsfw", "rate_limit_per_user", "bitrate",
                             "user_limit", "parent_id")

__all__ = ["ROUTES", "renames"]

VIEW_CHANNEL: Final[int] = Permissions.view_channel
MANAGE_CHANNELS: Final[int] = Permissions.manage_channels
MANAGE_MESSAGES: Final[int] = Permissions.manage_messages
READ_HISTORY: Final[int] = Permissions.read_message_history
MANAGE_THREADS: Final[int] = Permissions.manage_threads
SEND_IN_THREADS: Final[int] = Permissions.send_messages_in_threads
GUILD_MEMBERS_INTENT: Final = 1 << 1
CREATE_PUBLIC_THREADS: Final[int] = Permissions.create_public_threads
CREATE_PRIVATE_THREADS: Final[int] = Permissions.create_private_threads
PIN_MESSAGES: Final[int] = Permissions.pin_messages
MANAGE_ROLES: Final[int] = Permissions.manage_roles
PRIVATE_THREAD: Final = 12


class ChannelBody(msgspec.Struct, kw_only=True):
    """PATCH /channels/{id} and POST /guilds/{id}/channels."""

    name: str | None = None
    type: int | None = None
    # Null clears these (a topic removed, a channel taken out of its category); left
    # out, they stay as they are.
    topic: str | UnsetType | None = UNSET
    position: int | None = None
    nsfw: bool | None = None
    rate_limit_per_user: int | None = None
    # Discord takes a snowflake as a string or a number.
    parent_id: str | int | UnsetType | None = UNSET
    permission_overwrites: list[ChannelOverwrite] | None = None
    bitrate: int | None = None
    user_limit: int | None = None
    archived: bool | None = None
    locked: bool | None = None
    invitable: bool | None = None
    auto_archive_duration: int | None = None

    def changes(self) -> dict[str, Any]:
        """The channel fields this body sets."""
        out: dict[str, Any] = {}
        for key in ("name", "position", "nsfw", "rate_limit_per_user",
                    "permission_overwrites", "bitrate", "user_limit"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.topic is not UNSET:
            out["topic"] = self.topic
        if self.parent_id is None:
            out["parent_id"] = None
        elif self.parent_id is not UNSET:
            if not str(self.parent_id).isdigit():
                raise form_error({"parent_id": ("NUMBER_TYPE_COERCE",
                                                f'Value "{self.parent_id}" is not snowflake.')})
            out["parent_id"] = int(self.parent_id)
        if self.name is not None and not 1 <= len(self.name) <= 100:
            raise form_error({"name": ("BASE_TYPE_BAD_LENGTH",
                                       "Must be between 1 and 100 in length.")})
        return out


class _OverwriteBody(msgspec.Struct, kw_only=True):
    """PUT /channels/{id}/permissions/{overwrite_id}: bit sets as strings or numbers."""

    type: int | None = None
    allow: str | int | None = None
    deny: str | int | None = None

    def bits(self, field: str) -> Permissions:
        value = getattr(self, field)
        if value is None:
            return Permissions(0)
        if isinstance(value, str) and not value.isdigit():
            raise form_error({field: ("NUMBER_TYPE_COERCE",
                                      f'Value "{value}" is not int.')})
        return Permissions(int(value))


class _ThreadBody(msgspec.Struct, kw_only=True):
    name: str
    type: int = 11
    auto_archive_duration: int = 1440
    # Whether its members may add others (null or left out: true). Only a private
    # thread keeps it: discord.py sends it for public ones too, which Discord takes.
    invitable: bool | None = None


def _channel(request: web.Request, need: int = VIEW_CHANNEL) -> Channel:
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    perms = sb.state.permissions(channel.id, sb.state.bot_user.id)
    if not perms & VIEW_CHANNEL:
        raise APIError(403, 50001, "Missing Access")
    if perms & need != need:
        raise APIError(403, 50013, "Missing Permissions")
    return channel


async def get_channel(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}."""
    return json_response(_channel(request))


async def renames(request: web.Request) -> bool:
    """Whether PATCH /channels/{channel_id} changes the channel's name or topic, which
    Discord limits apart (``RENAMES``). Asked before the handler, so a body that cannot
    be read (the handler answers it) or an unknown channel counts as no rename.

    Inferred, as Discord does not document the limit: only a real change counts, so
    sending the name or topic the channel already has (as some libraries do with every
    edit) uses the route's ordinary bucket alone."""
    channel_id = request.match_info.get("channel_id", "")
    channel = sandbox_of(request).state.channels.get(int(channel_id)) \
        if channel_id.isdigit() else None
    if channel is None:
        return False
    try:
        body = msgspec.json.decode(await request.read() or b"{}", type=ChannelBody)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return False
    topic = None if channel.topic is UNSET else channel.topic
    return (body.name is not None and body.name != channel.name) or (
        body.topic is not UNSET and body.topic != topic)


async def modify_channel(request: web.Request) -> web.Response:
    """PATCH /channels/{channel_id}."""
    sb = sandbox_of(request)
    channel = _channel(request)
    body, _ = await read_body(request, ChannelBody)
    changes = body.changes()
    if channel.is_thread:
        own = channel.owner_id == sb.state.bot_user.id
        if not own and not sb.state.can(channel.id, sb.state.bot_user.id, MANAGE_THREADS):
            raise APIError(403, 50013, "Missing Permissions")
        meta = channel.thread_metadata
        kept: dict[str, Any] = {}
        if meta is not UNSET and (body.archived is not None or body.locked is not None):
            kept.update(archived=meta.archived if body.archived is None else body.archived,
                        locked=meta.locked if body.locked is None else body.locked,
                        archive_timestamp=sb.state.now_iso())
        # Inferred: Discord's docs give ``invitable`` "only on private threads" and say
        # nothing of a public one; the sandbox lets it pass there and keeps nothing.
        if body.invitable is not None and channel.type == PRIVATE_THREAD:
            kept["invitable"] = body.invitable
        if meta is not UNSET and kept:
            changes["thread_metadata"] = msgspec.structs.replace(meta, **kept)
    elif not sb.state.can(channel.id, sb.state.bot_user.id, MANAGE_CHANNELS):
        raise APIError(403, 50013, "Missing Permissions")
    updated = sb.state.update_channel(channel.id, by=sb.state.bot_user.id, **changes)
    gid = sb.state.guild_id_of(channel)
    found = audit.changes(channel, updated, CHANNEL_AUDIT_KEYS)
    if gid is not None and not channel.is_thread and found:
        audit.record(request, gid, audit.Action.CHANNEL_UPDATE, channel.id, found)
    return json_response(updated)


async def delete_channel(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}."""
    sb = sandbox_of(request)
    channel = _channel(request)
    need = MANAGE_THREADS if channel.is_thread else MANAGE_CHANNELS
    if channel.type != 1 and not sb.state.can(channel.id, sb.state.bot_user.id, need):
        raise APIError(403, 50013, "Missing Permissions")
    gid = sb.state.guild_id_of(channel)
    deleted = sb.state.delete_channel(channel.id)
    if gid is not None and not channel.is_thread:
        audit.record(request, gid, audit.Action.CHANNEL_DELETE, channel.id,
                     audit.changes(channel, None, CHANNEL_AUDIT_KEYS))
    return json_response(deleted)


def _channel_for_overwrites(request: web.Request) -> Channel:
    sb = sandbox_of(request)
    channel = _channel(request)
    if channel.is_thread or channel.guild_id is UNSET:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    if not sb.state.can(channel.id, sb.state.bot_user.id, MANAGE_ROLES):
        raise APIError(403, 50013, "Missing Permissions")
    return channel


async def put_overwrite(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/permissions/{overwrite_id}: set one role's (type 0) or
    member's (type 1) overwrite; CHANNEL_UPDATE, then 204."""
    sb = sandbox_of(request)
    channel = _channel_for_overwrites(request)
    target = snowflake(request, "overwrite_id")
    body, _ = await read_body(request, _OverwriteBody)
    if body.type not in (0, 1):
        raise form_error({"type": ("BASE_TYPE_CHOICES",
                                   "Value must be one of {0, 1}.")})
    new = ChannelOverwrite(id=target, type=body.type, allow=body.bits("allow"),
                           deny=body.bits("deny"))
    # Only what the bot may do itself can be allowed or denied, unless the channel
    # gives the bot MANAGE_ROLES by an overwrite of its own (Discord's rule).
    bot = sb.state.bot_user.id
    own = any(o.id == bot and o.type == 1 and o.allow.value & MANAGE_ROLES
              for o in channel.permission_overwrites or [])
    asked = new.allow.value | new.deny.value
    if not own and asked & ~sb.state.permissions(channel.id, bot):
        raise APIError(403, 50013, "Missing Permissions")
    kept = [o for o in channel.permission_overwrites or [] if o.id != target]
    sb.state.update_channel(channel.id, permission_overwrites=[*kept, new])
    return empty_response()


async def delete_overwrite(request: web.Request) -> web.Response:
    """DELETE /channels/{channel_id}/permissions/{overwrite_id}: CHANNEL_UPDATE, then 204;
    404 (10009) when the channel has no such overwrite."""
    sb = sandbox_of(request)
    channel = _channel_for_overwrites(request)
    target = snowflake(request, "overwrite_id")
    overwrites = channel.permission_overwrites or []
    kept = [o for o in overwrites if o.id != target]
    if len(kept) == len(overwrites):
        raise APIError(404, 10009, "Unknown Overwrite")
    sb.state.update_channel(channel.id, permission_overwrites=kept)
    return empty_response()


async def trigger_typing(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/typing."""
    sb = sandbox_of(request)
    channel = sb.state.channel(snowflake(request, "channel_id"))
    check_send(sb, channel, sb.state.bot_user.id)
    sb.state.typing(channel.id, sb.state.bot_user.id)
    return empty_response()


async def get_pins(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/messages/pins (pages: ``before`` a time, ``limit`` 1-50,
    newest pin first, each with ``pinned_at``), and the older GET /channels/{id}/pins
    (every pin's message)."""
    sb = sandbox_of(request)
    channel = _channel(request, READ_HISTORY)
    pinned = sb.state.pinned(channel.id)
    if not request.path.endswith("/messages/pins"):
        return json_response([message for _, message in pinned])
    limit = query_limit(request, 50, 50)
    cutoff = query_time(request, "before")
    if cutoff is not None:
        pinned = [(at, message) for at, message in pinned if at < cutoff]
    items = [{"pinned_at": iso_timestamp(at), "message": message}
             for at, message in pinned[:limit]]
    return json_response({"items": items, "has_more": len(pinned) > limit})


async def pin(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/pins/{message_id} (and its variants)."""
    sb = sandbox_of(request)
    channel = _channel(request)
    perms = sb.state.permissions(channel.id, sb.state.bot_user.id)
    if not perms & (MANAGE_MESSAGES | PIN_MESSAGES):
        raise APIError(403, 50013, "Missing Permissions")
    sb.state.pin(channel.id, snowflake(request, "message_id"), request.method == "PUT",
                 by=sb.state.bot_user.id)
    return empty_response()


async def start_thread(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/threads (and its variants)."""
    sb = sandbox_of(request)
    body, _ = await read_body(request, _ThreadBody)
    message_id = snowflake(request, "message_id") if "message_id" in request.match_info else None
    need = CREATE_PRIVATE_THREADS if body.type == 12 else CREATE_PUBLIC_THREADS
    channel = _channel(request, need)
    if not 1 <= len(body.name) <= 100:
        raise form_error({"name": ("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")})
    if message_id is not None:
        sb.state.message(channel.id, message_id)
    thread = sb.state.create_thread(
        channel.id, body.name, sb.state.bot_user.id, type=11 if message_id else body.type,
        message_id=message_id, auto_archive_duration=body.auto_archive_duration,
        invitable=body.invitable is not False,
    )
    return json_response(thread, status=201)


async def join_thread(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/thread-members/@me: join; DELETE: leave."""
    sb = sandbox_of(request)
    thread = _open_thread(request)
    sb.state.set_thread_member(thread.id, sb.state.bot_user.id, request.method == "PUT")
    return empty_response()


def _thread(request: web.Request) -> Channel:
    thread = _channel(request)
    if not thread.is_thread:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    return thread


def _open_thread(request: web.Request) -> Channel:
    """The thread, which joining, leaving, adding or removing someone needs unarchived."""
    thread = _thread(request)
    meta = thread.thread_metadata
    if meta is not UNSET and meta.archived:
        raise APIError(400, 50083, "Thread is archived")
    return thread


def _may_manage_members(request: web.Request, thread: Channel, user_id: int) -> None:
    """Adding someone else needs the right to post in the thread and, in a private
    thread, :func:`_may_invite`; removing someone else needs Manage Threads, or to be
    the owner of a private thread (Discord's docs)."""
    sb = sandbox_of(request)
    bot = sb.state.bot_user.id
    moderator = sb.state.can(thread.id, bot, MANAGE_THREADS)
    owner_of_private = thread.type == PRIVATE_THREAD and thread.owner_id == bot
    if request.method == "DELETE":
        allowed = moderator or owner_of_private
    else:
        allowed = sb.state.can(thread.id, bot, SEND_IN_THREADS) and (
            thread.type != PRIVATE_THREAD or _may_invite(request, thread, user_id))
    if not allowed:
        raise APIError(403, 50013, "Missing Permissions")


def _may_invite(request: web.Request, thread: Channel, user_id: int) -> bool:
    """Whether the bot may add ``user_id`` to a private thread. Discord's docs: the
    thread's ``invitable`` says "whether non-moderators can add other non-moderators"
    (moderators having Manage Threads), true unless set otherwise.

    Inferred, as the docs say no more: its owner may add anyone whatever the flag (the
    owner chose it), and otherwise only a member may, as only members see a private
    thread; with the flag false a member may still add a moderator, whom the flag
    does not name."""
    state = sandbox_of(request).state
    bot = state.bot_user.id
    if state.can(thread.id, bot, MANAGE_THREADS) or thread.owner_id == bot:
        return True
    if bot not in state.thread_members.get(int(thread.id), {}):
        return False
    meta = thread.thread_metadata
    invitable = meta is UNSET or meta.invitable is not False
    return invitable or state.can(thread.id, user_id, MANAGE_THREADS)


async def thread_member(request: web.Request) -> web.Response:
    """PUT and DELETE /channels/{channel_id}/thread-members/{user_id}; GET one."""
    sb = sandbox_of(request)
    thread = _thread(request) if request.method == "GET" else _open_thread(request)
    uid = int(snowflake(request, "user_id"))
    gid = sb.state.guild_id_of(thread)
    if request.method == "GET":
        found = [m for m in sb.state.thread_member_list(thread.id) if m.id == uid]
        if not found:
            raise APIError(404, 10007, "Unknown Member")
        return json_response(found[0])
    if uid not in sb.state.members.get(gid or 0, {}):
        raise APIError(404, 10007, "Unknown Member")
    _may_manage_members(request, thread, uid)
    # By the bot: a notice in the thread when the user is someone else.
    sb.state.set_thread_member(thread.id, uid, request.method == "PUT", by=sb.state.bot_user.id)
    return empty_response()


async def thread_members(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/thread-members (needs the server members intent, as
    Discord's)."""
    sb = sandbox_of(request)
    thread = _thread(request)
    if not sb.state.privileged_intents & GUILD_MEMBERS_INTENT:
        raise APIError(403, 50001, "Missing Access")
    return json_response(sb.state.thread_member_list(thread.id))


async def archived_threads(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/threads/archived/public and /private (newest archived
    first, ``before`` a time), and /users/@me/threads/archived/private (the private ones
    the bot joined, newest id first, ``before`` an id)."""
    sb = sandbox_of(request)
    channel = _channel(request, READ_HISTORY)
    joined = "/users/@me/" in request.path
    private = request.path.endswith("/private")
    if private and not joined and not sb.state.can(channel.id, sb.state.bot_user.id,
                                                   MANAGE_THREADS):
        raise APIError(403, 50013, "Missing Permissions")
    limit = query_limit(request, 50, 100, least=2)
    gid = sb.state.guild_id_of(channel)
    found = [t for t in sb.state.threads.get(gid or 0, {}).values()
             if t.parent_id == channel.id and t.thread_metadata is not UNSET
             and t.thread_metadata.archived and (t.type == 12) == private]
    if joined:
        bot = sb.state.bot_user.id
        found = [t for t in found if bot in sb.state.thread_members.get(int(t.id), {})]
        found.sort(key=lambda t: -t.id)
        before = query_id(request, "before")
        if before is not None:
            found = [t for t in found if t.id < before]
    else:
        def archived_ms(thread: Channel) -> float:
            meta = thread.thread_metadata
            stamp = meta.archive_timestamp if meta is not UNSET else None
            return datetime.datetime.fromisoformat(stamp).timestamp() * 1000 if stamp else 0.0

        found.sort(key=archived_ms, reverse=True)
        cutoff = query_time(request, "before")
        if cutoff is not None:
            found = [t for t in found if archived_ms(t) < cutoff]
    return json_response({"threads": found[:limit], "members": [],
                          "has_more": len(found) > limit})


_C = "/channels/{channel_id}"
ROUTES = [
    ("GET", _C, get_channel),
    ("PATCH", _C, modify_channel),
    ("DELETE", _C, delete_channel),
    ("PUT", _C + "/permissions/{overwrite_id}", put_overwrite),
    ("DELETE", _C + "/permissions/{overwrite_id}", delete_overwrite),
    ("POST", _C + "/typing", trigger_typing),
    ("GET", _C + "/pins", get_pins),
    ("GET", _C + "/threads/archived/public", archived_threads),
    ("GET", _C + "/threads/archived/private", archived_threads),
    ("GET", _C + "/users/@me/threads/archived/private", archived_threads),
    ("PUT", _C + "/pins/{message_id}", pin),
    ("DELETE", _C + "/pins/{message_id}", pin),
    ("GET", _C + "/messages/pins", get_pins),
    ("PUT", _C + "/messages/pins/{message_id}", pin),
    ("DELETE", _C + "/messages/pins/{message_id}", pin),
    ("POST", _C + "/threads", start_thread),
    ("POST", _C + "/messages/{message_id}/threads", start_thread),
    ("PUT", _C + "/thread-members/@me", join_thread),
    ("DELETE", _C + "/thread-members/@me", join_thread),
    ("GET", _C + "/thread-members", thread_members),
    ("GET", _C + "/thread-members/{user_id}", thread_member),
    ("PUT", _C + "/thread-members/{user_id}", thread_member),
    ("DELETE", _C + "/thread-members/{user_id}", thread_member),
]
