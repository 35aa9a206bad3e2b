"""Invites: a channel's and a guild's, and one by its code."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import _CH, _GUILD, Route

__all__ = ["InviteEndpoints"]


class InviteEndpoints(HTTPClient):
    """Create, list, fetch and delete invites (a base of :class:`RESTClient`)."""

    async def create_invite(self, channel_id: int, fields: dict[str, Any],
                            reason: str | None = None) -> bytes | None:
        route = Route("POST", _CH + "/invites", channel_id=channel_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def channel_invites(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH + "/invites", channel_id=channel_id))

    async def guild_invites(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/invites", guild_id=guild_id))

    async def get_invite(self, code: str, *, with_counts: bool = True,
                         with_expiration: bool = True,
                         scheduled_event_id: int | None = None) -> bytes | None:
        params = {"with_counts": "true" if with_counts else "false",
                  "with_expiration": "true" if with_expiration else "false"}
        if scheduled_event_id is not None:
            params["guild_scheduled_event_id"] = str(scheduled_event_id)
        return await self.request_raw(Route("GET", "/invites/{code}", code=code), params=params)

    async def delete_invite(self, code: str, *, reason: str | None = None) -> bytes | None:
        return await self.request_raw(Route("DELETE", "/invites/{code}", code=code),
                                      reason=reason)
