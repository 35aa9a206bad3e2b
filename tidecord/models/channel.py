"""Channels of every kind: guild text and voice, categories, threads, DMs. What a
channel does with messages, threads, overwrites and its place in the guild comes from
mixins in ``channel_*.py`` and ``thread.py``."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Awaitable, Callable
from typing import Any, Final

import msgspec

from .base import (
    UNSET,
    Model,
    Snowflake,
    UnsetType,
    copied_on_read,
    decode,
    enum_of,
    none_if_unset,
    sent_true,
    snowflake_time,
    viewed_field,
)
from .channel_layout import ChannelLayout
from .channel_messages import ChannelMessages
from .channel_overwrites import _MISSING, ChannelOverwrites, overwrites_payload
from .channel_type import THREAD_TYPES, ChannelType, VideoQualityMode
from .flags import Permissions
from .forum import ChannelForum, forum_options
from .overwrite import ChannelOverwrite
from .stage_instance import ChannelStage
from .thread import ChannelThreads, ThreadMember, ThreadMetadata
from .user import User
from .voice_effect import ChannelVoice

__all__ = ["CHANNEL_OVERWRITES", "Channel", "category_id", "channel_fields"]


# Each known type's member (aliases share it): what a decoded channel's ``type`` becomes.
_TYPES: Final = {int(kind): kind for kind in ChannelType}
#: Channels people connect to: voice and stage.
_VOICE_KINDS: Final = frozenset({2, 13})


class Channel(Model, ChannelMessages, ChannelThreads, ChannelOverwrites, ChannelLayout,
              ChannelForum, ChannelStage, ChannelVoice, kw_only=True):
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
    # As the wire has them; ``flags``, ``available_tags``, ``applied_tags``,
    # ``default_reaction_emoji`` and ``default_sort_order`` read them as discord.py's
    # objects (``forum.py``).
    flags_value: int | UnsetType = msgspec.field(default=UNSET, name="flags")
    total_message_sent: int | UnsetType = UNSET
    tags_data: list[dict[str, Any]] | UnsetType = msgspec.field(default=UNSET,
                                                                name="available_tags")
    # A forum or media channel's: the reaction its posts show, how they sort, and (a
    # forum's) how they are laid out.
    default_reaction_data: dict[str, Any] | UnsetType | None = msgspec.field(
        default=UNSET, name="default_reaction_emoji")
    default_sort_order_value: int | UnsetType | None = msgspec.field(
        default=UNSET, name="default_sort_order")
    default_forum_layout: int | UnsetType = UNSET
    applied_tag_ids: list[Snowflake] | UnsetType = msgspec.field(default=UNSET,
                                                                 name="applied_tags")
    newly_created: bool | UnsetType = UNSET
    _state: Any = UNSET

    def __post_init__(self) -> None:
        # discord.py's channel.type is a ChannelType (``.name``, ``str``); a kind of
        # channel Discord adds later reads as ``unknown_<n>``, as discord.py's does, so
        # decoding never fails on one.
        kind = _TYPES.get(self.type)
        self.type = kind if kind is not None else enum_of(ChannelType, self.type)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Channel) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        if isinstance(self.name, str):
            return self.name
        if isinstance(self.recipients, list) and self.recipients:
            return f"Direct Message with {self.recipients[0]}"
        if self.type == ChannelType.DM:  # the other person not known (yet)
            return "Direct Message with Unknown User"
        return str(self.id)

    def __repr__(self) -> str:
        # discord.py's, by kind: <TextChannel id=... name='general' position=0 ...>.
        kind = int(self.type)
        fields: tuple[tuple[str, Any], ...]
        if kind in (1, 3):
            if kind == 1:
                return f"<DMChannel id={self.id} recipient={self.recipient!r}>"
            return f"<GroupChannel id={self.id} name={self.name!r}>"
        position = none_if_unset(self.position)
        if kind in THREAD_TYPES:
            return (f"<Thread id={self.id} name={self.name!r} parent={self.parent} "
                    f"owner_id={none_if_unset(self.owner_id)} locked={self.locked} "
                    f"archived={self.archived}>")
        if kind == 4:
            return (f"<CategoryChannel id={self.id} name={self.name!r} position={position} "
                    f"nsfw={self.is_nsfw()}>")
        if kind in (2, 13):
            voice = (("rtc_region", none_if_unset(self.rtc_region)), ("position", position),
                     ("bitrate", none_if_unset(self.bitrate)),
                     ("video_quality_mode", self.video_quality_mode),
                     ("user_limit", none_if_unset(self.user_limit)),
                     ("category_id", self.category_id))
            topic = (("topic", none_if_unset(self.topic)),) if kind == 13 else ()
            fields = (("id", self.id), ("name", self.name), *topic, *voice)
            name = "StageChannel" if kind == 13 else "VoiceChannel"
        elif kind in (15, 16):
            fields = (("id", self.id), ("name", self.name), ("position", position),
                      ("nsfw", self.is_nsfw()), ("category_id", self.category_id))
            name = "ForumChannel"
        else:
            fields = (("id", self.id), ("name", self.name), ("position", position),
                      ("nsfw", self.is_nsfw()), ("news", self.is_news()),
                      ("category_id", self.category_id))
            name = "TextChannel" if kind in (0, 5) else "Channel"
        return f"<{name} {' '.join(f'{key}={value!r}' for key, value in fields)}>"

    @property
    def mention(self) -> str:
        """``<#id>``: links the channel in a message."""
        return f"<#{self.id}>"

    @property
    def is_thread(self) -> bool:
        """Whether this channel is a thread."""
        return self.type in THREAD_TYPES

    @property
    def _thread_like(self) -> bool:
        # A thread, or one of a kind Discord adds later: a thread carries its metadata
        # (discord.py makes a Thread of any THREAD_CREATE), a channel never does.
        return self.type in THREAD_TYPES or self.thread_metadata is not UNSET

    @property
    def is_dm(self) -> bool:
        """Whether this is a direct-message channel."""
        return self.type == ChannelType.DM

    @property
    def created_at(self) -> Any:
        """When the channel was made (from its id); a thread's, as discord.py's, when
        Discord says it was (``create_timestamp``, sent for threads made since 2022),
        else None."""
        if self._thread_like:
            meta = self.thread_metadata
            stamp = None if meta is UNSET else meta.create_timestamp
            return datetime.datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
        return snowflake_time(self.id)

    # -- behaviour (delegates to the client state in ``_state``) -------------
    @property
    def guild(self) -> Any:
        """The cached guild of a guild channel (``None`` for DMs; for a guild the bot is
        not in, the stand-in its latest interaction described, as discord.py's)."""
        # no guild: UNSET (a DM), or None (a partial channel named without one)
        if not self.guild_id or self._state is UNSET:
            return None
        return self._state.cache.guild_anywhere(self.guild_id)

    def _cached_channel(self, channel_id: Any) -> Channel | None:
        # A channel no client holds (the sandbox's own records) knows no other channel.
        if not channel_id or self._state is UNSET:
            return None
        return self._state.cache.channels.get(channel_id)  # type: ignore[no-any-return]

    @property
    def category(self) -> Channel | None:
        """The category this channel sits in (a thread: its parent's, as discord.py's)."""
        if self._thread_like:
            parent = self.parent
            return parent.category if parent is not None else None
        return self._cached_channel(self.parent_id)

    @property
    def category_id(self) -> int | None:
        """The id of the category this channel (or a thread's parent) sits in."""
        if self._thread_like:
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
        """A thread's parent channel. Only a thread has one, as in discord.py, whose other
        channels have no ``parent``: theirs is an AttributeError, so that
        ``getattr(channel, "parent", channel)`` (where a message was said, a thread
        read as its channel) does not take a channel's category; that is ``category``."""
        if not self._thread_like:
            raise AttributeError(f"a {self.type!s} channel has no attribute 'parent' "
                                 "(its category is 'category')")
        return self._cached_channel(self.parent_id)

    @property
    def default_thread_slowmode_delay(self) -> int:
        """The slowmode (s) threads made here start with."""
        value = self.default_thread_rate_limit_per_user
        return value if isinstance(value, int) else 0

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
        if self._state is UNSET or not self.guild_id:
            return {}
        kept = self._state.cache.voice_states.get(self.guild_id, {})
        return {uid: v for uid, v in kept.items() if v.channel_id == self.id}

    def is_nsfw(self) -> bool:
        """Whether the channel is marked age-restricted."""
        return self.nsfw is True

    def is_news(self) -> bool:
        """Whether this is an announcement channel."""
        return self.type == ChannelType.news

    @property
    def jump_url(self) -> str:
        """A link to the channel."""
        return f"https://discord.com/channels/{self.guild_id or '@me'}/{self.id}"

    def typing(self) -> Any:
        """``async with channel.typing():`` shows "Bot is typing..." meanwhile."""
        return _Typing(self)

    async def create_invite(self, *, reason: str | None = None, max_age: int = 0,
                            max_uses: int = 0, temporary: bool = False, unique: bool = True,
                            target_type: Any = None, target_user: Any = None,
                            target_application_id: int | None = None,
                            guest: bool = False) -> Any:
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
        if guest:
            fields["flags"] = 1  # InviteFlags.guest
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

    async def follow(self, *, destination: Any, reason: str | None = None) -> Any:
        """Follow this announcement channel into ``destination`` (a text channel): its
        published messages arrive there through the follower webhook this returns
        (needs Manage Webhooks there; the webhook has no token, as Discord gives none).

        Raises ``ClientException`` unless this is an announcement channel, and
        ``TypeError`` unless ``destination`` is a text channel, as discord.py's."""
        from ..rest.errors import ClientException
        from ..webhook import bind_webhook
        from .kinds import TextChannel, kind_name

        if not self.is_news():
            raise ClientException("The channel must be a news channel.")
        is_text = isinstance(destination, TextChannel)  # (by its type: no narrowing wanted)
        if not is_text:
            raise TypeError(f"Expected TextChannel received {kind_name(destination)}")
        followed = decode(await self._state.http.follow_channel(self.id, destination.id,
                                                               reason=reason), _Followed)
        # The answer names the webhook only; the webhook itself says what it follows.
        return bind_webhook(self._state, await self._state.http.get_webhook(
            followed.webhook_id))

    async def webhooks(self) -> list[Any]:
        """This channel's webhooks (needs Manage Webhooks)."""
        from ..webhook import bind_webhooks

        return bind_webhooks(self._state, await self._state.http.channel_webhooks(self.id))

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete the channel."""
        await self._state.http.delete_channel(self.id, reason=reason)

    async def edit(self, *, reason: str | None = None, **fields: Any) -> Channel | None:
        """PATCH the channel; returns the new record. Keywords as discord.py's
        (``name``, ``topic``, ``slowmode_delay``, ``category``, ``overwrites``,
        ``sync_permissions``, ``nsfw``, ``position``; a forum's ``available_tags``,
        ``require_tag``, ``default_layout``...; a post's ``applied_tags``, ``pinned``; a
        voice channel's ``status``, set by its own call) or the wire's own names.

        A guild channel's ``position`` (with its ``category`` and ``sync_permissions``)
        moves it as discord.py does, renumbering its kind in one bulk move; with nothing
        else to change, that (or a ``status`` alone, or no change at all) returns
        ``None``, as discord.py's ``edit`` does."""
        if "position" in fields and self.type not in THREAD_TYPES and self.guild_id:
            fields = dict(fields)
            await self._place(fields.pop("position"), fields.pop("category", _MISSING),
                              fields.pop("sync_permissions", False), reason)
            if not fields:
                return None
        if "status" in fields:  # a voice channel's status has its own endpoint
            fields = dict(fields)
            await self._state.http.edit_voice_channel_status(
                fields.pop("status"), channel_id=self.id, reason=reason)
            if not fields:
                return None
        if not fields and self.type not in THREAD_TYPES:
            # Nothing to change: no request, as discord.py's edit (its Thread.edit
            # sends one all the same, and returns the thread).
            return None
        data = await self._state.http.edit_channel(self.id, channel_fields(fields, self),
                                                   reason=reason)
        return self._state.channel_from(data)  # type: ignore[no-any-return]

    # -- permission overwrites, as discord.py's ------------------------------
    def _raw_overwrites(self) -> list[ChannelOverwrite]:
        # As stored: reading ``permission_overwrites`` would copy the list.
        overwrites = CHANNEL_OVERWRITES.__get__(self)
        return [] if isinstance(overwrites, UnsetType) else overwrites


# The keywords a create or edit call sends as they are, each to its wire name: the
# channel's own fields, a thread's PATCH-only ones, and discord.py's names for fields
# the wire names otherwise. Any other keyword (``parent=`` for ``category=``) is a
# TypeError at the call, as in discord.py, not a value Discord never reads.
_WIRE_NAMES = {
    **{name: name for name in (*Channel.__struct_encode_fields__, "archived", "locked",
                               "invitable", "auto_archive_duration") if name != "_state"},
    "slowmode_delay": "rate_limit_per_user",
    "default_thread_slowmode_delay": "default_thread_rate_limit_per_user"}


def channel_fields(options: dict[str, Any], current: Channel | None = None) -> dict[str, Any]:
    """A create or edit call's keywords, discord.py's or the wire's, as the wire's fields.

    ``category`` (a channel or ``None``) becomes ``parent_id``; ``sync_permissions``
    copies the category's overwrites (the new one's, else ``current``'s) unless
    ``overwrites`` are given too.
    """
    fields: dict[str, Any] = {}
    for key, value in forum_options(options, current).items():
        if key == "category":
            fields["parent_id"] = None if value is None else category_id(value)
        elif key == "overwrites":
            fields["permission_overwrites"] = overwrites_payload(value)
        elif key in ("type", "video_quality_mode"):
            fields[key] = int(getattr(value, "value", value))
        elif key != "sync_permissions":
            wire = _WIRE_NAMES.get(key)
            if wire is None:
                raise TypeError(f"got an unexpected keyword argument {key!r}")
            fields[wire] = value
    if options.get("sync_permissions") and "overwrites" not in options:
        # Overwrites given outright win over the category's, as in discord.py.
        parent = options["category"] if "category" in options else (
            current.category if current is not None else None)
        if parent is not None:
            fields["permission_overwrites"] = parent._raw_overwrites()
    return fields


def category_id(category: Any) -> Any:
    try:
        return category.id
    except AttributeError:  # a category's name, or its id: said here, not by Discord
        raise TypeError("category must be a CategoryChannel or None, not "
                        f"{type(category).__name__}") from None


def _copy_list(value: Any) -> Any:
    return list(value) if type(value) is list else value


#: A channel's own overwrites list: ``channel.permission_overwrites`` reads a copy, so
#: the cache may give every channel without overwrites one shared empty list.
CHANNEL_OVERWRITES = copied_on_read(Channel, "permission_overwrites", _copy_list)
# Discord leaves a voice channel's video quality out while it is "auto".
viewed_field(Channel, "video_quality_mode", lambda value: VideoQualityMode.auto
             if value is UNSET else enum_of(VideoQualityMode, value))
# Discord may leave it out (a forum made through the API): discord.py reads a day.
viewed_field(Channel, "default_auto_archive_duration",
             lambda value: 1440 if value is UNSET else value)
# Fields Discord leaves out of some channels (a channel of another kind, an update that
# did not touch them) read as discord.py's do then, not as UNSET ("UNSET" in a bot's
# text, ``is None`` false).
for _name in ("topic", "last_message_id", "rtc_region", "parent_id", "bitrate", "user_limit"):
    viewed_field(Channel, _name, none_if_unset)
viewed_field(Channel, "nsfw", sent_true)


class _Followed(msgspec.Struct):
    """What following a channel answers: the webhook made in the destination."""

    channel_id: Snowflake
    webhook_id: Snowflake


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
