"""A guild's members: fetch and edit them, their roles and voice states; and
moderation: kicks, bans and prunes."""

from __future__ import annotations

from typing import Any

from .http import HTTPClient
from .route import _GUILD, Route

__all__ = ["MemberEndpoints"]

_MEMBER = "/guilds/{guild_id}/members/{user_id}"


class MemberEndpoints(HTTPClient):
    """Fetch and edit members and their roles and voice states; kick, ban, unban and
    prune (a base of :class:`RESTClient`)."""

    async def get_member(self, guild_id: int, user_id: int) -> bytes | None:
        return await self.request_raw(Route("GET", _MEMBER, guild_id=guild_id, user_id=user_id))

    async def get_members(
        self, guild_id: int, limit: int = 1000, after: int | None = None
    ) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        if after:  # 0 is where Discord starts anyway: left out, as discord.py does
            params["after"] = str(after)
        route = Route("GET", _GUILD + "/members", guild_id=guild_id)
        return await self.request_raw(route, params=params)

    async def edit_member(
        self, guild_id: int, user_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        route = Route("PATCH", _MEMBER, guild_id=guild_id, user_id=user_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def edit_my_member(
        self, guild_id: int, fields: dict[str, Any], reason: str | None = None
    ) -> bytes | None:
        """PATCH the bot's own member: what only it may set (its guild avatar, banner,
        bio), with its nick."""
        route = Route("PATCH", _GUILD + "/members/@me", guild_id=guild_id)
        return await self.request_raw(route, json=fields, reason=reason)

    async def add_role(
        self, guild_id: int, user_id: int, role_id: int, reason: str | None = None
    ) -> None:
        route = Route("PUT", _MEMBER + "/roles/{role_id}", guild_id=guild_id, user_id=user_id,
                      role_id=role_id)
        await self.request_raw(route, reason=reason)

    async def remove_role(
        self, guild_id: int, user_id: int, role_id: int, reason: str | None = None
    ) -> None:
        route = Route("DELETE", _MEMBER + "/roles/{role_id}", guild_id=guild_id,
                      user_id=user_id, role_id=role_id)
        await self.request_raw(route, reason=reason)

    async def get_voice_state(self, guild_id: int, user_id: int | str) -> bytes | None:
        """A member's voice state (``user_id`` ``"@me"``: the bot's); 10065 if not connected."""
        route = Route("GET", _GUILD + "/voice-states/{user_id}", guild_id=guild_id,
                      user_id=user_id)
        return await self.request_raw(route)

    async def edit_voice_state(self, guild_id: int, user_id: int | str,
                               fields: dict[str, Any]) -> None:
        """Suppress, unsuppress or ask to speak on a stage (``"@me"``: the bot)."""
        route = Route("PATCH", _GUILD + "/voice-states/{user_id}", guild_id=guild_id,
                      user_id=user_id)
        await self.request_raw(route, json=fields)

    async def kick(self, guild_id: int, user_id: int, reason: str | None = None) -> None:
        route = Route("DELETE", _MEMBER, guild_id=guild_id, user_id=user_id)
        await self.request_raw(route, reason=reason)

    async def ban(
        self, guild_id: int, user_id: int, delete_message_seconds: int = 0,
        reason: str | None = None,
    ) -> None:
        route = Route("PUT", _GUILD + "/bans/{user_id}", guild_id=guild_id, user_id=user_id)
        await self.request_raw(
            route, json={"delete_message_seconds": delete_message_seconds}, reason=reason
        )

    async def get_bans(self, guild_id: int, *, limit: int, before: int | None = None,
                       after: int | None = None) -> bytes | None:
        params: dict[str, Any] = {"limit": limit}
        if before is not None:
            params["before"] = before
        if after is not None:
            params["after"] = after
        route = Route("GET", _GUILD + "/bans", guild_id=guild_id)
        return await self.request_raw(route, params=params)

    async def get_ban(self, guild_id: int, user_id: int) -> bytes | None:
        route = Route("GET", _GUILD + "/bans/{user_id}", guild_id=guild_id, user_id=user_id)
        return await self.request_raw(route)

    async def unban(self, guild_id: int, user_id: int, reason: str | None = None) -> None:
        route = Route("DELETE", _GUILD + "/bans/{user_id}", guild_id=guild_id, user_id=user_id)
        await self.request_raw(route, reason=reason)

    async def bulk_ban(self, guild_id: int, user_ids: list[str], delete_message_seconds: int,
                       reason: str | None = None) -> bytes | None:
        body = {"user_ids": user_ids, "delete_message_seconds": delete_message_seconds}
        return await self.request_raw(Route("POST", _GUILD + "/bulk-ban", guild_id=guild_id),
                                      json=body, reason=reason)

    async def prune_count(self, guild_id: int, days: int, roles: list[str]) -> bytes | None:
        params: dict[str, Any] = {"days": days}
        if roles:
            params["include_roles"] = ",".join(roles)
        return await self.request_raw(Route("GET", _GUILD + "/prune", guild_id=guild_id),
                                      params=params)

    async def prune(self, guild_id: int, days: int, compute_count: bool, roles: list[str],
                    reason: str | None = None) -> bytes | None:
        body: dict[str, Any] = {"days": days, "compute_prune_count": compute_count}
        if roles:
            body["include_roles"] = roles
        return await self.request_raw(Route("POST", _GUILD + "/prune", guild_id=guild_id),
                                      json=body, reason=reason)
