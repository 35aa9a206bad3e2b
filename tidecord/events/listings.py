"""Listings: the REST reads Discord answers a page at a time, as async iterators.

A channel's history, its pins, who reacted, archived threads: each pages by id or
by time as discord.py's does, and yields bound models.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import Any, Final

import msgspec

from ..models import UNSET, Channel, Message, User, decoder
from ..models.base import snowflake_of, snowflake_time
from ..models.paging import pages
from ..rest import RESTClient
from ..rest.responses import decode_body
from .binding import BindingState

__all__ = ["ListingState"]

_MESSAGES: Final[msgspec.json.Decoder[list[Message]]] = decoder(list[Message])


class _Pin(msgspec.Struct):
    pinned_at: str
    message: Message


class _PinsPage(msgspec.Struct):
    items: list[_Pin]
    has_more: bool = False


_PINS: Final[msgspec.json.Decoder[_PinsPage]] = decoder(_PinsPage)


class _ThreadsPage(msgspec.Struct):
    threads: list[Channel]
    has_more: bool = False


_THREADS: Final[msgspec.json.Decoder[_ThreadsPage]] = decoder(_ThreadsPage)
_USERS: Final[msgspec.json.Decoder[list[User]]] = decoder(list[User])


class ListingState(BindingState):
    """Mixin of :class:`~tidecord.events.state.State`: paged reads of lists."""

    http: RESTClient

    async def history(
        self,
        channel_id: int,
        *,
        limit: int | None = 100,
        before: Any = None,
        after: Any = None,
        around: Any = None,
        oldest_first: bool | None = None,
    ) -> AsyncIterator[Message]:
        """Messages of a channel, newest first (oldest first with ``after``), paged by 100.

        ``before``, ``after`` and ``around`` take an id, anything with an ``id`` or a
        datetime, as discord.py's; with both ``before`` and ``after`` only messages
        between them come. ``around`` reads one page of at most 101.
        """
        before_id = snowflake_of(before, name="before")
        after_id = snowflake_of(after, high=True, name="after")
        around_id = snowflake_of(around, name="around")
        if oldest_first is None:
            oldest_first = after_id is not None

        def within(msg: Message) -> bool:
            return ((after_id is None or msg.id > after_id)
                    and (before_id is None or msg.id < before_id))

        def read(data: bytes | None) -> list[Message]:
            page = decode_body(_MESSAGES, data) if data else []
            page.sort(key=lambda m: m.id, reverse=not oldest_first)
            return page

        if around_id is not None:
            # discord.py's refusals, word for word; a limit below 1 reads nothing.
            if limit is None:
                raise ValueError("history does not support around with limit=None")
            if limit > 101:
                raise ValueError("history max limit 101 when specifying around parameter")
            if limit < 1:
                return
            # Discord answers 101 with 100 (discord.py asks for 100 too).
            size = min(limit, 100)
            for msg in read(await self.http.get_messages(channel_id, size, around=around_id)):
                if within(msg):
                    yield self.bind_in_channel(msg)
            return

        async def fetch(size: int, mark: Any) -> list[Message]:
            if oldest_first:
                return read(await self.http.get_messages(channel_id, size,
                                                         after=mark if mark else 0))
            return read(await self.http.get_messages(channel_id, size, before=mark))

        async for page in pages(limit, 100, fetch, after_id if oldest_first else before_id,
                                lambda page: page[-1].id):
            for msg in page:
                if not within(msg):
                    return  # paging walked past the other bound: nothing later is inside
                yield self.bind_in_channel(msg)

    async def pins(self, channel_id: int, *, limit: int | None = 50, before: Any = None,
                   oldest_first: bool = False) -> AsyncIterator[Message]:
        """Pinned messages, the newest pin first, paged by 50 on their pin times."""
        mark = _time_mark(before)
        while limit is None or limit > 0:
            size = 50 if limit is None else min(limit, 50)
            page = decode_body(_PINS, await self.http.get_pins(channel_id, size, mark))
            items = page.items
            if limit is not None:
                limit -= len(items)
            if items:
                mark = items[-1].pinned_at
            for item in reversed(items) if oldest_first else items:
                msg = self.bind_in_channel(item.message)
                msg._pinned_at = item.pinned_at
                yield msg
            if len(items) < size or not page.has_more:
                return

    async def reaction_users(self, channel_id: int, message_id: int, emoji: Any,
                             guild_id: Any, *, limit: int, after: Any = None,
                             type: int | None = None) -> AsyncIterator[Any]:
        """Who reacted with ``emoji``, ``limit`` of them, pages of 100 by user id after
        ``after``; cached members of the guild as members. As discord.py: each page
        comes highest id first."""
        mark = snowflake_of(after)
        guild = self.cache.guilds.get(guild_id) if guild_id is not UNSET else None
        while limit > 0:
            size = min(limit, 100)
            users = decode_body(_USERS, await self.http.reaction_users(
                channel_id, message_id, emoji, size, mark, type))
            if not users:
                return
            limit -= len(users)
            mark = users[-1].id
            for user in reversed(users):
                user._state = self
                member = guild.get_member(user.id) if guild is not None else None
                yield member if member is not None else user

    def threads_from(self, data: bytes | None) -> list[Channel]:
        """The ``threads`` of a thread list answer (active or archived), bound."""
        page = decode_body(_THREADS, data)
        for thread in page.threads:
            thread._state = self
        return page.threads

    async def archived_threads(self, channel_id: int, *, private: bool = False,
                               joined: bool = False, limit: int | None = 100,
                               before: Any = None) -> AsyncIterator[Channel]:
        """A channel's archived threads, newest archived first (joined: newest first)."""
        if joined and not private:
            raise ValueError("Cannot retrieve joined public archived threads")  # discord.py's words
        # The joined list pages by thread id, the others by archive time.
        mark: str | None
        if joined:
            mark = str(snowflake_of(before)) if before is not None else None
        else:
            mark = _time_mark(before)
        while limit is None or limit > 0:
            # Discord reads at least 2 a page; a smaller limit stops early below.
            size = 100 if limit is None else max(2, min(limit, 100))
            data = await self.http.archived_threads(channel_id, private=private,
                                                    joined=joined, limit=size, before=mark)
            page = decode_body(_THREADS, data)
            for thread in page.threads:
                thread._state = self
                yield thread
                if limit is not None:
                    limit -= 1
                    if limit <= 0:
                        return
            if not page.has_more or not page.threads:
                return
            last = page.threads[-1]
            meta = last.thread_metadata
            if joined or meta is UNSET:
                mark = str(last.id)
            else:  # a null archive time (nullable in the schema): when the thread began
                mark = meta.archive_timestamp or snowflake_time(last.id).isoformat()


def _time_mark(before: Any) -> str | None:
    """``before=`` of a list Discord pages by time (pins, archived threads): a datetime,
    or anything with an id (its creation time), as ISO 8601; None stays None."""
    if before is None:
        return None
    when = before if isinstance(before, datetime.datetime) else snowflake_time(
        snowflake_of(before) or 0)
    return when.isoformat()
