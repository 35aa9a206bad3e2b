"""Scheduled events: each guild's events, and who is interested in each.

Making, changing and deleting an event sends GUILD_SCHEDULED_EVENT_CREATE, _UPDATE
and _DELETE; a person marking interest (or taking it back) _USER_ADD and
_USER_REMOVE, all with the GUILD_SCHEDULED_EVENTS intent. GUILD_CREATE lists the
events not yet over. Deleting a voice or stage channel deletes the events held
there without a word, as Discord does (discord-api-docs#4581).
"""

from __future__ import annotations

from typing import Any

import msgspec

from tidecord.models import Snowflake
from tidecord.models.scheduled_event import EventStatus, ScheduledEvent

from .core import StateCore, StateError

__all__ = ["EventOps"]

#: An event whose status is one of these is over: no longer listed, no more changes.
OVER = frozenset({EventStatus.completed, EventStatus.canceled})


class EventOps(StateCore):
    """The guilds' scheduled events, and the people interested in them."""

    def scheduled_event(self, guild_id: int, event_id: int) -> ScheduledEvent:
        """An event of the guild; 10070 when there is none."""
        event = self.scheduled_events.get(int(guild_id), {}).get(int(event_id))
        if event is None:
            raise StateError(10070, "Unknown Guild Scheduled Event", 404)
        return event

    def upcoming_events(self, guild_id: int) -> list[ScheduledEvent]:
        """The guild's events not yet over (scheduled or active), oldest first."""
        return [e for e in self.scheduled_events.get(int(guild_id), {}).values()
                if e.status not in OVER]

    def with_count(self, event: ScheduledEvent) -> ScheduledEvent:
        """The event with ``user_count``, as the REST routes give it when asked."""
        return msgspec.structs.replace(event, subscribers=len(self.interested(event.id)))

    def interested(self, event_id: int) -> list[int]:
        """The ids of the people interested in an event, ascending."""
        return sorted(self.event_users.get(int(event_id), ()))

    def add_scheduled_event(self, event: ScheduledEvent) -> ScheduledEvent:
        """Keep a new event: GUILD_SCHEDULED_EVENT_CREATE."""
        gid = int(event.guild_id)
        self.scheduled_events.setdefault(gid, {})[int(event.id)] = event
        self.event_users[int(event.id)] = set()
        self._event_emit("GUILD_SCHEDULED_EVENT_CREATE", event)
        return event

    def update_scheduled_event(self, guild_id: int, event_id: int,
                               **changes: Any) -> ScheduledEvent:
        """Change an event's fields: GUILD_SCHEDULED_EVENT_UPDATE."""
        event = msgspec.structs.replace(self.scheduled_event(guild_id, event_id), **changes)
        self.scheduled_events[int(guild_id)][int(event_id)] = event
        self._event_emit("GUILD_SCHEDULED_EVENT_UPDATE", event)
        return event

    def delete_scheduled_event(self, guild_id: int, event_id: int, *,
                               announce: bool = True) -> ScheduledEvent:
        """Delete an event: GUILD_SCHEDULED_EVENT_DELETE (unless ``announce`` is false)."""
        event = self.scheduled_event(guild_id, event_id)
        del self.scheduled_events[int(guild_id)][int(event_id)]
        self.event_users.pop(int(event_id), None)
        if announce:
            self._event_emit("GUILD_SCHEDULED_EVENT_DELETE", event)
        else:
            self.touch_guild(int(guild_id))  # GUILD_CREATE lists the events
        return event

    def set_interest(self, guild_id: int, event_id: int, user_id: int,
                     interested: bool) -> None:
        """A member marks interest in an event, or takes it back:
        GUILD_SCHEDULED_EVENT_USER_ADD / _USER_REMOVE (nothing if it does not change)."""
        event = self.scheduled_event(guild_id, event_id)
        self.member(guild_id, user_id)  # 10007 for someone not in the guild
        if interested and event.status in OVER:
            raise StateError(10070, "Unknown Guild Scheduled Event", 404)
        people = self.event_users.setdefault(int(event_id), set())
        if (int(user_id) in people) == interested:
            return
        if interested:
            people.add(int(user_id))
        else:
            people.discard(int(user_id))
        name = "GUILD_SCHEDULED_EVENT_USER_" + ("ADD" if interested else "REMOVE")
        self.emit(name, {"guild_scheduled_event_id": event.id, "user_id": Snowflake(user_id),
                         "guild_id": event.guild_id},
                  guild_id=int(guild_id), channel_id=self._event_channel(event))

    def drop_channel_events(self, channel_id: int) -> None:
        """The events held in a channel that is going away go with it, silently."""
        channel = self.channels.get(int(channel_id))
        gid = None if channel is None else self.guild_id_of(channel)
        if gid is None:
            return
        for event in list(self.scheduled_events.get(gid, {}).values()):
            if event.channel_id == channel_id:
                self.delete_scheduled_event(gid, event.id, announce=False)

    def _event_emit(self, name: str, event: ScheduledEvent) -> None:
        self.emit(name, event, guild_id=int(event.guild_id),
                  channel_id=self._event_channel(event))

    def _event_channel(self, event: ScheduledEvent) -> int | None:
        # A voice or stage event reaches only bots that can see its channel.
        cid = event.channel_id
        return int(cid) if cid is not None and int(cid) in self.channels else None
