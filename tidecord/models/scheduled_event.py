"""Guild scheduled events, as Discord sends them and discord.py programs read them.

One :class:`ScheduledEvent` declaration serves the client (``guild.scheduled_events``,
``on_scheduled_event_create``...) and the sandbox, which keeps and encodes the same
structs. What a bot sends to make or change one is worked out by
:func:`scheduled_event_fields`, with discord.py's rules for its keywords.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Final

import msgspec

from .asset import Asset, cdn_asset
from .base import UNSET, Model, NamedEnum, Snowflake, UnsetType, decode, enum_of, snowflake_of
from .paging import pages
from .user import User, client_user_or

__all__ = ["EntityMetadata", "EntityType", "EventStatus", "GuildScheduledEvents", "PrivacyLevel",
           "ScheduledEvent", "ScheduledEventUser", "bind_scheduled_event",
           "scheduled_event_fields"]


class EventStatus(NamedEnum):
    """Where an event is in its life. Discord moves it from ``scheduled`` to
    ``active`` or ``cancelled``, and from ``active`` to ``completed``; nothing else."""

    scheduled = 1
    active = 2
    completed = 3
    canceled = 4
    # discord.py's other names for the same two states
    ended = 3
    cancelled = 4


class EntityType(NamedEnum):
    """Where an event happens: on a stage, in a voice channel, or somewhere else."""

    stage_instance = 1
    voice = 2
    external = 3


class PrivacyLevel(NamedEnum):
    """Who may see an event: only the guild's members (the one level Discord has)."""

    guild_only = 2


#: Channel types an event can be held in, and the entity type each one means.
_CHANNEL_ENTITY: Final = {2: EntityType.voice, 13: EntityType.stage_instance}
#: discord.py's class names for those channel types, for ``Object(id, type=...)``.
_CLASS_ENTITY: Final = {"VoiceChannel": EntityType.voice,
                        "StageChannel": EntityType.stage_instance}
_PAGE: Final = 100


class EntityMetadata(Model, kw_only=True):
    """What an external event says of its place."""

    location: str | None = None


class ScheduledEvent(Model, kw_only=True):
    """A scheduled event of a guild (discord.py's ``discord.ScheduledEvent``).

    ``start_time`` and ``end_time`` are aware datetimes; ``status``, ``entity_type``
    and ``privacy_level`` read as :class:`EventStatus`, :class:`EntityType` and
    :class:`PrivacyLevel`. ``user_count`` is only known when fetched with counts::

        event = await guild.create_scheduled_event(
            name="Game night", start_time=discord.utils.utcnow() + timedelta(days=1),
            channel=guild.voice_channels[0])
        await event.start()
    """

    id: Snowflake
    guild_id: Snowflake
    channel_id: Snowflake | None = None
    creator_id: Snowflake | None = None
    name: str
    description: str | None = None
    scheduled_start_time: str
    scheduled_end_time: str | None = None
    privacy_level: int = PrivacyLevel.guild_only
    status: int = EventStatus.scheduled
    entity_type: int
    entity_id: Snowflake | None = None
    entity_metadata: EntityMetadata | None = None
    # The maker (``creator`` on the wire); :attr:`creator` falls back on the cache.
    creator_user: User | UnsetType = msgspec.field(default=UNSET, name="creator")
    # Sent only when asked for (``with_user_count``); :attr:`user_count` reads 0 then.
    subscribers: int | UnsetType = msgspec.field(default=UNSET, name="user_count")
    image: str | None = None
    recurrence_rule: dict[str, Any] | None = None
    # Occurrences of a recurring event moved or skipped (none here: nothing recurs).
    guild_scheduled_event_exceptions: list[dict[str, Any]] = []
    _state: Any = UNSET

    def __post_init__(self) -> None:
        self.status = enum_of(EventStatus, self.status)
        self.entity_type = enum_of(EntityType, self.entity_type)
        self.privacy_level = enum_of(PrivacyLevel, self.privacy_level)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ScheduledEvent) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return (f"<GuildScheduledEvent id={self.id} name={self.name!r} "
                f"guild_id={self.guild_id!r} creator={self.creator!r}>")

    # -- what it says ------------------------------------------------------------
    @property
    def start_time(self) -> datetime.datetime:
        """When the event is to start (UTC)."""
        return datetime.datetime.fromisoformat(self.scheduled_start_time)

    @property
    def end_time(self) -> datetime.datetime | None:
        """When the event is to end (UTC), if it says."""
        end = self.scheduled_end_time
        return datetime.datetime.fromisoformat(end) if end else None

    @property
    def location(self) -> str | None:
        """Where an external event takes place."""
        return self.entity_metadata.location if self.entity_metadata is not None else None

    @property
    def user_count(self) -> int:
        """How many people are interested (0 unless fetched ``with_counts``)."""
        return 0 if isinstance(self.subscribers, UnsetType) else self.subscribers

    @property
    def creator(self) -> User | None:
        """Who made the event: the user Discord sent (the bot's own user when it did),
        else the cached one."""
        if not isinstance(self.creator_user, UnsetType):
            return client_user_or(self._state, self.creator_user)
        if self.creator_id is None or self._state is UNSET:
            return None
        return self._state.cache.get_user(self.creator_id)  # type: ignore[no-any-return]

    @property
    def cover_image(self) -> Asset | None:
        """The event's cover image, if it has one."""
        if self.image is None:
            return None
        return cdn_asset(f"guild-events/{self.id}", self.image, can_move=False)

    @property
    def guild(self) -> Any:
        """The cached guild the event belongs to."""
        return None if self._state is UNSET else self._state.cache.guilds.get(self.guild_id)

    @property
    def channel(self) -> Any:
        """The voice or stage channel the event is held in (``None`` for an external one)."""
        guild = self.guild
        if guild is None or self.channel_id is None:
            return None
        return guild.get_channel(self.channel_id)

    @property
    def url(self) -> str:
        """The event's link."""
        return f"https://discord.com/events/{self.guild_id}/{self.id}"

    # -- changing it ---------------------------------------------------------------
    async def start(self, *, reason: str | None = None) -> ScheduledEvent:
        """Start a scheduled event (``ValueError`` if it is not ``scheduled``)."""
        if self.status is not EventStatus.scheduled:
            raise ValueError("only a scheduled event can start (it is "
                             f"{getattr(self.status, 'name', self.status)})")
        return await self._send({"status": int(EventStatus.active)}, reason)

    async def end(self, *, reason: str | None = None) -> ScheduledEvent:
        """End an active event (``ValueError`` if it is not ``active``)."""
        if self.status is not EventStatus.active:
            raise ValueError("only an active event can end (it is "
                             f"{getattr(self.status, 'name', self.status)})")
        return await self._send({"status": int(EventStatus.completed)}, reason)

    async def cancel(self, *, reason: str | None = None) -> ScheduledEvent:
        """Cancel an event that has not started (``ValueError`` otherwise)."""
        if self.status is not EventStatus.scheduled:
            raise ValueError("only a scheduled event can be cancelled (it is "
                             f"{getattr(self.status, 'name', self.status)})")
        return await self._send({"status": int(EventStatus.cancelled)}, reason)

    async def edit(self, *, reason: str | None = None, **options: Any) -> ScheduledEvent:
        """Change the event with discord.py's keywords: ``name``, ``description``,
        ``channel``, ``start_time``, ``end_time`` (``None`` clears it on a voice or stage
        event), ``privacy_level``, ``entity_type``, ``status``, ``image`` (bytes, or
        ``None`` to remove it) and ``location``. Needs Manage Events (or Create Events
        for the bot's own). Returns the event as Discord answers."""
        fields = scheduled_event_fields(options, current=self)
        return await self._send(fields, reason)

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete the event."""
        await self._state.http.delete_scheduled_event(self.guild_id, self.id, reason=reason)

    async def _send(self, fields: dict[str, Any], reason: str | None) -> ScheduledEvent:
        data = await self._state.http.edit_scheduled_event(self.guild_id, self.id, fields,
                                                           reason=reason)
        return bind_scheduled_event(decode(data, ScheduledEvent), self._state)

    async def users(self, *, limit: int | None = None, before: Any = None, after: Any = None,
                    oldest_first: bool | None = None) -> AsyncIterator[User]:
        """``async for user in event.users():`` the people interested in the event.

        ``limit=None`` reads :attr:`user_count` of them when it is known, else all.
        ``before`` and ``after`` take a user, an id or a datetime. Each page comes in
        the order discord.py 2.7.1 gives it: ids ascending, or with ``oldest_first``
        (the default when ``after`` is given) descending.
        """
        state = self._state
        if limit is None:
            limit = self.user_count or None
        low, high = snowflake_of(after, high=True), snowflake_of(before)
        reverse = (after is not None) if oldest_first is None else oldest_first

        # Discord answers ids ascending whichever way one pages: below ``before`` it
        # walks down, else up from ``after`` (or from the lowest id).
        down = high is not None and not reverse

        async def fetch(size: int, mark: int | None) -> list[ScheduledEventUser]:
            data = await state.http.get_scheduled_event_users(
                self.guild_id, self.id, limit=size,
                before=mark if down else None, after=None if down else mark)
            return decode(data, list[ScheduledEventUser]) if data else []

        async for page in pages(limit, _PAGE, fetch, high if down else low,
                                lambda page: page[0 if down else -1].user.id):
            for entry in reversed(page) if reverse else page:
                uid = entry.user.id
                if (high is None or uid < high) and (low is None or uid > low):
                    entry.user._state = state
                    yield client_user_or(state, entry.user)
            # A page that reached the far bound is the last with anyone wanted in it.
            if down and low is not None and page and page[0].user.id <= low:
                return
            if not down and high is not None and page and page[-1].user.id >= high:
                return


class GuildScheduledEvents:
    """A guild's scheduled events, as discord.py's ``Guild`` offers them (mixed into
    :class:`~tidecord.Guild`; the cache keeps them from GUILD_CREATE and the events)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake
        guild_scheduled_events: Any

    @property
    def scheduled_events(self) -> list[ScheduledEvent]:
        """The guild's scheduled events (those not completed, cancelled or deleted)."""
        events = self.guild_scheduled_events
        return list(events.values()) if isinstance(events, dict) else []

    def get_scheduled_event(self, scheduled_event_id: int, /) -> ScheduledEvent | None:
        """A cached scheduled event of the guild, by id."""
        events = self.guild_scheduled_events
        return events.get(scheduled_event_id) if isinstance(events, dict) else None

    async def fetch_scheduled_events(self, *, with_counts: bool = True) -> list[ScheduledEvent]:
        """GET the guild's scheduled events (with ``with_counts``, how many are
        interested in each)."""
        data = await self._state.http.get_scheduled_events(self.id, with_counts)
        return [bind_scheduled_event(e, self._state)
                for e in (decode(data, list[ScheduledEvent]) if data else [])]

    async def fetch_scheduled_event(self, scheduled_event_id: int, /, *,
                                    with_counts: bool = True) -> ScheduledEvent:
        """GET one scheduled event (``NotFound`` if there is none)."""
        data = await self._state.http.get_scheduled_event(self.id, scheduled_event_id,
                                                          with_counts)
        return bind_scheduled_event(decode(data, ScheduledEvent), self._state)

    async def create_scheduled_event(self, *, name: str, start_time: datetime.datetime,
                                     reason: str | None = None,
                                     **options: Any) -> ScheduledEvent:
        """Make a scheduled event (Create Events), with discord.py's keywords:
        ``entity_type``, ``privacy_level``, ``channel`` (a voice or stage channel, which
        sets the entity type), ``location`` and ``end_time`` (both needed for an external
        event), ``description``, ``image`` (bytes). ``start_time`` and ``end_time`` must
        be aware datetimes."""
        if "status" in options:
            raise TypeError("unexpected keyword argument 'status'")
        fields = scheduled_event_fields({"name": name, "start_time": start_time, **options})
        data = await self._state.http.create_scheduled_event(self.id, fields, reason=reason)
        return bind_scheduled_event(decode(data, ScheduledEvent), self._state)


class ScheduledEventUser(Model, kw_only=True):
    """One interested person, as the users route lists them."""

    guild_scheduled_event_id: Snowflake
    user: User
    member: dict[str, Any] | UnsetType = UNSET


def bind_scheduled_event(event: ScheduledEvent, state: Any) -> ScheduledEvent:
    """An event that reaches its client (``event.start()``, ``event.guild``...)."""
    event._state = state
    if not isinstance(event.creator_user, UnsetType):
        event.creator_user._state = state
    return event


def scheduled_event_fields(options: dict[str, Any], *,
                           current: ScheduledEvent | None = None) -> dict[str, Any]:
    """The JSON body for making an event (``current`` None) or changing ``current``,
    from discord.py's keywords, refused as discord.py refuses them: ``TypeError`` for
    keywords that do not fit the entity type, ``ValueError`` for naive datetimes.

    Unlike discord.py 2.7.1, an entity type it infers (external from a ``location``, a
    channel's kind from ``Object(id, type=VoiceChannel)``) is sent, and a new event is
    ``guild_only`` unless told: Discord requires both fields.
    """
    known = {"name", "description", "channel", "start_time", "end_time", "privacy_level",
             "entity_type", "status", "image", "location"}
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"unexpected keyword argument {sorted(unknown)[0]!r}")
    if current is not None and "status" in options and \
            not isinstance(options["status"], EventStatus):
        raise TypeError("status must be an EventStatus")
    fields: dict[str, Any] = {}
    for key in ("name", "description"):
        if key in options:
            fields[key] = options[key]
    if "start_time" in options or current is None:
        fields["scheduled_start_time"] = _aware(options.get("start_time"), "start_time")
    privacy = options.get("privacy_level", PrivacyLevel.guild_only if current is None else None)
    if privacy is not None:
        if not isinstance(privacy, PrivacyLevel):
            raise TypeError("privacy_level must be a PrivacyLevel")
        fields["privacy_level"] = int(privacy)
    if "status" in options:
        fields["status"] = int(options["status"])
    if "image" in options:
        from ..rest.payloads import image_data  # rest imports the models

        image = options["image"]
        if image is None and current is None:
            raise TypeError("image must be bytes")
        fields["image"] = None if image is None else image_data(image)
    fields.update(_entity_fields(options, current))
    return fields


def _entity_fields(options: dict[str, Any], current: ScheduledEvent | None) -> dict[str, Any]:
    """Where the event is held: ``entity_type``, ``channel_id``, ``entity_metadata`` and
    ``scheduled_end_time``, checked against each other."""
    channel, location = options.get("channel"), options.get("location")
    kind = options.get("entity_type")
    if kind is not None and not isinstance(kind, EntityType):
        raise TypeError("entity_type must be an EntityType")
    if kind is None and channel is not None:
        kind = _channel_entity(channel)
    if kind is None and location is not None:
        kind = EntityType.external
    if kind is None and current is None and "channel" not in options:
        kind = EntityType.external  # as discord.py documents: no channel, external
    fields: dict[str, Any] = {}
    changed = kind is not None and (current is None or kind is not current.entity_type)
    effective = kind if kind is not None else current.entity_type if current else None
    if kind is not None:
        fields["entity_type"] = int(kind)
    if effective in (EntityType.voice, EntityType.stage_instance):
        if channel is None:
            if changed:
                raise TypeError("channel is needed for a voice or stage_instance event")
        else:
            fields["channel_id"] = str(channel.id)
        if location is not None:
            raise TypeError("location is only for an external event")
        if current is not None:
            fields["entity_metadata"] = None
    else:
        if channel is not None:
            raise TypeError("channel cannot be set on an external event")
        if current is not None:
            fields["channel_id"] = None
        if location is None:
            if changed:
                raise TypeError("location is needed for an external event")
        else:
            fields["entity_metadata"] = {"location": location}
        has_end = current is not None and current.end_time is not None
        if not has_end and options.get("end_time") is None:
            raise TypeError("end_time is needed for an external event")
    if "end_time" in options:
        end = options["end_time"]
        if end is not None or current is not None:
            fields["scheduled_end_time"] = None if end is None else _aware(end, "end_time")
    return fields


def _channel_entity(channel: Any) -> EntityType:
    """The entity type a channel (or an ``Object`` typed as one) means."""
    kind = getattr(channel, "type", None)
    found = _CHANNEL_ENTITY.get(int(kind)) if isinstance(kind, int) else \
        _CLASS_ENTITY.get(getattr(kind, "__name__", ""))
    if found is None:
        raise TypeError(f"an event's channel is a voice or stage channel, not "
                        f"{type(channel).__name__} {getattr(channel, 'name', channel)!r}")
    return found


def _aware(when: Any, name: str) -> str:
    if not isinstance(when, datetime.datetime):
        raise TypeError(f"{name} must be a datetime")
    if when.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime: discord.utils.utcnow(), or "
                         "datetime.datetime.now().astimezone() for local time")
    return when.isoformat()
