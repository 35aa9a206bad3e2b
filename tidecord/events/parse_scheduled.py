"""Scheduled-event dispatches: events made, changed and deleted, and people marking
interest; the cache keeps each guild's events by id (``guild.scheduled_events``)."""

from __future__ import annotations

import logging
from typing import Any, Final

import msgspec

from ..models import Snowflake, decoder
from ..models.base import Model
from ..models.scheduled_event import ScheduledEvent, bind_scheduled_event

__all__ = ["ScheduledEventEvents"]

log = logging.getLogger("tidecord.events")


class _Interest(Model, kw_only=True):
    guild_scheduled_event_id: Snowflake
    user_id: Snowflake
    guild_id: Snowflake


_EVENT: Final[msgspec.json.Decoder[ScheduledEvent]] = decoder(ScheduledEvent)
_INTEREST: Final[msgspec.json.Decoder[_Interest]] = decoder(_Interest)
#: Channels an event can be held in: voice and stage.
_EVENT_CHANNELS: Final = frozenset({2, 13})


class ScheduledEventEvents:
    """Parsers for scheduled-event dispatches (mixed into :class:`Parsers`)."""

    state: Any
    cache: Any
    dispatch: Any

    def _events_of(self, guild_id: int, what: str) -> dict[int, ScheduledEvent] | None:
        """The cached events of a guild; ``None`` (the event dropped, as discord.py
        drops it) for a guild not cached."""
        guild = self.cache.guilds.get(guild_id)
        events = getattr(guild, "guild_scheduled_events", None)
        if not isinstance(events, dict):
            log.debug("%s referencing an unknown guild %s: discarded", what, guild_id)
            return None
        return events

    def parse_guild_scheduled_event_create(self, shard: Any, d: Any) -> None:
        event = bind_scheduled_event(_EVENT.decode(d), self.state)
        events = self._events_of(event.guild_id, "GUILD_SCHEDULED_EVENT_CREATE")
        if events is not None:
            events[event.id] = event
            self.dispatch("scheduled_event_create", event)

    def parse_guild_scheduled_event_update(self, shard: Any, d: Any) -> None:
        event = bind_scheduled_event(_EVENT.decode(d), self.state)
        events = self._events_of(event.guild_id, "GUILD_SCHEDULED_EVENT_UPDATE")
        if events is None:
            return
        old = events.get(event.id)
        if old is None:
            log.debug("GUILD_SCHEDULED_EVENT_UPDATE of an unknown event %s: discarded",
                      event.id)
            return
        events[event.id] = event
        self.dispatch("scheduled_event_update", old, event)

    def parse_guild_scheduled_event_delete(self, shard: Any, d: Any) -> None:
        event = bind_scheduled_event(_EVENT.decode(d), self.state)
        events = self._events_of(event.guild_id, "GUILD_SCHEDULED_EVENT_DELETE")
        if events is not None:
            self.dispatch("scheduled_event_delete", events.pop(event.id, event))

    def parse_guild_scheduled_event_user_add(self, shard: Any, d: Any) -> None:
        self._interest(d, "scheduled_event_user_add")

    def parse_guild_scheduled_event_user_remove(self, shard: Any, d: Any) -> None:
        self._interest(d, "scheduled_event_user_remove")

    def _interest(self, d: Any, name: str) -> None:
        # As discord.py: only for a cached event and a user the cache knows.
        interest = _INTEREST.decode(d)
        events = self._events_of(interest.guild_id, name.upper())
        event = events.get(interest.guild_scheduled_event_id) if events is not None else None
        user = self.cache.get_user(interest.user_id) if event is not None else None
        if event is not None and user is not None:
            self.dispatch(name, event, user)
        else:
            log.debug("%s of an unknown event %s or user %s: discarded", name.upper(),
                      interest.guild_scheduled_event_id, interest.user_id)

    def drop_channel_events(self, channel: Any) -> None:
        """A voice or stage channel was deleted: so were its events, though Discord sends
        no GUILD_SCHEDULED_EVENT_DELETE for them (discord.py dispatches one each)."""
        if channel.type not in _EVENT_CHANNELS:
            return
        events = self.cache.guilds.get(channel.guild_id)
        events = getattr(events, "guild_scheduled_events", None)
        if not isinstance(events, dict):
            return
        for event in [e for e in events.values() if e.channel_id == channel.id]:
            del events[event.id]
            self.dispatch("scheduled_event_delete", event)
