"""Who the bot is: its own user and application, the guilds it is in, the gateway
it connects to; and other users, and DMs with them."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import Route

__all__ = ["UserEndpoints"]


class UserEndpoints(HTTPClient):
    """Read and edit the bot's user and application, list and leave its guilds, fetch
    users and open DMs (a base of :class:`RESTClient`)."""

    async def get_me(self) -> bytes | None:
        return await self.request_raw(Route("GET", "/users/@me"))

    async def edit_me(self, fields: dict[str, Any]) -> bytes | None:
        return await self.request_raw(Route("PATCH", "/users/@me"), json=fields)

    async def get_application(self) -> bytes | None:
        return await self.request_raw(Route("GET", "/oauth2/applications/@me"))

    async def edit_application(self, fields: dict[str, Any], reason: str | None = None
                               ) -> bytes | None:
        return await self.request_raw(Route("PATCH", "/applications/@me"), json=fields,
                                      reason=reason)

    async def get_gateway_bot(self) -> bytes | None:
        return await self.request_raw(Route("GET", "/gateway/bot"))

    async def get_user(self, user_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", "/users/{user_id}", user_id=user_id))

    async def create_dm(self, user_id: int) -> bytes | None:
        return await self.request_raw(
            Route("POST", "/users/@me/channels"), json={"recipient_id": str(user_id)}
        )

    async def get_my_guilds(self, limit: int, before: int | None = None,
                            after: int | None = None,
                            with_counts: bool = True) -> bytes | None:
        params: dict[str, Any] = {"limit": limit, "with_counts": str(with_counts).lower()}
        if before is not None:
            params["before"] = str(before)
        if after is not None:
            params["after"] = str(after)
        return await self.request_raw(Route("GET", "/users/@me/guilds"), params=params)

    async def leave_guild(self, guild_id: int) -> None:
        await self.request_raw(Route("DELETE", "/users/@me/guilds/{guild_id}", guild_id=guild_id))
