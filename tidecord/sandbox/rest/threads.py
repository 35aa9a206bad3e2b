"""Threads: start one, edit it, join or leave it, add and remove its members, list the
archived."""

from __future__ import annotations

import datetime
from typing import Any, Final

from aiohttp import web

from tidecord.models import UNSET, Channel, Permissions, ThreadMember, to_builtins

from . import audit
from .access import PRIVATE_THREAD, visible_channel
from .context import query_bool, query_id, query_limit, query_time, read_body, sandbox_of, snowflake
from .errors import APIError, FormError, empty_response, form_error, json_response
from .posts import POST_CHANNELS, PostBody, start_post
from .thread_rules import (
    MANAGE_THREADS,
    changes_by,
    check_name,
    check_open,
    may_manage_members,
    may_start,
    thread_type,
)

__all__ = ["ROUTES", "check_settings", "thread_changes"]

READ_HISTORY: Final[int] = Permissions.read_message_history
GUILD_MEMBERS_INTENT: Final = 1 << 1
#: The minutes Discord offers for ``auto_archive_duration``; the longest slowmode (s).
ARCHIVE_DURATIONS: Final = (60, 1440, 4320, 10080)
MAX_SLOWMODE: Final = 21600


def check_settings(auto_archive_duration: int | None = None,
                   rate_limit_per_user: int | None = None, *,
                   default_auto_archive_duration: int | None = None,
                   default_thread_rate_limit_per_user: int | None = None) -> None:
    """400 Invalid Form Body (50035) for an ``auto_archive_duration`` (or a channel's
    ``default_auto_archive_duration``) Discord does not offer, or a
    ``rate_limit_per_user`` (or ``default_thread_rate_limit_per_user``) outside 0 to
    21600 seconds, as Discord answers when a channel or thread is made or edited with
    one (None: not in the body)."""
    errors: dict[str, FormError] = {}
    choices = ", ".join(map(str, ARCHIVE_DURATIONS))
    for field, duration in (("auto_archive_duration", auto_archive_duration),
                            ("default_auto_archive_duration", default_auto_archive_duration)):
        if duration is not None and duration not in ARCHIVE_DURATIONS:
            errors[field] = ("BASE_TYPE_CHOICES", f"Value must be one of {{{choices}}}.")
    for field, delay in (("rate_limit_per_user", rate_limit_per_user),
                         ("default_thread_rate_limit_per_user",
                          default_thread_rate_limit_per_user)):
        if delay is not None and not 0 <= delay <= MAX_SLOWMODE:
            errors[field] = (
                ("NUMBER_TYPE_MAX", f"int value should be less than or equal to {MAX_SLOWMODE}.")
                if delay > 0
                else ("NUMBER_TYPE_MIN", "int value should be greater than or equal to 0."))
    if errors:
        raise form_error(errors)


class _ThreadBody(PostBody, kw_only=True):
    name: str
    type: int = 11
    auto_archive_duration: int = 1440
    # Whether its members may add others (null or left out: true). Only a private
    # thread keeps it: discord.py sends it for public ones too, which Discord takes.
    invitable: bool | None = None
    # The new thread's slowmode (left out: the parent's default for its threads).
    rate_limit_per_user: int | None = None


async def start_thread(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/threads (and its variants)."""
    sb = sandbox_of(request)
    body, files = await read_body(request, _ThreadBody)
    message_id = snowflake(request, "message_id") if "message_id" in request.match_info else None
    channel = visible_channel(request)
    post = message_id is None and channel.type in POST_CHANNELS
    bot = sb.state.bot_user.id
    kind = thread_type(channel, body.type, from_message=message_id is not None)
    if not post:
        may_start(sb.state, bot, channel, kind)
    check_name(body.name)
    check_settings(body.auto_archive_duration, body.rate_limit_per_user)
    if post:
        return start_post(request, channel, body.name, body.auto_archive_duration, body, files,
                          body.rate_limit_per_user)
    if message_id is not None:
        sb.state.message(channel.id, message_id)
    thread = sb.state.create_thread(
        channel.id, body.name, bot, type=kind, message_id=message_id,
        auto_archive_duration=body.auto_archive_duration,
        invitable=body.invitable is not False, rate_limit_per_user=body.rate_limit_per_user,
    )
    audit.record_thread(request, audit.Action.THREAD_CREATE, None, thread)
    return json_response(thread, status=201)


def thread_changes(request: web.Request, thread: Channel,
                   asked: dict[str, Any]) -> dict[str, Any]:
    """The changes the bot's PATCH /channels/{channel_id} makes to a thread
    (:func:`~.thread_rules.changes_by`, the bot acting)."""
    state = sandbox_of(request).state
    return changes_by(state, state.bot_user.id, thread, asked)


async def join_thread(request: web.Request) -> web.Response:
    """PUT /channels/{channel_id}/thread-members/@me: join; DELETE: leave."""
    sb = sandbox_of(request)
    thread = _open_thread(request)
    sb.state.set_thread_member(thread.id, sb.state.bot_user.id, request.method == "PUT")
    return empty_response()


def _thread(request: web.Request) -> Channel:
    thread = visible_channel(request)
    if not thread.is_thread:
        raise APIError(400, 50024, "Cannot execute action on this channel type")
    return thread


def _open_thread(request: web.Request) -> Channel:
    """The thread, which joining, leaving, adding or removing someone needs unarchived."""
    thread = _thread(request)
    check_open(thread)
    return thread


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
        return json_response(_shown(request, gid, found)[0])
    if uid not in sb.state.members.get(gid or 0, {}):
        raise APIError(404, 10007, "Unknown Member")
    may_manage_members(sb.state, sb.state.bot_user.id, thread, uid,
                       removing=request.method == "DELETE")
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
    members = sb.state.thread_member_list(thread.id)  # by user id
    # Read (and refused when malformed) always; used only with members (Discord's docs).
    limit = query_limit(request, 100, 100)
    after = query_id(request, "after")
    if _with_member(request):
        # Only then are they paged, ``after`` a user id.
        members = [m for m in members if after is None or _user_id(m) > after][:limit]
    return json_response(_shown(request, sb.state.guild_id_of(thread), members))


def _with_member(request: web.Request) -> bool:
    return query_bool(request, "with_member")


def _shown(request: web.Request, gid: int | None,
           members: list[ThreadMember]) -> list[ThreadMember] | list[dict[str, Any]]:
    """Thread members as the route answers them: each with its guild ``member`` when
    the request asked ``with_member``."""
    if not _with_member(request):
        return members
    guild_members = sandbox_of(request).state.members.get(gid or 0, {})
    return [{**to_builtins(m), "member": guild_members.get(_user_id(m))} for m in members]


def _user_id(member: ThreadMember) -> int:
    assert member.id is not UNSET  # the sandbox's own thread members are whole
    return int(member.id)


async def archived_threads(request: web.Request) -> web.Response:
    """GET /channels/{channel_id}/threads/archived/public and /private (newest archived
    first, ``before`` a time), and /users/@me/threads/archived/private (the private ones
    the bot joined, newest id first, ``before`` an id)."""
    sb = sandbox_of(request)
    channel = visible_channel(request, READ_HISTORY)
    joined = "/users/@me/" in request.path
    private = request.path.endswith("/private")
    if private and not joined and not sb.state.can(channel.id, sb.state.bot_user.id,
                                                   MANAGE_THREADS):
        raise APIError(403, 50013, "Missing Permissions")
    limit = query_limit(request, 50, 100, least=2)
    gid = sb.state.guild_id_of(channel)
    found = [t for t in sb.state.threads.get(gid or 0, {}).values()
             if t.parent_id == channel.id and t.thread_metadata is not UNSET
             and t.thread_metadata.archived and (t.type == PRIVATE_THREAD) == private]
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
    ("GET", _C + "/threads/archived/public", archived_threads),
    ("GET", _C + "/threads/archived/private", archived_threads),
    ("GET", _C + "/users/@me/threads/archived/private", archived_threads),
    ("POST", _C + "/threads", start_thread),
    ("POST", _C + "/messages/{message_id}/threads", start_thread),
    ("PUT", _C + "/thread-members/@me", join_thread),
    ("DELETE", _C + "/thread-members/@me", join_thread),
    ("GET", _C + "/thread-members", thread_members),
    ("GET", _C + "/thread-members/{user_id}", thread_member),
    ("PUT", _C + "/thread-members/{user_id}", thread_member),
    ("DELETE", _C + "/thread-members/{user_id}", thread_member),
]
