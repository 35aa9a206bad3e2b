"""A guild's onboarding: ``/guilds/{guild_id}/onboarding``."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["OnboardingEndpoints"]

_ONBOARDING = "/guilds/{guild_id}/onboarding"


class OnboardingEndpoints(HTTPClient):
    """Read and replace a guild's onboarding (a base of :class:`RESTClient`)."""

    async def get_guild_onboarding(self, guild_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _ONBOARDING, guild_id=guild_id))

    async def edit_guild_onboarding(self, guild_id: int, fields: dict[str, Any],
                                    reason: str | None = None) -> bytes | None:
        route = Route("PUT", _ONBOARDING, guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)
