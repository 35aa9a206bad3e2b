"""Who may start a thread, change it and say who is in it: Discord's rules, with the
one who acts as an argument, so that the bot's REST calls (``threads.py``) and a
person's actions (``people_threads.py``) go through the same checks and the same
state. Each raises :class:`APIError` as the route answers it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import msgspec

from tidecord.models import UNSET, Channel, Permissions

from .access import PRIVATE_THREAD
from .errors import APIError, bad_length, form_error
from .posts import PINNED, forum_of, post_changes

if TYPE_CHECKING:
    from ..state.core import StateCore

__all__ = ["CREATE_PRIVATE_THREADS", "CREATE_PUBLIC_THREADS", "MANAGE_THREADS",
           "SEND_IN_THREADS", "changes_by", "check_name", "check_open", "may_manage_members",
           "may_start", "thread_type", "webhook_target"]

MANAGE_THREADS: Final[int] = Permissions.manage_threads
SEND_IN_THREADS: Final[int] = Permissions.send_messages_in_threads
CREATE_PUBLIC_THREADS: Final[int] = Permissions.create_public_threads
CREATE_PRIVATE_THREADS: Final[int] = Permissions.create_private_threads
# What a thread's owner may change without Manage Threads (Discord's threads topic);
# slowmode, ``locked`` and ``invitable``, and whatever else, are the moderators'.
OWNER_FIELDS: Final = frozenset({"name", "archived", "auto_archive_duration"})
_ANNOUNCEMENT: Final = 5


def thread_type(parent: Channel, asked: int, *, from_message: bool) -> int:
    """The type of a new thread: from a message, the parent's kind of public thread
    (an announcement channel's is ANNOUNCEMENT_THREAD, 10; a text channel's
    PUBLIC_THREAD, 11), as Discord's Start Thread from Message says; else ``asked``,
    which must be a kind of thread (50035 otherwise, as the spec's enum has it)."""
    if not from_message:
        if asked not in (10, 11, 12):
            raise form_error({"type": ("BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}.")})
        return asked
    return 10 if parent.type == _ANNOUNCEMENT else 11


def may_start(state: StateCore, actor: int, parent: Channel, type: int) -> None:
    """403 (50013) unless ``actor`` holds CREATE_PRIVATE_THREADS (for a private thread)
    or CREATE_PUBLIC_THREADS in ``parent`` (a forum or media post needs Send Messages
    instead: :func:`~.posts.check_poster`)."""
    need = CREATE_PRIVATE_THREADS if type == PRIVATE_THREAD else CREATE_PUBLIC_THREADS
    if not state.can(parent.id, actor, need):
        raise APIError(403, 50013, "Missing Permissions")


def check_name(name: str) -> None:
    """50035 for a thread name Discord refuses (1 to 100 characters)."""
    if not 1 <= len(name) <= 100:
        raise form_error({"name": bad_length(1, 100)})


def check_open(thread: Channel) -> None:
    """400 (50083) for an archived thread: nobody joins, leaves, or adds or takes off
    someone there (Discord's threads topic: only active threads are manipulated)."""
    meta = thread.thread_metadata
    if meta is not UNSET and meta.archived:
        raise APIError(400, 50083, "Thread is archived")


def webhook_target(state: StateCore, channel_id: int, thread_id: int | None) -> Channel:
    """Where a webhook of channel ``channel_id`` posts (a channel's, or an interaction's):
    that channel, or the thread ``thread_id`` of it; 400 (10003) for any other."""
    if thread_id is None:
        return state.channel(channel_id)
    thread = state.channels.get(thread_id)
    if thread is None or not thread.is_thread or thread.parent_id != channel_id:
        raise APIError(400, 10003, "Unknown Channel")
    return thread


def changes_by(state: StateCore, actor: int, thread: Channel,
               asked: dict[str, Any]) -> dict[str, Any]:
    """The changes ``actor``'s edit of a thread makes to its metadata and, for a forum
    or media post, to its tags and pin (:func:`post_changes`), given the fields the
    edit sets (``asked``), once Discord's rules allow it. An archived thread takes
    an edit only with ``archived`` false in it (400, 50083); without Manage Threads see
    :func:`_may_edit` (403, 50013)."""
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
    moderator = state.can(thread.id, actor, MANAGE_THREADS)
    if not moderator:
        _may_edit(state, actor, thread, asked)
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


def _may_edit(state: StateCore, actor: int, thread: Channel, asked: dict[str, Any]) -> None:
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
    meta = thread.thread_metadata
    locked = meta is not UNSET and meta.locked
    if thread.owner_id == actor:
        fields = OWNER_FIELDS | {"applied_tags"} if forum_of(state, thread) else OWNER_FIELDS
        allowed = not locked and asked.keys() <= fields
    else:
        allowed = not locked and asked == {"archived": False} and state.can(
            thread.id, actor, SEND_IN_THREADS)
    if not allowed:
        raise APIError(403, 50013, "Missing Permissions")


def may_manage_members(state: StateCore, actor: int, thread: Channel, user_id: int, *,
                       removing: bool) -> None:
    """403 (50013) unless ``actor`` may add ``user_id`` to the thread (the right to post
    in it and, in a private thread, :func:`_may_invite`) or take them off (Manage
    Threads, or being the owner of a private thread), as Discord's docs say."""
    moderator = state.can(thread.id, actor, MANAGE_THREADS)
    owner_of_private = thread.type == PRIVATE_THREAD and thread.owner_id == actor
    if removing:
        allowed = moderator or owner_of_private
    else:
        allowed = state.can(thread.id, actor, SEND_IN_THREADS) and (
            thread.type != PRIVATE_THREAD or _may_invite(state, actor, thread, user_id))
    if not allowed:
        raise APIError(403, 50013, "Missing Permissions")


def _may_invite(state: StateCore, actor: int, thread: Channel, user_id: int) -> bool:
    """Whether ``actor`` may add ``user_id`` to a private thread. Discord's docs: the
    thread's ``invitable`` says "whether non-moderators can add other non-moderators"
    (moderators having Manage Threads), true unless set otherwise.

    Inferred, as the docs say no more: its owner may add anyone whatever the flag (the
    owner chose it), and otherwise only a member may, as only members see a private
    thread; with the flag false a member may still add a moderator, whom the flag
    does not name."""
    if state.can(thread.id, actor, MANAGE_THREADS) or thread.owner_id == actor:
        return True
    if actor not in state.thread_members.get(int(thread.id), {}):
        return False
    meta = thread.thread_metadata
    invitable = meta is UNSET or meta.invitable is not False
    return invitable or state.can(thread.id, user_id, MANAGE_THREADS)
