"""Forum and media posts: made with POST /channels/{id}/threads, a thread and its first
message at once; edited with PATCH /channels/{id}: the tags a post carries
(``applied_tags``) and whether it is pinned on top of its channel (``flags``)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Channel, Message, Permissions, Snowflake, User, to_builtins

from . import audit
from .bodies import MessageBody, check_new, create_message
from .context import UploadedFile, sandbox_of
from .errors import REQUIRED, APIError, form_error, json_response, too_long
from .forums import REQUIRE_TAG

if TYPE_CHECKING:
    from ..server import Sandbox
    from ..state.core import StateCore

__all__ = ["PINNED", "POST_CHANNELS", "PostBody", "check_poster", "check_tags", "forum_of",
           "make_post", "post_changes", "start_post"]

#: The channel flag of a post pinned on top of its forum or media channel.
PINNED: Final = 1 << 1
MAX_APPLIED_TAGS: Final = 5
# GUILD_FORUM and GUILD_MEDIA: the channels whose threads are posts.
POST_CHANNELS: Final = frozenset({15, 16})


SEND_MESSAGES: Final[int] = Permissions.send_messages
ATTACH_FILES: Final[int] = Permissions.attach_files
MANAGE_THREADS: Final[int] = Permissions.manage_threads


class PostBody(msgspec.Struct, kw_only=True):
    """What POST /channels/{id}/threads takes beyond a thread's own fields when the
    channel is a forum or media channel."""

    # The post's first message (Discord's docs: required).
    message: MessageBody | None = None
    # Snowflakes as strings or numbers.
    applied_tags: list[str | int] | None = None


def start_post(request: web.Request, forum: Channel, name: str, auto_archive_duration: int,
               body: PostBody, files: list[UploadedFile],
               rate_limit_per_user: int | None = None) -> web.Response:
    """A new post in ``forum``: its thread, then its first message (``body.message``,
    with the request's files) under the thread's id; the thread comes back with the
    message nested, as Discord's docs say.

    Discord's docs: the bot needs Send Messages in the channel (Attach Files for
    files); the tags are held to :func:`check_tags`; a channel with REQUIRE_TAG refuses
    a post without a tag: 400, 40067 "A tag is required to create a forum post in this
    channel" (Discord's JSON error codes)."""
    sb = sandbox_of(request)
    state = sb.state
    bot = state.bot_user.id
    check_poster(state, bot, forum, files=bool(files))
    if body.message is None:
        raise form_error({"message": REQUIRED})
    thread, message = make_post(sb, forum, name, state.bot_user, body.message, files,
                                body.applied_tags, state.can(forum.id, bot, MANAGE_THREADS),
                                auto_archive_duration=auto_archive_duration, nest="message",
                                rate_limit_per_user=rate_limit_per_user)
    audit.record_thread(request, audit.Action.THREAD_CREATE, None, thread)
    post = to_builtins(thread)
    post["message"] = to_builtins(message)
    return json_response(post, status=201)


def check_poster(state: StateCore, actor: int, forum: Channel, *, files: bool) -> None:
    """403 (50013) unless ``actor`` may post in ``forum``: Send Messages there (and
    Attach Files for files), which is all a post needs (Discord's threads topic)."""
    need = SEND_MESSAGES | (ATTACH_FILES if files else 0)
    if not state.can(forum.id, actor, need):
        raise APIError(403, 50013, "Missing Permissions")


def make_post(sb: Sandbox, forum: Channel, name: str, author: User, message: MessageBody,
              files: list[UploadedFile], applied_tags: list[str | int] | None,
              moderator: bool, *, auto_archive_duration: int = 1440, nest: str | None = None,
              rate_limit_per_user: int | None = None, **extra: Any) -> tuple[Channel, Message]:
    """A post in ``forum`` by ``author`` (the bot, or a webhook): the message checked
    first (its form errors under ``nest``, as the body holds it there), then its tags
    (:func:`check_tags`; none in a channel with REQUIRE_TAG: 40067), then the thread
    and the message under the thread's id. ``extra``: the message's own (webhook_id...,
    or ``max_content`` for a person's longer message).
    Returns the thread as it is after the message, and the message."""
    try:
        check_new(message, files, max_content=extra.get("max_content", 2000))
    except APIError as exc:
        if nest is not None and exc.errors is not None:
            exc.errors = {nest: exc.errors}
        raise
    tags = check_tags(forum, applied_tags or [], set(), moderator)
    flags = forum.flags_value if isinstance(forum.flags_value, int) else 0
    if not tags and flags & REQUIRE_TAG:
        raise APIError(400, 40067, "A tag is required to create a forum post in this channel")
    state = sb.state
    thread = state.create_thread(forum.id, name, author.id,
                                 auto_archive_duration=auto_archive_duration,
                                 applied_tags=tags, rate_limit_per_user=rate_limit_per_user)
    made = create_message(sb, thread, author, message, files, check_permissions=False,
                          message_id=thread.id, **extra)
    return state.channel(thread.id), made


def forum_of(state: StateCore, thread: Channel) -> Channel | None:
    """The forum or media channel of a post; None for a thread of any other channel."""
    parent = state.channels.get(thread.parent_id) if isinstance(thread.parent_id, int) else None
    return parent if parent is not None and parent.type in POST_CHANNELS else None


def post_changes(state: StateCore, thread: Channel, asked: dict[str, Any],
                 moderator: bool) -> dict[str, Any]:
    """What ``applied_tags`` and ``flags`` in the body (``asked``, already allowed to
    the bot by the owner and moderator rules) change of a thread.

    Discord's docs: a post carries at most 5 tags, each one of its channel's
    ``available_tags``, and a ``moderated`` tag is added or taken off by moderators
    (Manage Threads) only; the only flag a thread takes is PINNED, and only a post.
    Inferred: a tag that is not the channel's is 400 Unknown Tag (10087); a moderated
    one changed by someone else 403 (50013); a second pinned post in a channel 400
    (30047, "maximum number of pinned threads in a forum channel"), as Discord's
    clients pin one post per channel; PINNED asked of a thread that is not a post
    50035; other flag bits are the channel's to set, so a thread keeps its own."""
    forum = forum_of(state, thread)
    out: dict[str, Any] = {}
    if "applied_tags" in asked and forum is not None:
        tagged = set(thread.applied_tag_ids) if thread.applied_tag_ids is not UNSET else set()
        out["applied_tags"] = check_tags(forum, asked["applied_tags"], tagged, moderator)
    if "flags" in asked:
        pinned = asked["flags"] & PINNED
        had = thread.flags_value if isinstance(thread.flags_value, int) else 0
        if pinned and forum is None:
            raise form_error({"flags": ("BASE_TYPE_INVALID",
                                        "PINNED can only be set on forum and media posts.")})
        if pinned and not had & PINNED and _pinned_beside(state, thread):
            raise APIError(400, 30047,
                           "Maximum number of pinned threads in a forum channel has been reached")
        out["flags"] = had & ~PINNED | pinned
    return out


def _pinned_beside(state: StateCore, thread: Channel) -> bool:
    """Whether another post of the thread's channel is pinned."""
    threads = state.threads.get(state.guild_id_of(thread) or 0, {}).values()
    return any(isinstance(t.flags_value, int) and t.flags_value & PINNED and t.id != thread.id
               and t.parent_id == thread.parent_id for t in threads)


def check_tags(forum: Channel, asked: list[Any], had: AbstractSet[int],
               moderator: bool) -> list[Snowflake]:
    """The ``applied_tags`` of a post of ``forum`` that had the tags ``had`` (none for a
    new post): at most 5, each one of the forum's (else 10087), moderated ones added or
    taken off by moderators alone (else 50013); see :func:`post_changes`."""
    if len(asked) > MAX_APPLIED_TAGS:
        raise form_error({"applied_tags": too_long(MAX_APPLIED_TAGS)})
    for i, tag in enumerate(asked):
        if not str(tag).isdigit():
            raise form_error({f"applied_tags.{i}": ("NUMBER_TYPE_COERCE",
                                                    f'Value "{tag}" is not snowflake.')})
    wanted = list(dict.fromkeys(int(tag) for tag in asked))
    available = {int(t["id"]): t for t in forum.tags_data or [] if "id" in t}
    if any(tag not in available for tag in wanted):
        raise APIError(400, 10087, "Unknown Tag")
    changed = set(had).symmetric_difference(wanted)
    if not moderator and any(available.get(tag, {}).get("moderated") for tag in changed):
        raise APIError(403, 50013, "Missing Permissions")
    return [Snowflake(tag) for tag in wanted]
