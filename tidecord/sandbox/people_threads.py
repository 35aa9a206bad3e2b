"""People and threads: a person starts a thread (from a message or not, public or
private), makes a forum or media post, renames, archives or locks their thread, joins
or leaves one, and adds or takes off others.

Each goes through the rules the bot's REST calls go through (``rest/thread_rules.py``,
``rest/posts.py``) with the person as the one who acts, and the same state, so the
bot hears what Discord would send it: THREAD_CREATE marked ``newly_created`` (only
when it may see the thread: a private one only as a moderator), a post's first
MESSAGE_CREATE, a starter message's MESSAGE_UPDATE, THREAD_MEMBERS_UPDATE (others'
comings and goings only with the server members intent), THREAD_UPDATE, and the
system messages in the parent or the thread. A refusal raises StateError with
Discord's code (50013, 50001, 40067, 50083, 20016...).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from tidecord.models import UNSET, Channel, Embed, Message

from .people import NITRO_MESSAGE_LENGTH, slowmode_refusal, slowmode_since
from .refs import ChannelRef, FileLike, MessageRef, UserRef, read_upload
from .rest import audit
from .rest.access import PRIVATE_THREAD, sees
from .rest.bodies import MessageBody
from .rest.errors import APIError
from .rest.posts import POST_CHANNELS, check_poster, make_post
from .rest.thread_rules import (
    MANAGE_THREADS,
    changes_by,
    check_name,
    check_open,
    may_manage_members,
    may_start,
    thread_type,
)
from .rest.threads import check_settings
from .snowflakes import iso_ms
from .state import StateError

if TYPE_CHECKING:
    from .state import State

__all__ = ["ThreadPeopleAPI"]


class ThreadPeopleAPI:
    """Mixin of :class:`~tidecord.sandbox.Sandbox`: what people do with threads and
    forum posts."""

    state: State

    async def start_thread(self, user: UserRef, channel: ChannelRef, name: str, *,
                           message: MessageRef | None = None, private: bool = False,
                           auto_archive_duration: int | None = None,
                           invitable: bool = True) -> Channel:
        """``user`` starts a thread in a text or announcement channel: from ``message``
        (a public thread with the message's id; the message gets MESSAGE_UPDATE), or
        standalone, public (with Discord's "started a thread" notice in the channel) or
        ``private`` (``invitable``: whether its members may add others). THREAD_CREATE
        with ``newly_created``; the bot hears of a private one only as a moderator.

        Needs Create Public Threads (Create Private Threads for a private one): 50013;
        the channel's slowmode lets one thread a person per interval (20016).
        ``auto_archive_duration`` (minutes) defaults to the channel's default, as
        Discord's clients pre-select it.

        >>> thread = await sb.start_thread("alice", "general", "Bug hunt", message=msg)
        """
        person, parent = self.state.user(user), self.state.channel(channel)
        self._may_see(parent, person.id)
        if parent.type in POST_CHANNELS:
            raise StateError(50024, "Cannot execute action on this channel type")
        starter = None
        if message is not None:
            starter = int(message.id if isinstance(message, Message) else message)
            self.state.message(parent.id, starter)
        kind = thread_type(parent, PRIVATE_THREAD if private else 11,
                           from_message=starter is not None)
        duration = self._archive_duration(parent, auto_archive_duration)
        with _as_state_error():
            may_start(self.state, person.id, parent, kind)
            check_name(name)
            check_settings(duration)
        self._thread_slowmode(parent, person.id)
        thread = self.state.create_thread(parent.id, name, person.id, type=kind,
                                          message_id=starter, auto_archive_duration=duration,
                                          invitable=invitable)
        audit.keep_thread(self.state, person.id, audit.Action.THREAD_CREATE, None, thread)
        return thread

    async def create_post(self, user: UserRef, channel: ChannelRef, name: str,
                          content: str = "", *, tags: Iterable[Any] = (),
                          embeds: list[Embed] | None = None, files: Iterable[FileLike] = (),
                          auto_archive_duration: int | None = None) -> tuple[Channel, Message]:
        """``user`` makes a post in a forum or media channel: a thread titled ``name``
        carrying ``tags`` (the channel's tags by id, name, or anything with an ``id``),
        and its first message (``content``, ``embeds``, ``files``) with the thread's
        id. THREAD_CREATE with ``newly_created``, then that message's MESSAGE_CREATE.

        Needs Send Messages (and Attach Files for files) in the channel: 50013; a
        channel that requires a tag refuses a post without one (40067); at most 5
        tags, a moderated one only by moderators; the channel's slowmode lets one
        post a person per interval (20016). Returns the thread and its message.

        >>> thread, first = await sb.create_post("alice", "support", "Crash", "It broke",
        ...                                      tags=["bug"])
        """
        person, forum = self.state.user(user), self.state.channel(channel)
        self._may_see(forum, person.id)
        if forum.type not in POST_CHANNELS:
            raise StateError(50024, "Cannot execute action on this channel type")
        uploads = [await read_upload(i, f) for i, f in enumerate(files)]
        duration = self._archive_duration(forum, auto_archive_duration)
        with _as_state_error():
            check_poster(self.state, person.id, forum, files=bool(uploads))
            check_name(name)
            check_settings(duration)
            self._thread_slowmode(forum, person.id)
            thread, first = make_post(
                self, forum, name, person, MessageBody(content=content, embeds=embeds),  # type: ignore[arg-type]
                uploads, _tag_ids(forum, tags), self.state.can(forum.id, person.id, MANAGE_THREADS),
                auto_archive_duration=duration, max_content=NITRO_MESSAGE_LENGTH)
        audit.keep_thread(self.state, person.id, audit.Action.THREAD_CREATE, None, thread)
        return thread, first

    async def edit_thread(self, user: UserRef, thread: ChannelRef, *, name: str | None = None,
                          archived: bool | None = None, locked: bool | None = None,
                          auto_archive_duration: int | None = None,
                          applied_tags: Iterable[Any] | None = None,
                          invitable: bool | None = None,
                          slowmode: int | None = None) -> Channel:
        """``user`` changes a thread: THREAD_UPDATE (a new name also posts "changed the
        channel name" in it, by them). As Discord allows: its owner renames, archives
        and unarchives it, sets its archive duration and, of a post, its tags; anyone
        who may post in it unarchives it; locking it, its slowmode (seconds),
        ``invitable``, or anything of a locked thread, need Manage Threads (50013).
        An archived thread takes nothing but ``archived=False`` (50083)."""
        person, found = self.state.user(user), self._thread(thread)
        self._may_see(found, person.id)
        given = {"name": name, "archived": archived, "locked": locked,
                 "auto_archive_duration": auto_archive_duration, "invitable": invitable,
                 "rate_limit_per_user": slowmode}
        asked: dict[str, Any] = {key: value for key, value in given.items()
                                 if value is not None}
        forum = self.state.channels.get(int(found.parent_id)) \
            if isinstance(found.parent_id, int) else None
        if applied_tags is not None and forum is not None:
            asked["applied_tags"] = _tag_ids(forum, applied_tags)
        with _as_state_error():
            if name is not None:
                check_name(name)
            check_settings(auto_archive_duration, slowmode)
            changes: dict[str, Any] = {key: asked[key] for key in ("name", "rate_limit_per_user")
                       if key in asked}
            changes.update(changes_by(self.state, person.id, found, asked))
        updated = self.state.update_channel(found.id, by=person.id, **changes)
        audit.keep_thread(self.state, person.id, audit.Action.THREAD_UPDATE, found, updated)
        return updated

    async def join_thread(self, user: UserRef, thread: ChannelRef) -> None:
        """``user`` joins a thread they can see: THREAD_MEMBERS_UPDATE (to a bot with the
        server members intent). 50083 if archived; a private thread is seen by its
        members and moderators only (50001)."""
        await self._membership(user, thread, None, True)

    async def leave_thread(self, user: UserRef, thread: ChannelRef) -> None:
        """``user`` leaves a thread: THREAD_MEMBERS_UPDATE (to a bot with the server
        members intent). 50083 if archived."""
        await self._membership(user, thread, None, False)

    async def add_to_thread(self, user: UserRef, thread: ChannelRef, member: UserRef) -> None:
        """``user`` adds ``member`` (the bot too) to a thread: THREAD_MEMBERS_UPDATE, and
        "added" in the thread by ``user``; the bot added is sent THREAD_CREATE (not
        new) and THREAD_MEMBER_UPDATE first. Needs the right to post in it and, in a
        private thread, to be its owner, a moderator, or a member while it is
        ``invitable`` (50013)."""
        await self._membership(user, thread, member, True)

    async def remove_from_thread(self, user: UserRef, thread: ChannelRef,
                                 member: UserRef) -> None:
        """``user`` takes ``member`` off a thread: THREAD_MEMBERS_UPDATE, and "removed"
        in the thread by ``user``. Needs Manage Threads, or to own the private thread
        (50013)."""
        await self._membership(user, thread, member, False)

    async def _membership(self, user: UserRef, thread: ChannelRef, member: UserRef | None,
                          joining: bool) -> None:
        person, found = self.state.user(user), self._thread(thread)
        self._may_see(found, person.id)
        target = person.id if member is None else self.state.user(member).id
        gid = self.state.guild_id_of(found)
        with _as_state_error():
            check_open(found)
            if target != person.id:
                if target not in self.state.members.get(gid or 0, {}):
                    raise APIError(404, 10007, "Unknown Member")
                may_manage_members(self.state, person.id, found, target, removing=not joining)
        self.state.set_thread_member(found.id, target, joining, by=person.id)

    def _thread(self, thread: ChannelRef) -> Channel:
        found = self.state.channel(thread)
        if not found.is_thread:
            raise StateError(50024, "Cannot execute action on this channel type")
        return found

    def _may_see(self, channel: Channel, user_id: int) -> None:
        if not sees(self.state, channel, user_id):
            raise StateError(50001, "Missing Access", 403)

    @staticmethod
    def _archive_duration(parent: Channel, asked: int | None) -> int:
        if asked is not None:
            return asked
        default = parent.default_auto_archive_duration
        return default if isinstance(default, int) else 1440

    def _thread_slowmode(self, parent: Channel, user_id: int) -> None:
        """20016 (429) when ``user_id`` started a thread (or post) in ``parent`` less than
        its slowmode ago: Discord's channel docs let a person send one message and
        create one thread each interval. Those who may manage its messages or the
        channel are exempt, as for messages."""
        since = slowmode_since(self.state, parent, user_id)
        if since is None:
            return
        gid = self.state.guild_id_of(parent)
        for thread in self.state.threads.get(gid or 0, {}).values():
            meta = thread.thread_metadata
            made = meta.create_timestamp if meta is not UNSET else None
            if thread.parent_id == parent.id and thread.owner_id == user_id \
                    and isinstance(made, str) and iso_ms(made) >= since:
                raise slowmode_refusal()


def _tag_ids(forum: Channel, tags: Iterable[Any]) -> list[str | int]:
    """A post's tags as ids: each given by id, by name (one of the channel's), or as
    anything with an ``id`` (a ForumTag); an unknown name is left to the id check."""
    by_name = {str(t.get("name")): t["id"] for t in forum.tags_data or [] if "id" in t}
    out: list[str | int] = []
    for tag in tags:
        tag = getattr(tag, "id", tag)
        out.append(by_name.get(tag, tag) if isinstance(tag, str) else tag)
    return out


@contextlib.contextmanager
def _as_state_error() -> Iterator[None]:
    """Answer an :class:`APIError` from the REST rules as the StateError people get."""
    try:
        yield
    except APIError as exc:
        raise StateError(exc.code, exc.message, exc.status) from None
