"""A guild's scheduled events: ``/guilds/{guild_id}/scheduled-events``."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["ScheduledEventEndpoints"]

_EVENTS = "/guilds/{guild_id}/scheduled-events"
_EVENT = _EVENTS + "/{event_id}"


class ScheduledEventEndpoints(HTTPClient):
    """List, fetch, create, edit and delete scheduled events, and list who is interested
    (a base of :class:`RESTClient`)."""

    async def get_scheduled_events(self, guild_id: int, with_user_count: bool) -> bytes | None:
        route = Route("GET", _EVENTS, guild_id=guild_id)
        return await self.request_raw(route, params={"with_user_count": int(with_user_count)})

    async def get_scheduled_event(self, guild_id: int, event_id: int,
                                  with_user_count: bool) -> bytes | None:
        route = Route("GET", _EVENT, guild_id=guild_id, event_id=event_id)
        return await self.request_raw(route, params={"with_user_count": int(with_user_count)})

    async def create_scheduled_event(self, guild_id: int, fields: dict[str, Any],
                                     reason: str | None = None) -> bytes | None:
        route = Route("POST", _EVENTS, guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_scheduled_event(self, guild_id: int, event_id: int, fields: dict[str, Any],
                                   reason: str | None = None) -> bytes | None:
        route = Route("PATCH", _EVENT, guild_id=guild_id, event_id=event_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def delete_scheduled_event(self, guild_id: int, event_id: int,
                                     reason: str | None = None) -> None:
        route = Route("DELETE", _EVENT, guild_id=guild_id, event_id=event_id)
        await self.request_raw(route, reason=reason)

    async def get_scheduled_event_users(self, guild_id: int, event_id: int, *, limit: int,
                                        before: int | None = None, after: int | None = None,
                                        with_member: bool = False) -> bytes | None:
        params: dict[str, Any] = {"limit": limit, "with_member": int(with_member)}
        if before is not None:
            params["before"] = before
        if after is not None:
            params["after"] = after
        route = Route("GET", _EVENT + "/users", guild_id=guild_id, event_id=event_id)
        return await self.request_raw(route, params=params)
