"""Guild scheduled events: list, get, create, modify, delete, and who is interested.

Checked as Discord's docs say: the fields each entity type needs (a voice or stage
channel of that kind; an external event's location and end time), a start in the
future, the status moves Discord allows (scheduled -> active or canceled, active ->
completed), at most 100 events not yet over, and the permissions: Create Events to
make one, Manage Events (or Create Events, for the bot's own) to change or delete
one, plus what the event's channel asks (View Channel and Connect for voice;
Manage Channels, Mute and Move Members for a stage). A bad field is 50035 with its
path; error codes the docs do not name are marked as guesses.
"""

from __future__ import annotations

import datetime
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType
from tidecord.models.scheduled_event import (
    EntityMetadata,
    EntityType,
    EventStatus,
    PrivacyLevel,
    ScheduledEvent,
)

from ..snowflakes import iso_timestamp
from ..state import StateError
from ..state.scheduled_events import OVER
from . import audit
from .context import (
    query_bool,
    query_id,
    query_limit,
    read_body,
    request_guild,
    sandbox_of,
    state_error,
)
from .context import snowflake as path_id
from .errors import (
    REQUIRED,
    APIError,
    FormError,
    bad_length,
    empty_response,
    form_error,
    json_response,
)

__all__ = ["ROUTES"]

VIEW: Final[int] = Permissions.view_channel
CREATE_EVENTS: Final[int] = Permissions.create_events
MANAGE_EVENTS: Final[int] = Permissions.manage_events
#: What an event's channel asks of whoever makes or changes it, beside the events bits.
CHANNEL_NEEDS: Final = {
    EntityType.voice: Permissions.view_channel | Permissions.connect,
    EntityType.stage_instance: (Permissions.manage_channels | Permissions.mute_members
                                | Permissions.move_members),
}
#: The channel type each entity type is held in.
CHANNEL_KIND: Final = {EntityType.voice: 2, EntityType.stage_instance: 13}
MAX_UPCOMING: Final = 100
#: Status -> the statuses it may move to.
MOVES: Final = {EventStatus.scheduled: {EventStatus.active, EventStatus.canceled},
                EventStatus.active: {EventStatus.completed}}
_AUDITED: Final = ("name", "description", "scheduled_start_time", "scheduled_end_time",
                   "privacy_level", "status", "entity_type", "channel_id", "location", "image")


class _Metadata(msgspec.Struct, kw_only=True):
    location: str | None = None


class _EventBody(msgspec.Struct, kw_only=True):
    name: str | UnsetType = UNSET
    description: str | UnsetType | None = UNSET
    scheduled_start_time: str | UnsetType = UNSET
    scheduled_end_time: str | UnsetType | None = UNSET
    privacy_level: int | UnsetType = UNSET
    entity_type: int | UnsetType | None = UNSET
    channel_id: Snowflake | UnsetType | None = UNSET
    entity_metadata: _Metadata | UnsetType | None = UNSET
    image: str | UnsetType | None = UNSET
    status: int | UnsetType | None = UNSET


def _event_of(request: web.Request, gid: int) -> ScheduledEvent:
    """The path's event (10070 if the guild has none such)."""
    state = sandbox_of(request).state
    try:
        return state.scheduled_event(gid, path_id(request, "event_id"))
    except StateError as exc:
        raise state_error(exc) from None


def _may_see(request: web.Request, event: ScheduledEvent) -> bool:
    state = sandbox_of(request).state
    cid = event.channel_id
    return cid is None or int(cid) not in state.channels or state.can(cid, state.bot_user.id,
                                                                        VIEW)


def _counted(request: web.Request, event: ScheduledEvent) -> ScheduledEvent:
    if query_bool(request, "with_user_count"):
        return sandbox_of(request).state.with_count(event)
    return event


async def list_events(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/scheduled-events: the events not yet over that the bot
    can see (``with_user_count``: with how many are interested)."""
    gid = request_guild(request)
    state = sandbox_of(request).state
    return json_response([_counted(request, e) for e in state.upcoming_events(gid)
                          if _may_see(request, e)])


async def get_event(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/scheduled-events/{event_id}."""
    gid = request_guild(request)
    event = _event_of(request, gid)
    if not _may_see(request, event):
        raise APIError(403, 50001, "Missing Access")
    return json_response(_counted(request, event))


async def create_event(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/scheduled-events."""
    sb = sandbox_of(request)
    state = sb.state
    gid = request_guild(request)
    body, _ = await read_body(request, _EventBody)
    errors: dict[str, FormError] = {}
    for key in ("name", "scheduled_start_time", "privacy_level", "entity_type"):
        if getattr(body, key) in (UNSET, None):
            errors[key] = REQUIRED
    _common_errors(body, errors)
    now = state.clock.time_ms()
    start = _time(body.scheduled_start_time, "scheduled_start_time", errors)
    if start is not None and start < now:
        errors["scheduled_start_time"] = ("GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
                                          "Cannot schedule event in the past.")
    kind = _kind(body.entity_type, errors)
    place = _place(request, gid, kind, body, None, errors) if kind is not None else None
    end = _end(body, start, kind, None, errors)
    if errors:
        raise form_error(errors)
    assert kind is not None and start is not None and place is not None
    _allowed(request, gid, kind, place[0], own=None)
    if len(state.upcoming_events(gid)) >= MAX_UPCOMING:
        raise APIError(400, 30038, "Maximum number of uncompleted guild scheduled events "
                                   f"reached ({MAX_UPCOMING})")
    event = ScheduledEvent(
        id=state.new_id(), guild_id=Snowflake(gid), channel_id=place[0],
        creator_id=Snowflake(state.bot_user.id), creator_user=state.bot_user,
        name=str(body.name), description=body.description or None,
        scheduled_start_time=iso_timestamp(start),
        scheduled_end_time=None if end is None else iso_timestamp(end),
        privacy_level=PrivacyLevel.guild_only, status=EventStatus.scheduled,
        entity_type=kind, entity_metadata=place[1], image=_image(request, body, errors))
    if errors:
        raise form_error(errors)
    state.add_scheduled_event(event)
    audit.record(request, gid, audit.Action.GUILD_SCHEDULED_EVENT_CREATE, int(event.id),
                 audit.changes(None, _audited(event), _AUDITED))
    return json_response(event)


async def modify_event(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/scheduled-events/{event_id}: any of its fields, and its
    status (to start, end or cancel it)."""
    state = sandbox_of(request).state
    gid = request_guild(request)
    event = _event_of(request, gid)
    body, _ = await read_body(request, _EventBody)
    errors: dict[str, FormError] = {}
    _common_errors(body, errors)
    changes: dict[str, Any] = {}
    for key in ("name", "description"):
        value = getattr(body, key)
        if value is not UNSET:
            # An empty description is none at all.
            changes[key] = (value or None) if key == "description" else value
    start = _time(body.scheduled_start_time, "scheduled_start_time", errors)
    if start is not None:
        if event.status is EventStatus.scheduled and start < state.clock.time_ms():
            errors["scheduled_start_time"] = ("GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
                                              "Cannot schedule event in the past.")
        changes["scheduled_start_time"] = iso_timestamp(start)
    kind = EntityType(event.entity_type)
    if body.entity_type is not UNSET and body.entity_type is not None:
        kind = _kind(body.entity_type, errors) or kind
    place = _place(request, gid, kind, body, event, errors)
    if place is not None:
        changes.update(entity_type=kind, channel_id=place[0], entity_metadata=place[1])
    first = start if start is not None else _ms(event.scheduled_start_time)
    end = _end(body, first, kind, event, errors)
    if body.scheduled_end_time is not UNSET or kind is not event.entity_type:
        changes["scheduled_end_time"] = None if end is None else iso_timestamp(end)
    if body.status is not UNSET and body.status is not None:
        _status_move(event, body.status, changes, errors)
    if body.image is not UNSET:
        changes["image"] = _image(request, body, errors)
    if errors:
        raise form_error(errors)
    own = event.creator_id == state.bot_user.id
    _allowed(request, gid, event.entity_type, event.channel_id, own=own)
    if changes.get("channel_id") not in (None, event.channel_id):
        _allowed(request, gid, kind, changes["channel_id"], own=own)
    if not changes:
        return json_response(event)
    edited = state.update_scheduled_event(gid, event.id, **changes)
    found = audit.changes(_audited(event), _audited(edited), _AUDITED)
    if found:
        audit.record(request, gid, audit.Action.GUILD_SCHEDULED_EVENT_UPDATE, int(event.id),
                     found)
    return json_response(edited)


async def delete_event(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/scheduled-events/{event_id}."""
    state = sandbox_of(request).state
    gid = request_guild(request)
    event = _event_of(request, gid)
    _allowed(request, gid, event.entity_type, event.channel_id,
             own=event.creator_id == state.bot_user.id)
    state.delete_scheduled_event(gid, event.id)
    audit.record(request, gid, audit.Action.GUILD_SCHEDULED_EVENT_DELETE, int(event.id),
                 audit.changes(_audited(event), None, _AUDITED))
    return empty_response()


async def event_users(request: web.Request) -> web.Response:
    """GET .../scheduled-events/{event_id}/users: the interested, ids ascending, a page
    of ``limit`` (1 to 100) below ``before`` (which wins) or above ``after``."""
    state = sandbox_of(request).state
    gid = request_guild(request)
    event = _event_of(request, gid)
    if not _may_see(request, event):
        raise APIError(403, 50001, "Missing Access")
    limit = query_limit(request, 100, 100)
    before, after = query_id(request, "before"), query_id(request, "after")
    with_member = query_bool(request, "with_member")
    ids = state.interested(event.id)
    if before is not None:
        ids = [uid for uid in ids if uid < before][-limit:]
    else:
        ids = [uid for uid in ids if after is None or uid > after][:limit]
    page: list[dict[str, Any]] = []
    for uid in ids:
        entry: dict[str, Any] = {"guild_scheduled_event_id": event.id,
                                 "user_id": Snowflake(uid), "user": state.user(uid),
                                 "response": 1}  # 1: interested
        member = state.members.get(gid, {}).get(uid)
        if with_member and member is not None:
            entry["member"] = member
        page.append(entry)
    return json_response(page)


# -- checks ---------------------------------------------------------------------------
def _common_errors(body: _EventBody, errors: dict[str, FormError]) -> None:
    """What any body may get wrong on its own: lengths and the privacy level."""
    if isinstance(body.name, str) and not 1 <= len(body.name) <= 100:
        errors["name"] = bad_length(1, 100)
    if isinstance(body.description, str) and len(body.description) > 1000:
        errors["description"] = bad_length(1, 1000)
    if body.privacy_level is not UNSET and body.privacy_level != PrivacyLevel.guild_only:
        errors["privacy_level"] = ("BASE_TYPE_CHOICES", "Value must be one of {2}.")


def _kind(value: Any, errors: dict[str, FormError]) -> EntityType | None:
    if value in (UNSET, None):
        return None
    try:
        return EntityType(value)
    except ValueError:
        errors["entity_type"] = ("BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
        return None


def _ms(text: str) -> int:
    return int(datetime.datetime.fromisoformat(text).timestamp() * 1000)


def _time(raw: Any, key: str, errors: dict[str, FormError]) -> int | None:
    """An ISO 8601 time of the body as Unix ms (a naive one read as UTC)."""
    if not isinstance(raw, str):
        return None
    try:
        when = datetime.datetime.fromisoformat(raw)
    except ValueError:
        errors[key] = ("DATE_TIME_TYPE_PARSE",  # the code is a guess
                       "Could not parse the date-time.")
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return int(when.timestamp() * 1000)


def _place(request: web.Request, gid: int, kind: EntityType, body: _EventBody,
           event: ScheduledEvent | None, errors: dict[str, FormError]
           ) -> tuple[Snowflake | None, EntityMetadata | None] | None:
    """Where an event of ``kind`` is held: (channel id, metadata), checked; ``None``
    for a change that leaves it as it was."""
    state = sandbox_of(request).state
    moved = event is None or kind is not event.entity_type
    if kind is EntityType.external:
        metadata = body.entity_metadata
        location = metadata.location if isinstance(metadata, _Metadata) else None
        if metadata is UNSET and not moved:
            location = event.location if event is not None else None
        if location is None:
            errors["entity_metadata.location"] = REQUIRED
        elif not 1 <= len(location) <= 100:
            errors["entity_metadata.location"] = bad_length(1, 100)
        if event is not None and not moved and metadata is UNSET:
            return None
        return None, EntityMetadata(location=location)
    # Discord drops an entity_metadata sent for a voice or stage event.
    cid = body.channel_id
    if cid is UNSET and not moved:
        return None
    if cid in (UNSET, None):
        errors["channel_id"] = REQUIRED
        return None, None
    assert isinstance(cid, int)
    channel = state.channels.get(int(cid))
    if channel is None or state.guild_id_of(channel) != gid:
        raise APIError(404, 10003, "Unknown Channel")
    if channel.type != CHANNEL_KIND[kind]:
        errors["channel_id"] = ("GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE",  # a guess
                                "The channel's type does not fit the event's entity type.")
    return Snowflake(channel.id), None


def _end(body: _EventBody, start: int | None, kind: EntityType | None,
         event: ScheduledEvent | None, errors: dict[str, FormError]) -> int | None:
    """The end time the event will have (checked: after its start; present for an
    external event)."""
    if body.scheduled_end_time is UNSET:
        end = None if event is None or event.scheduled_end_time is None else \
            _ms(event.scheduled_end_time)
    else:
        end = _time(body.scheduled_end_time, "scheduled_end_time", errors)
    if end is None and kind is EntityType.external and "scheduled_end_time" not in errors:
        errors["scheduled_end_time"] = REQUIRED
    elif end is not None and start is not None and end <= start:
        errors["scheduled_end_time"] = ("GUILD_SCHEDULED_EVENT_END_BEFORE_START",  # a guess
                                        "Cannot end an event before it starts.")
    return end


def _status_move(event: ScheduledEvent, raw: int, changes: dict[str, Any],
                 errors: dict[str, FormError]) -> None:
    try:
        status = EventStatus(raw)
    except ValueError:
        errors["status"] = ("BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")
        return
    if status is event.status and status not in OVER:
        return
    was = EventStatus(event.status)
    if status not in MOVES.get(was, set()):
        errors["status"] = ("GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION",  # a guess
                            f"Cannot change the status from {was.name.upper()} to "
                            f"{status.name.upper()}.")
        return
    changes["status"] = status


def _allowed(request: web.Request, gid: int, kind: Any, channel_id: Any, *,
             own: bool | None) -> None:
    """50001 / 50013 unless the bot may make (``own`` None) or change an event held in
    ``channel_id``: the events bit where the event is, and what its channel asks."""
    state = sandbox_of(request).state
    bot = state.bot_user.id
    need = 0
    if channel_id is not None and int(channel_id) in state.channels:
        perms = state.permissions(int(channel_id), bot)
        if not perms & VIEW:
            raise APIError(403, 50001, "Missing Access")
        need = CHANNEL_NEEDS.get(kind, 0)
    else:
        perms = state.permissions_in_guild(gid, bot)
    if own is None:
        events_ok = bool(perms & CREATE_EVENTS)
    else:
        events_ok = bool(perms & MANAGE_EVENTS or (own and perms & CREATE_EVENTS))
    if not events_ok or perms & need != need:
        raise APIError(403, 50013, "Missing Permissions")


def _image(request: web.Request, body: _EventBody, errors: dict[str, FormError]
           ) -> str | None:
    """The cover image's hash (its image kept for the CDN); None without one."""
    if not isinstance(body.image, str):
        return None
    found: str | None = sandbox_of(request).images.hash(body.image)
    if found is None:
        errors["image"] = ("IMAGE_INVALID", "Invalid image data")
    return found


def _audited(event: ScheduledEvent) -> dict[str, Any]:
    """The fields an audit entry compares, as Discord names them there."""
    return {"name": event.name, "description": event.description,
            "scheduled_start_time": event.scheduled_start_time,
            "scheduled_end_time": event.scheduled_end_time,
            "privacy_level": int(event.privacy_level), "status": int(event.status),
            "entity_type": int(event.entity_type),
            "channel_id": None if event.channel_id is None else str(event.channel_id),
            "location": event.location, "image": event.image}


_E = "/guilds/{guild_id}/scheduled-events"
ROUTES = [
    ("GET", _E, list_events),
    ("POST", _E, create_event),
    ("GET", _E + "/{event_id}", get_event),
    ("PATCH", _E + "/{event_id}", modify_event),
    ("DELETE", _E + "/{event_id}", delete_event),
    ("GET", _E + "/{event_id}/users", event_users),
]
