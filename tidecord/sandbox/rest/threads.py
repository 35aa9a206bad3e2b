"""Threads: start one, edit it, join or leave it, add and remove its members, list the
archived."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Channel, Permissions, ThreadMember, to_builtins

from . import audit
from .access import PRIVATE_THREAD, visible_channel
from .context import query_id, query_limit, query_time, read_body, sandbox_of, snowflake
from .errors import APIError, FormError, empty_response, form_error, json_response
from .posts import PINNED, POST_CHANNELS, PostBody, forum_of, post_changes, start_post

if TYPE_CHECKING:
    from ..state.core import StateCore

__all__ = ["ROUTES", "check_settings", "thread_changes"]

READ_HISTORY: Final[int] = Permissions.read_message_history
MANAGE_THREADS: Final[int] = Permissions.manage_threads
SEND_IN_THREADS: Final[int] = Permissions.send_messages_in_threads
CREATE_PUBLIC_THREADS: Final[int] = Permissions.create_public_threads
CREATE_PRIVATE_THREADS: Final[int] = Permissions.create_private_threads
GUILD_MEMBERS_INTENT: Final = 1 << 1
# What a thread's owner may change without Manage Threads (Discord's threads topic);
# slowmode, ``locked`` and ``invitable``, and whatever else, are the moderators'.
OWNER_FIELDS: Final = frozenset({"name", "archived", "auto_archive_duration"})
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
    # Taken by Discord when starting a thread; the sandbox checks it, and a new thread
    # starts without slowmode whatever it says (not modelled).
    rate_limit_per_user: int | None = None


async def start_thread(request: web.Request) -> web.Response:
    """POST /channels/{channel_id}/threads (and its variants)."""
    sb = sandbox_of(request)
    body, files = await read_body(request, _ThreadBody)
    message_id = snowflake(request, "message_id") if "message_id" in request.match_info else None
    channel = visible_channel(request)
    post = message_id is None and channel.type in POST_CHANNELS
    need = CREATE_PRIVATE_THREADS if body.type == PRIVATE_THREAD else CREATE_PUBLIC_THREADS
    if not post and not sb.state.can(channel.id, sb.state.bot_user.id, need):
        raise APIError(403, 50013, "Missing Permissions")
    if not 1 <= len(body.name) <= 100:
        raise form_error({"name": ("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")})
    check_settings(body.auto_archive_duration, body.rate_limit_per_user)
    if post:
        return start_post(request, channel, body.name, body.auto_archive_duration, body, files)
    if message_id is not None:
        sb.state.message(channel.id, message_id)
    thread = sb.state.create_thread(
        channel.id, body.name, sb.state.bot_user.id, type=11 if message_id else body.type,
        message_id=message_id, auto_archive_duration=body.auto_archive_duration,
        invitable=body.invitable is not False,
    )
    audit.record_thread(request, audit.Action.THREAD_CREATE, None, thread)
    return json_response(thread, status=201)


def thread_changes(request: web.Request, thread: Channel,
                   asked: dict[str, Any]) -> dict[str, Any]:
    """The changes PATCH /channels/{channel_id} makes to a thread's metadata and, for a
    forum or media post, to its tags and pin (:func:`post_changes`), given the fields
    the body sets (``asked``), once Discord's rules allow it. An archived thread takes
    an edit only with ``archived`` false in it (400, 50083); without Manage Threads see
    :func:`_may_edit` (403, 50013)."""
    state = sandbox_of(request).state
    meta = thread.thread_metadata
    if meta is UNSET:
        return {}
    had = thread.flags_value if isinstance(thread.flags_value, int) else 0
    if "flags" in asked and not (asked["flags"] ^ had) & PINNED:
        # Inferred: flags that leave the pin as it is change nothing of a thread,
        # so they need no right (the other bits are the channel's).
        asked = {key: value for key, value in asked.items() if key != "flags"}
    if meta.archived and asked.get("archived") is not False:
        raise APIError(400, 50083, "Thread is archived")
    moderator = state.can(thread.id, state.bot_user.id, MANAGE_THREADS)
    if not moderator:
        _may_edit(state, thread, asked)
    out = post_changes(state, thread, asked, moderator)
    kept: dict[str, Any] = {key: asked[key] for key in ("archived", "locked",
                                                       "auto_archive_duration")
                            if key in asked}
    # Inferred: Discord's docs give ``invitable`` "only on private threads" and say
    # nothing of a public one; the sandbox lets it pass there and keeps nothing.
    if "invitable" in asked and thread.type == PRIVATE_THREAD:
        kept["invitable"] = asked["invitable"]
    # Discord's threads topic: archiving, unarchiving and a new auto_archive_duration
    # move the archive timestamp; archiving a post unpins it.
    if "archived" in kept or "auto_archive_duration" in kept:
        kept["archive_timestamp"] = state.now_iso()
    if kept.get("archived") and out.get("flags", had) & PINNED:
        out["flags"] = out.get("flags", had) & ~PINNED
    if kept:
        out["thread_metadata"] = msgspec.structs.replace(meta, **kept)
    return out


def _may_edit(state: StateCore, thread: Channel, asked: dict[str, Any]) -> None:
    """Without Manage Threads, Discord's docs allow: the thread's owner to change its
    name, ``archived`` and ``auto_archive_duration`` and, of a forum or media post,
    its tags; anyone who may post in it to unarchive it, and nothing more; and no one
    to change a locked thread, as only moderators unarchive one or change its
    properties. Pinning a post is the moderators'.

    Inferred where the docs disagree: the threads topic has unarchiving need the user to
    be in the thread (and lets the owner unarchive a locked one), the channel reference
    the right to send, which the sandbox takes, as posting unarchives a thread too. The
    owner's tags: the threads topic names a locked thread's "title or tags" as what
    only moderators then change, so the owner changes both while it is not locked."""
    bot = state.bot_user.id
    meta = thread.thread_metadata
    locked = meta is not UNSET and meta.locked
    if thread.owner_id == bot:
        fields = OWNER_FIELDS | {"applied_tags"} if forum_of(state, thread) else OWNER_FIELDS
        allowed = not locked and asked.keys() <= fields
    else:
        allowed = not locked and asked == {"archived": False} and state.can(
            thread.id, bot, SEND_IN_THREADS)
    if not allowed:
        raise APIError(403, 50013, "Missing Permissions")


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
        return json_response(_shown(request, gid, found)[0])
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
    members = sb.state.thread_member_list(thread.id)  # by user id
    if _with_member(request):
        # Only then are they paged, ``after`` a user id (Discord's docs).
        limit = query_limit(request, 100, 100)
        after = query_id(request, "after")
        members = [m for m in members if after is None or _user_id(m) > after][:limit]
    return json_response(_shown(request, sb.state.guild_id_of(thread), members))


def _with_member(request: web.Request) -> bool:
    return request.query.get("with_member", "").lower() in ("true", "1")


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
