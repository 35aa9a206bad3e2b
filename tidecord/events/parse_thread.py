"""Thread dispatches: threads made, changed, deleted and synced, and who is in them.

As discord.py: ``on_thread_create`` for a thread just made, ``on_thread_join`` for one
the bot comes to know otherwise (added to it, unarchived, synced), ``on_thread_remove``
when the bot leaves one or a sync drops it; others joining and leaving are
``on_thread_member_join`` and ``on_thread_member_remove``.
"""

from __future__ import annotations

import logging
from typing import Any, Final

import msgspec

from ..models import Channel, Snowflake, ThreadMember, decoder
from ..models.base import UNSET, Model, UnsetType
from .raw import RawThreadDeleteEvent, RawThreadMembersUpdate, RawThreadUpdateEvent

__all__ = ["ThreadEvents"]

log = logging.getLogger("tidecord.events")


class _ThreadListSync(Model, kw_only=True):
    guild_id: Snowflake
    channel_ids: list[Snowflake] | None = None
    threads: list[Channel] = []
    members: list[ThreadMember] = []  # the bot's own, in the synced threads


class _ThreadMembersUpdate(Model, kw_only=True):
    id: Snowflake
    guild_id: Snowflake
    member_count: int = 0
    added_members: list[ThreadMember] = []
    removed_member_ids: list[Snowflake] = []


_CHANNEL: Final[msgspec.json.Decoder[Channel]] = decoder(Channel)
_POST_CHANNELS: Final = frozenset({15, 16})  # forum and media: their threads are posts
_THREAD_MEMBER: Final[msgspec.json.Decoder[ThreadMember]] = decoder(ThreadMember)
_THREAD_SYNC: Final[msgspec.json.Decoder[_ThreadListSync]] = decoder(_ThreadListSync)
_THREAD_MEMBERS: Final[msgspec.json.Decoder[_ThreadMembersUpdate]] = decoder(
    _ThreadMembersUpdate)


class ThreadEvents:
    """Parsers for thread dispatches (mixed into :class:`Parsers`)."""

    state: Any
    cache: Any
    dispatch: Any
    wants: Any
    _known_guild: Any

    def _cached_thread(self, event: str, thread_id: int) -> Channel | None:
        thread: Channel | None = self.cache.channels.get(thread_id)
        if thread is None:
            log.debug("%s referencing an unknown thread %s: discarded", event, thread_id)
        return thread

    def parse_thread_create(self, shard: Any, d: Any) -> None:
        thread = _CHANNEL.decode(d)
        if not self._known_guild("THREAD_CREATE", thread.guild_id):
            return
        if self.cache.add_channel(thread) is None:
            # Discord marks a thread just made; any other is one the bot was added to.
            if thread.newly_created is True:
                self._newest_post(thread)
            self.dispatch("thread_create" if thread.newly_created is True else "thread_join",
                          thread)

    def _newest_post(self, thread: Channel) -> None:
        """A forum or media channel's ``last_message_id`` is its newest post, which
        Discord's threads topic says no CHANNEL_UPDATE tells: the new thread moves it,
        as discord.py moves it for a forum (a media channel's too, here)."""
        parent = self.cache.channels.get(thread.parent_id) \
            if isinstance(thread.parent_id, int) else None
        if parent is not None and parent.type in _POST_CHANNELS:
            parent.last_message_id = thread.id

    def parse_thread_update(self, shard: Any, d: Any) -> None:
        thread = _CHANNEL.decode(d)
        if not self._known_guild("THREAD_UPDATE", thread.guild_id):
            return
        old = self.cache.channels.get(thread.id)
        if self.wants("raw_thread_update"):
            # ``thread`` is the cached one, as discord.py's: it still reads as before
            # the update here, and is the ``after`` of ``on_thread_update`` once changed.
            self.dispatch("raw_thread_update", RawThreadUpdateEvent(
                thread, msgspec.json.decode(d), old))
        if thread.archived:
            # The cache holds active threads, as discord.py's: an archived one leaves it,
            # changed in place first (code may hold it) and still knowing the bot's
            # membership (``thread.me``), which leaves the cache with it.
            cache = self.cache
            mine = cache.thread_members.get(thread.id, {}).get(cache.self_id)
            if old is not None:
                thread, old = cache.update_channel(thread)
            cache.remove_channel(thread.id, thread.guild_id)
            thread._state = self.state
            if mine is not None and thread.member is UNSET:
                thread.member = mine
        else:
            thread, old = self.cache.update_channel(thread)
        if old is not None:
            self.dispatch("thread_update", old, thread)
        else:
            self.dispatch("thread_join", thread)  # archived or not, as discord.py

    def parse_thread_delete(self, shard: Any, d: Any) -> None:
        thread = _CHANNEL.decode(d)
        if not self._known_guild("THREAD_DELETE", thread.guild_id):
            return
        old = self.cache.remove_channel(thread.id, thread.guild_id)
        self.dispatch("raw_thread_delete", RawThreadDeleteEvent(thread, old))
        if old is not None:
            self.dispatch("thread_delete", old)

    def parse_thread_list_sync(self, shard: Any, d: Any) -> None:
        event = _THREAD_SYNC.decode(d)
        guild = self.cache.guilds.get(event.guild_id)
        if guild is None:
            return
        synced = set(event.channel_ids) if event.channel_ids else None
        before: dict[int, Channel] = {}
        if isinstance(guild.threads, dict):
            for tid, thread in list(guild.threads.items()):
                if synced is None or thread.parent_id in synced:
                    before[tid] = thread
                    self.cache.remove_channel(tid, event.guild_id)
        for thread in event.threads:
            thread.guild_id = event.guild_id
            self.cache.add_channel(thread)
        for member in event.members:
            member._state = self.state
            thread = self.cache.channels.get(member.thread_id)
            if thread is not None:
                # The bot's own: its ``me``, and one of its members, as discord.py's.
                thread.member = member
                self.cache.thread_members_of(thread.id)[member.id] = member
        for thread in event.threads:
            if before.pop(thread.id, None) is None:
                self.dispatch("thread_join", thread)
        for thread in before.values():
            self.dispatch("thread_remove", thread)

    def parse_thread_member_update(self, shard: Any, d: Any) -> None:
        member = _THREAD_MEMBER.decode(d)
        if isinstance(member.thread_id, UnsetType):
            return
        thread = self._cached_thread("THREAD_MEMBER_UPDATE", member.thread_id)
        if thread is not None:
            member._state = self.state
            thread.member = member  # the bot's own membership (discord.py's thread.me)

    def parse_thread_members_update(self, shard: Any, d: Any) -> None:
        event = _THREAD_MEMBERS.decode(d)
        if not self._known_guild("THREAD_MEMBERS_UPDATE", event.guild_id):
            return
        thread = self._cached_thread("THREAD_MEMBERS_UPDATE", event.id)
        if thread is None:
            return
        thread.member_count = event.member_count
        me = self.cache.self_id
        members = self.cache.thread_members_of(thread.id)
        for member in event.added_members:
            member._state = self.state
            if member.id == me:
                thread.member = member
                self.dispatch("thread_join", thread)
            else:
                members[member.id] = member
                self.dispatch("thread_member_join", member)
        raw = None
        for user_id in event.removed_member_ids:
            if user_id == me:
                self.dispatch("thread_remove", thread)
                continue
            gone = members.pop(user_id, None)
            if self.wants("raw_thread_member_remove"):
                # One payload for every removal of the event, as discord.py's.
                raw = raw or RawThreadMembersUpdate(event, msgspec.json.decode(d))
                self.dispatch("raw_thread_member_remove", raw)
            if gone is not None:
                self.dispatch("thread_member_remove", gone)
