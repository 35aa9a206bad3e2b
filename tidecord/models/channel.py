"""Channels of every kind: guild text and voice, categories, threads, DMs."""

from __future__ import annotations

import asyncio
import datetime
import enum
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

import msgspec

from .base import UNSET, Model, Snowflake, UnsetType, copied_on_read, decode, snowflake_time
from .flags import Permissions
from .paging import ListOnAwait
from .user import User

__all__ = ["Channel", "ChannelOverwrite", "ChannelType", "ThreadMember", "ThreadMetadata"]


class ChannelType(enum.IntEnum):
    """The ``type`` of a channel, in discord.py's names (Discord's are aliases)."""

    text = 0
    private = 1
    voice = 2
    group = 3
    category = 4
    news = 5
    news_thread = 10
    public_thread = 11
    private_thread = 12
    stage_voice = 13
    directory = 14
    forum = 15
    media = 16

    def __str__(self) -> str:
        return self.name  # as discord.py's: str(channel.type) == "text"

    # Discord's names
    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GROUP_DM = 3
    GUILD_CATEGORY = 4
    GUILD_ANNOUNCEMENT = 5
    ANNOUNCEMENT_THREAD = 10
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    GUILD_STAGE_VOICE = 13
    GUILD_DIRECTORY = 14
    GUILD_FORUM = 15
    GUILD_MEDIA = 16


THREAD_TYPES = frozenset({10, 11, 12})
# Each known type's member (aliases share it): what a decoded channel's ``type`` becomes.
_TYPES: Final = {int(kind): kind for kind in ChannelType}

# ``set_permissions(target)`` with neither ``overwrite=`` nor keywords (None removes).
_MISSING: Any = object()
def _sorting_bucket(kind: int) -> int:
    """The group a channel is ordered in, as Discord's client orders them: voice and
    stage together, categories apart, everything else with text."""
    return 2 if kind in (2, 13) else 4 if kind == 4 else 0


#: Channels people connect to: voice and stage.
_VOICE_KINDS: Final = frozenset({2, 13})
# What a clone copies of each kind beside name, overwrites and category (wire names).
_TEXT_SETTINGS: Final = ("topic", "nsfw", "default_auto_archive_duration")
_VOICE_SETTINGS: Final = ("bitrate", "user_limit", "rate_limit_per_user", "nsfw",
                          "video_quality_mode", "rtc_region")
_CLONED: Final = {0: (*_TEXT_SETTINGS, "rate_limit_per_user"), 5: _TEXT_SETTINGS,
                  2: _VOICE_SETTINGS, 13: _VOICE_SETTINGS,
                  15: (*_TEXT_SETTINGS, "rate_limit_per_user", "available_tags"),
                  16: (*_TEXT_SETTINGS, "rate_limit_per_user", "available_tags")}
TEXT_TYPES = frozenset({0, 1, 2, 3, 5, 10, 11, 12, 13})


class ChannelOverwrite(Model, gc=False, kw_only=True):
    """Allow and deny bits for a role (type 0) or a member (type 1) in one channel."""

    id: Snowflake
    type: int
    allow: Permissions
    deny: Permissions


class ThreadMetadata(Model, gc=False, kw_only=True):
    """Whether a thread is archived or locked, and when it archives itself."""

    archived: bool = False
    auto_archive_duration: int = 1440
    archive_timestamp: str
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


class Channel(Model, kw_only=True):
    """Any channel; which fields are present depends on ``type``."""

    id: int
    type: int
    guild_id: int | UnsetType = UNSET
    position: int | UnsetType = UNSET
    permission_overwrites: list[ChannelOverwrite] | UnsetType = UNSET
    name: str | UnsetType | None = UNSET
    topic: str | UnsetType | None = UNSET
    nsfw: bool | UnsetType = UNSET
    last_message_id: int | UnsetType | None = UNSET
    bitrate: int | UnsetType = UNSET
    user_limit: int | UnsetType = UNSET
    rate_limit_per_user: int | UnsetType = UNSET
    recipients: list[User] | UnsetType = UNSET
    icon: str | UnsetType | None = UNSET
    owner_id: int | UnsetType = UNSET
    application_id: int | UnsetType = UNSET
    parent_id: int | UnsetType | None = UNSET
    last_pin_timestamp: str | UnsetType | None = UNSET
    rtc_region: str | UnsetType | None = UNSET
    video_quality_mode: int | UnsetType = UNSET
    message_count: int | UnsetType = UNSET
    member_count: int | UnsetType = UNSET
    thread_metadata: ThreadMetadata | UnsetType = UNSET
    member: ThreadMember | UnsetType = UNSET
    default_auto_archive_duration: int | UnsetType = UNSET
    default_thread_rate_limit_per_user: int | UnsetType = UNSET
    permissions: Permissions | UnsetType = UNSET
    flags: int | UnsetType = UNSET
    total_message_sent: int | UnsetType = UNSET
    available_tags: list[dict[str, Any]] | UnsetType = UNSET
    applied_tags: list[Snowflake] | UnsetType = UNSET
    newly_created: bool | UnsetType = UNSET
    _state: Any = UNSET

    def __post_init__(self) -> None:
        # discord.py's channel.type is a ChannelType (``.name``, ``str``); it stays an int
        # for a kind of channel Discord adds later, so decoding never fails on one.
        self.type = _TYPES.get(self.type, self.type)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Channel) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        if isinstance(self.name, str):
            return self.name
        if isinstance(self.recipients, list) and self.recipients:
            return f"Direct Message with {self.recipients[0]}"
        return str(self.id)

    @property
    def mention(self) -> str:
        """``<#id>``: links the channel in a message."""
        return f"<#{self.id}>"

    @property
    def is_thread(self) -> bool:
        """Whether this channel is a thread."""
        return self.type in THREAD_TYPES

    @property
    def is_dm(self) -> bool:
        """Whether this is a direct-message channel."""
        return self.type == ChannelType.DM

    @property
    def created_at(self) -> Any:
        """When the channel was made (from its id)."""
        return snowflake_time(self.id)

    # -- behaviour (delegates to the client state in ``_state``) -------------
    @property
    def guild(self) -> Any:
        """The cached guild of a guild channel (``None`` for DMs)."""
        if isinstance(self.guild_id, UnsetType):
            return None
        return self._state.cache.guilds.get(self.guild_id)

    @property
    def category(self) -> Channel | None:
        """The category this channel sits in."""
        if not self.parent_id or self.is_thread:
            return None
        return self._state.cache.channels.get(self.parent_id)  # type: ignore[no-any-return]

    @property
    def category_id(self) -> int | None:
        """The id of the category this channel (or a thread's parent) sits in."""
        if self.is_thread:
            parent = self.parent
            return parent.category_id if parent is not None else None
        return self.parent_id if isinstance(self.parent_id, int) else None

    @property
    def slowmode_delay(self) -> int:
        """Seconds a member must wait between messages here (0: none)."""
        delay = self.rate_limit_per_user
        return delay if isinstance(delay, int) else 0

    @property
    def parent(self) -> Channel | None:
        """A thread's parent channel (or a channel's category)."""
        if not self.parent_id:
            return None
        return self._state.cache.channels.get(self.parent_id)  # type: ignore[no-any-return]

    # -- what a channel holds, from the cache, as discord.py's ------------------
    def _children(self, *types: int) -> list[Channel]:
        guild = self.guild
        found = [c for c in guild.channels.values() if c.parent_id == self.id
                 and (not types or c.type in types)] if guild is not None and isinstance(
                     guild.channels, dict) else []
        found.sort(key=lambda c: (c.position if isinstance(c.position, int) else 0, c.id))
        return found

    @property
    def channels(self) -> list[Channel]:
        """A category's channels, by position."""
        return self._children()

    @property
    def text_channels(self) -> list[Channel]:
        """A category's text and announcement channels, by position."""
        return self._children(0, 5)

    @property
    def voice_channels(self) -> list[Channel]:
        """A category's voice channels, by position."""
        return self._children(2)

    @property
    def stage_channels(self) -> list[Channel]:
        """A category's stage channels, by position."""
        return self._children(13)

    @property
    def forums(self) -> list[Channel]:
        """A category's forum (and media) channels, by position."""
        return self._children(15, 16)

    @property
    def default_thread_slowmode_delay(self) -> int:
        """The slowmode (s) threads made here start with."""
        value = self.default_thread_rate_limit_per_user
        return value if isinstance(value, int) else 0

    @property
    def permissions_synced(self) -> bool:
        """Whether the channel's overwrites are its category's, as discord.py decides."""
        parent = self.category
        return parent is not None and parent.overwrites == self.overwrites

    @property
    def changed_roles(self) -> list[Any]:
        """The roles this channel overwrites, each a copy whose ``permissions`` are what
        the overwrite makes of the role's own (as discord.py's)."""
        guild = self.guild
        if guild is None or not isinstance(guild.roles, dict):
            return []
        changed = []
        for overwrite in self.permission_overwrites or ():
            role = guild.roles.get(int(overwrite.id)) if int(overwrite.type) == 0 else None
            if role is None:
                continue
            value = (int(role.permissions) & ~int(overwrite.deny)) | int(overwrite.allow)
            copy = msgspec.structs.replace(role, permissions=Permissions(value))
            changed.append(copy)
        return changed

    @property
    def archiver_id(self) -> int | None:
        """Who archived the thread, when Discord says."""
        meta = self.thread_metadata
        found = meta.archiver_id if isinstance(meta, ThreadMetadata) else None
        return found if isinstance(found, int) else None

    @property
    def me(self) -> Any:
        """The bot's :class:`ThreadMember` in this thread, if it is in it."""
        if self._state is UNSET:
            return None
        mine = self._state.cache.thread_members.get(self.id, {}).get(self._state.cache.self_id)
        if mine is not None:
            return mine
        return self.member if isinstance(self.member, ThreadMember) else None

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

    @property
    def members(self) -> list[Any]:
        """The guild's cached members who can see this channel; for a voice or stage
        channel, the members connected to it; for a thread, the thread members the
        gateway said joined it (as discord.py's)."""
        if self.is_thread:
            return list(self._state.cache.thread_members.get(self.id, {}).values())
        guild = self.guild
        if guild is None:
            return []
        if self.type in _VOICE_KINDS:
            found = (guild.get_member(uid) for uid in self.voice_states)
            return [m for m in found if m is not None]
        if not isinstance(guild.members, dict | list):
            return []
        return [m for m in guild.members if self.permissions_for(m).view_channel]

    async def move(self, *, beginning: bool = False, end: bool = False, before: Any = None,
                   after: Any = None, offset: int = 0, category: Any = _MISSING,
                   sync_permissions: bool = False, reason: str | None = None) -> None:
        """Move the channel among its kind (text-like, voice-like, categories) in its
        category, or into ``category`` (``None``: out of any), as discord.py's: to the
        ``beginning`` or ``end``, ``before`` or ``after`` a channel, then ``offset``
        places further; ``sync_permissions`` takes the new category's overwrites."""
        if sum(bool(x) for x in (beginning, end, before, after)) > 1:
            raise TypeError("Only one of [before, after, end, beginning] can be used.")
        guild = self.guild
        if guild is None or not isinstance(guild.channels, dict):
            raise TypeError("only a cached guild channel can be moved")
        bucket = _sorting_bucket(self.type)
        # The channels it is placed among: those of its new category (or of its own,
        # when it leaves every category, as discord.py places it).
        parent = self.parent_id if category is _MISSING or category is None \
            else category.id
        mates = sorted((c for c in guild.channels.values()
                        if _sorting_bucket(c.type) == bucket and c.parent_id == parent
                        and c.id != self.id), key=lambda c: (c.position, c.id))
        if beginning:
            index: int | None = 0
        elif end:
            index = len(mates)
        elif before is not None:
            index = next((i for i, c in enumerate(mates) if c.id == before.id), None)
        elif after is not None:
            index = next((i + 1 for i, c in enumerate(mates) if c.id == after.id), None)
        else:
            index = None
        if index is None:
            raise ValueError("Could not resolve appropriate move position")
        mates.insert(max(index + offset, 0), self)
        body: list[dict[str, Any]] = []
        for place, channel in enumerate(mates):
            entry: dict[str, Any] = {"id": str(channel.id), "position": place}
            if category is not _MISSING and channel.id == self.id:
                entry["parent_id"] = None if category is None else str(category.id)
                entry["lock_permissions"] = sync_permissions
            body.append(entry)
        await self._state.http.move_channels(self.guild_id, body, reason=reason)

    async def clone(self, *, name: str | None = None, category: Any = None,
                    reason: str | None = None) -> Channel:
        """A new channel made like this one, as discord.py's: its kind, name (or
        ``name``), overwrites, category (or ``category``; a category keeps none) and the
        settings of its kind (topic, slowmode, NSFW, bitrate...). Discord puts it last."""
        if self._state is UNSET or isinstance(self.guild_id, UnsetType):
            raise TypeError("only a guild channel of a client can be cloned")
        kind = int(self.type)
        fields: dict[str, Any] = {"name": name or self.name, "type": kind,
                                  "permission_overwrites": self._raw_overwrites()}
        if kind != 4:
            parent = category.id if category is not None else self.parent_id
            if isinstance(parent, int):
                fields["parent_id"] = parent
        for key in _CLONED.get(kind, ("nsfw",)):
            value = getattr(self, key)
            if not isinstance(value, UnsetType) and value is not None:
                fields[key] = value
        data = await self._state.http.create_channel(self.guild_id, fields, reason=reason)
        return self._state.channel_from(data)  # type: ignore[no-any-return]

    @property
    def scheduled_events(self) -> list[Any]:
        """The guild's scheduled events held in this voice or stage channel."""
        guild = self.guild
        if guild is None:
            return []
        return [e for e in guild.scheduled_events if e.channel_id == self.id]

    @property
    def voice_states(self) -> dict[int, Any]:
        """User id -> :class:`VoiceState` of everyone connected to this channel (kept
        with the voice states intent), members the cache lacks included."""
        if self._state is UNSET or self.guild_id is UNSET:
            return {}
        kept = self._state.cache.voice_states.get(self.guild_id, {})
        return {uid: v for uid, v in kept.items() if v.channel_id == self.id}

    @property
    def last_message(self) -> Any:
        """The channel's last message, if the message cache still has it."""
        if not self.last_message_id:
            return None
        return self._state.cache.get_message(self.last_message_id)

    def is_nsfw(self) -> bool:
        """Whether the channel is marked age-restricted."""
        return self.nsfw is True

    def is_news(self) -> bool:
        """Whether this is an announcement channel."""
        return self.type == ChannelType.news

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

    @property
    def jump_url(self) -> str:
        """A link to the channel."""
        where = "@me" if isinstance(self.guild_id, UnsetType) else self.guild_id
        return f"https://discord.com/channels/{where}/{self.id}"

    async def send(self, content: Any = None, **options: Any) -> Any:
        """Send a message: ``content``, ``embed(s)``, ``file(s)``, ``reference``,
        ``allowed_mentions``, ``components``, ``delete_after``... as discord.py."""
        return await self._state.send_message(self.id, content, **options)

    async def fetch_message(self, message_id: int) -> Any:
        """GET one message of this channel."""
        return await self._state.fetch_message(self.id, message_id)

    def history(self, **options: Any) -> Any:
        """``async for message in channel.history(limit=100, before=..., after=...)``."""
        return self._state.history(self.id, **options)

    def archived_threads(self, *, private: bool = False, joined: bool = False,
                         limit: int | None = 100, before: Any = None) -> Any:
        """``async for thread in channel.archived_threads()``: its archived threads, the
        most recently archived first; ``private=True`` the private ones (Manage Threads),
        with ``joined=True`` only those the bot joined. ``before``: a datetime or
        anything with an id."""
        return self._state.archived_threads(self.id, private=private, joined=joined,
                                            limit=limit, before=before)

    def pins(self, *, limit: int | None = 50, before: Any = None,
             oldest_first: bool = False) -> Any:
        """``async for message in channel.pins(limit=50, before=...)``: pinned messages,
        the newest pin first, each with ``pinned_at``; ``before`` is a datetime or
        anything with an id (its creation time). Awaiting it for a list still works,
        with discord.py's DeprecationWarning."""
        return ListOnAwait(
            self._state.pins(self.id, limit=limit, before=before, oldest_first=oldest_first),
            "`await <channel>.pins()` is deprecated; use `async for message in "
            "<channel>.pins()` instead.")

    def get_partial_message(self, message_id: int) -> Any:
        """A message you can edit, delete or react to by id alone."""
        from .message import PartialMessage

        return PartialMessage.partial(self._state, self.id, message_id, self.guild_id)

    def typing(self) -> Any:
        """``async with channel.typing():`` shows "Bot is typing..." meanwhile."""
        return _Typing(self)

    async def create_invite(self, *, reason: str | None = None, max_age: int = 0,
                            max_uses: int = 0, temporary: bool = False, unique: bool = True,
                            target_type: Any = None, target_user: Any = None,
                            target_application_id: int | None = None) -> Any:
        """An invite to this channel (``max_age`` in seconds, 0: never expires; needs
        Create Invite), as discord.py's defaults have it."""
        from .invite import bind_invite

        fields: dict[str, Any] = {"max_age": int(max_age), "max_uses": int(max_uses),
                                  "temporary": bool(temporary), "unique": bool(unique)}
        if target_type is not None:
            fields["target_type"] = int(getattr(target_type, "value", target_type))
        if target_user is not None:
            fields["target_user_id"] = str(getattr(target_user, "id", target_user))
        if target_application_id is not None:
            fields["target_application_id"] = str(target_application_id)
        return bind_invite(self._state, await self._state.http.create_invite(
            self.id, fields, reason=reason))

    async def invites(self) -> list[Any]:
        """This channel's invites, with their uses (needs Manage Channels)."""
        from .invite import bind_invites

        return bind_invites(self._state, await self._state.http.channel_invites(self.id))

    async def create_webhook(self, *, name: str, avatar: bytes | None = None,
                             reason: str | None = None) -> Any:
        """Make a webhook that posts in this channel (needs Manage Webhooks)."""
        from ..rest.payloads import image_data
        from ..webhook import bind_webhook

        fields: dict[str, Any] = {"name": name}
        if avatar is not None:
            fields["avatar"] = image_data(avatar)
        return bind_webhook(self._state, await self._state.http.create_webhook(
            self.id, fields, reason=reason))

    async def webhooks(self) -> list[Any]:
        """This channel's webhooks (needs Manage Webhooks)."""
        from ..webhook import bind_webhooks

        return bind_webhooks(self._state, await self._state.http.channel_webhooks(self.id))

    async def trigger_typing(self) -> None:
        """Show the typing indicator once (about 10 s)."""
        await self._state.http.trigger_typing(self.id)

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete the channel."""
        await self._state.http.delete_channel(self.id, reason=reason)

    async def create_text_channel(self, name: str, **options: Any) -> Channel:
        """A text channel in this category (options as ``Guild.create_text_channel``)."""
        return await self.guild.create_text_channel(  # type: ignore[no-any-return]
            name, category=self, **options)

    async def create_voice_channel(self, name: str, **options: Any) -> Channel:
        """A voice channel in this category (options as ``Guild.create_voice_channel``)."""
        return await self.guild.create_voice_channel(  # type: ignore[no-any-return]
            name, category=self, **options)

    async def create_stage_channel(self, name: str, **options: Any) -> Channel:
        """A stage channel in this category (options as ``Guild.create_stage_channel``)."""
        return await self.guild.create_stage_channel(  # type: ignore[no-any-return]
            name, category=self, **options)

    async def create_forum(self, name: str, **options: Any) -> Channel:
        """A forum in this category (options as ``Guild.create_forum``)."""
        return await self.guild.create_forum(  # type: ignore[no-any-return]
            name, category=self, **options)

    async def edit(self, *, reason: str | None = None, **fields: Any) -> Channel:
        """PATCH the channel; returns the new record. Keywords as discord.py's
        (``name``, ``topic``, ``slowmode_delay``, ``category``, ``overwrites``,
        ``sync_permissions``, ``nsfw``, ``position``...) or the wire's own names."""
        data = await self._state.http.edit_channel(self.id, channel_fields(fields, self),
                                                   reason=reason)
        return self._state.channel_from(data)  # type: ignore[no-any-return]

    async def delete_messages(self, messages: Any, *, reason: str | None = None) -> None:
        """Bulk-delete messages (2 to 100, younger than two weeks)."""
        ids = [getattr(m, "id", m) for m in messages]
        if len(ids) == 1:
            await self._state.http.delete_message(self.id, ids[0], reason=reason)
        elif ids:
            await self._state.http.bulk_delete(self.id, ids, reason=reason)

    async def purge(
        self, *, limit: int | None = 100, check: Any = None, before: Any = None,
        after: Any = None, around: Any = None, oldest_first: bool | None = None,
        bulk: bool = True, reason: str | None = None,
    ) -> list[Any]:
        """Delete up to ``limit`` recent messages passing ``check``; returns those deleted.

        Messages younger than two weeks go by bulk delete (100 per call), older
        ones one by one, as Discord requires.
        """
        cutoff = Snowflake.from_datetime(
            datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=14))
        chosen = [m async for m in self.history(limit=limit, before=before, after=after,
                                                  around=around, oldest_first=oldest_first)
                  if check is None or check(m)]
        young = [m for m in chosen if bulk and m.id > cutoff]
        for start in range(0, len(young), 100):
            await self.delete_messages(young[start:start + 100], reason=reason)
        for message in chosen:
            if not (bulk and message.id > cutoff):
                await self._state.http.delete_message(self.id, message.id, reason=reason)
        return chosen

    async def create_thread(
        self, *, name: str, message: Any = None, auto_archive_duration: int = 1440,
        type: int | None = None, reason: str | None = None, invitable: bool = True,
        slowmode_delay: int | None = None,
    ) -> Channel:
        """Start a thread: from ``message`` (always public), or else of ``type``, a
        private thread by default, as discord.py's (Create Private Threads)."""
        fields: dict[str, Any] = {"name": name, "auto_archive_duration": auto_archive_duration}
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
        return self._state.channel_from(data)  # type: ignore[no-any-return]

    # -- permission overwrites, as discord.py's ------------------------------
    def _raw_overwrites(self) -> list[ChannelOverwrite]:
        # As stored: reading ``permission_overwrites`` would copy the list.
        overwrites = CHANNEL_OVERWRITES.__get__(self)
        return [] if isinstance(overwrites, UnsetType) else overwrites

    def overwrites_for(self, obj: Any) -> Any:
        """The :class:`PermissionOverwrite` this channel has for a role or member (empty
        if none): a new object each time, so changing it changes nothing until it is
        sent with :meth:`set_permissions`."""
        from .overwrite import PermissionOverwrite

        kind = _overwrite_type(obj)
        for overwrite in self._raw_overwrites():
            if overwrite.id == obj.id and (kind is None or overwrite.type == kind):
                return PermissionOverwrite.from_pair(overwrite.allow, overwrite.deny)
        return PermissionOverwrite()

    @property
    def overwrites(self) -> dict[Any, Any]:
        """Every overwrite of the channel: ``{role or member: PermissionOverwrite}``. A
        role or member the cache does not hold is an :class:`Object` of type ``Role`` or
        ``User``, as in discord.py."""
        from .object import Object
        from .overwrite import PermissionOverwrite
        from .role import Role

        guild = self.guild
        out: dict[Any, Any] = {}
        for overwrite in self._raw_overwrites():
            target: Any = None
            if guild is not None:
                target = (guild.get_role(overwrite.id) if overwrite.type == 0
                          else guild.get_member(overwrite.id))
            if target is None:
                target = Object(overwrite.id, type=Role if overwrite.type == 0 else User)
            out[target] = PermissionOverwrite.from_pair(overwrite.allow, overwrite.deny)
        return out

    async def set_permissions(self, target: Any, *, overwrite: Any = _MISSING,
                              reason: str | None = None, **permissions: bool | None) -> None:
        """Set ``target``'s (a role or member) overwrite here: ``overwrite=`` a
        :class:`PermissionOverwrite` (``None`` removes it), or permission names as
        keywords (a new overwrite of just those), as discord.py's."""
        from .overwrite import PermissionOverwrite

        kind = _overwrite_type(target)
        if kind is None:
            raise ValueError("target parameter must be either Member or Role")
        if overwrite is _MISSING:
            if not permissions:
                raise ValueError("No overwrite provided.")
            try:
                overwrite = PermissionOverwrite(**permissions)
            except (ValueError, TypeError):
                raise TypeError("Invalid permissions given to keyword arguments.") from None
        elif permissions:
            raise TypeError("Cannot mix overwrite and keyword arguments.")
        http = self._state.http
        if overwrite is None:
            await http.delete_channel_permissions(self.id, target.id, reason=reason)
        elif isinstance(overwrite, PermissionOverwrite):
            allow, deny = overwrite.pair()
            await http.edit_channel_permissions(self.id, target.id, allow.value, deny.value,
                                                kind, reason=reason)
        else:
            raise TypeError("Invalid overwrite type provided.")

    def permissions_for(self, member: Any) -> Permissions:
        """What ``member`` may do here: roles, then this channel's overwrites."""
        from .permissions import base_permissions, channel_permissions

        guild = self.guild
        if guild is None:
            return Permissions(Permissions.all().value)
        roles = getattr(member, "role_ids", None)
        if roles is None:  # a User: use its membership here
            cached = guild.members.get(member.id)
            roles = cached.role_ids if cached is not None else []
        base = base_permissions(
            guild_id=guild.id, owner_id=guild.owner_id, user_id=member.id,
            member_roles=roles, roles=guild.roles,
        )
        overwrites = self.permission_overwrites
        if self.is_thread and self.parent is not None:
            overwrites = self.parent.permission_overwrites
        value = channel_permissions(
            base, guild_id=guild.id, user_id=member.id, member_roles=roles,
            overwrites=[] if isinstance(overwrites, UnsetType) else overwrites,
        )
        return Permissions(value)


def _overwrite_type(target: Any) -> int | None:
    """An overwrite's ``type`` for ``target``: 0 for a role, 1 for a member or user,
    ``None`` for anything else."""
    from .member import Member
    from .role import Role

    if isinstance(target, Role):
        return 0
    return 1 if isinstance(target, User | Member) else None


def overwrites_payload(overwrites: Any) -> list[dict[str, Any]]:
    """discord.py's ``overwrites`` (a role or member to a :class:`PermissionOverwrite`)
    as the wire's list; :class:`TypeError` for anything else, as discord.py."""
    from .overwrite import PermissionOverwrite
    from .role import Role

    if not isinstance(overwrites, Mapping):
        raise TypeError("overwrites parameter expects a dict.")
    out = []
    for target, overwrite in overwrites.items():
        if not isinstance(overwrite, PermissionOverwrite):
            raise TypeError(f"Expected PermissionOverwrite received {type(overwrite).__name__}")
        allow, deny = overwrite.pair()
        # An Object stands for a member unless it says it is a role.
        is_role = isinstance(target, Role) or getattr(target, "type", None) is Role
        out.append({"id": target.id, "type": 0 if is_role else 1,
                    "allow": str(allow.value), "deny": str(deny.value)})
    return out


# discord.py's names for channel fields the wire names otherwise.
_WIRE_NAMES = {"slowmode_delay": "rate_limit_per_user",
               "default_thread_slowmode_delay": "default_thread_rate_limit_per_user"}


def channel_fields(options: dict[str, Any], current: Channel | None = None) -> dict[str, Any]:
    """A create or edit call's keywords, discord.py's or the wire's, as the wire's fields.

    ``category`` (a channel or ``None``) becomes ``parent_id``; ``sync_permissions``
    copies the category's overwrites (the new one's, else ``current``'s).
    """
    fields: dict[str, Any] = {}
    for key, value in options.items():
        if key == "category":
            fields["parent_id"] = value.id if value is not None else None
        elif key == "overwrites":
            fields["permission_overwrites"] = overwrites_payload(value)
        elif key in ("type", "video_quality_mode"):
            fields[key] = int(getattr(value, "value", value))
        elif key != "sync_permissions":
            fields[_WIRE_NAMES.get(key, key)] = value
    if options.get("sync_permissions"):
        parent = options["category"] if "category" in options else (
            current.category if current is not None else None)
        if parent is not None:
            fields["permission_overwrites"] = parent._raw_overwrites()
    return fields


def _copy_list(value: Any) -> Any:
    return list(value) if type(value) is list else value


#: A channel's own overwrites list: ``channel.permission_overwrites`` reads a copy, so
#: the cache may give every channel without overwrites one shared empty list.
CHANNEL_OVERWRITES = copied_on_read(Channel, "permission_overwrites", _copy_list)


class _Typing:
    """The typing indicator, re-sent every 8 s while the block runs. ``channel`` may be
    a function that finds the channel first (a user's DM channel)."""

    def __init__(self, channel: Channel | Callable[[], Awaitable[Channel]]) -> None:
        self._channel: Any = channel
        self._task: Any = None

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(8)
            await self._channel.trigger_typing()

    async def __aenter__(self) -> None:
        if not isinstance(self._channel, Channel):
            self._channel = await self._channel()
        await self._channel.trigger_typing()
        self._task = asyncio.create_task(self._keep(), name="tidecord:typing")

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass

    def __await__(self) -> Any:
        return self._once().__await__()

    async def _once(self) -> None:
        if not isinstance(self._channel, Channel):
            self._channel = await self._channel()
        await self._channel.trigger_typing()
