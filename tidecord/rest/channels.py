"""Guild channels: create, read, edit, move and delete them, their permission
overwrites, and the typing indicator."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import _CH, _GUILD, Route

__all__ = ["ChannelEndpoints"]


class ChannelEndpoints(HTTPClient):
    """Create, fetch, edit, move and delete channels and their overwrites (a base of
    :class:`RESTClient`)."""

    async def get_channel(self, channel_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _CH, channel_id=channel_id))

    async def edit_channel(
        self, channel_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("PATCH", _CH, channel_id=channel_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_voice_channel_status(self, status: str | None, *, channel_id: int,
                                        reason: str | None = None) -> bytes | None:
        """Set (or, with ``None``, clear) a voice channel's status."""
        route = Route("PUT", _CH + "/voice-status", channel_id=channel_id)
        return await self.request_raw(route, json={"status": status}, reason=reason)

    async def delete_channel(self, channel_id: int, reason: str | None = None) -> bytes | None:
        return await self.request_raw(Route("DELETE", _CH, channel_id=channel_id), reason=reason)

    async def edit_channel_permissions(
        self, channel_id: int, overwrite_id: int, allow: int, deny: int, type: int,
        reason: str | None = None,
    ) -> bytes | None:
        """Set one role's (``type`` 0) or member's (1) overwrite of a channel."""
        route = Route("PUT", _CH + "/permissions/{overwrite_id}", channel_id=channel_id,
                      overwrite_id=overwrite_id)
        body = {"allow": str(allow), "deny": str(deny), "type": type}
        return await self.request_raw(route, json=body, reason=reason)

    async def delete_channel_permissions(
        self, channel_id: int, overwrite_id: int, reason: str | None = None
    ) -> bytes | None:
        """Remove one role's or member's overwrite of a channel."""
        route = Route("DELETE", _CH + "/permissions/{overwrite_id}", channel_id=channel_id,
                      overwrite_id=overwrite_id)
        return await self.request_raw(route, reason=reason)

    async def create_channel(
        self, guild_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("POST", _GUILD + "/channels", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def move_channels(self, guild_id: int, positions: list[dict[str, Any]],
                            reason: str | None = None) -> None:
        route = Route("PATCH", _GUILD + "/channels", guild_id=guild_id)
        await self.request_raw(route, json=positions, reason=reason)

    async def get_guild_channels(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _GUILD + "/channels", guild_id=guild_id))

    async def trigger_typing(self, channel_id: int) -> None:
        await self.request_raw(Route("POST", _CH + "/typing", channel_id=channel_id))
