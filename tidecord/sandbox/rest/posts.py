"""Forum and media posts edited with PATCH /channels/{id}: the tags a post carries
(``applied_tags``) and whether it is pinned on top of its channel (``flags``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from tidecord.models import UNSET, Channel, Snowflake

from .errors import APIError, form_error

if TYPE_CHECKING:
    from ..state.core import StateCore

__all__ = ["PINNED", "forum_of", "post_changes"]

#: The channel flag of a post pinned on top of its forum or media channel.
PINNED: Final = 1 << 1
MAX_APPLIED_TAGS: Final = 5
# GUILD_FORUM and GUILD_MEDIA: the channels whose threads are posts.
POST_CHANNELS: Final = frozenset({15, 16})


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
        out["applied_tags"] = _tags(thread, forum, asked["applied_tags"], moderator)
    if "flags" in asked:
        pinned = asked["flags"] & PINNED
        had = thread.flags if isinstance(thread.flags, int) else 0
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
    return any(isinstance(t.flags, int) and t.flags & PINNED and t.id != thread.id
               and t.parent_id == thread.parent_id for t in threads)


def _tags(thread: Channel, forum: Channel, asked: list[Any],
          moderator: bool) -> list[Snowflake]:
    if len(asked) > MAX_APPLIED_TAGS:
        raise form_error({"applied_tags": ("BASE_TYPE_MAX_LENGTH",
                                           f"Must be {MAX_APPLIED_TAGS} or fewer in length.")})
    for i, tag in enumerate(asked):
        if not str(tag).isdigit():
            raise form_error({f"applied_tags.{i}": ("NUMBER_TYPE_COERCE",
                                                    f'Value "{tag}" is not snowflake.')})
    wanted = list(dict.fromkeys(int(tag) for tag in asked))
    available = {int(t["id"]): t for t in forum.available_tags or [] if "id" in t}
    if any(tag not in available for tag in wanted):
        raise APIError(400, 10087, "Unknown Tag")
    had = set(thread.applied_tags) if thread.applied_tags is not UNSET else set()
    changed = had.symmetric_difference(wanted)
    if not moderator and any(available.get(tag, {}).get("moderated") for tag in changed):
        raise APIError(403, 50013, "Missing Permissions")
    return [Snowflake(tag) for tag in wanted]
