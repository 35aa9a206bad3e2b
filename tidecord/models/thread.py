"""Threads: their metadata and members, and what a channel does as a thread or as the
place threads start in."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import msgspec

from .base import UNSET, Model, Snowflake, UnsetType, decode, none_if_unset
from .channel_type import ChannelType

if TYPE_CHECKING:
    from .channel import Channel

__all__ = ["ChannelThreads", "ThreadMember", "ThreadMetadata"]


# DMs and group DMs: their ``me`` is the bot's user.
_PRIVATE = frozenset({1, 3})


class ThreadMetadata(Model, gc=False, kw_only=True):
    """Whether a thread is archived or locked, and when it archives itself."""

    archived: bool = False
    auto_archive_duration: int = 1440
    archive_timestamp: str | None = None  # null in the schema, and seen so
    locked: bool = False
    invitable: bool | UnsetType = UNSET
    create_timestamp: str | UnsetType | None = UNSET
    archiver_id: Snowflake | UnsetType | None = UNSET


class ThreadMember(Model, gc=False, kw_only=True):
    """A user's membership of a thread, with discord.py's names: ``id`` is the user's
    id and ``thread_id`` the thread's (on the wire ``user_id`` and ``id``)."""

    thread_id: Snowflake | UnsetType = msgspec.field(default=UNSET, name="id")
    id: Snowflake | UnsetType = msgspec.field(default=UNSET, name="user_id")
    join_timestamp: str
    flags: int = 0
    _state: Any = UNSET

    def __repr__(self) -> str:
        return (f"<ThreadMember id={none_if_unset(self.id)} "
                f"thread_id={none_if_unset(self.thread_id)} joined_at={self.joined_at!r}>")

    @property
    def joined_at(self) -> datetime.datetime:
        """When the user joined the thread."""
        return datetime.datetime.fromisoformat(self.join_timestamp)

    @property
    def thread(self) -> Any:
        """The cached thread."""
        if self._state is UNSET or isinstance(self.thread_id, UnsetType):
            return None
        return self._state.cache.channels.get(int(self.thread_id))

    @property
    def parent(self) -> Any:
        """The thread (discord.py's name for it), as :attr:`thread`."""
        return self.thread


class ChannelThreads:
    """The thread calls of discord.py's ``Thread`` and ``TextChannel`` (mixed into
    :class:`~tidecord.models.Channel`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: int
        type: int
        owner_id: int | UnsetType
        thread_metadata: ThreadMetadata | UnsetType
        member: ThreadMember | UnsetType
        recipients: list[Any] | UnsetType

        @property
        def guild(self) -> Any: ...
        async def _create_post(self, name: str, auto_archive_duration: int | None,
                               slowmode_delay: int | None, applied_tags: Any,
                               reason: str | None, content: Any, **message: Any) -> Any: ...

    @property
    def archiver_id(self) -> int | None:
        """Who archived the thread, when Discord says."""
        meta = self.thread_metadata
        found = meta.archiver_id if isinstance(meta, ThreadMetadata) else None
        return found if isinstance(found, int) else None

    @property
    def me(self) -> Any:
        """The bot's :class:`ThreadMember` in this thread, if it is in it; in a DM or a
        group DM, the bot's own user (discord.py's ``DMChannel.me``)."""
        if self._state is UNSET:
            return None
        if self.type in _PRIVATE:
            return self._state.user
        mine = self._state.cache.thread_members.get(self.id, {}).get(self._state.cache.self_id)
        if mine is not None:
            return mine
        return self.member if isinstance(self.member, ThreadMember) else None

    @property
    def recipient(self) -> Any:
        """The other person of a DM (``None`` for any other channel, or not known)."""
        people = self.recipients
        if self.type != 1 or isinstance(people, UnsetType) or not people:
            return None
        return people[0]

    @property
    def threads(self) -> list[Channel]:
        """The cached threads started in this channel."""
        guild = self.guild
        if guild is None or not isinstance(guild.threads, dict):
            return []
        return [t for t in guild.threads.values() if t.parent_id == self.id]

    def get_thread(self, thread_id: int, /) -> Channel | None:
        """A cached thread started in this channel."""
        guild = self.guild
        thread = guild.get_thread(thread_id) if guild is not None else None
        return thread if thread is not None and thread.parent_id == self.id else None

    # -- a thread's state, as discord.py's Thread shows it ---------------------
    def _meta(self) -> ThreadMetadata | None:
        meta = self.thread_metadata
        return None if isinstance(meta, UnsetType) else meta

    @property
    def archived(self) -> bool:
        """Whether the thread is archived (False for a channel)."""
        meta = self._meta()
        return meta is not None and meta.archived

    @property
    def locked(self) -> bool:
        """Whether the thread is locked: only Manage Threads may unarchive it."""
        meta = self._meta()
        return meta is not None and meta.locked

    @property
    def invitable(self) -> bool:
        """Whether members other than moderators may add people to the private thread."""
        meta = self._meta()
        return meta is None or meta.invitable is not False

    @property
    def auto_archive_duration(self) -> int:
        """Minutes of quiet after which the thread archives itself."""
        meta = self._meta()
        return meta.auto_archive_duration if meta is not None else 1440

    @property
    def archive_timestamp(self) -> datetime.datetime | None:
        """When the thread's archived state last changed (None for a channel)."""
        meta = self._meta()
        if meta is None or not meta.archive_timestamp:
            return None
        return datetime.datetime.fromisoformat(meta.archive_timestamp)

    def is_private(self) -> bool:
        """Whether this is a private thread."""
        return self.type == ChannelType.PRIVATE_THREAD

    @property
    def owner(self) -> Any:
        """The cached member who started the thread."""
        guild = self.guild
        if guild is None or not self.owner_id:
            return None
        return guild.get_member(self.owner_id)

    @property
    def starter_message(self) -> Any:
        """The message a thread was started from, if the message cache has it (a
        thread started from a message has that message's id)."""
        return self._state.cache.get_message(self.id)

    async def add_user(self, user: Any, /) -> None:
        """Add someone to the thread (a private thread: its owner or Manage Threads)."""
        await self._state.http.thread_member(self.id, int(user.id), add=True)

    async def remove_user(self, user: Any, /) -> None:
        """Take someone off the thread."""
        await self._state.http.thread_member(self.id, int(user.id), add=False)

    async def fetch_members(self) -> list[ThreadMember]:
        """GET the thread's members (needs the server members intent, as on Discord)."""
        data = await self._state.http.thread_members(self.id)
        members = decode(data, list[ThreadMember]) if data else []
        for member in members:
            member._state = self._state
        return members

    async def fetch_member(self, user_id: int, /) -> ThreadMember:
        """GET one member of the thread (``NotFound`` if they are not in it)."""
        member = decode(await self._state.http.get_thread_member(self.id, user_id),
                        ThreadMember)
        member._state = self._state
        return member

    async def join(self) -> None:
        """Join the thread."""
        await self._state.http.join_thread(self.id)

    async def leave(self) -> None:
        """Leave the thread."""
        await self._state.http.join_thread(self.id, join=False)

    async def create_thread(
        self, *, name: str, message: Any = None, auto_archive_duration: int | None = None,
        type: int | None = None, reason: str | None = None, invitable: bool = True,
        slowmode_delay: int | None = None, content: Any = None, applied_tags: Any = (),
        **post: Any,
    ) -> Any:
        """Start a thread: from ``message`` (always public), or else of ``type``, a
        private thread by default, as discord.py's (Create Private Threads).

        In a forum or media channel, a post, as discord.py's ``ForumChannel``: its first
        message from ``content`` and ``send``'s keywords (``embed``, ``file``, ``view``...),
        its ``applied_tags``; returns a :class:`ThreadWithMessage`."""
        if self.type in (15, 16):
            return await self._create_post(name, auto_archive_duration, slowmode_delay,
                                           applied_tags, reason, content, **post)
        if post or content is not None:
            raise TypeError("content and message keywords are for forum posts")
        fields: dict[str, Any] = {"name": name,
                                  "auto_archive_duration": auto_archive_duration or 1440}
        if slowmode_delay is not None:
            fields["rate_limit_per_user"] = slowmode_delay
        if message is None:
            kind = type if type is not None else ChannelType.PRIVATE_THREAD
            fields["type"] = int(kind)
            if kind == ChannelType.PRIVATE_THREAD:
                fields["invitable"] = invitable
        data = await self._state.http.start_thread(
            self.id, fields, None if message is None else getattr(message, "id", message),
            reason=reason,
        )
        return self._state.channel_from(data)

    def archived_threads(self, *, private: bool = False, joined: bool = False,
                         limit: int | None = 100, before: Any = None) -> Any:
        """``async for thread in channel.archived_threads()``: its archived threads, the
        most recently archived first; ``private=True`` the private ones (Manage Threads),
        with ``joined=True`` only those the bot joined. ``before``: a datetime or
        anything with an id."""
        return self._state.archived_threads(self.id, private=private, joined=joined,
                                            limit=limit, before=before)

