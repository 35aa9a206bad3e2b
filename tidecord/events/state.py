"""The state models delegate to: the cache, the REST client, the dispatcher and shards.

Models stay declarations; ``message.reply()`` and friends are one line that calls
into here, and this module turns REST bytes into bound models.
"""

from __future__ import annotations

import asyncio
import datetime
import itertools
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Final

import msgspec

from ..cache import Cache
from ..models import (
    UNSET,
    Channel,
    Guild,
    Member,
    Message,
    Poll,
    RequestGuildMembers,
    Snowflake,
    User,
    VoiceState,
    decoder,
)
from ..models.base import snowflake_of, snowflake_time
from ..models.paging import pages
from ..rest import RESTClient, edit_payload, message_payload
from ..rest.responses import decode_body
from .dispatcher import Dispatcher

if TYPE_CHECKING:
    from ..gateway import ShardManager

__all__ = ["State"]

_MESSAGE: Final[msgspec.json.Decoder[Message]] = decoder(Message)
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
_CHANNEL: Final[msgspec.json.Decoder[Channel]] = decoder(Channel)
_USER: Final[msgspec.json.Decoder[User]] = decoder(User)
_USERS: Final[msgspec.json.Decoder[list[User]]] = decoder(list[User])
_MEMBER: Final[msgspec.json.Decoder[Member]] = decoder(Member)
_MEMBERS: Final[msgspec.json.Decoder[list[Member]]] = decoder(list[Member])
_GUILD: Final[msgspec.json.Decoder[Guild]] = decoder(Guild)
_VOICE_STATE: Final[msgspec.json.Decoder[VoiceState]] = decoder(VoiceState)


class State:
    """Shared by every model a client decodes (their ``_state``)."""

    def __init__(self, http: RESTClient, cache: Cache, dispatcher: Dispatcher) -> None:
        self.http = http
        self.cache = cache
        cache.state = self
        self.dispatcher = dispatcher
        self.dispatch = dispatcher.dispatch
        self.user: User | None = None
        self.application_id: int | None = None
        self.application_flags = 0
        self.shards: ShardManager | None = None
        self.shard_count = 1
        self.intents: Any = None
        # The client's allowed_mentions: every message's, under its own.
        self.allowed_mentions: Any = None
        self._chunks: dict[str, tuple[asyncio.Future[list[Member]], list[Member]]] = {}
        self._nonces = itertools.count(1)
        self.chunk_timeout = 60.0
        # Set by the client: the views listening for clicks, and the command tree.
        self.views: Any = None
        self.command_tree: Any = None

    # -- binding ---------------------------------------------------------------
    def bind_message(self, msg: Message) -> Message:
        """Attach state, and make ``author`` a Member in guilds (as discord.py does).

        A timestamp the message's accessors would fail to read raises ValueError
        here, so that the event is skipped (and logged), not user code broken later.
        """
        if msg.edited_timestamp is not None:
            _iso(msg.edited_timestamp, "edited_timestamp")
        msg._state = self
        author = msg.author
        gid = msg.guild_id
        reactions = msg.reactions_data
        if reactions:  # a REST message's (the gateway's MESSAGE_CREATE has none)
            for reaction in reactions:
                reaction._message = msg
        if msg.mentions:
            self._bind_mentions(msg, gid)
        for attachment in msg.attachments:
            attachment._state = self
        if gid is not UNSET:
            member = msg.member
            if member is not UNSET:
                self.bind_member(member, gid)
                member.user = author
                msg.author = member  # type: ignore[assignment]
                return msg
        author._state = self
        return msg

    def _bind_mentions(self, msg: Message, guild_id: Any) -> None:
        # In guilds discord.py hands out Members here (``for m in message.mentions:
        # await m.add_roles(...)``): the partial member Discord sends, made whole.
        mentions: list[Any] = []
        for user in msg.mentions:
            user._state = self
            member = user.member
            if guild_id is not UNSET and member is not UNSET:
                self.bind_member(member, guild_id)
                user.member = UNSET  # no member -> user -> member cycle (gc=False structs)
                member.user = user
                mentions.append(member)
            else:
                mentions.append(user)
        msg.mentions = mentions

    def bind_member(self, member: Member, guild_id: Any) -> Member:
        """Attach state and guild to a member from an event, roles shared as in the cache.

        Its timestamps are checked as :meth:`bind_message` checks a message's.
        """
        joined = member.joined_at_iso
        if joined is not None:
            try:
                _from_iso(joined)  # inline: every message in a guild comes with one
            except ValueError:
                _iso(joined, "joined_at")
        if isinstance(member.premium_since_iso, str):
            _iso(member.premium_since_iso, "premium_since")
        if isinstance(member.communication_disabled_until, str):
            _iso(member.communication_disabled_until, "communication_disabled_until")
        member._guild_id = guild_id
        member._state = self
        member.roles = self.cache.share_roles(guild_id, member.roles)  # type: ignore[assignment]
        return member

    def message_from(self, data: bytes | None) -> Message:
        """A REST message body, decoded and bound."""
        msg = self.bind_message(decode_body(_MESSAGE, data))
        if msg.guild_id is UNSET:
            channel = self.cache.channels.get(msg.channel_id)
            if channel is not None and channel.guild_id is not UNSET:
                msg.guild_id = channel.guild_id
        return msg

    def channel_from(self, data: bytes | None) -> Channel:
        """A REST channel body, decoded and bound. Not cached: the gateway's
        CHANNEL_* / THREAD_* events keep the cache, in their order."""
        channel = decode_body(_CHANNEL, data)
        channel._state = self
        return channel

    def channel_for(self, channel_id: int, guild_id: Any = UNSET) -> Channel:
        """The cached channel, else a partial one that can still ``send``."""
        channel = self.cache.channels.get(channel_id)
        if channel is None:
            channel = Channel(id=channel_id, type=0 if guild_id is not UNSET else 1)
            channel.guild_id = guild_id
            channel._state = self
        return channel

    # -- REST used by model methods -------------------------------------------
    async def send_message(self, channel_id: int, content: Any = None, **options: Any) -> Message:
        """POST a message (``options`` as discord.py's ``send``) and return it."""
        delete_after = options.pop("delete_after", None)
        body, files = message_payload(content, default_mentions=self.allowed_mentions,
                                      **options)
        msg = self.message_from(await self.http.send_message(channel_id, body, files or None))
        self.listen(options.get("view"), msg.id)
        poll = options.get("poll")
        if isinstance(poll, Poll):
            poll._update(msg)  # as discord.py: the poll sent is now the message's
        if delete_after is not None:
            self._delete_later(msg, float(delete_after))
        return msg

    def listen(self, view: Any, message_id: int) -> None:
        """Have a view sent on a message listen for its clicks (if it has any)."""
        if view is not None and self.views is not None and hasattr(view, "is_dispatchable") \
                and view.is_dispatchable() and not view.is_finished():
            self.views.add_view(view, message_id)

    def _delete_later(self, msg: Message, delay: float) -> None:
        async def later() -> None:
            await asyncio.sleep(delay)
            try:
                await self.http.delete_message(msg.channel_id, msg.id)
            except Exception:  # gone already, or no longer allowed: nothing to do
                pass

        self.dispatcher.spawn(later(), "tidecord:delete_after")

    async def edit_message(
        self, channel_id: int, message_id: int, content: Any = UNSET, **options: Any
    ) -> Message:
        """PATCH a message; ``content=None`` clears it."""
        body, files = edit_payload(content, default_mentions=self.allowed_mentions, **options)
        data = await self.http.edit_message(channel_id, message_id, body, files or None)
        self.listen(options.get("view"), message_id)
        return self.message_from(data)

    async def fetch_message(self, channel_id: int, message_id: int) -> Message:
        """GET one message."""
        return self.message_from(await self.http.get_message(channel_id, message_id))

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
        before_id = snowflake_of(before)
        after_id = snowflake_of(after, high=True)
        around_id = snowflake_of(around)
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
            if limit is None:
                raise ValueError("limit: history with around= reads one page; give a limit")
            if not 0 < limit <= 101:
                raise ValueError(f"limit: history with around= reads 1 to 101 messages, "
                                 f"not {limit}")
            # Discord answers 101 with 100 (discord.py asks for 100 too).
            size = min(limit, 100)
            for msg in read(await self.http.get_messages(channel_id, size, around=around_id)):
                if within(msg):
                    yield self.bind_message(msg)
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
                yield self.bind_message(msg)

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
                msg = self.bind_message(item.message)
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
            raise ValueError("joined: only private archived threads can be read as joined; "
                             "pass private=True")
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
            mark = (str(last.id) if joined or meta is UNSET
                    else meta.archive_timestamp)

    async def create_dm(self, user_id: int) -> Channel:
        """The DM channel with a user (cached after the first call)."""
        channel = self.cache.dm_by_user.get(user_id)
        if channel is None:
            # No gateway event announces a DM channel: cache it ourselves.
            channel = self.channel_from(await self.http.create_dm(user_id))
            self.cache.add_channel(channel)
            self.cache.dm_by_user[user_id] = channel
        return channel

    async def fetch_user(self, user_id: int) -> User:
        """GET a user."""
        user = decode_body(_USER, await self.http.get_user(user_id))
        user._state = self
        return user

    async def fetch_channel(self, channel_id: int) -> Channel:
        """GET a channel."""
        return self.channel_from(await self.http.get_channel(channel_id))

    async def fetch_guild(self, guild_id: int, with_counts: bool = True) -> Guild:
        """GET a guild (not cached: it lacks channels and members)."""
        guild = decode_body(_GUILD, await self.http.get_guild(guild_id, with_counts))
        guild._state = self
        return guild

    def members_page(self, guild_id: int, data: bytes | None) -> list[Member]:
        """A page of ``GET /guilds/{id}/members``, bound, the cache left as it is."""
        return [self.bind_member(member, guild_id)
                for member in decode_body(_MEMBERS, data)]

    def member_from(self, guild_id: int, data: bytes | None) -> Member | None:
        """A REST member body (``None`` for an empty answer), bound, the cache left as
        it is (its GUILD_MEMBER_UPDATE keeps the cache)."""
        if not data:
            return None
        return self.bind_member(decode_body(_MEMBER, data), guild_id)

    async def fetch_voice_state(self, guild_id: int, user_id: int) -> VoiceState:
        """GET a member's voice state (the bot's own through ``@me``)."""
        who: int | str = "@me" if user_id == self.cache.self_id else user_id
        voice = decode_body(_VOICE_STATE, await self.http.get_voice_state(guild_id, who))
        voice.guild_id = Snowflake(guild_id)
        voice.member = UNSET
        voice._state = self
        return voice

    async def fetch_member(self, guild_id: int, user_id: int) -> Member:
        """GET a member (the cache is refreshed with it)."""
        member = decode_body(_MEMBER, await self.http.get_member(guild_id, user_id))
        self.cache.add_member(guild_id, member)
        member._guild_id = guild_id
        member._state = self
        return member

    # -- gateway requests -------------------------------------------------------
    def shard_for(self, guild_id: int | None) -> Any:
        """The shard that carries ``guild_id`` (shard 0 for DMs)."""
        if self.shards is None:
            raise RuntimeError("the client is not connected")
        shard_id = 0 if guild_id is None else (guild_id >> 22) % self.shard_count
        shard = self.shards.shards.get(shard_id)
        if shard is None:
            raise RuntimeError(f"shard {shard_id} is not run by this client")
        return shard

    async def request_members(
        self,
        guild_id: int,
        *,
        query: str = "",
        limit: int = 0,
        user_ids: list[int] | None = None,
        presences: bool = False,
        timeout: float | None = None,  # noqa: ASYNC109 - bounded by chunk_timeout otherwise
    ) -> list[Member]:
        """Op 8 and the GUILD_MEMBERS_CHUNKs that answer it, collected by nonce."""
        shard = self.shard_for(guild_id)
        loop = asyncio.get_running_loop()
        results: list[Member] = []
        batches: list[list[int] | None] = [None]
        if user_ids:
            batches = [user_ids[i:i + 100] for i in range(0, len(user_ids), 100)]
        for batch in batches:
            nonce = f"tc{next(self._nonces)}"
            future: asyncio.Future[list[Member]] = loop.create_future()
            self._chunks[nonce] = (future, [])
            request = RequestGuildMembers(guild_id=guild_id, limit=limit, nonce=nonce)  # type: ignore[arg-type]
            if batch is None:
                request.query = query
            else:
                request.user_ids = batch  # type: ignore[assignment]
            if presences:
                request.presences = True
            try:
                await shard.request_members(request)
                async with asyncio.timeout(timeout or self.chunk_timeout):
                    results.extend(await future)
            finally:
                self._chunks.pop(nonce, None)
        return results

    @property
    def wants_presences(self) -> bool:
        """Whether the bot has the presences intent (a full chunk then asks for them)."""
        return bool(getattr(self.intents, "presences", False))

    def on_chunk(self, nonce: Any, members: list[Member], last: bool) -> None:
        """A GUILD_MEMBERS_CHUNK arrived for a request we made."""
        entry = self._chunks.get(nonce) if isinstance(nonce, str) else None
        if entry is None:
            return
        future, collected = entry
        collected.extend(members)
        if last and not future.done():
            future.set_result(collected)

    # -- interactions -----------------------------------------------------------
    def route_interaction(self, interaction: Any) -> None:
        """Hand an interaction to the command tree or the views, then ``on_interaction``.

        Commands and autocomplete go to the tree (if the client has one), button
        presses and select picks to the view store, modal submissions to their
        modal; each of those runs as an owned task. Gateway and HTTP
        interactions both come through here.
        """
        kind = interaction.type
        if kind in (2, 4) and self.command_tree is not None:
            self.command_tree._from_interaction(interaction)
        elif kind == 3 and self.views is not None:
            self.views.dispatch_component(interaction)
        elif kind == 5 and self.views is not None:
            self.views.dispatch_modal(interaction)
        self.dispatch("interaction", interaction)


_from_iso: Final = datetime.datetime.fromisoformat


def _time_mark(before: Any) -> str | None:
    """``before=`` of a list Discord pages by time (pins, archived threads): a datetime,
    or anything with an id (its creation time), as ISO 8601; None stays None."""
    if before is None:
        return None
    when = before if isinstance(before, datetime.datetime) else snowflake_time(
        snowflake_of(before) or 0)
    return when.isoformat()


def _iso(text: str, field: str) -> None:
    """Raise ValueError naming ``field`` unless ``text`` is an ISO 8601 time."""
    try:
        datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{field}: {text[:40]!r} is not an ISO 8601 timestamp") from None
