"""A guild's integrations: ``/guilds/{guild_id}/integrations``."""

from __future__ import annotations

from .http import HTTPClient
from .route import Route

__all__ = ["IntegrationEndpoints"]

_INTEGRATIONS = "/guilds/{guild_id}/integrations"


class IntegrationEndpoints(HTTPClient):
    """List and delete a guild's integrations (a base of :class:`RESTClient`)."""

    async def get_integrations(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _INTEGRATIONS, guild_id=guild_id))

    async def delete_integration(self, guild_id: int, integration_id: int,
                                 reason: str | None = None) -> None:
        route = Route("DELETE", _INTEGRATIONS + "/{integration_id}", guild_id=guild_id,
                      integration_id=integration_id)
        await self.request_raw(route, reason=reason)
